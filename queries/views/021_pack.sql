-- The Excel KPI pack's ticket-level facts (tierlens pack), for the period [p_from, p_to) as UTC
-- instants and the report's --filter (tl_filtered_tickets, 020_dashboard.sql):
--   SELECT * FROM pack_tickets(TIMESTAMP '2026-09-30 22:00', TIMESTAMP '2026-12-31 23:00',
--                              '-infinity', TIMESTAMP '2026-12-31 23:00');
-- Like 020_dashboard.sql, this file holds macros only: the pack creates them as TEMP macros on
-- its own read-only connection, so a warehouse loaded by an older tierlens still gets a pack.

-- pack_tickets: every ticket of the period, i.e. whose life overlaps it (created before its
-- end, not ended before its start): each KPI of the period counts among these, so a reader can
-- reconcile a figure by filtering the sheet. Times are UTC; the pack converts them to the
-- report zone. Tiers: where it entered, where it was (last) resolved, the highest it reached.
-- Only the tickets created in [c_from, c_to) come back: the pack reads a quarter week by week
-- (each piece sorted on its own, in order), so a million tickets never sort in memory at once;
-- '-infinity' and p_to give them all.
CREATE OR REPLACE MACRO pack_tickets(p_from, p_to, c_from, c_to) AS TABLE
WITH kept AS (
    SELECT f.ticket_key, f.status, f.created_at, f.first_response_at, f.resolved_at, f.closed_at,
           f.created_tier, f.res_tier, f.all_max_rank, f.end_group, f.end_vendor, f.all_entry_vendor,
           f.reopened_7d, f.csat_score, f.knowledge
    FROM ticket_facts f
    WHERE f.created_at >= c_from AND f.created_at < least(c_to, p_to)
      AND (f.ended_at IS NULL OR f.ended_at >= p_from OR f.status NOT IN ('resolved', 'closed', 'cancelled'))
      AND f.ticket_key IN (SELECT ticket_key FROM tl_filtered_tickets())
), moves AS (
    SELECT i.ticket_key,
           count(*) FILTER (i.entered_by = 'escalation')   AS escalations,
           count(*) FILTER (i.entered_by IN ('escalation', 'de-escalation', 'reassignment', 'transfer')) AS reassignments
    FROM tier_intervals i
    WHERE i.entered_by <> 'created' AND i.ticket_key IN (SELECT ticket_key FROM kept)
    GROUP BY i.ticket_key
), sla AS (
    -- the ticket's SLA outcome (sla_tickets); the filter on its grouping key reaches its scan
    SELECT ticket_key, response_status, resolution_status
    FROM sla_tickets
    WHERE ticket_key IN (SELECT ticket_key FROM kept)
), max_tier AS (
    SELECT rank, min(tier) AS tier FROM tiers GROUP BY rank
)
SELECT
    t.number,
    t.source,
    t.title,
    t.priority,
    t.channel,
    t.category,
    k.status,
    k.created_at,
    k.first_response_at,
    k.resolved_at,
    k.closed_at,
    k.created_tier                                        AS entry_tier,
    k.res_tier                                            AS resolving_tier,
    x.tier                                                AS max_tier,
    coalesce(m.escalations, 0)                            AS escalations,
    coalesce(m.reassignments, 0)                          AS reassignments,
    coalesce(k.end_group, t.assignment_group)             AS assignment_group,
    coalesce(k.end_vendor, k.all_entry_vendor)            AS vendor,
    t.assignee                                            AS agent,
    c.response_clock_minutes / 60.0                       AS first_response_hours,
    c.resolution_clock_minutes / 60.0                     AS resolution_hours,
    c.resolution_business_minutes / 60.0                  AS resolution_business_hours,
    s.response_status                                     AS sla_response,
    s.resolution_status                                   AS sla_resolution,
    coalesce(t.reopen_count, t.reopens_seen, 0) > 0       AS reopened,
    k.reopened_7d,
    k.csat_score                                          AS csat,
    k.knowledge
FROM kept k
JOIN tickets t USING (ticket_key)
LEFT JOIN moves m USING (ticket_key)
LEFT JOIN ticket_clock c USING (ticket_key)
LEFT JOIN sla s USING (ticket_key)
LEFT JOIN max_tier x ON x.rank = k.all_max_rank
ORDER BY k.created_at, t.source, t.number;

-- pack_flow: moves between tiers that began in the period, from the tier left (row) to the
-- tier entered (column), counted per move (a ticket bouncing L1 -> L2 -> L1 counts twice);
-- the diagonal is reassignment within a tier. Openings and reopenings are not moves.
CREATE OR REPLACE MACRO pack_flow(p_from, p_to) AS TABLE
SELECT i.from_tier, i.tier AS to_tier, count(*) AS moves
FROM tier_intervals i
WHERE i.start_at >= p_from AND i.start_at < p_to
  AND i.entered_by IN ('escalation', 'de-escalation', 'reassignment', 'transfer')
  AND i.from_tier IS NOT NULL AND i.tier IS NOT NULL
  AND i.ticket_key IN (SELECT ticket_key FROM tl_filtered_tickets())
GROUP BY ALL
ORDER BY ALL;

-- pack_vendors: per vendor, the tickets one of its groups held during the period (a stay
-- overlapping it), for the Vendors (L4) sheet.
CREATE OR REPLACE MACRO pack_vendors(p_from, p_to) AS TABLE
SELECT i.vendor, count(DISTINCT i.ticket_key) AS tickets
FROM tier_intervals i
WHERE i.vendor IS NOT NULL
  AND i.start_at < p_to AND coalesce(i.end_at, 'infinity'::TIMESTAMP) >= p_from
  AND i.ticket_key IN (SELECT ticket_key FROM tl_filtered_tickets())
GROUP BY ALL
ORDER BY ALL;
