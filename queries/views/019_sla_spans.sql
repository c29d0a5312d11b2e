-- SLA clocks in flight, as spans of the instant T a period ends (DESIGN §7: at-risk and
-- in-flight breaches). sla_spans_build derives them from sla_instances, sla_clock and the
-- stays; the sla_spans table holds them as of the last load (queries/etl/sla.sql), so the
-- clocks in flight at a few period ends are one join instead of a reading of every clock.
--
-- The clock of an SLA instance at a period end T is read at x = least(T, as_of): it is in
-- flight when it started before T and had not stopped before T, and its status interval at x
-- does not stop it (a resolved ticket under reopen: continue). One row per piece of T over
-- which the reading has one formula and one holding stay, as [lo, hi):
--   while T <= as_of the clock is read at T: elapsed = base_us, plus M(T) - m_start_us when
--   running (M = the calendar's cumulative business microseconds, calendar_windows);
--   once T > as_of it is read at as_of: elapsed = base_us, frozen (running false).
--   tier .. vendor     the stay holding the ticket at x (stay_holders; NULL before the first)
--   priority .. source, agent   the instance's
-- Only pieces that contain a quarter-hour instant are kept: every period end is a local
-- midnight, which in any zone falls on a UTC quarter hour. A piece shorter than 23 hours
-- (a local day is at least that long) holds at most one period end; it is stored once per
-- UTC date it touches (day), so a period end finds it by its date. Longer pieces have day NULL.
CREATE OR REPLACE VIEW sla_spans_build AS
-- the stays are read twice below: MATERIALIZED computes their window once
WITH h AS MATERIALIZED (SELECT * FROM stay_holders), inst AS (
    SELECT ticket_key, kind, cycle, start_at, stop_at, as_of, target_minutes, calendar_no, run_start_us,
           priority, channel, category, source, agent,
           -- while read at T: start_at < T <= stop_at and T <= as_of
           start_at + INTERVAL 1 MICROSECOND AS live_lo,
           -- (a stopped instance has no as_of: it stopped by then)
           least(coalesce(stop_at + INTERVAL 1 MICROSECOND, 'infinity'::TIMESTAMP), coalesce(as_of, stop_at) + INTERVAL 1 MICROSECOND) AS live_hi
    FROM scoped_sla_instances
    WHERE calendar_no IS NOT NULL
), live AS (
    -- read at T: each status interval [start_at, end_at) of the clock that does not stop it
    SELECT s.ticket_key, s.kind, s.cycle, s.target_minutes, s.calendar_no, s.priority, s.channel, s.category, s.source, s.agent,
           k.clock = 'running' AS running, k.run_before_us - s.run_start_us AS base_us, k.m_start_us,
           greatest(s.live_lo, k.start_at) AS lo,
           least(s.live_hi, coalesce(k.end_at, 'infinity'::TIMESTAMP)) AS hi
    FROM inst s
    JOIN scoped_sla_clock k ON k.ticket_key = s.ticket_key AND k.clock <> 'stopped'
     AND k.start_at < s.live_hi AND coalesce(k.end_at, 'infinity'::TIMESTAMP) > s.live_lo
), at_as_of AS (
    -- read at as_of: the status interval holding as_of, when it does not stop the clock
    -- (only instances with an as_of have one: filtered first, the join builds on those few)
    SELECT s.*, k.clock = 'running' AS running, k.run_before_us, k.m_start_us
    FROM (SELECT * FROM inst WHERE as_of IS NOT NULL) s
    JOIN scoped_sla_clock k ON k.ticket_key = s.ticket_key AND k.clock <> 'stopped'
     AND k.start_at <= s.as_of AND coalesce(k.end_at, 'infinity'::TIMESTAMP) > s.as_of
), m_as_of AS (
    -- M(as_of) per calendar and source: a few ASOF lookups (calendar_key in 011_calendar.sql)
    SELECT r.calendar_no, r.x,
        CASE WHEN w.calendar_no = r.calendar_no
             THEN w.cum_before_us + least(date_diff('microsecond', w.start_at, r.x), w.duration_us)
             ELSE 0 END AS m_us
    FROM (SELECT DISTINCT calendar_no, as_of AS x, calendar_key(calendar_no, epoch_us(as_of)) AS k FROM at_as_of) r
    ASOF LEFT JOIN calendar_windows w ON r.k >= w.start_key
), frozen AS (
    -- after as_of: start_at < T <= stop_at, T > as_of
    SELECT a.ticket_key, a.kind, a.cycle, a.target_minutes, a.calendar_no, a.priority, a.channel, a.category, a.source, a.agent,
           false AS running,
           a.run_before_us + CASE WHEN a.running THEN greatest(m.m_us - a.m_start_us, 0) ELSE 0 END - a.run_start_us AS base_us,
           NULL::BIGINT AS m_start_us,
           greatest(a.start_at, a.as_of) + INTERVAL 1 MICROSECOND AS lo,
           coalesce(a.stop_at + INTERVAL 1 MICROSECOND, 'infinity'::TIMESTAMP) AS hi,
           a.as_of
    FROM at_as_of a
    JOIN m_as_of m ON m.calendar_no = a.calendar_no AND m.x = a.as_of
), pieces AS (
    SELECT l.* EXCLUDE (lo, hi), greatest(l.lo, h.from_at) AS lo, least(l.hi, h.to_at) AS hi,
           h.tier, h.assignment_group, h.vendor
    FROM live l
    JOIN h ON h.ticket_key = l.ticket_key AND h.from_at < l.hi AND h.to_at > l.lo
    UNION ALL
    SELECT f.* EXCLUDE (lo, hi, as_of), f.lo, f.hi, h.tier, h.assignment_group, h.vendor
    FROM frozen f
    JOIN h ON h.ticket_key = f.ticket_key AND h.from_at <= f.as_of AND h.to_at > f.as_of
    WHERE f.lo < f.hi
), kept AS (
    SELECT *, NOT isfinite(hi) OR hi >= lo + INTERVAL 23 HOUR AS long
    FROM pieces
    -- the first quarter hour at or after lo comes before hi
    WHERE CASE WHEN time_bucket(INTERVAL 15 MINUTE, lo) = lo THEN lo
               ELSE time_bucket(INTERVAL 15 MINUTE, lo) + INTERVAL 15 MINUTE END < hi
)
-- a short piece once per UTC date it touches (an unnest, not a lateral join)
SELECT k.* EXCLUDE (long, days), unnest(days) AS day
FROM (SELECT *, CASE WHEN long THEN [NULL::DATE]
                     ELSE list_distinct([lo::DATE, (hi - INTERVAL 1 MICROSECOND)::DATE]) END AS days
      FROM kept) k;

-- sla_in_flight(periods_cte): the SLA clocks in flight at the end T of each period of the CTE
-- named periods_cte (tl_periods), read at T (or frozen at the source's newest change when T
-- is later), with the stay holding the ticket then: period, the dimension columns,
-- target_minutes and elapsed_us. Shared by sla_at_risk and sla_in_flight_breached.
CREATE OR REPLACE MACRO sla_in_flight(periods_cte) AS TABLE
WITH inflight AS (
    -- short pieces found by T's date, the long ones by range
    SELECT p.period, p.end_at AS t, s.*
    FROM query_table(periods_cte) p
    JOIN sla_spans s ON s.day = p.end_at::DATE AND s.lo <= p.end_at AND p.end_at < s.hi
    UNION ALL
    SELECT p.period, p.end_at AS t, s.*
    FROM query_table(periods_cte) p
    JOIN sla_spans s ON s.day IS NULL AND s.lo <= p.end_at AND p.end_at < s.hi
), m_at AS (
    -- M(T), each calendar's cumulative business time, at each period end: a few ASOF lookups
    -- (from the periods, not from inflight, so inflight streams through once)
    SELECT r.calendar_no, r.x,
        CASE WHEN w.calendar_no = r.calendar_no
             THEN w.cum_before_us + least(date_diff('microsecond', w.start_at, r.x), w.duration_us)
             ELSE 0 END AS m_us
    FROM (SELECT DISTINCT c.calendar_no, p.end_at AS x, calendar_key(c.calendar_no, epoch_us(p.end_at)) AS k
          FROM query_table(periods_cte) p, (SELECT DISTINCT calendar_no FROM calendar_windows) c) r
    ASOF LEFT JOIN calendar_windows w ON r.k >= w.start_key
)
SELECT f.period, f.tier, f.priority, f.channel, f.assignment_group, f.vendor, f.category, f.source, f.agent, f.target_minutes,
       f.base_us + CASE WHEN f.running THEN greatest(m.m_us - f.m_start_us, 0) ELSE 0 END AS elapsed_us
FROM inflight f
LEFT JOIN m_at m ON m.calendar_no = f.calendar_no AND m.x = f.t;
