-- ---
-- name: resolution_time_business_p90
-- title: Resolution time (MTTR), business minutes (p90)
-- description: >-
--   90th percentile of the business minutes the ticket was open from creation to its last resolution, on the
--   calendar of its SLA policy, without paused time (pending: the policy's pause statuses) nor
--   time spent resolved before a reopen, over tickets resolved in the period, by the tier that
--   resolved them. Same tickets as resolution_time.
-- unit: minutes
-- direction: down
-- variant_of: resolution_time
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
    -- tickets whose last resolution falls in the range (as resolution_time; not cancelled), on
    -- the stay that resolved them, with their SLA clock to that resolution (ticket_clock)
    SELECT resolved_at AS moment, resolution_tier AS tier, priority, channel,
           resolution_group AS assignment_group, resolution_vendor AS vendor, category, source, agent,
           resolution_clock_us
    FROM ticket_clock
    WHERE resolved_at >= $start::TIMESTAMP AND resolved_at < $end::TIMESTAMP
      AND status <> 'cancelled'
      AND resolution_clock_us IS NOT NULL
), cells AS (
    -- each fact in its period, with the dimensions not asked for blanked out (queries/schema/004_macros.sql)
    SELECT * FROM tl_cells('facts', 'periods', $by::VARCHAR[])
), agg AS (
    SELECT period, tier, priority, channel, "group", vendor, category, source, agent, quantile_cont(resolution_clock_us, 0.9) / 60e6 AS v, count(*) AS n
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
