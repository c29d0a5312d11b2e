package metrics_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tierlens/tierlens/config"
	"github.com/tierlens/tierlens/metrics"
)

// TestFilterEqualsBreakdown: for every metric of the catalog and each filterable dimension it
// has, a run filtered to one value (by tier) gives exactly the cells of a run broken down by
// tier and that dimension, restricted to the value; cells the breakdown lacks are empty in the
// filtered run. Two values of a key give the breakdown's cells of either, which for counts is
// their sum.
func TestFilterEqualsBreakdown(t *testing.T) {
	db := sampleWarehouse(t)
	cat := catalog(t)
	cfg := config.Default()
	ctx := context.Background()
	from, to := months(t, "2026-09", "2026-11")
	// one frequent value per key, read from the data (not assumed)
	pick := map[string]string{}
	for k, q := range map[string]string{
		"priority": "SELECT priority FROM tickets GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1",
		"channel":  "SELECT channel FROM tickets WHERE channel IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1",
		"source":   "SELECT source FROM tickets GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1",
		"group":    "SELECT assignment_group FROM tier_intervals GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1",
	} {
		var v string
		if err := db.QueryRowContext(ctx, q).Scan(&v); err != nil {
			t.Fatalf("%s: %v", k, err)
		}
		pick[k] = v
	}
	checked := 0
	for _, m := range cat.Metrics() {
		for _, key := range []string{"priority", "channel", "source", "group"} {
			if !m.HasDimension(key) || !m.HasGrain(metrics.Month) {
				continue
			}
			by := []string{"tier"}
			if !m.HasDimension("tier") {
				by = nil
			}
			q := metrics.Query{Grain: metrics.Month, From: from, To: to, By: by, Filter: metrics.Filter{key: {pick[key]}}}
			fr, err := cat.Run(ctx, db, cfg, []string{m.Name}, q)
			if err != nil {
				t.Fatalf("%s filtered by %s: %v", m.Name, key, err)
			}
			br, err := cat.Run(ctx, db, cfg, []string{m.Name}, metrics.Query{Grain: metrics.Month, From: from, To: to, By: append(slices.Clone(by), key)})
			if err != nil {
				t.Fatalf("%s by %s: %v", m.Name, key, err)
			}
			want := map[string]metrics.Row{}
			ki := slices.Index(br[0].Dimensions, key)
			for _, r := range br[0].Rows {
				if r.Dims[ki] != pick[key] {
					continue
				}
				dims := slices.Delete(slices.Clone(r.Dims), ki, ki+1)
				want[cellKey(r.Period, dims)] = r
			}
			for _, r := range fr[0].Rows {
				k := cellKey(r.Period, r.Dims)
				w, ok := want[k]
				if !ok {
					if r.Value != nil || (r.Numerator != nil && *r.Numerator != 0) || (r.SampleSize != nil && *r.SampleSize != 0) {
						t.Errorf("%s filtered %s=%s, cell %s: value %s but the breakdown has no such cell", m.Name, key, pick[key], k, fp(r.Value))
					}
					continue
				}
				delete(want, k)
				if !sameNum(r.Value, w.Value) || !sameNum(r.Numerator, w.Numerator) || !sameNum(r.Denominator, w.Denominator) || ip(r.SampleSize) != ip(w.SampleSize) {
					t.Errorf("%s filtered %s=%s, cell %s: value %s (%s/%s n=%s), breakdown %s (%s/%s n=%s)", m.Name, key, pick[key], k,
						fp(r.Value), fp(r.Numerator), fp(r.Denominator), ip(r.SampleSize), fp(w.Value), fp(w.Numerator), fp(w.Denominator), ip(w.SampleSize))
				}
				checked++
			}
			for k, w := range want {
				// the spine shows a tier (unmapped) wherever any fact has it: a zero count
				// there may have no cell once the filter leaves that tier no facts
				if w.Value != nil && *w.Value != 0 {
					t.Errorf("%s filtered %s=%s: cell %s of the breakdown (%s) missing from the filtered run", m.Name, key, pick[key], k, fp(w.Value))
				}
			}
		}
	}
	if checked < 200 {
		t.Fatalf("only %d cells compared: the fixture does not exercise the filter", checked)
	}
	t.Logf("%d cells compared", checked)
}

// TestFilterCountsTickets: created, filtered to two priorities, counts what a plain query of
// the tickets counts, computed here independently of the metric files.
func TestFilterCountsTickets(t *testing.T) {
	db := sampleWarehouse(t)
	cat := catalog(t)
	cfg := config.Default()
	ctx := context.Background()
	var pri []string
	rows, err := db.QueryContext(ctx, "SELECT priority FROM tickets GROUP BY 1 ORDER BY 1 LIMIT 2")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s string
		rows.Scan(&s)
		pri = append(pri, s)
	}
	rows.Close()
	if len(pri) != 2 {
		t.Fatalf("want two priorities in the fixture, got %v", pri)
	}
	p := metrics.PeriodsOf(cfg)
	from, _, _ := p.Month("2026-10", time.Time{})
	to, _, _ := p.Month("2026-11", time.Time{})
	rs, err := cat.Run(ctx, db, cfg, []string{"created"}, metrics.Query{Grain: metrics.Month, From: from, To: to, Filter: metrics.Filter{"priority": pri}})
	if err != nil {
		t.Fatal(err)
	}
	var want int64
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM tickets WHERE created_at >= ? AND created_at < ? AND list_contains(?::VARCHAR[], priority)",
		from.UTC(), to.UTC(), pri).Scan(&want); err != nil {
		t.Fatal(err)
	}
	var all int64
	db.QueryRowContext(ctx, "SELECT count(*) FROM tickets WHERE created_at >= ? AND created_at < ?", from.UTC(), to.UTC()).Scan(&all)
	if want == 0 || want == all {
		t.Fatalf("fixture: %d of %d tickets have priority %v; the test needs some but not all", want, all, pri)
	}
	if len(rs[0].Rows) != 1 || rs[0].Rows[0].Value == nil || int64(*rs[0].Rows[0].Value) != want {
		t.Fatalf("created filtered to %v: %s, want %d (of %d)", pri, dump(rs[0]), want, all)
	}
	// the connection went back to the pool without the filter
	rs, err = cat.Run(ctx, db, cfg, []string{"created"}, metrics.Query{Grain: metrics.Month, From: from, To: to})
	if err != nil {
		t.Fatal(err)
	}
	if int64(*rs[0].Rows[0].Value) != all {
		t.Fatalf("unfiltered run after a filtered one: %s, want %d", dump(rs[0]), all)
	}
}

// TestFilterErrors: unknown keys, values the warehouse never saw and empty values are refused
// with a message naming what exists.
func TestFilterErrors(t *testing.T) {
	for _, c := range []struct{ arg, want string }{
		{"tier=L1", `unknown key "tier"`},
		{"priority", "KEY=VALUE"},
		{"priority=", "no value for priority"},
		{"=P1", "KEY=VALUE"},
	} {
		_, err := metrics.ParseFilter([]string{c.arg})
		if !errors.Is(err, metrics.ErrFilter) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ParseFilter(%q) = %v, want an ErrFilter saying %q", c.arg, err, c.want)
		}
	}
	f, err := metrics.ParseFilter([]string{"priority=P1, P2", "source=a", "Priority=P3,P1"})
	if err != nil {
		t.Fatal(err)
	}
	if got := f.String(); got != "source=a; priority=P1,P2,P3" {
		t.Errorf("String() = %q", got)
	}
	db := sampleWarehouse(t)
	cfg := config.Default()
	p := metrics.PeriodsOf(cfg)
	from, _, _ := p.Month("2026-10", time.Time{})
	to, _, _ := p.Month("2026-11", time.Time{})
	_, err = catalog(t).Run(context.Background(), db, cfg, []string{"created"}, metrics.Query{Grain: metrics.Month, From: from, To: to, Filter: metrics.Filter{"priority": {"P9"}}})
	if !errors.Is(err, metrics.ErrFilter) || !strings.Contains(err.Error(), "priority=P9") || !strings.Contains(err.Error(), "P1") {
		t.Fatalf("unknown value: %v, want an ErrFilter naming priority=P9 and the known priorities", err)
	}
}

func cellKey(period time.Time, dims []string) string {
	return period.Format(time.DateOnly) + "|" + strings.Join(dims, "|")
}

func sameNum(a, b *float64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return fmt.Sprintf("%.9g", *a) == fmt.Sprintf("%.9g", *b)
}

// TestYearAndAllGrains: a year's cells add up the months' numerators, denominators and
// counts, and a whole range run as one period (All) adds up its days; a median over the whole
// range has the days' sample sizes summed. Every metric with a month grain runs at both.
func TestYearAndAllGrains(t *testing.T) {
	db := sampleWarehouse(t)
	cat := catalog(t)
	cfg := config.Default()
	ctx := context.Background()
	p := metrics.PeriodsOf(cfg)
	from, _, _ := p.Month("2026-01", time.Time{})
	to, _, _ := p.Month("2027-01", time.Time{})
	names := []string{"created", "resolved", "fcr", "reopen_rate", "resolution_time", "sla_resolution_attainment"}
	sum := func(rs []*metrics.Result) map[string][3]float64 { // metric|tier → num/count, den, n
		out := map[string][3]float64{}
		for _, r := range rs {
			for _, row := range r.Rows {
				k := r.Metric.Name + "|" + strings.Join(row.Dims, "|")
				c := out[k]
				switch {
				case r.Metric.Ratio():
					c[0] += *row.Numerator
					c[1] += *row.Denominator
				case r.Metric.Unit == metrics.UnitCount:
					if row.Value != nil {
						c[0] += *row.Value
					}
				case row.SampleSize != nil:
					c[2] += float64(*row.SampleSize)
				}
				out[k] = c
			}
		}
		return out
	}
	for _, c := range []struct {
		coarse, fine metrics.Grain
		from, to     time.Time
		periods      int
	}{
		{metrics.Year, metrics.Month, from, to, 1},
		{metrics.All, metrics.Day, from.AddDate(0, 7, 3), from.AddDate(0, 10, 17), 1},
	} {
		q := metrics.Query{Grain: c.coarse, From: c.from, To: c.to, By: []string{"tier"}}
		coarse, err := cat.Run(ctx, db, cfg, names, q)
		if err != nil {
			t.Fatalf("%s: %v", c.coarse, err)
		}
		q.Grain = c.fine
		fine, err := cat.Run(ctx, db, cfg, names, q)
		if err != nil {
			t.Fatalf("%s: %v", c.fine, err)
		}
		for _, r := range coarse {
			seen := map[time.Time]bool{}
			for _, row := range r.Rows {
				seen[row.Period] = true
				if c.coarse == metrics.All && !row.End.Equal(p.Start(metrics.Day, c.to.Add(-time.Nanosecond)).AddDate(0, 0, 1)) {
					t.Errorf("%s all: period ends %s, want the range's end %s", r.Metric.Name, row.End, c.to)
				}
			}
			if len(seen) != c.periods {
				t.Errorf("%s by %s: %d periods, want %d", r.Metric.Name, c.coarse, len(seen), c.periods)
			}
		}
		got, want := sum(coarse), sum(fine)
		nonzero := 0
		for k, w := range want {
			g := got[k]
			for i := range w {
				if math.Abs(g[i]-w[i]) > 1e-6 {
					t.Errorf("%s %s: %v, the %ss add up to %v", c.coarse, k, g, c.fine, w)
					break
				}
			}
			if w[0]+w[1]+w[2] > 0 {
				nonzero++
			}
		}
		if nonzero < 10 {
			t.Errorf("%s: only %d non-empty cells: the fixture does not cover the range", c.coarse, nonzero)
		}
	}
	if _, err := metrics.ParseGrain("all"); err != nil {
		t.Error(err)
	}
}
