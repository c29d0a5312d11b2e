-- ---
-- name: reassignments
-- title: Reassignments per ticket
-- description: >-
--   Mean number of group hops (any change of assignment group: escalation, de-escalation,
--   reassignment within a tier, transfer; not a reopening by the same group) per ticket
--   resolved in the period, up to its resolution; by the tier that resolved it. Needs an
--   event history.
-- unit: count
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
    -- tickets with an event history whose last resolution falls in the range (not cancelled),
    -- on the stay holding each one then; res_hops: group changes, not counting the first stay
    -- nor a reopening's return to the same group (ticket_facts)
    SELECT resolved_at AS moment, res_tier AS tier, priority, channel, res_group AS assignment_group, res_vendor AS vendor, category, source, agent,
           res_hops AS hops
    FROM ticket_facts
    WHERE resolved_at >= $start::TIMESTAMP AND resolved_at < $end::TIMESTAMP
      AND status <> 'cancelled'
      AND history = 'events'
), cells AS (
    -- each fact in its period, with the dimensions not asked for blanked out (queries/schema/004_macros.sql)
    SELECT * FROM tl_cells('facts', 'periods', $by::VARCHAR[])
), agg AS (
    SELECT period, tier, priority, channel, "group", vendor, category, source, agent, avg(hops) AS v, count(*) AS n
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
