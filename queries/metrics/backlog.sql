-- ---
-- name: backlog
-- title: Open backlog at period end
-- description: >-
--   Tickets open at the end of the period: created before it and, by their status history,
--   not resolved, closed or cancelled at that moment; by the tier holding them then. The
--   current period's figure is the backlog now.
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
), open_at AS (
    -- tickets in the backlog at each period's end: status just before it not resolved, closed
    -- or cancelled, with the stay holding them then (backlog_spans, as (from_at, to_at])
    SELECT p.period, p.end_at AS t_end, b.*
    FROM periods p
    JOIN backlog_spans b ON b.from_at < p.end_at AND b.to_at >= p.end_at
), facts AS (
    SELECT period, tier, priority, channel, assignment_group, vendor, category, source, agent,
           1 AS n
    FROM open_at
), cells AS (
    -- the dimensions not asked for blanked out (queries/schema/004_macros.sql)
    SELECT * FROM tl_blank('facts', $by::VARCHAR[])
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
