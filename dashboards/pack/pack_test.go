package pack

import (
	"math"
	"testing"
	"time"

	"github.com/tierlens/tierlens/config"
	"github.com/tierlens/tierlens/dashboards"
	"github.com/tierlens/tierlens/dashboards/xlsx"
	"github.com/tierlens/tierlens/metrics"
)

func f(x float64) *float64 { return &x }

// TestSummaryRows: a time metric's cells become hours (value, target, previous, change and
// the amber band), the previous period sits beside the current one, the verdict is the
// evaluator's, and a tier without a target (the unmapped one) is left out, not judged.
func TestSummaryRows(t *testing.T) {
	cfg := config.Default()
	cat, err := metrics.LoadCatalog(cfg)
	if err != nil {
		t.Fatal(err)
	}
	m, err := cat.Get("resolution_time")
	if err != nil {
		t.Fatal(err)
	}
	if m.Unit != metrics.UnitMinutes || m.Direction != metrics.Down {
		t.Fatalf("resolution_time is %s %s: adapt the test", m.Unit, m.Direction)
	}
	loc, _ := time.LoadLocation(cfg.TimeZone)
	prev, cur := time.Date(2026, 9, 1, 0, 0, 0, 0, loc), time.Date(2026, 10, 1, 0, 0, 0, 0, loc)
	n := int64(40)
	r := &metrics.Result{Metric: m, Grain: metrics.Month, Dimensions: []string{"tier"}, Rows: []metrics.Row{
		{Period: prev, Dims: []string{"L1"}, Value: f(300), Target: f(240)},
		{Period: cur, Dims: []string{"L1"}, Value: f(250), Target: f(240), SampleSize: &n},
		{Period: cur, Dims: []string{"L2"}, Value: f(180), Target: f(240)},
		{Period: cur, Dims: []string{config.Unmapped}, Value: f(900)},
	}}
	b := &builder{in: Input{Spec: dashboards.Spec{Grain: metrics.Month, From: cur}}, loc: loc}
	got := b.summaryRows(r, "tier", prev, nil)
	if len(got) != 2 {
		t.Fatalf("%d rows, want L1 and L2 (the unmapped tier has no target): %+v", len(got), got)
	}
	l1, l2 := got[0], got[1]
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
	if l1.Tier != "L1" || l1.Unit != xlsx.UnitHours || !near(*l1.Value, 250.0/60) || !near(*l1.Target, 4) || !near(*l1.Previous, 5) ||
		!near(*l1.Delta, 250.0/60-5) || !near(l1.Amber, 0.4) || *l1.SampleSize != 40 {
		t.Errorf("L1 %+v: want hours 4.17 against 4, previous 5, amber 0.4 h, n 40", l1)
	}
	// 250 minutes against 240, lower is better: missed by 4%, within the 10% amber band
	if l1.State != xlsx.StateMissed || l2.State != xlsx.StateMet || l2.Previous != nil || l2.Delta != nil {
		t.Errorf("states %s / %s, L2 previous %v: want missed, met, none", l1.State, l2.State, l2.Previous)
	}
	// the desk-wide row takes the desk target given
	desk := &metrics.Result{Metric: m, Grain: metrics.Month, Rows: []metrics.Row{{Period: cur, Value: f(200), Dims: []string{}}}}
	d := b.summaryRows(desk, "", prev, f(240))
	if len(d) != 1 || d[0].Tier != "" || !near(*d[0].Target, 4) || d[0].State != xlsx.StateMet {
		t.Errorf("desk row %+v", d)
	}
}

// TestFlow: the matrix lists the report's tiers in their order, then any other tier that moved,
// and adds the moves up by (from, to).
func TestFlow(t *testing.T) {
	b := &builder{in: Input{
		Report: &dashboards.Report{Tiers: []dashboards.Tier{{ID: "L1"}, {ID: "L2"}, {ID: "L3"}}},
		Flow:   []Move{{"L1", "L2", 5}, {"L2", "L1", 2}, {"L1", "unmapped", 1}, {"L1", "L2", 3}},
	}}
	fm := b.flow()
	if want := []string{"L1", "L2", "L3", "unmapped"}; len(fm.Tiers) != len(want) || fm.Tiers[3] != "unmapped" || fm.Tiers[0] != "L1" {
		t.Fatalf("tiers %v, want %v", fm.Tiers, want)
	}
	if fm.Counts[0][1] != 8 || fm.Counts[1][0] != 2 || fm.Counts[0][3] != 1 || fm.Counts[2][2] != 0 {
		t.Errorf("counts %v", fm.Counts)
	}
	if (&builder{in: Input{Report: &dashboards.Report{}}}).flow() != nil {
		t.Error("no moves: want no matrix")
	}
}
