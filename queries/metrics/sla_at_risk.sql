-- ---
-- name: sla_at_risk
-- title: SLA clocks at risk
-- description: >-
--   Share of the SLA clocks (response and resolution instances) still running at the end of
--   the period that have used 75-100% of their target there, not yet breached. Read at the
--   period's end, or at the source's newest change when the period ends later. Denominator:
--   every clock in flight then (at risk, breached or not), on the tier holding the ticket
--   then; see sla_in_flight_breached for the breached ones.
-- unit: ratio
-- direction: down
-- grains: [day, week, month, quarter]
-- dimensions: [tier, priority, channel, group, vendor, category, source]
-- ---
-- Parameters (see metrics/README.md): $start and $end are the UTC instants where the first
-- period starts and the last one ends, aligned to $grain in the zone $tz; $by lists the
-- dimensions to break down by, e.g. ['tier']. Dimensions not in $by come back NULL.
WITH periods AS (
    -- the few period boundaries: local midnights in $tz, as UTC instants (queries/schema/004_macros.sql)
    SELECT * FROM tl_periods($start::TIMESTAMP, $end::TIMESTAMP, $grain::VARCHAR, $tz::VARCHAR)
), inflight AS (
    -- SLA clocks in flight at each period's end T, with the stay holding the ticket then
    -- (sla_spans: short pieces found by T's date, the long ones by range)
    SELECT p.period, p.end_at AS t, s.*
    FROM periods p
    JOIN sla_spans s ON s.day = p.end_at::DATE AND s.lo <= p.end_at AND p.end_at < s.hi
    UNION ALL
    SELECT p.period, p.end_at AS t, s.*
    FROM periods p
    JOIN sla_spans s ON s.day IS NULL AND s.lo <= p.end_at AND p.end_at < s.hi
), m_at AS (
    -- M(T), the calendar's cumulative business time, at each period end: a few ASOF lookups
    -- on the key calendar_no * 10^16 + epoch_us (see calendar_key in queries/views)
    SELECT r.calendar_no, r.x,
        CASE WHEN w.calendar_no = r.calendar_no
             THEN w.cum_before_us + least(date_diff('microsecond', w.start_at, r.x), w.duration_us)
             ELSE 0 END AS m_us
    FROM (SELECT DISTINCT calendar_no, t AS x, calendar_no * 10000000000000000 + epoch_us(t) AS k FROM inflight WHERE running) r
    ASOF LEFT JOIN calendar_windows w ON r.k >= w.start_key
), held AS (
    -- the clock read at T (or frozen at the source's newest change when T is later)
    SELECT f.period, f.tier, f.priority, f.channel, f.assignment_group, f.vendor, f.category, f.source, f.target_minutes,
           f.base_us + CASE WHEN f.running THEN greatest(m.m_us - f.m_start_us, 0) ELSE 0 END AS elapsed_us
    FROM inflight f
    LEFT JOIN m_at m ON m.calendar_no = f.calendar_no AND m.x = f.t
), facts AS (
    SELECT h.period, h.tier, h.priority, h.channel, h.assignment_group, h.vendor, h.category, h.source,
           h.elapsed_us * 4 >= h.target_minutes * 60000000::BIGINT * 3 AND h.elapsed_us <= h.target_minutes * 60000000::BIGINT AS hit,
           true AS counted
    FROM held h
), cells AS (
    -- each fact in its period, with the dimensions not asked for blanked out
    SELECT p.period,
        CASE WHEN list_contains($by::VARCHAR[], 'tier')     THEN coalesce(f.tier, '(none)') END             AS tier,
        CASE WHEN list_contains($by::VARCHAR[], 'priority') THEN coalesce(f.priority, '(none)') END         AS priority,
        CASE WHEN list_contains($by::VARCHAR[], 'channel')  THEN coalesce(f.channel, '(none)') END          AS channel,
        CASE WHEN list_contains($by::VARCHAR[], 'group')    THEN coalesce(f.assignment_group, '(none)') END AS "group",
        CASE WHEN list_contains($by::VARCHAR[], 'vendor')   THEN coalesce(f.vendor, '(none)') END           AS vendor,
        CASE WHEN list_contains($by::VARCHAR[], 'category') THEN coalesce(f.category, '(none)') END         AS category,
        CASE WHEN list_contains($by::VARCHAR[], 'source')   THEN coalesce(f.source, '(none)') END           AS source,
        f.* EXCLUDE (period, tier, priority, channel, assignment_group, vendor, category, source)
    FROM facts f
    JOIN periods p ON p.period = f.period
), agg AS (
    SELECT period, tier, priority, channel, "group", vendor, category, source, count(*) FILTER (hit) AS num, count(*) FILTER (counted) AS den
    FROM cells
    GROUP BY ALL
)
-- every period x every tier x the other dimensions' combinations, with the aggregate where it
-- has the cell (queries/schema/004_macros.sql)
SELECT period, tier, priority, channel, "group", vendor, category, source,
       CASE WHEN den > 0 THEN num / den END AS value,
       coalesce(num, 0) AS numerator,
       coalesce(den, 0) AS denominator
FROM tl_spine('periods', 'agg', $by::VARCHAR[])
ORDER BY period, tier_rank, tier, priority, channel, "group", vendor, category, source;
