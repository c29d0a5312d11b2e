package main

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/tierlens/tierlens/etl/warehouse"
)

// rewrite is the load's second yardstick: DuckDB alone copying every table of the loaded
// warehouse src (its base and derived tables, as they are) into a fresh database file db,
// with the per-connection settings tierlens uses. A load has to parse the file and write
// these tables whatever it computes in between, so the parse (the load's "convert" step) plus
// this copy is about as fast as a load of this design can be (a little faster, since the
// copy also reads the tables back); the rest is the computing.
func rewrite(src, db string) error {
	ctx := context.Background()
	w, err := warehouse.Open(ctx, db, warehouse.Options{MemoryLimit: memLimit()})
	if err != nil {
		return err
	}
	defer w.Close()
	conn, err := w.DB.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	// the fresh file has tierlens's own (empty) tables in main already: the copies go beside them
	for _, q := range []string{"ATTACH " + warehouse.SQLString(src) + " AS loaded (READ_ONLY)", "CREATE SCHEMA copied"} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	tables, err := queryNames(ctx, conn, "SELECT table_name FROM duckdb_tables() WHERE database_name = 'loaded' AND schema_name = 'main' ORDER BY 1")
	if err != nil {
		return err
	}
	if len(tables) == 0 {
		return fmt.Errorf("%s has no tables to copy", src)
	}
	for _, t := range tables {
		q := fmt.Sprintf(`CREATE TABLE copied."%[1]s" AS SELECT * FROM loaded.main."%[1]s"`, t)
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("copy %s: %w", t, err)
		}
	}
	_, err = conn.ExecContext(ctx, "CHECKPOINT")
	return err
}

// queryNames returns the single text column of every row of query.
func queryNames(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, query string) ([]string, error) {
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		names = append(names, n)
	}
	return names, rows.Err()
}
