-- Tier stays in business time, against the tier's OLA (DESIGN §7: OLA per tier, vendor (L4)
-- contract attainment). tier_stay_clock_build computes them from tier_intervals and the
-- sla_clock table; the tier_stay_clock table holds them as of the last load.
--
-- One row per tier interval (stay):
--   end_at                   NULL while the group still holds the ticket: measured to as_of
--   as_of                    the instant an open stay is measured to; NULL once it ended
--   priority .. history, agent   the ticket's, for breakdowns without a join
--   business_minutes         business minutes of the stay on the ticket's calendar (ticket_sla)
--   clock_minutes            of those, the minutes the SLA clock ran: not paused, not stopped
--                            (a stay spanning a resolution and a reopen does not count the gap)
--   paused_minutes           business minutes the clock was paused during the stay
--   vendor_wait_minutes      of those, paused while waiting for a vendor (sla_clock.vendor_wait)
--   ola_minutes              the tier's OLA target (tiers.ola_minutes); NULL when it has none
--   ola_clock_minutes        the stay's OLA clock: clock_minutes; for a vendor stay (vendor not
--                            NULL) clock_minutes + vendor_wait_minutes, since an underpinning
--                            contract's clock does not stop while the desk waits for the vendor
--   ola_status               met (ended within the target), breached, in_flight,
--                            in_flight_breached; NULL without a target
--   business_us              business_minutes as exact integer microseconds (medians are
--                            cheaper on integers)
--   resolved_here            true when the stay ended in a resolution at its tier, false when
--                            in an escalation from it, NULL for any other end or while open
--   ola_met                  true when ola_status is met, false when breached, else NULL
--   acted_at                 for a stay entered by escalation (with an event history): the
--                            group's first action after the escalation, within the stay: an
--                            agent reply, a change of status, or an assignment to an agent
CREATE OR REPLACE VIEW tier_stay_clock_build AS
WITH stays AS (
    SELECT i.ticket_key, i.seq, i.tier, i.assignment_group, i.vendor, i.start_at, i.end_at,
           i.entered_by, i.from_tier, i.ended_by,
           c.calendar, c.calendar_no, c.as_of, t.priority, t.channel, t.category, t.source, t.history, t.assignee AS agent
    FROM scoped_tier_intervals i
    JOIN ticket_sla c ON c.ticket_key = i.ticket_key
    JOIN scoped_tickets t ON t.ticket_key = i.ticket_key
), points AS (
    -- the stay's two ends, each read on the ticket's clock
    SELECT ticket_key, seq, calendar_no, 0 AS edge, start_at AS x FROM stays
    UNION ALL
    SELECT ticket_key, seq, calendar_no, 1, greatest(coalesce(end_at, as_of), start_at) FROM stays
), m AS (
    SELECT p.*, coalesce(business_at(u.cum_before_us, u.pieces, p.x), 0) AS m_us
    FROM points p
    LEFT JOIN calendar_utc_days u ON u.calendar_no = p.calendar_no AND u.day = p.x::DATE
), readings AS (
    SELECT m.ticket_key, m.seq, m.edge, m.m_us,
        k.run_before_us    + CASE WHEN k.clock = 'running' THEN greatest(m.m_us - k.m_start_us, 0) ELSE 0 END AS run_us,
        k.paused_before_us + CASE WHEN k.clock = 'paused'  THEN greatest(m.m_us - k.m_start_us, 0) ELSE 0 END AS paused_us,
        k.vendor_wait_before_us + CASE WHEN k.vendor_wait  THEN greatest(m.m_us - k.m_start_us, 0) ELSE 0 END AS vendor_wait_us
    FROM m
    JOIN scoped_sla_clock k ON k.ticket_key = m.ticket_key AND k.start_at <= m.x AND (k.end_at > m.x OR k.end_at IS NULL)
), spans AS (
    -- end minus start; each end of a stay falls in at most one status interval (they are
    -- half-open and do not overlap); a stay with an end in none has no span (NULLs below)
    SELECT ticket_key, seq,
        sum(CASE edge WHEN 1 THEN m_us ELSE -m_us END)::BIGINT                     AS business_us,
        sum(CASE edge WHEN 1 THEN run_us ELSE -run_us END)::BIGINT                 AS run_us,
        sum(CASE edge WHEN 1 THEN paused_us ELSE -paused_us END)::BIGINT           AS paused_us,
        sum(CASE edge WHEN 1 THEN vendor_wait_us ELSE -vendor_wait_us END)::BIGINT AS vendor_wait_us
    FROM readings
    GROUP BY ticket_key, seq
    HAVING min(edge) = 0 AND max(edge) = 1
), stay_events AS (
    -- each escalated stay's events in its group; the first is the escalation itself
    SELECT s.ticket_key, s.seq AS stay, e.seq, e.event_at,
        (e.kind = 'reply' AND e.actor_role = 'agent')
        OR e.kind IN ('status', 'resolved', 'closed', 'reopened')
        OR (e.kind = 'assigned' AND e.agent IS NOT NULL) AS action
    FROM stays s
    JOIN scoped_ticket_events e
      ON e.ticket_key = s.ticket_key
     AND e.event_at >= s.start_at
     AND e.event_at <= coalesce(s.end_at, 'infinity'::TIMESTAMP)
     AND e.assignment_group = s.assignment_group
    WHERE s.entered_by = 'escalation' AND s.history = 'events'
), acted AS (
    SELECT ticket_key, stay AS seq, min(event_at) FILTER (action AND seq > first_seq) AS acted_at
    FROM (SELECT *, min(seq) OVER (PARTITION BY ticket_key, stay) AS first_seq FROM stay_events)
    GROUP BY ticket_key, stay
), measured AS (
    SELECT s.*, r.ola_minutes, a.acted_at,
        p.business_us, p.run_us, p.paused_us, p.vendor_wait_us,
        p.run_us + CASE WHEN s.vendor IS NOT NULL THEN p.vendor_wait_us ELSE 0 END AS ola_us
    FROM stays s
    LEFT JOIN spans p ON p.ticket_key = s.ticket_key AND p.seq = s.seq
    LEFT JOIN acted a ON a.ticket_key = s.ticket_key AND a.seq = s.seq
    LEFT JOIN tiers r ON r.tier = s.tier
)
SELECT
    ticket_key, seq, tier, assignment_group, vendor, start_at, end_at, entered_by, from_tier, ended_by,
    priority, channel, category, source, history, agent,
    calendar, CASE WHEN end_at IS NULL THEN as_of END AS as_of,
    business_us / 60e6     AS business_minutes,
    run_us / 60e6          AS clock_minutes,
    paused_us / 60e6       AS paused_minutes,
    vendor_wait_us / 60e6  AS vendor_wait_minutes,
    ola_minutes,
    ola_us / 60e6          AS ola_clock_minutes,
    CASE
        WHEN ola_minutes IS NULL THEN NULL
        WHEN end_at IS NULL AND ola_us > ola_minutes * 60000000::BIGINT THEN 'in_flight_breached'
        WHEN end_at IS NULL THEN 'in_flight'
        WHEN ola_us > ola_minutes * 60000000::BIGINT THEN 'breached'
        ELSE 'met'
    END                    AS ola_status,
    acted_at,
    business_us,
    CASE ended_by WHEN 'resolved' THEN true WHEN 'escalation' THEN false END AS resolved_here,
    CASE ola_status WHEN 'met' THEN true WHEN 'breached' THEN false END AS ola_met
FROM measured;

