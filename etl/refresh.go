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
}

// derivedBlock is one table of queries/etl/derived.sql.
type derivedBlock struct {
	table     string
	perTicket bool
	stmts     []string
}

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
		for _, t := range []string{"scope_keys", "scope_keys_b", "all_keys_b"} {
			_, _ = conn.ExecContext(context.Background(), "DROP TABLE IF EXISTS temp."+t)
		}
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
				scope = "WHERE ticket_key IN (SELECT ticket_key FROM derive_scope)"
			}
			for _, stmt := range blk.stmts {
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

// derivedBlocks splits queries/etl/derived.sql into its blocks, in order.
func derivedBlocks() ([]derivedBlock, error) {
	var out []derivedBlock
	for _, part := range strings.Split(queries.MustRead("etl/derived.sql"), "-- block: ")[1:] {
		head, body, _ := strings.Cut(part, "\n")
		f := strings.Fields(head)
		if len(f) == 0 {
			return nil, errors.New("etl/derived.sql: a block without a table")
		}
		b := derivedBlock{table: f[0], perTicket: strings.HasSuffix(head, "per ticket")}
		b.stmts = splitStatements(body)
		if b.perTicket && !strings.Contains(body, "/*SCOPE*/") {
			return nil, fmt.Errorf("etl/derived.sql: per-ticket block %s has no /*SCOPE*/ marker", b.table)
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
