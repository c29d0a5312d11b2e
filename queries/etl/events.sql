-- Events of an event-shaped file (one record per change): ordered per ticket by time, then by
-- file order; status and group carried forward over records that leave them empty; the kind of
-- each change derived from what changed unless the activity vocabulary names it; the tier from
-- the group (gt). Audit logs often start with a later update than the opening: a created event
-- is added at the opening time then (synthesized = true, seq 0).
CREATE OR REPLACE TEMP TABLE e_final AS
WITH r AS (
    SELECT
        number,
        rn,
        tl_utc(event_ts)                                AS event_at,
        created_ts,
        created_ts IS NOT NULL AND created_ts < event_ts AS created_before,
        act_kind,
        coalesce(act_status, status_c)                  AS status_raw,
        source_status,
        coalesce(act_group, assignment_group)           AS grp_raw,
        coalesce(agent, assignee)                       AS agent,
        coalesce(act_public, public_b)                  AS public,
        coalesce(act_role, CASE WHEN act_kind = 'reply' THEN CASE WHEN agent IS NULL THEN 'customer' ELSE 'agent' END END) AS actor_role
    FROM conv
    WHERE NOT bad
), o AS (
    SELECT *,
        row_number() OVER w                              AS ord,
        last_value(status_raw IGNORE NULLS) OVER w       AS status,
        last_value(grp_raw IGNORE NULLS) OVER w          AS grp,
        lag(status_raw) OVER w                           AS prev_raw_status
    FROM r
    WINDOW w AS (PARTITION BY number ORDER BY event_at, rn ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
), l AS (
    SELECT *,
        lag(status) OVER w2 AS prev_status,
        lag(grp)    OVER w2 AS prev_grp,
        lag(agent)  OVER w2 AS prev_agent
    FROM o
    WINDOW w2 AS (PARTITION BY number ORDER BY ord)
), ev AS (
    SELECT
        number,
        ord::INTEGER AS seq,
        event_at,
        coalesce(act_kind, CASE
            WHEN ord = 1 AND NOT created_before THEN 'created'
            WHEN status = 'resolved' AND coalesce(prev_status, 'new') NOT IN ('resolved', 'closed') THEN 'resolved'
            WHEN status = 'closed' AND coalesce(prev_status, 'new') <> 'closed' THEN 'closed'
            WHEN prev_status IN ('resolved', 'closed') AND status IN ('new', 'open', 'pending') THEN 'reopened'
            WHEN ord > 1 AND grp IS DISTINCT FROM prev_grp THEN 'assigned'
            WHEN status IS DISTINCT FROM coalesce(prev_status, 'new') THEN 'status'
            WHEN ord > 1 AND agent IS DISTINCT FROM prev_agent THEN 'assigned'
            ELSE 'updated' END)                          AS kind,
        status,
        source_status,
        grp                                              AS assignment_group,
        agent,
        public,
        coalesce(actor_role, 'agent')                    AS actor_role,
        rn,
        CASE WHEN created_before AND ord = 1 THEN tl_utc(created_ts) END AS created_at
    FROM l
)
SELECT
    $source || ':' || e.number                                            AS ticket_key,
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
    CASE WHEN e.synth THEN NULL ELSE e.rn END                             AS rn
FROM (
    -- A record that needs a created event before it yields two rows: the event and itself.
    SELECT *, unnest(CASE WHEN created_at IS NOT NULL THEN [true, false] ELSE [false] END) AS synth
    FROM ev
) e
LEFT JOIN gt g ON g.assignment_group = e.assignment_group;
