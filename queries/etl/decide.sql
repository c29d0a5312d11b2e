-- Per ticket of this file: new, update (this file's version is newer: later updated_at, or the
-- same updated_at and a larger content hash, so the winner never depends on load order), or
-- unchanged (the warehouse already holds this version or a newer one).
CREATE OR REPLACE TEMP TABLE decision AS
SELECT
    n.ticket_key,
    n.number,
    CASE
        WHEN o.ticket_key IS NULL THEN 'new'
        WHEN n.updated_at > o.updated_at THEN 'update'
        WHEN n.updated_at = o.updated_at AND n.row_hash > o.row_hash THEN 'update'
        ELSE 'unchanged'
    END AS action
FROM t_new n
LEFT JOIN tickets o USING (ticket_key);
