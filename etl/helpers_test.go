package etl

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tierlens/tierlens/config"
	"github.com/tierlens/tierlens/etl/warehouse"
)

// fixedNow is the injected clock of the test loaders.
var fixedNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// openTest opens a new warehouse in a temp dir (closed at the end of the test).
func openTest(t testing.TB, path string) *warehouse.Warehouse {
	t.Helper()
	if path == "" {
		path = filepath.Join(t.TempDir(), "w.duckdb")
	}
	w, err := warehouse.Open(context.Background(), path, warehouse.Options{MemoryLimit: "1GB"})
	if err != nil {
		t.Fatalf("open warehouse: %v", err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

func newLoader(w *warehouse.Warehouse, cfg *config.Config) *Loader {
	if cfg == nil {
		cfg = config.Default()
	}
	return &Loader{W: w, Config: cfg, Now: func() time.Time { return fixedNow }, Version: "test"}
}

// mustLoad loads a file and fails the test on error. Its small fixtures reject records on
// purpose, so the --max-rejects limit is off unless the test sets one (TestMaxRejects tests it).
func mustLoad(t testing.TB, l *Loader, path string, opts FileOptions) *Result {
	t.Helper()
	if opts.MaxRejects == 0 {
		opts.MaxRejects = -1
	}
	res, err := l.Load(context.Background(), path, opts)
	if err != nil {
		t.Fatalf("load %s: %v", filepath.Base(path), err)
	}
	return res
}

// writeFile writes content to name in dir and returns the path.
func writeFile(t testing.TB, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// dump runs a query and renders every row as one line, in the query's order.
func dump(t testing.TB, db *sql.DB, query string, args ...any) []string {
	t.Helper()
	rows, err := db.Query(query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		parts := make([]string, len(vals))
		for i, v := range vals {
			switch x := v.(type) {
			case nil:
				parts[i] = "NULL"
			case time.Time:
				parts[i] = x.UTC().Format("2006-01-02 15:04:05")
			case []byte:
				parts[i] = string(x)
			default:
				parts[i] = fmt.Sprint(x)
			}
		}
		out = append(out, strings.Join(parts, "|"))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// queryInt runs a query returning one integer.
func queryInt(t testing.TB, db *sql.DB, query string, args ...any) int64 {
	t.Helper()
	var n sql.NullInt64
	if err := db.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n.Int64
}

// warehouseTables are every table a load writes.
var warehouseTables = []string{
	"tickets", "ticket_events", "tier_intervals", "status_intervals", "group_tiers",
	"loads", "rejects", "tiers", "tier_map", "calendars", "holidays", "sla_policies", "targets",
}

// checksums returns, per table, its row count and an order-independent hash of its rows.
func checksums(t testing.TB, db *sql.DB) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, tbl := range warehouseTables {
		var n int64
		var h sql.NullString
		if err := db.QueryRow("SELECT count(*), sum(hash(t))::VARCHAR FROM "+tbl+" t").Scan(&n, &h); err != nil {
			t.Fatalf("checksum %s: %v", tbl, err)
		}
		out[tbl] = fmt.Sprintf("%d rows, hash %s", n, h.String)
	}
	return out
}

// snapshot is the content of the named tables (default: every warehouse table), each sorted.
func snapshot(t testing.TB, db *sql.DB, tables ...string) map[string][]string {
	t.Helper()
	if len(tables) == 0 {
		tables = warehouseTables
	}
	out := map[string][]string{}
	for _, tbl := range tables {
		out[tbl] = dump(t, db, "SELECT * FROM "+tbl+" ORDER BY ALL")
	}
	return out
}

// diffLines reports the first difference between two dumps.
func diffLines(a, b []string) string {
	for i := 0; i < len(a) || i < len(b); i++ {
		var x, y string
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		if x != y {
			return fmt.Sprintf("row %d:\n  %s\n  %s", i, x, y)
		}
	}
	return ""
}

// snHeader is a ServiceNow incident list export's header (field names).
const snHeader = "number,short_description,opened_at,state,priority,assignment_group,assigned_to,sys_updated_on,resolved_at,closed_at\n"

// uciHeader is the header of the UCI event log (servicenow-eventlog).
var uciHeader = strings.Split("number,incident_state,active,reassignment_count,reopen_count,sys_mod_count,made_sla,caller_id,opened_by,opened_at,sys_created_by,sys_created_at,sys_updated_by,sys_updated_at,contact_type,location,category,subcategory,u_symptom,cmdb_ci,impact,urgency,priority,assignment_group,assigned_to,knowledge,u_priority_confirmation,notify,problem_id,rfc,vendor,caused_by,closed_code,resolved_by,resolved_at,closed_at", ",")

// eventLog builds a servicenow-eventlog CSV: each row sets some columns; the others are "?".
func eventLog(rows ...map[string]string) string {
	var b strings.Builder
	b.WriteString(strings.Join(uciHeader, ",") + "\n")
	for _, r := range rows {
		vals := make([]string, len(uciHeader))
		for i, c := range uciHeader {
			v, ok := r[c]
			if !ok {
				v = "?"
			}
			vals[i] = v
		}
		b.WriteString(strings.Join(vals, ",") + "\n")
	}
	return b.String()
}

// moduleRoot walks up from the package directory to the folder holding go.mod.
func moduleRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the test's directory")
		}
		dir = parent
	}
}
