package metrics_test

import (
	"testing"

	"github.com/tierlens/tierlens/metrics"
)

// Judge is the one rule for met/missed and the RAG colours: on the target is met in both
// directions, float noise from SQL arithmetic does not make a miss, amber is a shade of missed.
func TestJudge(t *testing.T) {
	noisy := 0.1 + 0.2 // 0.30000000000000004, as SQL arithmetic produces it
	cases := []struct {
		name            string
		v, target       float64
		unit, direction string
		outcome, rag    string
	}{
		{"up on target", 0.70, 0.70, metrics.UnitRatio, metrics.Up, metrics.OutcomeMet, metrics.Green},
		{"up above", 0.71, 0.70, metrics.UnitRatio, metrics.Up, metrics.OutcomeMet, metrics.Green},
		{"up just below", 0.6999, 0.70, metrics.UnitRatio, metrics.Up, metrics.OutcomeMissed, metrics.Amber},
		{"up amber edge", 0.65, 0.70, metrics.UnitRatio, metrics.Up, metrics.OutcomeMissed, metrics.Amber},
		{"up red", 0.64, 0.70, metrics.UnitRatio, metrics.Up, metrics.OutcomeMissed, metrics.Red},
		{"down on target", 0.05, 0.05, metrics.UnitRatio, metrics.Down, metrics.OutcomeMet, metrics.Green},
		{"down below", 0.04, 0.05, metrics.UnitRatio, metrics.Down, metrics.OutcomeMet, metrics.Green},
		{"down just above", 0.0501, 0.05, metrics.UnitRatio, metrics.Down, metrics.OutcomeMissed, metrics.Amber},
		{"down red", 0.11, 0.05, metrics.UnitRatio, metrics.Down, metrics.OutcomeMissed, metrics.Red},
		{"down float noise", noisy, 0.3, metrics.UnitRatio, metrics.Down, metrics.OutcomeMet, metrics.Green},
		{"up float noise", 0.3, noisy, metrics.UnitRatio, metrics.Up, metrics.OutcomeMet, metrics.Green},
		{"minutes amber 10%", 650, 600, metrics.UnitMinutes, metrics.Down, metrics.OutcomeMissed, metrics.Amber},
		{"minutes red", 700, 600, metrics.UnitMinutes, metrics.Down, metrics.OutcomeMissed, metrics.Red},
		{"zero target met", 0, 0, metrics.UnitCount, metrics.Down, metrics.OutcomeMet, metrics.Green},
		{"zero target missed", 1, 0, metrics.UnitCount, metrics.Down, metrics.OutcomeMissed, metrics.Red},
	}
	for _, c := range cases {
		got := metrics.Judge(c.v, c.target, c.unit, c.direction)
		if got.Outcome != c.outcome || got.RAG != c.rag {
			t.Errorf("%s: Judge(%v, %v, %s, %s) = %+v, want %s/%s", c.name, c.v, c.target, c.unit, c.direction, got, c.outcome, c.rag)
		}
	}
}

func TestEvaluate(t *testing.T) {
	m := &metrics.Metric{Name: "x", Unit: metrics.UnitRatio, Direction: metrics.Up}
	f := func(v float64) *float64 { return &v }
	cases := []struct {
		name string
		row  metrics.Row
		want metrics.Verdict
	}{
		{"no target", metrics.Row{Value: f(0.5)}, metrics.Verdict{}},
		{"no data", metrics.Row{Target: f(0.5)}, metrics.Verdict{Outcome: metrics.OutcomeNoData}},
		{"not available", metrics.Row{Target: f(0.5), Note: metrics.NotAvailable + " (no replies recorded)"}, metrics.Verdict{Outcome: metrics.OutcomeNotAvailable}},
		{"met", metrics.Row{Value: f(0.5), Target: f(0.5)}, metrics.Verdict{Outcome: metrics.OutcomeMet, RAG: metrics.Green}},
		{"missed", metrics.Row{Value: f(0.2), Target: f(0.5)}, metrics.Verdict{Outcome: metrics.OutcomeMissed, RAG: metrics.Red}},
	}
	for _, c := range cases {
		if got := metrics.Evaluate(m, c.row); got != c.want {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
}
