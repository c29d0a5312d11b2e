// The tier performance section: the first-contact trend, resolve vs escalate, time in tier and breaches.

package dashboards

import (
	"github.com/tierlens/tierlens/metrics"
)

func (b *builder) tierSection() Section {
	s := Section{ID: "tiers", Title: b.t("section.tiers")}
	// FCR and first-level resolution trend
	ch := Chart{ID: "fcr", Title: b.t("chart.fcr"), Kind: KindLine, Unit: UnitPercent, Categories: b.trendLabels()}
	tb := Table{ID: "fcr", Title: b.t("chart.fcr"), Columns: []Column{{Label: b.t("c.period")}}}
	var cols [][]cell
	var cms []*metrics.Metric
	for i, k := range b.lay.FCRTrend {
		m := b.view.metric(k)
		if m == nil || b.in.Results.Trend[m.Name] == nil {
			continue
		}
		b.note(m.Name)
		r := b.in.Results.Trend[m.Name]
		cs := make([]cell, len(b.starts))
		vals := make([]*float64, len(b.starts))
		for j, st := range b.starts {
			cs[j] = total(r, st, false) // ratios: numerators and denominators add up
			vals[j] = round(cs[j].Value)
		}
		se := Series{Name: b.t(k.Label), Kind: "line", Color: colorMeasures[i], Values: vals, Target: b.target(m)}
		if se.Target != nil {
			se.Band = []float64{*se.Target, 1}
		}
		ch.Series = append(ch.Series, se)
		tb.Columns = append(tb.Columns, Column{Label: b.t(k.Label), Numeric: true}, Column{Label: b.t("c.met"), Numeric: true}, Column{Label: b.t("c.of"), Numeric: true})
		cols = append(cols, cs)
		cms = append(cms, m)
	}
	for j, st := range b.starts {
		row := []Cell{{Text: b.label(st)}}
		for i, c := range cols {
			row = append(row, Cell{Value: round(c[j].Value), Unit: unitOf(cms[i]), Note: c[j].Note}, Cell{Value: c[j].Num, Unit: UnitCount}, Cell{Value: c[j].Den, Unit: UnitCount})
		}
		tb.Rows = append(tb.Rows, row)
	}
	if !hasData(ch.Series) {
		ch.Empty, tb.Empty = b.t("empty.period"), b.t("empty.period")
		if b.notAvailable(b.in.Results.Trend, cms...) {
			ch.Empty, tb.Empty = b.t("state.not_available"), b.t("state.not_available")
		}
	}
	s.Charts = append(s.Charts, ch)
	s.Tables = append(s.Tables, tb)

	// resolve vs escalate
	rc := Chart{ID: "rve", Title: b.t("chart.rve"), Kind: KindBar, Unit: UnitPercent, Stacked100: true}
	rt := Table{ID: "rve", Title: b.t("chart.rve"), Columns: []Column{{Label: b.t("c.tier")}, {Label: b.t("s.resolved_at"), Numeric: true}, {Label: b.t("c.escalated"), Numeric: true}, {Label: b.t("c.rate"), Numeric: true}}}
	if r := b.in.Results.Period[b.view.name(b.lay.ResolveVsEscalate)]; r != nil {
		b.note(r.Metric.Name)
		rows := byDim(r, b.current(), "tier")
		var res, esc []*float64
		var colors []string
		for _, t := range tierIDsOf(b, rows) {
			row := rows[t]
			if row.Denominator == nil || *row.Denominator == 0 || row.Numerator == nil {
				continue
			}
			rc.Categories = append(rc.Categories, t)
			colors = append(colors, b.tierColor(t))
			share := *row.Numerator / *row.Denominator
			res = append(res, round(num(share)))
			esc = append(esc, round(num(1-share)))
			rt.Rows = append(rt.Rows, []Cell{{Text: t, Color: b.tierColor(t)}, {Value: row.Numerator, Unit: UnitCount}, {Value: num(*row.Denominator - *row.Numerator), Unit: UnitCount}, {Value: round(row.Value), Unit: UnitPercent}})
		}
		if len(rc.Categories) > 0 {
			rc.Series = []Series{
				{Name: b.t("s.resolved_at"), Kind: "bar", Stack: "rve", Color: legendSolid, Colors: colors, Values: res},
				{Name: b.t("s.escalated"), Kind: "bar", Stack: "rve", Color: legendSolid, Colors: colors, Light: true, Values: esc},
			}
		}
	}
	if !hasData(rc.Series) {
		rc.Empty, rt.Empty = b.t("empty.period"), b.t("empty.period")
		if b.notAvailable(b.in.Results.Period, b.view.metric(b.lay.ResolveVsEscalate)) {
			rc.Empty, rt.Empty = b.t("state.not_available"), b.t("state.not_available")
		}
	}
	s.Charts = append(s.Charts, rc)
	s.Tables = append(s.Tables, rt)

	// time in tier and time-limit breaches
	tc := Chart{ID: "time_in_tier", Title: b.t("chart.tit"), Kind: KindCombo, Unit: UnitHours, Unit2: UnitPercent}
	tt := Table{ID: "time_in_tier", Title: b.t("chart.tit"), Columns: []Column{{Label: b.t("c.tier")}, {Label: b.t("s.time_in_tier"), Numeric: true}, {Label: b.t("c.stays"), Numeric: true}, {Label: b.t("s.breaches"), Numeric: true}, {Label: b.t("c.met"), Numeric: true}, {Label: b.t("c.of"), Numeric: true}, {Label: b.t("c.limit"), Numeric: true}}}
	tit, br := b.in.Results.Period[b.view.name(b.lay.TimeInTier.Time)], b.in.Results.Period[b.view.name(b.lay.TimeInTier.Breaches)]
	if tit != nil || br != nil {
		var tm, bm *metrics.Metric
		rowsT, rowsB := map[string]metrics.Row{}, map[string]metrics.Row{}
		if tit != nil {
			b.note(tit.Metric.Name)
			tm, rowsT = tit.Metric, byDim(tit, b.current(), "tier")
		}
		if br != nil {
			b.note(br.Metric.Name)
			bm, rowsB = br.Metric, byDim(br, b.current(), "tier")
		}
		limits := map[string]float64{}
		for _, t := range b.in.Config.Tiers {
			if m := t.TimeLimit.Minutes(); m > 0 {
				limits[t.ID] = float64(m) / 60
			}
		}
		var colors []string
		var tv, bv []*float64
		for _, t := range b.tiers {
			rT, okT := rowsT[t.ID]
			rB, okB := rowsB[t.ID]
			if (!okT || rT.Value == nil) && (!okB || rB.Value == nil) {
				continue
			}
			tc.Categories = append(tc.Categories, t.ID)
			colors = append(colors, t.Color)
			tv = append(tv, round(conv(tm, rT.Value)))
			bv = append(bv, round(rB.Value))
			var limit *float64
			if l, ok := limits[t.ID]; ok {
				limit = num(l)
			}
			tt.Rows = append(tt.Rows, []Cell{{Text: t.ID, Color: t.Color}, {Value: round(conv(tm, rT.Value)), Unit: UnitHours}, {Value: sampleValue(rT.SampleSize), Unit: UnitCount},
				{Value: round(rB.Value), Unit: UnitPercent}, {Value: rB.Numerator, Unit: UnitCount}, {Value: rB.Denominator, Unit: UnitCount}, {Value: round(limit), Unit: UnitHours}})
		}
		if tm != nil {
			tc.Series = append(tc.Series, Series{Name: b.t("s.time_in_tier"), Kind: "bar", Color: legendSolid, Colors: colors, Values: tv})
		}
		if bm != nil {
			tc.Series = append(tc.Series, Series{Name: b.t("s.breaches"), Kind: "line", Axis: 1, Color: colorMeasure2, Values: bv})
		}
	}
	if !hasData(tc.Series) {
		tc.Empty, tt.Empty = b.t("empty.period"), b.t("empty.period")
		if b.notAvailable(b.in.Results.Period, b.view.metric(b.lay.TimeInTier.Time), b.view.metric(b.lay.TimeInTier.Breaches)) {
			tc.Empty, tt.Empty = b.t("state.not_available"), b.t("state.not_available")
		}
	}
	s.Charts = append(s.Charts, tc)
	s.Tables = append(s.Tables, tt)
	return s
}
