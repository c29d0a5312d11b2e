package cli

import (
	"context"
	"database/sql"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tierlens/tierlens/etl/lake"
	"github.com/tierlens/tierlens/etl/warehouse"
	"github.com/tierlens/tierlens/metrics"
)

// hostileSource is a source name made to break a hive partition path: a '/', an '=', a '..'
// and an escape of its own. Only ':' and spaces are refused as source names.
const hostileSource = "../up/and=out%2F.."

// hostileSourceEvents are two tickets of their own (different numbers from the sample).
const hostileSourceEvents = `ticket_id,event_time,event,status,assignment_group,agent,priority,channel,category,title,requester,csat,kb_article,public
Z-1,2026-10-05T09:00:00,created,new,Service Desk,,P2,email,Hardware,Printer,Ann,,,false
Z-1,2026-10-05T09:10:00,assigned,open,Service Desk,Ana,P2,email,Hardware,Printer,Ann,,,false
Z-1,2026-10-06T10:00:00,resolved,resolved,Service Desk,Ana,P2,email,Hardware,Printer,Ann,,,false
Z-2,2026-11-10T11:00:00,created,new,Service Desk,,P3,chat,Software,Excel,Bob,,,false
Z-2,2026-11-10T12:00:00,assigned,open,Apps 2nd,Eve,P3,chat,Software,Excel,Bob,,,false
`

// lakeWarehouse is the sample data warehouse (600 generated tickets up to 2026-11-20) plus two
// tickets of the hostile source.
func lakeWarehouse(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	mapping, err := filepath.Abs(filepath.Join("..", "..", "..", "..", "sample-data", "mappings", "generic-events.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "hostile.csv"), []byte(hostileSourceEvents), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"sample", "--profile", "generic", "--tickets", "600", "--seed", "3", "--end", "2026-11-20", "--out", filepath.Join(dir, "ex")},
		{"load", "--mapping", mapping, filepath.Join(dir, "ex", "generic_events.csv")},
		{"load", "--source", hostileSource, "--mapping", mapping, filepath.Join(dir, "hostile.csv")},
	} {
		if r := runCLI(t, dir, args...); r.code != 0 {
			t.Fatalf("%s: exit %d\n%s%s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
		}
	}
	return dir
}

// TestLakeRoundTrip: tierlens export writes the warehouse as a lake, and metrics run --lake
// gets exactly the warehouse's results, value by value, for the whole catalog at several
// grains and breakdowns; the lake also reads after a move, with DuckDB alone.
func TestLakeRoundTrip(t *testing.T) {
	dir := lakeWarehouse(t)
	lakeDir := filepath.Join(dir, "out", "lake")
	r := runCLI(t, dir, "export", "--out", lakeDir)
	if r.code != 0 || !strings.Contains(r.stderr, "exported ") || !strings.Contains(r.stderr, "tickets ") {
		t.Fatalf("export: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	m, err := lake.ReadManifest(lakeDir)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("manifest", func(t *testing.T) { checkManifest(t, dir, m) })
	t.Run("layout", func(t *testing.T) { checkLayout(t, dir, lakeDir, m) })
	t.Run("duckdb alone", func(t *testing.T) { checkPlainDuckDB(t, dir, lakeDir) })

	cfg, err := (&Env{Getenv: func(string) string { return "" }}).Config()
	if err != nil {
		t.Fatal(err)
	}
	cat, err := metrics.LoadCatalog(cfg)
	if err != nil {
		t.Fatal(err)
	}
	compare := func(t *testing.T, lakeDir string, grain metrics.Grain, by []string, period ...string) {
		t.Helper()
		var names []string
		for _, mt := range cat.Metrics() {
			if mt.HasGrain(grain) && !slices.ContainsFunc(by, func(d string) bool { return !mt.HasDimension(d) }) {
				names = append(names, mt.Name)
			}
		}
		if len(names) < 10 {
			t.Fatalf("grain %s by %v: only %d metrics: the test would check little", grain, by, len(names))
		}
		args := append(append([]string{"metrics", "run"}, names...), period...)
		args = append(args, "--grain", string(grain), "--by", strings.Join(by, ","), "--format", "json")
		want := runCLI(t, dir, args...)
		got := runCLI(t, dir, append(args, "--lake", lakeDir)...)
		if want.code != 0 || got.code != 0 {
			t.Fatalf("grain %s by %v: warehouse exit %d %s; lake exit %d %s", grain, by, want.code, want.stderr, got.code, got.stderr)
		}
		var rows []map[string]any
		if err := json.Unmarshal([]byte(want.stdout), &rows); err != nil {
			t.Fatal(err)
		}
		values := 0
		for _, row := range rows {
			if v, ok := row["value"].(float64); ok && v != 0 {
				values++
			}
		}
		if values < len(names) {
			t.Fatalf("grain %s by %v: %d rows, only %d non-zero values: the test would check little", grain, by, len(rows), values)
		}
		if got.stdout != want.stdout {
			t.Errorf("grain %s by %v: the lake's results differ from the warehouse's:\n%s", grain, by, firstDiff(want.stdout, got.stdout))
		}
	}
	for _, grain := range []metrics.Grain{metrics.Week, metrics.Month, metrics.All} {
		for _, by := range [][]string{{"tier"}, {"tier", "priority"}} {
			t.Run(string(grain)+"/"+strings.Join(by, ","), func(t *testing.T) {
				compare(t, lakeDir, grain, by, "--from", "2026-08-01", "--to", "2026-11-21")
			})
		}
	}

	// The lake moves: views.sql reads relative to the lake, not where it was written.
	moved := filepath.Join(t.TempDir(), "elsewhere")
	if err := os.Rename(lakeDir, moved); err != nil {
		t.Fatal(err)
	}
	t.Run("moved", func(t *testing.T) {
		compare(t, moved, metrics.Month, []string{"tier"}, "--from", "2026-08-01", "--to", "2026-11-21")
	})
	t.Run("filtered", func(t *testing.T) {
		compare(t, moved, metrics.Month, []string{"tier"}, "--from", "2026-08-01", "--to", "2026-11-21", "--filter", "priority=P1,P2")
	})
}

// TestExportEmptyWarehouse: a warehouse without tickets makes a lake without ticket files,
// whose views still have the tables' columns, and metrics run --lake gives its empty cells.
func TestExportEmptyWarehouse(t *testing.T) {
	dir := t.TempDir()
	// the schema and one tier, no tickets
	writeWarehouse(t, dir, "INSERT INTO tiers VALUES ('L1', 'Service desk', 1, NULL, NULL)")
	out := filepath.Join(dir, "lake")
	if r := runCLI(t, dir, "export", "--out", out); r.code != 0 {
		t.Fatalf("export: exit %d %s", r.code, r.stderr)
	}
	m, err := lake.ReadManifest(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, tb := range m.Tables {
		if tb.Name == "tickets" && (tb.Rows != 0 || len(tb.Files) != 0) {
			t.Errorf("tickets of an empty warehouse: %+v", tb)
		}
	}
	want := runCLI(t, dir, "metrics", "run", "created", "fcr", "--week", "2026-W45", "--format", "csv")
	got := runCLI(t, dir, "metrics", "run", "created", "fcr", "--week", "2026-W45", "--format", "csv", "--lake", out)
	if want.code != 0 || got.code != 0 || got.stdout != want.stdout || !strings.Contains(got.stdout, "created,2026-11-02,L1,0,") {
		t.Errorf("empty lake: exit %d/%d\n%s\nwant\n%s\n%s%s", got.code, want.code, got.stdout, want.stdout, got.stderr, want.stderr)
	}
}

// checkManifest: the manifest's row counts are the warehouse's count(*) of every table, and
// it lists every table.
func checkManifest(t *testing.T, dir string, m *lake.Manifest) {
	w, err := warehouse.Open(context.Background(), filepath.Join(dir, "tierlens.duckdb"), warehouse.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	var tables []string
	rows, err := w.DB.Query("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY 1")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	var got []string
	for _, tb := range m.Tables {
		got = append(got, tb.Name)
		var n int64
		if err := w.DB.QueryRow(`SELECT count(*) FROM "` + tb.Name + `"`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != tb.Rows {
			t.Errorf("%s: manifest says %d rows, the warehouse has %d", tb.Name, tb.Rows, n)
		}
		if len(tb.Files) == 0 && n > 0 {
			t.Errorf("%s: no files for %d rows", tb.Name, n)
		}
	}
	if !slices.Equal(got, tables) {
		t.Errorf("manifest tables %v, warehouse tables %v", got, tables)
	}
	for _, name := range []string{"tickets", "ticket_events", "tier_intervals", "status_intervals", "ticket_facts", "tiers", "group_tiers", "calendars", "sla_policies", "targets"} {
		if !slices.Contains(got, name) {
			t.Errorf("manifest lacks %s", name)
		}
	}
	if m.SchemaVersion != warehouse.SchemaVersion || m.ConfigHash == "" || m.Data.TicketsCreatedFirst == nil ||
		m.Data.TicketsCreatedLast.Before(*m.Data.TicketsCreatedFirst) || m.ExportedAt.IsZero() || m.Bytes == 0 {
		t.Errorf("manifest header incomplete: %+v", m)
	}
}

// checkLayout: tickets and events sit in source=…/year=…/month=… directories, one per source
// (the hostile one too, as one escaped directory name), and every file of the lake is inside it.
func checkLayout(t *testing.T, dir, lakeDir string, m *lake.Manifest) {
	for _, table := range []string{"tickets", "ticket_events"} {
		ents, err := os.ReadDir(filepath.Join(lakeDir, table))
		if err != nil {
			t.Fatal(err)
		}
		var sources []string
		for _, e := range ents {
			val, ok := strings.CutPrefix(e.Name(), "source=")
			if !ok || !e.IsDir() {
				t.Errorf("%s/%s: not a source=… directory", table, e.Name())
				continue
			}
			s, err := url.PathUnescape(val)
			if err != nil {
				t.Errorf("%s/%s: %v", table, e.Name(), err)
			}
			sources = append(sources, s)
			years, _ := filepath.Glob(filepath.Join(lakeDir, table, e.Name(), "year=*", "month=*", "*.parquet"))
			if len(years) == 0 {
				t.Errorf("%s/%s: no year=…/month=…/*.parquet", table, e.Name())
			}
		}
		slices.Sort(sources)
		if want := []string{hostileSource, "generic-events"}; !slices.Equal(sources, want) {
			t.Errorf("%s: partitions of sources %q, want %q", table, sources, want)
		}
	}
	if _, err := os.Stat(filepath.Join(lakeDir, "tickets", "source=..")); err == nil {
		t.Errorf("the hostile source made a directory of its own parts")
	}
	parent := filepath.Dir(lakeDir)
	ents, _ := os.ReadDir(parent)
	if len(ents) != 1 {
		t.Errorf("beside the lake: %d entries, want only the lake (a temporary directory left?)", len(ents))
	}
	for _, tb := range m.Tables {
		for _, f := range tb.Files {
			if _, err := os.Stat(filepath.Join(lakeDir, filepath.FromSlash(f))); err != nil || strings.Contains(f, "/../") {
				t.Errorf("%s: listed file %s: %v", tb.Name, f, err)
			}
		}
	}
}

// checkPlainDuckDB: DuckDB without tierlens reads the lake: read_parquet with hive
// partitioning counts the warehouse's tickets per source, and finds every ticket's events in
// the ticket's own partition.
func checkPlainDuckDB(t *testing.T, dir, lakeDir string) {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	q := `SELECT source, count(*) FROM read_parquet('` + lakeDir + `/tickets/**/*.parquet', hive_partitioning = true) GROUP BY ALL ORDER BY 1`
	got := map[string]int{}
	rows, err := db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s string
		var n int
		rows.Scan(&s, &n)
		got[string(s)] = n
	}
	rows.Close()
	want := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(runCLI(t, dir, "query", "--format", "csv", "SELECT source, count(*) FROM tickets GROUP BY ALL").stdout), "\n")[1:] {
		s, n, _ := strings.Cut(line, ",")
		var k int
		json.Unmarshal([]byte(n), &k)
		want[strings.Trim(s, `"`)] = k
	}
	if len(want) != 2 || want[hostileSource] != 2 || !mapsEqual(got, want) {
		t.Errorf("tickets per source by read_parquet: %v, warehouse %v", got, want)
	}
	var apart, events int
	err = db.QueryRow(`WITH t AS (SELECT ticket_key, parse_dirpath(filename) AS d FROM read_parquet('`+lakeDir+`/tickets/**/*.parquet', hive_partitioning = true, filename = true)),
		e AS (SELECT ticket_key, parse_dirpath(filename) AS d FROM read_parquet('`+lakeDir+`/ticket_events/**/*.parquet', hive_partitioning = true, filename = true))
		SELECT count(*) FILTER (t.d IS DISTINCT FROM replace(e.d, '/ticket_events/', '/tickets/')), count(*) FROM e LEFT JOIN t USING (ticket_key)`).Scan(&apart, &events)
	if err != nil {
		t.Fatal(err)
	}
	if events == 0 || apart != 0 {
		t.Errorf("%d of %d events are not in their ticket's partition", apart, events)
	}

	// views.sql, run as it is in DuckDB started in the lake, gives the warehouse's tables,
	// macros and views
	views, err := os.ReadFile(filepath.Join(lakeDir, lake.ViewsFile))
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(lakeDir)
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(context.Background(), string(views)); err != nil {
		t.Fatalf("views.sql in plain DuckDB, in the lake: %v", err)
	}
	var tickets, paths, periods int
	if err := conn.QueryRowContext(context.Background(), `SELECT (SELECT count(*) FROM tickets), (SELECT count(*) FROM ticket_paths),
		(SELECT count(*) FROM tl_periods(TIMESTAMP '2026-11-01', TIMESTAMP '2026-11-08', 'day', 'UTC'))`).Scan(&tickets, &paths, &periods); err != nil {
		t.Fatal(err)
	}
	if tickets != want["generic-events"]+want[hostileSource] || paths != tickets || periods != 7 {
		t.Errorf("through views.sql: %d tickets, %d paths, %d periods; want %d, %d, 7", tickets, paths, periods, want["generic-events"]+want[hostileSource], tickets)
	}
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestExportRefusesAndReplaces: a non-empty --out is refused without --force (its content
// untouched, nothing left beside it) and replaced whole with it; metrics run --lake names a
// directory that is not a lake and a lake of another schema version.
func TestExportRefusesAndReplaces(t *testing.T) {
	dir := metricsWarehouse(t)
	out := filepath.Join(dir, "lake")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	keep := filepath.Join(out, "notes.txt")
	if err := os.WriteFile(keep, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, dir, "export", "--out", out)
	if r.code != ExitError || !strings.Contains(r.stderr, "not empty") || !strings.Contains(r.stderr, "--force") {
		t.Errorf("export into a non-empty dir: exit %d, stderr %q", r.code, r.stderr)
	}
	if b, err := os.ReadFile(keep); err != nil || string(b) != "mine" {
		t.Errorf("the refused export touched %s: %q %v", keep, b, err)
	}
	if leftovers, _ := filepath.Glob(filepath.Join(dir, ".lake.export-*")); len(leftovers) > 0 {
		t.Errorf("left behind: %v", leftovers)
	}
	// --force never replaces the directory holding the warehouse
	r = runCLI(t, dir, "export", "--out", dir, "--force")
	if r.code != ExitError || !strings.Contains(r.stderr, "holds the warehouse") {
		t.Errorf("export --force into the warehouse's directory: exit %d, stderr %q", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "tierlens.duckdb")); err != nil {
		t.Fatalf("the warehouse is gone: %v", err)
	}
	r = runCLI(t, dir, "export")
	if r.code != ExitUsage {
		t.Errorf("export without --out: exit %d, want %d", r.code, ExitUsage)
	}

	r = runCLI(t, dir, "metrics", "run", "fcr", "--week", "2026-W45", "--lake", out)
	if r.code != ExitError || !strings.Contains(r.stderr, "not a tierlens lake") || !strings.Contains(r.stderr, "manifest.json") {
		t.Errorf("--lake of a plain dir: exit %d, stderr %q", r.code, r.stderr)
	}

	r = runCLI(t, dir, "export", "--out", out, "--force")
	if r.code != 0 {
		t.Fatalf("export --force: exit %d %s", r.code, r.stderr)
	}
	if _, err := os.Stat(keep); err == nil {
		t.Errorf("export --force kept the old content")
	}
	if leftovers, _ := filepath.Glob(filepath.Join(dir, ".lake.export-*")); len(leftovers) > 0 {
		t.Errorf("left behind: %v", leftovers)
	}
	want := runCLI(t, dir, "metrics", "run", "fcr", "--week", "2026-W45", "--format", "csv")
	got := runCLI(t, dir, "metrics", "run", "fcr", "--week", "2026-W45", "--format", "csv", "--lake", out)
	if got.code != 0 || got.stdout != want.stdout || !strings.Contains(got.stdout, "fcr,2026-11-02,L1,0.5,") {
		t.Errorf("metrics run --lake: exit %d\n%s\nwant\n%s\nstderr %s", got.code, got.stdout, want.stdout, got.stderr)
	}

	// a lake of another schema version is refused with the versions named
	mf := filepath.Join(out, lake.ManifestFile)
	b, err := os.ReadFile(mf)
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	json.Unmarshal(b, &raw)
	raw["schema_version"] = warehouse.SchemaVersion + 1
	b, _ = json.Marshal(raw)
	os.WriteFile(mf, b, 0o644)
	r = runCLI(t, dir, "metrics", "run", "fcr", "--week", "2026-W45", "--lake", out)
	if r.code != ExitError || !strings.Contains(r.stderr, "schema version 2") || !strings.Contains(r.stderr, "export it again") {
		t.Errorf("--lake of another schema version: exit %d, stderr %q", r.code, r.stderr)
	}
}
