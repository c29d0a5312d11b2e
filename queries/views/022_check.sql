-- Data activity behind `tierlens check`: whether the feed delivered anything in a period
-- [p_from, p_to) given as UTC TIMESTAMPs, and the newest data in the warehouse. A period in
-- which no ticket was created or changed means a stalled feed, not a quiet desk: check fails
-- on it (exit 6) instead of reading every KPI as "no data". Usable from any DuckDB client, e.g.
--   SELECT * FROM check_activity(TIMESTAMP '2026-11-08 23:00', TIMESTAMP '2026-11-15 23:00');
-- This file holds macros only: check also creates them as TEMP macros on its own read-only
-- connection, so a warehouse loaded by an older tierlens still gets the check.

-- check_activity: tickets created or changed in the period (the ticket's own times, and its
-- events for the changes a later update hides), and the newest time of any data at all.
CREATE OR REPLACE MACRO check_activity(p_from, p_to) AS TABLE
SELECT
    (SELECT count(*) FROM tickets
      WHERE (created_at >= p_from AND created_at < p_to)
         OR (updated_at >= p_from AND updated_at < p_to))
  + (SELECT count(*) FROM ticket_events
      WHERE event_at >= p_from AND event_at < p_to)                    AS changes,
    greatest((SELECT max(greatest(created_at, updated_at)) FROM tickets),
             (SELECT max(event_at) FROM ticket_events))                 AS newest;
