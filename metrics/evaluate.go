package metrics

import "math"

// Outcomes of a KPI figure against its target: the one judgement `check`, the dashboard and
// the KPI pack all show.
const (
	OutcomeMet          = "met"           // at or better than the target
	OutcomeMissed       = "missed"        // worse than the target
	OutcomeNoData       = "no data"       // the period has nothing to measure (a ratio over 0, no samples)
	OutcomeNotAvailable = "not available" // the source does not record what the metric needs
)

// RAG statuses: Green is met; Amber is missed by no more than the amber tolerance; Red beyond.
const (
	Green = "green"
	Amber = "amber"
	Red   = "red"
)

// Amber tolerance: how far from its target a KPI may be and still be amber rather than red.
const (
	AmberRatio    = 0.05 // 5 percentage points for ratios
	AmberRelative = 0.10 // 10% of the target for every other unit
)

// noise is the relative tolerance for floating-point noise from SQL arithmetic (0.1 + 0.2 is
// 0.30000000000000004): a value this close to its target, relative to their size, is on it.
const noise = 1e-9

// Verdict is a figure judged against its target.
type Verdict struct {
	// Outcome is OutcomeMet, OutcomeMissed, OutcomeNoData or OutcomeNotAvailable; "" when there is no target.
	Outcome string
	// RAG is Green (met), Amber (missed within the amber tolerance) or Red; "" without a value
	// or a target.
	RAG string
}

// Evaluate judges a result row of m against the row's target (the metric's effective target
// for the row's tier, see Catalog.SetTargets), in the metric's direction. A row without a
// value is OutcomeNotAvailable when a note says the source cannot feed it, else OutcomeNoData.
func Evaluate(m *Metric, row Row) Verdict {
	if row.Target == nil {
		return Verdict{}
	}
	if row.Value == nil {
		if row.Note != "" {
			return Verdict{Outcome: OutcomeNotAvailable}
		}
		return Verdict{Outcome: OutcomeNoData}
	}
	return Judge(*row.Value, *row.Target, m.Unit, m.Direction)
}

// Judge is the rule every report applies to a value and its target, in the same unit:
//
//   - met when the value is on the target or better in the direction (up: higher is better,
//     down: lower is better); a value exactly on its target is met, and so is one within a
//     relative 1e-9 of it, so float noise from SQL arithmetic never turns a met target into a
//     miss;
//   - missed otherwise; a miss by no more than the amber tolerance (AmberRatio for ratios,
//     AmberRelative × |target| for other units) is Amber, a larger one Red.
//
// The tolerance does not change met or missed: amber is only a shade of missed.
func Judge(value, target float64, unit, direction string) Verdict {
	gap := value - target // positive: above the target
	if direction == Down {
		gap = -gap
	}
	eps := noise * math.Max(math.Abs(value), math.Abs(target))
	if gap >= -eps {
		return Verdict{Outcome: OutcomeMet, RAG: Green}
	}
	tol := AmberRatio
	if unit != UnitRatio {
		tol = math.Abs(target) * AmberRelative
	}
	if -gap <= tol+eps {
		return Verdict{Outcome: OutcomeMissed, RAG: Amber}
	}
	return Verdict{Outcome: OutcomeMissed, RAG: Red}
}
