-- ---
-- name: resolve_vs_escalate
-- title: Resolve vs escalate
-- description: >-
--   Per tier: stays that ended in the period by a resolution at the tier / stays that ended
--   by a resolution or by an escalation to a higher tier. De-escalations, reassignments and
--   transfers to unmapped groups are left out. Needs an event history.
-- unit: ratio
-- direction: up
-- needs: [history, groups]
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
    -- stays in a tier that ended in the range by a resolution or an escalation (tier_stay_clock)
    SELECT s.end_at AS moment, s.tier, s.priority, s.channel, s.assignment_group, s.vendor, s.category, s.source, s.agent,
           s.resolved_here AS hit,
           true AS counted
    FROM tier_stay_clock s
    WHERE s.history = 'events'
      AND s.end_at >= $start::TIMESTAMP AND s.end_at < $end::TIMESTAMP
      AND s.resolved_here IS NOT NULL   -- ended by a resolution or an escalation
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
