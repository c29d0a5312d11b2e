package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/tierlens/tierlens/config"
	"github.com/tierlens/tierlens/etl/warehouse"
)

// Env is what every command gets injected: streams, clock, environment, and the global flags.
type Env struct {
	In     io.Reader
	Out    io.Writer
	Err    io.Writer
	Now    func() time.Time
	Getenv func(string) string

	DBPath     string
	ConfigPath string
	Verbose    bool
	// LockTimeout is how long a reading command waits while a load holds the warehouse
	// (the global --lock-timeout; load has its own flag and default).
	LockTimeout time.Duration
}

// Logger logs to stderr at debug level with -v, else only warnings.
func (e *Env) Logger() *slog.Logger {
	level := slog.LevelWarn
	if e.Verbose {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(e.Err, &slog.HandlerOptions{Level: level}))
}

// Config loads the configuration: --config > TIERLENS_CONFIG > ./tierlens.yaml > built-in.
func (e *Env) Config() (*config.Config, error) {
	if e.ConfigPath != "" {
		return config.Load(e.ConfigPath, false)
	}
	if p := e.Getenv("TIERLENS_CONFIG"); p != "" {
		return config.Load(p, false)
	}
	return config.Load(config.DefaultFile, true)
}

// DB is the warehouse path: --db > TIERLENS_DB > ./tierlens.duckdb.
func (e *Env) DB() string {
	if e.DBPath != "" {
		return e.DBPath
	}
	if p := e.Getenv("TIERLENS_DB"); p != "" {
		return p
	}
	return warehouse.DefaultPath
}

// OpenReader opens the warehouse read-only. Readers share it; while a load holds it, the
// reader waits up to --lock-timeout (saying so once on stderr), then fails with exit 4.
func (e *Env) OpenReader(ctx context.Context) (*warehouse.Warehouse, error) {
	return e.openReader(ctx, 0)
}

// openReader is OpenReader with DuckDB's threads set (0: one per core).
func (e *Env) openReader(ctx context.Context, threads int) (*warehouse.Warehouse, error) {
	return warehouse.Open(ctx, e.DB(), warehouse.Options{
		ReadOnly: true, LockTimeout: e.LockTimeout, Waiting: e.sayWaiting,
		Logger: e.Logger(), MemoryLimit: e.Getenv("TIERLENS_MEMORY_LIMIT"), Threads: threads,
	})
}

// sayWaiting tells the user what an open waits for, so a wait never looks like a hang.
func (e *Env) sayWaiting(msg string) { fmt.Fprintln(e.Err, "tierlens: "+msg) }

// IsTerminal reports whether w is a terminal (progress bars go only there).
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
