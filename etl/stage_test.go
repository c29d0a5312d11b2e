package etl

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/tierlens/tierlens/etl/profiles"
)

func TestDedupeHeader(t *testing.T) {
	tests := []struct {
		in, want []string
	}{
		{[]string{"a", "b"}, []string{"a", "b"}},
		{[]string{"Variant", "x", "Variant"}, []string{"Variant", "x", "Variant_1"}},
		{[]string{"v", "v", "v"}, []string{"v", "v_1", "v_2"}},
		{[]string{"Name", "name", "NAME"}, []string{"Name", "name_1", "NAME_2"}},
		{[]string{" a ", "a"}, []string{"a", "a_1"}},
		{[]string{"", ""}, []string{"", "_1"}},
		{nil, []string{}},
	}
	for _, tc := range tests {
		if got := dedupeHeader(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("dedupeHeader(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestResolveColumns(t *testing.T) {
	sn := profiles.ServiceNow()
	tests := []struct {
		name   string
		m      *profiles.Mapping
		header []string
		want   map[profiles.Field]int
	}{
		{
			name:   "servicenow by field names, any case and spacing",
			m:      sn,
			header: []string{" Number", "STATE", "opened_at", "assignment_group", "other"},
			want:   map[profiles.Field]int{profiles.Number: 0, profiles.Status: 1, profiles.Created: 2, profiles.Group: 3},
		},
		{
			name:   "the first alternative found wins",
			m:      sn,
			header: []string{"number", "sys_created_on", "incident_state", "opened_at", "state"},
			want:   map[profiles.Field]int{profiles.Number: 0, profiles.Created: 3, profiles.Status: 4},
		},
		{
			name:   "a repeated column: the first one",
			m:      sn,
			header: []string{"number", "opened_at", "state", "state"},
			want:   map[profiles.Field]int{profiles.Number: 0, profiles.Created: 1, profiles.Status: 2},
		},
		{
			name: "a repeated column addressed as name_1",
			m: &profiles.Mapping{
				Name:     "generic",
				Columns:  map[profiles.Field][]string{profiles.Number: {"Case ID"}, profiles.Status: {"Variant_1"}, profiles.Group: {"variant"}},
				Required: []profiles.Field{profiles.Number},
			},
			header: []string{"Case ID", "Variant", "x", "Variant"},
			want:   map[profiles.Field]int{profiles.Number: 0, profiles.Status: 3, profiles.Group: 1},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := resolveColumns(tc.m, tc.header, "f.csv")
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestResolveColumnsMissing(t *testing.T) {
	sn := profiles.ServiceNow()
	_, err := resolveColumns(sn, []string{"number", "short_description"}, "f.csv")
	if err == nil {
		t.Fatal("resolveColumns succeeded without opened_at and state")
	}
	want := `missing required column: created (column "opened_at" or "sys_created_on" or "Opened" or "Created"), status (column "state" or "incident_state" or "State" or "Incident state") for profile servicenow
  the profile reads these columns: assigned_to, assignment_group, caller_id, category, closed_at, contact_type, knowledge, made_sla, number, opened_at, priority, reassignment_count, reopen_count, resolved_at, short_description, state, subcategory, sys_updated_on, u_csat, u_first_response_at, vendor
  the file's header has: "number", "short_description"`
	if err.Error() != want {
		t.Errorf("error:\n%s\nwant:\n%s", err, want)
	}

	// A one-column header with another delimiter in it gets a hint.
	for _, d := range []string{";", "\t", "|"} {
		_, err := resolveColumns(sn, []string{strings.Join([]string{"number", "opened_at", "state"}, d)}, "f.csv")
		if err == nil {
			t.Fatalf("%q-separated header resolved", d)
		}
		hint := fmt.Sprintf("the header looks %q-separated", d)
		if !strings.Contains(err.Error(), hint) {
			t.Errorf("error for a %q-separated header lacks %q:\n%s", d, hint, err)
		}
	}

	// A very long header is cut in the message.
	long := make([]string, 200)
	for i := range long {
		long[i] = strings.Repeat("c", 10)
	}
	_, err = resolveColumns(sn, long, "f.csv")
	if err == nil || !strings.HasSuffix(err.Error(), "…") || len(err.Error()) > 1200 {
		t.Errorf("long header: error not cut: %d bytes", len(err.Error()))
	}
}

func TestStageSelectUsesOnlyOwnIdentifiers(t *testing.T) {
	// Header text never becomes SQL: the staging SELECT names columns positionally.
	m := &profiles.Mapping{Columns: map[profiles.Field][]string{profiles.Number: {"x'; DROP TABLE tickets; --"}}}
	cols, err := resolveColumns(m, []string{"x'; DROP TABLE tickets; --"}, "f.csv")
	if err != nil {
		t.Fatal(err)
	}
	q := stageSelect(cols, csvFrom(1), colName)
	if strings.Contains(q, "DROP") || !strings.Contains(q, "c000 AS number") {
		t.Errorf("staging SELECT: %s", q)
	}
}
