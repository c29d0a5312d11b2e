package etl

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/tierlens/tierlens/config"
)

// A delta's build views read the scope from copies only because a temp view named scoped_X
// shadows the warehouse's view of that name inside the warehouse's other views, for the
// deriving connection alone. This pins that behaviour of DuckDB (an upgrade that changed it
// would make deltas slow without a word) and that the copies go away with the derivation.
func TestScopeCopiesShadowTheWarehouseViewsOnTheirConnectionOnly(t *testing.T) {
	root := moduleRoot(t)
	w := openTest(t, filepath.Join(t.TempDir(), "w.duckdb"))
	defer w.Close()
	l := newLoader(w, config.Default())
	mustLoad(t, l, filepath.Join(root, "sample-data/generic/generic_events.csv"), FileOptions{Mapping: filepath.Join(root, "sample-data/mappings/generic-events.yaml")})
	ctx := context.Background()
	if _, err := l.RefreshDerived(ctx, false); err != nil {
		t.Fatal(err)
	}
	conn, err := w.DB.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	count := func(q string) int64 {
		t.Helper()
		var n int64
		if err := conn.QueryRowContext(ctx, q).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}
	for _, q := range []string{
		"DELETE FROM derive_scope",
		"INSERT INTO derive_scope SELECT ticket_key FROM tickets ORDER BY ticket_key LIMIT 3",
		"SET VARIABLE tl_scoped = true",
	} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	// ticket_sla reads scoped_tickets: one row per ticket of the scope
	if n := count("SELECT count(*) FROM ticket_sla"); n != 3 {
		t.Fatalf("ticket_sla over a scope of 3 tickets: %d rows", n)
	}
	// a copy holding one of them, and the temp view that reads it
	for _, q := range []string{
		"CREATE TEMP TABLE tl_scope_tickets AS SELECT * FROM main.tickets WHERE ticket_key IN (SELECT ticket_key FROM derive_scope) ORDER BY ticket_key LIMIT 1",
		scopeCopyView("tickets"),
	} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	if n := count("SELECT count(*) FROM ticket_sla"); n != 1 {
		t.Errorf("ticket_sla with a copy of 1 ticket shadowing scoped_tickets: %d rows, want 1 (the temp view did not shadow)", n)
	}
	// unscoped, the temp view reads the whole table, as the warehouse's does
	if _, err := conn.ExecContext(ctx, "RESET VARIABLE tl_scoped"); err != nil {
		t.Fatal(err)
	}
	all := count("SELECT count(*) FROM tickets")
	if n := count("SELECT count(*) FROM ticket_sla"); n != all {
		t.Errorf("ticket_sla unscoped with the copy in place: %d rows, want every ticket (%d)", n, all)
	}
	// other connections never see the copy
	var other int64
	if err := w.DB.QueryRowContext(ctx, "SELECT count(*) FROM duckdb_views() WHERE temporary AND view_name = 'scoped_tickets'").Scan(&other); err != nil || other != 0 {
		t.Errorf("another connection sees %d temp scoped_tickets views (%v)", other, err)
	}
	dropScopeCopies(conn)
	if n := count("SELECT count(*) FROM duckdb_views() WHERE temporary AND NOT internal") + count("SELECT count(*) FROM duckdb_tables() WHERE temporary AND table_name LIKE 'tl_scope%'"); n != 0 {
		t.Errorf("%d temp views or copies left after dropScopeCopies", n)
	}
	if _, err := conn.ExecContext(ctx, "SET VARIABLE tl_scoped = true"); err != nil {
		t.Fatal(err)
	}
	if n := count("SELECT count(*) FROM ticket_sla"); n != 3 {
		t.Errorf("ticket_sla after the copies were dropped: %d rows, want the scope's 3", n)
	}
	conn.ExecContext(ctx, "RESET VARIABLE tl_scoped")
	conn.ExecContext(ctx, "DELETE FROM derive_scope")
}
