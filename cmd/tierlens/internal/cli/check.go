package cli

import (
	"context"
	"fmt"
	"slices"

	"github.com/spf13/cobra"

	"github.com/tierlens/tierlens/metrics"
)

type checkOptions struct {
	period periodFlags
	format string
	filter filterFlag
}

func newCheckCmd(env *Env) *cobra.Command {
	o := &checkOptions{}
	cmd := &cobra.Command{
		Use:   "check",
		Short: "Check every KPI that has a target, per tier; exit 3 when one is missed",
		Long: `Compute every KPI with a target (targets: in tierlens.yaml, or the metric file's own) for a
period, per tier, and say for each whether it met its target. A KPI whose direction is up
meets its target at or above it, one whose direction is down at or below it (a value on its
target, up to float noise of one part in a billion, is met: the rule the dashboard's colours
use too). A tier with no data for a KPI reads "no data" and does not fail the check.

Exit codes, for cron jobs and CI: 0 when every target with data is met, 3 when at least one
is missed, 1 on an error. Without a period flag: last week.`,
		Example: `  tierlens check
  tierlens check --week 2026-W47
  tierlens check --month last --format json
  tierlens check --week last --filter source=servicenow --filter priority=P1
  tierlens check --quarter 2026-Q4 || mail -s "KPI targets missed" desk@example.com`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runCheck(cmd.Context(), env, o) },
	}
	o.period.register(cmd)
	o.filter.register(cmd)
	cmd.Flags().StringVar(&o.format, "format", "table", "output format: table, csv or json")
	return cmd
}

func runCheck(ctx context.Context, env *Env, o *checkOptions) error {
	if err := checkFormat(o.format); err != nil {
		return err
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
	if forPeople := o.format == "table"; forPeople {
		fmt.Fprint(env.Out, filterLine(flt))
	}
	p := metrics.PeriodsOf(cfg)
	forPeople := o.format == "table"
	t := &Table{Columns: []string{"kpi", "period", "tier", "value", "target", "result", "numerator", "denominator", "sample_size", "note"}}
	count := map[string]int{}
	for _, r := range results {
		tierAt := slices.Index(r.Dimensions, "tier")
		for _, row := range r.Rows {
			if row.Target == nil {
				continue
			}
			outcome := metrics.Evaluate(r.Metric, row).Outcome
			count[outcome]++
			tier := ""
			if tierAt >= 0 {
				tier = row.Dims[tierAt]
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
	if err := t.Write(env.Out, o.format); err != nil {
		return err
	}
	summary := fmt.Sprintf("%d missed, %d met, %d no data", count[metrics.OutcomeMissed], count[metrics.OutcomeMet], count[metrics.OutcomeNoData]+count[metrics.OutcomeNotAvailable])
	if forPeople {
		fmt.Fprintf(env.Out, "\n%s\n", summary)
	}
	if count[metrics.OutcomeMissed] > 0 {
		return &exitError{code: ExitMissed, err: fmt.Errorf("check: KPI targets missed (%s)", summary)}
	}
	return nil
}
