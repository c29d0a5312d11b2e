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
                WHEN 'month' THEN INTERVAL 1 MONTH WHEN 'quarter' THEN INTERVAL 3 MONTH END AS step,
           date_trunc('day', timezone(p_tz, timezone('UTC', p_start))) AS first_local,
           date_trunc('day', timezone(p_tz, timezone('UTC', p_end)))   AS end_local
), range(first_local, end_local, step);

-- tl_move: how a ticket moved from a stay in one tier to the next, by the tiers' ranks (NULL:
-- an unmapped group). The loader and the re-tiering label tier stays with it.
CREATE OR REPLACE MACRO tl_move(to_rank, from_rank) AS CASE
    WHEN to_rank IS NULL OR from_rank IS NULL THEN 'transfer'
    WHEN to_rank > from_rank THEN 'escalation'
    WHEN to_rank < from_rank THEN 'de-escalation'
    ELSE 'reassignment'
END;
