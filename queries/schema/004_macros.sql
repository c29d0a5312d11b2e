-- Macros the metric files share, stored in the warehouse so every DuckDB client that opens it
-- can run a metric file unchanged.

-- tl_periods: the periods of a grain covering [p_start, p_end) as local days in zone p_tz,
-- each with its bounds as UTC instants. p_start and p_end are UTC instants already aligned
-- to the grain (the runner computes them); only these few boundaries are ever converted
-- between zones, so metrics filter their rows by plain UTC comparisons.
CREATE OR REPLACE MACRO tl_periods(p_start, p_end, p_grain, p_tz) AS TABLE
SELECT range::DATE                                 AS period,
       timezone('UTC', timezone(tz, range))        AS start_at,
       timezone('UTC', timezone(tz, range + step)) AS end_at
FROM (
    SELECT p_tz AS tz,
           CASE p_grain WHEN 'day' THEN INTERVAL 1 DAY WHEN 'week' THEN INTERVAL 7 DAY
                WHEN 'month' THEN INTERVAL 1 MONTH WHEN 'quarter' THEN INTERVAL 3 MONTH
                WHEN 'year' THEN INTERVAL 1 YEAR
                -- all: the whole range as one period
                WHEN 'all' THEN date_trunc('day', timezone(p_tz, timezone('UTC', p_end)))
                              - date_trunc('day', timezone(p_tz, timezone('UTC', p_start))) END AS step,
           date_trunc('day', timezone(p_tz, timezone('UTC', p_start))) AS first_local,
           date_trunc('day', timezone(p_tz, timezone('UTC', p_end)))   AS end_local
), range(first_local, end_local, step);

-- tl_front_rank: the rank of the front line: tier L1 when configured, else the lowest tier;
-- tiers below it are self-service. FCR and its variants count tickets that entered there.
CREATE OR REPLACE MACRO tl_front_rank() AS (
    SELECT coalesce(max(rank) FILTER (tier = 'L1'), min(rank)) FROM tiers
);

-- tl_move: how a ticket moved from a stay in one tier to the next, by the tiers' ranks (NULL:
-- an unmapped group). The loader and the re-tiering label tier stays with it.
CREATE OR REPLACE MACRO tl_move(to_rank, from_rank) AS CASE
    WHEN to_rank IS NULL OR from_rank IS NULL THEN 'transfer'
    WHEN to_rank > from_rank THEN 'escalation'
    WHEN to_rank < from_rank THEN 'de-escalation'
    ELSE 'reassignment'
END;

-- tl_blank: the dimensions of each row of the CTE named facts_cte (a `period`, the dimension
-- columns tier, priority, channel, assignment_group, vendor, category, source, agent, and the
-- metric's own columns) as the spine groups them: those not in p_by blanked to NULL, missing
-- values shown as '(none)', assignment_group named "group". For facts that already come by
-- period (a snapshot at each period's end); tl_cells places the others first. Facts without
-- an agent column (a metric file written before agent was a dimension) read it as NULL: the
-- empty branch of the UNION ALL BY NAME supplies it.
-- A report's --filter (metrics/filter.go) reaches every metric here: the session variables
-- tl_filter_<key> list the values kept (NULL: no filter; '(none)' keeps rows without one).
CREATE OR REPLACE MACRO tl_blank(facts_cte, p_by) AS TABLE
SELECT f.period,
    CASE WHEN list_contains(p_by, 'tier')     THEN coalesce(f.tier, '(none)') END             AS tier,
    CASE WHEN list_contains(p_by, 'priority') THEN coalesce(f.priority, '(none)') END         AS priority,
    CASE WHEN list_contains(p_by, 'channel')  THEN coalesce(f.channel, '(none)') END          AS channel,
    CASE WHEN list_contains(p_by, 'group')    THEN coalesce(f.assignment_group, '(none)') END AS "group",
    CASE WHEN list_contains(p_by, 'vendor')   THEN coalesce(f.vendor, '(none)') END           AS vendor,
    CASE WHEN list_contains(p_by, 'category') THEN coalesce(f.category, '(none)') END         AS category,
    CASE WHEN list_contains(p_by, 'source')   THEN coalesce(f.source, '(none)') END           AS source,
    CASE WHEN list_contains(p_by, 'agent')    THEN coalesce(f.agent, '(none)') END            AS agent,
    f.* EXCLUDE (period, tier, priority, channel, assignment_group, vendor, category, source, agent)
FROM (FROM query_table(facts_cte) UNION ALL BY NAME SELECT NULL::VARCHAR AS agent WHERE false) f
WHERE (getvariable('tl_filter_source') IS NULL OR list_contains(getvariable('tl_filter_source'), coalesce(f.source, '(none)')))
  AND (getvariable('tl_filter_priority') IS NULL OR list_contains(getvariable('tl_filter_priority'), coalesce(f.priority, '(none)')))
  AND (getvariable('tl_filter_group') IS NULL OR list_contains(getvariable('tl_filter_group'), coalesce(f.assignment_group, '(none)')))
  AND (getvariable('tl_filter_category') IS NULL OR list_contains(getvariable('tl_filter_category'), coalesce(f.category, '(none)')))
  AND (getvariable('tl_filter_channel') IS NULL OR list_contains(getvariable('tl_filter_channel'), coalesce(f.channel, '(none)')))
  AND (getvariable('tl_filter_vendor') IS NULL OR list_contains(getvariable('tl_filter_vendor'), coalesce(f.vendor, '(none)')));

-- tl_cells: the spine's first half, shared by the metric files. Each row of the CTE named
-- facts_cte (a UTC `moment`, the dimension columns, and the metric's own columns) in its
-- period of periods_cte, blanked by tl_blank. The periods are cut at UTC midnights so a fact
-- finds its piece by its UTC date (a hash join) rather than by comparing it with every period.
CREATE OR REPLACE MACRO tl_cells(facts_cte, periods_cte, p_by) AS TABLE
WITH days AS (
    SELECT p.period, u.day::DATE AS day,
           greatest(p.start_at, u.day) AS start_at, least(p.end_at, u.day + INTERVAL 1 DAY) AS end_at
    FROM query_table(periods_cte) p,
    LATERAL (SELECT unnest(range(p.start_at::DATE::TIMESTAMP, p.end_at, INTERVAL 1 DAY)) AS day) u
), placed AS (
    SELECT d.period, f.* EXCLUDE (moment)
    FROM query_table(facts_cte) f
    JOIN days d ON d.day = f.moment::DATE AND f.moment >= d.start_at AND f.moment < d.end_at
)
SELECT * FROM tl_blank('placed', p_by);

-- tl_spine: the spine's second half. Every period of periods_cte × every tier (the configured
-- ones in rank order, plus unmapped and (none) when they occur; one NULL row when p_by lacks
-- tier) × each combination of the other dimensions seen in agg_cte (one NULL row when p_by
-- has none), with the aggregate's own columns where agg_cte has the cell, NULL elsewhere.
-- tier_rank is for ORDER BY. An agg_cte without an agent column reads it as NULL (tl_blank).
CREATE OR REPLACE MACRO tl_spine(periods_cte, agg_cte, p_by) AS TABLE
WITH a AS (
    FROM query_table(agg_cte) UNION ALL BY NAME SELECT NULL::VARCHAR AS agent WHERE false
), tier_axis AS (
    SELECT tier, rank FROM tiers WHERE list_contains(p_by, 'tier')
    UNION ALL
    SELECT DISTINCT tier, CASE tier WHEN 'unmapped' THEN 1000 ELSE 1001 END
    FROM a WHERE tier NOT IN (SELECT tier FROM tiers)
    UNION ALL
    SELECT NULL, NULL WHERE NOT list_contains(p_by, 'tier')
), other_axis AS (
    SELECT DISTINCT priority, channel, "group", vendor, category, source, agent FROM a
    UNION
    SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL
    WHERE NOT list_has_any(p_by, ['priority', 'channel', 'group', 'vendor', 'category', 'source', 'agent'])
)
SELECT p.period, t.tier, t.rank AS tier_rank, o.priority, o.channel, o."group", o.vendor, o.category, o.source, o.agent,
       a.* EXCLUDE (period, tier, priority, channel, "group", vendor, category, source, agent)
FROM query_table(periods_cte) p
CROSS JOIN tier_axis t
CROSS JOIN other_axis o
LEFT JOIN a
       ON a.period = p.period
      AND a.tier IS NOT DISTINCT FROM t.tier
      AND a.priority IS NOT DISTINCT FROM o.priority
      AND a.channel IS NOT DISTINCT FROM o.channel
      AND a."group" IS NOT DISTINCT FROM o."group"
      AND a.vendor IS NOT DISTINCT FROM o.vendor
      AND a.category IS NOT DISTINCT FROM o.category
      AND a.source IS NOT DISTINCT FROM o.source
      AND a.agent IS NOT DISTINCT FROM o.agent;
