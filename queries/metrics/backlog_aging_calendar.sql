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
), facts AS (
    SELECT o.period, o.tier, o.priority, o.channel, o.assignment_group, o.vendor, o.category, o.source,
           CASE WHEN days < 2 THEN '0-1' WHEN days < 6 THEN '2-5' WHEN days < 11 THEN '6-10'
                WHEN days < 31 THEN '11-30' ELSE '>30' END AS age
    FROM open_at o,
    LATERAL (SELECT date_diff('second', o.created_at, o.t_end) // 86400 AS days)
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
    -- the age buckets, in calendar days
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
