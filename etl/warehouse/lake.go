package warehouse

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// LakeVariable is the DuckDB session variable a lake's views.sql prefixes its Parquet paths
// with; unset, the paths are relative to the working directory (DuckDB started in the lake).
const LakeVariable = "tl_lake"

// OpenLake opens an in-memory DuckDB over the Parquet lake in dir and runs setup (the lake's
// views.sql) on it, so the tables, macros and views read as in the warehouse. The database is
// sandboxed like a reader of the warehouse: external access is off except for dir itself
// (allowed_directories), and the configuration is locked once setup has run, so a metric file
// (built-in or from metrics_dir) reads the lake and nothing else. Every connection gets
// LakeVariable set to dir's absolute path.
func OpenLake(ctx context.Context, dir, setup string, opts Options) (*Warehouse, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("open lake %s: %w", dir, err)
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	settings := []string{
		"SET GLOBAL TimeZone = 'UTC'",
		"SET GLOBAL autoinstall_known_extensions = false",
		"SET GLOBAL autoload_known_extensions = false",
		"SET GLOBAL allowed_directories = " + sqlList(abs+string(filepath.Separator)),
		"SET GLOBAL enable_external_access = false",
	}
	if opts.MemoryLimit != "" {
		settings = append(settings, "SET GLOBAL memory_limit = "+SQLString(opts.MemoryLimit))
	}
	if opts.Threads > 0 {
		settings = append(settings, fmt.Sprintf("SET GLOBAL threads = %d", opts.Threads))
	}
	variable := "SET VARIABLE " + LakeVariable + " = " + SQLString(abs)
	var once sync.Mutex
	done := false
	connector, err := duckdb.NewConnector("", func(execer driver.ExecerContext) error {
		once.Lock()
		defer once.Unlock()
		if !done {
			for _, s := range settings {
				if _, err := execer.ExecContext(context.Background(), s, nil); err != nil {
					return fmt.Errorf("%s: %w", s, err)
				}
			}
			done = true
		}
		// a session variable: each connection of the pool needs its own
		_, err := execer.ExecContext(context.Background(), variable, nil)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("open lake %s: %w", dir, err)
	}
	w := &Warehouse{DB: sql.OpenDB(connector), Path: dir, ReadOnly: true, connector: connector, log: log}
	conn, err := w.DB.Conn(ctx)
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open lake %s: %w", dir, err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, setup); err != nil {
		w.Close()
		return nil, fmt.Errorf("lake %s: views.sql: %w", dir, err)
	}
	if _, err := conn.ExecContext(ctx, "SET GLOBAL lock_configuration = true"); err != nil {
		w.Close()
		return nil, fmt.Errorf("open lake %s: %w", dir, err)
	}
	return w, nil
}

// SQLString is s as a SQL string literal, for the statements DuckDB takes no parameters in
// (SET, ATTACH, COPY … TO).
func SQLString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// sqlList is the strings as a DuckDB list literal.
func sqlList(items ...string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = SQLString(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}
