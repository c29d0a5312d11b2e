// Package sample generates deterministic, realistic help desk ticket exports
// for demos, tests and benchmarks of tierlens.
//
// One simulation drives every format: each ticket is played out as a
// sequence of events (created, assigned, replies, pending spells, escalations
// L1→L2→L3→L4 and bounces back down, resolution, reopen, auto-close, CSAT)
// against a Europe/Madrid working calendar, then rendered as a ServiceNow
// incident list export, a ServiceNow row-per-update audit log shaped like the
// public UCI incident event log, a generic one-row-per-event file written
// as CSV, JSON lines and Parquet, or the Zendesk incremental tickets export
// with its ticket audits (names where Zendesk writes ids). Tickets are generated and written one at a
// time, so memory does not grow with the number of tickets.
//
// The same Options (including Seed and End) always produce byte-identical
// files: nothing reads the wall clock and nothing depends on map order.
//
// The package does not read exports, map groups to tiers or compute KPIs;
// it only writes files that the importers in etl/profiles can load. The
// group names it uses match tierlens' default tier map, except "Facilities",
// which is deliberately left unmapped.
//
// Conventions of the generic format worth knowing when writing a mapping:
// every row carries the ticket's status after the event; on reply events
// the agent column is the author and is empty when the requester wrote; on
// other events it is the assignee after the event; public is true only for
// replies the requester can see; csat is set only on csat events; and
// kb_article is carried from the resolution that used the article onwards.
package sample
