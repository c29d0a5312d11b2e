package etl

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/tierlens/tierlens/etl/profiles"
	"github.com/tierlens/tierlens/etl/warehouse"
	"github.com/tierlens/tierlens/queries"
)

// commit writes everything in one transaction: tickets, events, intervals, group tiers,
// rejects, the configuration tables and the ledger row. A failure or a cancel rolls it all back.
func (l *Loader) commit(ctx context.Context, conn *sql.Conn, res *Result, in *input, rejects []Reject, m *profiles.Mapping) error {
	if err := conn.QueryRowContext(ctx, `
SELECT count(*) FILTER (action = 'new'), count(*) FILTER (action = 'update'), count(*) FILTER (action = 'unchanged')
FROM decision`).Scan(&res.New, &res.Updated, &res.Unchanged); err != nil {
		return err
	}
	if err := conn.QueryRowContext(ctx, `
SELECT count(*) FROM e_final WHERE number IN (SELECT number FROM decision WHERE action <> 'unchanged')`).Scan(&res.Events); err != nil {
		return err
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(load_id), 0) + 1 FROM loads").Scan(&res.LoadID); err != nil {
		return err
	}
	merge := queries.MustRead("etl/merge.sql")
	keep := ""
	if res.Unchanged > 0 {
		keep = "AND number IN (SELECT number FROM decision WHERE action <> 'unchanged')"
	}
	merge = strings.ReplaceAll(merge, "/*KEEP*/", keep)
	if res.Updated == 0 {
		// Nothing to replace: skip the four DELETE scans of the warehouse.
		var stmts []string
		for _, s := range splitStatements(merge) {
			if !strings.HasPrefix(strings.TrimSpace(stripComments(s)), "DELETE") {
				stmts = append(stmts, s)
			}
		}
		merge = strings.Join(stmts, ";\n")
	}
	t0 := time.Now()
	if err := execScript(ctx, tx, merge, sql.Named("load_id", res.LoadID), sql.Named("source", res.Source)); err != nil {
		return fmt.Errorf("merge: %w", err)
	}
	l.timed("merge", t0)
	// Rule 4: no unique constraints, so prove there are no duplicates instead.
	var dups int64
	if err := tx.QueryRowContext(ctx, `
SELECT count(*) FROM (
    SELECT ticket_key FROM tickets
    WHERE ticket_key IN (SELECT ticket_key FROM decision WHERE action IN ('new', 'update'))
    GROUP BY ticket_key HAVING count(*) > 1)`).Scan(&dups); err != nil {
		return err
	}
	if dups > 0 {
		return fmt.Errorf("merge produced %d duplicate tickets; nothing was loaded (please report this)", dups)
	}
	var rj [][]driver.Value
	for _, r := range rejects {
		rj = append(rj, []driver.Value{int32(res.LoadID), res.File, r.Line, nullStr(r.Column), nullStr(r.Value), r.Reason})
	}
	// The Appender joins the transaction open on this connection.
	if err := warehouse.Append(ctx, conn, "", "rejects", rj); err != nil {
		return err
	}
	now := l.now()
	abs, _ := filepath.Abs(res.File)
	if _, err := tx.ExecContext(ctx, `
INSERT INTO loads VALUES ($id, $file, $sha, $bytes, $profile, $source, $started, $finished, 'loaded',
    $read, $counted, $loaded, $rejected, $new, $updated, $unchanged, $events, $version)`,
		sql.Named("id", res.LoadID), sql.Named("file", abs), sql.Named("sha", in.sha256), sql.Named("bytes", in.bytes),
		sql.Named("profile", m.Name), sql.Named("source", res.Source), sql.Named("started", res.started), sql.Named("finished", now),
		sql.Named("read", res.Loaded+res.Rejected), sql.Named("counted", in.records), sql.Named("loaded", res.Loaded),
		sql.Named("rejected", res.Rejected), sql.Named("new", res.New), sql.Named("updated", res.Updated),
		sql.Named("unchanged", res.Unchanged), sql.Named("events", res.Events), sql.Named("version", l.Version)); err != nil {
		return err
	}
	if err := writeFindings(ctx, tx, conn, res, m.Shape); err != nil {
		return err
	}
	if err := writeConfig(ctx, tx, conn, l.Config); err != nil {
		return err
	}
	t1 := time.Now()
	defer l.timed("commit", t1)
	return tx.Commit()
}

// dropTemps frees the connection's temp tables before it goes back to the pool.
func dropTemps(conn *sql.Conn) {
	ctx := context.Background()
	for _, t := range []string{"conv", "row_dir", "t_new", "e_final", "ti_new", "si_new", "decision", "gt", "gt_new", "tier_rank"} {
		_, _ = conn.ExecContext(ctx, "DROP TABLE IF EXISTS temp."+t)
	}
}
