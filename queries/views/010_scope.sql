-- The per-ticket tables as the *_build views read them (views 011-019): the tickets of
-- derive_scope while a load derives only the tickets it touched, every ticket otherwise
-- (derive_scope is empty outside that transaction). Each build view reads its per-ticket
-- inputs through these, so a derivation of 10,000 tickets scans no more of the others than
-- the semi-join needs.
CREATE OR REPLACE VIEW scoped_tickets AS
SELECT * FROM tickets
WHERE NOT EXISTS (SELECT 1 FROM derive_scope) OR ticket_key IN (SELECT ticket_key FROM derive_scope);

CREATE OR REPLACE VIEW scoped_ticket_events AS
SELECT * FROM ticket_events
WHERE NOT EXISTS (SELECT 1 FROM derive_scope) OR ticket_key IN (SELECT ticket_key FROM derive_scope);

CREATE OR REPLACE VIEW scoped_tier_intervals AS
SELECT * FROM tier_intervals
WHERE NOT EXISTS (SELECT 1 FROM derive_scope) OR ticket_key IN (SELECT ticket_key FROM derive_scope);

CREATE OR REPLACE VIEW scoped_status_intervals AS
SELECT * FROM status_intervals
WHERE NOT EXISTS (SELECT 1 FROM derive_scope) OR ticket_key IN (SELECT ticket_key FROM derive_scope);

CREATE OR REPLACE VIEW scoped_sla_clock AS
SELECT * FROM sla_clock
WHERE NOT EXISTS (SELECT 1 FROM derive_scope) OR ticket_key IN (SELECT ticket_key FROM derive_scope);

CREATE OR REPLACE VIEW scoped_sla_instances AS
SELECT * FROM sla_instances
WHERE NOT EXISTS (SELECT 1 FROM derive_scope) OR ticket_key IN (SELECT ticket_key FROM derive_scope);

CREATE OR REPLACE VIEW scoped_ticket_facts AS
SELECT * FROM ticket_facts
WHERE NOT EXISTS (SELECT 1 FROM derive_scope) OR ticket_key IN (SELECT ticket_key FROM derive_scope);
