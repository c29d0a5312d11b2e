-- ---
-- name: sla_source_flag_difference
-- title: SLA breach share, tierlens minus the source's flag
-- description: >-
--   On the tickets of sla_source_flag that tierlens measured against an SLA policy: (tickets
--   tierlens finds breached - tickets the source flags as breached) / tickets. 0 when the two
--   agree on the totals; positive when tierlens finds more breaches. The numerator is signed.
-- unit: ratio
-- direction: down
-- variant_of: sla_source_flag
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
    -- tickets that ended in the range (their last resolution, or their closing when never
    -- resolved; not cancelled) carrying the source's own SLA flag, on the stay holding them then
    SELECT ended_at AS moment, end_tier AS tier, priority, channel, end_group AS assignment_group, end_vendor AS vendor, category, source, agent,
           recomputed_breached::INTEGER - (NOT source_made_sla)::INTEGER AS delta   -- tierlens' own outcome minus the source's
    FROM ticket_facts
    WHERE source_made_sla IS NOT NULL AND status <> 'cancelled'
      AND ended_at >= $start::TIMESTAMP AND ended_at < $end::TIMESTAMP
      AND recomputed_breached IS NOT NULL
), cells AS (
    -- each fact in its period, with the dimensions not asked for blanked out (queries/schema/004_macros.sql)
    SELECT * FROM tl_cells('facts', 'periods', $by::VARCHAR[])
), agg AS (
    SELECT period, tier, priority, channel, "group", vendor, category, source, agent, sum(delta) AS num, count(*) AS den
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
