package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// isDotCommand reports whether line is a dot-command (only ever asked at the start of a
// statement: a '.' cannot begin SQL).
func isDotCommand(line string) bool { return strings.HasPrefix(strings.TrimSpace(line), ".") }

// dot runs one dot-command line. Its results go where statements' results go (.format,
// .output); errors are usage errors, so a script stops with exit 2.
func (sh *shell) dot(ctx context.Context, line string) error {
	line = strings.TrimSpace(line)
	name, arg, _ := strings.Cut(line, " ")
	arg = strings.TrimSpace(arg)
	switch strings.ToLower(name) {
	case ".quit", ".exit":
		return errQuit
	case ".help":
		return sh.help()
	case ".tables":
		return sh.tables(ctx)
	case ".schema":
		return sh.schema(arg)
	case ".metrics":
		return sh.metrics()
	case ".format":
		return sh.setFormat(arg)
	case ".output":
		return sh.setOutput(unquote(arg))
	case ".timer":
		switch strings.ToLower(arg) {
		case "on":
			sh.timer = true
		case "off":
			sh.timer = false
		default:
			return usageError(".timer %q: use .timer on or .timer off", arg)
		}
		return nil
	}
	var names []string
	for _, d := range dotCommands {
		names = append(names, d.name)
	}
	return usageError("unknown command %s: the shell knows %s, and SQL statements ended by ';'", name, strings.Join(names, ", "))
}

func (sh *shell) help() error {
	w := sh.env.Out
	fmt.Fprintln(w, "SQL statements end with ';' and may span lines; each must be one read-only query.")
	for _, d := range dotCommands {
		if d.help == "" {
			continue
		}
		fmt.Fprintf(w, "  %-16s %s\n", strings.TrimSpace(d.name+" "+d.args), d.help)
	}
	fmt.Fprintln(w, "Tab completes names, Up/Down recall history, Ctrl-C cancels a running query.")
	return nil
}

// tables lists the tables with their row counts, then the views (a view's count would run it).
func (sh *shell) tables(ctx context.Context) error {
	w, err := sh.reader(ctx)
	if err != nil {
		return err
	}
	t := &Table{Columns: []string{"name", "type", "rows"}}
	plumbing := 0
	for _, r := range sh.names.relations {
		if r.kind == "view" && derivationView(r.name) {
			plumbing++
			continue
		}
		var rows any
		if r.kind == "table" {
			var n int64
			// The name comes from duckdb_tables(), a closed list, quoted as an identifier.
			if err := w.DB.QueryRowContext(ctx, "SELECT count(*) FROM main."+quoteIdent(r.name)).Scan(&n); err != nil {
				return fmt.Errorf(".tables: count %s: %w", r.name, err)
			}
			rows = n
		}
		t.Rows = append(t.Rows, []any{r.name, r.kind, rows})
	}
	slices.SortStableFunc(t.Rows, func(a, b []any) int { return strings.Compare(a[1].(string), b[1].(string)) })
	if err := sh.emit(t); err != nil {
		return err
	}
	if plumbing > 0 {
		fmt.Fprintf(sh.env.Err, "(and %d views the derivation builds the tables with: *_build, scoped_*; .schema and queries still reach them)\n", plumbing)
	}
	return nil
}

// derivationView reports whether a view is the loader's plumbing (a *_build view the derived
// tables are made from, or a scoped_* view of the tickets a load touched) rather than
// something an analyst reads: the tables hold its result.
func derivationView(name string) bool {
	return strings.HasSuffix(name, "_build") || strings.HasPrefix(name, "scoped_")
}

// quoteIdent quotes a name as an SQL identifier.
func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// schema lists the columns of one table or view and their types.
func (sh *shell) schema(name string) error {
	if name == "" {
		return usageError(".schema needs a table or view name, e.g. .schema tickets (.tables lists them)")
	}
	r := sh.names.relation(strings.Trim(name, `"`))
	if r == nil {
		return usageError(".schema %s: no table or view of that name (.tables lists them)", name)
	}
	t := &Table{Columns: []string{"column", "type"}}
	for _, c := range r.columns {
		t.Rows = append(t.Rows, []any{c.name, c.typ})
	}
	return sh.emit(t)
}

func (sh *shell) metrics() error {
	if sh.catalog == nil {
		return fmt.Errorf(".metrics: %w", sh.catalogErr)
	}
	t := &Table{Columns: []string{"name", "unit", "title"}}
	for _, m := range sh.catalog.Metrics() {
		t.Rows = append(t.Rows, []any{m.Name, m.Unit, m.Title})
	}
	return sh.emit(t)
}

func (sh *shell) setFormat(f string) error {
	f = strings.ToLower(f)
	switch {
	case f == "":
		return usageError(".format needs a format: table, csv, json, jsonl or markdown (now %s)", sh.format)
	case f == "parquet" || f == "xlsx":
		if sh.output == "" {
			return usageError(".format %s writes a file: give it with .output FILE first", f)
		}
	case !slices.Contains(shellFormats, f):
		return usageError(".format %q: use table, csv, json, jsonl or markdown (parquet and xlsx after .output FILE)", f)
	}
	sh.format = f
	return nil
}

// setOutput sends results to file, or back to the terminal when file is "". The directory
// must exist now, so a typo shows here rather than after a long query.
func (sh *shell) setOutput(file string) error {
	if file == "" {
		sh.output = ""
		if sh.format == "parquet" || sh.format == "xlsx" {
			fmt.Fprintf(sh.env.Err, "format back to table: %s is not shown on a terminal\n", sh.format)
			sh.format = "table"
		}
		return nil
	}
	if st, err := os.Stat(filepath.Dir(file)); err != nil || !st.IsDir() {
		return usageError(".output %s: no directory %s", file, filepath.Dir(file))
	}
	sh.output = file
	return nil
}

// unquote drops one pair of quotes around a file name ('a b.csv' or "a b.csv").
func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '\'' || s[0] == '"') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}
