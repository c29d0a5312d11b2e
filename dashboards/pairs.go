// Per-tier pairs of bars (median and 90th percentile, response and resolution) with their tables, for the speed and SLA sections.

package dashboards

import (
	"github.com/tierlens/tierlens/metrics"
)

// perTier draws two figures per tier from the reporting period's rows (median and p90, or
// response and resolution), with the table of exact figures.
type tierPair struct {
	id, title  string
	refs       [2]Ref
	names      [2]string
	set        map[string]*metrics.Result
	showTarget bool
}

func (b *builder) tierPairChart(p tierPair) (Chart, Table) {
	ch := Chart{ID: p.id, Title: p.title, Kind: KindBar}
	tb := Table{ID: p.id, Title: p.title, Columns: []Column{{Label: b.t("c.tier")}}}
	var ms [2]*metrics.Metric
	var rows [2]map[string]metrics.Row
	for i, k := range p.refs {
		ms[i] = b.view.metric(k)
		if ms[i] == nil {
			continue
		}
		if r := p.set[ms[i].Name]; r != nil {
			b.note(ms[i].Name)
			rows[i] = byDim(r, b.current(), "tier")
		}
	}
	var unit string
	for _, m := range ms {
		if m != nil {
			unit = unitOf(m)
		}
	}
	ch.Unit = unit
	var tiers []string
	for _, t := range b.tiers {
		for i := range rows {
			if row, ok := rows[i][t.ID]; ok && row.Value != nil {
				tiers = append(tiers, t.ID)
				break
			}
		}
	}
	ch.Categories = tiers
	colors := make([]string, len(tiers))
	for i, t := range tiers {
		colors[i] = b.tierColor(t)
	}
	for i := range ms {
		if ms[i] == nil || rows[i] == nil {
			continue
		}
		vals := make([]*float64, len(tiers))
		for j, t := range tiers {
			vals[j] = round(conv(ms[i], rows[i][t].Value))
		}
		s := Series{Name: p.names[i], Kind: "bar", Color: legendSolid, Colors: colors, Light: i == 1, Values: vals}
		if p.showTarget {
			s.Target = b.target(ms[i])
		}
		ch.Series = append(ch.Series, s)
		tb.Columns = append(tb.Columns, Column{Label: p.names[i], Numeric: true})
		if ms[i].Ratio() {
			tb.Columns = append(tb.Columns, Column{Label: b.t("c.met"), Numeric: true}, Column{Label: b.t("c.of"), Numeric: true})
		} else {
			tb.Columns = append(tb.Columns, Column{Label: b.t("c.n"), Numeric: true})
		}
		if p.showTarget {
			tb.Columns = append(tb.Columns, Column{Label: b.t("s.target"), Numeric: true})
		}
	}
	for _, t := range tiers {
		row := []Cell{{Text: t, Color: b.tierColor(t)}}
		for i := range ms {
			if ms[i] == nil || rows[i] == nil {
				continue
			}
			r := rows[i][t]
			row = append(row, Cell{Value: round(conv(ms[i], r.Value)), Unit: unitOf(ms[i]), Note: r.Note})
			if ms[i].Ratio() {
				row = append(row, Cell{Value: r.Numerator, Unit: UnitCount}, Cell{Value: r.Denominator, Unit: UnitCount})
			} else {
				row = append(row, Cell{Value: sampleValue(r.SampleSize), Unit: UnitCount})
			}
			if p.showTarget {
				row = append(row, Cell{Value: round(conv(ms[i], r.Target)), Unit: unitOf(ms[i])}) // the tier's own target
			}
		}
		tb.Rows = append(tb.Rows, row)
	}
	if !hasData(ch.Series) {
		ch.Empty, tb.Empty = b.t("empty.period"), b.t("empty.period")
		if ms[0] == nil && ms[1] == nil {
			ch.Empty, tb.Empty = b.t("state.missing"), b.t("state.missing")
		} else if b.notAvailable(p.set, ms[:]...) {
			ch.Empty, tb.Empty = b.t("state.not_available"), b.t("state.not_available")
		}
	}
	return ch, tb
}
