-- ---
-- name: time_limit_breaches
-- title: Time-limit breaches
-- description: >-
--   Share of stays ended in the period that lasted longer than their tier's time_limit
--   (e.g. L1: escalate after 15 minutes) in business minutes: the business hours of the
--   calendar of the ticket's SLA policy (without a policy, the calendar named business) that
--   passed during the stay, so a ticket waiting overnight or over a weekend is not late for
--   that (time_limit_breaches_calendar counts wall-clock minutes). Tiers without a limit have
--   no value. Needs an event history.
-- unit: ratio
-- direction: down
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
    -- stays in a tier with a limit that ended in the range, of tickets with an event history,
    -- against the limit in business minutes on the ticket's calendar (tier_stay_clock; none
    -- without a calendar)
    SELECT s.end_at AS moment, s.tier, s.priority, s.channel, s.assignment_group, s.vendor, s.category, s.source, s.agent,
           s.business_minutes > l.time_limit_minutes AS hit,
           true AS counted
    FROM tier_stay_clock s
    JOIN tiers l ON l.tier = s.tier AND l.time_limit_minutes IS NOT NULL
    WHERE s.history = 'events' AND s.calendar IS NOT NULL AND s.business_minutes IS NOT NULL
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
