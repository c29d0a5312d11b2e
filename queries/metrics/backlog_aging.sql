-- ---
-- name: backlog_aging
-- title: Backlog aging
-- description: >-
--   The open backlog at the end of the period (as in backlog) by age in business days, in
--   buckets 0-1, 2-5, 6-10, 11-30 and >30: the business days of the calendar of the ticket's
--   SLA policy (without a policy, the calendar named business) whose business hours passed
--   wholly between creation and the period's end, so weekends and holidays do not age a
--   ticket (backlog_aging_calendar counts calendar days). A ticket whose calendar is unknown
--   (no calendar configured, or SLA tables older than the load) is in no bucket.
-- unit: count
-- direction: down
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
), closed_by_end AS (
    -- the business days each calendar has closed by each period's end (business_days, a
    -- prefix of the calendar's days): a few ASOF lookups
    SELECT e.calendar, e.t_end, coalesce(d.n, 0) AS n
    FROM (SELECT DISTINCT calendar, t_end FROM open_at WHERE calendar IS NOT NULL) e
    ASOF LEFT JOIN business_days d ON d.calendar = e.calendar AND e.t_end >= d.closes_at
), counted AS (
    -- business days elapsed = the days closed by the period's end minus the days opened
    -- before creation (backlog_spans.days_before): the days whose hours lie wholly in
    -- [created_at, t_end). On the ticket's calendar.
    SELECT o.period, o.tier, o.priority, o.channel, o.assignment_group, o.vendor, o.category, o.source, o.agent,
           greatest(e.n - o.days_before, 0) AS days
    FROM open_at o
    JOIN closed_by_end e ON e.calendar = o.calendar AND e.t_end = o.t_end
), facts AS (
    SELECT * EXCLUDE (days),
           CASE WHEN days < 2 THEN '0-1' WHEN days < 6 THEN '2-5' WHEN days < 11 THEN '6-10'
                WHEN days < 31 THEN '11-30' ELSE '>30' END AS age
    FROM counted
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
