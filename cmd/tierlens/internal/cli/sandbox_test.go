package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tierlens/tierlens/etl/warehouse"
)

// ticketCount is how many tickets the warehouse in dir holds, read through tierlens.
func ticketCount(t *testing.T, dir string) string {
	t.Helper()
	r := runCLI(t, dir, "query", "--format", "csv", "SELECT count(*) AS n FROM tickets")
	if r.code != 0 {
		t.Fatalf("count tickets in %s: exit %d %s", dir, r.code, r.stderr)
	}
	return strings.TrimSpace(r.stdout)
}

// TestQuerySandbox: tierlens query, documented read-only, neither changes another warehouse
// (or its own through a hard link), nor writes files, nor reads files outside the warehouse,
// nor installs or loads extensions, nor changes its configuration. Each escape is refused
// with exit 2 and a message saying what is allowed, and its effect is checked to be absent.
func TestQuerySandbox(t *testing.T) {
	dir := metricsWarehouse(t)
	other := metricsWarehouse(t)
	otherDB := filepath.Join(other, "tierlens.duckdb")
	if got := ticketCount(t, other); got != "n\n3" {
		t.Fatalf("the other warehouse: %q", got)
	}
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret.csv")
	if err := os.WriteFile(secret, []byte("word\nhunter2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A Parquet file outside the warehouse, written by DuckDB itself.
	pq := filepath.Join(outside, "secret.parquet")
	scratch, err := warehouse.Open(context.Background(), filepath.Join(outside, "scratch.duckdb"), warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := scratch.DB.Exec("COPY (SELECT 'hunter2' AS word) TO '" + sqlQuote(pq) + "' (FORMAT parquet)"); err != nil {
		t.Fatal(err)
	}
	scratch.Close()
	ownLink := filepath.Join(outside, "own.duckdb")
	if err := os.Link(filepath.Join(dir, "tierlens.duckdb"), ownLink); err != nil {
		t.Fatal(err)
	}
	otherLink := filepath.Join(outside, "other.duckdb")
	if err := os.Link(otherDB, otherLink); err != nil {
		t.Fatal(err)
	}
	copied := filepath.Join(outside, "copied.csv")
	exported := filepath.Join(outside, "exported")

	for _, q := range []string{
		"ATTACH '" + sqlQuote(otherDB) + "' AS o (READ_WRITE); DELETE FROM o.tickets",
		"ATTACH '" + sqlQuote(otherDB) + "' AS o (READ_WRITE)",
		"ATTACH '" + sqlQuote(otherLink) + "' AS o (READ_WRITE); DELETE FROM o.tickets",
		"ATTACH '" + sqlQuote(ownLink) + "' AS own (READ_WRITE); DELETE FROM own.tickets",
		"SELECT 1; DELETE FROM tickets",
		"SELECT count(*) FROM tickets; SELECT 2",
		"COPY tickets TO '" + sqlQuote(copied) + "'",
		"COPY (SELECT * FROM tickets) TO '" + sqlQuote(copied) + "' (FORMAT csv)",
		"EXPORT DATABASE '" + sqlQuote(exported) + "'",
		"SELECT * FROM read_text('" + sqlQuote(secret) + "')",
		"SELECT * FROM read_csv('" + sqlQuote(secret) + "')",
		"SELECT * FROM '" + sqlQuote(secret) + "'",
		"SELECT * FROM read_parquet('" + sqlQuote(pq) + "')",
		"SELECT * FROM glob('" + sqlQuote(outside) + "/*')",
		"WITH s AS (SELECT * FROM read_csv('" + sqlQuote(secret) + "')) SELECT * FROM s",
		"SELECT (SELECT max(word) FROM read_csv('" + sqlQuote(secret) + "')) AS w, count(*) FROM tickets",
		"SELECT * FROM tickets WHERE ticket_key IN (SELECT word FROM read_parquet('" + sqlQuote(pq) + "'))",
		"SELECT * FROM read_csv('/etc/passwd')",
		"SET enable_external_access = true",
		"SET enable_external_access = true; SELECT * FROM read_text('" + sqlQuote(secret) + "')",
		"PRAGMA enable_profiling",
		"INSTALL httpfs",
		"LOAD httpfs",
		"CREATE TABLE stolen AS SELECT 1",
		"DETACH tierlens",
		"CALL pragma_version()",
	} {
		r := runCLI(t, dir, "query", "--format", "csv", q)
		if r.code != 2 || r.stdout != "" || !strings.Contains(r.stderr, "Files are written by tierlens") {
			t.Errorf("%s\n  exit %d (want 2), stdout %q, stderr %q", q, r.code, r.stdout, r.stderr)
		}
		if strings.Contains(r.stdout+r.stderr, "hunter2") {
			t.Errorf("%s: read the outside file", q)
		}
	}
	if got := ticketCount(t, other); got != "n\n3" {
		t.Errorf("the other warehouse lost tickets: %q", got)
	}
	if got := ticketCount(t, dir); got != "n\n3" {
		t.Errorf("the warehouse lost tickets through its hard link: %q", got)
	}
	for _, p := range []string{copied, exported} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s written by a query", p)
		}
	}

	// What an analyst reads still runs.
	for _, q := range []string{
		"SELECT tier, count(*) AS tickets FROM tickets GROUP BY ALL ORDER BY 1",
		"WITH t AS (SELECT * FROM tickets) SELECT count(*) FROM t;",
		"FROM tier_intervals LIMIT 1",
		"DESCRIBE tickets",
		"SHOW TABLES",
		"SUMMARIZE tickets",
		"EXPLAIN SELECT count(*) FROM tickets",
	} {
		if r := runCLI(t, dir, "query", "--format", "csv", q); r.code != 0 || r.stdout == "" {
			t.Errorf("%s: exit %d, stderr %q", q, r.code, r.stderr)
		}
	}
}

// sqlQuote doubles the single quotes of a path put in a SQL string literal.
func sqlQuote(s string) string { return strings.ReplaceAll(s, "'", "''") }
