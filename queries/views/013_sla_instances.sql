-- SLA instances (DESIGN §7): one row per SLA clock a ticket ran, with its outcome.
-- sla_instances_build computes them from the sla_clock table; the sla_instances table holds
-- them as of the last load (queries/etl/sla.sql rebuilds both).
--
-- kind 'response': from creation to the first response (tickets.first_response_at). A ticket
--   resolved (or closed, or cancelled) before any recorded response stops the clock then: a
--   resolution answers the requester. One per ticket, cycle 1.
-- kind 'resolution': a cycle runs from creation, or from a reopen (the ticket leaves a
--   resolved or closed status), to the next resolution, close or cancellation.
--   reopen = 'restart': one instance per cycle, each against the full target.
--   reopen = 'continue': one instance from creation to the last stop; the clock resumes where
--   it was at each reopen (time spent resolved does not count).
-- Elapsed business time is the running SLA clock (sla_clock): business minutes on the
-- policy's calendar without paused (pause_statuses) and stopped time.
--
-- Columns:
--   start_at / stop_at           stop_at NULL while the clock still runs (read at as_of)
--   as_of                        the instant a clock in flight is read at (the newest change in
--                                its source); NULL once stopped, so a stopped instance never changes
--   stop_reason                  response, resolved, closed, cancelled; NULL while running
--   target_minutes               the policy's response_minutes or resolution_minutes
--   business_elapsed_minutes     SLA clock from start to stop (to as_of while running)
--   calendar_elapsed_minutes     wall-clock minutes from start to stop (to as_of)
--   paused_minutes               business minutes the clock was paused
--   breach_at                    the instant the clock passed the target; NULL if it did not
--   due_at                       running and not yet breached: when the target is reached if
--                                the clock keeps running; NULL while paused
--   status                       met (stopped within target, equal counts as met), breached
--                                (stopped past it), in_flight, in_flight_breached, or cancelled
--                                (stopped by a cancellation within target: neither met nor breached)
--   at_risk                      in flight, not breached, 75-100% of the target elapsed
--   tier, assignment_group, vendor   the stay holding the ticket at stop_at (at as_of while
--                                running): its last stay begun by then, as the metrics count it
--   priority, channel, category, source, agent   the ticket's, for breakdowns without a join
--   run_start_us / run_end_us    the sla_clock readings at start and stop (to read the clock
--                                at any instant in between: see sla_clock)
-- Tickets no policy matches have no instances; a policy without a target of a kind makes
-- no instances of that kind.
CREATE OR REPLACE VIEW sla_instances_build AS
WITH cycles AS (
    -- one row per resolution cycle: its start, its stop (the first stopped status in it)
    SELECT ticket_key, cycle,
        min(start_at)                                                    AS start_at,
        arg_min(run_before_us, seq)                                      AS run_start_us,
        arg_min(paused_before_us, seq)                                   AS paused_start_us,
        min(start_at) FILTER (status_clock = 'stopped')                  AS stop_at,
        arg_min(status, seq) FILTER (status_clock = 'stopped')           AS stop_status,
        arg_min(run_before_us, seq) FILTER (status_clock = 'stopped')    AS run_stop_us,
        arg_min(paused_before_us, seq) FILTER (status_clock = 'stopped') AS paused_stop_us,
        max(run_after_us)                                                AS run_last_us,
        max(paused_after_us)                                             AS paused_last_us
    FROM scoped_sla_clock
    WHERE has_policy
    GROUP BY ticket_key, cycle
), pol AS (
    SELECT s.ticket_key, s.policy, s.calendar, s.calendar_no, s.as_of, s.reopen,
           s.response_minutes, s.resolution_minutes, t.first_response_at,
           t.priority, t.channel, t.category, t.source, t.assignee AS agent
    FROM ticket_sla s
    JOIN scoped_tickets t ON t.ticket_key = s.ticket_key
    WHERE s.policy IS NOT NULL
), restart AS (
    SELECT p.ticket_key, p.policy, p.calendar, p.calendar_no, p.as_of, 'resolution' AS kind, c.cycle,
        c.start_at, c.stop_at, c.stop_status AS stop_reason,
        p.resolution_minutes AS target_minutes,
        c.run_start_us,
        coalesce(c.run_stop_us, c.run_last_us)       AS run_end_us,
        c.paused_start_us,
        coalesce(c.paused_stop_us, c.paused_last_us) AS paused_end_us
    FROM pol p
    JOIN cycles c ON c.ticket_key = p.ticket_key
    WHERE p.resolution_minutes IS NOT NULL AND p.reopen = 'restart'
), continued AS (
    SELECT p.ticket_key, p.policy, p.calendar, p.calendar_no, p.as_of, 'resolution' AS kind, 1 AS cycle,
        min(c.start_at)                                    AS start_at,
        arg_max(c.stop_at, c.cycle)                        AS stop_at,
        arg_max(c.stop_status, c.cycle)                    AS stop_reason,
        any_value(p.resolution_minutes)                    AS target_minutes,
        0::BIGINT                                          AS run_start_us,
        max(coalesce(c.run_stop_us, c.run_last_us))        AS run_end_us,
        0::BIGINT                                          AS paused_start_us,
        max(coalesce(c.paused_stop_us, c.paused_last_us))  AS paused_end_us
    FROM pol p
    JOIN cycles c ON c.ticket_key = p.ticket_key
    WHERE p.resolution_minutes IS NOT NULL AND p.reopen = 'continue'
    GROUP BY p.ticket_key, p.policy, p.calendar, p.calendar_no, p.as_of
), response_stop AS (
    -- the response clock stops at the first response, or at the end of the first cycle
    SELECT p.ticket_key, p.policy, p.calendar, p.calendar_no, p.as_of, p.response_minutes, c.start_at,
        CASE WHEN p.first_response_at IS NULL THEN c.stop_at
             ELSE least(greatest(p.first_response_at, c.start_at), c.stop_at) END AS stop_at,
        coalesce(p.first_response_at <= c.stop_at, p.first_response_at IS NOT NULL) AS by_response,
        c.stop_status, c.run_stop_us, c.run_last_us, c.paused_stop_us, c.paused_last_us
    FROM pol p
    JOIN cycles c ON c.ticket_key = p.ticket_key AND c.cycle = 1
    WHERE p.response_minutes IS NOT NULL
), response_at AS (
    -- M(first_response_at) on the calendar
    SELECT r.ticket_key, coalesce(business_at(u.cum_before_us, u.pieces, r.stop_at), 0) AS m_us
    FROM response_stop r
    LEFT JOIN calendar_utc_days u ON u.calendar_no = r.calendar_no AND u.day = r.stop_at::DATE
    WHERE r.by_response
), response_read AS (
    SELECT r.ticket_key,
        k.run_before_us    + CASE WHEN k.clock = 'running' THEN greatest(a.m_us - k.m_start_us, 0) ELSE 0 END AS run_us,
        k.paused_before_us + CASE WHEN k.clock = 'paused'  THEN greatest(a.m_us - k.m_start_us, 0) ELSE 0 END AS paused_us
    FROM response_stop r
    JOIN response_at a ON a.ticket_key = r.ticket_key
    JOIN scoped_sla_clock k ON k.ticket_key = r.ticket_key AND k.start_at <= r.stop_at AND (k.end_at > r.stop_at OR k.end_at IS NULL)
), response AS (
    SELECT r.ticket_key, r.policy, r.calendar, r.calendar_no, r.as_of, 'response' AS kind, 1 AS cycle,
        r.start_at, r.stop_at,
        CASE WHEN r.by_response THEN 'response' ELSE r.stop_status END AS stop_reason,
        r.response_minutes AS target_minutes,
        0::BIGINT AS run_start_us,
        CASE WHEN r.by_response THEN x.run_us ELSE coalesce(r.run_stop_us, r.run_last_us) END AS run_end_us,
        0::BIGINT AS paused_start_us,
        CASE WHEN r.by_response THEN x.paused_us ELSE coalesce(r.paused_stop_us, r.paused_last_us) END AS paused_end_us
    FROM response_stop r
    LEFT JOIN response_read x ON x.ticket_key = r.ticket_key
), inst AS (
    SELECT *,
        run_start_us + target_minutes * 60000000::BIGINT                  AS target_abs_us,
        run_end_us - run_start_us > target_minutes * 60000000::BIGINT     AS over
    FROM (SELECT * FROM response UNION ALL SELECT * FROM restart UNION ALL SELECT * FROM continued)
), crossing AS (
    -- where the clock reaches the target: the running interval holding that reading, then the
    -- calendar window where M reaches the interval's M at start plus the rest
    SELECT i.ticket_key, i.kind, i.cycle, i.calendar_no,
        k.m_start_us + (i.target_abs_us - k.run_before_us) AS m_cross_us
    FROM inst i
    JOIN scoped_sla_clock k
      ON k.ticket_key = i.ticket_key AND k.clock = 'running'
     AND k.run_before_us < i.target_abs_us
     AND (k.run_after_us >= i.target_abs_us OR k.end_at IS NULL)
     AND (k.business_us > 0 OR k.end_at IS NULL)
    WHERE i.over OR i.stop_at IS NULL
), crossed AS (
    SELECT c.ticket_key, c.kind, c.cycle,
        CASE WHEN w.calendar_no = c.calendar_no
             THEN w.start_at + to_microseconds(c.m_cross_us - w.cum_before_us) END AS cross_at
    FROM crossing c
    ASOF LEFT JOIN calendar_windows w ON calendar_key(c.calendar_no, c.m_cross_us) > w.cum_key
), tiered AS (
    -- the holding stay's tier, group and vendor as one struct: one aggregate state, not three
    SELECT i.ticket_key, i.kind, i.cycle,
        arg_max_null({'tier': s.tier, 'assignment_group': s.assignment_group, 'vendor': s.vendor}, s.seq) AS held
    FROM inst i
    JOIN scoped_tier_intervals s ON s.ticket_key = i.ticket_key AND s.start_at <= coalesce(i.stop_at, i.as_of)
    GROUP BY ALL
)
SELECT
    i.ticket_key,
    i.policy,
    i.kind,
    i.cycle::INTEGER                                                     AS cycle,
    i.start_at,
    i.stop_at,
    i.stop_reason,
    i.target_minutes,
    (i.run_end_us - i.run_start_us) / 60e6                               AS business_elapsed_minutes,
    date_diff('microsecond', i.start_at, coalesce(i.stop_at, greatest(i.as_of, i.start_at))) / 60e6 AS calendar_elapsed_minutes,
    (i.paused_end_us - i.paused_start_us) / 60e6                         AS paused_minutes,
    CASE WHEN i.over THEN x.cross_at END                                 AS breach_at,
    CASE WHEN NOT i.over AND i.stop_at IS NULL THEN x.cross_at END       AS due_at,
    CASE
        WHEN i.stop_at IS NULL AND i.over THEN 'in_flight_breached'
        WHEN i.stop_at IS NULL            THEN 'in_flight'
        WHEN i.over                       THEN 'breached'
        WHEN i.stop_reason = 'cancelled'  THEN 'cancelled'
        ELSE 'met'
    END                                                                  AS status,
    i.stop_at IS NULL AND NOT i.over
        AND (i.run_end_us - i.run_start_us) * 4 >= i.target_minutes * 60000000::BIGINT * 3 AS at_risk,
    t.held.tier,
    t.held.assignment_group,
    t.held.vendor,
    p.priority,
    p.channel,
    p.category,
    p.source,
    p.agent,
    i.calendar,
    i.calendar_no,
    CASE WHEN i.stop_at IS NULL OR i.stop_at > i.as_of THEN i.as_of END AS as_of,
    i.run_start_us,
    i.run_end_us
FROM inst i
LEFT JOIN crossed x ON x.ticket_key = i.ticket_key AND x.kind = i.kind AND x.cycle = i.cycle
LEFT JOIN tiered t ON t.ticket_key = i.ticket_key AND t.kind = i.kind AND t.cycle = i.cycle
JOIN pol p ON p.ticket_key = i.ticket_key;


-- sla_tickets: one row per ticket with SLA instances: its outcome over all of them.
--   breached             any response or resolution instance breached (stopped or in flight)
--   response_status      status of the response instance
--   resolution_status    the worst status over the resolution cycles (breached,
--                        in_flight_breached, in_flight, met, cancelled: in that order)
--   cycles               resolution instances
--   first_breach_at      the earliest breach
--   source_made_sla      the source system's own flag (tickets.source_made_sla), to compare
CREATE OR REPLACE VIEW sla_tickets AS
SELECT
    s.ticket_key,
    any_value(s.policy)                                                              AS policy,
    bool_or(s.status IN ('breached', 'in_flight_breached'))                          AS breached,
    any_value(s.status) FILTER (s.kind = 'response')                                 AS response_status,
    arg_max(s.status, CASE s.status WHEN 'breached' THEN 5 WHEN 'in_flight_breached' THEN 4
        WHEN 'in_flight' THEN 3 WHEN 'met' THEN 2 ELSE 1 END) FILTER (s.kind = 'resolution') AS resolution_status,
    count(*) FILTER (s.kind = 'resolution')                                          AS cycles,
    min(s.breach_at)                                                                 AS first_breach_at,
    any_value(t.source_made_sla)                                                     AS source_made_sla
FROM sla_instances s
JOIN tickets t ON t.ticket_key = s.ticket_key
GROUP BY s.ticket_key;
