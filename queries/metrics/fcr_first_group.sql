-- ---
-- name: fcr_first_group
-- title: First-contact resolution (first group)
-- description: >-
--   Variant of fcr: share of front-line tickets first resolved in the period by the group
--   first assigned, with no other group involved before the first resolution and no reopen
--   within 7 days. Replies are not considered.
-- unit: ratio
-- direction: up
-- variant_of: fcr
-- needs: [history, groups]
-- grains: [day, week, month, quarter]
-- dimensions: [tier, priority, channel, group, vendor, category, source, agent]
-- explain: [entry, path, groups, reopen]
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
           fr_entry_rank = tl_front_rank()
           AND fr_stays = 1                                                -- the first group alone
           AND NOT reopened_7d                                             -- not reopened within 7 days
               AS hit,
           fr_entry_rank = tl_front_rank() AS counted
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
