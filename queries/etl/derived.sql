-- The derived tables (queries/schema/003_sla.sql, 005_facts.sql), each the stored result of
-- its *_build view (queries/views/011-019, where every column is documented): the business
-- calendars as instants, the SLA clock per status interval, the SLA instances, the tier stays
-- against their OLA, the per-ticket facts the KPIs count and their business times, what each
-- source records, the backlog spans and the SLA clocks in flight as spans.
--
-- etl/refresh.go runs the blocks below in this order, in one transaction with the
-- configuration tables, after the files of a load are committed. A block marked `per ticket`
-- is rebuilt either whole (a first load, --rebuild, a change of the configuration it depends
-- on) or for the tickets of derive_scope only: refresh.go replaces /*SCOPE*/ with
-- `WHERE ticket_key IN (SELECT ticket_key FROM derive_scope)` and fills derive_scope, which
-- the build views read through (queries/views/010_scope.sql). The other blocks are small and
-- always rebuilt whole. Order matters: calendar_windows feeds sla_clock, which feeds
-- sla_instances and tier_stay_clock; ticket_facts and sla_spans read sla_instances,
-- ticket_clock reads ticket_facts. A whole rebuild writes rows in time order, so a KPI's range
-- filter skips the row groups of other periods. DML only.

-- block: calendar_windows
DELETE FROM calendar_windows;
INSERT INTO calendar_windows BY NAME SELECT * FROM calendar_windows_build;

-- block: sla_clock per ticket
DELETE FROM sla_clock /*SCOPE*/;
INSERT INTO sla_clock BY NAME SELECT * FROM sla_clock_build;

-- block: sla_instances per ticket
DELETE FROM sla_instances /*SCOPE*/;
INSERT INTO sla_instances BY NAME SELECT * FROM sla_instances_build;

-- block: tier_stay_clock per ticket
DELETE FROM tier_stay_clock /*SCOPE*/;
INSERT INTO tier_stay_clock BY NAME SELECT * FROM tier_stay_clock_build ORDER BY end_at;

-- block: ticket_facts per ticket
DELETE FROM ticket_facts /*SCOPE*/;
INSERT INTO ticket_facts BY NAME SELECT * FROM ticket_facts_build ORDER BY created_at;

-- block: ticket_clock per ticket
DELETE FROM ticket_clock /*SCOPE*/;
INSERT INTO ticket_clock BY NAME SELECT * FROM ticket_clock_build;

-- block: source_data
DELETE FROM source_data;
INSERT INTO source_data BY NAME SELECT * FROM source_data_build;

-- block: backlog_spans per ticket
DELETE FROM backlog_spans /*SCOPE*/;
INSERT INTO backlog_spans BY NAME SELECT * FROM backlog_spans_build;

-- block: sla_spans per ticket
DELETE FROM sla_spans /*SCOPE*/;
INSERT INTO sla_spans BY NAME SELECT * FROM sla_spans_build ORDER BY day NULLS FIRST, lo;
