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
	"regexp"
	"strings"
	"sync"
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
	// ErrFileFormat means the file's DuckDB storage format is one this build's DuckDB cannot
	// read: written by a tierlens built on a newer DuckDB (or by a DuckDB older than 0.10).
	ErrFileFormat = errors.New("warehouse file format not readable by this tierlens")
)

// Options tune an open.
type Options struct {
	ReadOnly bool
	// LockTimeout is how long the open waits for the warehouse: a writer for another writer
	// and then for the readers already open; a reader for a running load. 0 = fail at once.
	LockTimeout time.Duration
	// Waiting, when set, is told once, in a sentence, what the open waits for.
	Waiting     func(msg string)
	MemoryLimit string // DuckDB memory_limit, e.g. "3GB"; empty = DuckDB's default
	Threads     int    // 0 = DuckDB's default (all cores)
	Logger      *slog.Logger
	// WriteDir, for a read-only open, is the one directory (besides the temp_directory) the
	// sandboxed connection may write files into: tierlens export's own COPY … TO of the lake.
	// User SQL still cannot COPY (CheckQuery refuses it); "" = no files written at all.
	WriteDir string
}

// Warehouse is an open warehouse file.
type Warehouse struct {
	DB       *sql.DB
	Path     string
	ReadOnly bool

	connector *duckdb.Connector
	lock      *locks
	log       *slog.Logger
}

// Open opens (and for writers creates) the warehouse at path. A writer takes the lock first,
// waiting up to opts.LockTimeout for another writer and for the readers already open, and
// brings a new file up to the current schema. A reader waits up to opts.LockTimeout while a
// load runs. Either retries DuckDB's own lock (another program has the file) until then too.
func Open(ctx context.Context, path string, opts Options) (*Warehouse, error) {
	if path == "" {
		path = DefaultPath
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	deadline := time.Now().Add(opts.LockTimeout)
	wt := &waiter{notify: opts.Waiting}
	w := &Warehouse{Path: path, ReadOnly: opts.ReadOnly, log: log}
	if opts.ReadOnly {
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("%w at %s: load some exports first (tierlens load FILE...) or point --db at a warehouse", ErrNotFound, path)
		}
		l, err := lockForRead(ctx, path, opts.LockTimeout, deadline, wt)
		if err != nil {
			return nil, err
		}
		w.lock = l
	} else {
		if dir := filepath.Dir(path); dir != "." {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return nil, fmt.Errorf("open warehouse: %w", err)
			}
		}
		l, err := lockForWrite(ctx, path, opts.LockTimeout, deadline, wt)
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
	// A reader sets everything GLOBAL on its first connection and then locks the
	// configuration (sandboxSettings), so later connections can no longer SET: they
	// inherit these values instead. A writer sets them on each connection.
	scope := "SET "
	if opts.ReadOnly {
		scope = "SET GLOBAL "
	}
	settings := []string{
		scope + "TimeZone = 'UTC'",
		scope + "autoinstall_known_extensions = false",
		scope + "autoload_known_extensions = false",
		scope + "temp_directory = " + SQLString(tmp),
	}
	if opts.MemoryLimit != "" {
		limit := SQLString(opts.MemoryLimit)
		settings = append(settings, scope+"memory_limit = "+limit)
		if !opts.ReadOnly {
			// A load fills and frees blocks all the time. Without a block allocator DuckDB
			// hands freed blocks back to the kernel and faults every page in again on the next
			// one: 2.2M page faults, a fifth of a 1M-ticket derivation's CPU on this kind of
			// virtual machine. Blocks kept up to the memory limit (never freed before the
			// process ends, which a load's short life allows) halve the faults.
			settings = append(settings, scope+"block_allocator_memory = "+limit)
		}
	}
	if opts.Threads > 0 {
		settings = append(settings, fmt.Sprintf("%sthreads = %d", scope, opts.Threads))
	}
	if opts.ReadOnly && opts.WriteDir != "" {
		// set before external access goes off, which leaves only the allowed directories open
		settings = append(settings, scope+"allowed_directories = "+sqlList(tmp, opts.WriteDir))
	}
	if opts.ReadOnly {
		settings = append(settings, sandboxSettings...)
	}
	for {
		// Readers: the settings run once per connector (the lock is database wide; a second
		// connection's SET would fail). The mutex keeps two first connections apart.
		var once sync.Mutex
		done := false
		connector, err := duckdb.NewConnector(dsn, func(execer driver.ExecerContext) error {
			once.Lock()
			defer once.Unlock()
			if done {
				return nil
			}
			for i, s := range settings {
				if _, err := execer.ExecContext(context.Background(), s, nil); err != nil {
					// DuckDB shares one database instance among the opens of a file in a
					// process (a command that opens the warehouse twice): locked at the first
					// SET means another reader of this process sandboxed it already, since
					// only sandboxSettings ever lock a configuration.
					if i == 0 && opts.ReadOnly && strings.Contains(err.Error(), "configuration has been locked") {
						if opts.WriteDir != "" {
							// that sandbox allows no directory to write into
							return fmt.Errorf("%s is already open read-only in this process, where no file may be written; open it for writing files in a process of its own: %w", path, err)
						}
						break
					}
					return fmt.Errorf("%s: %w", s, err)
				}
			}
			done = opts.ReadOnly
			return nil
		})
		if err == nil {
			w.connector = connector
			w.DB = sql.OpenDB(connector)
			if err = w.DB.PingContext(ctx); err == nil {
				break
			}
			w.DB.Close()
			connector.Close()
			w.DB, w.connector = nil, nil
		}
		// Our locks keep tierlens commands apart; DuckDB's lock is then held by another
		// program (the duckdb CLI, a notebook): wait for it like for a load.
		if !isDuckDBLock(err) || !time.Now().Before(deadline) {
			w.releaseLock()
			return nil, openError(path, err, opts.LockTimeout)
		}
		wt.tell("program", func() string {
			return fmt.Sprintf("waiting for another program to close %s%s …", path, duckDBHolder(err))
		})
		select {
		case <-ctx.Done():
			w.releaseLock()
			return nil, ctx.Err()
		case <-time.After(min(4*pollEvery, time.Until(deadline))):
		}
	}
	if err := w.checkSchema(ctx); err != nil {
		w.Close()
		return nil, err
	}
	return w, nil
}

func isDuckDBLock(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "Could not set lock") || strings.Contains(msg, "Conflicting lock")
}

// duckDBHolder is " (pid 4242: /usr/bin/duckdb)" from DuckDB's lock error, when it names one.
func duckDBHolder(err error) string {
	m := heldBy.FindStringSubmatch(err.Error())
	if m == nil {
		return ""
	}
	return " (pid " + m[2] + ": " + m[1] + ")"
}

// heldBy reads DuckDB 1.x's "Conflicting lock is held in /usr/bin/duckdb (PID 4242)".
var heldBy = regexp.MustCompile(`held in (.+?) \(PID (\d+)\)`)

// openError turns DuckDB's lock conflict, which our own locks leave only to other programs,
// into ErrBusy with advice.
func openError(path string, err error, waited time.Duration) error {
	if isDuckDBLock(err) {
		return fmt.Errorf("%w: %s is open in another program%s, not a tierlens command (e.g. the duckdb CLI); waited %s; close it there or raise --lock-timeout",
			ErrBusy, path, duckDBHolder(err), waited)
	}
	msg := err.Error()
	if m := storageVersionRe.FindStringSubmatch(msg); m != nil {
		return fileFormatError(path, m[1], m[2], m[3], strings.Contains(msg, "newer version"))
	}
	if strings.Contains(msg, "not a valid DuckDB database") || strings.Contains(msg, "Unable to open") {
		return fmt.Errorf("open %s: not a tierlens warehouse (%v)", path, err)
	}
	return fmt.Errorf("open %s: %w", path, err)
}

// storageVersionRe matches DuckDB's refusal of a file in a storage format it does not read,
// e.g. DuckDB 1.5.6 opening a file DuckDB 2.0 created: "Trying to read a database file with
// version number 69, but we can only read versions between 64 and 68." DuckDB 2.0 says
// "storage version number" and "storage versions".
var storageVersionRe = regexp.MustCompile(`database file with (?:storage )?version number (\d+), but we can only read (?:storage )?versions between (\d+) and (\d+)`)

// fileFormatError says which way the file and the binary differ and how to get a file this
// binary reads (README "Upgrading DuckDB"); DuckDB's own text only points at its storage page.
func fileFormatError(path, got, lo, hi string, newer bool) error {
	if newer {
		return fmt.Errorf("%w: %s was written by a tierlens built on a newer DuckDB (storage format %s; this tierlens reads formats %s to %s): "+
			"open it with that tierlens, or load your exports into a new warehouse with this one (--db new.duckdb); "+
			"to convert the file instead, see \"Upgrading DuckDB\" in the README", ErrFileFormat, path, got, lo, hi)
	}
	return fmt.Errorf("%w: %s was written by a DuckDB older than 0.10 (storage format %s; this tierlens reads formats %s to %s): "+
		"load your exports into a new warehouse (--db new.duckdb); see \"Upgrading DuckDB\" in the README", ErrFileFormat, path, got, lo, hi)
}

// Close closes the database and then releases the locks, so a waiting load finds DuckDB's
// file free once it has ours.
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

// EngineVersion is the version of the DuckDB library linked into this binary (e.g. "2.0.0"),
// asked of an in-memory database so it never drifts from the go.mod pin.
func EngineVersion(ctx context.Context) (string, error) {
	connector, err := duckdb.NewConnector("", nil)
	if err != nil {
		return "", fmt.Errorf("duckdb version: %w", err)
	}
	defer connector.Close()
	db := sql.OpenDB(connector)
	defer db.Close()
	var v string
	if err := db.QueryRowContext(ctx, "SELECT library_version FROM pragma_version()").Scan(&v); err != nil {
		return "", fmt.Errorf("duckdb version: %w", err)
	}
	return strings.TrimPrefix(v, "v"), nil
}

// Logger is the logger the warehouse was opened with.
func (w *Warehouse) Logger() *slog.Logger { return w.log }
