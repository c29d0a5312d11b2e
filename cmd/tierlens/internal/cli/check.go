package cli

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/tierlens/tierlens/config"
	"github.com/tierlens/tierlens/metrics"
)

// notJudged is the result of a cell whose tier has no targets (unmapped groups, no tier).
const notJudged = "not judged (unmapped)"

type checkOptions struct {
	out       string
	wide      bool
	period    periodFlags
	format    string
	filter    filterFlag
	minSample int64
}

func newCheckCmd(env *Env) *cobra.Command {
	o := &checkOptions{}
	cmd := &cobra.Command{
		Use:   "check",
		Short: "Check every KPI that has a target, per tier; exit 3 when one is missed, 6 when the feed stalled",
		Long: `Compute every KPI with a target (targets: in tierlens.yaml, or the metric file's own) for a
period, per tier, and say for each whether it met its target. A KPI whose direction is up
meets its target at or above it, one whose direction is down at or below it (a value on its
target, up to float noise of one part in a billion, is met: the rule the dashboard's colours
use too). A tier with no data for a KPI reads "no data" and does not fail the check.

Groups no tier rule maps (the tier "unmapped") and facts without a tier are reported with
their figures but never judged: a target is a commitment of a configured tier. With
--min-sample N, a cell with fewer than N cases (its denominator, or its sample size) reads
"skipped (n < N)" and is not judged either: one breached ticket out of two is not a trend.

A period in which no ticket was created or changed at all is not a quiet week but a stalled
feed (an export that stopped arriving): check fails on it with exit 6 and says since when the
newest data is, instead of reading every KPI as "no data".

Exit codes, for cron jobs and CI: 0 when every target with data is met, 3 when at least one
is missed, 6 when a period has no data at all (a stalled feed; it wins over 3), 1 on an
error. Without a period flag: last week.`,
		Example: `  tierlens check
  tierlens check --week 2026-W47
  tierlens check --month last --format json
  tierlens check --week last --filter source=servicenow --filter priority=P1
  tierlens check --month last --min-sample 20
  tierlens check --quarter 2026-Q4 || mail -s "KPI targets missed" desk@example.com`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runCheck(cmd.Context(), env, o) },
	}
	o.period.register(cmd)
	o.filter.register(cmd)
	cmd.Flags().StringVar(&o.format, "format", "table", "output format: "+formatList)
	cmd.Flags().StringVarP(&o.out, "output", "o", "", "write the table to FILE (required for parquet and xlsx)")
	cmd.Flags().BoolVar(&o.wide, "wide", false, "table format: show long cells whole, never cut")
	cmd.Flags().Int64Var(&o.minSample, "min-sample", 0, "skip (never judge) cells with fewer than N cases (denominator or sample size)")
	return cmd
}

func runCheck(ctx context.Context, env *Env, o *checkOptions) error {
	if err := checkOutput(o.format, o.out); err != nil {
		return err
	}
	if o.minSample < 0 {
		return usageError("--min-sample %d: give a number of cases, 0 or more", o.minSample)
	}
	flt, err := o.filter.parse()
	if err != nil {
		return err
	}
	cfg, cat, err := loadCatalog(env)
	if err != nil {
		return err
	}
	grain, from, to, err := o.period.resolve(cfg, env.Now())
	if err != nil {
		return err
	}
	var names []string
	for _, m := range cat.Metrics() {
		if m.EffectiveTarget != nil && m.HasGrain(grain) {
			names = append(names, m.Name)
		}
	}
	if len(names) == 0 {
		fmt.Fprintln(env.Err, "check: no KPI has a target (set them under targets: in tierlens.yaml)")
		return nil
	}
	w, err := env.OpenReader(ctx)
	if err != nil {
		return err
	}
	defer w.Close()
	warnStaleDerived(ctx, env, w)
	results, err := cat.Run(ctx, w.DB, cfg, names, metrics.Query{Grain: grain, From: from, To: to, By: []string{"tier"}, ByDefault: true, Filter: flt})
	if err != nil {
		return metricError(filterError(err))
	}
	if o.format == "table" && o.out == "" {
		fmt.Fprint(env.Out, filterLine(flt))
	}
	stalled, err := stalledPeriods(ctx, w.DB, results)
	if err != nil {
		return err
	}
	p := metrics.PeriodsOf(cfg)
	forPeople := o.format == "table"
	skipped := fmt.Sprintf("skipped (n < %d)", o.minSample)
	t := &Table{Columns: []string{"kpi", "period", "tier", "value", "target", "result", "numerator", "denominator", "sample_size", "note"}}
	count := map[string]int{}
	for _, r := range results {
		tierAt := slices.Index(r.Dimensions, "tier")
		for _, row := range r.Rows {
			tier := ""
			if tierAt >= 0 {
				tier = row.Dims[tierAt]
			}
			var outcome string
			switch {
			case row.Target == nil && (tier == config.Unmapped || tier == "(none)"):
				// the runner gives these no target: shown so nobody misses them, never judged
				outcome = notJudged
			case row.Target == nil:
				continue // a tier the target does not name
			case o.minSample > 0 && row.Note == "" && cases(row) < o.minSample:
				outcome = skipped
				count[skipped]++
			default:
				outcome = metrics.Evaluate(r.Metric, row).Outcome
				count[outcome]++
			}
			num := func(v *float64, unit string) any {
				if v == nil {
					return nil
				}
				if forPeople {
					return rounded(*v, unit)
				}
				return *v
			}
			var n any
			if row.SampleSize != nil {
				n = *row.SampleSize
			}
			t.Rows = append(t.Rows, []any{r.Metric.Name, p.Label(grain, row.Period), tier,
				num(row.Value, r.Metric.Unit), num(row.Target, r.Metric.Unit), outcome,
				num(row.Numerator, metrics.UnitCount), num(row.Denominator, metrics.UnitCount), n, row.Note})
		}
	}
	if err := writeOutput(env, t, o.format, o.out, o.wide); err != nil {
		return err
	}
	summary := fmt.Sprintf("%d missed, %d met, %d no data", count[metrics.OutcomeMissed], count[metrics.OutcomeMet], count[metrics.OutcomeNoData]+count[metrics.OutcomeNotAvailable])
	if n := count[skipped]; n > 0 {
		summary += fmt.Sprintf(", %d skipped (n < %d)", n, o.minSample)
	}
	if forPeople && o.out == "" {
		fmt.Fprintf(env.Out, "\n%s\n", summary)
	}
	if len(stalled) > 0 {
		return &exitError{code: ExitNoData, err: stalledError(stalled, p, grain, cfg.Location(), env.Now())}
	}
	if count[metrics.OutcomeMissed] > 0 {
		return &exitError{code: ExitMissed, err: fmt.Errorf("check: KPI targets missed (%s)", summary)}
	}
	return nil
}

// cases is how many cases a cell's figure stands on: its denominator for ratios, else its
// sample size; a cell with neither counts as none.
func cases(row metrics.Row) int64 {
	switch {
	case row.Denominator != nil:
		return int64(*row.Denominator)
	case row.SampleSize != nil:
		return *row.SampleSize
	}
	return 0
}

// checkViews is the file of check's macros in queries.FS().
const checkViews = "views/022_check.sql"

// stalledPeriod is a period of the check in which no ticket was created or changed.
type stalledPeriod struct {
	start  time.Time
	newest *time.Time // the newest data in the warehouse; nil when it is empty
}

// stalledPeriods returns the periods of results in which the warehouse has no ticket created
// or changed at all, through check_activity of queries/views/022_check.sql (created as a TEMP
// macro from this binary's copy, like the dashboard's, so an older warehouse works too).
// The whole warehouse counts, not the --filter: a stalled feed is the export's, not a slice's.
func stalledPeriods(ctx context.Context, db *sql.DB, results []*metrics.Result) ([]stalledPeriod, error) {
	type span struct{ from, to time.Time }
	var spans []span
	for _, r := range results {
		for _, row := range r.Rows {
			s := span{row.Period, row.End}
			if !slices.Contains(spans, s) {
				spans = append(spans, s)
			}
		}
	}
	slices.SortFunc(spans, func(a, b span) int { return a.from.Compare(b.from) })
	if len(spans) == 0 {
		return nil, nil
	}
	conn, release, err := reportConn(ctx, db, nil, checkViews)
	if err != nil {
		return nil, fmt.Errorf("check: %w", err)
	}
	defer release()
	var out []stalledPeriod
	for _, s := range spans {
		var changes int64
		var newest sql.NullTime
		err := conn.QueryRowContext(ctx, "SELECT changes, newest FROM check_activity($1::TIMESTAMP, $2::TIMESTAMP)",
			s.from.UTC().Format(time.DateTime), s.to.UTC().Format(time.DateTime)).Scan(&changes, &newest)
		if err != nil {
			return nil, fmt.Errorf("check: data activity: %w", err)
		}
		if changes == 0 {
			sp := stalledPeriod{start: s.from}
			if newest.Valid {
				sp.newest = &newest.Time
			}
			out = append(out, sp)
		}
	}
	return out, nil
}

// stalledError says which periods have no data and since when the newest data is, in the
// reporting time zone.
func stalledError(stalled []stalledPeriod, p metrics.Periods, grain metrics.Grain, zone *time.Location, now time.Time) error {
	labels := make([]string, len(stalled))
	for i, s := range stalled {
		labels[i] = p.Label(grain, s.start)
	}
	last := stalled[len(stalled)-1]
	if last.start.After(now) {
		// a period that has not begun cannot have data: a wrong period, not a stalled feed
		return fmt.Errorf("check: %s has not started yet: no data can be in it; check a period that has begun (e.g. --week last)",
			strings.Join(labels, ", "))
	}
	switch n := last.newest; {
	case n == nil:
		return fmt.Errorf("check: no ticket was created or changed in %s: the warehouse holds no tickets at all; load the exports, then check again",
			strings.Join(labels, ", "))
	case !n.Before(last.start):
		// newer data exists: the periods are before the data (or a gap in it), not a stall
		return fmt.Errorf("check: no ticket was created or changed in %s: the warehouse has no data for it (its newest data is from %s); load the exports of that period, then check again",
			strings.Join(labels, ", "), n.In(zone).Format("2006-01-02 15:04 MST"))
	}
	return fmt.Errorf("check: no ticket was created or changed in %s: the feed looks stalled (the newest data is from %s); load the missing exports, then check again",
		strings.Join(labels, ", "), last.newest.In(zone).Format("2006-01-02 15:04 MST"))
}
