package etl

import (
	"context"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/tierlens/tierlens/config"
)

// derivedTables are every table the derivation writes (queries/etl/derived.sql).
var derivedTables = []string{"calendar_windows", "sla_clock", "sla_instances", "tier_stay_clock",
	"ticket_facts", "ticket_clock", "source_data", "backlog_spans", "sla_spans"}

// sliceExport writes the rows of a generic event export up to cutoff (ISO text compares in
// time order): the export the desk would have taken then. Tickets created later are not in
// it; tickets still open then end at their state of that moment.
func sliceExport(t *testing.T, header []string, rows [][]string, cutoff, path string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(f)
	w.Write(header)
	for _, r := range rows {
		if r[1] <= cutoff {
			w.Write(r)
		}
	}
	w.Flush()
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// configWith writes the default configuration with edit applied to its text.
func configWith(t *testing.T, edit func(string) string) *config.Config {
	t.Helper()
	text := edit(string(config.DefaultYAML))
	p := writeFile(t, t.TempDir(), "tierlens.yaml", text)
	cfg, err := config.Load(p, false)
	if err != nil {
		t.Fatalf("config: %v\n%s", err, text)
	}
	return cfg
}

// TestIncrementalEqualsFull loads a desk's exports as it takes them (three exports, each the
// state at a later moment: new tickets, updated ones, resolutions and reopenings, and clocks
// that ran on meanwhile), with a change of the tier map and of a tier's OLA before the last,
// deriving incrementally after each; after every step a copy of the warehouse derived from
// scratch (load --rebuild) must hold the same rows in every derived table.
func TestIncrementalEqualsFull(t *testing.T) {
	root := moduleRoot(t)
	f, err := os.Open(filepath.Join(root, "sample-data/generic/generic_events.csv"))
	if err != nil {
		t.Fatal(err)
	}
	all, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	header, rows := all[0], all[1:]
	times := make([]string, len(rows))
	for i, r := range rows {
		times[i] = r[1]
	}
	sort.Strings(times)
	// The second export comes soon after the first: few of the open tickets changed, the others'
	// clocks ran on (time alone changes their derived rows).
	cutoffs := []string{times[len(times)*55/100], times[len(times)*56/100], times[len(times)*80/100], times[len(times)-1]}
	last := len(cutoffs) - 1
	mapping := filepath.Join(root, "sample-data/mappings/generic-events.yaml")

	dir := t.TempDir()
	path := filepath.Join(dir, "w.duckdb")
	ctx := context.Background()
	cfg := config.Default()
	// Before the last export: Network 2nd moves from L2 to L3, and L2's OLA changes.
	moved := configWith(t, func(s string) string {
		s = strings.Replace(s, "tier_map:\n", "tier_map:\n  - exact: Network 2nd\n    tier: L3\n", 1)
		return strings.Replace(s, "    ola: 16h", "    ola: 10h", 1)
	})
	for step, cutoff := range cutoffs {
		if step == last {
			cfg = moved
		}
		w := openTest(t, path)
		l := newLoader(w, cfg)
		// From the third export on, the derivations run in batches of tickets, as they do
		// on warehouses of millions: the rows must not depend on the cut.
		batched := step >= 2
		if batched {
			l.DeriveBatch = 250
		}
		n, err := l.Retier(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if step == last && n != 1 {
			t.Fatalf("step %d: re-tier moved %d groups, want 1", step, n)
		}
		file := filepath.Join(dir, "export.csv")
		sliceExport(t, header, rows, cutoff, file)
		res := mustLoad(t, l, file, FileOptions{Mapping: mapping})
		if step > 0 && (res.New == 0 || res.Updated == 0 || res.Unchanged == 0) {
			t.Fatalf("step %d: export brings %d new, %d updated, %d unchanged tickets: the test needs all three", step, res.New, res.Updated, res.Unchanged)
		}
		r, err := l.RefreshDerived(ctx, false)
		if err != nil {
			t.Fatal(err)
		}
		var tickets int64
		w.DB.QueryRow("SELECT count(*) FROM tickets").Scan(&tickets)
		if step > 0 && (r.Full || r.Tickets >= tickets) {
			t.Fatalf("step %d: derived %d of %d tickets (full %v, %v): not incremental", step, r.Tickets, tickets, r.Full, r.Why)
		}
		if step == last && (len(r.Whole) == 0 || !strings.Contains(strings.Join(r.Applied, ","), "tiers")) {
			t.Errorf("step %d: the OLA change was not applied: %+v", step, r)
		}
		// A daily delta (one batch, nothing rebuilt whole) reads the scope from copies; the
		// others read the warehouse's scoped views: both must give the full derivation's rows.
		if want := step == 1; r.Copies != want {
			t.Errorf("step %d: the derivation read copies of the scope: %v, want %v", step, r.Copies, want)
		}
		if step == 1 && r.Tickets <= res.New+res.Updated {
			t.Errorf("step %d: derived %d tickets, only the %d new and updated: the open ones' clocks ran on too", step, r.Tickets, res.New+res.Updated)
		}
		t.Logf("step %d: %d new, %d updated tickets; derived %d of %d again", step, res.New, res.Updated, r.Tickets, tickets)
		w.Close()

		// The same base tables, derived from scratch.
		full := filepath.Join(dir, "full.duckdb")
		copyFile(t, path, full)
		wf := openTest(t, full)
		lf := newLoader(wf, cfg)
		if step == 2 { // batched as well; at step 3 the full side is one pass, the other side batched
			lf.DeriveBatch = 700
		}
		if _, err := lf.RefreshDerived(ctx, true); err != nil {
			t.Fatal(err)
		}
		if _, err := wf.DB.Exec("ATTACH '" + path + "' AS inc (READ_ONLY)"); err != nil {
			t.Fatal(err)
		}
		for _, table := range derivedTables {
			var n, missing, extra int64
			err := wf.DB.QueryRow(`SELECT (SELECT count(*) FROM main.`+table+`),
				(SELECT count(*) FROM (SELECT * FROM main.`+table+` EXCEPT ALL SELECT * FROM inc.`+table+`)),
				(SELECT count(*) FROM (SELECT * FROM inc.`+table+` EXCEPT ALL SELECT * FROM main.`+table+`))`).Scan(&n, &missing, &extra)
			if err != nil {
				t.Fatal(err)
			}
			if missing+extra > 0 {
				t.Errorf("step %d: %s: the incremental derivation lacks %d and adds %d of the full one's %d rows", step, table, missing, extra, n)
				for _, l := range dump(t, wf.DB, `(SELECT 'full' AS side, * FROM (SELECT * FROM main.`+table+` EXCEPT ALL SELECT * FROM inc.`+table+`) LIMIT 3)
					UNION ALL (SELECT 'inc', * FROM (SELECT * FROM inc.`+table+` EXCEPT ALL SELECT * FROM main.`+table+`) LIMIT 3)`) {
					t.Log(l)
				}
			} else if n == 0 && table != "sla_spans" {
				t.Errorf("step %d: %s is empty: nothing compared", step, table)
			}
		}
		wf.DB.Exec("DETACH inc")
		wf.Close()
	}
}

// copyFile copies a closed warehouse file.
func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}
