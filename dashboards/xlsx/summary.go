package xlsx

import (
	"fmt"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// Summary table columns, in order (1-based column numbers for the conditional formats).
const (
	sKPI = iota + 1
	sTier
	sValue
	sTarget
	sState
	sPrevious
	sDelta
	sDirection
	sAmber
	sNumerator
	sDenominator
	sSample
	sUnit
	sMetric
	sNote
)

// summary writes the KPI table first, under the title and a line saying the period, so that
// only three rows are frozen (a long header frozen above the table could fill the screen);
// then the legend, the data-quality notices (flagged on the second line) and what the numbers
// come from. Value cells are coloured by conditional formats comparing value and target.
func (b *book) summary(s *sheet, p *Pack) error {
	h := p.Header
	if err := s.str(1, 1, b.title, b.st.title); err != nil {
		return err
	}
	day := func(t time.Time) string {
		if t.IsZero() {
			return "?"
		}
		return t.In(b.zone).Format("2006-01-02")
	}
	sub := textf(b.lang, "h.subtitle", h.Period, day(h.First), day(h.Last), b.zone.String())
	if len(p.Notices) > 0 {
		sub += " " + b.t("h.seebelow")
	}
	if err := s.str(1, 2, sub, b.st.label); err != nil {
		return err
	}
	row := 3
	s.header = row
	cols := []string{"c.kpi", "c.tier", "c.value", "c.target", "c.state", "c.previous", "c.delta", "c.direction", "c.amber", "c.numerator", "c.denominator", "c.sample", "c.unit", "c.metric", "c.note"}
	labels := make([]string, len(cols))
	for i, c := range cols {
		labels[i] = b.t(c)
	}
	if err := s.headers(1, row, labels); err != nil {
		return err
	}
	first := row
	for _, r := range p.Summary {
		row++
		if err := b.summaryRow(s, row, r); err != nil {
			return fmt.Errorf("row %d (%s): %w", row, r.Metric, err)
		}
	}
	if len(p.Summary) > 0 {
		if err := s.table("tblSummary", 1, first, len(cols), row); err != nil {
			return err
		}
	}
	row += 2
	if err := s.str(1, row, b.t("h.legend"), b.st.label); err != nil {
		return err
	}
	row += 2
	if len(p.Notices) > 0 {
		if err := s.str(1, row, b.t("h.quality"), b.st.bold); err != nil {
			return err
		}
		row++
		for _, n := range p.Notices {
			if err := s.str(1, row, n.Text, 0); err != nil {
				return err
			}
			row++
			for _, it := range n.Items {
				if err := s.str(2, row, it, 0); err != nil {
					return err
				}
				row++
			}
		}
		row++
	}
	return b.provenance(s, row, h)
}

// provenance writes what the numbers come from, one labelled line each, from row.
func (b *book) provenance(s *sheet, row int, h Header) error {
	if err := s.str(1, row, b.t("h.about"), b.st.bold); err != nil {
		return err
	}
	row++
	filters := b.t("h.nofilters")
	if len(h.Filters) > 0 {
		filters = strings.Join(h.Filters, "; ")
	}
	lines := []struct {
		key  string
		v    any
		unit string
	}{
		{"h.period", h.Period, UnitText},
		{"h.first", h.First, UnitDate},
		{"h.last", h.Last, UnitDate},
		{"h.zone", b.zone.String(), UnitText},
		{"h.data", h.DataFirst, UnitDate},
		{"h.datalast", h.DataLast, UnitDate},
		{"h.tickets", h.Tickets, UnitCount},
		{"h.sources", strings.Join(h.Sources, "; "), UnitText},
		{"h.filters", filters, UnitText},
		{"h.config", h.ConfigHash, UnitText},
		{"h.defs", h.DefinitionsHash, UnitText},
		{"h.version", h.Version, UnitText},
	}
	if !h.Stamp.IsZero() {
		lines = append(lines, struct {
			key  string
			v    any
			unit string
		}{"h.stamp", h.Stamp, UnitDateTime})
	}
	for _, l := range lines {
		if err := s.str(1, row, b.t(l.key), b.st.label); err != nil {
			return err
		}
		// Numbers and dates count in the width (or show as ###); text runs over empty cells.
		if err := s.put(2, row, l.v, l.unit, b.st.numStyle(l.unit), l.unit != UnitText); err != nil {
			return err
		}
		row++
	}
	return nil
}

func (b *book) summaryRow(s *sheet, row int, r SummaryRow) error {
	tier := r.Tier
	if tier == "" {
		tier = b.t("tier.all")
	}
	unitLabel := b.t("unit." + r.Unit)
	var state string
	if r.State != "" {
		state = b.t("state." + r.State)
	}
	var amber any
	if r.Amber != 0 {
		amber = r.Amber
	}
	cells := []struct {
		col   int
		v     any
		unit  string
		style int
	}{
		{sKPI, r.Title, UnitText, b.st.text},
		{sTier, tier, UnitText, b.st.text},
		{sValue, r.Value, r.Unit, b.st.numStyle(r.Unit)},
		{sTarget, r.Target, r.Unit, b.st.numStyle(r.Unit)},
		{sState, state, UnitText, b.st.text},
		{sPrevious, r.Previous, r.Unit, b.st.numStyle(r.Unit)},
		{sDelta, r.Delta, r.Unit, b.st.deltaStyle(r.Unit)},
		{sDirection, b.t("dir." + r.Direction), UnitText, b.st.text},
		{sAmber, amber, r.Unit, b.st.numStyle(r.Unit)},
		{sNumerator, r.Numerator, UnitNumber, b.st.numStyle(countish(r.Numerator))},
		{sDenominator, r.Denominator, UnitNumber, b.st.numStyle(countish(r.Denominator))},
		{sSample, r.SampleSize, UnitCount, b.st.numStyle(UnitCount)},
		{sUnit, unitLabel, UnitText, b.st.text},
		{sMetric, r.Metric, UnitText, b.st.text},
		{sNote, r.Note, UnitText, b.st.text},
	}
	for _, c := range cells {
		unit := c.unit
		if c.col == sNumerator || c.col == sDenominator {
			unit = countish(c.v.(*float64))
		}
		if err := s.put(c.col, row, c.v, unit, c.style, true); err != nil {
			return err
		}
	}
	return b.rag(s, row, r.Direction)
}

// countish is the unit of a numerator or denominator: a count when whole, else a number.
func countish(v *float64) string {
	if v == nil || *v == float64(int64(*v)) {
		return UnitCount
	}
	return UnitNumber
}

// rag colours the value cell of row by conditional formats, in priority order: green when the
// value meets the target (>= for up, <= for down, as the metrics evaluator judges), amber
// when it misses by no more than the amber band, red otherwise; no colour without a value or
// a target. The rules read the row's cells, so the colour follows edits of value, target or band.
func (b *book) rag(s *sheet, row int, direction string) error {
	ref := func(col int) string {
		name, _ := excelize.ColumnNumberToName(col)
		return fmt.Sprintf("$%s%d", name, row)
	}
	v, t, a := ref(sValue), ref(sTarget), ref(sAmber)
	both := fmt.Sprintf("ISNUMBER(%s),ISNUMBER(%s)", v, t)
	var met, near string
	if direction == Down {
		met = fmt.Sprintf("AND(%s,%s<=%s)", both, v, t)
		near = fmt.Sprintf("AND(%s,%s<=%s+N(%s))", both, v, t, a)
	} else {
		met = fmt.Sprintf("AND(%s,%s>=%s)", both, v, t)
		near = fmt.Sprintf("AND(%s,%s>=%s-N(%s))", both, v, t, a)
	}
	cell := cellName(sValue, row)
	return s.b.f.SetConditionalFormat(s.name, cell+":"+cell, []excelize.ConditionalFormatOptions{
		{Type: "formula", Criteria: met, Format: &b.st.green, StopIfTrue: true},
		{Type: "formula", Criteria: near, Format: &b.st.amber, StopIfTrue: true},
		{Type: "formula", Criteria: fmt.Sprintf("AND(%s)", both), Format: &b.st.red, StopIfTrue: true},
	})
}
