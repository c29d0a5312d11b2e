// Package profiles describes export formats: which columns of a file hold which ticket fields,
// how its times, statuses and priorities are written, and whether a row is a ticket or an
// event. A profile is data (a Mapping); it reads no rows itself — package etl does that
// through DuckDB. Built-in profiles live one per file; `generic` is read from a YAML mapping.
package profiles

import (
	"fmt"
	"sort"
	"strings"

	"github.com/tierlens/tierlens/config"
)

// Shape says what one input record is.
type Shape string

// Shapes.
const (
	TicketRows Shape = "tickets" // one row per ticket (a flat export: no history)
	EventRows  Shape = "events"  // one row per change of a ticket (an audit or event log)
)

// Format is the file format.
type Format string

// Formats.
const (
	CSV     Format = "csv"
	JSONL   Format = "jsonl"
	Parquet Format = "parquet"
	XLSX    Format = "xlsx" // the first sheet, or the one `load --sheet` names
)

// Field is a canonical ticket or event field: the closed list of staging columns.
type Field string

// Canonical fields. Ticket fields may appear on event rows too (repeated per row, as audit
// logs do); the last row of a ticket in file order gives the ticket's values.
const (
	Number          Field = "number"
	Title           Field = "title"
	Created         Field = "created"
	FirstResponse   Field = "first_response"
	Resolved        Field = "resolved"
	Closed          Field = "closed"
	Updated         Field = "updated"
	Status          Field = "status"
	Priority        Field = "priority"
	Category        Field = "category"
	Subcategory     Field = "subcategory"
	Channel         Field = "channel"
	Requester       Field = "requester"
	Assignee        Field = "assignee"
	Group           Field = "assignment_group"
	Vendor          Field = "vendor"
	Reassignments   Field = "reassignment_count"
	Reopens         Field = "reopen_count"
	AgentReplies    Field = "agent_replies"
	CustomerReplies Field = "customer_replies"
	Knowledge       Field = "knowledge"
	CSAT            Field = "csat"
	MadeSLA         Field = "made_sla"
	Tier            Field = "tier"
	EventTime       Field = "event_time"
	Activity        Field = "activity"
	Agent           Field = "agent"
	Public          Field = "public"
)

// Fields lists every canonical field in staging-column order.
var Fields = []Field{
	Number, Title, Created, FirstResponse, Resolved, Closed, Updated, Status, Priority,
	Category, Subcategory, Channel, Requester, Assignee, Group, Vendor, Reassignments, Reopens,
	AgentReplies, CustomerReplies, Knowledge, CSAT, MadeSLA, Tier, EventTime, Activity, Agent, Public,
}

// TimeFields are parsed with the mapping's time layouts.
var TimeFields = []Field{Created, FirstResponse, Resolved, Closed, Updated, EventTime}

// IsTime reports whether f holds a timestamp.
func (f Field) IsTime() bool {
	for _, t := range TimeFields {
		if t == f {
			return true
		}
	}
	return false
}

// Activity says what an event-log activity value means.
type ActivityMeaning struct {
	Kind   string `yaml:"kind"`   // created, assigned, status, reply, reopened, resolved, closed, csat, updated
	Status string `yaml:"status"` // canonical status after the event; empty = unchanged
	Group  string `yaml:"group"`  // the event moves the ticket to this group (e.g. a development team)
	Public *bool  `yaml:"public"` // for replies
	Role   string `yaml:"role"`   // agent, customer, system
}

// Mapping is everything tierlens needs to read one export format.
type Mapping struct {
	Name        string
	Description string
	Shape       Shape
	Format      Format
	Delimiter   string
	Quote       string
	// Columns maps a canonical field to the header names that may hold it (first found wins);
	// localized exports list several.
	Columns  map[Field][]string
	Required []Field
	// TimeLayouts are strptime formats (DuckDB), tried in order; a value none of them reads is rejected.
	TimeLayouts []string
	// TimeZone of naive timestamps; empty = the configuration's source_time_zone.
	TimeZone string
	// Missing are the strings that mean "no value" besides the empty string, e.g. "?".
	Missing []string
	// Status, Priority and Channel map source values (case-insensitive) to canonical ones.
	Status     map[string]string
	Priority   map[string]string
	Channel    map[string]string
	Activities map[string]ActivityMeaning
	// TierMap rules go before the configuration's own, for this source's groups.
	TierMap []config.TierRule
	// Detect lists header names that together identify the format (all must be present).
	Detect []string
}

// Canonical status values.
var Statuses = []string{"new", "open", "pending", "resolved", "closed", "cancelled"}

// EventKinds are the canonical event kinds.
var EventKinds = []string{"created", "assigned", "status", "reply", "reopened", "resolved", "closed", "csat", "updated"}

// Builtin returns the built-in profiles by name.
func Builtin() map[string]*Mapping {
	return map[string]*Mapping{
		"servicenow":          ServiceNow(),
		"servicenow-eventlog": ServiceNowEventLog(),
		"zendesk":             Zendesk(),
	}
}

// Names lists every profile name, including generic, sorted.
func Names() []string {
	names := []string{"generic"}
	for n := range Builtin() {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Lookup returns a built-in profile, or an error listing the valid names.
func Lookup(name string) (*Mapping, error) {
	if m, ok := Builtin()[name]; ok {
		return m, nil
	}
	if name == "generic" {
		return nil, fmt.Errorf("profile generic needs a mapping file: --mapping FILE.yaml (see sample-data/mappings/ for examples)")
	}
	return nil, fmt.Errorf("unknown profile %q: use one of %s", name, strings.Join(Names(), ", "))
}

// Detect picks the built-in profile whose signature columns are all in header; the one with the
// most signature columns wins, so a richer format is not mistaken for a poorer one.
func Detect(header []string) (*Mapping, bool) {
	have := map[string]bool{}
	for _, h := range header {
		have[strings.ToLower(strings.TrimSpace(h))] = true
	}
	var best *Mapping
	names := Names()
	for _, n := range names {
		m, ok := Builtin()[n]
		if !ok || len(m.Detect) == 0 {
			continue
		}
		all := true
		for _, d := range m.Detect {
			if !have[strings.ToLower(d)] {
				all = false
				break
			}
		}
		if all && (best == nil || len(m.Detect) > len(best.Detect)) {
			best = m
		}
	}
	return best, best != nil
}

// lowerKeys returns a copy of m with lower-cased keys; vocabularies match case-insensitively.
func lowerKeys(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[strings.ToLower(strings.TrimSpace(k))] = v
	}
	return out
}
