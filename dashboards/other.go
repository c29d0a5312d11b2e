// The "Other KPIs" section: the metrics of the user's metrics_dir, which no layout names, per
// tier for the reporting period (a bar per tier, the exact figures under it).

package dashboards

import "github.com/tierlens/tierlens/metrics"

func (b *builder) other() (Section, bool) {
	if len(b.in.Results.Other) == 0 {
		return Section{}, false
	}
	s := Section{ID: "other", Title: b.t("section.other")}
	for _, m := range b.in.Catalog.Metrics() {
		r := b.in.Results.Other[m.Name]
		if r == nil {
			continue
		}
		b.note(m.Name)
		u := unitOf(m)
		id := "other-" + m.Name
		ch := Chart{ID: id, Title: m.Title, Kind: KindBar, Unit: u}
		cols := []Column{{Label: b.t("c.tier")}, {Label: b.t("pack.value"), Numeric: true}}
		if m.Ratio() {
			cols = append(cols, Column{Label: b.t("c.met"), Numeric: true}, Column{Label: b.t("c.of"), Numeric: true})
		} else {
			cols = append(cols, Column{Label: b.t("pack.sample"), Numeric: true})
		}
		tb := Table{ID: id, Title: m.Title, Columns: cols}
		rows := byDim(r, b.current(), "tier")
		if len(rows) == 0 { // a metric without a tier dimension: its one row
			for _, row := range rowsAt(r, b.current()) {
				rows[b.t("pack.all_tiers")] = row
			}
		}
		var vals []*float64
		var colors []string
		for _, t := range tierIDsOf(b, rows) {
			row := rows[t]
			v := round(conv(m, row.Value))
			ch.Categories = append(ch.Categories, t)
			colors = append(colors, b.tierColor(t))
			vals = append(vals, v)
			cells := []Cell{{Text: t, Color: b.tierColor(t)}, {Value: v, Unit: u, Note: row.Note}}
			if m.Ratio() {
				cells = append(cells, Cell{Value: row.Numerator, Unit: UnitCount}, Cell{Value: row.Denominator, Unit: UnitCount})
			} else {
				var n *float64
				if row.SampleSize != nil {
					n = num(float64(*row.SampleSize))
				}
				cells = append(cells, Cell{Value: n, Unit: UnitCount})
			}
			tb.Rows = append(tb.Rows, cells)
		}
		if len(vals) > 0 {
			ch.Series = []Series{{Name: m.Title, Kind: "bar", Color: legendSolid, Colors: colors, Values: vals, Target: b.target(m)}}
		}
		if !hasData(ch.Series) {
			ch.Empty, tb.Empty = b.t("empty.period"), b.t("empty.period")
			if r.Note != "" {
				ch.Empty, tb.Empty = r.Note, r.Note
			}
		}
		s.Charts = append(s.Charts, ch)
		s.Tables = append(s.Tables, tb)
	}
	return s, len(s.Charts) > 0
}

// otherMetrics are the catalog's metrics from the user's metrics_dir that the layout does not
// place, runnable at grain g.
func otherMetrics(cat *metrics.Catalog, lay *Layout, g metrics.Grain) []string {
	placed := map[string]bool{}
	v := resolver{cat}
	for _, p := range lay.parts() {
		placed[v.name(*p.ref)] = true
	}
	var out []string
	for _, m := range cat.Metrics() {
		if !m.Builtin && !placed[m.Name] && m.HasGrain(g) {
			out = append(out, m.Name)
		}
	}
	return out
}
