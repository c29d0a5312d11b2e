// The headline tiles: value, target and its colour, previous period, delta, sparkline.

package dashboards

import (
	"math"
	"strings"

	"github.com/tierlens/tierlens/metrics"
)

// sameBelow is the change too small to show in a unit's format (one decimal of a percentage
// or an hour, a whole count): smaller deltas read as unchanged.
var sameBelow = map[string]float64{UnitPercent: 0.0005, UnitHours: 0.05, UnitCount: 0.5, UnitScore: 0.005}

// RAG judges a value against its target in the metric's direction with metrics.Judge, the
// rule check and the KPI pack apply too: green when it meets the target, amber when it misses
// by no more than the amber tolerance (5 percentage points for percentages, 10% of the target
// otherwise), red beyond; "" without a value or target. unit is the Report unit.
func RAG(v, target *float64, unit, direction string) string {
	if v == nil || target == nil {
		return ""
	}
	u := metrics.UnitCount
	if unit == UnitPercent {
		u = metrics.UnitRatio
	}
	return metrics.Judge(*v, *target, u, direction).RAG
}

// tiles are the layout's tiles, in its order.
func (b *builder) tiles() []Tile {
	out := make([]Tile, 0, len(b.lay.Tiles))
	for _, r := range b.lay.Tiles {
		out = append(out, b.tile(r))
	}
	return out
}

func (b *builder) tile(ref Ref) Tile {
	m := b.view.metric(ref)
	if m == nil {
		return Tile{Metric: ref.Key(), Title: b.refTitle(ref), Unit: UnitPercent, State: StateMissing, Note: b.t("state.missing"), Spark: []*float64{}}
	}
	b.note(m.Name)
	t := Tile{Metric: m.Name, Title: b.metricTitle(m), Unit: unitOf(m), Direction: m.Direction, Spark: []*float64{}}
	r := b.in.Results.Desk[m.Name]
	if r == nil {
		r = b.in.Results.Trend[m.Name]
	}
	if r == nil {
		t.State, t.Note = StateMissing, b.t("state.missing")
		if _, failed := b.in.Results.Failed[m.Name]; failed {
			t.State, t.Note = StateFailed, b.t("state.failed")
		}
		return t
	}
	cells := make([]cell, len(b.starts))
	for i, s := range b.starts {
		cells[i] = total(r, s, ref.Desk == DeskSum)
		t.Spark = append(t.Spark, round(conv(m, cells[i].Value)))
	}
	cur := cells[len(cells)-1]
	t.Value, t.Numerator, t.Denominator, t.SampleSize = round(conv(m, cur.Value)), cur.Num, cur.Den, cur.N
	t.Target = b.target(m)
	t.RAG = RAG(t.Value, t.Target, t.Unit, m.Direction)
	if len(cells) > 1 {
		prev := cells[len(cells)-2]
		t.Previous = round(conv(m, prev.Value))
		if t.Value != nil && t.Previous != nil {
			d := *t.Value - *t.Previous
			t.Delta = round(&d)
			switch {
			case math.Abs(d) < sameBelow[t.Unit]:
				t.Better = "same"
			case (d > 0) == (m.Direction == metrics.Up):
				t.Better = "better"
			default:
				t.Better = "worse"
			}
		}
	}
	if t.Value == nil {
		t.State, t.Note = StateNoData, b.t("state.no_data")
		if strings.HasPrefix(cur.Note, metrics.NotAvailable) || strings.HasPrefix(r.Note, metrics.NotAvailable) {
			t.State, t.Note = StateNotAvailable, b.t("state.not_available")
		}
	}
	return t
}
