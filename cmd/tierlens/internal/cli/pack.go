package cli

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/tierlens/tierlens/dashboards"
	"github.com/tierlens/tierlens/dashboards/pack"
	"github.com/tierlens/tierlens/dashboards/xlsx"
)

func newPackCmd(env *Env) *cobra.Command {
	o := &dashboardOptions{}
	cmd := &cobra.Command{
		Use:   "pack",
		Short: "Write the Excel KPI pack for leadership: summary, trend charts, tiers, vendors, tickets",
		Long: `Write the KPI pack of a month (default: last month), quarter, week or --from/--to window as
one Excel workbook, with the same figures as the dashboard of the same period and filter:

  Summary      every KPI with a target, per tier and desk-wide: value, target, previous
               period, change, red/amber/green (conditional formatting), sample size; the
               data range, sources, configuration and definitions hashes; data-quality notes
  Trend        each headline KPI over the --trend periods, per tier, with native Excel
               charts that follow edits to the numbers
  Tiers        resolve vs escalate, time in tier and time-limit breaches, response after
               escalation, backlog aging, per tier; the escalation matrix (from tier, to tier)
  Vendors      the L4 scorecard, worst contract attainment first
  Definitions  every metric in the pack: what it counts, its SQL file and hash
  Tickets      every ticket whose life overlaps the period, with its facts (autofilter)

Numbers and dates are real cells with formats, in the report time zone; ticket text is always
text, never a formula. The same warehouse and flags give the same workbook; --stamp adds the
time it was made.`,
		Example: `  tierlens pack -o pack.xlsx                               # last month
  tierlens pack --quarter 2026-Q4 --trend 6 -o q4.xlsx
  tierlens pack --month 2026-10 --lang es --title "Mesa de ayuda Madrid" -o octubre.xlsx
  tierlens pack --quarter last --filter source=jira --filter priority=P1,P2 -o p1p2.xlsx`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runPack(cmd.Context(), env, o, cmd.Flags().Changed("trend"))
		},
	}
	o.register(cmd, reportFlags{defaultPeriod: "month", trendHelp: "periods in the trend sheet, ending with the reported one (default: 13 weeks, 12 months or 4 quarters)",
		what: "pack", output: "pack.xlsx", outputHelp: "file to write"})
	return cmd
}

func runPack(ctx context.Context, env *Env, o *dashboardOptions, trendGiven bool) error {
	if o.out == "" || o.out == "-" {
		return usageError("--output: give a file name such as pack.xlsx (a workbook is not written to standard output)")
	}
	if o.week == "" && o.month == "" && o.quarter == "" && o.from == "" && o.to == "" {
		o.month = "last"
	}
	if !trendGiven {
		o.trend = 13
		switch {
		case o.month != "":
			o.trend = 12
		case o.quarter != "":
			o.trend = 4
		}
	} else if o.trend < 2 || o.trend > maxTrend {
		return usageError("--trend %d: give 2 to %d periods", o.trend, maxTrend)
	}
	cfg, cat, spec, err := reportSpec(env, o, "pack", trendGiven)
	if err != nil {
		return err
	}
	lay, err := dashboards.WeeklyLayout()
	if err != nil {
		return err
	}
	spec.Layout = lay
	w, err := env.OpenReader(ctx)
	if err != nil {
		return err
	}
	defer w.Close()
	fmt.Fprintf(env.Err, "pack: computing the metrics …\n")
	// the ticket-level facts come from the report's connection, with the pack's macros too
	d, err := buildReport(ctx, env, w, cfg, cat, spec, packViews)
	if err != nil {
		return err
	}
	defer d.release()
	conn, report, results, run := d.conn, d.report, d.results, d.run
	from, to := spec.From.UTC(), spec.To.UTC()
	in := pack.Input{Spec: spec, Config: cfg, Catalog: cat, Layout: lay, Report: report, Results: results, Run: run, VendorTickets: map[string]int64{}}
	if err := scanAll(ctx, conn, "SELECT from_tier, to_tier, moves FROM temp.pack_flow(?::TIMESTAMP, ?::TIMESTAMP)", []any{from, to}, func(r *sql.Rows) error {
		var mv pack.Move
		if err := r.Scan(&mv.From, &mv.To, &mv.Moves); err != nil {
			return err
		}
		in.Flow = append(in.Flow, mv)
		return nil
	}); err != nil {
		return fmt.Errorf("pack: escalation matrix: %w", err)
	}
	if err := scanAll(ctx, conn, "SELECT vendor, tickets FROM temp.pack_vendors(?::TIMESTAMP, ?::TIMESTAMP)", []any{from, to}, func(r *sql.Rows) error {
		var v string
		var n int64
		if err := r.Scan(&v, &n); err != nil {
			return err
		}
		in.VendorTickets[v] = n
		return nil
	}); err != nil {
		return fmt.Errorf("pack: vendors: %w", err)
	}
	var written int64
	in.Tickets = xlsx.Tickets{Columns: pack.TicketColumns(o.lang), Rows: func(yield func([]any) error) error {
		// piece by piece of creation time, each sorted by the macro: the tickets created
		// before the period (still open in it), then ticketPieceDays at a time
		bounds := []time.Time{{}, from}
		for t := from.AddDate(0, 0, ticketPieceDays); t.Before(to); t = t.AddDate(0, 0, ticketPieceDays) {
			bounds = append(bounds, t)
		}
		bounds = append(bounds, to)
		for i := 0; i+1 < len(bounds); i++ {
			lo := any(bounds[i])
			if bounds[i].IsZero() {
				lo = "-infinity"
			}
			if err := packTickets(ctx, conn, from, to, lo, bounds[i+1], yield, func() {
				if written++; written%200000 == 0 {
					fmt.Fprintf(env.Err, "pack: %d tickets written …\n", written)
				}
			}); err != nil {
				return err
			}
		}
		return nil
	}}
	p, err := pack.Build(ctx, in)
	if err != nil {
		return metricError(err)
	}
	fmt.Fprintf(env.Err, "pack: writing %s …\n", o.out)
	if err := writeAtomic(o.out, func(f *os.File) error { return xlsx.Write(f, p, xlsx.Options{}) }); err != nil {
		return fmt.Errorf("write pack: %w", err)
	}
	st, err := os.Stat(o.out)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Out, "wrote %s: %s %s, %d KPI rows, %d tickets (%s)\n", o.out, dashboards.Text("en", "period."+report.Period.Grain), report.Period.Label,
		len(p.Summary), written, sizeText(int(st.Size())))
	return nil
}

// packTickets streams the pack's tickets created in [lo, hi) to yield.
func packTickets(ctx context.Context, conn *sql.Conn, from, to time.Time, lo any, hi time.Time, yield func([]any) error, done func()) error {
	rows, err := conn.QueryContext(ctx, "SELECT * FROM temp.pack_tickets(?::TIMESTAMP, ?::TIMESTAMP, ?::TIMESTAMP, ?::TIMESTAMP)", from, to, lo, hi)
	if err != nil {
		return fmt.Errorf("tickets: %w", err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	if want := pack.TicketSQLColumns(); !slices.Equal(cols, want) {
		return fmt.Errorf("tickets: %s gives columns %s, the sheet expects %s", packViews, strings.Join(cols, ", "), strings.Join(want, ", "))
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return fmt.Errorf("tickets: %w", err)
		}
		if err := yield(vals); err != nil {
			return err
		}
		done()
	}
	return rows.Err()
}

// packViews is the file of the pack's ticket-level macros in queries.FS().
const packViews = "views/021_pack.sql"

// scanAll runs q on conn and calls scan for each row.
func scanAll(ctx context.Context, conn *sql.Conn, q string, args []any, scan func(*sql.Rows) error) error {
	rows, err := conn.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// writeAtomic streams a file through fill into a temporary file beside path and renames it
// over path only when fill succeeded: a failed pack never leaves half a workbook.
func writeAtomic(path string, fill func(*os.File) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	name := tmp.Name()
	ferr := fill(tmp)
	cerr := tmp.Close()
	if err := errors.Join(ferr, cerr); err != nil {
		os.Remove(name)
		return err
	}
	if err := os.Chmod(name, 0o644); err != nil {
		os.Remove(name)
		return err
	}
	if err := os.Rename(name, path); err != nil {
		os.Remove(name)
		return err
	}
	return nil
}

// ticketPieceDays is how many days of creation one query of the pack's tickets covers: at 1M
// tickets a quarter in one sort took 1.3 GB, in pieces of 16 days 0.6 GB and little more time
// (pieces of 7 days took twice as long: each piece scans the joined tables again).
const ticketPieceDays = 16
