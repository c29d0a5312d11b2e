-- The per-ticket tables as the *_build views read them (views 011-019): every ticket, except
-- while a load derives only the tickets it touched (etl/refresh.go sets the session variable
-- tl_scoped and fills derive_scope, inside its transaction): then the tickets of derive_scope.
-- The variable is read when a query is bound, so the optimizer drops the branch that does not
-- apply: a whole derivation reads plain scans, a scoped one a semi-join, and any other
-- connection (which has no such variable) sees every ticket.

CREATE OR REPLACE VIEW scoped_tickets AS
SELECT * FROM tickets WHERE getvariable('tl_scoped') IS NULL
UNION ALL
SELECT * FROM tickets WHERE getvariable('tl_scoped') AND ticket_key IN (SELECT ticket_key FROM derive_scope);

CREATE OR REPLACE VIEW scoped_ticket_events AS
SELECT * FROM ticket_events WHERE getvariable('tl_scoped') IS NULL
UNION ALL
SELECT * FROM ticket_events WHERE getvariable('tl_scoped') AND ticket_key IN (SELECT ticket_key FROM derive_scope);

CREATE OR REPLACE VIEW scoped_tier_intervals AS
SELECT * FROM tier_intervals WHERE getvariable('tl_scoped') IS NULL
UNION ALL
SELECT * FROM tier_intervals WHERE getvariable('tl_scoped') AND ticket_key IN (SELECT ticket_key FROM derive_scope);

CREATE OR REPLACE VIEW scoped_status_intervals AS
SELECT * FROM status_intervals WHERE getvariable('tl_scoped') IS NULL
UNION ALL
SELECT * FROM status_intervals WHERE getvariable('tl_scoped') AND ticket_key IN (SELECT ticket_key FROM derive_scope);

CREATE OR REPLACE VIEW scoped_sla_clock AS
SELECT * FROM sla_clock WHERE getvariable('tl_scoped') IS NULL
UNION ALL
SELECT * FROM sla_clock WHERE getvariable('tl_scoped') AND ticket_key IN (SELECT ticket_key FROM derive_scope);

CREATE OR REPLACE VIEW scoped_sla_instances AS
SELECT * FROM sla_instances WHERE getvariable('tl_scoped') IS NULL
UNION ALL
SELECT * FROM sla_instances WHERE getvariable('tl_scoped') AND ticket_key IN (SELECT ticket_key FROM derive_scope);

CREATE OR REPLACE VIEW scoped_ticket_facts AS
SELECT * FROM ticket_facts WHERE getvariable('tl_scoped') IS NULL
UNION ALL
SELECT * FROM ticket_facts WHERE getvariable('tl_scoped') AND ticket_key IN (SELECT ticket_key FROM derive_scope);
