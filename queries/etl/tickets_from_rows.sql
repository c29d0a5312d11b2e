-- Tickets of a ticket-shaped (flat) file: one record per ticket. A ticket listed twice keeps
-- its newest record (updated time, then file order). History is unknown: history = 'flat'.
CREATE OR REPLACE TEMP TABLE t_new AS
WITH u AS (
    SELECT *, rowid + 1 AS rn,
        tl_at(created_ts, zoned, 1)        AS created_u,
        tl_at(first_response_ts, zoned, 2) AS first_response_u,
        -- an export without a resolution time: the closing is the resolution (a finding says so)
        coalesce(tl_at(resolved_ts, zoned, 4), CASE WHEN NOT $has_resolved AND status_c = 'closed' THEN tl_at(closed_ts, zoned, 8) END) AS resolved_u,
        NOT $has_resolved AND status_c = 'closed' AND closed_ts IS NOT NULL AS resolved_from_closed,
        tl_at(closed_ts, zoned, 8)         AS closed_u,
        tl_at(updated_ts, zoned, 16)       AS updated_u
    FROM conv
    WHERE NOT bad
), c AS (
    SELECT * FROM u
    QUALIFY row_number() OVER (PARTITION BY number ORDER BY coalesce(updated_u, created_u) DESC, rn DESC) = 1
), t AS (
    SELECT
        $source || ':' || number                                      AS ticket_key,
        $source                                                       AS source,
        number,
        title,
        created_u                                                     AS created_at,
        first_response_u                                              AS first_response_at,
        CASE WHEN coalesce(reopen_i, 0) = 0 THEN resolved_u END       AS first_resolved_at,
        resolved_u                                                    AS resolved_at,
        closed_u                                                      AS closed_at,
        status_c                                                      AS status,
        source_status,
        priority_c                                                    AS priority,
        source_priority,
        category,
        subcategory,
        channel_c                                                     AS channel,
        requester,
        assignee,
        assignment_group,
        tier                                                          AS explicit_tier,
        vendor,
        reassignment_i                                                AS reassignment_count,
        reopen_i                                                      AS reopen_count,
        NULL::INTEGER                                                 AS reopens_seen,
        NULL::INTEGER                                                 AS reassignments_seen,
        agent_replies_i                                               AS agent_replies,
        customer_replies_i                                            AS customer_replies,
        knowledge_b                                                   AS knowledge,
        csat_d                                                        AS csat_score,
        made_sla_b                                                    AS source_made_sla,
        greatest(coalesce(updated_u, created_u), coalesce(resolved_u, created_u), coalesce(closed_u, created_u)) AS updated_at,
        'flat'                                                        AS history,
        source_first_response_hours,
        source_resolution_hours,
        resolved_from_closed
    FROM c
)
SELECT t.* EXCLUDE (resolved_from_closed), hash(t) AS row_hash, t.resolved_from_closed
FROM t;

-- Synthesized events, so history-free exports still have a timeline: created, then the
-- current waiting state, resolution, closing or cancellation where the record shows them.
CREATE OR REPLACE TEMP TABLE e_final AS
SELECT e.number, row_number() OVER (PARTITION BY e.number ORDER BY e.event_at, e.ord)::INTEGER AS seq,
       e.event_at, e.kind, e.status, e.source_status, e.assignment_group,
       CASE WHEN e.assignment_group IS NULL THEN NULL ELSE coalesce(g.tier, 'unmapped') END AS tier,
       g.vendor, NULL::VARCHAR AS agent, NULL::BOOLEAN AS public, 'system' AS actor_role,
       true AS synthesized, NULL::BIGINT AS rn,
       -- one group per flat ticket: its only stay starts with the created event and ends with
       -- the first resolution, closing or cancellation
       e.kind = 'created' AND e.assignment_group IS NOT NULL AS starts_stay,
       e.ord = min(e.ord) FILTER (e.status IN ('resolved', 'closed', 'cancelled')) OVER (PARTITION BY e.number) AS ends_work,
       true AS starts_status
FROM (
    SELECT number, created_at AS event_at, 1 AS ord, 'created' AS kind,
           CASE WHEN status = 'new' THEN 'new' ELSE 'open' END AS status, NULL AS source_status, assignment_group
    FROM t_new
    UNION ALL
    SELECT number, updated_at, 2, 'status', 'pending', source_status, assignment_group
    FROM t_new WHERE status = 'pending'
    UNION ALL
    SELECT number, resolved_at, 3, 'resolved', 'resolved', NULL, assignment_group
    FROM t_new WHERE resolved_at IS NOT NULL AND status IN ('resolved', 'closed')
    UNION ALL
    SELECT number, closed_at, 4, 'closed', 'closed', source_status, assignment_group
    FROM t_new WHERE closed_at IS NOT NULL AND status = 'closed'
    UNION ALL
    SELECT number, coalesce(closed_at, updated_at), 5, 'status', 'cancelled', source_status, assignment_group
    FROM t_new WHERE status = 'cancelled'
) e
LEFT JOIN gt g ON g.assignment_group = e.assignment_group;
