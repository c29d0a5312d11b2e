-- ---
-- name: first_level_resolution
-- title: First-level resolution
-- description: >-
--   Share of tickets resolved in the period that entered at self-service or the front line
--   (L0-L1) and were resolved without ever reaching a higher tier or an unmapped group;
--   shown on the entry tier. Needs an event history.
-- unit: ratio
-- direction: up
-- target: 0.75
-- needs: [history, groups]
-- grains: [day, week, month, quarter]
-- dimensions: [tier, priority, channel, group, vendor, category, source, agent]
-- explain: [entry, path]
-- ---
-- Parameters (see metrics/README.md): $start and $end are the UTC instants where the first
-- period starts and the last one ends, aligned to $grain in the zone $tz; $by lists the
-- dimensions to break down by, e.g. ['tier']. Dimensions not in $by come back NULL.
WITH periods AS (
    -- the few period boundaries: local midnights in $tz, as UTC instants (queries/schema/004_macros.sql)
    SELECT * FROM tl_periods($start::TIMESTAMP, $end::TIMESTAMP, $grain::VARCHAR, $tz::VARCHAR)
), facts AS (
    -- tickets with an event history whose last resolution falls in the range (not cancelled),
    -- on the stay they entered by, with the highest tier held up to it (ticket_facts: res_*)
    SELECT resolved_at AS moment, res_entry_tier AS tier, priority, channel, res_entry_group AS assignment_group,
           res_entry_vendor AS vendor, category, source, agent,
           res_entry_rank <= tl_front_rank() AND res_max_rank <= tl_front_rank() AND NOT res_unranked AS hit,
           res_entry_rank <= tl_front_rank() AS counted
    FROM ticket_facts
    WHERE resolved_at >= $start::TIMESTAMP AND resolved_at < $end::TIMESTAMP
      AND status <> 'cancelled'
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
