-- Events of an event-shaped file (one record per change): ordered per ticket by time, then by
-- file order; status and group carried forward over records that leave them empty; the kind of
-- each change derived from what changed unless the activity vocabulary names it.
CREATE OR REPLACE TEMP TABLE e_new AS
WITH r AS (
    SELECT
        $source || ':' || number                        AS ticket_key,
        rn,
        tl_utc(event_ts)                                AS event_at,
        created_ts IS NOT NULL AND created_ts < event_ts AS created_before,
        act_kind,
        coalesce(act_status, status_c)                  AS status_raw,
        source_status,
        coalesce(act_group, assignment_group)           AS grp_raw,
        coalesce(agent, assignee)                       AS agent,
        coalesce(act_public, public_b)                  AS public,
        coalesce(act_role, CASE WHEN act_kind = 'reply' THEN 'agent' END) AS actor_role
    FROM conv
    WHERE NOT bad
), o AS (
    SELECT *,
        row_number() OVER w                              AS ord,
        last_value(status_raw IGNORE NULLS) OVER w       AS status,
        last_value(grp_raw IGNORE NULLS) OVER w          AS grp
    FROM r
    WINDOW w AS (PARTITION BY ticket_key ORDER BY event_at, rn ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
), l AS (
    SELECT *,
        lag(status) OVER w2 AS prev_status,
        lag(grp)    OVER w2 AS prev_grp,
        lag(agent)  OVER w2 AS prev_agent
    FROM o
    WINDOW w2 AS (PARTITION BY ticket_key ORDER BY ord)
)
SELECT
    ticket_key,
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
        ELSE 'updated' END)                              AS kind,
    status,
    source_status,
    grp                                                  AS assignment_group,
    agent,
    public,
    coalesce(actor_role, 'agent')                        AS actor_role,
    false                                                AS synthesized,
    rn,
    created_before AND ord = 1                           AS needs_created
FROM l;
