-- Events of an event-shaped file (one record per change): ordered per ticket by time, then by
-- the ticket's file order read in its direction (row_order.sql); status and group carried forward over records that leave them empty; the kind of
-- each change derived from what changed unless the activity vocabulary names it; the tier from
-- the group (gt). Audit logs often start with a later update than the opening: a created event
-- is added at the opening time then (synthesized = true, seq 0).
--
-- Everything per ticket comes from ONE window pass (one sort): the carried values, the values
-- before each event, and whether the event starts a tier stay or a status stretch, so the
-- interval SQL only looks at those starts. A tier stay starts where the working group changes:
-- group changes while the ticket is resolved, closed or cancelled count from its reopening.
CREATE OR REPLACE TEMP TABLE e_final AS
WITH r AS (
    SELECT
        number,
        rowid + 1                                       AS rn,
        tl_at(event_ts, zoned, 32)                                AS event_at,
        created_ts,
        zoned,
        -- naive times of one file share its zone, times with offsets are UTC: compared as they
        -- stand (a record mixing the two is off by the zone's offset at most, and no
        -- conversion runs on the hot path)
        coalesce(created_ts < event_ts, false)          AS created_before,
        act_kind,
        coalesce(act_status, status_c)                  AS status_raw,
        source_status,
        coalesce(act_group, assignment_group)           AS grp_raw,
        coalesce(agent, assignee)                       AS agent,
        coalesce(act_public, public_b)                  AS public,
        csat_d,
        knowledge_b,
        coalesce(act_role, CASE WHEN act_kind = 'reply' THEN CASE WHEN agent IS NULL THEN 'customer' ELSE 'agent' END END) AS actor_role
    FROM conv
    WHERE NOT bad
), rd AS (
    -- Records of equal time: a record the source names the creation comes first, whatever
    -- the file says; the rest keep the ticket's file order, read forwards or backwards.
    SELECT r.*,
        CASE WHEN act_kind = 'created' THEN 0 ELSE 1 END AS phase,
        r.rn * coalesce(d.detected, $row_order) AS tie
    FROM r JOIN row_dir d USING (number)
), o AS (
    SELECT *,
        row_number() OVER w                                                        AS ord,
        first_value(created_before) OVER (w ROWS UNBOUNDED PRECEDING)              AS ticket_created_before,
        last_value(status_raw IGNORE NULLS) OVER (w ROWS UNBOUNDED PRECEDING)      AS status,
        last_value(status_raw IGNORE NULLS) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_status_c,
        last_value(grp_raw IGNORE NULLS) OVER (w ROWS UNBOUNDED PRECEDING)         AS grp_c,
        last_value(grp_raw IGNORE NULLS) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_grp_c,
        -- the group of the last earlier event that was worked (not in a terminal status)
        last_value(CASE WHEN coalesce(status_raw, 'open') NOT IN ('resolved', 'closed', 'cancelled') THEN grp_raw END IGNORE NULLS)
            OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)               AS prev_work_grp_c,
        first_value(grp_raw IGNORE NULLS) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS first_grp,
        lag(agent) OVER w                                                           AS prev_agent,
        lag(source_status) OVER w                                                   AS prev_source
    FROM rd
    WINDOW w AS (PARTITION BY number ORDER BY event_at, phase, tie)
), l AS (
    SELECT *,
        -- Before the first record, a synthesized created event stands in: status new, first group.
        CASE WHEN ord = 1 AND created_before THEN 'new' ELSE prev_status_c END            AS prev_status,
        CASE WHEN ord = 1 AND NOT created_before THEN NULL ELSE coalesce(prev_grp_c, first_grp) END AS prev_grp,
        -- Records before the first one naming a group were held by that group already.
        coalesce(grp_c, first_grp)                                                         AS grp,
        -- before any worked record with a group, the ticket's first group holds it (also when
        -- its first record is already resolved)
        coalesce(prev_work_grp_c, CASE WHEN ord > 1 OR ticket_created_before THEN first_grp END) AS prev_work_grp
    FROM o
), ev AS (
    SELECT
        number,
        ord::INTEGER AS seq,
        event_at,
        -- A move from resolved or closed back to an open status is a reopening whatever the
        -- source calls the event (a status change, an activity such as "In Progress").
        CASE WHEN prev_status IN ('resolved', 'closed') AND status IN ('new', 'open', 'pending') THEN 'reopened'
        ELSE coalesce(act_kind, CASE
            WHEN ord = 1 AND NOT created_before THEN 'created'
            WHEN status = 'resolved' AND coalesce(prev_status, 'new') NOT IN ('resolved', 'closed') THEN 'resolved'
            WHEN status = 'closed' AND coalesce(prev_status, 'new') <> 'closed' THEN 'closed'
            WHEN prev_status IN ('resolved', 'closed') AND status IN ('new', 'open', 'pending') THEN 'reopened'
            WHEN prev_grp IS NOT NULL AND grp IS DISTINCT FROM prev_grp THEN 'assigned'
            WHEN status IS DISTINCT FROM coalesce(prev_status, 'new') THEN 'status'
            WHEN ord > 1 AND agent IS DISTINCT FROM prev_agent THEN 'assigned'
            ELSE 'updated' END) END                      AS kind,
        status,
        source_status,
        grp                                              AS assignment_group,
        agent,
        public,
        coalesce(actor_role, 'agent')                    AS actor_role,
        rn,
        csat_d,
        knowledge_b,
        first_grp,
        CASE WHEN created_before AND ord = 1 THEN tl_at(created_ts, zoned, 1) END AS created_at,
        -- A stay starts with the first group, at a change of the working group, and at a
        -- reopening; work ends when the ticket turns resolved, closed or cancelled. The group on
        -- the record that ends the work is the group that ended it: if another group held the
        -- ticket, that is a move at that moment and the resolution counts there. Later group
        -- changes while the ticket stays resolved or closed move nothing until it reopens.
        grp IS NOT NULL AND (prev_work_grp IS NULL
            OR (coalesce(status, 'open') NOT IN ('resolved', 'closed', 'cancelled')
                AND (grp <> prev_work_grp OR prev_status IN ('resolved', 'closed', 'cancelled')))
            OR (status IN ('resolved', 'closed', 'cancelled')
                AND coalesce(prev_status, 'new') NOT IN ('resolved', 'closed', 'cancelled')
                AND grp <> prev_work_grp)) AS starts_stay,
        status IN ('resolved', 'closed', 'cancelled')
            AND coalesce(prev_status, 'new') NOT IN ('resolved', 'closed', 'cancelled')   AS ends_work,
        -- the ticket turns resolved here, whatever the event's kind (a first record may be
        -- its creation and its resolution at once)
        status = 'resolved' AND coalesce(prev_status, 'new') NOT IN ('resolved', 'closed') AS resolves,
        status IS NOT NULL AND (prev_status IS NULL OR status <> prev_status
            OR (status = 'pending' AND source_status IS DISTINCT FROM prev_source))  AS starts_status
    FROM l
)
SELECT
    e.number,
    CASE WHEN e.synth THEN 0 ELSE e.seq END                               AS seq,
    CASE WHEN e.synth THEN e.created_at ELSE e.event_at END               AS event_at,
    CASE WHEN e.synth THEN 'created' ELSE e.kind END                      AS kind,
    CASE WHEN e.synth THEN 'new' ELSE e.status END                        AS status,
    CASE WHEN e.synth THEN NULL ELSE e.source_status END                  AS source_status,
    e.assignment_group,
    CASE WHEN e.assignment_group IS NULL THEN NULL ELSE coalesce(g.tier, 'unmapped') END AS tier,
    g.vendor,
    CASE WHEN e.synth THEN NULL ELSE e.agent END                          AS agent,
    CASE WHEN e.synth THEN NULL ELSE e.public END                         AS public,
    CASE WHEN e.synth THEN 'system' ELSE e.actor_role END                 AS actor_role,
    e.synth                                                               AS synthesized,
    CASE WHEN e.synth THEN NULL ELSE e.rn END                             AS rn,
    CASE WHEN e.synth THEN NULL ELSE e.csat_d END                         AS csat_d,
    CASE WHEN e.synth THEN NULL ELSE e.knowledge_b END                    AS knowledge_b,
    CASE WHEN e.synth THEN e.assignment_group IS NOT NULL ELSE e.starts_stay END AS starts_stay,
    CASE WHEN e.synth THEN false ELSE e.ends_work END                     AS ends_work,
    CASE WHEN e.synth THEN false ELSE e.resolves END                      AS resolves,
    CASE WHEN e.synth THEN true ELSE e.starts_status END                  AS starts_status
FROM (
    -- A record that needs a created event before it yields two rows: the event and itself.
    SELECT ev.*, unnest(CASE WHEN ev.created_at IS NOT NULL THEN [true, false] ELSE [false] END) AS synth
    FROM ev
) e
LEFT JOIN gt g ON g.assignment_group = e.assignment_group;
