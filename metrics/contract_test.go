package metrics_test

import (
	"context"
	"errors"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/tierlens/tierlens/config"
	"github.com/tierlens/tierlens/metrics"
)

// Every metric on an empty warehouse: the spine alone, every period × configured tier, in
// tier order, with 0 or NULL values (never a missing row).
func TestSpineOnEmptyWarehouse(t *testing.T) {
	db := newWarehouse(t)
	cat := catalog(t)
	cfg := config.Default()
	p := metrics.PeriodsOf(cfg)
	from, _ := p.Date("2026-11-02")
	to, _ := p.Date("2026-11-16")
	for _, m := range cat.Metrics() {
		t.Run(m.Name, func(t *testing.T) {
			rs, err := cat.Run(context.Background(), db, cfg, []string{m.Name}, metrics.Query{Grain: metrics.Week, From: from, To: to, By: []string{"tier"}})
			if err != nil {
				t.Fatal(err)
			}
			r := rs[0]
			per := 5 * max(1, 5*len(m.Fixed()))
			if len(r.Rows) != 2*per {
				t.Fatalf("want %d rows, got\n%s", 2*per, dump(r))
			}
			for i, row := range r.Rows {
				wantPeriod := "2026-11-02"
				if i >= per {
					wantPeriod = "2026-11-09"
				}
				wantTier := []string{"L0", "L1", "L2", "L3", "L4"}[(i%per)/(per/5)]
				if row.Period.Format(time.DateOnly) != wantPeriod || row.Dims[0] != wantTier {
					t.Fatalf("row %d is %s %v, want %s %s", i, row.Period.Format(time.DateOnly), row.Dims, wantPeriod, wantTier)
				}
				if m.Ratio() {
					if row.Value != nil || !same(row.Numerator, 0) || !same(row.Denominator, 0) {
						t.Fatalf("row %d: want NULL 0/0:\n%s", i, dump(r))
					}
				} else if row.SampleSize == nil || *row.SampleSize != 0 || (row.Value != nil && *row.Value != 0) {
					t.Fatalf("row %d: want 0 or NULL with sample size 0:\n%s", i, dump(r))
				}
			}
			rs, err = cat.Run(context.Background(), db, cfg, []string{m.Name}, metrics.Query{Grain: metrics.Week, From: from, To: to})
			if err != nil {
				t.Fatal(err)
			}
			if want := 2 * max(1, 5*len(m.Fixed())); len(rs[0].Rows) != want {
				t.Fatalf("by nothing: want %d rows, got\n%s", want, dump(rs[0]))
			}
		})
	}
}

func TestDimensions(t *testing.T) {
	db := newWarehouse(t)
	add(t, db,
		tk{N: "A", At: "2026-11-03 10:00", G: "SD", Prio: "P1", Chan: "phone", Ev: []string{"1h group VEN", "2h resolve"}},
		tk{N: "B", At: "2026-11-03 10:00", G: "SD", Prio: "-", Chan: "chat", Cat: "Network", Ev: []string{"1h resolve"}},
	)
	exec(t, db, "UPDATE tickets SET priority = NULL WHERE number = 'B'")
	r := run(t, db, "resolved", metrics.Week, "2026-11-02", "2026-11-09", "tier", "priority", "channel", "group", "vendor", "category", "source")
	if got := strings.Join(r.Dimensions, ","); got != "tier,priority,channel,group,vendor,category,source" {
		t.Fatalf("dimensions: %s", got)
	}
	row := cell(t, r, "2026-11-02", "L4", "P1", "phone", "VEN", "VEN", "Software", "desk")
	if !same(row.Value, 1) {
		t.Errorf("vendor row:\n%s", dump(r))
	}
	row = cell(t, r, "2026-11-02", "L1", "(none)", "chat", "SD", "(none)", "Network", "desk")
	if !same(row.Value, 1) {
		t.Errorf("missing values read (none):\n%s", dump(r))
	}
	// the order given to --by does not matter: columns keep the metric's order
	r2 := run(t, db, "resolved", metrics.Week, "2026-11-02", "2026-11-09", "channel", "tier")
	if got := strings.Join(r2.Dimensions, ","); got != "tier,channel" {
		t.Errorf("dimensions: %s", got)
	}
	if len(r2.Rows) != 10 || r2.Rows[0].Dims[0] != "L0" || r2.Rows[0].Dims[1] != "chat" || r2.Rows[1].Dims[1] != "phone" {
		t.Errorf("spine and order:\n%s", dump(r2))
	}
}

func TestRunErrors(t *testing.T) {
	db := newWarehouse(t)
	cat := catalog(t)
	cfg := config.Default()
	p := metrics.PeriodsOf(cfg)
	from, _ := p.Date("2026-11-02")
	to, _ := p.Date("2026-11-09")
	q := metrics.Query{Grain: metrics.Week, From: from, To: to}
	ctx := context.Background()

	_, err := cat.Run(ctx, db, cfg, []string{"nope"}, q)
	if !errors.Is(err, metrics.ErrUnknownMetric) || !strings.Contains(err.Error(), "backlog, backlog_aging") {
		t.Errorf("unknown metric: %v", err)
	}
	bad := q
	bad.By = []string{"colour"}
	if _, err := cat.Run(ctx, db, cfg, nil, bad); !errors.Is(err, metrics.ErrDimension) || !strings.Contains(err.Error(), "tier, priority, channel, group, vendor, category, source") {
		t.Errorf("unknown dimension: %v", err)
	}
	bad = q
	bad.Grain = "decade"
	if _, err := cat.Run(ctx, db, cfg, nil, bad); !errors.Is(err, metrics.ErrPeriod) {
		t.Errorf("grain: %v", err)
	}
	bad = q
	bad.To = bad.From
	if _, err := cat.Run(ctx, db, cfg, nil, bad); !errors.Is(err, metrics.ErrPeriod) {
		t.Errorf("empty range: %v", err)
	}

	// a user metric with fewer dimensions and grains
	small := `-- ---
-- name: small
-- title: Small
-- description: Tickets, monthly, by priority only.
-- unit: count
-- direction: up
-- grains: [month]
-- dimensions: [priority]
-- ---
SELECT range::DATE AS period, NULL::VARCHAR AS priority, 0 AS value, 0 AS sample_size
FROM range(timezone($tz, timezone('UTC', $start::TIMESTAMP)), timezone($tz, timezone('UTC', $end::TIMESTAMP)), INTERVAL 1 MONTH)
ORDER BY period
`
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "small.sql"), []byte(small), 0o644); err != nil {
		t.Fatal(err)
	}
	c2, err := metrics.Load(fstest.MapFS{}, dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c2.Run(ctx, db, cfg, nil, q); !errors.Is(err, metrics.ErrPeriod) || !strings.Contains(err.Error(), "small has no week grain (its grains: month)") {
		t.Errorf("grain of a metric: %v", err)
	}
	mq := metrics.Query{Grain: metrics.Month, From: from, To: to, By: []string{"tier"}}
	if _, err := c2.Run(ctx, db, cfg, nil, mq); !errors.Is(err, metrics.ErrDimension) || !strings.Contains(err.Error(), "small has no dimension tier (its dimensions: priority)") {
		t.Errorf("dimension of a metric: %v", err)
	}
	mq.ByDefault = true
	rs, err := c2.Run(ctx, db, cfg, nil, mq)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs[0].Dimensions) != 0 || len(rs[0].Rows) != 1 || rs[0].Rows[0].Period.Format(time.DateOnly) != "2026-11-01" {
		t.Errorf("default by tier is dropped for a metric without tier:\n%s", dump(rs[0]))
	}
}

func TestTargets(t *testing.T) {
	db := newWarehouse(t)
	cfg := config.Default()
	p := metrics.PeriodsOf(cfg)
	from, _ := p.Date("2026-11-02")
	to, _ := p.Date("2026-11-09")
	q := metrics.Query{Grain: metrics.Week, From: from, To: to, By: []string{"tier"}}
	cfg.Targets = map[string]config.Target{"fcr": {ByTier: map[string]float64{"L1": 0.9}}}
	cat, err := metrics.LoadCatalog(cfg) // the catalog applies the configured targets once
	if err != nil {
		t.Fatal(err)
	}
	rs, err := cat.Run(context.Background(), db, cfg, []string{"fcr", "reopen_rate", "created"}, q)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ name, source string }{{"fcr", metrics.TargetFromConfig}, {"reopen_rate", metrics.TargetFromFile}, {"created", ""}} {
		if m, _ := cat.Get(c.name); m.TargetSource != c.source {
			t.Errorf("%s: target from %q, want %q", c.name, m.TargetSource, c.source)
		}
	}
	if row := cell(t, rs[0], "2026-11-02", "L1"); row.Target == nil || *row.Target != 0.9 {
		t.Errorf("configured per-tier target: %v", row.Target)
	}
	if row := cell(t, rs[0], "2026-11-02", "L2"); row.Target != nil {
		t.Errorf("no target for L2: %v", *row.Target)
	}
	if row := cell(t, rs[1], "2026-11-02", "L2"); row.Target == nil || *row.Target != 0.05 {
		t.Errorf("the file's default target: %v", row.Target)
	}
	if row := cell(t, rs[2], "2026-11-02", "L1"); row.Target != nil {
		t.Errorf("created has no target")
	}
}

func TestLintShippedCatalog(t *testing.T) {
	cfg := config.Default()
	now := time.Date(2026, 11, 18, 12, 0, 0, 0, time.UTC)
	t.Run("empty warehouse", func(t *testing.T) {
		db := newWarehouse(t)
		if probs := metrics.Lint(context.Background(), db, catalog(t), cfg, now); len(probs) > 0 {
			t.Fatal(probs)
		}
	})
	t.Run("with tickets", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db, fcrMix...)
		if probs := metrics.Lint(context.Background(), db, catalog(t), cfg, now); len(probs) > 0 {
			t.Fatal(probs)
		}
	})
}

func TestLintFindsBrokenMetrics(t *testing.T) {
	header := func(name, unit string) string {
		return "-- ---\n-- name: " + name + "\n-- title: T\n-- description: D\n-- unit: " + unit +
			"\n-- direction: up\n-- grains: [week]\n-- dimensions: [tier]\n-- ---\n"
	}
	spine := `WITH p AS (SELECT range::DATE AS period FROM range(timezone($tz, timezone('UTC', $start::TIMESTAMP)), timezone($tz, timezone('UTC', $end::TIMESTAMP)), INTERVAL 7 DAY))
`
	files := fstest.MapFS{
		"columns.sql": {Data: []byte(header("columns", "count") + spine + "SELECT period, 'L1' AS tier, 1 AS value FROM p")},
		"types.sql":   {Data: []byte(header("types", "count") + spine + "SELECT period::VARCHAR AS period, 'L1' AS tier, 1 AS value, 1.5 AS sample_size FROM p")},
		"spine.sql":   {Data: []byte(header("spine", "count") + spine + "SELECT period, 'L1' AS tier, 1 AS value, 1 AS sample_size FROM p ORDER BY period")},
		"order.sql":   {Data: []byte(header("order", "count") + spine + "SELECT period, tier, 1 AS value, 1 AS sample_size FROM p, tiers ORDER BY period DESC")},
		"twice.sql":   {Data: []byte(header("twice", "count") + spine + "SELECT period, tier, 1 AS value, 1 AS sample_size FROM p, tiers, range(2) ORDER BY period")},
		"ratio.sql":   {Data: []byte(header("ratio", "ratio") + spine + "SELECT period, tier, 0.5 AS value, 1 AS numerator, 1 AS denominator FROM p, tiers ORDER BY period")},
		"broken.sql":  {Data: []byte(header("broken", "count") + "SELECT nonsense FROM nowhere")},
		"fine.sql":    {Data: []byte(header("fine", "count") + spine + "SELECT period, tier, 1 AS value, 1 AS sample_size FROM p, tiers ORDER BY period, rank")},
		"zerodiv.sql": {Data: []byte(header("zerodiv", "ratio") + spine + "SELECT period, tier, 0.0 AS value, 0 AS numerator, 0 AS denominator FROM p, tiers ORDER BY period")},
		"nullnum.sql": {Data: []byte(header("nullnum", "ratio") + spine + "SELECT period, tier, NULL::DOUBLE AS value, NULL::INT AS numerator, 0 AS denominator FROM p, tiers ORDER BY period")},
		"dimtype.sql": {Data: []byte(header("dimtype", "count") + spine + "SELECT period, 1 AS tier, 1 AS value, 1 AS sample_size FROM p ORDER BY period")},
		"valtype.sql": {Data: []byte(header("valtype", "count") + spine + "SELECT period, tier, 'x' AS value, 1 AS sample_size FROM p, tiers ORDER BY period")},
	}
	cat, err := metrics.Load(files, "")
	if err != nil {
		t.Fatal(err)
	}
	db := newWarehouse(t)
	probs := metrics.Lint(context.Background(), db, cat, config.Default(), time.Date(2026, 11, 18, 12, 0, 0, 0, time.UTC))
	got := probs.Error()
	for _, want := range []string{
		"queries/metrics/broken.sql:10: does not run:",
		"queries/metrics/columns.sql:10: result columns are (period, tier, value); the contract is (period, tier, value, sample_size)",
		"queries/metrics/dimtype.sql:10: dimension tier is INTEGER; dimensions are VARCHAR",
		"queries/metrics/nullnum.sql:10: numerator and denominator are never NULL",
		"queries/metrics/order.sql:10: rows are not ordered by period",
		"queries/metrics/ratio.sql:10: value must be numerator / denominator",
		"queries/metrics/spine.sql:10: period 2026-11-02 has no row for tier L0",
		"queries/metrics/twice.sql:10: the cell",
		"queries/metrics/types.sql:10: column period is VARCHAR",
		"queries/metrics/types.sql:10: column sample_size is DECIMAL(2,1)",
		"queries/metrics/valtype.sql:10: column value is VARCHAR",
		"queries/metrics/zerodiv.sql:10: value must be NULL when the denominator is 0",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	if strings.Contains(got, "fine.sql") {
		t.Errorf("fine.sql is fine:\n%s", got)
	}
}

// The package's import rules (STYLE.md): metrics never imports the ETL, the warehouse (or the
// DuckDB driver) or the dashboards; tests may.
func TestImports(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range af.Imports {
			path := strings.Trim(imp.Path.Value, `"`)
			for _, banned := range []string{"github.com/tierlens/tierlens/etl", "github.com/tierlens/tierlens/dashboards", "github.com/tierlens/tierlens/cmd", "github.com/duckdb/"} {
				if strings.HasPrefix(path, banned) {
					t.Errorf("%s imports %s", f, path)
				}
			}
		}
	}
}
