package warehouse

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// sandboxed opens a new warehouse holding table x (10 rows) read-only, as every reading
// command does, with a small memory limit so a large sort has to spill.
func sandboxed(t *testing.T) (*Warehouse, string) {
	t.Helper()
	path := newWarehouse(t)
	w, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.DB.Exec("CREATE TABLE x AS SELECT range AS i FROM range(10)"); err != nil {
		t.Fatal(err)
	}
	w.Close()
	r, err := Open(context.Background(), path, Options{ReadOnly: true, MemoryLimit: "64MB", Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r, path
}

// TestReaderSandbox: a read-only open reaches nothing outside its file, its configuration
// cannot be changed back, and what the readers need (spilling to the temp directory, UTC on
// every connection, SET VARIABLE, TEMP macros) still works.
func TestReaderSandbox(t *testing.T) {
	w, path := sandboxed(t)
	ctx := context.Background()
	dir := t.TempDir()
	secret := filepath.Join(dir, "secret.csv")
	if err := os.WriteFile(secret, []byte("a,b\nsecret,1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	other := newWarehouse(t)
	link := filepath.Join(dir, "link.duckdb")
	if err := os.Link(path, link); err != nil {
		t.Fatal(err)
	}
	q := func(s string) string { return strings.ReplaceAll(s, "'", "''") }
	for _, s := range []string{
		"SELECT * FROM read_text('" + q(secret) + "')",
		"SELECT * FROM read_csv('" + q(secret) + "')",
		"SELECT * FROM '" + q(secret) + "'",
		"SELECT * FROM read_parquet('" + q(secret) + "')",
		"SELECT * FROM glob('" + q(dir) + "/*')",
		"COPY x TO '" + q(filepath.Join(dir, "out.csv")) + "'",
		"EXPORT DATABASE '" + q(filepath.Join(dir, "export")) + "'",
		"ATTACH '" + q(other) + "' AS o (READ_WRITE)",
		"ATTACH '" + q(link) + "' AS l (READ_WRITE)",
		"INSTALL httpfs",
		"LOAD httpfs",
		"SET enable_external_access = true",
		"SET GLOBAL enable_external_access = true",
		"RESET enable_external_access",
		"SET lock_configuration = false",
		"SET allowed_directories = ['/']",
		"SET TimeZone = 'Europe/Madrid'",
	} {
		if _, err := w.DB.ExecContext(ctx, s); err == nil {
			t.Errorf("%s: ran in the sandbox", s)
		}
	}
	for _, p := range []string{filepath.Join(dir, "out.csv"), filepath.Join(dir, "export")} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s written from a read-only open", p)
		}
	}

	// Every connection of the pool is UTC and sandboxed, not only the first.
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := w.DB.Conn(ctx)
			if err != nil {
				t.Error(err)
				return
			}
			defer c.Close()
			var tz, ext string
			if err := c.QueryRowContext(ctx, "SELECT current_setting('TimeZone'), current_setting('enable_external_access')::VARCHAR").Scan(&tz, &ext); err != nil {
				t.Error(err)
				return
			}
			if tz != "UTC" || ext != "false" {
				t.Errorf("a connection with TimeZone %s, enable_external_access %s", tz, ext)
			}
		}()
	}
	wg.Wait()

	// What the readers themselves do still works on one connection.
	c, err := w.DB.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for _, s := range []string{
		"SET VARIABLE tl_filter = ['a']::VARCHAR[]",
		"CREATE OR REPLACE TEMP MACRO plus1(a) AS a + 1",
		"CREATE OR REPLACE TEMP MACRO rows_of(n) AS TABLE SELECT * FROM range(n)",
	} {
		if _, err := c.ExecContext(ctx, s); err != nil {
			t.Errorf("%s: %v", s, err)
		}
	}
	var got int64
	if err := c.QueryRowContext(ctx, "SELECT plus1(len(getvariable('tl_filter'))) + (SELECT count(*) FROM rows_of(3))").Scan(&got); err != nil || got != 5 {
		t.Errorf("variable and temp macros: %d, %v", got, err)
	}
	if _, err := c.ExecContext(ctx, "RESET VARIABLE tl_filter"); err != nil {
		t.Errorf("RESET VARIABLE: %v", err)
	}

	// Grouping ~250 MB of strings under a 64 MB limit only finishes by spilling to the
	// temp_directory; the control, the same query where nothing can spill, runs out of memory.
	const big = "SELECT count(*) FROM (SELECT s, count(*) FROM (SELECT repeat('x', 150) || i AS s FROM range(1500000) t(i)) GROUP BY s)"
	var n int64
	if err := w.DB.QueryRowContext(ctx, big).Scan(&n); err != nil || n != 1500000 {
		t.Errorf("a query that spills: %d, %v", n, err)
	}
	mem, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer mem.Close()
	mem.SetMaxOpenConns(1)
	for _, s := range []string{"SET memory_limit = '64MB'", "SET threads = 2", "SET temp_directory = ''"} {
		if _, err := mem.ExecContext(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	if err := mem.QueryRowContext(ctx, big).Scan(&n); err == nil || !strings.Contains(err.Error(), "Out of Memory") {
		t.Errorf("the control did not run out of memory (%v): the query does not need to spill", err)
	}
}

// TestCheckQuery: only one SELECT (or EXPLAIN of one) passes; everything else is refused by
// DuckDB's parser before any of it runs, with what is allowed in the message.
func TestCheckQuery(t *testing.T) {
	w, _ := sandboxed(t)
	ctx := context.Background()
	for _, q := range []string{
		"SELECT count(*) FROM x",
		"  -- a comment\n select 1;",
		"FROM x",
		"WITH a AS (SELECT 1 AS v) SELECT * FROM a",
		"DESCRIBE x",
		"SHOW TABLES",
		"SUMMARIZE x",
		"VALUES (1), (2)",
		"EXPLAIN SELECT * FROM x",
		"/* why */ explain analyze SELECT * FROM x",
		"SELECT 'DELETE FROM x; ATTACH' AS text",
	} {
		if err := w.CheckQuery(ctx, q); err != nil {
			t.Errorf("%q refused: %v", q, err)
		}
	}
	for q, says := range map[string]string{
		"ATTACH 'other.duckdb' AS o (READ_WRITE)": "ATTACH is not allowed",
		"DETACH o":                          "DETACH is not allowed",
		"INSTALL httpfs":                    "INSTALL is not allowed",
		"LOAD httpfs":                       "LOAD is not allowed",
		"COPY x TO 'x.csv'":                 "COPY is not allowed",
		"COPY (SELECT 1) TO 'x.csv'":        "COPY is not allowed",
		"EXPORT DATABASE 'dir'":             "EXPORT is not allowed",
		"IMPORT DATABASE 'dir'":             "IMPORT is not allowed",
		"SET enable_external_access = true": "SET is not allowed",
		"RESET threads":                     "RESET is not allowed",
		"SET VARIABLE v = 1":                "SET is not allowed",
		"PRAGMA enable_profiling":           "PRAGMA is not allowed",
		"CALL pragma_version()":             "CALL is not allowed",
		"CREATE TABLE t AS SELECT 1":        "CREATE is not allowed",
		"CREATE TEMP TABLE t AS SELECT 1":   "CREATE is not allowed",
		"DROP TABLE x":                      "DROP is not allowed",
		"ALTER TABLE x ADD COLUMN j INT":    "ALTER is not allowed",
		"INSERT INTO x VALUES (1)":          "INSERT is not allowed",
		"UPDATE x SET i = 0":                "UPDATE is not allowed",
		"DELETE FROM x":                     "DELETE is not allowed",
		"CHECKPOINT":                        "CHECKPOINT is not allowed",
		"USE memory":                        "USE is not allowed",
		"SELECT 1; DELETE FROM x":           "a statement that is not a query",
		"SELECT 1; SELECT 2":                "2 statements in one call",
		"EXPLAIN SELECT 1; DELETE FROM x":   "a statement that is not a query",
		"EXPLAIN DELETE FROM x":             "not allowed",
		"EXPLAIN":                           "EXPLAIN of nothing",
		"-- nothing":                        "the query is empty",
	} {
		err := w.CheckQuery(ctx, q)
		if !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), says) || !strings.Contains(err.Error(), "Files are written by tierlens") {
			t.Errorf("%q: %v, want a refusal saying %q and what is allowed", q, err, says)
		}
	}
	if err := w.CheckQuery(ctx, "SELEC 1"); err == nil || errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), "syntax error") {
		t.Errorf("a syntax error: %v", err)
	}
	var n int
	if err := w.DB.QueryRowContext(ctx, "SELECT count(*) FROM x").Scan(&n); err != nil || n != 10 {
		t.Errorf("x after the refusals: %d rows, %v", n, err)
	}
}

// TestSecondReaderInProcess: a command that opens the warehouse twice gets DuckDB's one
// database instance twice, already locked by the first open; the second open works and is
// sandboxed too.
func TestSecondReaderInProcess(t *testing.T) {
	first, path := sandboxed(t)
	ctx := context.Background()
	second, err := Open(ctx, path, Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("second reader: %v", err)
	}
	defer second.Close()
	for _, w := range []*Warehouse{first, second} {
		var n int
		if err := w.DB.QueryRowContext(ctx, "SELECT count(*) FROM x").Scan(&n); err != nil || n != 10 {
			t.Errorf("read x: %d, %v", n, err)
		}
		if _, err := w.DB.ExecContext(ctx, "SELECT * FROM read_text('"+strings.ReplaceAll(path, "'", "''")+"')"); err == nil {
			t.Errorf("read_text ran in a reader")
		}
	}
}
