-- ---
-- name: resolution_time
-- title: Resolution time (MTTR)
-- description: >-
--   Median calendar minutes from creation to the last resolution (MTTR), over tickets
--   resolved in the period (as in resolved), by the tier that resolved them; a reopened
--   ticket's time runs to its last resolution. Business minutes, without paused time, come
--   with the calendar engine.
-- unit: minutes
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
    -- tickets whose last resolution falls in the range (cancelled tickets are not resolutions),
    -- on the stay holding each one then: its last stay begun by the resolution (ticket_facts)
    SELECT resolved_at AS moment, res_tier AS tier, priority, channel, res_group AS assignment_group, res_vendor AS vendor, category, source, agent,
           date_diff('second', created_at, resolved_at) AS secs
    FROM ticket_facts
    WHERE resolved_at >= $start::TIMESTAMP AND resolved_at < $end::TIMESTAMP
      AND status <> 'cancelled'
      AND resolved_at >= created_at
), cells AS (
    -- each fact in its period, with the dimensions not asked for blanked out (queries/schema/004_macros.sql)
    SELECT * FROM tl_cells('facts', 'periods', $by::VARCHAR[])
), agg AS (
    SELECT period, tier, priority, channel, "group", vendor, category, source, agent, quantile_cont(secs, 0.5) / 60.0 AS v, count(*) AS n
    FROM cells
    GROUP BY ALL
)
-- every period x every tier x the other dimensions' combinations, with the aggregate where it
-- has the cell (queries/schema/004_macros.sql)
SELECT period, tier, priority, channel, "group", vendor, category, source, agent,
       v AS value,
       coalesce(n, 0) AS sample_size
FROM tl_spine('periods', 'agg', $by::VARCHAR[])
ORDER BY period, tier_rank, tier, priority, channel, "group", vendor, category, source, agent;
