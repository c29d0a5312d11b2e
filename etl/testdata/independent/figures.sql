-- The figures an independent computation compares, in plain SQL over `ev`: one row per record
-- of the raw file (number, rn = file position, ts = UTC time, status = canonical status named
-- by the source's vocabulary, grp = group or NULL, opened = the file's opening time or NULL,
-- resolved_col = the file's resolution time or NULL), and group_tier(grp, tier, rank).

-- each record in time order (file order among equal times), with the group that holds it
CREATE OR REPLACE TEMP TABLE o AS
SELECT *,
    status IN ('resolved', 'closed', 'cancelled') AS term,
    row_number() OVER w AS k,
    coalesce(lag(status IN ('resolved', 'closed', 'cancelled')) OVER w, false) AS prev_term,
    lag(status) OVER w AS prev_status,
    coalesce(last_value(grp IGNORE NULLS) OVER (w ROWS UNBOUNDED PRECEDING),
             first_value(grp IGNORE NULLS) OVER (PARTITION BY number ORDER BY ts, rn ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)) AS holder
FROM ev
WINDOW w AS (PARTITION BY number ORDER BY ts, rn);

-- the records that decide who works the ticket: every record while it is open, and the one
-- that ends the work; a stay begins where that group changes or the ticket reopens
CREATE OR REPLACE TEMP TABLE stays AS
SELECT number, k, holder, prev_term AS reopening, g.tier, g.rank, prev_holder
FROM (
    SELECT *, lag(holder) OVER (PARTITION BY number ORDER BY k) AS prev_holder
    FROM o
    WHERE NOT term OR NOT prev_term
) s
LEFT JOIN group_tier g ON g.grp = s.holder
WHERE holder IS NOT NULL AND (prev_holder IS NULL OR holder <> prev_holder OR prev_term);

CREATE OR REPLACE TEMP TABLE figures AS
SELECT 'tickets' AS figure, '' AS key, count(DISTINCT number) AS value FROM ev
UNION ALL
SELECT 'events', '', count(*) FROM ev
UNION ALL
SELECT 'final status', s, count(*) FROM (SELECT number, arg_max(status, k) AS s FROM o GROUP BY ALL) GROUP BY ALL
UNION ALL
SELECT 'created per month', strftime(c, '%Y-%m'), count(*) FROM (SELECT number, least(min(opened), min(ts)) AS c FROM o GROUP BY ALL) GROUP BY ALL
UNION ALL
SELECT 'resolved per month', strftime(r, '%Y-%m'), count(*) FROM (
    SELECT number, coalesce(arg_max(resolved_col, k),
        max(ts) FILTER (status = 'resolved' AND coalesce(prev_status, 'new') NOT IN ('resolved', 'closed'))) AS r
    FROM o GROUP BY ALL)
WHERE r IS NOT NULL GROUP BY ALL
UNION ALL
SELECT 'reopened tickets', '', count(DISTINCT number) FROM o
WHERE prev_status IN ('resolved', 'closed') AND status IN ('new', 'open', 'pending')
UNION ALL
SELECT 'entry tier', t, count(*) FROM (SELECT number, arg_min(coalesce(tier, 'unmapped'), k) AS t FROM stays GROUP BY ALL) GROUP BY ALL
UNION ALL
SELECT 'moves', m, count(*) FROM (
    SELECT CASE WHEN reopening AND holder = prev_holder THEN 'reopened'
                WHEN prev_holder IS NULL THEN 'created'
                WHEN rank IS NULL OR prev_rank IS NULL THEN 'transfer'
                WHEN rank > prev_rank THEN 'escalation' WHEN rank < prev_rank THEN 'de-escalation'
                ELSE 'reassignment' END AS m
    FROM (SELECT *, lag(rank) OVER (PARTITION BY number ORDER BY k) AS prev_rank FROM stays))
GROUP BY ALL
UNION ALL
SELECT 'max tier', coalesce(t, 'unmapped'), count(*) FROM (
    SELECT number, arg_max(tier, rank) AS t FROM stays GROUP BY ALL) GROUP BY ALL;
