-- ---
-- name: time_in_tier_calendar
-- title: Time in tier, calendar minutes
-- description: >-
--   Median calendar (wall-clock) minutes of a stay in a tier (one assignment group working
--   the ticket, until it hands it on or the work ends), over stays that ended in the period:
--   nights, weekends and holidays count. Same stays as time_in_tier, which counts business
--   minutes. Needs an event history.
-- unit: minutes
-- direction: down
-- needs: [history, groups]
-- variant_of: time_in_tier
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
    -- stays in a tier that ended in the range, of tickets with an event history (tier_stay_clock)
    SELECT s.end_at AS moment, s.tier, s.priority, s.channel, s.assignment_group, s.vendor, s.category, s.source, s.agent,
           date_diff('second', s.start_at, s.end_at) AS secs
    FROM tier_stay_clock s
    WHERE s.history = 'events'
      AND s.end_at >= $start::TIMESTAMP AND s.end_at < $end::TIMESTAMP
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
