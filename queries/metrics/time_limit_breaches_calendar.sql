-- ---
-- name: time_limit_breaches_calendar
-- title: Time-limit breaches, calendar minutes
-- description: >-
--   Share of stays ended in the period that lasted longer than their tier's time_limit
--   (e.g. L1: escalate after 15 minutes) in calendar (wall-clock) minutes, nights and
--   weekends included; tiers without a limit have no value. Same stays as
--   time_limit_breaches, which measures business minutes. Needs an event history.
-- unit: ratio
-- direction: down
-- needs: [history, groups]
-- variant_of: time_limit_breaches
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
    -- stays in a tier with a limit that ended in the range, of tickets with an event history
    -- (tier_stay_clock)
    SELECT s.end_at AS moment, s.tier, s.priority, s.channel, s.assignment_group, s.vendor, s.category, s.source, s.agent,
           date_diff('second', s.start_at, s.end_at) > l.time_limit_minutes * 60 AS hit,
           true AS counted
    FROM tier_stay_clock s
    JOIN tiers l ON l.tier = s.tier AND l.time_limit_minutes IS NOT NULL
    WHERE s.history = 'events'
      AND s.end_at >= $start::TIMESTAMP AND s.end_at < $end::TIMESTAMP
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
