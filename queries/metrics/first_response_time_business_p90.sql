-- ---
-- name: first_response_time_business_p90
-- title: First response time, business minutes (p90)
-- description: >-
--   90th percentile of the business minutes from creation to the first response, on the calendar of the
--   ticket's SLA policy (weekly hours in its time zone, holidays; without a policy, the
--   calendar named business), over tickets first responded to in the period, by the tier
--   holding them at that response. Same tickets as first_response_time.
-- unit: minutes
-- direction: down
-- needs: [response]
-- variant_of: first_response_time
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
    -- tickets first responded to in the range (as first_response_time), on the stay holding
    -- them at that response, with their business minutes to it (ticket_clock)
    SELECT first_response_at AS moment, response_tier AS tier, priority, channel,
           response_group AS assignment_group, response_vendor AS vendor, category, source, agent,
           response_business_us
    FROM ticket_clock
    WHERE first_response_at >= $start::TIMESTAMP AND first_response_at < $end::TIMESTAMP
      AND response_business_us IS NOT NULL
), cells AS (
    -- each fact in its period, with the dimensions not asked for blanked out (queries/schema/004_macros.sql)
    SELECT * FROM tl_cells('facts', 'periods', $by::VARCHAR[])
), agg AS (
    SELECT period, tier, priority, channel, "group", vendor, category, source, agent, quantile_cont(response_business_us, 0.9) / 60e6 AS v, count(*) AS n
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
