-- Findings of an event-shaped file (row_order.sql made row_dir): tickets whose records do not
-- show their order by time, so that records at one time follow the mapping's row_order.
INSERT INTO findings
SELECT $load_id, $source, $file,
       'a ticket''s records do not show their order by time: records at one time follow the mapping''s row_order',
       NULL, $source || ':' || number,
       CASE WHEN min_at = max_at THEN 'all its records at one time' ELSE 'records out of time order in the file' END
FROM row_dir
WHERE detected IS NULL AND several
  AND number IN (SELECT number FROM decision WHERE action <> 'unchanged');
