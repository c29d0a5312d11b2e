-- ---
-- name: tier_resolution_share
-- title: Tier resolution share
-- description: >-
--   Share of the period's resolutions (see resolved) made by each tier: tickets resolved at
--   the tier / all tickets resolved, within the same other dimensions.
-- unit: ratio
-- direction: up
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
           1 AS n
    FROM ticket_facts
    WHERE resolved_at >= $start::TIMESTAMP AND resolved_at < $end::TIMESTAMP
      AND status <> 'cancelled'
), cells AS (
    -- each fact in its period, with the dimensions not asked for blanked out (queries/schema/004_macros.sql)
    SELECT * FROM tl_cells('facts', 'periods', $by::VARCHAR[])
), agg AS (
    SELECT period, tier, priority, channel, "group", vendor, category, source, count(*) AS n
    FROM cells
    GROUP BY ALL
), total AS (
    -- all resolutions of the period and other dimensions, every tier together
    SELECT period, priority, channel, "group", vendor, category, source, sum(n)::BIGINT AS n
    FROM agg
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
       CASE WHEN tt.n > 0 THEN coalesce(a.n, 0) / tt.n END AS value,
       coalesce(a.n, 0) AS numerator,
       coalesce(tt.n, 0) AS denominator
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
LEFT JOIN total tt
       ON tt.period = p.period
      AND tt.priority IS NOT DISTINCT FROM o.priority
      AND tt.channel IS NOT DISTINCT FROM o.channel
      AND tt."group" IS NOT DISTINCT FROM o."group"
      AND tt.vendor IS NOT DISTINCT FROM o.vendor
      AND tt.category IS NOT DISTINCT FROM o.category
      AND tt.source IS NOT DISTINCT FROM o.source
ORDER BY p.period, t.rank, t.tier, o.priority, o.channel, o."group", o.vendor, o.category, o.source;
