-- ---
-- name: reopen_rate
-- title: Reopen rate
-- description: >-
--   Share of tickets first resolved in the period that were reopened within 7 days of that
--   first resolution, by the tier that first resolved them. Needs an event history.
-- unit: ratio
-- direction: down
-- target: 0.05
-- needs: [history]
-- grains: [day, week, month, quarter]
-- dimensions: [tier, priority, channel, group, vendor, category, source, agent]
-- explain: [reopen]
-- ---
-- Parameters (see metrics/README.md): $start and $end are the UTC instants where the first
-- period starts and the last one ends, aligned to $grain in the zone $tz; $by lists the
-- dimensions to break down by, e.g. ['tier']. Dimensions not in $by come back NULL.
WITH periods AS (
    -- the few period boundaries: local midnights in $tz, as UTC instants (queries/schema/004_macros.sql)
    SELECT * FROM tl_periods($start::TIMESTAMP, $end::TIMESTAMP, $grain::VARCHAR, $tz::VARCHAR)
), facts AS (
    -- tickets with an event history first resolved in the range, on the stay holding each one
    -- then, and whether they were reopened within 7 days of it (ticket_facts)
    SELECT first_resolved_at AS moment, fr_tier AS tier, priority, channel, fr_group AS assignment_group, fr_vendor AS vendor, category, source, agent,
           reopened_7d AS hit,
           true AS counted
    FROM ticket_facts
    WHERE first_resolved_at >= $start::TIMESTAMP AND first_resolved_at < $end::TIMESTAMP
      AND history = 'events' AND fr_stays > 0
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
