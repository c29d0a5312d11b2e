-- ---
-- name: kb_assisted_rate
-- title: KB-assisted resolution
-- description: >-
--   Share of tickets resolved in the period that used a knowledge article, over the
--   resolved tickets whose source says either way; by the tier that resolved them.
-- unit: ratio
-- direction: up
-- needs: [knowledge]
-- grains: [day, week, month, quarter]
-- dimensions: [tier, priority, channel, group, vendor, category, source]
-- ---
-- Parameters (see metrics/README.md): $start and $end are the UTC instants where the first
-- period starts and the last one ends, aligned to $grain in the zone $tz; $by lists the
-- dimensions to break down by, e.g. ['tier']. Dimensions not in $by come back NULL.
WITH periods AS (
    -- the few period boundaries: local midnights in $tz, as UTC instants (queries/schema/004_macros.sql)
    SELECT * FROM tl_periods($start::TIMESTAMP, $end::TIMESTAMP, $grain::VARCHAR, $tz::VARCHAR)
), facts AS (
    -- tickets whose last resolution falls in the range (cancelled tickets are not resolutions),
    -- on the stay holding each one then: its last stay begun by the resolution (ticket_facts)
    SELECT resolved_at AS moment, res_tier AS tier, priority, channel, res_group AS assignment_group, res_vendor AS vendor, category, source,
           knowledge AS hit,
           knowledge IS NOT NULL AS counted
    FROM ticket_facts
    WHERE resolved_at >= $start::TIMESTAMP AND resolved_at < $end::TIMESTAMP
      AND status <> 'cancelled'
), cells AS (
    -- each fact in its period, with the dimensions not asked for blanked out
    SELECT p.period,
        CASE WHEN list_contains($by::VARCHAR[], 'tier')     THEN coalesce(f.tier, '(none)') END             AS tier,
        CASE WHEN list_contains($by::VARCHAR[], 'priority') THEN coalesce(f.priority, '(none)') END         AS priority,
        CASE WHEN list_contains($by::VARCHAR[], 'channel')  THEN coalesce(f.channel, '(none)') END          AS channel,
        CASE WHEN list_contains($by::VARCHAR[], 'group')    THEN coalesce(f.assignment_group, '(none)') END AS "group",
        CASE WHEN list_contains($by::VARCHAR[], 'vendor')   THEN coalesce(f.vendor, '(none)') END           AS vendor,
        CASE WHEN list_contains($by::VARCHAR[], 'category') THEN coalesce(f.category, '(none)') END         AS category,
        CASE WHEN list_contains($by::VARCHAR[], 'source')   THEN coalesce(f.source, '(none)') END           AS source,
        f.* EXCLUDE (moment, tier, priority, channel, assignment_group, vendor, category, source)
    FROM facts f
    JOIN periods p ON f.moment >= p.start_at AND f.moment < p.end_at
), agg AS (
    SELECT period, tier, priority, channel, "group", vendor, category, source, count(*) FILTER (hit) AS num, count(*) FILTER (counted) AS den
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
)
SELECT p.period, t.tier, o.priority, o.channel, o."group", o.vendor, o.category, o.source,
       CASE WHEN a.den > 0 THEN a.num / a.den END AS value,
       coalesce(a.num, 0) AS numerator,
       coalesce(a.den, 0) AS denominator
FROM periods p
CROSS JOIN tier_axis t
CROSS JOIN other_axis o
LEFT JOIN agg a
       ON a.period = p.period
      AND a.tier IS NOT DISTINCT FROM t.tier
      AND a.priority IS NOT DISTINCT FROM o.priority
      AND a.channel IS NOT DISTINCT FROM o.channel
      AND a."group" IS NOT DISTINCT FROM o."group"
      AND a.vendor IS NOT DISTINCT FROM o.vendor
      AND a.category IS NOT DISTINCT FROM o.category
      AND a.source IS NOT DISTINCT FROM o.source
ORDER BY p.period, t.rank, t.tier, o.priority, o.channel, o."group", o.vendor, o.category, o.source;
