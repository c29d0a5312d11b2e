-- ---
-- name: backlog_aging_calendar
-- title: Backlog aging, calendar days
-- description: >-
--   The open backlog at the end of the period (as in backlog) by age in calendar days: whole
--   24-hour days since creation, weekends and holidays included, in buckets 0-1, 2-5, 6-10,
--   11-30 and >30 days. Same tickets as backlog_aging, which counts business days.
-- unit: count
-- direction: down
-- variant_of: backlog_aging
-- grains: [day, week, month, quarter]
-- dimensions: [tier, priority, channel, group, vendor, category, source, agent, age]
-- ---
-- Parameters (see metrics/README.md): $start and $end are the UTC instants where the first
-- period starts and the last one ends, aligned to $grain in the zone $tz; $by lists the
-- dimensions to break down by, e.g. ['tier']. Dimensions not in $by come back NULL.
WITH periods AS (
    -- the few period boundaries: local midnights in $tz, as UTC instants (queries/schema/004_macros.sql)
    SELECT * FROM tl_periods($start::TIMESTAMP, $end::TIMESTAMP, $grain::VARCHAR, $tz::VARCHAR)
), open_at AS (
    -- tickets in the backlog at each period's end: status just before it not resolved, closed
    -- or cancelled, with the stay holding them then (backlog_spans, as (from_at, to_at])
    SELECT p.period, p.end_at AS t_end, b.*
    FROM periods p
    JOIN backlog_spans b ON b.from_at < p.end_at AND b.to_at >= p.end_at
), facts AS (
    SELECT o.period, o.tier, o.priority, o.channel, o.assignment_group, o.vendor, o.category, o.source, o.agent,
           CASE WHEN days < 2 THEN '0-1' WHEN days < 6 THEN '2-5' WHEN days < 11 THEN '6-10'
                WHEN days < 31 THEN '11-30' ELSE '>30' END AS age
    FROM open_at o,
    LATERAL (SELECT date_diff('second', o.created_at, o.t_end) // 86400 AS days)
), cells AS (
    -- the dimensions not asked for blanked out (queries/schema/004_macros.sql)
    SELECT * FROM tl_blank('facts', $by::VARCHAR[])
), agg AS (
    -- one row per cell, a count per age bucket
    SELECT period, tier, priority, channel, "group", vendor, category, source, agent,
           count(*) FILTER (age = '0-1')   AS n_0_1,
           count(*) FILTER (age = '2-5')   AS n_2_5,
           count(*) FILTER (age = '6-10')  AS n_6_10,
           count(*) FILTER (age = '11-30') AS n_11_30,
           count(*) FILTER (age = '>30')   AS n_over_30
    FROM cells
    GROUP BY ALL
)
-- every period x every tier x the other dimensions' combinations (queries/schema/004_macros.sql),
-- then every age bucket of each
SELECT s.period, s.tier, s.priority, s.channel, s."group", s.vendor, s.category, s.source, s.agent, x.age,
       coalesce(x.n, 0) AS value,
       coalesce(x.n, 0) AS sample_size
FROM tl_spine('periods', 'agg', $by::VARCHAR[]) s,
LATERAL (VALUES ('0-1', 1, s.n_0_1), ('2-5', 2, s.n_2_5), ('6-10', 3, s.n_6_10), ('11-30', 4, s.n_11_30), ('>30', 5, s.n_over_30)) x(age, ord, n)
ORDER BY s.period, s.tier_rank, s.tier, s.priority, s.channel, s."group", s.vendor, s.category, s.source, s.agent, x.ord;
