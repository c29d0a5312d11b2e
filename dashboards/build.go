package dashboards

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/tierlens/tierlens/config"
	"github.com/tierlens/tierlens/metrics"
)

// Input is everything Build needs.
type Input struct {
	Spec    Spec
	Config  *config.Config
	Catalog *metrics.Catalog
	Results *Results
	Facts   Facts
}

// Fixed colours. Tiers take tierPalette by their position in the configuration, so a tier has
// the same colour in every chart of every report made with the same tiers.
var (
	tierPalette   = []string{"#56B4E9", "#0072B2", "#E69F00", "#CC79A7", "#D55E00", "#009E73", "#8C6D31", "#6A3D9A"}
	colorUnmapped = "#8C8C8C"
	colorNone     = "#C7C7C7"
	colorCreated  = "#4C78A8"
	colorResolved = "#59A14F"
	colorBacklog  = "#333333"
	colorMeasure2 = "#9D7660"
	colorOutcome  = map[string]string{"resolved": "#59A14F", "open": "#B0B0B0", "cancelled": "#D0D0D0"}
	colorMeasures = []string{"#4C78A8", "#F58518", "#54A24B", "#B279A2"}
	// legendSolid is the legend colour of series drawn in tier colours: solid, or pale (Light)
	legendSolid = "#555555"
)

// sameBelow is the change too small to show in a unit's format (one decimal of a percentage
// or an hour, a whole count): smaller deltas read as unchanged.
var sameBelow = map[string]float64{UnitPercent: 0.0005, UnitHours: 0.05, UnitCount: 0.5, UnitScore: 0.005}

// maxFlowSteps caps the steps of the escalation flow; longer paths end at the last step shown.
const maxFlowSteps = 6

// builder carries the state of one Build.
type builder struct {
	in      Input
	lang    string
	view    resolver // finds the metric of a layout reference
	lay     *Layout
	periods metrics.Periods
	starts  []time.Time // trend period starts, oldest first; the last is the reporting period
	tiers   []Tier
	shown   []string // metric names shown, in order of first appearance
}

// Build turns metric results and data facts into a Report. Metrics the catalog lacks, or that
// the data cannot feed, appear with an explicit state instead of a number.
func Build(in Input) (*Report, error) {
	if in.Config == nil || in.Catalog == nil || in.Results == nil {
		return nil, errors.New("build dashboard: configuration, catalog and results are required")
	}
	lang := in.Spec.Lang
	if lang == "" {
		lang = "en"
	}
	if err := CheckLang(lang); err != nil {
		return nil, fmt.Errorf("build dashboard: %w", err)
	}
	lay, err := layoutOf(in.Spec)
	if err != nil {
		return nil, fmt.Errorf("build dashboard: %w", err)
	}
	b := &builder{in: in, lang: lang, view: resolver{in.Catalog}, lay: lay, periods: metrics.PeriodsOf(in.Config)}
	b.starts = b.periods.List(in.Spec.Grain, in.Spec.TrendFrom, in.Spec.To)
	if len(b.starts) == 0 {
		return nil, fmt.Errorf("build dashboard: no %s period in [%s, %s)", in.Spec.Grain, in.Spec.TrendFrom.Format(time.DateOnly), in.Spec.To.Format(time.DateOnly))
	}
	b.tiers = b.tierList()
	r := &Report{Lang: lang, Title: in.Spec.Title, Tiers: b.tiers, Notices: []Notice{}, Tiles: []Tile{}}
	if r.Title == "" {
		r.Title = Text(lang, "title")
	}
	r.Period = b.period()
	r.Header = b.header()
	r.Tiles = b.tiles()
	r.Sections = []Section{b.volume(), b.speed(), b.sla(), b.tierSection(), b.flow(), b.vendors(), b.csat()}
	r.Notices = b.notices()
	r.Definitions = b.definitions()
	return r, nil
}

func (b *builder) t(key string) string            { return Text(b.lang, key) }
func (b *builder) tf(key string, a ...any) string { return Textf(b.lang, key, a...) }
func (b *builder) current() time.Time             { return b.starts[len(b.starts)-1] }
func (b *builder) label(start time.Time) string   { return b.periods.Label(b.in.Spec.Grain, start) }
func (b *builder) day(t time.Time) string         { return t.In(b.periods.Loc).Format(time.DateOnly) }

// note records that a metric is shown, for the definitions and the notices.
func (b *builder) note(name string) {
	if name != "" && !slices.Contains(b.shown, name) {
		b.shown = append(b.shown, name)
	}
}

func (b *builder) period() Period {
	p := Period{Grain: string(b.in.Spec.Grain), TimeZone: b.periods.Loc.String()}
	for _, s := range b.starts {
		p.Trend = append(p.Trend, b.label(s))
	}
	cur := b.current()
	p.Label = b.label(cur)
	p.First = b.day(cur)
	p.Last = b.day(b.periods.Next(b.in.Spec.Grain, cur).Add(-time.Nanosecond))
	if len(b.starts) > 1 {
		p.Previous = b.label(b.starts[len(b.starts)-2])
	}
	return p
}

// tierList is the configured tiers in order, then unmapped and (none) when any result has them.
func (b *builder) tierList() []Tier {
	var out []Tier
	for i, t := range b.in.Config.Tiers {
		out = append(out, Tier{ID: t.ID, Label: t.Label, Color: tierPalette[i%len(tierPalette)]})
	}
	seen := map[string]bool{}
	for _, set := range []map[string]*metrics.Result{b.in.Results.Trend, b.in.Results.Period} {
		for _, r := range set {
			at := slices.Index(r.Dimensions, "tier")
			if at < 0 {
				continue
			}
			for _, row := range r.Rows {
				if nonZero(row) {
					seen[row.Dims[at]] = true
				}
			}
		}
	}
	for _, f := range b.in.Facts.Flow {
		seen[f.FromTier] = true
		if f.ToTier != "" {
			seen[f.ToTier] = true
		}
	}
	if seen[config.Unmapped] {
		out = append(out, Tier{ID: config.Unmapped, Label: b.t("tier.unmapped"), Color: colorUnmapped})
	}
	if seen["(none)"] {
		out = append(out, Tier{ID: "(none)", Label: b.t("tier.none"), Color: colorNone})
	}
	return out
}

// tierColor is a tier's fixed colour (grey for a tier the configuration does not name).
func (b *builder) tierColor(id string) string {
	for _, t := range b.tiers {
		if t.ID == id {
			return t.Color
		}
	}
	return colorUnmapped
}

func nonZero(r metrics.Row) bool {
	for _, p := range []*float64{r.Value, r.Denominator} {
		if p != nil && *p != 0 {
			return true
		}
	}
	return r.SampleSize != nil && *r.SampleSize != 0
}

func (b *builder) header() Header {
	h := Header{Version: b.in.Spec.Version, DefinitionsHash: DefinitionsHash(b.in.Catalog), Sources: []Source{}}
	if ch, err := ConfigHash(b.in.Config); err == nil {
		h.ConfigHash = ch
	}
	var first, last time.Time
	for _, s := range b.in.Facts.Sources {
		hist := "events"
		switch {
		case s.Flat == s.Tickets && s.Tickets > 0:
			hist = "flat"
		case s.Flat > 0:
			hist = "mixed"
		}
		h.Sources = append(h.Sources, Source{Name: s.Name, Tickets: s.Tickets, History: hist})
		h.Tickets += s.Tickets
		if !s.FirstCreated.IsZero() && (first.IsZero() || s.FirstCreated.Before(first)) {
			first = s.FirstCreated
		}
		if s.LastChange.After(last) {
			last = s.LastChange
		}
	}
	if !first.IsZero() {
		h.DataFirst, h.DataLast = b.day(first), b.day(last)
	}
	h.Loads = len(b.in.Facts.Loads)
	for _, l := range b.in.Facts.Loads {
		h.Rejected += l.Rejected
	}
	if !b.in.Spec.Stamp.IsZero() {
		h.Generated = b.in.Spec.Stamp.In(b.periods.Loc).Format("2006-01-02 15:04 MST")
	}
	return h
}

// maxItems caps the names a notice lists.
const maxItems = 8

func (b *builder) notices() []Notice {
	out := []Notice{}
	f := b.in.Facts
	if len(f.Stale) > 0 {
		out = append(out, Notice{Kind: "stale", Text: b.tf("notice.stale"), Items: f.Stale})
	}
	if len(f.Unmapped) > 0 {
		var tickets int64
		var items []string
		groups := slices.Clone(f.Unmapped)
		sort.SliceStable(groups, func(i, j int) bool { return groups[i].Tickets > groups[j].Tickets })
		for i, g := range groups {
			tickets += g.Tickets
			if i < maxItems {
				items = append(items, b.tf("notice.tickets", g.Group, g.Tickets))
			}
		}
		if len(groups) > maxItems {
			items = append(items, fmt.Sprintf("… +%d", len(groups)-maxItems))
		}
		out = append(out, Notice{Kind: "unmapped", Text: b.tf("notice.unmapped", len(groups), tickets), Items: items})
	}
	var flat int64
	var flatSources []string
	for _, s := range f.Sources {
		if s.FlatActive > 0 {
			flat += s.FlatActive
			flatSources = append(flatSources, b.tf("notice.tickets", s.Name, s.FlatActive))
		}
	}
	if flat > 0 {
		out = append(out, Notice{Kind: "flat", Text: b.tf("notice.flat", flat), Items: flatSources})
	}
	var rejected int64
	var files []string
	for _, l := range f.Loads {
		if !l.InPeriod || l.Rejected == 0 {
			continue
		}
		rejected += l.Rejected
		var why []string
		for i, r := range l.Reasons {
			if i == 3 {
				why = append(why, "…")
				break
			}
			why = append(why, r.Reason)
		}
		files = append(files, b.tf("notice.records", l.File, l.Rejected, strings.Join(why, "; ")))
	}
	if rejected > 0 {
		out = append(out, Notice{Kind: "rejects", Text: b.tf("notice.rejects", rejected), Items: files})
	}
	if len(f.Findings) > 0 {
		var items []string
		for i, x := range f.Findings {
			if i == maxItems {
				items = append(items, fmt.Sprintf("… +%d", len(f.Findings)-maxItems))
				break
			}
			items = append(items, b.tf("notice.finding", x.Finding, x.Cases))
		}
		out = append(out, Notice{Kind: "findings", Text: b.t("notice.findings"), Items: items})
	}
	var limited []string
	for _, n := range b.shown {
		for _, set := range []map[string]*metrics.Result{b.in.Results.Trend, b.in.Results.Desk, b.in.Results.Period} {
			if r, ok := set[n]; ok && r.Note != "" {
				limited = append(limited, b.metricTitle(r.Metric)+": "+r.Note)
				break
			}
		}
	}
	failed := make([]string, 0, len(b.in.Results.Failed))
	for n, e := range b.in.Results.Failed {
		title := n
		if m, err := b.in.Catalog.Get(n); err == nil {
			title = b.metricTitle(m)
		}
		failed = append(failed, title+": "+e)
	}
	sort.Strings(failed)
	if len(failed) > 0 {
		out = append(out, Notice{Kind: "failed", Text: b.t("notice.failed"), Items: failed})
	}
	if len(limited) > 0 {
		out = append(out, Notice{Kind: "limited", Text: b.t("notice.limited"), Items: limited})
	}
	return out
}

// metricTitle is a metric's title in the report's language.
func (b *builder) metricTitle(m *metrics.Metric) string {
	if b.lang == "es" {
		if t, ok := metricTexts[b.textKey(m.Name)]; ok && t.TitleES != "" {
			return t.TitleES
		}
	}
	return m.Title
}

// textKey is the key of a metric's texts (layouts/texts.yaml): role:ROLE when it holds a
// role, else its name.
func (b *builder) textKey(name string) string {
	if m, err := b.in.Catalog.Get(name); err == nil && m.Role != "" {
		return "role:" + m.Role
	}
	return name
}

// refTitle is the title of a layout reference whether or not the catalog has its metric.
func (b *builder) refTitle(r Ref) string {
	if m := b.view.metric(r); m != nil {
		return b.metricTitle(m)
	}
	t := metricTexts[r.Key()]
	if b.lang == "es" && t.TitleES != "" {
		return t.TitleES
	}
	if title, ok := metrics.Roles[r.Role]; ok {
		return title
	}
	return r.Key()
}

// unitOf is the Report unit of a metric's values.
func unitOf(m *metrics.Metric) string {
	switch m.Unit {
	case metrics.UnitRatio:
		return UnitPercent
	case metrics.UnitMinutes, metrics.UnitHours:
		return UnitHours
	case metrics.UnitScore:
		return UnitScore
	}
	return UnitCount
}

// conv converts a metric value to its Report unit (minutes to hours).
func conv(m *metrics.Metric, v *float64) *float64 {
	if v == nil || m == nil || m.Unit != metrics.UnitMinutes {
		return v
	}
	x := *v / 60
	return &x
}

// cell is one figure of a metric: a value with what it was computed from.
type cell struct {
	Value, Num, Den *float64
	N               *int64
	Note            string
	rows            int
}

// rowsAt are the rows of r for the period starting at start.
func rowsAt(r *metrics.Result, start time.Time) []metrics.Row {
	var out []metrics.Row
	for _, row := range r.Rows {
		if row.Period.Equal(start) {
			out = append(out, row)
		}
	}
	return out
}

// total is the desk-wide figure of r for one period: the single row when r has no breakdown,
// else the tiers summed (ratios from summed numerators and denominators; values summed when
// additive: counts that add up, as the layout says). Figures that cannot be summed (medians)
// come back empty.
func total(r *metrics.Result, start time.Time, additive bool) cell {
	rows := rowsAt(r, start)
	c := cell{rows: len(rows)}
	if len(rows) == 0 {
		return c
	}
	notes := 0
	for _, row := range rows {
		if row.Note != "" {
			notes++
			c.Note = row.Note
		}
	}
	if notes < len(rows) && !strings.HasPrefix(c.Note, "only from") {
		c.Note = ""
	}
	if len(rows) == 1 {
		row := rows[0]
		return cell{Value: row.Value, Num: row.Numerator, Den: row.Denominator, N: row.SampleSize, Note: c.Note, rows: 1}
	}
	switch {
	case r.Metric.Ratio():
		c.Num, c.Den = sum(rows, func(r metrics.Row) *float64 { return r.Numerator }), sum(rows, func(r metrics.Row) *float64 { return r.Denominator })
		if c.Num != nil && c.Den != nil && *c.Den != 0 {
			v := *c.Num / *c.Den
			c.Value = &v
		}
	case additive:
		c.Value = sum(rows, func(r metrics.Row) *float64 { return r.Value })
		var n int64
		for _, row := range rows {
			if row.SampleSize != nil {
				n += *row.SampleSize
			}
		}
		c.N = &n
	}
	return c
}

func sum(rows []metrics.Row, f func(metrics.Row) *float64) *float64 {
	var s float64
	found := false
	for _, r := range rows {
		if v := f(r); v != nil {
			s += *v
			found = true
		}
	}
	if !found {
		return nil
	}
	return &s
}

// byDim is the rows of r for one period keyed by the value of dimension dim.
func byDim(r *metrics.Result, start time.Time, dim string) map[string]metrics.Row {
	out := map[string]metrics.Row{}
	if r == nil {
		return out
	}
	at := slices.Index(r.Dimensions, dim)
	if at < 0 {
		return out
	}
	for _, row := range rowsAt(r, start) {
		out[row.Dims[at]] = row
	}
	return out
}

// target is a metric's desk-wide effective target (see metrics.Catalog.SetTargets) in its
// Report unit; nil when it has none for all tiers.
func (b *builder) target(m *metrics.Metric) *float64 {
	v, ok := m.DeskTarget()
	if !ok {
		return nil
	}
	return conv(m, &v)
}

// targetText describes a metric's effective target for the definitions.
func (b *builder) targetText(m *metrics.Metric) string {
	t := m.EffectiveTarget
	if t == nil {
		return ""
	}
	u := unitOf(m)
	var parts []string
	tiers := make([]string, 0, len(t.ByTier))
	for k := range t.ByTier {
		tiers = append(tiers, k)
	}
	sort.Strings(tiers)
	for _, k := range tiers {
		v := t.ByTier[k]
		parts = append(parts, k+" "+Format(conv(m, &v), u, b.lang))
	}
	if t.All != nil {
		v := *t.All
		parts = append(parts, Format(conv(m, &v), u, b.lang))
	}
	return strings.Join(parts, ", ")
}

// RAG judges a value against its target in the metric's direction with metrics.Judge, the
// rule check and the KPI pack apply too: green when it meets the target, amber when it misses
// by no more than the amber tolerance (5 percentage points for percentages, 10% of the target
// otherwise), red beyond; "" without a value or target. unit is the Report unit.
func RAG(v, target *float64, unit, direction string) string {
	if v == nil || target == nil {
		return ""
	}
	u := metrics.UnitCount
	if unit == UnitPercent {
		u = metrics.UnitRatio
	}
	return metrics.Judge(*v, *target, u, direction).RAG
}

// tiles are the layout's tiles, in its order.
func (b *builder) tiles() []Tile {
	out := make([]Tile, 0, len(b.lay.Tiles))
	for _, r := range b.lay.Tiles {
		out = append(out, b.tile(r))
	}
	return out
}

func (b *builder) tile(ref Ref) Tile {
	m := b.view.metric(ref)
	if m == nil {
		return Tile{Metric: ref.Key(), Title: b.refTitle(ref), Unit: UnitPercent, State: StateMissing, Note: b.t("state.missing"), Spark: []*float64{}}
	}
	b.note(m.Name)
	t := Tile{Metric: m.Name, Title: b.metricTitle(m), Unit: unitOf(m), Direction: m.Direction, Spark: []*float64{}}
	r := b.in.Results.Desk[m.Name]
	if r == nil {
		r = b.in.Results.Trend[m.Name]
	}
	if r == nil {
		t.State, t.Note = StateMissing, b.t("state.missing")
		if _, failed := b.in.Results.Failed[m.Name]; failed {
			t.State, t.Note = StateFailed, b.t("state.failed")
		}
		return t
	}
	cells := make([]cell, len(b.starts))
	for i, s := range b.starts {
		cells[i] = total(r, s, ref.Desk == DeskSum)
		t.Spark = append(t.Spark, round(conv(m, cells[i].Value)))
	}
	cur := cells[len(cells)-1]
	t.Value, t.Numerator, t.Denominator, t.SampleSize = round(conv(m, cur.Value)), cur.Num, cur.Den, cur.N
	t.Target = b.target(m)
	t.RAG = RAG(t.Value, t.Target, t.Unit, m.Direction)
	if len(cells) > 1 {
		prev := cells[len(cells)-2]
		t.Previous = round(conv(m, prev.Value))
		if t.Value != nil && t.Previous != nil {
			d := *t.Value - *t.Previous
			t.Delta = round(&d)
			switch {
			case math.Abs(d) < sameBelow[t.Unit]:
				t.Better = "same"
			case (d > 0) == (m.Direction == metrics.Up):
				t.Better = "better"
			default:
				t.Better = "worse"
			}
		}
	}
	if t.Value == nil {
		t.State, t.Note = StateNoData, b.t("state.no_data")
		if strings.HasPrefix(cur.Note, metrics.NotAvailable) || strings.HasPrefix(r.Note, metrics.NotAvailable) {
			t.State, t.Note = StateNotAvailable, b.t("state.not_available")
		}
	}
	return t
}

// round keeps 10 significant digits so reports do not carry floating-point noise.
func round(v *float64) *float64 {
	if v == nil || math.IsNaN(*v) || math.IsInf(*v, 0) {
		return nil
	}
	x, _ := strconv.ParseFloat(strconv.FormatFloat(*v, 'g', 10, 64), 64)
	return &x
}

func num(v float64) *float64 { return &v }

// ---- sections ----

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

// tierIDs are the keys of m in tier order (configured tiers first, others sorted after).
func tierIDsOf[V any](b *builder, m map[string]V) []string {
	var out []string
	for _, t := range b.tiers {
		if _, ok := m[t.ID]; ok {
			out = append(out, t.ID)
		}
	}
	var rest []string
	for k := range m {
		if !slices.Contains(out, k) {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	return append(out, rest...)
}

func (b *builder) trendLabels() []string {
	out := make([]string, len(b.starts))
	for i, s := range b.starts {
		out[i] = b.label(s)
	}
	return out
}

func hasData(ss []Series) bool {
	for _, s := range ss {
		for _, v := range s.Values {
			if v != nil && *v != 0 {
				return true
			}
		}
	}
	return false
}

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

// notAvailable reports whether every given metric's result says the source cannot feed it.
func (b *builder) notAvailable(set map[string]*metrics.Result, ms ...*metrics.Metric) bool {
	found := false
	for _, m := range ms {
		if m == nil {
			continue
		}
		r := set[m.Name]
		if r == nil || !strings.HasPrefix(r.Note, metrics.NotAvailable) {
			return false
		}
		found = true
	}
	return found
}

func sampleValue(n *int64) *float64 {
	if n == nil {
		return nil
	}
	return num(float64(*n))
}

func (b *builder) speed() Section {
	s := Section{ID: "speed", Title: b.t("section.speed")}
	for _, p := range []tierPair{
		{id: "mttr", title: b.t("chart.mttr"), refs: [2]Ref{b.lay.MTTRPerTier.Median, b.lay.MTTRPerTier.P90}},
		{id: "frt", title: b.t("chart.frt"), refs: [2]Ref{b.lay.FRTPerTier.Median, b.lay.FRTPerTier.P90}},
	} {
		p.names = [2]string{b.t("s.median"), b.t("s.p90")}
		p.set = b.in.Results.Period
		ch, tb := b.tierPairChart(p)
		s.Charts = append(s.Charts, ch)
		s.Tables = append(s.Tables, tb)
	}
	return s
}

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

// ordinal is "1st" / "1.º".
func ordinal(n int, lang string) string {
	if lang == "es" {
		return strconv.Itoa(n) + ".º"
	}
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return strconv.Itoa(n) + suffix
}

func (b *builder) flow() Section {
	s := Section{ID: "flow", Title: b.t("section.flow")}
	ch := Chart{ID: "flow", Title: b.t("chart.flow"), Note: b.t("note.flow"), Kind: KindSankey, Unit: UnitCount}
	tb := Table{ID: "flow", Title: b.t("table.flow"), Columns: []Column{{Label: b.t("c.from")}, {Label: b.t("c.to")}, {Label: b.t("c.tickets"), Numeric: true}}}
	type nodeKey struct {
		step    int
		tier    string
		outcome string
	}
	nodes := map[nodeKey]FlowNode{}
	links := map[[2]string]float64{}
	maxStep := 0
	node := func(k nodeKey) FlowNode {
		if n, ok := nodes[k]; ok {
			return n
		}
		var n FlowNode
		if k.outcome != "" {
			n = FlowNode{ID: "o:" + k.outcome, Label: b.t("flow." + k.outcome), Color: colorOutcome[k.outcome]}
		} else {
			n = FlowNode{ID: "s" + strconv.Itoa(k.step) + ":" + k.tier, Label: k.tier + " (" + ordinal(k.step, b.lang) + ")", Color: b.tierColor(k.tier), Depth: k.step - 1}
		}
		nodes[k] = n
		return n
	}
	for _, f := range b.in.Facts.Flow {
		if f.Tickets <= 0 || f.FromStep < 1 || f.FromStep > maxFlowSteps {
			continue
		}
		from := node(nodeKey{step: f.FromStep, tier: f.FromTier})
		var to FlowNode
		switch {
		case f.ToTier != "" && f.FromStep < maxFlowSteps:
			to = node(nodeKey{step: f.FromStep + 1, tier: f.ToTier})
		case f.ToTier != "":
			continue // beyond the last step shown
		default:
			o := f.Outcome
			if _, ok := colorOutcome[o]; !ok {
				o = "open"
			}
			to = node(nodeKey{outcome: o})
		}
		if f.FromStep+1 > maxStep {
			maxStep = f.FromStep + 1
		}
		links[[2]string{from.ID, to.ID}] += float64(f.Tickets)
	}
	if len(links) > 0 {
		keys := make([]nodeKey, 0, len(nodes))
		for k := range nodes {
			keys = append(keys, k)
		}
		rank := func(tier string) int {
			for i, t := range b.tiers {
				if t.ID == tier {
					return i
				}
			}
			return len(b.tiers)
		}
		outcomes := []string{"resolved", "open", "cancelled"}
		sort.Slice(keys, func(i, j int) bool {
			a, c := keys[i], keys[j]
			if (a.outcome == "") != (c.outcome == "") {
				return a.outcome == ""
			}
			if a.outcome != "" {
				return slices.Index(outcomes, a.outcome) < slices.Index(outcomes, c.outcome)
			}
			if a.step != c.step {
				return a.step < c.step
			}
			if rank(a.tier) != rank(c.tier) {
				return rank(a.tier) < rank(c.tier)
			}
			return a.tier < c.tier
		})
		f := &Flow{}
		label := map[string]string{}
		order := map[string]int{}
		for i, k := range keys {
			n := nodes[k]
			if k.outcome != "" {
				n.Depth = maxStep - 1
			}
			f.Nodes = append(f.Nodes, n)
			label[n.ID] = n.Label
			order[n.ID] = i
		}
		for k, v := range links {
			f.Links = append(f.Links, FlowLink{Source: k[0], Target: k[1], Value: v})
		}
		sort.Slice(f.Links, func(i, j int) bool {
			a, c := f.Links[i], f.Links[j]
			if order[a.Source] != order[c.Source] {
				return order[a.Source] < order[c.Source]
			}
			return order[a.Target] < order[c.Target]
		})
		ch.Flow = f
		for _, l := range f.Links {
			tb.Rows = append(tb.Rows, []Cell{{Text: label[l.Source]}, {Text: label[l.Target]}, {Value: num(l.Value), Unit: UnitCount}})
		}
	} else {
		ch.Empty, tb.Empty = b.t("empty.period"), b.t("empty.period")
	}
	s.Charts = append(s.Charts, ch)
	s.Tables = append(s.Tables, tb)
	return s
}

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

func (b *builder) definitions() []Definition {
	out := []Definition{}
	for _, n := range b.shown {
		m, err := b.in.Catalog.Get(n)
		if err != nil {
			continue
		}
		key := b.textKey(n)
		mt, known := metricTexts[key]
		d := Definition{Metric: n, Title: b.metricTitle(m), Description: m.Description, Unit: unitOf(m), Direction: m.Direction, Target: b.targetText(m), File: m.File}
		if b.lang == "es" && mt.DescES != "" {
			d.Description = mt.DescES
		}
		switch {
		case known && b.lang == "es" && mt.FormulaES != "":
			d.Formula = mt.FormulaES
		case known && mt.FormulaEN != "":
			d.Formula = mt.FormulaEN
		case m.Unit == metrics.UnitRatio:
			d.Formula = b.t("formula.ratio")
		case m.Unit == metrics.UnitMinutes || m.Unit == metrics.UnitHours:
			d.Formula = b.t("formula.minutes")
		default:
			d.Formula = b.t("formula.count")
		}
		out = append(out, d)
	}
	return out
}
