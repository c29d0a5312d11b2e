// The service levels section: SLA attainment per tier and per priority.

package dashboards

import (
	"slices"
	"sort"

	"github.com/tierlens/tierlens/metrics"
)

func (b *builder) sla() Section {
	s := Section{ID: "sla", Title: b.t("section.sla")}
	names := [2]string{b.t("s.response"), b.t("s.resolution")}
	refs := [2]Ref{b.lay.SLA.Response, b.lay.SLA.Resolution}
	ch, tb := b.tierPairChart(tierPair{id: "sla_tier", title: b.t("chart.sla_tier"), refs: refs, names: names, set: b.in.Results.Trend, showTarget: true})
	if b.view.name(refs[0]) == "" && b.view.name(refs[1]) == "" {
		ch.Empty, tb.Empty = b.t("note.sla_missing"), b.t("note.sla_missing")
	}
	s.Charts = append(s.Charts, ch)
	s.Tables = append(s.Tables, tb)
	// per priority
	pc := Chart{ID: "sla_priority", Title: b.t("chart.sla_prio"), Kind: KindBar, Unit: UnitPercent}
	pt := Table{ID: "sla_priority", Title: b.t("chart.sla_prio"), Columns: []Column{{Label: b.t("c.priority")}}}
	var ms []*metrics.Metric
	var rows []map[string]metrics.Row
	var prios []string
	for i, k := range refs {
		m := b.view.metric(k)
		r := b.in.Results.Priority[b.view.name(k)]
		if m == nil || r == nil {
			continue
		}
		b.note(m.Name)
		rs := byDim(r, b.current(), "priority")
		for p, row := range rs {
			if row.Denominator != nil && *row.Denominator > 0 && !slices.Contains(prios, p) {
				prios = append(prios, p)
			}
		}
		ms = append(ms, m)
		rows = append(rows, rs)
		pt.Columns = append(pt.Columns, Column{Label: names[i], Numeric: true}, Column{Label: b.t("c.met"), Numeric: true}, Column{Label: b.t("c.of"), Numeric: true})
	}
	sort.Strings(prios)
	pc.Categories = prios
	for i, m := range ms {
		vals := make([]*float64, len(prios))
		for j, p := range prios {
			vals[j] = round(rows[i][p].Value)
		}
		name := names[0]
		if m.Name == b.view.name(refs[1]) {
			name = names[1]
		}
		pc.Series = append(pc.Series, Series{Name: name, Kind: "bar", Color: colorMeasures[i], Values: vals, Target: b.target(m)})
	}
	for _, p := range prios {
		row := []Cell{{Text: p}}
		for i, m := range ms {
			r := rows[i][p]
			row = append(row, Cell{Value: round(r.Value), Unit: unitOf(m)}, Cell{Value: r.Numerator, Unit: UnitCount}, Cell{Value: r.Denominator, Unit: UnitCount})
		}
		pt.Rows = append(pt.Rows, row)
	}
	if !hasData(pc.Series) {
		pc.Empty, pt.Empty = b.t("empty.period"), b.t("empty.period")
		if len(ms) == 0 {
			pc.Empty, pt.Empty = b.t("note.sla_missing"), b.t("note.sla_missing")
		}
	}
	s.Charts = append(s.Charts, pc)
	s.Tables = append(s.Tables, pt)
	return s
}
