-- Per-ticket business times (the business-minute variants of first response time and MTTR):
-- ticket_clock_build reads each ticket's clock (sla_clock) at its first response, first
-- resolution and last resolution; the ticket_clock table holds the result as of the last load.
--
-- One row per ticket, on its calendar (ticket_sla):
--   response_business_minutes      business minutes from creation to the first response
--   response_clock_minutes         the same without paused time (the SLA clock)
--   first_resolution_clock_minutes SLA clock from creation to the first resolution
--   resolution_business_minutes    business minutes from creation to the last resolution
--   resolution_clock_minutes       the SLA clock from creation to the last resolution: business
--                                  minutes the ticket was open, without paused time nor the
--                                  time it spent resolved before a reopen (MTTR, business)
--   resolution_paused_minutes      business minutes paused before the last resolution
--   response_business_us, resolution_clock_us   the same as exact integer microseconds (the
--                                  metrics' medians are cheaper on integers)
--   response_tier, _group, _vendor     the stay holding the ticket at the first response
--   resolution_tier, _group, _vendor   the stay holding it at the last resolution (its last
--                                      stay begun by then, as the metrics count it); both
--                                      from ticket_facts (resp_*, res_*), built before this
--   created_at .. source           the ticket's, for filters and breakdowns without a join
-- Business times are NULL when the ticket lacks that moment (or it comes before creation).
CREATE OR REPLACE VIEW ticket_clock_build AS
WITH points AS (
    SELECT s.ticket_key, s.calendar_no, p.what, p.x
    FROM ticket_sla s
    JOIN scoped_tickets t ON t.ticket_key = s.ticket_key,
    LATERAL (VALUES ('response', t.first_response_at), ('first_resolution', t.first_resolved_at),
                    ('resolution', t.resolved_at)) p(what, x)
    WHERE p.x IS NOT NULL AND p.x >= t.created_at
), m AS (
    SELECT p.*, coalesce(business_at(u.cum_before_us, u.pieces, p.x), 0) AS m_us
    FROM points p
    LEFT JOIN calendar_utc_days u ON u.calendar_no = p.calendar_no AND u.day = p.x::DATE
), readings AS (
    SELECT m.ticket_key, m.what, m.x,
        m.m_us - f.m_start_us AS business_us,
        k.run_before_us    + CASE WHEN k.clock = 'running' THEN greatest(m.m_us - k.m_start_us, 0) ELSE 0 END AS run_us,
        k.paused_before_us + CASE WHEN k.clock = 'paused'  THEN greatest(m.m_us - k.m_start_us, 0) ELSE 0 END AS paused_us
    FROM m
    JOIN scoped_sla_clock k ON k.ticket_key = m.ticket_key AND k.start_at <= m.x AND (k.end_at > m.x OR k.end_at IS NULL)
    JOIN scoped_sla_clock f ON f.ticket_key = m.ticket_key AND f.seq = 1
), per_ticket AS (
    SELECT r.ticket_key,
        max(r.business_us) FILTER (r.what = 'response') / 60e6          AS response_business_minutes,
        max(r.run_us) FILTER (r.what = 'response') / 60e6               AS response_clock_minutes,
        max(r.run_us) FILTER (r.what = 'first_resolution') / 60e6       AS first_resolution_clock_minutes,
        max(r.business_us) FILTER (r.what = 'resolution') / 60e6        AS resolution_business_minutes,
        max(r.run_us) FILTER (r.what = 'resolution') / 60e6             AS resolution_clock_minutes,
        max(r.paused_us) FILTER (r.what = 'resolution') / 60e6          AS resolution_paused_minutes,
        max(r.business_us) FILTER (r.what = 'response')                 AS response_business_us,
        max(r.run_us) FILTER (r.what = 'resolution')                    AS resolution_clock_us
    FROM readings r
    GROUP BY r.ticket_key
)
SELECT
    s.ticket_key,
    s.policy,
    s.calendar,
    c.response_business_minutes,
    c.response_clock_minutes,
    c.first_resolution_clock_minutes,
    c.resolution_business_minutes,
    c.resolution_clock_minutes,
    c.resolution_paused_minutes,
    c.response_business_us,
    c.resolution_clock_us,
    f.resp_tier           AS response_tier,
    f.resp_group          AS response_group,
    f.resp_vendor         AS response_vendor,
    f.res_tier            AS resolution_tier,
    f.res_group           AS resolution_group,
    f.res_vendor          AS resolution_vendor,
    t.created_at, t.first_response_at, t.resolved_at, t.status,
    t.priority, t.channel, t.category, t.source, t.assignee AS agent
FROM ticket_sla s
JOIN scoped_tickets t ON t.ticket_key = s.ticket_key
LEFT JOIN per_ticket c ON c.ticket_key = s.ticket_key
LEFT JOIN scoped_ticket_facts f ON f.ticket_key = s.ticket_key;
