package cli

import (
	"context"
	"encoding/csv"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tierlens/tierlens/etl/warehouse"
	"github.com/tierlens/tierlens/metrics"
)

// TestFilterEveryReport: --filter narrows metrics run, check and the dashboard (its header and
// its escalation flow) the same way, and bad filters are usage errors naming what exists.
func TestFilterEveryReport(t *testing.T) {
	needECharts(t)
	dir := dashboardWarehouse(t)

	// metrics run: the filtered cells are the breakdown's cells of that priority
	f := dashCLI(dir, "metrics", "run", "created", "resolved", "fcr", "--month", "2026-10", "--filter", "priority=P2", "--format", "csv")
	b := dashCLI(dir, "metrics", "run", "created", "resolved", "fcr", "--month", "2026-10", "--by", "tier,priority", "--format", "csv")
	if f.code != 0 || b.code != 0 {
		t.Fatalf("exit %d / %d\n%s%s", f.code, b.code, f.stderr, b.stderr)
	}
	fr, br := readCSV(t, f.stdout), readCSV(t, b.stdout)
	want := map[string]string{}
	for _, r := range br[1:] { // metric, period, tier, priority, value, …
		if r[3] == "P2" {
			want[r[0]+"|"+r[2]] = r[4]
		}
	}
	n := 0
	for _, r := range fr[1:] { // metric, period, tier, value, …
		if w, ok := want[r[0]+"|"+r[2]]; ok && w != r[3] {
			t.Errorf("%s %s filtered: %s, breakdown: %s", r[0], r[2], r[3], w)
		}
		if r[3] != "" && r[3] != "0" {
			n++
		}
	}
	if n < 5 {
		t.Fatalf("only %d non-empty filtered cells:\n%s", n, f.stdout)
	}
	if r := dashCLI(dir, "metrics", "run", "created", "--month", "2026-10", "--filter", "priority=P2"); !strings.HasPrefix(r.stdout, "Filter: priority=P2\n") {
		t.Errorf("the table does not start with the filter:\n%s", r.stdout)
	}
	if r := dashCLI(dir, "check", "--week", "2026-W46", "--filter", "priority=P2,P3", "--filter", "channel=chat"); !strings.HasPrefix(r.stdout, "Filter: priority=P2,P3; channel=chat\n") || r.code == ExitError || r.code == ExitUsage {
		t.Errorf("check: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	// dashboard: the header says it; the flow counts the cohort's tickets of that priority
	out := filepath.Join(t.TempDir(), "p2.html")
	if r := dashCLI(dir, "dashboard", "--quarter", "2026-Q3", "--trend", "3", "--filter", "priority=P2", "-o", out); r.code != 0 || !strings.Contains(r.stdout, "Quarter 2026-Q3") {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := dashCLI(dir, "dashboard", "--week", "2026-W46", "--filter", "priority=P2", "-o", "-"); !strings.Contains(r.stdout, "Filtered to</dt><dd>priority=P2</dd>") {
		t.Error("the dashboard header does not name the filter")
	}
	ctx := context.Background()
	w, err := warehouse.Open(ctx, filepath.Join(dir, "tierlens.duckdb"), warehouse.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	from := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for _, flt := range []metrics.Filter{nil, {"priority": {"P2"}}, {"priority": {"P1", "P2"}, "channel": {"email"}}} {
		conn, release, err := reportConn(ctx, w.DB, flt, dashboardViews)
		if err != nil {
			t.Fatal(err)
		}
		facts, err := readDashboardFacts(ctx, conn, from, to)
		release()
		if err != nil {
			t.Fatal(err)
		}
		var got int64
		for _, x := range facts.Flow {
			if x.FromStep == 1 {
				got += x.Tickets
			}
		}
		q := `SELECT count(DISTINCT t.ticket_key) FROM tickets t JOIN tier_intervals i USING (ticket_key)
		      WHERE t.created_at >= ? AND t.created_at < ?`
		args := []any{from, to}
		for _, k := range []string{"priority", "channel"} {
			if vs := flt[k]; len(vs) > 0 {
				q += " AND list_contains(?::VARCHAR[], t." + k + ")"
				args = append(args, vs)
			}
		}
		var want int64
		if err := w.DB.QueryRowContext(ctx, q, args...).Scan(&want); err != nil {
			t.Fatal(err)
		}
		if got != want || want == 0 {
			t.Errorf("flow filtered %v starts %d tickets, the tickets table says %d", flt, got, want)
		}
	}

	// bad filters
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"metrics", "run", "--filter", "tier=L1"}, `unknown key "tier"`},
		{[]string{"check", "--filter", "priority=P9"}, "no such priority in the warehouse; it has P1, P2, P3, P4"},
		{[]string{"dashboard", "--filter", "priority", "-o", "-"}, "KEY=VALUE"},
	} {
		r := dashCLI(dir, c.args...)
		if r.code != ExitUsage || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%v: exit %d, %q; want exit %d saying %q", c.args, r.code, r.stderr, ExitUsage, c.want)
		}
	}
}

func readCSV(t *testing.T, s string) [][]string {
	t.Helper()
	rs, err := csv.NewReader(strings.NewReader(s)).ReadAll()
	if err != nil || len(rs) < 2 {
		t.Fatalf("csv: %v\n%s", err, s)
	}
	return rs
}
