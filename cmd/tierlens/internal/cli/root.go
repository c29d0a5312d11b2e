// Package cli is the tierlens command tree: flags, terminals, output formats and exit codes.
// Every command is built by a constructor over injected streams and a clock, so the whole CLI
// runs in-process in tests. It holds no KPI or loading logic of its own.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/tierlens/tierlens/etl"
	"github.com/tierlens/tierlens/etl/warehouse"
)

// Exit codes, in one place.
const (
	ExitOK      = 0
	ExitError   = 1 // bad input, failed load, anything the user must fix
	ExitUsage   = 2 // wrong flags or arguments
	ExitMissed  = 3 // `check`: a KPI missed its target
	ExitBusy    = 4 // the warehouse stayed locked past --lock-timeout (a load, its readers, another program)
	ExitPartial = 5 // `load`: some files loaded, some failed
	ExitNoData  = 6 // `check`: a period has no ticket created or changed at all (a stalled feed)
)

// DefaultReaderLockTimeout is how long reading commands wait for a running load: a report
// opened during an hourly load waits a moment rather than failing, yet never looks hung.
const DefaultReaderLockTimeout = 10 * time.Second

// Version is set at build time with -ldflags "-X .../cli.Version=v1.2.3".
var Version = "dev"

// exitError carries an exit code through cobra's error return.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// usageError marks errors in how a command was called.
func usageError(format string, a ...any) error {
	return &exitError{code: ExitUsage, err: fmt.Errorf(format, a...)}
}

// Main runs tierlens with args and returns the process exit code.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	env := &Env{In: stdin, Out: stdout, Err: stderr, Now: time.Now, Getenv: os.Getenv}
	return Run(ctx, env, args)
}

// Run executes the command tree in env; tests call it directly.
func Run(ctx context.Context, env *Env, args []string) int {
	root := NewRootCmd(env)
	root.SetArgs(args)
	root.SetIn(env.In)
	root.SetOut(env.Out)
	root.SetErr(env.Err)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	fmt.Fprintln(env.Err, "tierlens: "+err.Error())
	return exitCode(err)
}

func exitCode(err error) int {
	var ee *exitError
	switch {
	case errors.As(err, &ee):
		return ee.code
	case errors.Is(err, warehouse.ErrBusy):
		return ExitBusy
	case errors.Is(err, etl.ErrRejected):
		return ExitError
	case isFlagError(err):
		return ExitUsage
	}
	return ExitError
}

// NewRootCmd builds the whole command tree.
func NewRootCmd(env *Env) *cobra.Command {
	root := &cobra.Command{
		Use:   "tierlens",
		Short: "Help desk KPIs per support tier, from your ticket exports",
		Long: `tierlens loads help desk ticket exports (ServiceNow, generic CSV/JSON/Parquet) into an
embedded DuckDB warehouse and computes KPIs per support tier (L0 self-service .. L4 vendors):
first-contact resolution, resolve-vs-escalate, backlog, time to resolve, SLA attainment.`,
		Example: `  tierlens init                                    # write a commented tierlens.yaml
  tierlens sample --tickets 2000 --out exports     # make realistic sample exports
  tierlens load exports/*.csv                      # load them into ./tierlens.duckdb
  tierlens status                                  # what is loaded, per tier
  tierlens metrics run --week last                 # every KPI of last week, per tier
  tierlens dashboard --week last -o weekly.html    # the weekly dashboard, one offline file
  tierlens explain INC0010042                      # one ticket's timeline and KPIs
  tierlens check --week last || echo "a KPI missed its target"
  tierlens query "SELECT tier, count(*) FROM tickets GROUP BY ALL"`,
		SilenceUsage:      true,
		SilenceErrors:     true,
		DisableAutoGenTag: true,
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError("%v\nRun '%s --help' for usage.", err, c.CommandPath())
	})
	root.PersistentFlags().StringVar(&env.DBPath, "db", "", "warehouse file (env TIERLENS_DB; default ./tierlens.duckdb)")
	root.PersistentFlags().StringVar(&env.ConfigPath, "config", "", "configuration file (env TIERLENS_CONFIG; default ./tierlens.yaml if present)")
	root.PersistentFlags().BoolVarP(&env.Verbose, "verbose", "v", false, "log each step to stderr")
	root.PersistentFlags().DurationVar(&env.LockTimeout, "lock-timeout", DefaultReaderLockTimeout,
		"how long a reading command waits while a load holds the warehouse before it fails with exit 4; load has its own --lock-timeout, default 30s")
	root.AddCommand(
		newVersionCmd(env),
		newInitCmd(env),
		newLoadCmd(env),
		newStatusCmd(env),
		newQueryCmd(env),
		newSQLCmd(env),
		newSampleCmd(env),
		newTiersCmd(env),
		newMetricsCmd(env),
		newDashboardCmd(env),
		newPackCmd(env),
		newExplainCmd(env),
		newCheckCmd(env),
		newExportCmd(env),
	)
	return root
}

func isFlagError(err error) bool {
	return err != nil && (containsAny(err.Error(), "unknown flag", "unknown shorthand flag", "invalid argument", "flag needs an argument", "unknown command", "accepts ", "requires at least"))
}

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
