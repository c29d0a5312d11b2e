package cli

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

type statusOptions struct {
	format   string
	findings string
}

func newStatusCmd(env *Env) *cobra.Command {
	o := &statusOptions{}
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Show what is loaded: sources, loads, tiers, unmapped groups, data quality",
		Long: `Show what is loaded: sources, loads, tickets by tier and status, unmapped groups,
rejected records and data-quality findings. Each finding counts its cases; --findings NAME
lists every case of the findings whose name contains NAME, with its evidence: the ticket, or
the file and line (the data_quality view holds them all, for any DuckDB client).`,
		Example: `  tierlens status
  tierlens status --db archive/2026.duckdb
  tierlens status --format json
  tierlens status --findings "reopen counter"
  tierlens status --findings all --format csv > findings.csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runStatus(cmd.Context(), env, o) },
	}
	cmd.Flags().StringVar(&o.format, "format", "table", "output format: table, csv or json")
	cmd.Flags().StringVar(&o.findings, "findings", "", "list every case of the data-quality findings whose name contains this text (all: every finding)")
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
	if o.findings != "" {
		return printFindings(ctx, env, w.DB, o)
	}
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
	derived := derivedNotes(ctx, env, w)
	switch o.format {
	case "json":
		// One JSON document: section key → rows.
		doc := map[string]any{"warehouse": w.Path, "derived_tables": derivedState(derived)}
		for i, s := range statusSections {
			doc[s.key] = tables[i].records()
		}
		enc := json.NewEncoder(env.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(doc)
	case "csv":
		for _, n := range derived {
			fmt.Fprintf(env.Err, "warning: %s\n", n)
		}
		for i, s := range statusSections {
			fmt.Fprintf(env.Out, "# %s\n", s.key)
			if err := tables[i].Write(env.Out, "csv"); err != nil {
				return err
			}
		}
		return nil
	}
	fmt.Fprintf(env.Out, "Warehouse %s\n", w.Path)
	if len(derived) == 0 {
		fmt.Fprintln(env.Out, "Derived tables: current (every ticket, with this configuration)")
	}
	for _, n := range derived {
		fmt.Fprintf(env.Out, "Derived tables: %s\n", n)
	}
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

// derivedState is the derived tables' state for status --format json.
func derivedState(notes []string) map[string]any {
	if notes == nil {
		notes = []string{}
	}
	return map[string]any{"current": len(notes) == 0, "notes": notes}
}

// printFindings lists every case of the findings o.findings names, with its evidence.
func printFindings(ctx context.Context, env *Env, db *sql.DB, o *statusOptions) error {
	name := o.findings
	if name == "all" {
		name = ""
	}
	rows, err := db.QueryContext(ctx, "SELECT * FROM status_findings($1)", name)
	if err != nil {
		return fmt.Errorf("status: %w", err)
	}
	t, err := ScanRows(rows)
	if err != nil {
		return err
	}
	if len(t.Rows) == 0 {
		var names []string
		if r, err := db.QueryContext(ctx, "SELECT finding FROM status_quality"); err == nil {
			for r.Next() {
				var n string
				if r.Scan(&n) == nil {
					names = append(names, "  "+n)
				}
			}
			r.Close()
		}
		if len(names) == 0 {
			fmt.Fprintln(env.Err, "no data-quality findings")
			return nil
		}
		return fmt.Errorf("no finding matches %q; the findings are:\n%s", o.findings, strings.Join(names, "\n"))
	}
	return t.Write(env.Out, o.format)
}
