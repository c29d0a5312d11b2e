package profiles

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestParseMapping(t *testing.T) {
	m, err := ParseMapping("m.yaml", []byte(`
description: test
shape: events
delimiter: ";"
time_layout: ["02/01/2006 15:04", "%Y-%m-%d"]
time_zone: Europe/Rome
missing: ["?", "n/a"]
columns:
  number: [Case ID, Caso]
  event_time: When
  status: State
  assignment_group: Team
status:
  " Done ": resolved
  Open: open
priority:
  Urgent: P1
tier_map:
  - exact: Team A
    tier: L1
`))
	if err != nil {
		t.Fatal(err)
	}
	if m.Name != "generic" || m.Shape != EventRows || m.Delimiter != ";" || m.Quote != `"` || m.TimeZone != "Europe/Rome" {
		t.Errorf("mapping = %+v", m)
	}
	if want := []string{"%d/%m/%Y %H:%M", "%Y-%m-%d"}; !reflect.DeepEqual(m.TimeLayouts, want) {
		t.Errorf("TimeLayouts = %q, want %q (Go layouts converted)", m.TimeLayouts, want)
	}
	if want := []string{"Case ID", "Caso"}; !reflect.DeepEqual(m.Columns[Number], want) {
		t.Errorf("number columns = %q, want %q", m.Columns[Number], want)
	}
	if want := (map[string]string{"done": "resolved", "open": "open"}); !reflect.DeepEqual(m.Status, want) {
		t.Errorf("Status = %v, want %v (keys lower-cased and trimmed)", m.Status, want)
	}
	if want := []Field{Number, EventTime}; !reflect.DeepEqual(m.Required, want) {
		t.Errorf("Required = %v, want %v", m.Required, want)
	}
	if len(m.TierMap) != 1 || m.TierMap[0].Exact != "Team A" {
		t.Errorf("TierMap = %+v", m.TierMap)
	}

	// Defaults: comma, double quote, ISO layouts, ticket rows need number and created.
	d, err := ParseMapping("d.yaml", []byte("shape: tickets\ncolumns: {number: id, created: opened, status: st}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if d.Delimiter != "," || d.Quote != `"` || len(d.TimeLayouts) == 0 || !reflect.DeepEqual(d.Required, []Field{Number, Created}) {
		t.Errorf("defaults = %+v", d)
	}
}

func TestParseMappingErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{
			name: "unknown key with its line",
			in:   "shape: tickets\ncolumns: {number: id, created: c, status: s}\ntime_layuot: \"%d/%m/%Y\"\n",
			want: `m.yaml:3: unknown key "time_layuot"`,
		},
		{
			name: "unknown key inside an activity",
			in:   "shape: events\ncolumns: {number: id, event_time: t, activity: a}\nactivities:\n  Done:\n    kind: resolved\n    stauts: resolved\n",
			want: `m.yaml:6: unknown key "stauts"`,
		},
		{
			name: "empty",
			in:   "",
			want: "m.yaml: the mapping is empty: it needs at least shape and columns (see sample-data/mappings/)",
		},
		{
			name: "not YAML",
			in:   "shape: [tickets\n",
			want: "m.yaml:",
		},
		{
			name: "columns is not a mapping",
			in:   "shape: tickets\ncolumns: [number, created]\n",
			want: "m.yaml:2: ",
		},
		{
			name: "a column is neither a name nor a list",
			in:   "shape: tickets\ncolumns:\n  number: {a: b}\n  created: c\n  status: s\n",
			want: "m.yaml:3: expected a name or a list of names",
		},
		{
			name: "missing shape",
			in:   "columns: {number: id, created: c, status: s}\n",
			want: "m.yaml: shape: missing: write shape: tickets (one row per ticket) or shape: events (one row per event)",
		},
		{
			name: "bad shape",
			in:   "shape: rows\ncolumns: {number: id, created: c, status: s}\n",
			want: `m.yaml: shape: "rows" must be tickets or events`,
		},
		{
			name: "bad format",
			in:   "shape: tickets\nformat: xls\ncolumns: {number: id, created: c, status: s}\n",
			want: `m.yaml: format: "xls" must be csv, jsonl, parquet or xlsx (or left out to go by the file extension)`,
		},
		{
			name: "long delimiter",
			in:   "shape: tickets\ndelimiter: \";;\"\ncolumns: {number: id, created: c, status: s}\n",
			want: `m.yaml: delimiter: ";;" must be one character`,
		},
		{
			name: "unknown field",
			in:   "shape: tickets\ncolumns: {number: id, created: c, status: s, group: g}\n",
			want: `m.yaml: columns: "group" is not a tierlens field (fields: number, title, created,`,
		},
		{
			name: "required column missing for tickets",
			in:   "shape: tickets\ncolumns: {number: id, status: s}\n",
			want: "m.yaml: columns: created is required for shape tickets",
		},
		{
			name: "status column missing for tickets",
			in:   "shape: tickets\ncolumns: {number: id, created: c}\n",
			want: "m.yaml: columns: status is required for shape tickets",
		},
		{
			name: "events without status or activity",
			in:   "shape: events\ncolumns: {number: id, event_time: t}\n",
			want: "m.yaml: columns: events need a status or an activity column",
		},
		{
			name: "activity without vocabulary",
			in:   "shape: events\ncolumns: {number: id, event_time: t, activity: a}\n",
			want: "m.yaml: activities: the activity column needs a vocabulary (activity value: {kind: ..., status: ...})",
		},
		{
			name: "bad status target",
			in:   "shape: tickets\ncolumns: {number: id, created: c, status: s}\nstatus:\n  Done: finished\n",
			want: `m.yaml: status: "done" maps to "finished", which is not one of new, open, pending, resolved, closed, cancelled`,
		},
		{
			name: "bad priority target",
			in:   "shape: tickets\ncolumns: {number: id, created: c, status: s}\npriority:\n  Urgent: P0\n",
			want: `m.yaml: priority: "urgent" maps to "P0", which is not one of P1, P2, P3, P4`,
		},
		{
			name: "bad activity kind and status",
			in:   "shape: events\ncolumns: {number: id, event_time: t, activity: a}\nactivities:\n  Done: {kind: finish, status: gone}\n",
			want: "m.yaml: activities: \"Done\" has kind \"finish\", which is not one of created, assigned, status, reply, reopened, resolved, closed, csat, updated\n  activities: \"Done\" has status \"gone\", which is not one of new, open, pending, resolved, closed, cancelled",
		},
		{
			name: "time layout that is neither",
			in:   "shape: tickets\ntime_layout: dd/mm/yyyy\ncolumns: {number: id, created: c, status: s}\n",
			want: `m.yaml: time_layout: "dd/mm/yyyy" is neither a strptime format (%d/%m/%Y %H:%M) nor a Go layout (02/01/2006 15:04)`,
		},
		{
			name: "tier rule without tier",
			in:   "shape: tickets\ncolumns: {number: id, created: c, status: s}\ntier_map:\n  - glob: \"A*\"\n",
			want: "m.yaml: tier_map[0]: tier is empty",
		},
		{
			name: "every problem at once, sorted",
			in:   "shape: rows\ndelimiter: \"::\"\ncolumns: {number: id}\n",
			want: "m.yaml: columns: created is required for shape rows\n  delimiter: \"::\" must be one character\n  shape: \"rows\" must be tickets or events",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := ParseMapping("m.yaml", []byte(tc.in))
			if err == nil {
				t.Fatalf("ParseMapping succeeded: %+v", m)
			}
			if !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("error:\n%s\nwant it to start with:\n%s", err, tc.want)
			}
		})
	}
}

func TestSampleMappingsParse(t *testing.T) {
	files, _ := filepath.Glob("../../sample-data/mappings/*.yaml")
	n := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), "\nshape:") || strings.HasPrefix(string(b), "shape:") {
			n++
			if _, err := ParseMapping(f, b); err != nil {
				t.Errorf("%s: %v", f, err)
			}
		}
	}
	if n == 0 {
		t.Fatal("no mapping files in sample-data/mappings")
	}
}

func TestGoLayoutToStrptime(t *testing.T) {
	for in, want := range map[string]string{
		"02/01/2006 15:04":        "%d/%m/%Y %H:%M",
		"2006-01-02T15:04:05":     "%Y-%m-%dT%H:%M:%S",
		"2006/01/02 15:04:05.000": "%Y/%m/%d %H:%M:%S.%g",
		"2/1/2006 15:04":          "%-d/%-m/%Y %H:%M",
	} {
		if got := GoLayoutToStrptime(in); got != want {
			t.Errorf("GoLayoutToStrptime(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLookupAndDetect(t *testing.T) {
	if _, err := Lookup("kayako"); err == nil || err.Error() != `unknown profile "kayako": use one of freshdesk, freshservice, generic, jira, servicenow, servicenow-eventlog, zendesk` {
		t.Errorf("Lookup(kayako) error = %v", err)
	}
	if m, err := Lookup("zendesk"); err != nil || m.Name != "zendesk" || len(m.Detect) != 0 {
		t.Errorf("Lookup(zendesk) = %v, %v (it is recognised from its JSON, never from a header)", m, err)
	}
	if _, err := Lookup("generic"); err == nil || !strings.Contains(err.Error(), "--mapping FILE.yaml") {
		t.Errorf("Lookup(generic) error = %v", err)
	}
	uci := strings.Split("number,incident_state,active,reassignment_count,reopen_count,sys_mod_count,made_sla,caller_id,opened_by,opened_at,sys_created_by,sys_created_at,sys_updated_by,sys_updated_at,contact_type,location,category,subcategory,u_symptom,cmdb_ci,impact,urgency,priority,assignment_group,assigned_to,knowledge,u_priority_confirmation,notify,problem_id,rfc,vendor,caused_by,closed_code,resolved_by,resolved_at,closed_at", ",")
	for _, tc := range []struct {
		header []string
		want   string
	}{
		{uci, "servicenow-eventlog"},
		{[]string{"Number", "Short_Description", "opened_at", "state", "priority", "assignment_group"}, "servicenow"},
		{[]string{"Case ID", "Activity"}, ""},
	} {
		m, ok := Detect(tc.header)
		got := ""
		if ok {
			got = m.Name
		}
		if got != tc.want {
			t.Errorf("Detect(%q) = %q, want %q", tc.header, got, tc.want)
		}
	}
}

// FuzzParseMapping: any bytes give a mapping or an error naming the file, never a panic; an
// accepted mapping is usable (known shape, one-character delimiter, required columns named).
func FuzzParseMapping(f *testing.F) {
	for _, s := range []string{
		"shape: tickets\ncolumns: {number: id, created: c, status: s}\n",
		"shape: events\ncolumns: {number: id, event_time: t, activity: a}\nactivities:\n  Done: {kind: resolved, status: resolved}\n",
		"shape: events\ndelimiter: \";\"\ntime_layout: [\"02/01/2006 15:04\"]\ncolumns: {number: [a, b], event_time: t, status: s}\nstatus: {X: closed}\ntier_map: [{glob: \"*\", tier: L1}]\n",
		"columns: [1, 2]\n",
		"extends: jira\ncolumns: {assignment_group: [Team X, Team Y]}\nstatus: {\"Waiting on *\": pending}\n",
		"shape: tickets\ncolumns: {number: id, created: c, status: s, status_hint: h, made_sla_remaining: r}\nstatus_hint: {Done: resolved}\nmade_sla: {ok: true}\ncsat: {great: 5}\npriority: {None: \"\"}\n",
		"shape: &a tickets\nfoo: *a\n",
		"",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := ParseMapping("f.yaml", b)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.yaml") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		if m.Shape != TicketRows && m.Shape != EventRows {
			t.Fatalf("accepted shape %q", m.Shape)
		}
		if len(m.Delimiter) != 1 || len(m.TimeLayouts) == 0 {
			t.Fatalf("accepted delimiter %q, layouts %q", m.Delimiter, m.TimeLayouts)
		}
		for _, r := range m.Required {
			if len(m.Columns[r]) == 0 {
				t.Fatalf("required field %s has no column", r)
			}
		}
		for _, v := range m.Status {
			if !isCanonical(v, Statuses) {
				t.Fatalf("accepted status %q", v)
			}
		}
	})
}
