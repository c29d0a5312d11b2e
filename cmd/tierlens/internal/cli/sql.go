package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/tierlens/tierlens/etl/warehouse"
	"github.com/tierlens/tierlens/metrics"
)

type sqlOptions struct {
	format    string
	file      string
	history   string
	keepGoing bool
	wide      bool
}

func newSQLCmd(env *Env) *cobra.Command {
	o := &sqlOptions{}
	cmd := &cobra.Command{
		Use:   "sql",
		Short: "An interactive SQL shell on the warehouse (read-only), or run a script of statements",
		Long: `An SQL shell on the warehouse, opened read-only and sandboxed like tierlens query: each
statement must be one query (SELECT, WITH … SELECT, FROM …, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN);
anything else is refused and the shell goes on. Files are written by tierlens (.output FILE),
not by SQL.

On a terminal: statements end with ';' and may span lines (the prompt becomes ...>); several
on one line run in turn. Tab completes table, view, column and metric names and the dot-commands
(the first Tab the shortest name, more Tabs the others). Up and Down recall history, kept in
--history (default $XDG_STATE_HOME/tierlens/sql_history, else ~/.local/state/tierlens/sql_history;
--history '' keeps none). Ctrl-C cancels a running query, or clears the statement being typed;
Ctrl-D on an empty line leaves. The warehouse is held only while a statement runs, so a load
can run while the prompt waits.

Dot-commands, at the start of a statement:
  .tables            tables (with row counts) and views
  .schema NAME       the columns and types of a table or view
  .metrics           the metric catalog: name, unit, title
  .format FORMAT     table, csv, json, jsonl, markdown (parquet, xlsx with .output FILE)
  .output [FILE]     write each result to FILE (replacing it); without FILE, to the terminal
  .timer on|off      print the time each statement took (on stderr)
  .help, .quit, .exit

When standard input or output is not a terminal (a pipe, a file) or with -f FILE: no prompt; the
statements and dot-commands run in turn, results on stdout, and the first error stops the run,
naming its line, with exit 2 for a refused statement and 1 for another error. --keep-going
reports every error and runs on; the exit code is then the first error's.`,
		Example: `  tierlens sql
  tierlens sql --db /data/helpdesk.duckdb --history ''
  tierlens sql -f queries/examples/tier_summary.sql --format csv
  echo "SELECT tier, count(*) AS tickets FROM tickets GROUP BY ALL ORDER BY 1;" | tierlens sql
  printf '.format json\nSELECT * FROM loads;\n' | tierlens sql > loads.json
  tierlens sql --keep-going < checks.sql`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !cmd.Flags().Changed("history") {
				o.history = defaultHistory(env)
			}
			return runSQL(cmd.Context(), env, o)
		},
	}
	cmd.Flags().StringVar(&o.format, "format", "table", "format of results: table, csv, json, jsonl or markdown (.format changes it)")
	cmd.Flags().StringVarP(&o.file, "file", "f", "", "run the statements of FILE instead of reading standard input")
	cmd.Flags().StringVar(&o.history, "history", "", "history file of the interactive shell ('' for none; default $XDG_STATE_HOME/tierlens/sql_history)")
	cmd.Flags().BoolVar(&o.keepGoing, "keep-going", false, "scripts: report an error and run the next statement instead of stopping")
	cmd.Flags().BoolVar(&o.wide, "wide", false, "table format: show long cells whole, never cut")
	return cmd
}

// defaultHistory is the history file by the XDG base directory rules: $XDG_STATE_HOME, or
// ~/.local/state when it is unset (history is state: worth keeping, not worth a backup).
// "" (no history) without a home.
func defaultHistory(env *Env) string {
	if d := env.Getenv("XDG_STATE_HOME"); filepath.IsAbs(d) {
		return filepath.Join(d, "tierlens", "sql_history")
	}
	if h := env.Getenv("HOME"); h != "" {
		return filepath.Join(h, ".local", "state", "tierlens", "sql_history")
	}
	return ""
}

// shellFormats are the formats a result may go to the terminal in; parquet and xlsx are
// files, allowed once .output names one.
var shellFormats = []string{"table", "csv", "json", "jsonl", "markdown"}

// shell is one sql session: its settings (format, output file, timer) and the names it
// completes. It holds the warehouse only while statements run (see reader).
type shell struct {
	env         *Env
	format      string
	output      string // .output FILE; "" is the terminal (standard output)
	wide        bool
	timer       bool
	interactive bool

	interrupts chan os.Signal       // SIGINT during the terminal session (Ctrl-C while no line is read)
	w          *warehouse.Warehouse // open while statements run
	names      *sqlNames
	catalog    *metrics.Catalog
	catalogErr error // why .metrics cannot list the catalog (a bad tierlens.yaml, a bad metric file)
}

// errQuit is what .quit and .exit return to end the session.
var errQuit = errors.New("quit")

func runSQL(ctx context.Context, env *Env, o *sqlOptions) error {
	if !slices.Contains(shellFormats, o.format) {
		return usageError("--format %q: use table, csv, json, jsonl or markdown (parquet and xlsx through .output FILE in the shell, or tierlens query -o FILE)", o.format)
	}
	sh := &shell{env: env, format: o.format, wide: o.wide}
	var in io.Reader
	switch {
	case o.file != "":
		f, err := os.Open(o.file)
		if err != nil {
			return fmt.Errorf("sql: %w", err)
		}
		defer f.Close()
		in = f
	case stdinTerminal(env.In) && IsTerminal(env.Out):
		// Both ends: with stdout redirected (tierlens sql > out.csv) the prompts and the
		// line editor's drawing would end up in the file, so that runs as a script.
		sh.interactive = true
	default:
		in = env.In
	}
	// Opened once before anything is read: a missing warehouse or a stale derivation is said
	// at once, and the names to complete are read.
	w, err := env.OpenReader(ctx)
	if err != nil {
		return err
	}
	sh.w = w
	defer sh.release()
	warnStaleDerived(ctx, env, w)
	if sh.names, err = readNames(ctx, w.DB); err != nil {
		return fmt.Errorf("sql: read the warehouse's tables: %w", err)
	}
	// A broken catalog does not keep the shell from the tables; .metrics says what is wrong.
	if _, cat, err := loadCatalog(env); err != nil {
		sh.catalogErr = err
	} else {
		sh.catalog, sh.names.metrics = cat, cat.Names()
	}
	if sh.interactive {
		return sh.terminal(ctx, o.history)
	}
	return sh.script(ctx, in, o.file, o.keepGoing)
}

// stdinTerminal reports whether r is the process's standard input and a terminal: the line
// editor reads the terminal itself, so only then is the session interactive.
func stdinTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok || f != os.Stdin {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// reader is the open warehouse, opened now if the shell released it.
func (sh *shell) reader(ctx context.Context) (*warehouse.Warehouse, error) {
	if sh.w == nil {
		w, err := sh.env.OpenReader(ctx)
		if err != nil {
			return nil, err
		}
		sh.w = w
	}
	return sh.w, nil
}

// release closes the warehouse. The terminal session releases it before every prompt: a
// reader open keeps a load waiting, and a person may sit at a prompt for hours.
func (sh *shell) release() {
	if sh.w != nil {
		sh.w.Close()
		sh.w = nil
	}
}

// script runs the statements and dot-commands of in (named name, "" for standard input) in
// turn. The first error ends the run, naming its line, unless keepGoing: then it is printed,
// the run goes on, and the end returns how many failed, with the first one's exit code.
func (sh *shell) script(ctx context.Context, in io.Reader, name string, keepGoing bool) error {
	var first error
	var failed []string
	fail := func(line int, err error) error {
		where := "line " + strconv.Itoa(line)
		if name != "" {
			where = name + ":" + strconv.Itoa(line)
		}
		err = atLine(where, err)
		if !keepGoing || ctx.Err() != nil {
			return err
		}
		fmt.Fprintln(sh.env.Err, "tierlens: "+err.Error())
		if first == nil {
			first = err
		}
		failed = append(failed, where)
		return nil
	}
	// With --keep-going every error was printed as it came; the end says how many, with the
	// first one's exit code.
	summary := func() error {
		if first == nil {
			return nil
		}
		return &exitError{code: exitCode(first), err: fmt.Errorf("%d of the statements failed (%s)", len(failed), strings.Join(failed, ", "))}
	}
	br := bufio.NewReader(in)
	buf, bufLine := "", 0
	for n := 1; ; n++ {
		l, rerr := br.ReadString('\n')
		if rerr != nil && rerr != io.EOF {
			return fmt.Errorf("sql: read line %d: %w", n, rerr)
		}
		if l == "" && rerr == io.EOF {
			break
		}
		l = strings.TrimRight(l, "\r\n")
		if n == 1 {
			l = strings.TrimPrefix(l, "\ufeff") // a file saved by a Windows editor
		}
		if buf == "" && isDotCommand(l) {
			err := sh.dot(ctx, l)
			if errors.Is(err, errQuit) {
				return summary()
			}
			if err != nil {
				if err := fail(n, err); err != nil {
					return err
				}
			}
		} else {
			if buf == "" {
				buf, bufLine = l, n
			} else {
				buf += "\n" + l
			}
			var stmts []sqlPiece
			stmts, buf, bufLine = splitStatements(buf, bufLine)
			for _, s := range stmts {
				if err := sh.run(ctx, s.text); err != nil {
					if err := fail(s.line, err); err != nil {
						return err
					}
				}
			}
		}
		if rerr == io.EOF {
			break
		}
	}
	if buf != "" {
		// The last statement may go without its ';'; an open quote or comment may not.
		stmts, rest, _ := splitStatements(buf+"\n;", bufLine)
		if rest != "" || len(stmts) == 0 {
			if err := fail(bufLine, usageError("the statement is not finished: a quote or a /* comment is still open at the end of the input")); err != nil {
				return err
			}
		} else if err := sh.run(ctx, stmts[0].text); err != nil {
			if err := fail(stmts[0].line, err); err != nil {
				return err
			}
		}
	}
	return summary()
}

// atLine puts where (line 3, or FILE:3) before err, keeping its exit code.
func atLine(where string, err error) error {
	var ee *exitError
	if errors.As(err, &ee) {
		return &exitError{code: ee.code, err: fmt.Errorf("%s: %w", where, ee.err)}
	}
	return fmt.Errorf("%s: %w", where, err)
}

// run checks one statement as query does (one read-only query, refused otherwise), runs it
// and writes its result.
func (sh *shell) run(ctx context.Context, q string) error {
	w, err := sh.reader(ctx)
	if err != nil {
		return err
	}
	if err := w.CheckQuery(ctx, q); err != nil {
		if errors.Is(err, warehouse.ErrRefused) {
			return usageError("query %v", err)
		}
		return queryError(err)
	}
	began := time.Now()
	rows, err := w.DB.QueryContext(ctx, q)
	if err != nil {
		return queryError(err)
	}
	t, err := ScanRows(rows)
	if err != nil {
		return queryError(err)
	}
	took := time.Since(began)
	if err := sh.emit(t); err != nil {
		return err
	}
	if sh.timer {
		fmt.Fprintf(sh.env.Err, "time: %.3fs\n", took.Seconds())
	}
	return nil
}

// emit writes a result (of a statement or a dot-command) in the shell's format, to the
// terminal or to the .output file.
func (sh *shell) emit(t *Table) error {
	if err := writeOutput(sh.env, t, sh.format, sh.output, sh.wide); err != nil {
		return err
	}
	if sh.output != "" && sh.interactive {
		fmt.Fprintf(sh.env.Err, "%d rows written to %s\n", len(t.Rows), sh.output)
	}
	return nil
}
