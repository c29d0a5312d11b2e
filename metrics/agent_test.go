package metrics_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tierlens/tierlens/config"
	"github.com/tierlens/tierlens/metrics"
)

// TestAgentBreakdownAddsUp: every fact has exactly one agent (its ticket's, or none), so for
// every metric and month the agents' cells add up to the desk's: numerators, denominators,
// sample sizes, and the values of counts. A metric that loses or doubles facts by agent fails.
func TestAgentBreakdownAddsUp(t *testing.T) {
	db := sampleWarehouse(t)
	cat := catalog(t)
	cfg := config.Default()
	ctx := context.Background()
	from, to := months(t, "2026-08", "2026-11")
	agents := map[string]bool{"(none)": true}
	rows, err := db.QueryContext(ctx, "SELECT DISTINCT assignee FROM tickets WHERE assignee IS NOT NULL")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			t.Fatal(err)
		}
		agents[a] = true
	}
	rows.Close()
	if len(agents) < 10 {
		t.Fatalf("the fixture names %d agents: the loader did not read them from the events", len(agents)-1)
	}
	compared, seen := 0, map[string]bool{}
	for _, m := range cat.Metrics() {
		if !m.HasDimension("agent") || !m.HasGrain(metrics.Month) {
			t.Errorf("%s: no agent dimension or month grain", m.Name)
			continue
		}
		q := metrics.Query{Grain: metrics.Month, From: from, To: to}
		desk, err := cat.Run(ctx, db, cfg, []string{m.Name}, q)
		if err != nil {
			t.Fatalf("%s: %v", m.Name, err)
		}
		q.By = []string{"agent"}
		by, err := cat.Run(ctx, db, cfg, []string{m.Name}, q)
		if err != nil {
			t.Fatalf("%s by agent: %v", m.Name, err)
		}
		ai := slices.Index(by[0].Dimensions, "agent")
		if ai < 0 {
			t.Fatalf("%s by agent: dimensions %v", m.Name, by[0].Dimensions)
		}
		// a count whose value is its sample size (not an average of counts) adds up too
		pure := m.Unit == metrics.UnitCount
		for _, r := range desk[0].Rows {
			if r.SampleSize == nil || !near(deref(r.Value), float64(*r.SampleSize)) {
				pure = false
			}
		}
		type sums struct{ num, den, value float64 }
		got := map[string]*sums{}
		n := map[string]int64{}
		for _, r := range by[0].Rows {
			a := r.Dims[ai]
			if !agents[a] {
				t.Errorf("%s: agent %q is no ticket's assignee", m.Name, a)
			}
			seen[a] = true
			dims := slices.Delete(slices.Clone(r.Dims), ai, ai+1)
			k := cellKey(r.Period, dims)
			if got[k] == nil {
				got[k] = &sums{}
			}
			got[k].num += deref(r.Numerator)
			got[k].den += deref(r.Denominator)
			got[k].value += deref(r.Value)
			if r.SampleSize != nil {
				n[k] += *r.SampleSize
			}
		}
		for _, r := range desk[0].Rows {
			k := cellKey(r.Period, r.Dims)
			g := got[k]
			if g == nil {
				g = &sums{}
			}
			if m.Ratio() {
				if !near(g.num, deref(r.Numerator)) || !near(g.den, deref(r.Denominator)) {
					t.Errorf("%s %s: agents add up to %v/%v, the desk has %s/%s", m.Name, k, g.num, g.den, fp(r.Numerator), fp(r.Denominator))
				}
			} else if r.SampleSize != nil && n[k] != *r.SampleSize {
				t.Errorf("%s %s: agents' sample sizes add up to %d, the desk's is %d", m.Name, k, n[k], *r.SampleSize)
			}
			if pure && !near(g.value, deref(r.Value)) {
				t.Errorf("%s %s: agents' counts add up to %v, the desk's is %s", m.Name, k, g.value, fp(r.Value))
			}
			compared++
		}
	}
	if compared < 100 || len(seen) < 10 {
		t.Fatalf("only %d cells and %d agents compared: the fixture does not exercise the breakdown", compared, len(seen))
	}
	t.Logf("%d desk cells compared with their agents' (%d agents)", compared, len(seen))
}

// TestAgentCountsTickets: created by agent counts what a plain query of the tickets counts
// per assignee, computed here independently of the metric files.
func TestAgentCountsTickets(t *testing.T) {
	db := sampleWarehouse(t)
	cat := catalog(t)
	cfg := config.Default()
	ctx := context.Background()
	p := metrics.PeriodsOf(cfg)
	from, to, err := p.Month("2026-10", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{}
	rows, err := db.QueryContext(ctx, "SELECT coalesce(assignee, '(none)'), count(*) FROM tickets WHERE created_at >= ? AND created_at < ? GROUP BY 1", from.UTC(), to.UTC())
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var a string
		var c float64
		if err := rows.Scan(&a, &c); err != nil {
			t.Fatal(err)
		}
		want[a] = c
	}
	rows.Close()
	res, err := cat.Run(ctx, db, cfg, []string{"created"}, metrics.Query{Grain: metrics.Month, From: from, To: to, By: []string{"agent"}})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	for _, r := range res[0].Rows {
		got[r.Dims[0]] += deref(r.Value)
	}
	for a, w := range want {
		if got[a] != w {
			t.Errorf("agent %s: created %v, the tickets table counts %v", a, got[a], w)
		}
	}
	for a, g := range got {
		if _, ok := want[a]; !ok && g != 0 {
			t.Errorf("agent %s: created %v, the tickets table has none", a, g)
		}
	}
	if len(want) < 10 {
		t.Fatalf("only %d agents in October: the fixture does not exercise the breakdown", len(want))
	}
}

func deref(p *float64) float64 {
	if p == nil {
		return 0
	}
	return *p
}

func near(a, b float64) bool {
	d := a - b
	return d < 1e-6 && d > -1e-6
}

// TestAgentOldWarehouse: a warehouse derived before agent was a dimension gets a message
// that says how to bring it up to date, not a binder error from the first metric file.
func TestAgentOldWarehouse(t *testing.T) {
	db := sampleWarehouse(t)
	cat := catalog(t)
	cfg := config.Default()
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, "ALTER TABLE ticket_facts DROP COLUMN agent"); err != nil {
		t.Fatal(err)
	}
	from := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	_, err := cat.Run(ctx, db, cfg, []string{"created"}, metrics.Query{Grain: metrics.Month, From: from, To: from.AddDate(0, 1, 0)})
	if err == nil || !strings.Contains(err.Error(), "tierlens load --rebuild") {
		t.Fatalf("want the load --rebuild advice, got %v", err)
	}
}
