-- SLA clocks (DESIGN §7): which policy and calendar each ticket is measured with, and the
-- ticket's clock over its status intervals in business time: the building block of
-- sla_instances, the OLA stays and the business-time KPIs. Times inside are exact integer
-- microseconds (*_us); *_minutes columns are for people.
--
-- The *_build views compute from the loaded tables; the tables of the same name without
-- _build (sla_clock, sla_instances, tier_stay_clock, ticket_clock) hold their result as of
-- the last load, rebuilt by queries/etl/sla.sql, so that KPIs read them at the cost of a scan.

-- ticket_sla: one row per ticket with the SLA policy it falls under and the calendar its
-- business time is counted on.
--   policy      the first policy by position whose priority, tier, channel and vendor (each
--               NULL = any) equal the ticket's (its tickets row: priority, channel, and the
--               tier and vendor of its last assignment); NULL when none matches
--   calendar    the policy's calendar; without a policy, the calendar named `business`, else
--               the first calendar by name (so business-time KPIs still have one)
--   as_of       the newest change in the ticket's source (max updated_at): clocks still
--               running are read at this instant, never at the wall clock
CREATE OR REPLACE VIEW ticket_sla AS
WITH matched AS (
    SELECT t.ticket_key, min(p.position) AS position
    FROM scoped_tickets t
    JOIN sla_policies p
      ON (p.priority IS NULL OR p.priority = t.priority)
     AND (p.tier IS NULL OR p.tier = t.tier)
     AND (p.channel IS NULL OR p.channel = t.channel)
     AND (p.vendor IS NULL OR p.vendor = t.vendor)
    GROUP BY t.ticket_key
), fallback AS (
    SELECT coalesce(min(calendar) FILTER (calendar = 'business'), min(calendar)) AS calendar FROM calendars
), as_of AS (
    SELECT source, max(updated_at) AS as_of FROM tickets GROUP BY source
)
SELECT
    t.ticket_key,
    t.source,
    p.policy,
    coalesce(p.calendar, f.calendar) AS calendar,
    n.calendar_no,
    p.response_minutes,
    p.resolution_minutes,
    p.pause_statuses,
    p.reopen,
    a.as_of
FROM scoped_tickets t
LEFT JOIN matched m ON m.ticket_key = t.ticket_key
LEFT JOIN sla_policies p ON p.position = m.position
CROSS JOIN fallback f
LEFT JOIN calendar_numbers n ON n.calendar = coalesce(p.calendar, f.calendar)
JOIN as_of a ON a.source = t.source;

-- sla_clock_build (table sla_clock): one row per status interval of every ticket, with the
-- state of the ticket's SLA clock in it and its business time on the ticket's calendar
-- (join status_intervals on ticket_key, seq for the source status and pause reason).
--   clock          stopped (resolved, closed, cancelled); paused (the canonical status, or the
--                  source status in any letter case, is in the policy's pause_statuses; without
--                  a policy, the warehouse's paused state); else running
--   vendor_wait    paused while waiting for a vendor (the pause reason or source status names
--                  a vendor, supplier or third party): a vendor's own clock runs on then
--   cycle          the resolution cycle: 1 from creation, +1 at each reopen (leaving a
--                  stopped status); stopped intervals belong to the cycle they end
--   has_policy     an SLA policy matched the ticket (ticket_sla)
--   end_at         NULL for the ticket's last interval, whose business time runs to as_of
--                  while the clock runs or is paused (a stopped one counts none)
--   m_start_us     the calendar's cumulative business time at start_at (calendar_windows)
--   business_us    business time of the interval (to as_of when open and not stopped)
--   run_before_us  running business time of the ticket before the interval: the SLA clock
--                  reading at start_at; run_after_us at its end (at as_of when open)
--   paused_*_us / vendor_wait_before_us   the same for paused and vendor-wait time
-- The clock reading at an instant x inside an interval is
--     run_before_us + (clock = 'running' ? M(x) - m_start_us : 0).
CREATE OR REPLACE VIEW sla_clock_build AS
WITH si AS (
    SELECT
        s.ticket_key, s.seq, s.status, s.start_at, s.end_at,
        s.clock AS status_clock,
        c.calendar_no,
        c.policy IS NOT NULL AS has_policy,
        CASE
            WHEN s.clock = 'stopped' THEN 'stopped'
            WHEN CASE WHEN c.pause_statuses IS NULL THEN s.clock = 'paused'
                      ELSE list_contains(c.pause_statuses, s.status)
                           OR coalesce(list_contains(c.pause_keys, lower(s.source_status)), false) END
                THEN 'paused'
            ELSE 'running'
        END AS clock,
        -- a stopped last interval counts no business time: a settled ticket's rows never
        -- change when its source's newest change moves (etl/refresh.go derives only the others)
        CASE WHEN s.end_at IS NULL AND s.clock = 'stopped' THEN s.start_at
             ELSE greatest(coalesce(s.end_at, c.as_of), s.start_at) END AS end_x,
        s.pause_reason, s.source_status
    FROM scoped_status_intervals s
    JOIN (SELECT *, list_transform(pause_statuses, lambda x: lower(x)) AS pause_keys FROM ticket_sla) c
      ON c.ticket_key = s.ticket_key
), m AS (
    -- M at both ends of the interval (the open last one ends at as_of), from the calendar's
    -- UTC day of each end (calendar_utc_days: a hash join, no sort)
    SELECT si.* EXCLUDE (end_x, pause_reason, source_status),
        si.clock = 'paused' AND regexp_matches(lower(coalesce(si.pause_reason, si.source_status, '')), 'vendor|supplier|third[ -]?party') AS vendor_wait,
        coalesce(business_at(a.cum_before_us, a.pieces, si.start_at), 0) AS m_start_us,
        coalesce(business_at(b.cum_before_us, b.pieces, si.end_x), 0)    AS m_end_us
    FROM si
    LEFT JOIN calendar_utc_days a ON a.calendar_no = si.calendar_no AND a.day = si.start_at::DATE
    LEFT JOIN calendar_utc_days b ON b.calendar_no = si.calendar_no AND b.day = si.end_x::DATE
), sized AS (
    SELECT *,
        greatest(m_end_us - m_start_us, 0) AS business_us,
        CASE WHEN seq = 1 OR (status_clock <> 'stopped' AND lag(status_clock) OVER (PARTITION BY ticket_key ORDER BY seq) = 'stopped')
             THEN 1 ELSE 0 END AS cycle_start
    FROM m
), flagged AS (
    SELECT *,
        CASE WHEN clock = 'running' THEN business_us ELSE 0 END AS run_us,
        CASE WHEN clock = 'paused'  THEN business_us ELSE 0 END AS pause_us,
        CASE WHEN vendor_wait       THEN business_us ELSE 0 END AS vendor_wait_us
    FROM sized
), summed AS (
    SELECT *,
        sum(cycle_start) OVER c    AS cycle_no,
        sum(run_us) OVER c         AS run_to_us,
        sum(pause_us) OVER c       AS pause_to_us,
        sum(vendor_wait_us) OVER c AS vendor_wait_to_us
    FROM flagged
    WINDOW c AS (PARTITION BY ticket_key ORDER BY seq ROWS UNBOUNDED PRECEDING)
)
SELECT
    ticket_key, seq, status, start_at, end_at, status_clock, clock, vendor_wait,
    cycle_no::INTEGER                                   AS cycle,
    has_policy, calendar_no, m_start_us, business_us,
    (run_to_us - run_us)::BIGINT                        AS run_before_us,
    run_to_us::BIGINT                                   AS run_after_us,
    (pause_to_us - pause_us)::BIGINT                    AS paused_before_us,
    pause_to_us::BIGINT                                 AS paused_after_us,
    (vendor_wait_to_us - vendor_wait_us)::BIGINT        AS vendor_wait_before_us
FROM summed;

