package dashboards

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/tierlens/tierlens/metrics"
)

// Spec says what a dashboard covers and how it is written.
type Spec struct {
	Grain     metrics.Grain
	From      time.Time // the reporting period [From, To), aligned to Grain in the reporting zone
	To        time.Time
	TrendFrom time.Time // start of the first trend period (≤ From); the trend ends with the period
	Lang      string    // en or es
	Title     string    // empty: the catalog's default title
	Version   string    // tierlens version, shown in the footer
	Stamp     time.Time // when set, the header says when the file was generated
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
	// Failed holds the metrics that could not be computed, with the error; the dashboard shows
	// them as failed instead of leaving the whole report undone.
	Failed map[string]string
}

// Metrics the dashboard uses, by name. SLA response and resolution attainment are found by
// pattern (see slaMetric) since their names belong to the SLA engine.
const (
	mCreated        = "created"
	mResolved       = "resolved"
	mBacklog        = "backlog"
	mAging          = "backlog_aging"
	mMTTR           = "resolution_time"
	mMTTR90         = "resolution_time_p90"
	mFRT            = "first_response_time"
	mFRT90          = "first_response_time_p90"
	mFCR            = "fcr"
	mFLR            = "first_level_resolution"
	mRVE            = "resolve_vs_escalate"
	mTimeInTier     = "time_in_tier"
	mBreaches       = "time_limit_breaches"
	mCSAT           = "csat_positive_rate"
	mCSATResponse   = "csat_response_rate"
	mReopen         = "reopen_rate"
	mOLA            = "ola_attainment"
	mVendorContract = "vendor_attainment"
	roleSLAResponse = "role:sla_response"
	roleSLAResolve  = "role:sla_resolution"
)

// catalogView resolves the dashboard's metric names against a catalog.
type catalogView struct {
	cat  *metrics.Catalog
	role map[string]string // role → metric name
}

func newCatalogView(cat *metrics.Catalog) *catalogView {
	v := &catalogView{cat: cat, role: map[string]string{}}
	if n := slaMetric(cat, "response"); n != "" {
		v.role[roleSLAResponse] = n
	}
	if n := slaMetric(cat, "resolution"); n != "" {
		v.role[roleSLAResolve] = n
	}
	return v
}

// slaMetric finds the SLA attainment metric of a kind (response or resolution): a ratio whose
// name starts with sla_ and mentions the kind, preferring base metrics over variants and
// then the shortest name (sla_resolution before sla_resolution_source_flag).
func slaMetric(cat *metrics.Catalog, kind string) string {
	var best *metrics.Metric
	for _, m := range cat.Metrics() {
		if !strings.HasPrefix(m.Name, "sla_") || !strings.Contains(m.Name, kind) || m.Unit != metrics.UnitRatio {
			continue
		}
		if strings.Contains(m.Name, "flag") || strings.Contains(m.Name, "source") || strings.Contains(m.Name, "risk") || strings.Contains(m.Name, "flight") {
			continue // the source's own flag and the in-flight counts are not the attainment
		}
		if best == nil || (best.VariantOf != "" && m.VariantOf == "") ||
			((best.VariantOf == "") == (m.VariantOf == "") && (len(m.Name) < len(best.Name) || len(m.Name) == len(best.Name) && m.Name < best.Name)) {
			best = m
		}
	}
	if best == nil {
		return ""
	}
	return best.Name
}

// name is the catalog name of a metric name or role ("" when the catalog lacks it).
func (v *catalogView) name(key string) string {
	if strings.HasPrefix(key, "role:") {
		return v.role[key]
	}
	if _, err := v.cat.Get(key); err != nil {
		return ""
	}
	return key
}

// metric is the catalog metric of a name or role, or nil.
func (v *catalogView) metric(key string) *metrics.Metric {
	n := v.name(key)
	if n == "" {
		return nil
	}
	m, _ := v.cat.Get(n)
	return m
}

// pick resolves keys to catalog names that can run at grain g and (when dim is set) break down
// by dim, without duplicates.
func (v *catalogView) pick(g metrics.Grain, dim string, keys ...string) []string {
	var out []string
	for _, k := range keys {
		m := v.metric(k)
		if m == nil || !m.HasGrain(g) || (dim != "" && !m.HasDimension(dim)) || slices.Contains(out, m.Name) {
			continue
		}
		out = append(out, m.Name)
	}
	return out
}

// The metrics of each run.
var (
	trendTierKeys = []string{mCreated, mResolved, mBacklog, mFCR, mFLR, mCSAT, mReopen, roleSLAResponse, roleSLAResolve, mOLA}
	trendDeskKeys = []string{mMTTR, mFRT}
	periodKeys    = []string{mAging, mMTTR, mMTTR90, mFRT, mFRT90, mRVE, mTimeInTier, mBreaches, mCSATResponse}
	priorityKeys  = []string{roleSLAResponse, roleSLAResolve}
	vendorKeys    = []string{mResolved, mMTTR, mTimeInTier, mReopen, mCSAT, mVendorContract}
)

// Collect runs the metrics a dashboard needs: each once over the trend window by tier (and
// desk-wide for medians), and the per-period breakdowns (tier, priority, vendor) for the
// reporting period only. Metrics missing from the catalog are skipped; Build shows them as
// not available.
func Collect(ctx context.Context, cat *metrics.Catalog, run Runner, s Spec) (*Results, error) {
	if s.TrendFrom.IsZero() || s.TrendFrom.After(s.From) || !s.To.After(s.From) {
		return nil, fmt.Errorf("collect dashboard metrics: bad period [%s, %s) with trend from %s", s.From, s.To, s.TrendFrom)
	}
	v := newCatalogView(cat)
	out := &Results{Failed: map[string]string{}}
	runs := []struct {
		dst  *map[string]*metrics.Result
		keys []string
		dim  string
		from time.Time
	}{
		{&out.Trend, trendTierKeys, "", s.TrendFrom},
		{&out.Desk, trendDeskKeys, "", s.TrendFrom},
		{&out.Period, periodKeys, "", s.From},
		{&out.Priority, priorityKeys, "priority", s.From},
		{&out.Vendor, vendorKeys, "vendor", s.From},
	}
	for i, r := range runs {
		*r.dst = map[string]*metrics.Result{}
		names := v.pick(s.Grain, r.dim, r.keys...)
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
