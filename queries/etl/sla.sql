-- Rebuilds the derived tables (queries/schema/003_sla.sql, 005_facts.sql) from their *_build
-- views (queries/views/011-019): the business calendars' windows, the SLA clock per status
-- interval, the SLA instances, the tier stays against their OLA, the per-ticket business
-- times, the per-ticket facts the KPIs count, what each source records, the backlog spans and
-- the SLA clocks in flight as spans. Run after every load and re-tier, inside the same
-- transaction, once the tickets, intervals and configuration tables are written: all of them
-- depend on those (and on as_of, the newest change of each source, which every load moves).
-- Order matters: calendar_windows feeds sla_clock, which feeds sla_instances and
-- tier_stay_clock; ticket_facts and sla_spans read sla_instances, ticket_clock reads
-- ticket_facts. Rows go in time order, so a KPI's range filter skips the row groups of other
-- periods. A full rebuild; DML only.
DELETE FROM calendar_windows;
INSERT INTO calendar_windows BY NAME SELECT * FROM calendar_windows_build;
DELETE FROM sla_clock;
INSERT INTO sla_clock BY NAME SELECT * FROM sla_clock_build;
DELETE FROM sla_instances;
INSERT INTO sla_instances BY NAME SELECT * FROM sla_instances_build;
DELETE FROM tier_stay_clock;
INSERT INTO tier_stay_clock BY NAME SELECT * FROM tier_stay_clock_build ORDER BY end_at;
DELETE FROM ticket_facts;
INSERT INTO ticket_facts BY NAME SELECT * FROM ticket_facts_build ORDER BY created_at;
DELETE FROM ticket_clock;
INSERT INTO ticket_clock BY NAME SELECT * FROM ticket_clock_build;
DELETE FROM source_data;
INSERT INTO source_data BY NAME SELECT * FROM source_data_build;
DELETE FROM backlog_spans;
INSERT INTO backlog_spans BY NAME SELECT * FROM backlog_spans_build;
DELETE FROM sla_spans;
INSERT INTO sla_spans BY NAME SELECT * FROM sla_spans_build ORDER BY day NULLS FIRST, lo;
