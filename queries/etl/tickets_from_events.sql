-- Tickets of an event-shaped file. Ticket fields come from the ticket's latest record, in the
-- events' order (time, then row order; audit logs repeat the ticket's fields on every record); times of resolution, closing
-- and first response come from the events when the file has no column for them.
CREATE OR REPLACE TEMP TABLE t_new AS
WITH ev AS (
    SELECT
        number,
        arg_max(rn, seq)                                               AS last_rn,  -- the latest record by time (then row order), never merely the last row of the file
        min(event_at)                                                        AS first_at,
        max(event_at)                                                        AS last_at,
        min(event_at) FILTER (resolves OR kind = 'resolved')                 AS first_resolved_ev,
        max(event_at) FILTER (resolves OR kind = 'resolved')                 AS last_resolved_ev,
        max(event_at) FILTER (kind = 'closed')                               AS closed_ev,
        min(event_at) FILTER (kind = 'reply' AND actor_role = 'agent' AND public IS NOT false) AS first_reply_ev,
        min(event_at) FILTER (seq > 1 AND (status <> 'new' OR kind = 'assigned')) AS first_touch_ev,
        count(*) FILTER (kind = 'reopened')                            AS reopened_ev,
        count(*) FILTER (kind = 'reply' AND actor_role = 'agent')      AS agent_replies_ev,
        count(*) FILTER (kind = 'reply' AND actor_role = 'customer')   AS customer_replies_ev,
        arg_max(status, seq)                                           AS last_status,
        arg_max(assignment_group, seq)                                 AS last_group,
        -- the group of the last stay: a group named while the ticket stays resolved or closed
        -- takes it over only when it reopens
        arg_max(assignment_group, seq) FILTER (starts_stay)            AS stay_group,
        -- the agent holding the ticket last: the latest one an assignment, a status change or
        -- an agent's reply names (a customer's reply names none)
        arg_max(agent, seq) FILTER (agent IS NOT NULL AND (kind <> 'reply' OR actor_role = 'agent')) AS last_agent,
        bit_xor(hash(seq, event_at, kind, status, assignment_group, agent, public)) AS ev_hash,
        -- event-level facts any record may carry: the latest survey score, any article used
        arg_max(csat_d, seq) FILTER (csat_d IS NOT NULL)                AS csat_ev,
        bool_or(knowledge_b)                                           AS knowledge_ev
    FROM e_final
    GROUP BY number
), t AS (
    SELECT
        $source || ':' || ev.number                                    AS ticket_key,
        $source                                                        AS source,
        ev.number,
        c.title,
        coalesce(least(tl_at(c.created_ts, c.zoned, 1), ev.first_at), ev.first_at) AS created_at,
        coalesce(tl_at(c.first_response_ts, c.zoned, 2), ev.first_reply_ev,
                 CASE WHEN NOT $has_replies THEN ev.first_touch_ev END) AS first_response_at,
        coalesce(ev.first_resolved_ev, tl_at(c.resolved_ts, c.zoned, 4))           AS first_resolved_at,
        coalesce(tl_at(c.resolved_ts, c.zoned, 4), ev.last_resolved_ev)            AS resolved_at,
        coalesce(tl_at(c.closed_ts, c.zoned, 8), ev.closed_ev)                     AS closed_at,
        coalesce(c.status_c, ev.last_status)                            AS status,
        c.source_status,
        c.priority_c                                                    AS priority,
        c.source_priority,
        c.category,
        c.subcategory,
        c.channel_c                                                     AS channel,
        c.requester,
        coalesce(c.assignee, ev.last_agent)                             AS assignee,
        coalesce(ev.stay_group, c.assignment_group, ev.last_group)      AS assignment_group,
        c.tier                                                          AS explicit_tier,
        c.vendor,
        -- the source's counters when it has them; else what the events show (the group moves
        -- are counted from the stays, in intervals.sql)
        c.reassignment_i::INTEGER                                       AS reassignment_count,
        coalesce(c.reopen_i, ev.reopened_ev)::INTEGER                   AS reopen_count,
        ev.reopened_ev::INTEGER                                         AS reopens_seen,
        NULL::INTEGER                                                   AS reassignments_seen,
        CASE WHEN $has_replies THEN coalesce(c.agent_replies_i, ev.agent_replies_ev) ELSE c.agent_replies_i END::INTEGER AS agent_replies,
        CASE WHEN $has_replies THEN coalesce(c.customer_replies_i, ev.customer_replies_ev) ELSE c.customer_replies_i END::INTEGER AS customer_replies,
        ev.knowledge_ev                                                 AS knowledge,
        coalesce(ev.csat_ev, c.csat_d)                                AS csat_score,
        c.made_sla_b                                                    AS source_made_sla,
        greatest(ev.last_at, tl_at(c.updated_ts, c.zoned, 16))                      AS updated_at,
        'events'                                                        AS history,
        c.source_first_response_hours,
        c.source_resolution_hours,
        ev.ev_hash
    FROM ev
    JOIN conv c ON c.rowid = ev.last_rn - 1
)
SELECT t.* EXCLUDE (ev_hash),
       hash(t) AS row_hash
FROM t;
