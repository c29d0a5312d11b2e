package etl

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/tierlens/tierlens/config"
	"github.com/tierlens/tierlens/etl/warehouse"
	"github.com/tierlens/tierlens/queries"
)

// Refresh says what a derivation did.
type Refresh struct {
	Full    bool     // every derived table rebuilt from all tickets
	Tickets int64    // tickets derived again (all of them when Full)
	Whole   []string // per-ticket tables rebuilt whole because a configuration part they read changed
	Why     []string // why the derivation was whole
	Applied []string // configuration parts changed since the last derivation, applied by this one
	Copies  bool     // the build views read the scope's rows from copies (scopeCopies)
}

// derivedBlock is one table of queries/etl/derived.sql.
type derivedBlock struct {
	table     string
	perTicket bool
	stmts     []string
	build     int // a per-ticket block's `INSERT INTO t BY NAME SELECT * FROM t_build …` (its index in stmts)
}

// inScope keeps the rows of derive_scope's tickets.
const inScope = "ticket_key IN (SELECT ticket_key FROM derive_scope)"

// perTicketOf lists, for each configuration part, the per-ticket derived tables that read it
// directly and must be rebuilt whole when it changes. Calendars and SLA policies reach every
// SLA table (a full derivation); the tier map is applied by Retier, which queues the tickets
// it moves; targets are read by the KPIs from the configuration tables only.
var perTicketOf = map[string][]string{
	config.PartTiers: {"tier_stay_clock", "ticket_facts", "ticket_clock"}, // OLA, ranks
}

// DefaultDeriveBatch is how many tickets one derivation statement covers at most: a 1M-ticket
// batch stays within a 2.5 GB DuckDB memory limit on the generated benchmark data.
const DefaultDeriveBatch = 1_000_000

// fullParts are the configuration parts every derived table depends on.
var fullParts = []string{config.PartCalendars, config.PartSLAPolicies}

// RefreshDerived brings the derived tables (business calendars as instants, SLA clocks and
// instances, tier stays against their OLA, per-ticket facts and business times, backlog and
// SLA spans) up to date with the loaded tickets and the configuration, in one transaction that
// also writes the configuration tables and records what it was derived with. It derives again
// only the tickets loads wrote or re-tiers moved since the last derivation (derive_queue),
// plus the tickets whose clocks still run in a source whose newest change moved; a
// configuration part that changed rebuilds the tables that read it; full (load --rebuild), a
// first load, another tierlens's tables or a change that moves every ticket rebuild all. A
// failure leaves the tables as they were, and the queue with them: the next load finishes it.
func (l *Loader) RefreshDerived(ctx context.Context, full bool) (*Refresh, error) {
	t0 := time.Now()
	conn, err := l.W.DB.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	defer func() {
		// the connection goes back to the pool: no scope may stay set on it
		_, _ = conn.ExecContext(context.Background(), "RESET VARIABLE tl_scoped")
		_, _ = conn.ExecContext(context.Background(), "DROP TABLE IF EXISTS temp.moved_sources")
		for _, t := range []string{"scope_keys", "running_keys", "scope_keys_b", "all_keys_b"} {
			_, _ = conn.ExecContext(context.Background(), "DROP TABLE IF EXISTS temp."+t)
		}
		dropScopeCopies(conn)
	}()
	// Every block orders its rows explicitly where order matters (derived.sql).
	if err := insertionOrder(ctx, conn, false); err != nil {
		return nil, err
	}
	defer insertionOrder(context.Background(), conn, true)
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	fail := func(err error) (*Refresh, error) {
		return nil, fmt.Errorf("derive the derived tables: %w", err)
	}
	// The configuration tables become the file's as it is now: the KPIs read tiers (time
	// limits) and targets from them, and the build views the calendars and policies.
	tp := time.Now()
	if err := writeConfig(ctx, tx, conn, l.Config); err != nil {
		return fail(err)
	}
	r, whole, with, err := l.plan(ctx, tx, full)
	if err != nil {
		return fail(err)
	}
	l.timed("derive plan", tp)
	if l.Log != nil {
		l.Log.Debug("derive scope", "full", r.Full, "tickets", r.Tickets, "whole", len(whole))
	}
	if err := l.runBlocks(ctx, tx, r, whole); err != nil {
		return fail(err)
	}
	for _, q := range []string{
		"DELETE FROM derive_queue",
		"DELETE FROM derived_sources",
		"INSERT INTO derived_sources SELECT source, max(updated_at) FROM tickets GROUP BY source",
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fail(err)
		}
	}
	if err := warehouse.MarkDerived(ctx, tx, with); err != nil {
		return fail(err)
	}
	if l.Deriving != nil {
		l.Deriving("", 1, 1)
	}
	tc := time.Now()
	if err := tx.Commit(); err != nil {
		return fail(err)
	}
	// DuckDB checkpoints in the commit once the WAL outgrows its threshold, as it does here
	l.timed("derived commit", tc)
	// Write the new tables into the file now rather than at close: part of the derivation's
	// cost, and no large WAL is left behind.
	if _, err := conn.ExecContext(ctx, "CHECKPOINT"); err != nil {
		return nil, fmt.Errorf("derive the derived tables: checkpoint: %w", err)
	}
	l.timed("derived tables", t0)
	return r, nil
}

// plan decides what a derivation covers: everything (r.Full, with why), or the tickets of
// temp.scope_keys (r.Tickets of them); whole are the per-ticket tables a changed configuration
// part makes it rebuild whole; with is what the tables will have been derived with.
func (l *Loader) plan(ctx context.Context, tx *sql.Tx, full bool) (r *Refresh, whole map[string]bool, with warehouse.DerivedWith, err error) {
	parts := l.Config.PartHashes()
	was, err := warehouse.ReadDerivedWith(ctx, tx)
	if err != nil {
		return nil, nil, with, err
	}
	r = &Refresh{Full: full}
	if full {
		r.Why = append(r.Why, "asked (--rebuild)")
	}
	if was.Version != warehouse.DerivedVersion() {
		r.Full = true
		r.Why = append(r.Why, "the derived tables were built by another tierlens (or never)")
	}
	changed := was.ChangedParts(parts)
	for _, p := range changed {
		if slices.Contains(fullParts, p) {
			r.Full = true
			r.Why = append(r.Why, "the configuration's "+p+" changed")
		}
	}
	r.Applied = changed
	var firstDay, lastDay sql.NullTime
	if err := tx.QueryRowContext(ctx, "SELECT first_day, last_day FROM calendar_span").Scan(&firstDay, &lastDay); err != nil {
		return nil, nil, with, err
	}
	span := warehouse.Span{First: firstDay.Time, Last: lastDay.Time}
	with = warehouse.DerivedWith{Version: warehouse.DerivedVersion(), Parts: parts, Span: span}
	if !r.Full && !span.First.Equal(was.Span.First) {
		r.Full = true
		r.Why = append(r.Why, "the first ticket moved, and business time counts from it")
	}
	if !r.Full {
		// Tickets missing from the per-ticket tables though not queued: a derivation that
		// failed in a tierlens before the queue, or tables emptied by hand.
		var missing int64
		if err := tx.QueryRowContext(ctx, `
SELECT count(*) FROM tickets
WHERE ticket_key NOT IN (SELECT ticket_key FROM ticket_facts)
  AND ticket_key NOT IN (SELECT ticket_key FROM derive_queue)`).Scan(&missing); err != nil {
			return nil, nil, with, err
		}
		var facts, clocks int64
		if err := tx.QueryRowContext(ctx, "SELECT (SELECT count(*) FROM ticket_facts), (SELECT count(*) FROM ticket_clock)").Scan(&facts, &clocks); err != nil {
			return nil, nil, with, err
		}
		if missing > 0 || facts != clocks {
			r.Full = true
			r.Why = append(r.Why, "the derived tables missed tickets")
		}
	}
	whole = map[string]bool{}
	for _, p := range changed {
		for _, t := range perTicketOf[p] {
			whole[t] = true
		}
	}

	// The tickets to derive again: those queued, and those whose clocks still run in a
	// source whose newest change moved (a moved end of the calendars reads them all again).
	if !r.Full {
		if _, err := tx.ExecContext(ctx, `
CREATE OR REPLACE TEMP TABLE moved_sources AS
SELECT n.source FROM (SELECT source, max(updated_at) AS as_of FROM tickets GROUP BY source) n
LEFT JOIN derived_sources d ON d.source = n.source
WHERE d.source IS NULL OR d.as_of IS DISTINCT FROM n.as_of OR $span_moved`,
			sql.Named("span_moved", !span.Last.Equal(was.Span.Last))); err != nil {
			return nil, nil, with, err
		}
		if err := execScript(ctx, tx, queries.MustRead("etl/derive_scope.sql")); err != nil {
			return nil, nil, with, err
		}
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM temp.scope_keys").Scan(&r.Tickets); err != nil {
			return nil, nil, with, err
		}
	} else if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM tickets").Scan(&r.Tickets); err != nil {
		return nil, nil, with, err
	}

	return r, whole, with, nil
}

// runBlocks runs the blocks of queries/etl/derived.sql as plan decided.
func (l *Loader) runBlocks(ctx context.Context, tx *sql.Tx, r *Refresh, whole map[string]bool) error {
	blocks, err := derivedBlocks()
	if err != nil {
		return err
	}
	// The key sets a block derives: every ticket, or the scope; each cut into batches of
	// tickets in creation order, so no statement holds more than a batch in memory (a whole
	// derivation of 4M tickets runs out of DuckDB's memory otherwise) and rows still go in
	// roughly time order.
	batch := l.DeriveBatch
	if batch <= 0 {
		batch = DefaultDeriveBatch
	}
	// keys[all]: the temp table of (ticket_key, batch) for every ticket / for the scope.
	keys := map[bool]string{true: "all_keys_b", false: "scope_keys_b"}
	batches := map[bool]int64{}
	for _, all := range []bool{true, false} {
		var from string
		switch {
		case all && (r.Full || len(whole) > 0):
			from = "tickets"
		case !all && !r.Full:
			from = "tickets WHERE ticket_key IN (SELECT ticket_key FROM temp.scope_keys)"
		default:
			continue // no block derives this key set
		}
		if _, err := tx.ExecContext(ctx, `CREATE OR REPLACE TEMP TABLE `+keys[all]+` AS
SELECT ticket_key, (row_number() OVER (ORDER BY created_at, ticket_key) - 1) // $batch AS batch FROM `+from,
			sql.Named("batch", batch)); err != nil {
			return err
		}
		var n int64
		if err := tx.QueryRowContext(ctx, "SELECT count(DISTINCT batch) FROM temp."+keys[all]).Scan(&n); err != nil {
			return err
		}
		batches[all] = n
	}
	// A daily delta derives one batch of scoped tickets and nothing whole: its build views
	// then read the scope's rows from copies (scopeCopies) instead of scanning whole tables.
	var copies *scopeCopies
	if !r.Full && len(whole) == 0 && batches[false] == 1 {
		if copies, err = newScopeCopies(ctx, tx, blocks); err != nil {
			return err
		}
		r.Copies = true
	}
	scoped := false
	setScope := func(all bool, b int64, on bool) error {
		qs := []string{"DELETE FROM derive_scope", "RESET VARIABLE tl_scoped"}
		if on {
			qs = []string{"DELETE FROM derive_scope",
				"INSERT INTO derive_scope SELECT ticket_key FROM temp." + keys[all] + " WHERE batch = " + fmt.Sprint(b),
				"SET VARIABLE tl_scoped = true"}
		} else if !scoped {
			return nil
		}
		for _, q := range qs {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		scoped = on
		return nil
	}
	for i, blk := range blocks {
		if l.Deriving != nil {
			l.Deriving(blk.table, i, len(blocks))
		}
		tb := time.Now()
		all := true
		switch {
		case !blk.perTicket || r.Full:
		case whole[blk.table]:
			r.Whole = append(r.Whole, blk.table)
		case r.Tickets == 0:
			continue // nothing of this table changes
		default:
			all = false
		}
		// One pass over every ticket needs no scope; anything else runs batch by batch.
		plain := !blk.perTicket || (all && batches[true] <= 1)
		n := batches[all]
		if plain {
			n = 1
		}
		for b := int64(0); b < n; b++ {
			if err := setScope(all, b, !plain); err != nil {
				return err
			}
			scope := ""
			if !plain {
				scope = "WHERE " + inScope
			}
			stmts := blk.stmts
			if copies != nil && !plain {
				// derive_scope holds the delta's tickets now: copy the base tables' rows once
				if err := copies.base(ctx, tx); err != nil {
					return err
				}
				stmts = copies.capture(blk)
			}
			for _, stmt := range stmts {
				if _, err := tx.ExecContext(ctx, strings.Replace(stmt, "/*SCOPE*/", scope, 1)); err != nil {
					return fmt.Errorf("%s: %w", blk.table, err)
				}
			}
		}
		l.timed("derive "+blk.table, tb)
	}
	if err := setScope(false, 0, false); err != nil {
		return err
	}
	return nil
}

// scopeCopies serve a scoped derivation's build views the scope's rows. The views read the
// per-ticket tables through scoped_* views (queries/views/010_scope.sql), whose scoped branch
// keeps derive_scope's tickets by a semi-join after scanning the whole table: in a 1% delta of
// a 1M-ticket warehouse the builds scanned sla_clock's 4.3M rows seven times, most of the
// derivation's time, for 17k tickets. Here each table's scope rows are taken once into a
// temporary table, and a temporary view of the same name shadows the warehouse's scoped_* view
// for this connection only (DuckDB resolves the names in a view's query through the temp
// schema first): base tables are copied when the scope is set; a derived table's rows are
// kept as its block builds them, then inserted from the copy. The copies hold exactly the
// rows the scoped views would return, so the results are the same; if the temp views did not
// shadow, the warehouse's views would still give them, only slower. Only for one batch of
// scoped tickets with nothing rebuilt whole, where the scope never changes.
type scopeCopies struct {
	baseTables []string        // tables the derivation does not write
	derived    map[string]bool // tables a block writes
	baseDone   bool
}

// newScopeCopies finds the scoped views' tables (every view named scoped_<table>).
func newScopeCopies(ctx context.Context, tx *sql.Tx, blocks []derivedBlock) (*scopeCopies, error) {
	c := &scopeCopies{derived: map[string]bool{}}
	written := map[string]bool{}
	for _, b := range blocks {
		written[b.table] = true
	}
	rows, err := tx.QueryContext(ctx, `SELECT substr(view_name, 8) FROM duckdb_views()
WHERE database_name = current_database() AND schema_name = 'main' AND NOT temporary AND view_name LIKE 'scoped\_%' ESCAPE '\'
ORDER BY 1`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		if written[t] {
			c.derived[t] = true
		} else {
			c.baseTables = append(c.baseTables, t)
		}
	}
	return c, rows.Err()
}

// scopeCopyView shadows the warehouse's scoped_<table> view with one that reads the copy.
func scopeCopyView(table string) string {
	return fmt.Sprintf(`CREATE OR REPLACE TEMP VIEW scoped_%[1]s AS
SELECT * FROM main.%[1]s WHERE getvariable('tl_scoped') IS NULL
UNION ALL
SELECT * FROM temp.tl_scope_%[1]s WHERE getvariable('tl_scoped')`, table)
}

// base copies the base tables' rows of derive_scope's tickets, once.
func (c *scopeCopies) base(ctx context.Context, tx *sql.Tx) error {
	if c.baseDone {
		return nil
	}
	for _, t := range c.baseTables {
		for _, q := range []string{
			fmt.Sprintf("CREATE OR REPLACE TEMP TABLE tl_scope_%[1]s AS SELECT * FROM main.%[1]s WHERE %[2]s", t, inScope),
			scopeCopyView(t),
		} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("scope copy of %s: %w", t, err)
			}
		}
	}
	c.baseDone = true
	return nil
}

// capture returns a block's statements so that a table the later builds read through a
// scoped view keeps its new rows in a copy: the block's insert from its build view
// (derivedBlock.build) builds into the copy, with the table's own columns, and inserts from it.
func (c *scopeCopies) capture(blk derivedBlock) []string {
	t := blk.table
	if !c.derived[t] {
		return blk.stmts
	}
	copyTable := "temp.tl_scope_" + t
	out := append([]string{}, blk.stmts[:blk.build]...)
	out = append(out,
		fmt.Sprintf("CREATE OR REPLACE TEMP TABLE tl_scope_%[1]s AS SELECT * FROM main.%[1]s LIMIT 0", t),
		fmt.Sprintf("INSERT INTO %s BY NAME SELECT * FROM %s_build", copyTable, t),
		strings.Replace(blk.stmts[blk.build], "FROM "+t+"_build", "FROM "+copyTable, 1))
	out = append(out, blk.stmts[blk.build+1:]...)
	return append(out, scopeCopyView(t))
}

// dropScopeCopies removes the views that shadow the warehouse's and their copies, before the
// connection goes back to the pool. They come in pairs: both are made in the derivation's
// transaction, which keeps neither if it fails.
func dropScopeCopies(conn *sql.Conn) {
	ctx := context.Background()
	rows, err := conn.QueryContext(ctx, `SELECT substr(view_name, 8) FROM duckdb_views() WHERE temporary AND view_name LIKE 'scoped\_%' ESCAPE '\'`)
	if err != nil {
		return
	}
	var tables []string
	for rows.Next() {
		var t string
		if rows.Scan(&t) == nil {
			tables = append(tables, t)
		}
	}
	rows.Close()
	for _, t := range tables {
		_, _ = conn.ExecContext(ctx, "DROP VIEW IF EXISTS temp.scoped_"+t)
		_, _ = conn.ExecContext(ctx, "DROP TABLE IF EXISTS temp.tl_scope_"+t)
	}
}

// derivedBlocks splits queries/etl/derived.sql into its blocks, in order.
func derivedBlocks() ([]derivedBlock, error) {
	var out []derivedBlock
	for _, part := range strings.Split(queries.MustRead("etl/derived.sql"), "-- block: ")[1:] {
		head, body, _ := strings.Cut(part, "\n")
		f := strings.Fields(head)
		if len(f) == 0 {
			return nil, errors.New("etl/derived.sql: a block without a table")
		}
		b := derivedBlock{table: f[0], perTicket: strings.HasSuffix(head, "per ticket"), build: -1}
		b.stmts = splitStatements(body)
		if b.perTicket && !strings.Contains(body, "/*SCOPE*/") {
			return nil, fmt.Errorf("etl/derived.sql: per-ticket block %s has no /*SCOPE*/ marker", b.table)
		}
		for i, stmt := range b.stmts {
			if strings.HasPrefix(strings.TrimSpace(stripComments(stmt)), "INSERT INTO "+b.table+" BY NAME SELECT * FROM "+b.table+"_build") {
				b.build = i
			}
		}
		if b.perTicket && b.build < 0 {
			// a delta's scope copies build through that statement (scopeCopies.capture)
			return nil, fmt.Errorf("etl/derived.sql: per-ticket block %s does not insert with INSERT INTO %[1]s BY NAME SELECT * FROM %[1]s_build", b.table)
		}
		out = append(out, b)
	}
	return out, nil
}

// DerivedStale reports whether the derived tables must be derived again before they can be
// trusted: tickets wait in the queue (a load stopped before its derivation), another tierlens
// built them, or the configuration changed since.
func (l *Loader) DerivedStale(ctx context.Context) (bool, error) {
	s, err := l.W.Derived(ctx, l.Config.PartHashes())
	return !s.Current(), err
}
