-- Tier and status intervals of the tickets in this load, from the boundaries events.sql marked.
-- A tier interval is a stay with one assignment group while the ticket is being worked: it
-- ends where the next one starts or where the work ends (resolved, closed, cancelled); a
-- reopening starts a new stay, entered_by 'reopened' when the same group takes it back.
CREATE OR REPLACE TEMP TABLE ti_new AS
WITH bounds AS (
    -- Where stays start and where work ends, in order; a stay ends at the next of either.
    SELECT number, seq, event_at, assignment_group, tier, vendor, status, starts_stay, ends_work,
        lead(event_at) OVER p                 AS next_at,
        lead(starts_stay) OVER p              AS next_is_start,
        lead(status) OVER p                   AS next_status,
        coalesce(lag(ends_work) OVER p, false) AS after_end
    FROM e_final
    WHERE starts_stay OR ends_work
    WINDOW p AS (PARTITION BY number ORDER BY seq)
), stays AS (
    SELECT *,
        row_number() OVER s                   AS iseq,
        lag(tier) OVER s                      AS from_tier,
        lag(assignment_group) OVER s          AS from_group
    FROM bounds
    WHERE starts_stay
    WINDOW s AS (PARTITION BY number ORDER BY seq)
), entered AS (
    SELECT stays.*,
        CASE
            WHEN iseq = 1 THEN 'created'
            WHEN after_end AND assignment_group = from_group THEN 'reopened'
            ELSE tl_move(rk.rank, rf.rank)
        END AS entered_by
    FROM stays
    LEFT JOIN tier_rank rk ON rk.tier = stays.tier
    LEFT JOIN tier_rank rf ON rf.tier = stays.from_tier
)
SELECT
    e.number,
    e.iseq::INTEGER AS seq,
    e.tier,
    e.assignment_group,
    e.vendor,
    e.event_at AS start_at,
    -- a stay begun by the record that ends the work (a move at resolution) ends there
    CASE WHEN e.ends_work THEN e.event_at ELSE coalesce(e.next_at, CASE
        WHEN t.status IN ('resolved', 'closed') THEN greatest(e.event_at, coalesce(t.resolved_at, t.closed_at))
        WHEN t.status = 'cancelled' THEN greatest(e.event_at, coalesce(t.closed_at, t.updated_at))
    END) END AS end_at,
    e.entered_by,
    e.from_tier,
    CASE
        WHEN e.ends_work THEN CASE WHEN e.status = 'cancelled' THEN 'cancelled' ELSE 'resolved' END
        WHEN e.next_is_start THEN lead(e.entered_by) OVER p2
        WHEN e.next_status = 'cancelled' THEN 'cancelled'
        WHEN e.next_status IS NOT NULL THEN 'resolved'
        WHEN t.status IN ('resolved', 'closed') THEN 'resolved'
        WHEN t.status = 'cancelled' THEN 'cancelled'
    END AS ended_by
FROM entered e
JOIN t_new t USING (number)
WINDOW p2 AS (PARTITION BY e.number ORDER BY e.iseq);

-- Status intervals: a new interval at each change of canonical status, or of the waiting
-- reason while pending. The SLA clock is paused while pending and stopped once resolved.
CREATE OR REPLACE TEMP TABLE si_new AS
SELECT
    number,
    row_number() OVER p AS seq,
    status,
    source_status,
    event_at AS start_at,
    lead(event_at) OVER p AS end_at,
    CASE WHEN status IN ('resolved', 'closed', 'cancelled') THEN 'stopped'
         WHEN status = 'pending' THEN 'paused'
         ELSE 'running' END AS clock,
    CASE WHEN status = 'pending' THEN coalesce(source_status, 'pending') END AS pause_reason
FROM e_final
WHERE starts_status
WINDOW p AS (PARTITION BY number ORDER BY seq);

-- Group moves seen in the events (escalations, de-escalations, reassignments and transfers
-- between stays; none for a ticket without a group), beside the source's own counter, which
-- stays where the source has one.
UPDATE t_new SET
    reassignments_seen = m.moves,
    reassignment_count = coalesce(t_new.reassignment_count, m.moves)
FROM (
    SELECT t.number,
           count(i.seq) FILTER (i.entered_by IN ('escalation', 'de-escalation', 'reassignment', 'transfer'))::INTEGER AS moves
    FROM t_new t
    LEFT JOIN ti_new i USING (number)
    WHERE t.history = 'events'
    GROUP BY t.number
) m
WHERE t_new.number = m.number;
