package etl

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"

	"github.com/tierlens/tierlens/etl/profiles"
	"github.com/tierlens/tierlens/etl/warehouse"
	"github.com/tierlens/tierlens/queries"
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

// writeFindings stores the file's notes and its tickets' findings with their evidence.
func writeFindings(ctx context.Context, tx *sql.Tx, conn *sql.Conn, res *Result, shape profiles.Shape) error {
	var rows [][]driver.Value
	for _, n := range res.Notes {
		rows = append(rows, []driver.Value{int32(res.LoadID), res.Source, res.File, n.Finding, nullLine(n.Line), nil, nullStr(n.Detail)})
	}
	if err := warehouse.Append(ctx, conn, "", "findings", rows); err != nil {
		return err
	}
	script := "etl/findings_flat.sql"
	if shape == profiles.EventRows {
		script = "etl/findings_events.sql"
	}
	if err := execScript(ctx, tx, queries.MustRead(script),
		sql.Named("load_id", res.LoadID), sql.Named("source", res.Source), sql.Named("file", res.File)); err != nil {
		return fmt.Errorf("findings: %w", err)
	}
	return nil
}

func nullLine(n int64) driver.Value {
	if n <= 0 {
		return nil
	}
	return n
}
