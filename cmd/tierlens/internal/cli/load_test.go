package cli

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tierlens/tierlens/etl/warehouse"
)

// writeWarehouse runs statements on the warehouse in dir, as a writer.
func writeWarehouse(t *testing.T, dir string, stmts ...string) {
	t.Helper()
	ctx := context.Background()
	w, err := warehouse.Open(ctx, filepath.Join(dir, "tierlens.duckdb"), warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	for _, q := range stmts {
		if _, err := w.DB.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
}

// dropDerived empties the per-ticket derived tables, as after a rebuild that failed.
func dropDerived(t *testing.T, dir string) {
	t.Helper()
	writeWarehouse(t, dir, "DELETE FROM ticket_facts", "DELETE FROM backlog_spans")
}

// TestLoadRebuildsDerivedTables: KPIs over stale derived tables come with a warning, and
// both load --rebuild and a load of nothing new rebuild them to the same figures.
func TestLoadRebuildsDerivedTables(t *testing.T) {
	dir := metricsWarehouse(t)
	kpis := func() cliRun {
		return runCLI(t, dir, "metrics", "run", "--week", "2026-W45", "--format", "csv")
	}
	want := kpis()
	if want.code != 0 || want.stderr != "" || !strings.Contains(want.stdout, "\nfcr,2026-11-02,L1,,0.5,") {
		t.Fatalf("metrics run: exit %d\n%s\nstderr %s", want.code, want.stdout, want.stderr)
	}

	dropDerived(t, dir)
	stale := kpis()
	if !strings.Contains(stale.stderr, "warning: the derived tables cover 0 of 3 tickets") || !strings.Contains(stale.stderr, "tierlens load --rebuild") {
		t.Errorf("stale tables: no warning, stderr %q", stale.stderr)
	}
	if stale.stdout == want.stdout {
		t.Errorf("stale tables gave the same figures: the test does not see them")
	}

	r := runCLI(t, dir, "load", "--rebuild")
	if r.code != 0 || r.stdout != "" || !strings.HasPrefix(r.stderr, "derived tables rebuilt in ") {
		t.Errorf("load --rebuild: exit %d\nstdout %q\nstderr %q", r.code, r.stdout, r.stderr)
	}
	if got := kpis(); got != want {
		t.Errorf("after load --rebuild:\n%s\nstderr %s\nwant\n%s", got.stdout, got.stderr, want.stdout)
	}

	dropDerived(t, dir)
	r = runCLI(t, dir, "load", "--mapping", filepath.Join(dir, "events.yaml"), filepath.Join(dir, "events.csv"))
	if r.code != 0 || !strings.Contains(r.stdout, "already loaded") {
		t.Errorf("load again: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if got := kpis(); got != want {
		t.Errorf("after loading nothing new:\n%s\nstderr %s\nwant\n%s", got.stdout, got.stderr, want.stdout)
	}
}

// TestLoadRebuildsDerivedTablesOfAnotherVersion: tables that cover every ticket but were built
// by another tierlens (an upgrade) get a warning, and the next load rebuilds them.
func TestLoadRebuildsDerivedTablesOfAnotherVersion(t *testing.T) {
	dir := metricsWarehouse(t)
	kpis := func() cliRun {
		return runCLI(t, dir, "metrics", "run", "--week", "2026-W45", "--format", "csv")
	}
	want := kpis()
	if want.code != 0 || want.stderr != "" {
		t.Fatalf("metrics run: exit %d\nstderr %s", want.code, want.stderr)
	}
	// an older tierlens left no first action after escalations and its own version mark
	writeWarehouse(t, dir, "UPDATE tier_stay_clock SET acted_at = NULL", "UPDATE _meta SET value = 'older' WHERE key = 'derived_version'")
	old := kpis()
	if !strings.Contains(old.stderr, "warning: another version of tierlens built the derived tables: run tierlens load --rebuild") {
		t.Errorf("another version: no warning, stderr %q", old.stderr)
	}
	if old.stdout == want.stdout {
		t.Errorf("the older tables gave the same figures: the test does not see them")
	}
	r := runCLI(t, dir, "load", "--mapping", filepath.Join(dir, "events.yaml"), filepath.Join(dir, "events.csv"))
	if r.code != 0 || !strings.Contains(r.stdout, "already loaded") {
		t.Errorf("load again: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if got := kpis(); got != want {
		t.Errorf("after the load:\n%s\nstderr %s\nwant\n%s", got.stdout, got.stderr, want.stdout)
	}
}
