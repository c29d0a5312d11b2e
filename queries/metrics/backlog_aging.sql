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
-- dimensions: [tier, priority, channel, group, vendor, category, source, age]
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
    SELECT o.period, o.tier, o.priority, o.channel, o.assignment_group, o.vendor, o.category, o.source,
           greatest(e.n - o.days_before, 0) AS days
    FROM open_at o
    JOIN closed_by_end e ON e.calendar = o.calendar AND e.t_end = o.t_end
), facts AS (
    SELECT * EXCLUDE (days),
           CASE WHEN days < 2 THEN '0-1' WHEN days < 6 THEN '2-5' WHEN days < 11 THEN '6-10'
                WHEN days < 31 THEN '11-30' ELSE '>30' END AS age
    FROM counted
), cells AS (
    -- the dimensions not asked for blanked out
    SELECT f.period,
        CASE WHEN list_contains($by::VARCHAR[], 'tier')     THEN coalesce(f.tier, '(none)') END             AS tier,
        CASE WHEN list_contains($by::VARCHAR[], 'priority') THEN coalesce(f.priority, '(none)') END         AS priority,
        CASE WHEN list_contains($by::VARCHAR[], 'channel')  THEN coalesce(f.channel, '(none)') END          AS channel,
        CASE WHEN list_contains($by::VARCHAR[], 'group')    THEN coalesce(f.assignment_group, '(none)') END AS "group",
        CASE WHEN list_contains($by::VARCHAR[], 'vendor')   THEN coalesce(f.vendor, '(none)') END           AS vendor,
        CASE WHEN list_contains($by::VARCHAR[], 'category') THEN coalesce(f.category, '(none)') END         AS category,
        CASE WHEN list_contains($by::VARCHAR[], 'source')   THEN coalesce(f.source, '(none)') END           AS source,
        f.* EXCLUDE (period, tier, priority, channel, assignment_group, vendor, category, source)
    FROM facts f
), agg AS (
    SELECT period, tier, priority, channel, "group", vendor, category, source, age, count(*) AS n
    FROM cells
    GROUP BY ALL
), tier_axis AS (
    -- every configured tier, plus unmapped and (none) when they occur; one NULL when not by tier
    SELECT tier, rank FROM tiers WHERE list_contains($by::VARCHAR[], 'tier')
    UNION ALL
    SELECT DISTINCT tier, CASE tier WHEN 'unmapped' THEN 1000 ELSE 1001 END
    FROM agg WHERE tier NOT IN (SELECT tier FROM tiers)
    UNION ALL
    SELECT NULL, NULL WHERE NOT list_contains($by::VARCHAR[], 'tier')
), other_axis AS (
    -- the combinations of the other dimensions seen in the range
    SELECT DISTINCT priority, channel, "group", vendor, category, source FROM agg
    UNION
    SELECT NULL, NULL, NULL, NULL, NULL, NULL
    WHERE NOT list_has_any($by::VARCHAR[], ['priority', 'channel', 'group', 'vendor', 'category', 'source'])
), age_axis AS (
    -- the age buckets, in business days
    SELECT * FROM (VALUES ('0-1', 1), ('2-5', 2), ('6-10', 3), ('11-30', 4), ('>30', 5)) v(age, ord)
)
SELECT p.period, t.tier, o.priority, o.channel, o."group", o.vendor, o.category, o.source, x.age,
       coalesce(a.n, 0) AS value,
       coalesce(a.n, 0) AS sample_size
FROM periods p
CROSS JOIN tier_axis t
CROSS JOIN other_axis o
CROSS JOIN age_axis x
LEFT JOIN agg a
       ON a.period = p.period
      AND a.tier IS NOT DISTINCT FROM t.tier
      AND a.priority IS NOT DISTINCT FROM o.priority
      AND a.channel IS NOT DISTINCT FROM o.channel
      AND a."group" IS NOT DISTINCT FROM o."group"
      AND a.vendor IS NOT DISTINCT FROM o.vendor
      AND a.category IS NOT DISTINCT FROM o.category
      AND a.source IS NOT DISTINCT FROM o.source
      AND a.age = x.age
ORDER BY p.period, t.rank, t.tier, o.priority, o.channel, o."group", o.vendor, o.category, o.source, x.ord;
