package html

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/tierlens/tierlens/dashboards"
)

// chartSpec is what the page script gets for one chart: the ECharts option and the unit of
// each series, so its number formatters (functions, which JSON cannot carry) can be attached.
type chartSpec struct {
	Option    map[string]any `json:"option"`
	Units     []string       `json:"units"`      // per series
	AxisUnits []string       `json:"axis_units"` // per value axis
}

// chartOption builds a chart's ECharts option with go-echarts' types, then turns it into a
// plain map (a JSON round trip) so the page encodes it with HTML-safe escaping and fixed key
// order. go-echarts' own templates are not used: they embed options unescaped and turn any
// string carrying its function marker into code.
func chartOption(c dashboards.Chart, lang string) (chartSpec, error) {
	var spec chartSpec
	var raw map[string]any
	switch c.Kind {
	case dashboards.KindSankey:
		raw = sankeyOption(c)
	default:
		raw = rectOption(c, lang)
	}
	b, err := json.Marshal(raw)
	if err != nil {
		return spec, fmt.Errorf("chart %s: %w", c.ID, err)
	}
	if err := json.Unmarshal(b, &spec.Option); err != nil {
		return spec, fmt.Errorf("chart %s: %w", c.ID, err)
	}
	o := spec.Option
	delete(o, "toolbox")
	delete(o, "title") // titles are HTML headings above the chart
	o["animation"] = false
	o["textStyle"] = map[string]any{"fontFamily": fontStack}
	for _, s := range c.Series {
		spec.Units = append(spec.Units, unitOf(c, s))
	}
	if c.Kind == dashboards.KindSankey {
		spec.Units = []string{dashboards.UnitCount}
		o["tooltip"] = map[string]any{"trigger": "item"}
		delete(o, "legend")
		return spec, nil
	}
	o["tooltip"] = map[string]any{"trigger": "axis", "confine": true}
	o["legend"] = map[string]any{"top": 0, "type": "scroll"}
	o["grid"] = map[string]any{"left": 8, "right": 8, "top": 34, "bottom": 4, "containLabel": true}
	axisLabel := map[string]any{"hideOverlap": true}
	if c.ID == "vendors" || len(c.Categories) > 8 {
		axisLabel = map[string]any{"interval": 0, "rotate": 30, "width": 110, "overflow": "truncate"}
	}
	o["xAxis"] = []any{map[string]any{"type": "category", "data": nonNil(c.Categories), "axisLabel": axisLabel}}
	yAxes := []any{valueAxis(c.Unit, c.Stacked100)}
	if c.Unit2 != "" {
		y2 := valueAxis(c.Unit2, false)
		y2["splitLine"] = map[string]any{"show": false}
		yAxes = append(yAxes, y2)
	}
	o["yAxis"] = yAxes
	spec.AxisUnits = []string{c.Unit}
	if c.Unit2 != "" {
		spec.AxisUnits = append(spec.AxisUnits, c.Unit2)
	}
	return spec, nil
}

// unitLabel formats a target line's label: the value with its unit (a fixed template, no data).
var unitLabel = map[string]string{dashboards.UnitPercent: "{c}%", dashboards.UnitHours: "{c} h", dashboards.UnitCount: "{c}", dashboards.UnitScore: "{c}"}

// targetColor draws a target line in its series' colour, or dark grey for tier-coloured bars.
func targetColor(s dashboards.Series) string {
	if len(s.Colors) > 0 {
		return "#333333"
	}
	return s.Color
}

// fontStack is the system fonts the page uses: nothing is downloaded.
const fontStack = `system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif`

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func unitOf(c dashboards.Chart, s dashboards.Series) string {
	if s.Axis == 1 && c.Unit2 != "" {
		return c.Unit2
	}
	return c.Unit
}

func valueAxis(unit string, to100 bool) map[string]any {
	ax := map[string]any{"type": "value"}
	switch unit {
	case dashboards.UnitPercent:
		ax["axisLabel"] = map[string]any{"formatter": "{value}%"}
		ax["min"] = 0
		if to100 {
			ax["max"] = 100
		}
	case dashboards.UnitHours:
		ax["axisLabel"] = map[string]any{"formatter": "{value} h"}
		ax["min"] = 0
	}
	return ax
}

// scaled is a Report number as a chart draws it: percentages as 0–100, rounded for size;
// missing values are "-" (a gap).
func scaled(v *float64, unit string) any {
	if v == nil || math.IsNaN(*v) || math.IsInf(*v, 0) {
		return "-"
	}
	x := *v
	if unit == dashboards.UnitPercent {
		x *= 100
	}
	r, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'f', 3, 64), 64)
	return r
}

func rectOption(c dashboards.Chart, lang string) map[string]any {
	bar := charts.NewBar()
	bar.SetGlobalOptions(charts.WithInitializationOpts(opts.Initialization{ChartID: c.ID}))
	bar.SetXAxis(c.Categories)
	if c.Unit2 != "" {
		bar.ExtendYAxis(opts.YAxis{})
	}
	var lines []charts.Overlaper
	for _, s := range c.Series {
		unit := unitOf(c, s)
		var so []charts.SeriesOpts
		if s.Target != nil {
			so = append(so,
				charts.WithMarkLineNameYAxisItemOpts(opts.MarkLineNameYAxisItem{Name: dashboards.Text(lang, "s.target"), YAxis: scaled(s.Target, unit)}),
				charts.WithMarkLineStyleOpts(opts.MarkLineStyle{Symbol: []string{"none", "none"}, LineStyle: &opts.LineStyle{Type: "dashed", Color: targetColor(s), Width: 1.5},
					Label: &opts.Label{Show: opts.Bool(true), Position: "insideEndTop", Formatter: unitLabel[unit]}}))
		}
		if len(s.Band) == 2 {
			lo, hi := s.Band[0], s.Band[1]
			band := []any{[]any{map[string]any{"yAxis": scaled(&lo, unit)}, map[string]any{"yAxis": scaled(&hi, unit)}}}
			color := s.Color
			so = append(so, charts.WithSeriesOpts(func(ss *charts.SingleSeries) {
				ss.MarkAreas = &opts.MarkAreas{Data: band, MarkAreaStyle: opts.MarkAreaStyle{ItemStyle: &opts.ItemStyle{Color: color, Opacity: opts.Float(0.08)}}}
			}))
		}
		if s.Kind == "line" {
			data := make([]opts.LineData, len(s.Values))
			for i, v := range s.Values {
				data[i] = opts.LineData{Value: scaled(v, unit)}
			}
			l := charts.NewLine()
			l.SetXAxis(c.Categories)
			so = append(so, charts.WithLineChartOpts(opts.LineChart{YAxisIndex: s.Axis, ShowSymbol: opts.Bool(true), Symbol: "circle", SymbolSize: 6, ConnectNulls: opts.Bool(false)}),
				charts.WithItemStyleOpts(opts.ItemStyle{Color: s.Color}), charts.WithLineStyleOpts(opts.LineStyle{Color: s.Color, Width: 2}))
			l.AddSeries(s.Name, data, so...)
			lines = append(lines, l)
			continue
		}
		data := make([]opts.BarData, len(s.Values))
		for i, v := range s.Values {
			d := opts.BarData{Value: scaled(v, unit)}
			color := s.Color
			if i < len(s.Colors) && s.Colors[i] != "" {
				color = s.Colors[i]
			}
			st := &opts.ItemStyle{Color: color}
			if s.Light {
				st.Opacity = opts.Float(0.45)
			}
			d.ItemStyle = st
			data[i] = d
		}
		legend := opts.ItemStyle{Color: s.Color}
		if s.Light {
			legend.Opacity = opts.Float(0.45)
		}
		so = append(so, charts.WithBarChartOpts(opts.BarChart{Stack: s.Stack, YAxisIndex: s.Axis}), charts.WithItemStyleOpts(legend),
			charts.WithSeriesOpts(func(ss *charts.SingleSeries) { ss.BarMaxWidth = "48" }))
		bar.AddSeries(s.Name, data, so...)
	}
	bar.Overlap(lines...)
	bar.Validate()
	return bar.JSON()
}

func sankeyOption(c dashboards.Chart) map[string]any {
	s := charts.NewSankey()
	s.SetGlobalOptions(charts.WithInitializationOpts(opts.Initialization{ChartID: c.ID}))
	var nodes []opts.SankeyNode
	index := map[string]int{}
	for i, n := range c.Flow.Nodes {
		d := n.Depth
		nodes = append(nodes, opts.SankeyNode{Name: n.Label, Depth: &d, ItemStyle: &opts.ItemStyle{Color: n.Color}})
		index[n.ID] = i
	}
	var links []opts.SankeyLink
	for _, l := range c.Flow.Links {
		links = append(links, opts.SankeyLink{Source: index[l.Source], Target: index[l.Target], Value: float32(l.Value)})
	}
	s.AddSeries(c.Title, nodes, links,
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "right"}),
		charts.WithLineStyleOpts(opts.LineStyle{Color: "source", Opacity: opts.Float(0.35), Curveness: 0.5}),
		charts.WithSeriesOpts(func(ss *charts.SingleSeries) { ss.Layout = "none" }))
	s.Validate()
	o := s.JSON()
	// layout "none" is not a sankey option; the series is patched after the round trip
	return map[string]any{"series": []any{sankeySeries(o)}}
}

// sankeySeries is the sankey series as a plain map with the layout settings go-echarts has no
// fields for: nodes keep the order and depth given, labels sit beside them.
func sankeySeries(o map[string]any) map[string]any {
	b, _ := json.Marshal(o["series"])
	var ss []map[string]any
	_ = json.Unmarshal(b, &ss)
	if len(ss) == 0 {
		return map[string]any{"type": "sankey"}
	}
	s := ss[0]
	delete(s, "layout")
	s["layoutIterations"] = 0
	s["nodeAlign"] = "left"
	s["nodeGap"] = 14
	s["left"] = 8
	s["right"] = 110
	s["top"] = 16
	s["bottom"] = 16
	s["emphasis"] = map[string]any{"focus": "adjacency"}
	return s
}
