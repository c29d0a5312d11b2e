package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/tierlens/tierlens/etl/lake"
	"github.com/tierlens/tierlens/etl/warehouse"
)

type exportOptions struct {
	out   string
	force bool
}

func newExportCmd(env *Env) *cobra.Command {
	o := &exportOptions{}
	cmd := &cobra.Command{
		Use:   "export --out DIR",
		Short: "Write the warehouse as a Parquet lake other engines read",
		Long: `Write every table of the warehouse as Parquet files into DIR: tickets and ticket_events
hive-partitioned as source=…/year=…/month=… (a ticket's events sit with the ticket: the year and
month of the ticket's creation), every other table (derived and configuration tables) as one
file TABLE.parquet. Beside them, manifest.json (tables, files, row counts, schema version, the
data's date range, the configuration hash) and views.sql, which recreates the warehouse's tables
as views over the files, then tierlens's macros and views, in DuckDB started in DIR.

The export reads a snapshot of the warehouse while reports keep running (a load waits for it),
writes into a temporary directory beside DIR and renames it at the end, so DIR never holds half a
lake. A DIR that is not empty is refused unless --force replaces its content.

tierlens metrics run --lake DIR computes the catalog over the lake; DuckDB itself reads it too:
  cd lake && duckdb -c ".read views.sql" -c "SELECT tier, count(*) FROM tickets GROUP BY ALL"`,
		Example: `  tierlens export --out lake
  tierlens export --out /data/helpdesk-lake --force     # replace last night's lake
  tierlens metrics run --lake lake --quarter last --grain week`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runExport(cmd.Context(), env, o) },
	}
	cmd.Flags().StringVar(&o.out, "out", "", "the lake directory to write (required)")
	cmd.Flags().BoolVar(&o.force, "force", false, "replace the content of a non-empty --out")
	return cmd
}

func runExport(ctx context.Context, env *Env, o *exportOptions) error {
	if o.out == "" {
		return usageError("export needs --out DIR")
	}
	began := time.Now()
	m, err := lake.Export(ctx, lake.ExportOptions{
		Warehouse: env.DB(), Out: o.out, Force: o.force, Version: Version,
		Open: warehouse.Options{
			LockTimeout: env.LockTimeout, Waiting: env.sayWaiting,
			Logger: env.Logger(), MemoryLimit: env.Getenv("TIERLENS_MEMORY_LIMIT"),
		},
		Progress: func(t lake.Table, took time.Duration) {
			fmt.Fprintf(env.Err, "%-20s %10d rows %5d file(s) %10s  %s\n", t.Name, t.Rows, len(t.Files), sizeText(int(t.Bytes)), took.Round(time.Millisecond))
		},
		Now: env.Now,
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Err, "exported %d tables, %d rows, %s to %s in %s\n", len(m.Tables), m.Rows, sizeText(int(m.Bytes)), o.out, time.Since(began).Round(time.Millisecond))
	return nil
}
