// The vendors (L4) section: the vendor chart and scorecard.

package dashboards

import (
	"sort"

	"github.com/tierlens/tierlens/metrics"
)

func (b *builder) vendors() Section {
	s := Section{ID: "vendors", Title: b.t("section.vendors")}
	ch := Chart{ID: "vendors", Title: b.t("chart.vendors"), Kind: KindBar, Unit: UnitCount}
	tb := Table{ID: "vendors", Title: b.t("table.vendors"), Columns: []Column{{Label: b.t("c.vendor")}}}
	type col struct {
		m     *metrics.Metric
		label string
	}
	rows := map[string]map[string]metrics.Row{} // metric name → vendor → row
	vendors := map[string]bool{}
	var used []col
	for _, ref := range b.lay.VendorScorecard.Columns {
		r := b.in.Results.Vendor[b.view.name(ref)]
		if r == nil {
			continue
		}
		b.note(r.Metric.Name)
		used = append(used, col{r.Metric, b.t(ref.Label)})
		rows[r.Metric.Name] = byDim(r, b.current(), "vendor")
		for v, row := range rows[r.Metric.Name] {
			if v != "(none)" && nonZero(row) {
				vendors[v] = true
			}
		}
		tb.Columns = append(tb.Columns, Column{Label: b.t(ref.Label), Numeric: true})
	}
	names := make([]string, 0, len(vendors))
	for v := range vendors {
		names = append(names, v)
	}
	chartRes := b.in.Results.Vendor[b.view.name(b.lay.VendorScorecard.Chart)]
	chartRows := byDim(chartRes, b.current(), "vendor")
	charted := func(v string) float64 {
		if r, ok := chartRows[v]; ok && r.Value != nil {
			return *r.Value
		}
		return 0
	}
	sort.Slice(names, func(i, j int) bool {
		if charted(names[i]) != charted(names[j]) {
			return charted(names[i]) > charted(names[j])
		}
		return names[i] < names[j]
	})
	l4 := b.tierColor("L4")
	if len(b.in.Config.Tiers) > 0 {
		l4 = b.tierColor(b.in.Config.Tiers[len(b.in.Config.Tiers)-1].ID)
	}
	var vals []*float64
	for _, v := range names {
		row := []Cell{{Text: v}}
		for _, c := range used {
			r := rows[c.m.Name][v]
			row = append(row, Cell{Value: round(conv(c.m, r.Value)), Unit: unitOf(c.m), Note: r.Note})
		}
		tb.Rows = append(tb.Rows, row)
		vals = append(vals, num(charted(v)))
	}
	if chartRes != nil && len(names) > 0 {
		ch.Categories = names
		ch.Series = []Series{{Name: b.t(b.lay.VendorScorecard.Chart.Label), Kind: "bar", Color: l4, Values: vals}}
	}
	if !hasData(ch.Series) {
		ch.Empty = b.t("empty.vendors")
	}
	if len(names) == 0 {
		tb.Empty = b.t("empty.vendors")
	}
	s.Charts = append(s.Charts, ch)
	s.Tables = append(s.Tables, tb)
	return s
}
