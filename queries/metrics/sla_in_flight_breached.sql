-- ---
-- name: sla_in_flight_breached
-- title: SLA clocks breached in flight
-- description: >-
--   Share of the SLA clocks (response and resolution instances) still running at the end of
--   the period that are already past their target there. Read at the period's end, or at the
--   source's newest change when the period ends later; every clock in flight then is counted,
--   on the tier holding the ticket then (see sla_at_risk).
-- unit: ratio
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
), held AS (
    -- SLA clocks in flight at each period's end, read then, on the stay holding the ticket
    -- (the macro sla_in_flight over sla_spans, queries/views/019_sla_spans.sql)
    SELECT * FROM sla_in_flight('periods')
), facts AS (
    SELECT h.period, h.tier, h.priority, h.channel, h.assignment_group, h.vendor, h.category, h.source, h.agent,
           h.elapsed_us > h.target_minutes * 60000000::BIGINT AS hit,
           true AS counted
    FROM held h
), cells AS (
    -- the dimensions not asked for blanked out (queries/schema/004_macros.sql)
    SELECT * FROM tl_blank('facts', $by::VARCHAR[])
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
