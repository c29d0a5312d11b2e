package sample

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the fixtures in sample-data/ from the generator")

// The fixtures in sample-data/ are this generator's output for these
// options, the same as
//
//	tierlens sample --profile P --tickets 2000 --seed 1 --end 2026-11-20 --out sample-data/P
//
// Metric goldens are computed on them, so a change to the generator shows
// up here first: rerun with -update and review the golden diffs it causes.
const (
	fixtureTickets = 2000
	fixtureSeed    = 1
	fixtureDir     = "../../sample-data"
)

var fixtureEnd = time.Date(2026, 11, 20, 23, 59, 59, 0, time.UTC)

func TestFixturesUpToDate(t *testing.T) {
	for _, p := range Profiles() {
		dir := filepath.Join(fixtureDir, p)
		if *update {
			if _, err := Generate(context.Background(), Options{Tickets: fixtureTickets, Seed: fixtureSeed, End: fixtureEnd,
				Profile: p, OutDir: dir}); err != nil {
				t.Fatal(err)
			}
			continue
		}
		fresh, err := Generate(context.Background(), Options{Tickets: fixtureTickets, Seed: fixtureSeed, End: fixtureEnd,
			Profile: p, OutDir: t.TempDir()})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range fresh {
			committed, err := os.ReadFile(filepath.Join(dir, filepath.Base(f)))
			if os.IsNotExist(err) {
				t.Logf("no fixture %s/%s yet (go test -run Fixtures -update writes it)", p, filepath.Base(f))
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(committed, want) {
				t.Errorf("sample-data/%s/%s is stale: run go test ./etl/sample -run Fixtures -update and review the metric goldens", p, filepath.Base(f))
			}
		}
	}
}
