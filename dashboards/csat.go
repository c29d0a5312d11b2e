// The customer satisfaction section: positive rate and response rate per tier.

package dashboards

import (
	"github.com/tierlens/tierlens/metrics"
)

func (b *builder) csat() Section {
	s := Section{ID: "csat", Title: b.t("section.csat")}
	ch := Chart{ID: "csat", Title: b.t("chart.csat"), Kind: KindBar, Unit: UnitPercent}
	tb := Table{ID: "csat", Title: b.t("chart.csat"), Columns: []Column{{Label: b.t("c.tier")}, {Label: b.t("s.positive"), Numeric: true}, {Label: b.t("c.met"), Numeric: true}, {Label: b.t("c.responses"), Numeric: true}, {Label: b.t("c.response_rate"), Numeric: true}, {Label: b.t("c.of"), Numeric: true}}}
	pos, rate := b.in.Results.Trend[b.view.name(b.lay.CSAT.Positive)], b.in.Results.Period[b.view.name(b.lay.CSAT.Response)]
	if pos != nil {
		b.note(pos.Metric.Name)
		rows := byDim(pos, b.current(), "tier")
		rr := map[string]metrics.Row{}
		if rate != nil {
			b.note(rate.Metric.Name)
			rr = byDim(rate, b.current(), "tier")
		}
		var vals []*float64
		var colors []string
		for _, t := range tierIDsOf(b, rows) {
			row := rows[t]
			if row.Denominator == nil || *row.Denominator == 0 {
				continue
			}
			ch.Categories = append(ch.Categories, t)
			colors = append(colors, b.tierColor(t))
			vals = append(vals, round(row.Value))
			q := rr[t]
			tb.Rows = append(tb.Rows, []Cell{{Text: t, Color: b.tierColor(t)}, {Value: round(row.Value), Unit: UnitPercent}, {Value: row.Numerator, Unit: UnitCount}, {Value: row.Denominator, Unit: UnitCount},
				{Value: round(q.Value), Unit: UnitPercent}, {Value: q.Denominator, Unit: UnitCount}})
		}
		if len(vals) > 0 {
			ch.Series = []Series{{Name: b.t("s.positive"), Kind: "bar", Color: legendSolid, Colors: colors, Values: vals, Target: b.target(pos.Metric)}}
		}
	}
	if !hasData(ch.Series) {
		ch.Empty, tb.Empty = b.t("empty.period"), b.t("empty.period")
		if b.notAvailable(b.in.Results.Trend, b.view.metric(b.lay.CSAT.Positive)) {
			ch.Empty, tb.Empty = b.t("state.not_available"), b.t("state.not_available")
		}
	}
	s.Charts = append(s.Charts, ch)
	s.Tables = append(s.Tables, tb)
	return s
}
