-- The events of this load with the created event audit logs leave out (the first record is
-- often a later update than the opening), and each event's tier from its group.
INSERT INTO e_new
SELECT e.ticket_key, 0, t.created_at, 'created', 'new', NULL, e.assignment_group, NULL, NULL,
       'system', true, NULL, false
FROM e_new e
JOIN t_new t USING (ticket_key)
WHERE e.needs_created;

CREATE OR REPLACE TEMP TABLE e_final AS
SELECT e.ticket_key, e.seq, e.event_at, e.kind, e.status, e.source_status, e.assignment_group,
       CASE WHEN e.assignment_group IS NULL THEN NULL ELSE coalesce(g.tier, 'unmapped') END AS tier,
       g.vendor, e.agent, e.public, e.actor_role, e.synthesized
FROM e_new e
LEFT JOIN gt g ON g.assignment_group = e.assignment_group;
