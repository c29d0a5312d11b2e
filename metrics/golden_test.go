package metrics_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tierlens/tierlens/config"
	"github.com/tierlens/tierlens/etl"
	"github.com/tierlens/tierlens/etl/warehouse"
	"github.com/tierlens/tierlens/metrics"
)

var update = flag.Bool("update", false, "rewrite testdata/golden/*.csv from the current results")

// The golden fixture: `tierlens sample --profile generic --tickets 1200 --seed 1 --end 2026-11-15`,
// committed as testdata/sample/generic_events.parquet with the mapping it loads with, so the
// goldens do not move when the generator changes.
const (
	fixtureFile    = "testdata/sample/generic_events.parquet"
	fixtureMapping = "testdata/sample/generic-events.yaml"
	goldenDir      = "testdata/golden"
)

// sampleWarehouse loads the fixture through the real ETL into a temporary warehouse.
func sampleWarehouse(t testing.TB) *sql.DB {
	t.Helper()
	ctx := context.Background()
	w, err := warehouse.Open(ctx, filepath.Join(t.TempDir(), "golden.duckdb"), warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	fixed := time.Date(2026, 11, 16, 8, 0, 0, 0, time.UTC)
	l := &etl.Loader{W: w, Config: config.Default(), Now: func() time.Time { return fixed }, Version: "test"}
	if _, err := l.Load(ctx, fixtureFile, etl.FileOptions{Mapping: fixtureMapping}); err != nil {
		t.Fatal(err)
	}
	if _, err := l.RefreshDerived(ctx, false); err != nil {
		t.Fatal(err)
	}
	return w.DB
}

// goldenCSV renders a result: one line per row, values with 12 significant digits.
func goldenCSV(r *metrics.Result) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	head := append([]string{"period"}, r.Dimensions...)
	head = append(head, "value", "numerator", "denominator", "sample_size", "target", "note")
	w.Write(head)
	num := func(p *float64) string {
		if p == nil {
			return ""
		}
		return strconv.FormatFloat(*p, 'g', 12, 64)
	}
	for _, row := range r.Rows {
		rec := append([]string{row.Period.Format(time.DateOnly)}, row.Dims...)
		n := ""
		if row.SampleSize != nil {
			n = strconv.FormatInt(*row.SampleSize, 10)
		}
		rec = append(rec, num(row.Value), num(row.Numerator), num(row.Denominator), n, num(row.Target), row.Note)
		w.Write(rec)
	}
	w.Flush()
	return b.Bytes()
}

// TestGolden runs every metric weekly by tier over the fixture's last 13 weeks and compares
// with testdata/golden/<metric>.csv (go test ./metrics -run TestGolden -update rewrites them;
// review the diff before committing). A metric without a golden fails.
func TestGolden(t *testing.T) {
	db := sampleWarehouse(t)
	cat := catalog(t)
	cfg := config.Default()
	p := metrics.PeriodsOf(cfg)
	from, to := p.Last(metrics.Week, 13, time.Date(2026, 11, 18, 12, 0, 0, 0, p.Loc))
	rs, err := cat.Run(context.Background(), db, cfg, nil, metrics.Query{Grain: metrics.Week, From: from, To: to, By: []string{"tier"}})
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		os.MkdirAll(goldenDir, 0o755)
	}
	for _, r := range rs {
		path := filepath.Join(goldenDir, r.Metric.Name+".csv")
		got := goldenCSV(r)
		if *update {
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("%s has no golden (%v): run go test ./metrics -run TestGolden -update and review it", r.Metric.Name, err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s:\n%s", r.Metric.Name, path, lineDiff(string(want), string(got)))
		}
		if len(r.Rows) != 13*5*max(1, 5*len(r.Metric.Fixed())) && !strings.Contains(string(got), "unmapped") {
			t.Errorf("%s: %d rows is not a full spine", r.Metric.Name, len(r.Rows))
		}
	}
	// no golden without a metric
	files, _ := filepath.Glob(filepath.Join(goldenDir, "*.csv"))
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".csv")
		if !slices.Contains(cat.Names(), name) && !strings.HasPrefix(name, "_") {
			t.Errorf("%s is the golden of no metric: remove it", f)
		}
	}
}

// TestGoldenBreakdowns pins a monthly run by priority and channel and a run by nothing, for a
// few metrics of each shape (count, ratio, median, fixed breakdown).
func TestGoldenBreakdowns(t *testing.T) {
	db := sampleWarehouse(t)
	cat := catalog(t)
	cfg := config.Default()
	from, to := months(t, "2026-08", "2026-11")
	names := []string{"created", "fcr", "resolution_time", "backlog_aging"}
	var out bytes.Buffer
	for _, by := range [][]string{{"priority", "channel"}, nil} {
		rs, err := cat.Run(context.Background(), db, cfg, names, metrics.Query{Grain: metrics.Month, From: from, To: to, By: by})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rs {
			out.WriteString("# " + r.Metric.Name + " by " + strings.Join(by, ",") + "\n")
			out.Write(goldenCSV(r))
		}
	}
	path := filepath.Join(goldenDir, "_breakdowns.csv")
	if *update {
		if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("no golden %s: run with -update", path)
	}
	if !bytes.Equal(out.Bytes(), want) {
		t.Errorf("%s differs:\n%s", path, lineDiff(string(want), out.String()))
	}
}

// lineDiff shows the first lines that differ.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < max(len(w), len(g)) && shown < 10; i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			b.WriteString("  line " + strconv.Itoa(i+1) + ":\n    want " + wl + "\n    got  " + gl + "\n")
			shown++
		}
	}
	return b.String()
}
