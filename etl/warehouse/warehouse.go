// Package warehouse opens the tierlens DuckDB file: per-connection settings, the schema and its
// version, the single-writer lock and read-only opens for readers. It is the only package that
// imports the DuckDB driver; it knows nothing of export formats or KPIs.
package warehouse

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// DefaultPath is the warehouse file used when no --db is given.
const DefaultPath = "tierlens.duckdb"

// Sentinel errors callers can test with errors.Is.
var (
	// ErrBusy means another process holds the warehouse for writing.
	ErrBusy = errors.New("warehouse busy")
	// ErrNotFound means a read-only open found no warehouse file.
	ErrNotFound = errors.New("no warehouse")
	// ErrSchemaVersion means the file was written by a tierlens with another schema.
	ErrSchemaVersion = errors.New("warehouse schema version mismatch")
)

// Options tune an open.
type Options struct {
	ReadOnly    bool
	LockTimeout time.Duration // how long a writer waits for another writer; 0 = fail at once
	MemoryLimit string        // DuckDB memory_limit, e.g. "3GB"; empty = DuckDB's default
	Threads     int           // 0 = DuckDB's default (all cores)
	Logger      *slog.Logger
}

// Warehouse is an open warehouse file.
type Warehouse struct {
	DB       *sql.DB
	Path     string
	ReadOnly bool

	connector *duckdb.Connector
	lock      *fileLock
	log       *slog.Logger
}

// Open opens (and for writers creates) the warehouse at path. A writer takes the lock first,
// waiting up to opts.LockTimeout, and brings a new file up to the current schema.
func Open(ctx context.Context, path string, opts Options) (*Warehouse, error) {
	if path == "" {
		path = DefaultPath
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	w := &Warehouse{Path: path, ReadOnly: opts.ReadOnly, log: log}
	if opts.ReadOnly {
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("%w at %s: load some exports first (tierlens load FILE...) or point --db at a warehouse", ErrNotFound, path)
		}
	} else {
		if dir := filepath.Dir(path); dir != "." {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return nil, fmt.Errorf("open warehouse: %w", err)
			}
		}
		l, err := acquireLock(ctx, path+".lock", opts.LockTimeout)
		if err != nil {
			return nil, err
		}
		w.lock = l
	}

	dsn := path
	if opts.ReadOnly {
		dsn += "?access_mode=READ_ONLY"
	}
	tmp := filepath.Join(filepath.Dir(path), ".tierlens.tmp")
	settings := []string{
		"SET TimeZone = 'UTC'",
		"SET autoinstall_known_extensions = false",
		"SET autoload_known_extensions = false",
		"SET temp_directory = '" + strings.ReplaceAll(tmp, "'", "''") + "'",
	}
	if opts.MemoryLimit != "" {
		settings = append(settings, "SET memory_limit = '"+strings.ReplaceAll(opts.MemoryLimit, "'", "''")+"'")
	}
	if opts.Threads > 0 {
		settings = append(settings, fmt.Sprintf("SET threads = %d", opts.Threads))
	}
	connector, err := duckdb.NewConnector(dsn, func(execer driver.ExecerContext) error {
		for _, s := range settings {
			if _, err := execer.ExecContext(context.Background(), s, nil); err != nil {
				return fmt.Errorf("%s: %w", s, err)
			}
		}
		return nil
	})
	if err != nil {
		w.releaseLock()
		return nil, openError(path, err)
	}
	w.connector = connector
	w.DB = sql.OpenDB(connector)
	if err := w.DB.PingContext(ctx); err != nil {
		w.Close()
		return nil, openError(path, err)
	}
	if err := w.checkSchema(ctx); err != nil {
		w.Close()
		return nil, err
	}
	return w, nil
}

// openError turns DuckDB's lock conflict into ErrBusy with advice.
func openError(path string, err error) error {
	msg := err.Error()
	if strings.Contains(msg, "Could not set lock") || strings.Contains(msg, "Conflicting lock") {
		return fmt.Errorf("%w: %s is open for writing by another process (a load is running); try again when it finishes", ErrBusy, path)
	}
	if strings.Contains(msg, "not a valid DuckDB database") || strings.Contains(msg, "Unable to open") {
		return fmt.Errorf("open %s: not a tierlens warehouse (%v)", path, err)
	}
	return fmt.Errorf("open %s: %w", path, err)
}

// Close closes the database and releases the writer lock.
func (w *Warehouse) Close() error {
	var err error
	if w.DB != nil {
		err = w.DB.Close()
	}
	if w.connector != nil {
		if cerr := w.connector.Close(); err == nil {
			err = cerr
		}
	}
	w.releaseLock()
	return err
}

func (w *Warehouse) releaseLock() {
	if w.lock != nil {
		w.lock.release()
		w.lock = nil
	}
}

// Logger is the logger the warehouse was opened with.
func (w *Warehouse) Logger() *slog.Logger { return w.log }
