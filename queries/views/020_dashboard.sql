-- Data facts behind `tierlens dashboard` (DESIGN §8), as table macros over a reporting period
-- [p_from, p_to) given as UTC TIMESTAMPs. Usable from any DuckDB client, e.g.
--   SELECT * FROM dashboard_tier_flow(TIMESTAMP '2026-11-08 23:00', TIMESTAMP '2026-11-15 23:00');
-- This file holds macros only: the dashboard also creates them as TEMP macros on its own
-- read-only connection, so a warehouse loaded by an older tierlens still gets a dashboard.

-- dashboard_sources: each source's tickets, its data range, and how many of its tickets were
-- active in the period (created before its end, changed at or after its start), with those
-- that come from a flat export (no event history).
CREATE OR REPLACE MACRO dashboard_sources(p_from, p_to) AS TABLE
SELECT
    source,
    count(*)                                                              AS tickets,
    min(created_at)                                                       AS first_created,
    max(greatest(created_at, updated_at))                                 AS last_change,
    count(*) FILTER (history = 'flat')                                    AS flat,
    count(*) FILTER (created_at < p_to AND updated_at >= p_from)          AS active,
    count(*) FILTER (created_at < p_to AND updated_at >= p_from AND history = 'flat') AS flat_active
FROM tickets
GROUP BY source
ORDER BY source;

-- dashboard_loads: every committed load, whether its events reach into the period, and its
-- rejected records by reason (most frequent first).
CREATE OR REPLACE MACRO dashboard_loads(p_from, p_to) AS TABLE
WITH spans AS (
    SELECT load_id, min(event_at) AS first_event, max(event_at) AS last_event
    FROM ticket_events
    GROUP BY load_id
), reasons AS (
    SELECT load_id, reason, count(*) AS records
    FROM rejects
    GROUP BY ALL
)
SELECT
    l.load_id,
    regexp_extract(l.file, '[^/\\]+$')                                     AS file,
    l.source,
    l.records_rejected                                                    AS rejected,
    coalesce(s.first_event < p_to AND s.last_event >= p_from, false)      AS in_period,
    coalesce((SELECT list({'reason': r.reason, 'records': r.records} ORDER BY r.records DESC, r.reason)
              FROM reasons r WHERE r.load_id = l.load_id), [])            AS reasons
FROM loads l
LEFT JOIN spans s USING (load_id)
ORDER BY l.load_id;

-- dashboard_unmapped: groups no tier rule matched that held tickets in the period (a stay in
-- them overlapping it), with those tickets.
CREATE OR REPLACE MACRO dashboard_unmapped(p_from, p_to) AS TABLE
SELECT
    split_part(ticket_key, ':', 1)                                        AS source,
    assignment_group,
    count(DISTINCT ticket_key)                                            AS tickets
FROM tier_intervals
WHERE tier = 'unmapped'
  AND start_at < p_to AND (end_at IS NULL OR end_at >= p_from)
GROUP BY ALL
ORDER BY tickets DESC, assignment_group, source;

-- tl_filtered_tickets: the tickets a report's --filter keeps (metrics/filter.go sets the
-- session variables tl_filter_<key>; none set: every ticket). Ticket-level outputs (the flow,
-- the pack's Tickets sheet) use it: a ticket's own source, priority, category and channel must
-- match, and for group and vendor any of its tier stays (the metrics, through tl_blank, match
-- the group or vendor each fact is attributed to instead).
CREATE OR REPLACE MACRO tl_filtered_tickets() AS TABLE
SELECT t.ticket_key
FROM tickets t
WHERE (getvariable('tl_filter_source') IS NULL OR list_contains(getvariable('tl_filter_source'), coalesce(t.source, '(none)')))
  AND (getvariable('tl_filter_priority') IS NULL OR list_contains(getvariable('tl_filter_priority'), coalesce(t.priority, '(none)')))
  AND (getvariable('tl_filter_category') IS NULL OR list_contains(getvariable('tl_filter_category'), coalesce(t.category, '(none)')))
  AND (getvariable('tl_filter_channel') IS NULL OR list_contains(getvariable('tl_filter_channel'), coalesce(t.channel, '(none)')))
  AND (getvariable('tl_filter_group') IS NULL OR t.ticket_key IN (
        SELECT ticket_key FROM tier_intervals
        WHERE list_contains(getvariable('tl_filter_group'), coalesce(assignment_group, '(none)'))))
  AND (getvariable('tl_filter_vendor') IS NULL OR t.ticket_key IN (
        SELECT ticket_key FROM tier_intervals
        WHERE list_contains(getvariable('tl_filter_vendor'), coalesce(vendor, '(none)'))));

-- dashboard_tier_flow: the escalation flow of the tickets created in the period, for the
-- Sankey. A ticket's path is its tier stays in order with consecutive stays in one tier merged
-- into a step (1, 2, 3 ...); each row is a number of tickets moving from a step to the next
-- (to_tier set) or ending at a step (outcome: resolved, cancelled or open, from the ticket's
-- status now). Numbering the steps keeps the flow acyclic: a bounce L1 -> L2 -> L1 reads
-- "L1 (1st) -> L2 (2nd) -> L1 (3rd)".
CREATE OR REPLACE MACRO dashboard_tier_flow(p_from, p_to) AS TABLE
WITH cohort AS (
    SELECT ticket_key, status
    FROM tickets
    WHERE created_at >= p_from AND created_at < p_to
      AND ticket_key IN (SELECT ticket_key FROM tl_filtered_tickets())
), stays AS (
    SELECT i.ticket_key, i.seq, i.tier, c.status,
           CASE WHEN i.tier IS DISTINCT FROM lag(i.tier) OVER w THEN 1 ELSE 0 END AS new_step
    FROM tier_intervals i
    JOIN cohort c USING (ticket_key)
    WINDOW w AS (PARTITION BY i.ticket_key ORDER BY i.seq)
), steps AS (
    SELECT ticket_key, status, tier, sum(new_step) OVER (PARTITION BY ticket_key ORDER BY seq) AS step
    FROM stays
), path AS (
    SELECT DISTINCT ticket_key, status, step, tier FROM steps
), moves AS (
    SELECT step AS from_step, tier AS from_tier,
           lead(tier) OVER (PARTITION BY ticket_key ORDER BY step) AS to_tier,
           CASE WHEN status IN ('resolved', 'closed') THEN 'resolved'
                WHEN status = 'cancelled' THEN 'cancelled'
                ELSE 'open' END AS outcome
    FROM path
)
SELECT from_step::INTEGER AS from_step, from_tier, to_tier,
       CASE WHEN to_tier IS NULL THEN outcome END AS outcome,
       count(*) AS tickets
FROM moves
GROUP BY ALL
ORDER BY from_step, from_tier, to_tier NULLS LAST, outcome;

-- dashboard_findings: the data-quality findings (the data_quality view) of the tickets active
-- in the period and of the files, by finding, for the banner; those the banner shows on its
-- own (unmapped groups, flat history) are left out.
CREATE OR REPLACE MACRO dashboard_findings(p_from, p_to) AS TABLE
SELECT q.finding, count(*) AS cases
FROM data_quality q
LEFT JOIN tickets t ON t.ticket_key = q.ticket_key
WHERE (q.ticket_key IS NULL OR (t.created_at < p_to AND t.updated_at >= p_from))
  AND q.finding NOT IN ('passed through an unmapped group', 'flat history (no events: KPIs that need history are limited)', 'no priority', 'no assignment group')
GROUP BY ALL
ORDER BY cases DESC, q.finding;
