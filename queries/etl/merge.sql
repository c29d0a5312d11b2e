-- Writes one file's tickets into the warehouse. Runs inside the file's transaction. Only the
-- tickets this file brings newer or first are written (see decide.sql); the loader replaces
-- each KEEP marker with that filter, or with nothing when every ticket of the file is kept.
DELETE FROM tickets          WHERE ticket_key IN (SELECT ticket_key FROM decision WHERE action = 'update');
DELETE FROM ticket_events    WHERE ticket_key IN (SELECT ticket_key FROM decision WHERE action = 'update');
DELETE FROM tier_intervals   WHERE ticket_key IN (SELECT ticket_key FROM decision WHERE action = 'update');
DELETE FROM status_intervals WHERE ticket_key IN (SELECT ticket_key FROM decision WHERE action = 'update');

INSERT INTO tickets BY NAME
SELECT t.ticket_key, t.source, t.number, t.title, t.created_at, t.first_response_at,
       t.first_resolved_at, t.resolved_at, t.closed_at, t.status, t.source_status, t.priority,
       t.source_priority, t.category, t.subcategory, t.channel, t.requester, t.assignee,
       t.assignment_group,
       coalesce(t.explicit_tier, g.tier, CASE WHEN t.assignment_group IS NOT NULL THEN 'unmapped' END) AS tier,
       coalesce(t.vendor, g.vendor) AS vendor, t.reassignment_count, t.reopen_count, t.agent_replies,
       t.customer_replies, t.knowledge, t.csat_score, t.source_made_sla, t.updated_at, t.history,
       t.row_hash, $load_id AS load_id, t.reopens_seen, t.reassignments_seen,
       t.source_first_response_hours, t.source_resolution_hours
FROM t_new t
LEFT JOIN gt g ON g.assignment_group = t.assignment_group
WHERE true /*KEEP*/;

INSERT INTO ticket_events
SELECT $source || ':' || e.number, e.seq, e.event_at, e.kind, e.status, e.source_status, e.assignment_group,
       e.tier, e.agent, e.public, e.actor_role, e.synthesized, $load_id
FROM e_final e
WHERE true /*KEEP*/;

INSERT INTO tier_intervals
SELECT $source || ':' || number, * EXCLUDE (number) FROM ti_new WHERE true /*KEEP*/;

INSERT INTO status_intervals
SELECT $source || ':' || number, * EXCLUDE (number) FROM si_new WHERE true /*KEEP*/;

INSERT INTO group_tiers SELECT source, assignment_group, tier, vendor, rule FROM gt_new;

-- The tickets written here wait for the derivation after the files (etl/refresh.go).
INSERT INTO derive_queue SELECT ticket_key FROM decision WHERE action IN ('new', 'update');
