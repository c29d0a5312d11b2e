package etl

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"

	"github.com/tierlens/tierlens/etl/warehouse"
)

// Note is a fact about a loaded file that a user should know though nothing failed: the
// finding (the same text for every case, so status can count them), the file line of this
// case when there is one, and what else it says. Notes are kept in the findings table.
type Note struct {
	Finding string
	Line    int64
	Detail  string
}

// String renders a note for the load summary.
func (n Note) String() string {
	var b strings.Builder
	if n.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", n.Line)
	}
	b.WriteString(n.Finding)
	if n.Detail != "" {
		b.WriteString(": " + n.Detail)
	}
	return b.String()
}

// Findings of one load that only the loader sees, per ticket: SQL over its temp tables, run
// for the tickets the file brings (decision action new or update) in the file's transaction.
var ticketFindings = []struct {
	finding string
	needs   string // the temp table the query reads
	query   string
}{
	{"a ticket's records do not show their order by time: records at one time follow the mapping's row_order", "row_dir",
		`SELECT number, CASE WHEN min_at = max_at THEN 'all its records at one time' ELSE 'records out of time order in the file' END FROM row_dir WHERE detected IS NULL AND several`},
	{"resolution time taken from the closing time (the export has no resolution time)", "t_new",
		`SELECT number, NULL FROM t_new WHERE resolved_from_closed`},
}

// writeFindings stores the file's notes and its tickets' findings with their evidence.
func writeFindings(ctx context.Context, tx *sql.Tx, conn *sql.Conn, res *Result) error {
	var rows [][]driver.Value
	for _, n := range res.Notes {
		rows = append(rows, []driver.Value{int32(res.LoadID), res.Source, res.File, n.Finding, nullLine(n.Line), nil, nullStr(n.Detail)})
	}
	if err := warehouse.Append(ctx, conn, "", "findings", rows); err != nil {
		return err
	}
	for _, f := range ticketFindings {
		var exists bool
		if err := tx.QueryRowContext(ctx, "SELECT count(*) > 0 FROM duckdb_tables() WHERE temporary AND table_name = $1", f.needs).Scan(&exists); err != nil {
			return err
		}
		if !exists {
			continue
		}
		q := `INSERT INTO findings
SELECT $load_id, $source, $file, $finding, NULL, $source || ':' || x.number, x.detail
FROM (` + f.query + `) AS x(number, detail)
WHERE x.number IN (SELECT number FROM decision WHERE action <> 'unchanged')`
		if _, err := tx.ExecContext(ctx, q, sql.Named("load_id", res.LoadID), sql.Named("source", res.Source),
			sql.Named("file", res.File), sql.Named("finding", f.finding)); err != nil {
			return fmt.Errorf("findings: %w", err)
		}
	}
	return nil
}

func nullLine(n int64) driver.Value {
	if n <= 0 {
		return nil
	}
	return n
}
