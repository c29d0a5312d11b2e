-- ---
-- name: csat_response_rate
-- title: CSAT response rate
-- description: >-
--   Variant of csat_positive_rate: share of tickets resolved in the period that got a
--   satisfaction response, over the sources that record satisfaction at all; by the tier
--   that resolved them.
-- unit: ratio
-- direction: up
-- variant_of: csat_positive_rate
-- needs: [csat]
-- grains: [day, week, month, quarter]
-- dimensions: [tier, priority, channel, group, vendor, category, source, agent]
-- ---
-- Parameters (see metrics/README.md): $start and $end are the UTC instants where the first
-- period starts and the last one ends, aligned to $grain in the zone $tz; $by lists the
-- dimensions to break down by, e.g. ['tier']. Dimensions not in $by come back NULL.
WITH periods AS (
    -- the few period boundaries: local midnights in $tz, as UTC instants (queries/schema/004_macros.sql)
    SELECT * FROM tl_periods($start::TIMESTAMP, $end::TIMESTAMP, $grain::VARCHAR, $tz::VARCHAR)
), surveyed AS (
    -- the sources that record satisfaction at all
    SELECT source FROM ticket_facts GROUP BY source HAVING count(csat_score) > 0
), facts AS (
    -- tickets whose last resolution falls in the range (cancelled tickets are not resolutions),
    -- on the stay holding each one then: its last stay begun by the resolution (ticket_facts)
    SELECT resolved_at AS moment, res_tier AS tier, priority, channel, res_group AS assignment_group, res_vendor AS vendor, category, source, agent,
           csat_score IS NOT NULL AS hit,
           source IN (SELECT source FROM surveyed) AS counted
    FROM ticket_facts
    WHERE resolved_at >= $start::TIMESTAMP AND resolved_at < $end::TIMESTAMP
      AND status <> 'cancelled'
), cells AS (
    -- each fact in its period, with the dimensions not asked for blanked out (queries/schema/004_macros.sql)
    SELECT * FROM tl_cells('facts', 'periods', $by::VARCHAR[])
), agg AS (
    SELECT period, tier, priority, channel, "group", vendor, category, source, agent, count(*) FILTER (hit) AS num, count(*) FILTER (counted) AS den
    FROM cells
    GROUP BY ALL
)
-- every period x every tier x the other dimensions' combinations, with the aggregate where it
-- has the cell (queries/schema/004_macros.sql)
SELECT period, tier, priority, channel, "group", vendor, category, source, agent,
       CASE WHEN den > 0 THEN num / den END AS value,
       coalesce(num, 0) AS numerator,
       coalesce(den, 0) AS denominator
FROM tl_spine('periods', 'agg', $by::VARCHAR[])
ORDER BY period, tier_rank, tier, priority, channel, "group", vendor, category, source, agent;
