package xlsx

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// Trend layout: a chart is this many rows high, so a block takes at least that many.
const (
	chartRows   = 16
	chartWidth  = 560 // pixels
	chartHeight = 300
	// blocksPerPage is how many blocks a printed page holds.
	blocksPerPage = 2
)

// tierColours are the series colours, in series order (the dashboard's tier palette).
var tierColours = []string{"5470C6", "91CC75", "FAC858", "EE6666", "73C0DE", "3BA272", "FC8452", "9A60B4"}

// trend writes one block per KPI: a table of periods × tiers (and the target), and beside it a
// native chart whose series are references to those cells, so editing a number redraws it.
func (b *book) trend(s *sheet, p *Pack) error {
	if err := s.str(1, 1, b.t("t.title"), b.st.title); err != nil {
		return err
	}
	if len(p.Trend) == 0 {
		return s.str(1, 3, b.t("t.none"), b.st.label)
	}
	row := 3
	for i, blk := range p.Trend {
		// Two blocks fill a landscape page: a break before every other one keeps a chart whole.
		if i > 0 && i%blocksPerPage == 0 {
			if err := b.f.InsertPageBreak(s.name, cellName(1, row)); err != nil {
				return err
			}
		}
		next, err := b.trendBlock(s, row, i+1, blk)
		if err != nil {
			return fmt.Errorf("trend %s: %w", blk.Metric, err)
		}
		row = next
	}
	return nil
}

// trendBlock writes blk from row and returns the first row after it.
func (b *book) trendBlock(s *sheet, row, n int, blk TrendBlock) (int, error) {
	title := blk.Title
	if u := b.t("unit." + blk.Unit); blk.Unit != "" {
		title += " (" + u + ")"
	}
	if err := s.str(1, row, title, b.st.bold); err != nil {
		return 0, err
	}
	head := row + 1
	labels := []string{b.t("t.period")}
	for _, ser := range blk.Series {
		labels = append(labels, ser.Name)
	}
	if blk.Target != nil {
		labels = append(labels, b.t("t.target"))
	}
	if err := s.headers(1, head, labels); err != nil {
		return 0, err
	}
	style := b.st.numStyle(blk.Unit)
	for i, period := range blk.Periods {
		r := head + 1 + i
		if err := s.put(1, r, period, UnitText, b.st.text, true); err != nil {
			return 0, err
		}
		for j, ser := range blk.Series {
			if err := s.put(2+j, r, ser.Values[i], blk.Unit, style, true); err != nil {
				return 0, err
			}
		}
		if blk.Target != nil {
			if err := s.put(2+len(blk.Series), r, blk.Target, blk.Unit, style, true); err != nil {
				return 0, err
			}
		}
	}
	last := head + len(blk.Periods)
	if len(blk.Periods) > 0 && len(labels) > 1 {
		if err := b.trendChart(s, n, head, last, len(labels), blk); err != nil {
			return 0, err
		}
	}
	return row + max(len(blk.Periods)+2, chartRows) + 1, nil
}

// trendChart draws the block's chart beside its table: a column chart for counts, lines for
// the rest; the target, when there is one, is a dashed line series over its own column.
func (b *book) trendChart(s *sheet, n, head, last, ncols int, blk TrendBlock) error {
	ref := func(col, r0, r1 int) string {
		c, _ := excelize.ColumnNumberToName(col)
		if r0 == r1 {
			return fmt.Sprintf("%s!$%s$%d", quote(s.name), c, r0)
		}
		return fmt.Sprintf("%s!$%s$%d:$%s$%d", quote(s.name), c, r0, c, r1)
	}
	cats := ref(1, head+1, last)
	series := func(col int, colour string) excelize.ChartSeries {
		return excelize.ChartSeries{
			Name:       ref(col, head, head),
			Categories: cats,
			Values:     ref(col, head+1, last),
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colour}},
			Line:       excelize.LineOptions{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colour}}, Width: 2},
			// a marker on every point: a period with data between two without shows as a dot,
			// not as nothing (a line needs two points)
			Marker: excelize.ChartMarker{Symbol: "circle", Size: 5, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colour}}},
		}
	}
	var data []excelize.ChartSeries
	for j := range blk.Series {
		data = append(data, series(2+j, tierColours[j%len(tierColours)]))
	}
	var target *excelize.ChartSeries
	if blk.Target != nil {
		t := series(ncols, "404040")
		t.Line.Dash = excelize.LineDashDash
		t.Line.Width = 1.5
		t.Marker = excelize.ChartMarker{Symbol: "none"}
		target = &t
	}
	numFmt := numFmts[blk.Unit]
	if blk.Unit == UnitPercent {
		numFmt = "0%"
	}
	chart := &excelize.Chart{
		Type:      excelize.Line,
		Series:    data,
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: safeText(blk.Title)}}},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		Dimension: excelize.ChartDimension{Width: chartWidth, Height: chartHeight},
		Format:    excelize.GraphicOptions{Name: fmt.Sprintf("Trend %d", n), AltText: safeText(blk.Title)},
		YAxis:     excelize.ChartAxis{MajorGridLines: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: numFmt}},
	}
	var combo []*excelize.Chart
	if blk.Unit == UnitCount {
		chart.Type = excelize.Col
		if target != nil {
			combo = append(combo, &excelize.Chart{Type: excelize.Line, Series: []excelize.ChartSeries{*target}})
		}
	} else if target != nil {
		chart.Series = append(chart.Series, *target)
	}
	if len(chart.Series) == 0 {
		// Only a target: draw it alone as a line.
		chart.Type, chart.Series, combo = excelize.Line, []excelize.ChartSeries{*target}, nil
	}
	return b.f.AddChart(s.name, cellName(ncols+2, head-1), chart, combo...)
}
