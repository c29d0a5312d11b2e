-- The Excel KPI pack's ticket-level facts (tierlens pack), for the period [p_from, p_to) as UTC
-- instants and the report's --filter (tl_filtered_tickets, 020_dashboard.sql):
--   SELECT * FROM pack_tickets(TIMESTAMP '2026-09-30 22:00', TIMESTAMP '2026-12-31 23:00');
-- Like 020_dashboard.sql, this file holds macros only: the pack creates them as TEMP macros on
-- its own read-only connection, so a warehouse loaded by an older tierlens still gets a pack.

-- pack_tickets: every ticket of the period, i.e. whose life overlaps it (created before its
-- end, not ended before its start): each KPI of the period counts among these, so a reader can
-- reconcile a figure by filtering the sheet. Times are UTC; the pack converts them to the
-- report zone. Tiers: where it entered, where it was (last) resolved, the highest it reached.
CREATE OR REPLACE MACRO pack_tickets(p_from, p_to) AS TABLE
WITH kept AS (
    SELECT f.*
    FROM ticket_facts f
    WHERE f.created_at < p_to AND (f.ended_at IS NULL OR f.ended_at >= p_from OR f.status NOT IN ('resolved', 'closed', 'cancelled'))
      AND f.ticket_key IN (SELECT ticket_key FROM tl_filtered_tickets())
), moves AS (
    SELECT ticket_key,
           count(*) FILTER (entered_by = 'escalation')   AS escalations,
           count(*) FILTER (entered_by IN ('escalation', 'de-escalation', 'reassignment', 'transfer')) AS reassignments
    FROM tier_intervals
    WHERE ticket_key IN (SELECT ticket_key FROM kept)
    GROUP BY ticket_key
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
    (SELECT r.tier FROM tiers r WHERE r.rank = k.all_max_rank ORDER BY r.tier LIMIT 1) AS max_tier,
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
LEFT JOIN sla_tickets s USING (ticket_key)
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
