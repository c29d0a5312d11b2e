-- Findings of a ticket-shaped (flat) file that only its load sees, per ticket the file brings
-- (new or newer), written in the file's transaction with their evidence: the ticket. Checks
-- the stored tickets show themselves are the data_quality view's (queries/views/002_status.sql).
INSERT INTO findings
SELECT $load_id, $source, $file,
       'resolution time taken from the closing time (the export has no resolution time)',
       NULL, $source || ':' || number, NULL
FROM t_new
WHERE resolved_from_closed
  AND number IN (SELECT number FROM decision WHERE action <> 'unchanged');
