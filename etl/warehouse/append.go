package warehouse

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// Append writes rows produced in Go into a table through DuckDB's Appender, never row by row
// INSERTs. catalog is "temp" for temporary tables, "" for the warehouse.
func Append(ctx context.Context, conn *sql.Conn, catalog, table string, rows [][]driver.Value) error {
	if len(rows) == 0 {
		return nil
	}
	return conn.Raw(func(dc any) error {
		a, err := duckdb.NewAppender(dc.(driver.Conn), catalog, "", table)
		if err != nil {
			return fmt.Errorf("append to %s: %w", table, err)
		}
		for _, r := range rows {
			if err := a.AppendRow(r...); err != nil {
				a.Close()
				return fmt.Errorf("append to %s: %w", table, err)
			}
		}
		return a.CloseWithCancel(ctx)
	})
}
