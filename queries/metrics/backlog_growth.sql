-- ---
-- name: backlog_growth
-- title: Backlog growth
-- description: >-
--   Tickets created minus tickets resolved in the period (see created and resolved):
--   positive when the backlog grows. Per tier, creations count at the tier a ticket entered
--   and resolutions at the tier that resolved it, so the tiers add up to the desk's growth.
-- unit: count
-- direction: down
-- grains: [day, week, month, quarter]
-- dimensions: [tier, priority, channel, group, vendor, category, source, agent]
-- ---
-- Parameters (see metrics/README.md): $start and $end are the UTC instants where the first
-- period starts and the last one ends, aligned to $grain in the zone $tz; $by lists the
-- dimensions to break down by, e.g. ['tier']. Dimensions not in $by come back NULL.
WITH periods AS (
    -- the few period boundaries: local midnights in $tz, as UTC instants (queries/schema/004_macros.sql)
    SELECT * FROM tl_periods($start::TIMESTAMP, $end::TIMESTAMP, $grain::VARCHAR, $tz::VARCHAR)
), created AS (
    -- +1 for each ticket created in the range, on its first stay (ticket_facts)
    SELECT created_at AS moment, created_tier AS tier, priority, channel, created_group AS assignment_group, created_vendor AS vendor, category, source, agent
    FROM ticket_facts
    WHERE created_at >= $start::TIMESTAMP AND created_at < $end::TIMESTAMP
), resolved AS (
    -- -1 for each ticket whose last resolution falls in the range (not cancelled), on the stay
    -- holding it then
    SELECT resolved_at AS moment, res_tier AS tier, priority, channel, res_group AS assignment_group, res_vendor AS vendor, category, source, agent
    FROM ticket_facts
    WHERE resolved_at >= $start::TIMESTAMP AND resolved_at < $end::TIMESTAMP
      AND status <> 'cancelled'
), agg AS (
    -- each side counted in its periods (queries/schema/004_macros.sql), then the two together
    SELECT period, tier, priority, channel, "group", vendor, category, source, agent, sum(v)::BIGINT AS v, sum(n)::BIGINT AS n
    FROM (
        SELECT period, tier, priority, channel, "group", vendor, category, source, agent, count(*) AS v, count(*) AS n
        FROM tl_cells('created', 'periods', $by::VARCHAR[])
        GROUP BY ALL
        UNION ALL
        SELECT period, tier, priority, channel, "group", vendor, category, source, agent, -count(*), count(*)
        FROM tl_cells('resolved', 'periods', $by::VARCHAR[])
        GROUP BY ALL
    )
    GROUP BY ALL
)
-- every period x every tier x the other dimensions' combinations, with the aggregate where it
-- has the cell (queries/schema/004_macros.sql)
SELECT period, tier, priority, channel, "group", vendor, category, source, agent,
       coalesce(v, 0) AS value,
       coalesce(n, 0) AS sample_size
FROM tl_spine('periods', 'agg', $by::VARCHAR[])
ORDER BY period, tier_rank, tier, priority, channel, "group", vendor, category, source, agent;
