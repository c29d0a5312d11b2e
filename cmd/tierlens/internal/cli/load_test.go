package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tierlens/tierlens/config"
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

// TestConfigChangeTakesEffect: after tierlens.yaml changes (an SLA policy's target, a tier's
// time limit), every reader warns naming what changed and status shows it, until a load
// applies the change: load --rebuild, or simply the next load, re-derives with the new settings.
func TestConfigChangeTakesEffect(t *testing.T) {
	dir := metricsWarehouse(t)
	edited := func(name string, edits ...string) string {
		text := string(config.DefaultYAML)
		for i := 0; i+1 < len(edits); i += 2 {
			if !strings.Contains(text, edits[i]) {
				t.Fatalf("default.yaml has no %q", edits[i])
			}
			text = strings.Replace(text, edits[i], edits[i+1], 1)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	targets := func(cfg string) string {
		r := runCLI(t, dir, "--config", cfg, "query", "--format", "csv",
			"SELECT (SELECT time_limit_minutes FROM tiers WHERE tier = 'L1') AS l1_limit, "+
				"(SELECT string_agg(DISTINCT target_minutes::VARCHAR, ' ' ORDER BY target_minutes::VARCHAR) FROM sla_instances WHERE kind = 'resolution') AS resolution_targets")
		if r.code != 0 {
			t.Fatalf("query: %d %s", r.code, r.stderr)
		}
		return strings.TrimSpace(r.stdout)
	}
	before := targets(edited("same.yaml"))
	if before != "l1_limit,resolution_targets\n15,1440 480" {
		t.Fatalf("settings as loaded: %q", before)
	}

	// P3's resolution target 24h → 12h, L1's time limit 15m → 5m.
	cfg := edited("changed.yaml", "resolution: 24h", "resolution: 12h", "time_limit: 15m", "time_limit: 5m")
	for _, args := range [][]string{
		{"metrics", "run", "--week", "2026-W45", "--format", "csv"},
		{"query", "SELECT 1"},
		{"explain", "T1"},
	} {
		r := runCLI(t, dir, append([]string{"--config", cfg}, args...)...)
		if r.code != 0 || !strings.Contains(r.stderr, "changed.yaml changed since the warehouse was derived (sla_policies, tiers)") {
			t.Errorf("%s: exit %d, no warning naming the changed parts: stderr %q", args[0], r.code, r.stderr)
		}
	}
	// The dashboard's page says it too: its reader never sees stderr.
	needECharts(t)
	page := filepath.Join(dir, "dash.html")
	d := runCLI(t, dir, "--config", cfg, "dashboard", "--week", "2026-W45", "-o", page)
	html, _ := os.ReadFile(page)
	if d.code != 0 || !strings.Contains(d.stderr, "(sla_policies, tiers)") ||
		!strings.Contains(string(html), "derived tables that are not up to date") || !strings.Contains(string(html), "(sla_policies, tiers)") {
		t.Errorf("dashboard: exit %d, stderr %q; the page has no notice of the change", d.code, d.stderr)
	}
	st := runCLI(t, dir, "--config", cfg, "status")
	if !strings.Contains(st.stdout, "Derived tables: "+cfg+" changed since the warehouse was derived (sla_policies, tiers)") {
		t.Errorf("status does not show the change:\n%s", st.stdout)
	}
	if got := targets(cfg); got != before {
		t.Errorf("the change applied before any load: %q", got)
	}

	r := runCLI(t, dir, "--config", cfg, "load", "--rebuild")
	if r.code != 0 || !strings.Contains(r.stderr, "configuration applied: sla_policies, tiers") {
		t.Errorf("load --rebuild: exit %d, stderr %q", r.code, r.stderr)
	}
	if got := targets(cfg); got != "l1_limit,resolution_targets\n5,480 720" {
		t.Errorf("after load --rebuild: %q", got)
	}
	st = runCLI(t, dir, "--config", cfg, "status")
	if !strings.Contains(st.stdout, "Derived tables: current") || st.stderr != "" {
		t.Errorf("status after the change applied:\n%s%s", st.stdout, st.stderr)
	}

	// Back to the defaults: the next load applies it, though its file brings nothing new.
	r = runCLI(t, dir, "load", "--mapping", filepath.Join(dir, "events.yaml"), filepath.Join(dir, "events.csv"))
	if r.code != 0 || !strings.Contains(r.stdout, "already loaded") || !strings.Contains(r.stderr, "configuration applied: sla_policies, tiers") {
		t.Errorf("next load: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if got := targets(edited("same.yaml")); got != before {
		t.Errorf("after the next load: %q, want %q", got, before)
	}
}
