package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/tierlens/tierlens/etl/warehouse"

	"github.com/spf13/cobra"
)

type queryOptions struct {
	format string
	file   string
	out    string
	wide   bool
}

func newQueryCmd(env *Env) *cobra.Command {
	o := &queryOptions{}
	cmd := &cobra.Command{
		Use:   "query SQL",
		Short: "Run one read-only SQL query against the warehouse",
		Long: `Run one SQL query against the warehouse, opened read-only and sandboxed (a query cannot
change it nor reach files, URLs or extensions, and it runs while nobody loads). One statement:
SELECT, WITH … SELECT, FROM …, DESCRIBE, SHOW, SUMMARIZE or EXPLAIN; ATTACH, COPY, EXPORT, SET,
PRAGMA, INSTALL, LOAD, CREATE, INSERT, DELETE and the like are refused (exit 2). Files are
written with --format, not by SQL. Tables: tickets, ticket_events, tier_intervals,
status_intervals, loads, rejects, group_tiers, and the configuration tables; see README.md.`,
		Example: `  tierlens query "SELECT tier, count(*) AS tickets FROM tickets GROUP BY ALL ORDER BY 1"
  tierlens query --format csv "SELECT * FROM tier_intervals WHERE ticket_key = 'servicenow:INC0010001'"
  tierlens query -f queries/examples/escalation_paths.sql --format json
  tierlens query --format parquet -o tickets.parquet "SELECT * FROM tickets"
  tierlens query --format markdown "SELECT tier, count(*) AS tickets FROM tickets GROUP BY ALL"
  echo "SELECT count(*) FROM rejects" | tierlens query -`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			q, err := o.sql(env, args)
			if err != nil {
				return err
			}
			return runQuery(cmd.Context(), env, q, o)
		},
	}
	cmd.Flags().StringVar(&o.format, "format", "table", "output format: "+formatList)
	cmd.Flags().StringVarP(&o.out, "output", "o", "", "write the result to FILE (required for parquet and xlsx)")
	cmd.Flags().BoolVar(&o.wide, "wide", false, "table format: show long cells whole, never cut")
	cmd.Flags().StringVarP(&o.file, "file", "f", "", "read the SQL from a file")
	return cmd
}

func (o *queryOptions) sql(env *Env, args []string) (string, error) {
	switch {
	case o.file != "" && len(args) > 0:
		return "", usageError("give the SQL as an argument or with --file, not both")
	case o.file != "":
		b, err := readFile(o.file)
		return string(b), err
	case len(args) == 1 && args[0] == "-":
		b, err := io.ReadAll(env.In)
		return string(b), err
	case len(args) == 1:
		return args[0], nil
	}
	return "", usageError(`give a query, e.g. tierlens query "SELECT count(*) FROM tickets"`)
}

func runQuery(ctx context.Context, env *Env, q string, o *queryOptions) error {
	if err := checkOutput(o.format, o.out); err != nil {
		return err
	}
	if strings.TrimSpace(q) == "" {
		return usageError("the query is empty")
	}
	w, err := env.OpenReader(ctx)
	if err != nil {
		return err
	}
	defer w.Close()
	// Refused before anything of it runs (exit 2); the sandbox of the read-only open
	// refuses what a SELECT could still reach outside the warehouse.
	if err := w.CheckQuery(ctx, q); err != nil {
		if errors.Is(err, warehouse.ErrRefused) {
			return usageError("query %v", err)
		}
		return queryError(err)
	}
	warnStaleDerived(ctx, env, w)
	rows, err := w.DB.QueryContext(ctx, q)
	if err != nil {
		return queryError(err)
	}
	t, err := ScanRows(rows)
	if err != nil {
		return queryError(err)
	}
	return writeOutput(env, t, o.format, o.out, o.wide)
}

// queryError adds, to DuckDB's Permission Error, why: the query reached outside the
// warehouse (a file, a URL, an extension), which the read-only sandbox forbids.
func queryError(err error) error {
	if strings.Contains(err.Error(), "Permission Error") {
		return usageError("query: %v\n(the query runs sandboxed: it reads the warehouse's tables only, no files, URLs or extensions. %s)", err, warehouse.Allowed)
	}
	return fmt.Errorf("query: %w", err)
}
