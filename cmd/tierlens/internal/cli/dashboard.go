package cli

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/tierlens/tierlens/config"
	"github.com/tierlens/tierlens/dashboards"
	"github.com/tierlens/tierlens/dashboards/html"
	"github.com/tierlens/tierlens/metrics"
)

type dashboardOptions struct {
	week, month, quarter string
	from, to             string
	filter               filterFlag
	trend                int
	by                   []string
	out                  string
	lang                 string
	title                string
	stamp                bool
}

func newDashboardCmd(env *Env) *cobra.Command {
	o := &dashboardOptions{}
	cmd := &cobra.Command{
		Use:   "dashboard",
		Short: "Write the KPI dashboard: one self-contained HTML file that works offline",
		Long: `Write the KPI dashboard of a week (or month) as one HTML file: header with the data behind
it, data-quality notices, KPI tiles (value, target, red/amber/green, change against the
previous period, trend), charts per tier with the exact figures under them, and the metric
definitions. The file carries everything it needs (ECharts is inlined) and makes no network
request: mail it, or print it to PDF (A4 landscape).

The period is --week (default: last), --month or --quarter; the trend shows the --trend
periods ending with it. --from/--to instead gives the whole window: the trend is its periods (weeks or months
when it is made of whole ones, else days) and the tiles show its last period.

--filter narrows every figure to some sources, priorities, groups, categories, channels or
vendors (the header says which); the same flag narrows pack, metrics run and check.

The same warehouse and flags give a byte-identical file; --stamp adds the time it was made.`,
		Example: `  tierlens dashboard                                   # last week, 13-week trend → dashboard.html
  tierlens dashboard --week 2026-W47 -o w47.html
  tierlens dashboard --month 2026-10 --trend 12 --lang es -o octubre.html
  tierlens dashboard --quarter 2026-Q3 --trend 4 -o q3.html
  tierlens dashboard --week last --filter source=jira --filter priority=P1,P2 -o p1p2.html
  tierlens dashboard --from 2026-08-03 --to 2026-11-16 --title "Service desk Madrid"`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runDashboard(cmd.Context(), env, o, cmd.Flags().Changed("trend"))
		},
	}
	o.register(cmd, reportFlags{defaultPeriod: "week", trend: 13, trendHelp: "periods in the trend charts and sparklines, ending with the reported one",
		what: "dashboard", output: "dashboard.html", outputHelp: "file to write (- for standard output)"})
	return cmd
}

// reportFlags are what differs between the flags of the dashboard and of the pack.
type reportFlags struct {
	defaultPeriod      string // week or month: the period flag that defaults to last
	trend              int
	trendHelp          string
	what               string // dashboard, pack
	output, outputHelp string
}

// register adds the flags every report shares: the period, trend, breakdown, output,
// language, title, filter and stamp.
func (o *dashboardOptions) register(cmd *cobra.Command, r reportFlags) {
	dflt := func(p string) string {
		if p == r.defaultPeriod {
			return " (default: --" + p + " last)"
		}
		return ""
	}
	f := cmd.Flags()
	f.StringVar(&o.week, "week", "", "one week: last, this, or an ISO week like 2026-W47"+dflt("week"))
	f.StringVar(&o.month, "month", "", "one month: last, this, or 2026-10"+dflt("month"))
	f.StringVar(&o.quarter, "quarter", "", "one quarter: last, this, or 2026-Q4")
	f.StringVar(&o.from, "from", "", "first day of the window, YYYY-MM-DD (with --to)")
	f.StringVar(&o.to, "to", "", "day after the window's last one, YYYY-MM-DD (exclusive; default: tomorrow)")
	f.IntVar(&o.trend, "trend", r.trend, r.trendHelp)
	f.StringSliceVar(&o.by, "by", []string{"tier"}, "breakdown (tier)")
	f.StringVarP(&o.out, "output", "o", r.output, r.outputHelp)
	f.StringVar(&o.lang, "lang", "en", "language of the labels: en or es")
	f.StringVar(&o.title, "title", "", "title of the "+r.what+" (default: Help desk KPIs)")
	o.filter.register(cmd)
	f.BoolVar(&o.stamp, "stamp", false, "write the generation time into the "+r.what+" (it then differs between runs)")
}

// maxTrend bounds --trend: two years of weeks.
const maxTrend = 104

func runDashboard(ctx context.Context, env *Env, o *dashboardOptions, trendGiven bool) error {
	if o.trend < 2 || o.trend > maxTrend {
		return usageError("--trend %d: give 2 to %d periods", o.trend, maxTrend)
	}
	if o.out == "" {
		return usageError("--output: give a file name, or - for standard output")
	}
	cfg, cat, spec, err := reportSpec(env, o, "dashboard", trendGiven)
	if err != nil {
		return err
	}
	lib, err := html.ECharts()
	if err != nil {
		return err
	}
	w, err := env.OpenReader(ctx)
	if err != nil {
		return err
	}
	defer w.Close()
	d, err := buildReport(ctx, env, w, cfg, cat, spec)
	if err != nil {
		return err
	}
	d.release()
	report := d.report
	var page bytes.Buffer
	if err := html.Render(&page, report, html.Options{ECharts: lib}); err != nil {
		return err
	}
	if o.out == "-" {
		_, err := env.Out.Write(page.Bytes())
		return err
	}
	if err := writeFileAtomic(o.out, page.Bytes()); err != nil {
		return fmt.Errorf("write dashboard: %w", err)
	}
	fmt.Fprintf(env.Out, "wrote %s: %s %s, trend %s to %s (%s)\n", o.out, dashboards.Text("en", "period."+report.Period.Grain), report.Period.Label,
		report.Period.Trend[0], report.Period.Label, sizeText(page.Len()))
	return nil
}

// dashboardSpec resolves the period flags: one week or month with the trend before it, or a
// --from/--to window whose periods are the trend.
func dashboardSpec(cfg *config.Config, o *dashboardOptions, now time.Time, trendGiven bool) (dashboards.Spec, error) {
	pf := &periodFlags{week: o.week, month: o.month, quarter: o.quarter, from: o.from, to: o.to}
	grain, from, to, err := pf.resolve(cfg, now)
	if err != nil {
		return dashboards.Spec{}, err
	}
	p := metrics.PeriodsOf(cfg)
	starts := p.List(grain, from, to)
	if len(starts) == 0 {
		return dashboards.Spec{}, usageError("the period has no whole %s", grain)
	}
	s := dashboards.Spec{Grain: grain, Lang: o.lang, Title: o.title, Version: Version}
	if len(starts) > 1 {
		if trendGiven {
			return dashboards.Spec{}, usageError("--trend cannot be combined with a --from/--to window of several periods: the window is the trend")
		}
		s.TrendFrom, s.From = starts[0], starts[len(starts)-1]
	} else {
		s.From = starts[0]
		s.TrendFrom = s.From
		for i := 1; i < o.trend; i++ {
			s.TrendFrom = p.Start(grain, s.TrendFrom.Add(-time.Nanosecond))
		}
	}
	s.To = p.Next(grain, s.From)
	if o.stamp {
		s.Stamp = now
	}
	return s, nil
}

// readDashboardFacts reads the data facts for the period [from, to) through the dashboard_*
// macros of queries/views/020_dashboard.sql, on a reportConn that has them.
func readDashboardFacts(ctx context.Context, conn *sql.Conn, from, to time.Time) (dashboards.Facts, error) {
	var f dashboards.Facts
	a, b := from.UTC().Format(time.DateTime), to.UTC().Format(time.DateTime)
	query := func(what, q string, scan func(*sql.Rows) error) error {
		rows, err := conn.QueryContext(ctx, q, a, b)
		if err != nil {
			return fmt.Errorf("read dashboard facts: %s: %w", what, err)
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				return fmt.Errorf("read dashboard facts: %s: %w", what, err)
			}
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("read dashboard facts: %s: %w", what, err)
		}
		return nil
	}
	err := query("sources", `SELECT source, tickets, first_created, last_change, flat, active, flat_active
		FROM temp.dashboard_sources($1::TIMESTAMP, $2::TIMESTAMP)`, func(r *sql.Rows) error {
		var s dashboards.SourceFact
		if err := r.Scan(&s.Name, &s.Tickets, &s.FirstCreated, &s.LastChange, &s.Flat, &s.Active, &s.FlatActive); err != nil {
			return err
		}
		f.Sources = append(f.Sources, s)
		return nil
	})
	if err != nil {
		return f, err
	}
	err = query("loads", `SELECT load_id, file, source, rejected, in_period, reasons
		FROM temp.dashboard_loads($1::TIMESTAMP, $2::TIMESTAMP)`, func(r *sql.Rows) error {
		var l dashboards.LoadFact
		var reasons any
		if err := r.Scan(&l.ID, &l.File, &l.Source, &l.Rejected, &l.InPeriod, &reasons); err != nil {
			return err
		}
		list, _ := reasons.([]any)
		for _, x := range list {
			m, _ := x.(map[string]any)
			reason, _ := m["reason"].(string)
			n, _ := m["records"].(int64)
			l.Reasons = append(l.Reasons, dashboards.Reason{Reason: reason, Records: n})
		}
		f.Loads = append(f.Loads, l)
		return nil
	})
	if err != nil {
		return f, err
	}
	// Findings come from the data_quality view, which a warehouse has once a tierlens that
	// knows it opened it for a load; an older warehouse's dashboard goes without them.
	var hasQuality bool
	if err := conn.QueryRowContext(ctx, "SELECT count(*) > 0 FROM duckdb_views() WHERE view_name = 'data_quality'").Scan(&hasQuality); err != nil {
		return f, err
	}
	if hasQuality {
		err = query("findings", `SELECT finding, cases FROM temp.dashboard_findings($1::TIMESTAMP, $2::TIMESTAMP)`, func(r *sql.Rows) error {
			var x dashboards.FindingFact
			if err := r.Scan(&x.Finding, &x.Cases); err != nil {
				return err
			}
			f.Findings = append(f.Findings, x)
			return nil
		})
		if err != nil {
			return f, err
		}
	}
	err = query("unmapped groups", `SELECT source, assignment_group, tickets
		FROM temp.dashboard_unmapped($1::TIMESTAMP, $2::TIMESTAMP)`, func(r *sql.Rows) error {
		var g dashboards.GroupFact
		if err := r.Scan(&g.Source, &g.Group, &g.Tickets); err != nil {
			return err
		}
		f.Unmapped = append(f.Unmapped, g)
		return nil
	})
	if err != nil {
		return f, err
	}
	err = query("tier flow", `SELECT from_step, from_tier, coalesce(to_tier, ''), coalesce(outcome, ''), tickets
		FROM temp.dashboard_tier_flow($1::TIMESTAMP, $2::TIMESTAMP)`, func(r *sql.Rows) error {
		var x dashboards.FlowFact
		if err := r.Scan(&x.FromStep, &x.FromTier, &x.ToTier, &x.Outcome, &x.Tickets); err != nil {
			return err
		}
		f.Flow = append(f.Flow, x)
		return nil
	})
	return f, err
}

// dashboardViews is the file of the dashboard's fact macros in queries.FS().
const dashboardViews = "views/020_dashboard.sql"

// writeFileAtomic writes b to path through a temporary file in the same directory, so a
// reader never sees half a dashboard.
func writeFileAtomic(path string, b []byte) error {
	return writeAtomic(path, func(f *os.File) error {
		_, err := f.Write(b)
		return err
	})
}

func sizeText(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
