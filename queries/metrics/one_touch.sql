-- ---
-- name: one_touch
-- title: One-touch resolution
-- description: >-
--   Variant of fcr: share of front-line tickets first resolved in the period with a single
--   touch: one group, one agent, at most one agent reply before the first resolution. Only
--   tickets whose source records replies count.
-- unit: ratio
-- direction: up
-- variant_of: fcr
-- needs: [history, replies]
-- grains: [day, week, month, quarter]
-- dimensions: [tier, priority, channel, group, vendor, category, source, agent]
-- explain: [entry, path, groups, agent_replies]
-- ---
-- Parameters (see metrics/README.md): $start and $end are the UTC instants where the first
-- period starts and the last one ends, aligned to $grain in the zone $tz; $by lists the
-- dimensions to break down by, e.g. ['tier']. Dimensions not in $by come back NULL.
WITH periods AS (
    -- the few period boundaries: local midnights in $tz, as UTC instants (queries/schema/004_macros.sql)
    SELECT * FROM tl_periods($start::TIMESTAMP, $end::TIMESTAMP, $grain::VARCHAR, $tz::VARCHAR)
), facts AS (
    -- tickets with an event history first resolved in the range, on the stay they entered by
    -- (ticket_facts: fr_* are the stays begun by the first resolution)
    SELECT first_resolved_at AS moment, fr_entry_tier AS tier, priority, channel, fr_entry_group AS assignment_group, fr_entry_vendor AS vendor, category, source, agent,
           fr_entry_rank = tl_front_rank() AND replies_recorded
           AND fr_stays = 1                                                -- one group
           AND fr_one_agent IS NOT false                                   -- one agent
           AND fr_agent_replies <= 1                                       -- at most one agent reply
               AS hit,
           fr_entry_rank = tl_front_rank() AND replies_recorded AS counted
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
