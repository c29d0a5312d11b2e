-- ---
-- name: tier_resolution_share
-- title: Tier resolution share
-- description: >-
--   Share of the period's resolutions (see resolved) made by each tier: tickets resolved at
--   the tier / all tickets resolved, within the same other dimensions.
-- unit: ratio
-- direction: up
-- grains: [day, week, month, quarter]
-- dimensions: [tier, priority, channel, group, vendor, category, source, agent]
-- needs: [groups]
-- ---
-- Parameters (see metrics/README.md): $start and $end are the UTC instants where the first
-- period starts and the last one ends, aligned to $grain in the zone $tz; $by lists the
-- dimensions to break down by, e.g. ['tier']. Dimensions not in $by come back NULL.
WITH periods AS (
    -- the few period boundaries: local midnights in $tz, as UTC instants (queries/schema/004_macros.sql)
    SELECT * FROM tl_periods($start::TIMESTAMP, $end::TIMESTAMP, $grain::VARCHAR, $tz::VARCHAR)
), facts AS (
    -- tickets whose last resolution falls in the range (cancelled tickets are not resolutions),
    -- on the stay holding each one then: its last stay begun by the resolution (ticket_facts)
    SELECT resolved_at AS moment, res_tier AS tier, priority, channel, res_group AS assignment_group, res_vendor AS vendor, category, source, agent,
           1 AS n
    FROM ticket_facts
    WHERE resolved_at >= $start::TIMESTAMP AND resolved_at < $end::TIMESTAMP
      AND status <> 'cancelled'
), cells AS (
    -- each fact in its period, with the dimensions not asked for blanked out (queries/schema/004_macros.sql)
    SELECT * FROM tl_cells('facts', 'periods', $by::VARCHAR[])
), agg AS (
    SELECT period, tier, priority, channel, "group", vendor, category, source, agent, count(*) AS n
    FROM cells
    GROUP BY ALL
)
-- every period x every tier x the other dimensions' combinations (queries/schema/004_macros.sql),
-- each with all resolutions of its period and other dimensions, every tier together
SELECT period, tier, priority, channel, "group", vendor, category, source, agent,
       CASE WHEN total > 0 THEN coalesce(n, 0) / total END AS value,
       coalesce(n, 0) AS numerator,
       coalesce(total, 0) AS denominator
FROM (
    SELECT *, sum(n) OVER (PARTITION BY period, priority, channel, "group", vendor, category, source, agent)::BIGINT AS total
    FROM tl_spine('periods', 'agg', $by::VARCHAR[])
)
ORDER BY period, tier_rank, tier, priority, channel, "group", vendor, category, source, agent;
