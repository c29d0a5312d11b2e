package cli

import (
	"context"
	"encoding/json"
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
var statusSections = []struct{ key, title, query string }{
	{"sources", "Sources", "SELECT * FROM status_sources"},
	{"loads", "Loads", `SELECT load_id, regexp_extract(file, '[^/]+$') AS file, profile, source, records_counted AS read,
        tickets_new AS new, tickets_updated AS updated, tickets_unchanged AS unchanged,
        records_rejected AS rejected, events, finished_at AS loaded_at
    FROM loads ORDER BY load_id`},
	{"tiers", "Tickets by tier and status", "SELECT * FROM status_tiers"},
	{"unmapped_groups", "Unmapped groups (add them to tier_map in tierlens.yaml; see tierlens tiers suggest)", "SELECT * FROM status_unmapped"},
	{"rejects", "Rejected records", `SELECT regexp_extract(file, '[^/]+$') AS file, reason, count(*) AS records, min(line) AS first_line
    FROM rejects GROUP BY ALL ORDER BY records DESC, file, reason`},
	{"data_quality", "Data quality", "SELECT * FROM status_quality"},
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
	tables := make([]*Table, len(statusSections))
	for i, s := range statusSections {
		rows, err := w.DB.QueryContext(ctx, s.query)
		if err != nil {
			return fmt.Errorf("status: %w", err)
		}
		if tables[i], err = ScanRows(rows); err != nil {
			return err
		}
	}
	switch o.format {
	case "json":
		// One JSON document: section key → rows.
		doc := map[string]any{"warehouse": w.Path}
		for i, s := range statusSections {
			doc[s.key] = tables[i].records()
		}
		enc := json.NewEncoder(env.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(doc)
	case "csv":
		for i, s := range statusSections {
			fmt.Fprintf(env.Out, "# %s\n", s.key)
			if err := tables[i].Write(env.Out, "csv"); err != nil {
				return err
			}
		}
		return nil
	}
	fmt.Fprintf(env.Out, "Warehouse %s\n", w.Path)
	for i, s := range statusSections {
		if len(tables[i].Rows) == 0 && i > 0 {
			fmt.Fprintf(env.Out, "\n%s: none\n", s.title)
			continue
		}
		fmt.Fprintf(env.Out, "\n%s\n", s.title)
		if err := tables[i].Write(env.Out, "table"); err != nil {
			return err
		}
	}
	return nil
}
