package warehouse

import (
	"context"
	"path/filepath"
	"testing"
)

// A writer's open recreates the views only when the file's schema SQL is not this binary's:
// left as they are when current (the recreation made every load checkpoint), recreated when
// another tierlens wrote them.
func TestWriterOpenRecreatesViewsOnlyForOtherSchemaSQL(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	open := func() *Warehouse {
		t.Helper()
		w, err := Open(ctx, path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		return w
	}
	exec := func(w *Warehouse, q string) {
		t.Helper()
		if _, err := w.DB.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	// marker says whether scoped_tickets is the stand-in the test put there (1) or the
	// schema's view, which reads tickets (0 rows in a new file).
	marker := func(w *Warehouse) int {
		t.Helper()
		var n int
		if err := w.DB.QueryRowContext(ctx, "SELECT count(*) FROM scoped_tickets").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	stored := func(w *Warehouse) string {
		t.Helper()
		var v string
		if err := w.DB.QueryRowContext(ctx, "SELECT value FROM _meta WHERE key = ?", schemaSQLKey).Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}

	w := open()
	if got := stored(w); got != schemaSQL() {
		t.Fatalf("a new file records schema SQL %q, want %q", got, schemaSQL())
	}
	exec(w, "CREATE OR REPLACE VIEW scoped_tickets AS SELECT 1 AS stand_in")
	w.Close()

	w = open()
	if marker(w) != 1 {
		t.Fatal("a writer's open recreated the views of a file whose schema SQL is this binary's")
	}
	exec(w, "UPDATE _meta SET value = 'another tierlens' WHERE key = '"+schemaSQLKey+"'")
	w.Close()

	w = open()
	defer w.Close()
	if marker(w) != 0 {
		t.Fatal("a writer's open kept the views of a file another tierlens wrote")
	}
	if got := stored(w); got != schemaSQL() {
		t.Fatalf("after recreating the views the file records %q, want %q", got, schemaSQL())
	}
}
