-- Business calendars (DESIGN §7): the weekly hours and holidays of the `calendars` and
-- `holidays` tables turned into instants, so business time is a subtraction and a join,
-- never a walk minute by minute.
--
-- Every view here covers the local days from a week before the first ticket was created to
-- 400 days after the last change in the warehouse (so due times and in-flight clocks of the
-- newest tickets are covered too). Instants outside that span have no business time.
--
-- Business minutes of [t1, t2) on a calendar c = M(c, t2) - M(c, t1), where M is the
-- calendar's cumulative business minutes up to an instant:
--     M(c, t) = w.cum_before + clamp(t - w.start_at, 0, w.minutes)
-- with w the last window of c starting at or before t. Over millions of instants the engine
-- reads M from t's UTC day (calendar_utc_days + business_at: a hash join); the few ad-hoc
-- uses join calendar_windows (ASOF). The inverse, the instant where M reaches m (a breach
-- moment), is an ASOF join on cum_before.
-- Windows are wall-clock times in the calendar's zone, converted once per window with
-- timezone(), so a day with a DST change is exact: on 2026-03-29 in Europe/Madrid a
-- 00:00-24:00 window lasts 23 hours and an 08:00-18:00 one still 10 hours.

-- calendar_numbers: each calendar's number, the join key of the engine's calendar lookups.
CREATE OR REPLACE VIEW calendar_numbers AS
SELECT calendar, (row_number() OVER (ORDER BY calendar))::BIGINT AS calendar_no
FROM (SELECT DISTINCT calendar FROM calendars);

-- calendar_key(calendar_no, value): one BIGINT sorting by calendar, then by value (an epoch
-- in microseconds or a business-time reading, both below 10^16). An ASOF join on this key
-- alone is several times faster in DuckDB 1.5 than one with an equality on the calendar
-- (few calendars make few, lopsided partitions).
CREATE OR REPLACE MACRO calendar_key(calendar_no, value) AS calendar_no * 10000000000000000 + value;

-- calendar_span: the local days the calendars cover, from a week before the first ticket was
-- created to 400 days after the last change. A load that moves first_day re-derives every
-- ticket (business times are counted from it); one that moves last_day only adds days.
CREATE OR REPLACE VIEW calendar_span AS
SELECT (min(created_at) - INTERVAL 7 DAY)::DATE AS first_day,
       (greatest(max(updated_at), max(created_at)) + INTERVAL 400 DAY)::DATE AS last_day
FROM tickets;

-- calendar_windows_build (table calendar_windows): one row per business window of a calendar on
-- a local day that is not a holiday, as UTC instants, with the calendar's business minutes
-- before the window opens. Stored by queries/etl/sla.sql with the other SLA tables (calendars,
-- holidays and the span of the tickets only change with a load).
-- A window ending at 24:00 (stored as 23:59:59.999999) ends at the next local midnight.
-- Windows of zero length (wholly inside a skipped DST hour) are left out.
--   duration_us, cum_before_us   the window's length and the business time before it, in
--                                microseconds (exact integers; minutes and cum_before for people)
--   start_key, cum_key           calendar_key() of start_at and of cum_before_us
CREATE OR REPLACE VIEW calendar_windows_build AS
WITH span AS (SELECT * FROM calendar_span), days AS (
    SELECT r.range::DATE AS day FROM span s, range(s.first_day, s.last_day, INTERVAL 1 DAY) r
), local AS (
    SELECT c.calendar, c.time_zone, d.day,
           d.day + c.start_time AS local_start,
           CASE WHEN c.end_time >= TIME '23:59:59' THEN (d.day + 1)::TIMESTAMP
                ELSE d.day + c.end_time END AS local_end
    FROM calendars c
    JOIN days d ON isodow(d.day) = c.weekday
    WHERE NOT EXISTS (SELECT 1 FROM holidays h WHERE h.calendar = c.calendar AND h.day = d.day)
), utc AS (
    SELECT calendar, day,
           timezone('UTC', timezone(time_zone, local_start)) AS start_at,
           timezone('UTC', timezone(time_zone, local_end))   AS end_at
    FROM local
), sized AS (
    SELECT calendar, day, start_at, end_at,
           date_diff('microsecond', start_at, end_at) AS duration_us
    FROM utc
    WHERE end_at > start_at
), cum AS (
    SELECT *, (sum(duration_us) OVER (PARTITION BY calendar ORDER BY start_at ROWS UNBOUNDED PRECEDING) - duration_us)::BIGINT AS cum_before_us
    FROM sized
)
SELECT c.calendar, c.day, c.start_at, c.end_at,
       c.duration_us / 60e6                               AS minutes,
       c.cum_before_us / 60e6                             AS cum_before,
       c.duration_us,
       c.cum_before_us,
       n.calendar_no,
       calendar_key(n.calendar_no, epoch_us(c.start_at)) AS start_key,
       calendar_key(n.calendar_no, c.cum_before_us)      AS cum_key
FROM cum c
JOIN calendar_numbers n ON n.calendar = c.calendar;

-- calendar_days: every local day of every calendar, business or not.
--   day_start_at / day_end_at   the local midnights as UTC instants (23 or 25 hours apart on DST days)
--   holiday                     the holiday's name(s) when the day is one, else NULL
--   business_minutes            the day's business minutes (0 on weekends and holidays)
--   cum_minutes_before          the calendar's business minutes before the day starts
--   business_day_number         count of business days up to and including this one
CREATE OR REPLACE VIEW calendar_days AS
WITH span AS (SELECT * FROM calendar_span), cals AS (
    SELECT DISTINCT calendar, time_zone FROM calendars
), days AS (
    SELECT c.calendar, c.time_zone, r.range::DATE AS day
    FROM cals c, span s, range(s.first_day, s.last_day, INTERVAL 1 DAY) r
), hol AS (
    SELECT calendar, day, string_agg(DISTINCT name, '; ' ORDER BY name) AS holiday
    FROM (SELECT calendar, day, coalesce(name, 'holiday') AS name FROM holidays)
    GROUP BY ALL
), win AS (
    SELECT calendar, day, sum(minutes) AS minutes
    FROM calendar_windows
    GROUP BY ALL
)
SELECT
    d.calendar,
    d.day,
    isodow(d.day)                                                        AS weekday,
    timezone('UTC', timezone(d.time_zone, d.day::TIMESTAMP))             AS day_start_at,
    timezone('UTC', timezone(d.time_zone, (d.day + 1)::TIMESTAMP))       AS day_end_at,
    h.holiday,
    coalesce(w.minutes, 0)                                               AS business_minutes,
    coalesce(sum(w.minutes) OVER c, 0) - coalesce(w.minutes, 0)          AS cum_minutes_before,
    count(w.minutes) OVER c                                              AS business_day_number
FROM days d
LEFT JOIN hol h ON h.calendar = d.calendar AND h.day = d.day
LEFT JOIN win w ON w.calendar = d.calendar AND w.day = d.day
WINDOW c AS (PARTITION BY d.calendar ORDER BY d.day ROWS UNBOUNDED PRECEDING);

-- calendar_utc_days: per calendar and UTC day of the calendar's span (calendar_windows), the
-- business time before the day starts and the day's business windows clipped to it, as
-- offsets from 00:00 UTC (microseconds). M(t) for an instant t is then
--     business_at(cum_before_us, pieces, t)
-- joined on (calendar_no, t::DATE): a hash join, cheaper than an ASOF join over millions of
-- instants (a window crossing UTC midnight is two pieces).
CREATE OR REPLACE VIEW calendar_utc_days AS
WITH span AS (
    SELECT calendar_no, min(start_at)::DATE - 1 AS first_day, max(end_at)::DATE + 1 AS last_day
    FROM calendar_windows
    GROUP BY calendar_no
), days AS (
    SELECT s.calendar_no, r.range::DATE AS day
    FROM span s, range(s.first_day::TIMESTAMP, s.last_day::TIMESTAMP + INTERVAL 1 DAY, INTERVAL 1 DAY) r
), pieces AS (
    SELECT w.calendar_no, r.range::DATE AS day,
           greatest(w.start_at, r.range) AS piece_start, least(w.end_at, r.range + INTERVAL 1 DAY) AS piece_end
    FROM calendar_windows w, range(date_trunc('day', w.start_at), w.end_at, INTERVAL 1 DAY) r
), per_day AS (
    SELECT calendar_no, day,
        list({'s': date_diff('microsecond', day::TIMESTAMP, piece_start), 'l': date_diff('microsecond', piece_start, piece_end)}
             ORDER BY piece_start) AS pieces,
        sum(date_diff('microsecond', piece_start, piece_end)) AS day_us
    FROM pieces
    WHERE piece_end > piece_start
    GROUP BY ALL
)
SELECT d.calendar_no, d.day,
    (coalesce(sum(p.day_us) OVER w, 0) - coalesce(p.day_us, 0))::BIGINT AS cum_before_us,
    p.pieces
FROM days d
LEFT JOIN per_day p ON p.calendar_no = d.calendar_no AND p.day = d.day
WINDOW w AS (PARTITION BY d.calendar_no ORDER BY d.day ROWS UNBOUNDED PRECEDING);

-- business_at(cum_before_us, pieces, t): M(t) from t's row of calendar_utc_days.
CREATE OR REPLACE MACRO business_at(cum_before_us, pieces, t) AS
    cum_before_us + coalesce(list_sum(list_transform(pieces,
        lambda p: least(greatest(epoch_us(t) - epoch_us(date_trunc('day', t)) - p.s, 0), p.l))), 0);

-- business_minutes(calendar, t1, t2): business minutes of calendar in [t1, t2) (UTC
-- TIMESTAMPs), 0 when t2 <= t1. For ad-hoc use on a few rows; over many rows, join
-- calendar_windows with ASOF as the sla_* views do (same result, far faster).
CREATE OR REPLACE MACRO business_minutes(cal, t1, t2) AS (
    SELECT coalesce(sum(date_diff('microsecond', greatest(w.start_at, t1::TIMESTAMP), least(w.end_at, t2::TIMESTAMP))), 0) / 60e6
    FROM calendar_windows w
    WHERE w.calendar = cal AND w.start_at < t2::TIMESTAMP AND w.end_at > t1::TIMESTAMP
);

-- business_add(calendar, t, minutes): the first instant by which `minutes` (> 0) business
-- minutes have passed since t: a due time. NULL beyond the calendar's span. For ad-hoc use.
CREATE OR REPLACE MACRO business_add(cal, t, mins) AS (
    WITH target AS (
        SELECT coalesce(max(w.cum_before_us + least(date_diff('microsecond', w.start_at, t::TIMESTAMP), w.duration_us)), 0)
               + round(mins * 60e6)::BIGINT AS m
        FROM calendar_windows w
        WHERE w.calendar = cal AND w.start_at <= t::TIMESTAMP
    )
    SELECT max(w.start_at + to_microseconds(a.m - w.cum_before_us))
    FROM calendar_windows w, target a
    WHERE w.calendar = cal AND w.cum_before_us < a.m AND w.cum_before_us + w.duration_us >= a.m
);
