-- ---
-- name: created
-- title: Tickets created
-- description: >-
--   Tickets opened in the period, by the tier of the group they were first assigned to
--   (tier "(none)": never assigned to a group).
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
), facts AS (
    -- one row per ticket created in the range, with the group it was first assigned to (ticket_facts)
    SELECT created_at AS moment, created_tier AS tier, priority, channel, created_group AS assignment_group, created_vendor AS vendor, category, source, agent,
           1 AS n
    FROM ticket_facts
    WHERE created_at >= $start::TIMESTAMP AND created_at < $end::TIMESTAMP
), cells AS (
    -- each fact in its period, with the dimensions not asked for blanked out (queries/schema/004_macros.sql)
    SELECT * FROM tl_cells('facts', 'periods', $by::VARCHAR[])
), agg AS (
    SELECT period, tier, priority, channel, "group", vendor, category, source, agent, count(*) AS n
    FROM cells
    GROUP BY ALL
)
-- every period x every tier x the other dimensions' combinations, with the aggregate where it
-- has the cell (queries/schema/004_macros.sql)
SELECT period, tier, priority, channel, "group", vendor, category, source, agent,
       coalesce(n, 0) AS value,
       coalesce(n, 0) AS sample_size
FROM tl_spine('periods', 'agg', $by::VARCHAR[])
ORDER BY period, tier_rank, tier, priority, channel, "group", vendor, category, source, agent;
