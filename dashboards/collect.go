package dashboards

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/tierlens/tierlens/metrics"
)

// Spec says what a dashboard covers and how it is written.
type Spec struct {
	Grain     metrics.Grain
	From      time.Time // the reporting period [From, To), aligned to Grain in the reporting zone
	To        time.Time
	TrendFrom time.Time      // start of the first trend period (≤ From); the trend ends with the period
	Lang      string         // en or es
	Title     string         // empty: the catalog's default title
	Version   string         // tierlens version, shown in the footer
	Stamp     time.Time      // when set, the header says when the file was generated
	Filter    metrics.Filter // what the report is narrowed to (the Runner applies it); shown in the header
	Layout    *Layout        // which metric goes where; nil: the built-in WeeklyLayout
}

// Runner computes metrics (metrics.Catalog.Run bound to a warehouse and a configuration).
// names is never empty.
type Runner func(ctx context.Context, names []string, q metrics.Query) ([]*metrics.Result, error)

// Results are the metric results a dashboard is built from, keyed by metric name. Each metric
// runs once per breakdown: the tiles, their previous-period deltas and sparklines all come from
// the trend runs.
type Results struct {
	Trend    map[string]*metrics.Result // by tier, every trend period
	Desk     map[string]*metrics.Result // no breakdown, every trend period (medians cannot be summed over tiers)
	Period   map[string]*metrics.Result // by tier, the reporting period only
	Priority map[string]*metrics.Result // by priority, the reporting period only
	Vendor   map[string]*metrics.Result // by vendor, the reporting period only
	Other    map[string]*metrics.Result // the user's own metrics (metrics_dir), by tier, the reporting period only
	// Failed holds the metrics that could not be computed, with the error; the dashboard shows
	// them as failed instead of leaving the whole report undone.
	Failed map[string]string
}

// resolver finds the catalog metric of a layout reference.
type resolver struct {
	cat *metrics.Catalog
}

// metric is the catalog metric r names (by name or by role), or nil when the catalog lacks it.
func (v resolver) metric(r Ref) *metrics.Metric {
	switch {
	case r.Role != "":
		return v.cat.ByRole(r.Role)
	case r.Metric != "":
		if m, err := v.cat.Get(r.Metric); err == nil {
			return m
		}
	}
	return nil
}

// name is the catalog name of the metric r names ("" when the catalog lacks it).
func (v resolver) name(r Ref) string {
	if m := v.metric(r); m != nil {
		return m.Name
	}
	return ""
}

// pick resolves refs to catalog names that can run at grain g and (when dim is set) break down
// by dim, without duplicates.
func (v resolver) pick(g metrics.Grain, dim string, refs ...Ref) []string {
	var out []string
	for _, r := range refs {
		m := v.metric(r)
		if m == nil || !m.HasGrain(g) || (dim != "" && !m.HasDimension(dim)) || slices.Contains(out, m.Name) {
			continue
		}
		out = append(out, m.Name)
	}
	return out
}

// runRefs are the references of each run of a layout: the trend by tier (and desk-wide for the
// tiles that need a run of their own), and the reporting period by tier, priority and vendor.
func (l *Layout) runRefs() (trend, desk, period, priority, vendor []Ref) {
	trend = append(trend, l.Volume.Created, l.Volume.Resolved, l.Volume.Backlog)
	trend = append(trend, l.FCRTrend...)
	trend = append(trend, l.CSAT.Positive, l.SLA.Response, l.SLA.Resolution)
	for _, t := range l.Tiles {
		if t.Desk == DeskRun {
			desk = append(desk, t)
		} else {
			trend = append(trend, t)
		}
	}
	period = []Ref{l.BacklogAging, l.MTTRPerTier.Median, l.MTTRPerTier.P90, l.FRTPerTier.Median, l.FRTPerTier.P90,
		l.ResolveVsEscalate, l.TimeInTier.Time, l.TimeInTier.Breaches, l.CSAT.Response}
	priority = []Ref{l.SLA.Response, l.SLA.Resolution}
	vendor = append(slices.Clone(l.VendorScorecard.Columns), l.VendorScorecard.Chart)
	return trend, desk, period, priority, vendor
}

// layoutOf is the spec's layout, or the built-in weekly one.
func layoutOf(s Spec) (*Layout, error) {
	if s.Layout != nil {
		return s.Layout, nil
	}
	return WeeklyLayout()
}

// Collect runs the metrics a dashboard needs: each once over the trend window by tier (and
// desk-wide for medians), and the per-period breakdowns (tier, priority, vendor) for the
// reporting period only. Metrics missing from the catalog are skipped; Build shows them as
// not available.
func Collect(ctx context.Context, cat *metrics.Catalog, run Runner, s Spec) (*Results, error) {
	if s.TrendFrom.IsZero() || s.TrendFrom.After(s.From) || !s.To.After(s.From) {
		return nil, fmt.Errorf("collect dashboard metrics: bad period [%s, %s) with trend from %s", s.From, s.To, s.TrendFrom)
	}
	lay, err := layoutOf(s)
	if err != nil {
		return nil, err
	}
	v := resolver{cat}
	trend, desk, period, priority, vendor := lay.runRefs()
	out := &Results{Failed: map[string]string{}}
	runs := []struct {
		dst  *map[string]*metrics.Result
		refs []Ref
		dim  string
		from time.Time
	}{
		{&out.Trend, trend, "", s.TrendFrom},
		{&out.Desk, desk, "", s.TrendFrom},
		{&out.Period, period, "", s.From},
		{&out.Priority, priority, "priority", s.From},
		{&out.Vendor, vendor, "vendor", s.From},
		{&out.Other, nil, "", s.From},
	}
	for i, r := range runs {
		*r.dst = map[string]*metrics.Result{}
		names := v.pick(s.Grain, r.dim, r.refs...)
		if r.dst == &out.Other {
			names = otherMetrics(cat, lay, s.Grain)
		}
		if len(names) == 0 {
			continue // an empty list would run the whole catalog
		}
		q := metrics.Query{Grain: s.Grain, From: r.from, To: s.To}
		switch {
		case r.dim != "":
			q.By = []string{r.dim}
		case i != 1: // the desk-wide run has no breakdown
			q.By, q.ByDefault = []string{"tier"}, true
		}
		res, err := run(ctx, names, q)
		if err != nil {
			if ctx.Err() != nil {
				return nil, fmt.Errorf("collect dashboard metrics: %w", ctx.Err())
			}
			// one bad metric file must not take the whole dashboard down: run them one by one
			// and keep the errors
			res = nil
			for _, n := range names {
				one, err := run(ctx, []string{n}, q)
				if err != nil {
					if ctx.Err() != nil {
						return nil, fmt.Errorf("collect dashboard metrics: %w", ctx.Err())
					}
					if _, seen := out.Failed[n]; !seen {
						out.Failed[n] = err.Error()
					}
					continue
				}
				res = append(res, one...)
			}
		}
		for _, x := range res {
			(*r.dst)[x.Metric.Name] = x
		}
	}
	return out, nil
}
