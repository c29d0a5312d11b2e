package cli

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/tierlens/tierlens/config"
	"github.com/tierlens/tierlens/metrics"
)

func newMetricsCmd(env *Env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "metrics",
		Short: "The KPI catalog: list, show, run and lint the metric definitions",
		Long: `The KPI catalog: one SQL file per metric (queries/metrics, plus metrics_dir from
tierlens.yaml), each with a header saying what it measures. Every metric is computed per
reporting period in the configured time zone and, by default, per support tier.`,
		Example: `  tierlens metrics list
  tierlens metrics show fcr
  tierlens metrics run --week last
  tierlens metrics run fcr resolve_vs_escalate --month 2026-10 --by tier --by priority
  tierlens metrics lint`,
	}
	cmd.AddCommand(
		newMetricsListCmd(env),
		newMetricsShowCmd(env),
		newMetricsRunCmd(env),
		newMetricsLintCmd(env),
	)
	return cmd
}

// catalog loads the configuration and the metric catalog; a catalog with problems is an error
// listing them all.
func loadCatalog(env *Env) (*config.Config, *metrics.Catalog, error) {
	cfg, err := env.Config()
	if err != nil {
		return nil, nil, err
	}
	cat, err := metrics.LoadCatalog(cfg)
	if err != nil {
		var probs metrics.Problems
		if errors.As(err, &probs) {
			return nil, nil, fmt.Errorf("the metric catalog has problems (see tierlens metrics lint):\n%w", err)
		}
		return nil, nil, err
	}
	return cfg, cat, nil
}

// periodFlags are the period options of metrics run (and later reports).
type periodFlags struct {
	grain   string
	week    string
	month   string
	quarter string
	from    string
	to      string
	last    int
}

func (f *periodFlags) register(cmd *cobra.Command) {
	fs := cmd.Flags()
	fs.StringVar(&f.grain, "grain", "", "period length: day, week, month, quarter, year, or all (the whole range as one period; default: the period flag's own)")
	fs.StringVar(&f.week, "week", "", "one week: last, this, or an ISO week like 2026-W47 (default: --week last)")
	fs.StringVar(&f.month, "month", "", "one month: last, this, or 2026-10")
	fs.StringVar(&f.quarter, "quarter", "", "one quarter: last, this, or 2026-Q4")
	fs.StringVar(&f.from, "from", "", "first day, YYYY-MM-DD (with --to: a range)")
	fs.StringVar(&f.to, "to", "", "day after the last one, YYYY-MM-DD (exclusive; default: tomorrow)")
	fs.IntVar(&f.last, "last", 0, "the last N complete periods of --grain (default grain week)")
}

// resolve turns the flags into a grain and a range in the reporting zone, relative to now.
func (f *periodFlags) resolve(cfg *config.Config, now time.Time) (metrics.Grain, time.Time, time.Time, error) {
	p := metrics.PeriodsOf(cfg)
	var given []string
	for _, c := range []struct {
		name string
		set  bool
	}{{"--week", f.week != ""}, {"--month", f.month != ""}, {"--quarter", f.quarter != ""}, {"--from/--to", f.from != "" || f.to != ""}, {"--last", f.last != 0}} {
		if c.set {
			given = append(given, c.name)
		}
	}
	if len(given) > 1 {
		return "", time.Time{}, time.Time{}, usageError("give one period: %s cannot be combined", strings.Join(given, " and "))
	}
	var grain metrics.Grain
	if f.grain != "" {
		g, err := metrics.ParseGrain(f.grain)
		if err != nil {
			return "", time.Time{}, time.Time{}, usageError("--grain %q: use day, week, month, quarter, year or all", f.grain)
		}
		grain = g
	}
	or := func(g metrics.Grain) metrics.Grain {
		if grain != "" {
			return grain
		}
		return g
	}
	var from, to time.Time
	var err error
	switch {
	case f.month != "":
		from, to, err = p.Month(f.month, now)
		grain = or(metrics.Month)
	case f.quarter != "":
		from, to, err = p.Quarter(f.quarter, now)
		grain = or(metrics.Quarter)
	case f.from != "" || f.to != "":
		if f.from == "" {
			return "", time.Time{}, time.Time{}, usageError("--to needs --from (e.g. --from 2026-10-01 --to 2026-11-01)")
		}
		if from, err = p.Date(f.from); err != nil {
			return "", time.Time{}, time.Time{}, usageError("--from %q: write a date as YYYY-MM-DD", f.from)
		}
		to = p.Next(metrics.Day, p.Start(metrics.Day, now))
		if f.to != "" {
			if to, err = p.Date(f.to); err != nil {
				return "", time.Time{}, time.Time{}, usageError("--to %q: write a date as YYYY-MM-DD", f.to)
			}
		}
		if !to.After(from) {
			return "", time.Time{}, time.Time{}, usageError("--to %s is not after --from %s (--to is exclusive: the day after the last one)", f.to, f.from)
		}
		grain = or(p.Fit(from, to))
	case f.last != 0:
		if f.last < 0 {
			return "", time.Time{}, time.Time{}, usageError("--last %d: give a number of periods, e.g. --last 13", f.last)
		}
		grain = or(metrics.Week)
		from, to = p.Last(grain, f.last, now)
	default:
		spec := f.week
		if spec == "" {
			spec = "last"
		}
		from, to, err = p.Week(spec, now)
		grain = or(metrics.Week)
	}
	if err != nil {
		return "", time.Time{}, time.Time{}, usageError("%v", err)
	}
	return grain, from, to, nil
}

// metricError turns the runner's input errors into usage errors (exit code 2), and says what
// to do when the warehouse lacks a table or macro this tierlens reads.
func metricError(err error) error {
	if errors.Is(err, metrics.ErrUnknownMetric) || errors.Is(err, metrics.ErrDimension) || errors.Is(err, metrics.ErrPeriod) {
		return usageError("%v", err)
	}
	if strings.Contains(err.Error(), "does not exist") {
		return fmt.Errorf("%w\nthe warehouse was written by an older tierlens: run tierlens load --rebuild to add what this one reads", err)
	}
	return err
}

// targetText describes a target: "0.7", "L1 0.95, default 0.9".
func targetText(t *config.Target) string {
	if t == nil {
		return ""
	}
	var parts []string
	tiers := make([]string, 0, len(t.ByTier))
	for k := range t.ByTier {
		tiers = append(tiers, k)
	}
	slices.Sort(tiers)
	for _, k := range tiers {
		parts = append(parts, k+" "+strconv.FormatFloat(t.ByTier[k], 'f', -1, 64))
	}
	if t.All != nil {
		v := strconv.FormatFloat(*t.All, 'f', -1, 64)
		if len(parts) > 0 {
			v = "default " + v
		}
		parts = append(parts, v)
	}
	return strings.Join(parts, ", ")
}

// targetSource says where a metric's effective target comes from, for people: the
// configuration file (or the built-in defaults), or the metric file.
func targetSource(cfg *config.Config, m *metrics.Metric) string {
	switch m.TargetSource {
	case metrics.TargetFromConfig:
		if cfg.Path != "" {
			return cfg.Path
		}
		return "built-in defaults"
	case metrics.TargetFromFile:
		return "the metric file"
	}
	return ""
}

// rounded shows a value for people: ratios to 4 decimals, times to 1, counts as they are.
func rounded(v float64, unit string) float64 {
	digits := 2
	switch unit {
	case metrics.UnitRatio:
		digits = 4
	case metrics.UnitMinutes, metrics.UnitHours:
		digits = 1
	}
	p := math.Pow(10, float64(digits))
	return math.Round(v*p) / p
}
