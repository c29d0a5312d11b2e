-- ---
-- name: sla_response_attainment
-- title: SLA response attainment
-- description: >-
--   SLA response clocks (sla_instances, kind response) that stopped in the period: met / (met +
--   breached). Business minutes on the policy's calendar, without paused time; the clock stops at the first response, or at a resolution that comes first.
--   A clock stopped by a cancellation counts in neither. Shown on the tier holding the ticket
--   when the clock stopped.
-- unit: ratio
-- direction: up
-- target: 0.95
-- needs: [response]
-- grains: [day, week, month, quarter]
-- dimensions: [tier, priority, channel, group, vendor, category, source, agent]
-- role: sla_response
-- ---
-- Parameters (see metrics/README.md): $start and $end are the UTC instants where the first
-- period starts and the last one ends, aligned to $grain in the zone $tz; $by lists the
-- dimensions to break down by, e.g. ['tier']. Dimensions not in $by come back NULL.
WITH periods AS (
    -- the few period boundaries: local midnights in $tz, as UTC instants (queries/schema/004_macros.sql)
    SELECT * FROM tl_periods($start::TIMESTAMP, $end::TIMESTAMP, $grain::VARCHAR, $tz::VARCHAR)
), facts AS (
    -- response clocks stopped in the range, met or breached, on the stay holding the ticket when the
    -- clock stopped (sla_instances.tier)
    SELECT s.stop_at AS moment, s.tier, s.priority, s.channel, s.assignment_group, s.vendor, s.category, s.source, s.agent,
           s.status = 'met' AS hit,
           true AS counted
    FROM sla_instances s
    WHERE s.kind = 'response' AND s.status IN ('met', 'breached')
      AND s.stop_at >= $start::TIMESTAMP AND s.stop_at < $end::TIMESTAMP
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
