// The volume section: created vs resolved with the open backlog, and backlog aging per tier.

package dashboards

import (
	"slices"
)

func (b *builder) volume() Section {
	s := Section{ID: "volume", Title: b.t("section.volume"), Charts: []Chart{}, Tables: []Table{}}
	refs := []Ref{b.lay.Volume.Created, b.lay.Volume.Resolved, b.lay.Volume.Backlog}
	names := []string{b.t("s.created"), b.t("s.resolved"), b.t("s.backlog")}
	colors := []string{colorCreated, colorResolved, colorBacklog}
	ch := Chart{ID: "volume", Title: b.t("chart.volume"), Kind: KindCombo, Unit: UnitCount, Categories: b.trendLabels()}
	tb := Table{ID: "volume", Title: b.t("chart.volume"), Columns: []Column{{Label: b.t("c.period")}}}
	var cols [][]*float64
	for i, ref := range refs {
		r := b.in.Results.Trend[b.view.name(ref)]
		if r == nil {
			continue
		}
		b.note(r.Metric.Name)
		vals := make([]*float64, len(b.starts))
		for j, st := range b.starts {
			vals[j] = round(total(r, st, true).Value) // volumes are counts that add up
		}
		kind := "bar"
		if i == 2 { // the open backlog, a stock rather than a flow
			kind = "line"
		}
		ch.Series = append(ch.Series, Series{Name: names[i], Kind: kind, Color: colors[i], Values: vals})
		tb.Columns = append(tb.Columns, Column{Label: names[i], Numeric: true})
		cols = append(cols, vals)
	}
	if !hasData(ch.Series) {
		ch.Empty = b.t("empty.period")
	}
	for j, st := range b.starts {
		row := []Cell{{Text: b.label(st)}}
		for _, c := range cols {
			row = append(row, Cell{Value: c[j], Unit: UnitCount})
		}
		tb.Rows = append(tb.Rows, row)
	}
	s.Charts = append(s.Charts, ch)
	s.Tables = append(s.Tables, tb)

	ag := Chart{ID: "aging", Title: b.t("chart.aging"), Note: b.t("note.aging"), Kind: KindBar, Unit: UnitCount}
	at := Table{ID: "aging", Title: b.t("chart.aging"), Columns: []Column{{Label: b.t("c.tier")}}}
	if r := b.in.Results.Period[b.view.name(b.lay.BacklogAging)]; r != nil {
		b.note(r.Metric.Name)
		tierAt, ageAt := slices.Index(r.Dimensions, "tier"), slices.Index(r.Dimensions, "age")
		rows := rowsAt(r, b.current())
		if ageAt >= 0 {
			grid := map[string]map[string]*float64{}
			for _, row := range rows {
				age := row.Dims[ageAt]
				if !slices.Contains(ag.Categories, age) {
					ag.Categories = append(ag.Categories, age)
				}
				tier := ""
				if tierAt >= 0 {
					tier = row.Dims[tierAt]
				}
				if grid[tier] == nil {
					grid[tier] = map[string]*float64{}
				}
				grid[tier][age] = row.Value
			}
			for _, c := range ag.Categories {
				at.Columns = append(at.Columns, Column{Label: c, Numeric: true})
			}
			at.Columns = append(at.Columns, Column{Label: b.t("c.total"), Numeric: true})
			for _, tier := range tierIDsOf(b, grid) {
				vals := make([]*float64, len(ag.Categories))
				row := []Cell{{Text: tier, Color: b.tierColor(tier)}}
				var tot float64
				for i, c := range ag.Categories {
					vals[i] = grid[tier][c]
					if vals[i] != nil {
						tot += *vals[i]
					}
					row = append(row, Cell{Value: vals[i], Unit: UnitCount})
				}
				if tot == 0 {
					continue
				}
				row = append(row, Cell{Value: num(tot), Unit: UnitCount})
				ag.Series = append(ag.Series, Series{Name: tier, Kind: "bar", Stack: "aging", Color: b.tierColor(tier), Values: vals})
				at.Rows = append(at.Rows, row)
			}
		}
	}
	if !hasData(ag.Series) {
		ag.Empty, at.Empty = b.t("empty.period"), b.t("empty.period")
	}
	s.Charts = append(s.Charts, ag)
	s.Tables = append(s.Tables, at)
	return s
}
