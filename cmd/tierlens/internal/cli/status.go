package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"
)

type statusOptions struct {
	format string
}

func newStatusCmd(env *Env) *cobra.Command {
	o := &statusOptions{}
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Show what is loaded: sources, loads, tiers, unmapped groups, data quality",
		Example: `  tierlens status
  tierlens status --db archive/2026.duckdb
  tierlens status --format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runStatus(cmd.Context(), env, o) },
	}
	cmd.Flags().StringVar(&o.format, "format", "table", "output format: table, csv or json")
	return cmd
}

// statusSections are the views status prints, in order, with their headings.
var statusSections = []struct{ title, query string }{
	{"Sources", "SELECT * FROM status_sources"},
	{"Loads", `SELECT load_id, regexp_extract(file, '[^/]+$') AS file, profile, source, records_counted AS read,
        tickets_new AS new, tickets_updated AS updated, tickets_unchanged AS unchanged,
        records_rejected AS rejected, events, finished_at AS loaded_at
    FROM loads ORDER BY load_id`},
	{"Tickets by tier and status", "SELECT * FROM status_tiers"},
	{"Unmapped groups (add them to tier_map in tierlens.yaml; see tierlens tiers suggest)", "SELECT * FROM status_unmapped"},
	{"Rejected records", `SELECT regexp_extract(file, '[^/]+$') AS file, reason, count(*) AS records, min(line) AS first_line
    FROM rejects GROUP BY ALL ORDER BY records DESC, file, reason`},
	{"Data quality", "SELECT * FROM status_quality"},
}

func runStatus(ctx context.Context, env *Env, o *statusOptions) error {
	if err := checkFormat(o.format); err != nil {
		return err
	}
	w, err := env.OpenReader(ctx)
	if err != nil {
		return err
	}
	defer w.Close()
	fmt.Fprintf(env.Out, "Warehouse %s\n", w.Path)
	for _, s := range statusSections {
		rows, err := w.DB.QueryContext(ctx, s.query)
		if err != nil {
			return fmt.Errorf("status: %w", err)
		}
		t, err := ScanRows(rows)
		if err != nil {
			return err
		}
		if len(t.Rows) == 0 && o.format == "table" && s.title != "Sources" {
			fmt.Fprintf(env.Out, "\n%s: none\n", s.title)
			continue
		}
		if o.format == "table" {
			fmt.Fprintf(env.Out, "\n%s\n", s.title)
		}
		if err := t.Write(env.Out, o.format); err != nil {
			return err
		}
	}
	return nil
}
