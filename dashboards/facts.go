package dashboards

import "time"

// Facts are what the warehouse says about its own data, read by the caller (the CLI reads the
// dashboard_* macros of queries/views/020_dashboard.sql) for the reporting period.
type Facts struct {
	Sources  []SourceFact
	Loads    []LoadFact
	Unmapped []GroupFact // unmapped groups that held tickets in the period
	Flow     []FlowFact  // moves between tier steps of the tickets created in the period
	Findings []FindingFact
	// Stale says why the derived tables behind the KPIs are not current (tickets loaded but
	// not derived, a configuration edited since the derivation); empty when they are.
	Stale []string
}

// FindingFact is a data-quality finding and how many of the period's tickets (or file lines)
// it concerns; `tierlens status --findings` lists them.
type FindingFact struct {
	Finding string
	Cases   int64
}

// SourceFact is one source of tickets.
type SourceFact struct {
	Name         string
	Tickets      int64
	FirstCreated time.Time // UTC
	LastChange   time.Time // UTC
	Flat         int64     // tickets from a flat export (no event history)
	Active       int64     // tickets active in the period (created before its end, changed after its start)
	FlatActive   int64     // of those, from a flat export
}

// LoadFact is one committed file load.
type LoadFact struct {
	ID       int64
	File     string // base name
	Source   string
	Rejected int64
	InPeriod bool     // its events reach into the period
	Reasons  []Reason // rejects by reason, most frequent first
}

// Reason is a reject reason and how many records it rejected.
type Reason struct {
	Reason  string
	Records int64
}

// GroupFact is an assignment group with a number of tickets.
type GroupFact struct {
	Source  string
	Group   string
	Tickets int64
}

// FlowFact is a number of tickets moving from one step of their tier path to the next, or
// (ToTier empty) ending at a step with an outcome: resolved, open or cancelled. Steps count
// changes of tier from 1; consecutive stays in the same tier are one step.
type FlowFact struct {
	FromStep int
	FromTier string
	ToTier   string
	Outcome  string
	Tickets  int64
}
