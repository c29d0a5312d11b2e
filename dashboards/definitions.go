// The definitions: what every metric shown means, its formula, unit and target.

package dashboards

import (
	"github.com/tierlens/tierlens/metrics"
)

func (b *builder) definitions() []Definition {
	out := []Definition{}
	for _, n := range b.shown {
		m, err := b.in.Catalog.Get(n)
		if err != nil {
			continue
		}
		key := b.textKey(n)
		mt, known := metricTexts[key]
		d := Definition{Metric: n, Title: b.metricTitle(m), Description: m.Description, Unit: unitOf(m), Direction: m.Direction, Target: b.targetText(m), File: m.File}
		if b.lang == "es" && mt.DescES != "" {
			d.Description = mt.DescES
		}
		switch {
		case known && b.lang == "es" && mt.FormulaES != "":
			d.Formula = mt.FormulaES
		case known && mt.FormulaEN != "":
			d.Formula = mt.FormulaEN
		case m.Unit == metrics.UnitRatio:
			d.Formula = b.t("formula.ratio")
		case m.Unit == metrics.UnitMinutes || m.Unit == metrics.UnitHours:
			d.Formula = b.t("formula.minutes")
		default:
			d.Formula = b.t("formula.count")
		}
		out = append(out, d)
	}
	return out
}
