-- ---
-- name: fcr_first_group
-- title: First-contact resolution (first group)
-- description: >-
--   Variant of fcr: share of front-line tickets first resolved in the period by the group
--   first assigned, with no other group involved before the first resolution and no reopen
--   within 7 days. Replies are not considered.
-- unit: ratio
-- direction: up
-- variant_of: fcr
-- needs: [history]
-- grains: [day, week, month, quarter]
-- dimensions: [tier, priority, channel, group, vendor, category, source]
-- ---
-- Parameters (see metrics/README.md): $start and $end are the UTC instants where the first
-- period starts and the last one ends, aligned to $grain in the zone $tz; $by lists the
-- dimensions to break down by, e.g. ['tier']. Dimensions not in $by come back NULL.
WITH periods AS (
    -- the few period boundaries: local midnights in $tz, as UTC instants (queries/schema/004_macros.sql)
    SELECT * FROM tl_periods($start::TIMESTAMP, $end::TIMESTAMP, $grain::VARCHAR, $tz::VARCHAR)
), first_resolved AS (
    -- tickets with an event history first resolved in the range, with their stays up to then
    -- (grouped by the ticket's rowid, cheaper to hash than its key)
    SELECT t.rowid AS rid, any_value(t.ticket_key) AS ticket_key,
        any_value(t.first_resolved_at) AS first_resolved_at,
        any_value(t.priority) AS priority, any_value(t.channel) AS channel,
        any_value(t.category) AS category, any_value(t.source) AS source,
        any_value(t.agent_replies) AS agent_replies,
        arg_min_null(i.tier, i.seq)             AS entry_tier,
        arg_min_null(i.assignment_group, i.seq) AS entry_group,
        arg_min_null(i.vendor, i.seq)           AS entry_vendor,
        arg_min_null(r.rank, i.seq)             AS entry_rank,
        max(r.rank)                             AS max_rank,
        bool_or(r.rank IS NULL)                 AS unranked,
        count(*) = 1                            AS one_group
    FROM tickets t
    JOIN tier_intervals i ON i.ticket_key = t.ticket_key AND i.start_at <= t.first_resolved_at
    LEFT JOIN tiers r ON r.tier = i.tier
    WHERE t.first_resolved_at >= $start::TIMESTAMP AND t.first_resolved_at < $end::TIMESTAMP
      AND t.history = 'events'
    GROUP BY t.rowid
), front AS (
    -- the front line: tier L1 when configured, else the lowest tier; lower tiers are self-service
    SELECT coalesce(max(rank) FILTER (tier = 'L1'), min(rank)) AS rank FROM tiers
), touches AS (
    -- what happened around the first resolution
    SELECT f.rid,
        bool_or(e.kind = 'reopened' AND e.event_at >= f.first_resolved_at
                AND e.event_at <= f.first_resolved_at + INTERVAL 7 DAY) AS reopened_7d
    FROM first_resolved f
    JOIN ticket_events e ON e.ticket_key = f.ticket_key
      AND e.kind IN ('reopened')
    GROUP BY f.rid
), facts AS (
    SELECT f.first_resolved_at AS moment, f.entry_tier AS tier, f.priority, f.channel,
           f.entry_group AS assignment_group, f.entry_vendor AS vendor, f.category, f.source,
           f.entry_rank = fr.rank
           AND f.one_group                                                -- the first group alone
           AND NOT coalesce(x.reopened_7d, false)                         -- not reopened within 7 days
               AS hit,
           f.entry_rank = fr.rank AS counted
    FROM first_resolved f
    LEFT JOIN touches x USING (rid)
    CROSS JOIN front fr
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
    FROM cells WHERE tier NOT IN (SELECT tier FROM tiers)
    UNION ALL
    SELECT NULL, NULL WHERE NOT list_contains($by::VARCHAR[], 'tier')
), other_axis AS (
    -- the combinations of the other dimensions seen in the range
    SELECT DISTINCT priority, channel, "group", vendor, category, source FROM cells
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
