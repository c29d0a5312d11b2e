-- ---
-- name: first_response_time_p90
-- title: First response time (90th percentile)
-- description: >-
--   90th percentile of the calendar minutes from creation to the first response, over
--   tickets first responded to in the period, by the tier holding them at that response.
--   The first response is the first public agent reply, or the source's own first-response
--   time (sources without replies: the first touch). Business minutes come with the
--   calendar engine.
-- unit: minutes
-- direction: down
-- variant_of: first_response_time
-- needs: [response]
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
    -- tickets first responded to in the range, on the stay holding each one then (ticket_facts)
    SELECT first_response_at AS moment, resp_tier AS tier, priority, channel, resp_group AS assignment_group, resp_vendor AS vendor, category, source, agent,
           date_diff('second', created_at, first_response_at) AS secs
    FROM ticket_facts
    WHERE first_response_at >= $start::TIMESTAMP AND first_response_at < $end::TIMESTAMP
      AND first_response_at >= created_at
), cells AS (
    -- each fact in its period, with the dimensions not asked for blanked out (queries/schema/004_macros.sql)
    SELECT * FROM tl_cells('facts', 'periods', $by::VARCHAR[])
), agg AS (
    SELECT period, tier, priority, channel, "group", vendor, category, source, agent, quantile_cont(secs, 0.9) / 60.0 AS v, count(*) AS n
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
