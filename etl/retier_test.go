package etl

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/tierlens/tierlens/config"
)

// TestRetierEqualsFreshLoad: after the tier map changes, re-tiering what is loaded must give
// the same tickets, events and stays as loading the same file under the new map.
func TestRetierEqualsFreshLoad(t *testing.T) {
	row := func(number, state, at, group string, extra ...string) map[string]string {
		r := map[string]string{"number": number, "incident_state": state, "opened_at": "2/2/2026 09:00", "sys_updated_at": at, "assignment_group": group, "priority": "3 - Moderate"}
		for i := 0; i+1 < len(extra); i += 2 {
			r[extra[i]] = extra[i+1]
		}
		return r
	}
	log := writeFile(t, t.TempDir(), "log.csv", eventLog(
		// A bounce through a group the new map moves from L2 to L3.
		row("INC1", "New", "2/2/2026 09:00", "Service Desk"),
		row("INC1", "Active", "2/2/2026 10:00", "Network 2nd"),
		row("INC1", "Active", "2/2/2026 11:30", "Service Desk"),
		row("INC1", "Resolved", "2/2/2026 12:00", "Service Desk", "resolved_at", "2/2/2026 12:00"),
		// Resolved at L1, reopened by the same group, then moved to the re-mapped group.
		row("INC2", "New", "2/2/2026 09:00", "Service Desk"),
		row("INC2", "Resolved", "2/2/2026 09:30", "Service Desk", "resolved_at", "2/2/2026 09:30"),
		row("INC2", "Active", "2/2/2026 10:00", "Service Desk"),
		row("INC2", "Active", "2/2/2026 10:30", "Network 2nd"),
		row("INC2", "Resolved", "2/2/2026 11:00", "Network 2nd", "resolved_at", "2/2/2026 11:00"),
		// Resolved at L1, then reopened straight into the re-mapped group.
		row("INC3", "New", "2/2/2026 09:00", "Service Desk"),
		row("INC3", "Resolved", "2/2/2026 09:30", "Service Desk", "resolved_at", "2/2/2026 09:30"),
		row("INC3", "Resolved", "2/2/2026 09:40", "Network 2nd", "resolved_at", "2/2/2026 09:30"),
		row("INC3", "Active", "2/2/2026 10:00", "Network 2nd"),
		row("INC3", "Resolved", "2/2/2026 11:00", "Network 2nd", "resolved_at", "2/2/2026 11:00"),
	))
	cfgFile := filepath.Join(t.TempDir(), "tierlens.yaml")
	if err := os.WriteFile(cfgFile, []byte(`tier_map:
  - glob: "Service Desk*"
    tier: L1
  - exact: Network 2nd
    tier: L3
`), 0o644); err != nil {
		t.Fatal(err)
	}
	moved, err := config.Load(cfgFile, false)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	retiered := openTest(t, "")
	mustLoad(t, newLoader(retiered, nil), log, FileOptions{})
	n, err := newLoader(retiered, moved).Retier(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Fatalf("re-tier moved %d groups, want 1 (Network 2nd)", n)
	}
	fresh := openTest(t, "")
	mustLoad(t, newLoader(fresh, moved), log, FileOptions{})

	for _, q := range []string{
		`SELECT ticket_key, tier, vendor FROM tickets ORDER BY 1`,
		`SELECT ticket_key, seq, tier FROM ticket_events ORDER BY 1, 2`,
		`SELECT ticket_key, seq, tier, assignment_group, start_at, end_at, entered_by, from_tier, ended_by FROM tier_intervals ORDER BY 1, 2`,
		`SELECT source, assignment_group, tier, rule FROM group_tiers ORDER BY 1, 2`,
	} {
		got, want := dump(t, retiered.DB, q), dump(t, fresh.DB, q)
		if d := diffLines(got, want); d != "" {
			t.Errorf("%s\nre-tiered differs from a fresh load:\n%s", q, d)
		}
	}
	// The stays themselves, so the test cannot pass on two equally wrong warehouses.
	stays := dump(t, retiered.DB, `SELECT ticket_key, seq, tier, entered_by, ended_by FROM tier_intervals WHERE ticket_key <> 'servicenow-eventlog:INC1' ORDER BY 1, 2`)
	want := []string{
		"servicenow-eventlog:INC2|1|L1|created|resolved",
		"servicenow-eventlog:INC2|2|L1|reopened|escalation",
		"servicenow-eventlog:INC2|3|L3|escalation|resolved",
		"servicenow-eventlog:INC3|1|L1|created|resolved",
		"servicenow-eventlog:INC3|2|L3|escalation|resolved",
	}
	if d := diffLines(stays, want); d != "" {
		t.Errorf("stays after re-tiering:\n%s", d)
	}
}
