// Package profiles describes export formats: which columns of a file hold which ticket fields,
// how its times, statuses and priorities are written, and whether a row is a ticket or an
// event. A profile is data (a Mapping); it reads no rows itself — package etl does that
// through DuckDB. Built-in profiles are YAML files embedded from builtin/, in the same format
// as a user's mapping and checked by the same validator; `generic` is a user's mapping file.
package profiles

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

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
	// StatusHint is a second status column read when the status itself is not in the
	// vocabulary: Jira's Status Category (To Do / In Progress / Done) for project statuses.
	StatusHint Field = "status_hint"
	// SLARemaining is an SLA countdown as h:mm (Jira's "Time to resolution"): negative means
	// breached, so it gives the source SLA flag where no made_sla column does.
	SLARemaining Field = "made_sla_remaining"
	// SourceFirstResponseHours and SourceResolutionHours are the source's own durations in
	// hours (Freshdesk's "(in hrs)" columns, business hours as H:MM:SS), kept beside the times
	// tierlens recomputes.
	SourceFirstResponseHours Field = "source_first_response_hours"
	SourceResolutionHours    Field = "source_resolution_hours"
)

// Fields lists every canonical field in staging-column order.
var Fields = []Field{
	Number, Title, Created, FirstResponse, Resolved, Closed, Updated, Status, Priority,
	Category, Subcategory, Channel, Requester, Assignee, Group, Vendor, Reassignments, Reopens,
	AgentReplies, CustomerReplies, Knowledge, CSAT, MadeSLA, Tier, EventTime, Activity, Agent, Public,
	StatusHint, SLARemaining, SourceFirstResponseHours, SourceResolutionHours,
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
	// Encoding of the files (utf-8, windows-1252, latin-1); empty = detect.
	Encoding string
	// Missing are the strings that mean "no value" besides the empty string, e.g. "?".
	Missing []string
	// Status, Priority and Channel map source values (case-insensitive) to canonical ones.
	// A Status key with * or ? is a glob ("waiting on *"), tried after the exact keys.
	// A Priority value "" means "no priority" (Jira's None).
	Status     map[string]string
	Priority   map[string]string
	Channel    map[string]string
	Activities map[string]ActivityMeaning
	// StatusHint maps the status_hint column's values to canonical statuses; it decides a
	// record's status when the status value is in no Status entry.
	StatusHint map[string]string
	// MadeSLA maps words of the made_sla column to true or false besides true/false/yes/no
	// (Freshdesk's "Within SLA" / "SLA Violated").
	MadeSLA map[string]bool
	// CSAT maps survey answers to scores 1..5 besides numbers and good/bad.
	CSAT map[string]float64
	// TierMap rules go before the configuration's own, for this source's groups.
	TierMap []config.TierRule
	// RowOrder says how the records of one ticket that share a time are ordered in the file
	// (RowOldestFirst or RowNewestFirst); a ticket whose records show their order by time
	// follows what they show. Empty = oldest first.
	RowOrder string
	// Detect lists header names typical of the format; DetectMin is how many of them a
	// header must have (besides the Required columns) to be taken for this format.
	Detect    []string
	DetectMin int
	// ExportCap is the product's default row limit of an export: a file with exactly that
	// many records was probably cut short, and the load says so. 0 = none known.
	ExportCap int64
}

// Row orders of event exports.
const (
	RowOldestFirst = "oldest_first"
	RowNewestFirst = "newest_first"
)

// Canonical status values.
var Statuses = []string{"new", "open", "pending", "resolved", "closed", "cancelled"}

// EventKinds are the canonical event kinds.
var EventKinds = []string{"created", "assigned", "status", "reply", "reopened", "resolved", "closed", "csat", "updated"}

//go:embed builtin/*.yaml
var builtinFS embed.FS

// builtins parses the embedded profiles once. A broken one is a build defect that
// TestBuiltinProfiles catches; here it only leaves that profile out, with its error kept.
var builtins = sync.OnceValues(func() (map[string]*Mapping, error) {
	out := map[string]*Mapping{}
	names, err := fs.Glob(builtinFS, "builtin/*.yaml")
	if err != nil {
		return out, err
	}
	var errs []string
	for _, n := range names {
		b, err := builtinFS.ReadFile(n)
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		m, err := parseMapping(n, b, true)
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		if want := strings.TrimSuffix(path.Base(n), ".yaml"); m.Name != want {
			errs = append(errs, fmt.Sprintf("%s: name %q must be the file's name %q", n, m.Name, want))
			continue
		}
		out[m.Name] = m
	}
	if len(errs) > 0 {
		return out, fmt.Errorf("built-in profiles: %s", strings.Join(errs, "\n"))
	}
	return out, nil
})

// Builtin returns the built-in profiles by name. The mappings are shared: do not modify them.
func Builtin() map[string]*Mapping {
	m, _ := builtins()
	return m
}

// BuiltinErr is the error of parsing the embedded profiles, nil when all are valid.
func BuiltinErr() error {
	_, err := builtins()
	return err
}

// ServiceNow is the built-in servicenow profile (an incident list export).
func ServiceNow() *Mapping { return Builtin()["servicenow"] }

// ServiceNowEventLog is the built-in servicenow-eventlog profile (a row-per-update audit log).
func ServiceNowEventLog() *Mapping { return Builtin()["servicenow-eventlog"] }

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

// Score says how well header fits m: 0 when a required field has no column or fewer than
// DetectMin of the signature names are present, else the number of signature names present
// plus the required fields. Exports list any subset of fields in any order (a ServiceNow list
// shows the columns its user chose), so no single set of names can be demanded.
func Score(m *Mapping, header []string) int {
	if len(m.Detect) == 0 {
		return 0
	}
	have := map[string]bool{}
	for _, h := range header {
		have[strings.ToLower(strings.TrimSpace(h))] = true
	}
	for _, r := range m.Required {
		found := false
		for _, a := range m.Columns[r] {
			if have[strings.ToLower(strings.TrimSpace(a))] {
				found = true
				break
			}
		}
		if !found {
			return 0
		}
	}
	n := 0
	for _, d := range m.Detect {
		if have[strings.ToLower(d)] {
			n++
		}
	}
	if n < m.DetectMin {
		return 0
	}
	return n + len(m.Required)
}

// Detect picks the built-in profile whose Score for header is highest; ties go to the
// profile with more signature names (the richer format), then to the first name.
func Detect(header []string) (*Mapping, bool) {
	var best *Mapping
	bestScore := 0
	for _, n := range Names() {
		m, ok := Builtin()[n]
		if !ok {
			continue
		}
		sc := Score(m, header)
		if sc == 0 {
			continue
		}
		if sc > bestScore || (sc == bestScore && len(m.Detect) > len(best.Detect)) {
			best, bestScore = m, sc
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
