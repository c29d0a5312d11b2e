-- ---
-- name: l0_deflection
-- title: Self-service deflection
-- description: >-
--   Self-service resolutions / (self-service resolutions + tickets that reached the desk):
--   the share of tickets created in the period that were resolved while only self-service
--   tiers (below the front line, e.g. L0) held them. A desk-wide figure shown on the lowest
--   tier; needs an event history.
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
    -- tickets with an event history created in the range, with how high they went (ticket_facts:
    -- all_* are over every stay)
    SELECT created_at AS moment, (SELECT tier FROM tiers ORDER BY rank LIMIT 1) AS tier, priority, channel,
           all_entry_group AS assignment_group, all_entry_vendor AS vendor, category, source, agent,
           status IN ('resolved', 'closed') AND all_max_rank < tl_front_rank() AND NOT all_unranked AS hit,
           true AS counted
    FROM ticket_facts
    WHERE created_at >= $start::TIMESTAMP AND created_at < $end::TIMESTAMP
      AND history = 'events'
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
