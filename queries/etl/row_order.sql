-- The order of each ticket's records in the file, for events that share one time (date-only
-- or minute-resolution exports). Exports come oldest first, newest first, grouped or shuffled:
-- a ticket whose first record in the file is its earliest and whose last is its latest reads
-- oldest first (dir 1), the reverse newest first (dir -1); a ticket whose records do not tell
-- (all at one time, or out of order) follows the mapping's declared row_order ($row_order).
-- Time decides first everywhere; dir only orders records of equal time.
CREATE OR REPLACE TEMP TABLE row_dir AS
SELECT
    number,
    CASE
        WHEN min(event_ts) = max(event_ts) THEN NULL
        WHEN arg_min(event_ts, rowid) = min(event_ts) AND arg_max(event_ts, rowid) = max(event_ts) THEN 1
        WHEN arg_min(event_ts, rowid) = max(event_ts) AND arg_max(event_ts, rowid) = min(event_ts) THEN -1
    END::TINYINT AS detected,
    count(*) > 1 AS several,
    min(event_ts) AS min_at,
    max(event_ts) AS max_at
FROM conv
WHERE NOT bad
GROUP BY number;
