package cli

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/tierlens/tierlens/etl/lake"
	"github.com/tierlens/tierlens/etl/warehouse"
	"github.com/tierlens/tierlens/metrics"
)

type metricsRunOptions struct {
	period periodFlags
	by     []string
	format string
	filter filterFlag
	out    string
	wide   bool
	lake   string
}

func newMetricsRunCmd(env *Env) *cobra.Command {
	o := &metricsRunOptions{}
	cmd := &cobra.Command{
		Use:   "run [NAME...]",
		Short: "Compute metrics per period and tier (or other dimensions)",
		Long: `Compute metrics for whole periods in the reporting time zone (time_zone in tierlens.yaml),
by default per support tier. Without names, every metric of the catalog runs.

Periods: --week, --month or --quarter (last, this, or a named one), --from/--to (--to is
exclusive), or --last N periods of --grain. Without any, last week. --grain splits the range
into days, weeks, months or quarters; a range is widened to whole periods.

--by agent breaks down by the ticket's agent (its assignee, or the last agent its events
name). Every period × tier cell appears, empty ones too. Ratios carry their numerator and
denominator, times and counts their sample size; a metric the source cannot feed (replies in
an export without them, a flat export's missing history) says "not available from this
source" instead of showing 0.`,
		Example: `  tierlens metrics run --week last
  tierlens metrics run fcr first_level_resolution --month 2026-10
  tierlens metrics run resolution_time --quarter 2026-Q4 --grain month --by tier --by priority
  tierlens metrics run fcr --from 2026-01-01 --to 2027-01-01 --grain all    # the whole range as one period
  tierlens metrics run created resolved --from 2024-01-01 --to 2027-01-01 --grain year
  tierlens metrics run backlog --grain week --last 13 --format csv > backlog.csv
  tierlens metrics run created resolved --from 2026-10-01 --to 2026-11-01 --grain day --by channel
  tierlens metrics run resolve_vs_escalate --week 2026-W47 --by tier,vendor --format json
  tierlens metrics run fcr resolution_time reopen_rate csat_positive_rate --month last --by agent
  tierlens metrics run --month last --filter source=jira --filter priority=P1,P2
  tierlens metrics run --quarter last --grain week --format parquet -o kpis.parquet
  tierlens metrics run --lake lake --quarter last --grain week      # over a lake from tierlens export`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runMetricsRun(cmd.Context(), env, o, args, cmd.Flags().Changed("by"))
		},
	}
	o.period.register(cmd)
	o.filter.register(cmd)
	cmd.Flags().StringSliceVar(&o.by, "by", []string{"tier"}, "break down by: "+strings.Join(metrics.Selectable, ", ")+" (repeat or comma-separate; none: --by '')")
	cmd.Flags().StringVar(&o.format, "format", "table", "output format: "+formatList)
	cmd.Flags().StringVarP(&o.out, "output", "o", "", "write the results to FILE (required for parquet and xlsx)")
	cmd.Flags().BoolVar(&o.wide, "wide", false, "table format: show long cells whole, never cut")
	cmd.Flags().StringVar(&o.lake, "lake", "", "run over the Parquet lake in DIR (tierlens export) instead of the warehouse")
	return cmd
}

func runMetricsRun(ctx context.Context, env *Env, o *metricsRunOptions, names []string, byGiven bool) error {
	if err := checkOutput(o.format, o.out); err != nil {
		return err
	}
	var by []string
	for _, d := range o.by {
		d = strings.TrimSpace(d)
		if d == "" {
			continue
		}
		if !slices.Contains(metrics.Selectable, d) {
			return usageError("--by %q: break down by %s", d, strings.Join(metrics.Selectable, ", "))
		}
		if !slices.Contains(by, d) {
			by = append(by, d)
		}
	}
	flt, err := o.filter.parse()
	if err != nil {
		return err
	}
	cfg, cat, err := loadCatalog(env)
	if err != nil {
		return err
	}
	for _, n := range names {
		if _, err := cat.Get(n); err != nil {
			return metricError(err)
		}
	}
	grain, from, to, err := o.period.resolve(cfg, env.Now())
	if err != nil {
		return err
	}
	// Several metrics run side by side, one per core (metrics.Catalog.Run): each query then
	// takes one thread, rather than every query splitting itself across the cores the others
	// need. One metric alone keeps every core.
	threads := 0
	if len(names) != 1 && runtime.NumCPU() > 1 {
		threads = 1
	}
	w, err := openMetricsSource(ctx, env, o.lake, threads)
	if err != nil {
		return err
	}
	defer w.Close()
	if slices.Contains(by, "agent") {
		warnNoAgents(ctx, env, w.DB)
	}
	results, err := cat.Run(ctx, w.DB, cfg, names, metrics.Query{Grain: grain, From: from, To: to, By: by, ByDefault: !byGiven, Filter: flt})
	if err != nil {
		return metricError(filterError(err))
	}
	if o.format == "table" && o.out == "" {
		fmt.Fprint(env.Out, filterLine(flt))
	}
	return writeOutput(env, resultTable(results, o.format == "table"), o.format, o.out, o.wide)
}

// openMetricsSource opens what metrics run reads: the warehouse (warning when its derived
// tables are stale), or with --lake the Parquet lake in an in-memory DuckDB. threads is
// DuckDB's (0: one per core).
func openMetricsSource(ctx context.Context, env *Env, lakeDir string, threads int) (*warehouse.Warehouse, error) {
	if lakeDir == "" {
		w, err := env.openReader(ctx, threads)
		if err != nil {
			return nil, err
		}
		warnStaleDerived(ctx, env, w)
		return w, nil
	}
	w, m, err := lake.Open(ctx, lakeDir, warehouse.Options{Logger: env.Logger(), MemoryLimit: env.Getenv("TIERLENS_MEMORY_LIMIT"), Threads: threads})
	if err != nil {
		return nil, err
	}
	if m.DerivedVersion != warehouse.DerivedVersion() {
		fmt.Fprintf(env.Err, "warning: the lake %s was exported by tierlens %s, whose derived tables and macros differ from this tierlens's; export it again for this version's figures\n", lakeDir, m.TierlensVersion)
	}
	return w, nil
}

// resultTable lays results out in one table: metric, period, the dimensions any of them has
// (selectable ones in their order, then fixed breakdowns), value, target, numerator,
// denominator, sample size, note. A value the source cannot give is empty, with the note.
func resultTable(results []*metrics.Result, forPeople bool) *Table {
	var dims []string
	for _, d := range metrics.Selectable {
		for _, r := range results {
			if slices.Contains(r.Dimensions, d) && !slices.Contains(dims, d) {
				dims = append(dims, d)
			}
		}
	}
	for _, r := range results {
		for _, d := range r.Dimensions {
			if !slices.Contains(dims, d) {
				dims = append(dims, d)
			}
		}
	}
	t := &Table{Columns: append(append([]string{"metric", "period"}, dims...), "value", "target", "numerator", "denominator", "sample_size", "note")}
	num := func(p *float64, unit string) any {
		if p == nil {
			return nil
		}
		if forPeople {
			return rounded(*p, unit)
		}
		return *p
	}
	for _, r := range results {
		for _, row := range r.Rows {
			rec := []any{r.Metric.Name, row.Period.Format("2006-01-02")}
			for _, d := range dims {
				if i := slices.Index(r.Dimensions, d); i >= 0 {
					rec = append(rec, row.Dims[i])
				} else {
					rec = append(rec, nil)
				}
			}
			var n any
			if row.SampleSize != nil {
				n = *row.SampleSize
			}
			rec = append(rec, num(row.Value, r.Metric.Unit), num(row.Target, r.Metric.Unit),
				num(row.Numerator, metrics.UnitCount), num(row.Denominator, metrics.UnitCount), n, row.Note)
			t.Rows = append(t.Rows, rec)
		}
	}
	return t
}

// warnNoAgents says why a breakdown by agent shows only (none) when the tickets name no
// agent at all: the export has no assignee column, or, for an event export, tierlens before
// the agent dimension did not read the agents from the events.
func warnNoAgents(ctx context.Context, env *Env, db *sql.DB) {
	var named bool
	if err := db.QueryRowContext(ctx, "SELECT count(assignee) > 0 FROM tickets").Scan(&named); err != nil || named {
		return
	}
	fmt.Fprintln(env.Err, "warning: no ticket of this warehouse names an agent (an assignee, or an agent in its events), so every agent cell is (none); event exports loaded by a tierlens older than the agent dimension read no agents: load them into a new warehouse (--db new.duckdb)")
}
