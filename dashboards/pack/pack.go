// Package pack assembles the Excel KPI pack (tierlens pack): it turns the report model the
// dashboard is built from (dashboards.Report and its metric results), a few runs of its own
// (every KPI with a target per tier, the pack's extra tables, the vendor scorecard) and the
// warehouse's ticket facts into an xlsx.Pack, which package xlsx renders. It computes no KPI
// itself: every figure is a metric result, judged by metrics.Evaluate like check and the
// dashboard judge it, and which metric goes where is the layout file's (dashboards/layouts).
package pack

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/tierlens/tierlens/config"
	"github.com/tierlens/tierlens/dashboards"
	"github.com/tierlens/tierlens/dashboards/xlsx"
	"github.com/tierlens/tierlens/metrics"
)

// Input is what a pack is assembled from.
type Input struct {
	Spec    dashboards.Spec
	Config  *config.Config
	Catalog *metrics.Catalog
	Layout  *dashboards.Layout  // the layout the report was built with
	Report  *dashboards.Report  // dashboards.Build of Results
	Results *dashboards.Results // dashboards.Collect for Spec
	Run     dashboards.Runner   // runs metrics on the warehouse, with the report's filter
	// Flow are the moves between tiers begun in the period (the pack_flow macro).
	Flow []Move
	// VendorTickets counts, per vendor, the tickets it held in the period (pack_vendors).
	VendorTickets map[string]int64
	Tickets       xlsx.Tickets
}

// Move is a number of moves from one tier to another.
type Move struct {
	From, To string
	Moves    int64
}

// Build assembles the pack.
func Build(ctx context.Context, in Input) (*xlsx.Pack, error) {
	loc, err := time.LoadLocation(in.Config.TimeZone)
	if err != nil {
		return nil, fmt.Errorf("pack: time zone %q: %w", in.Config.TimeZone, err)
	}
	b := &builder{in: in, loc: loc, periods: metrics.PeriodsOf(in.Config), used: map[string]bool{}}
	p := &xlsx.Pack{Lang: in.Spec.Lang, Zone: loc, Notices: in.Report.Notices, Tickets: in.Tickets}
	if p.Header, err = b.header(); err != nil {
		return nil, err
	}
	if p.Summary, err = b.summary(ctx); err != nil {
		return nil, err
	}
	p.Trend = b.trend()
	if p.Tiers, err = b.tiers(ctx); err != nil {
		return nil, err
	}
	p.Flow = b.flow()
	if p.Vendors, err = b.vendors(ctx); err != nil {
		return nil, err
	}
	p.Definitions = b.definitions()
	return p, nil
}

type builder struct {
	in      Input
	loc     *time.Location
	periods metrics.Periods
	used    map[string]bool // metrics the pack shows, for the Definitions sheet
}

func (b *builder) header() (xlsx.Header, error) {
	r := b.in.Report
	h := xlsx.Header{
		Title: r.Title, Period: r.Period.Label, Tickets: r.Header.Tickets,
		ConfigHash: r.Header.ConfigHash, DefinitionsHash: r.Header.DefinitionsHash, Version: r.Header.Version,
		Stamp: b.in.Spec.Stamp,
	}
	var err error
	day := func(s string) time.Time {
		if s == "" || err != nil {
			return time.Time{}
		}
		var t time.Time
		t, err = time.ParseInLocation(time.DateOnly, s, b.loc)
		return t
	}
	h.First, h.Last = day(r.Period.First), day(r.Period.Last)
	h.DataFirst, h.DataLast = day(r.Header.DataFirst), day(r.Header.DataLast)
	if err != nil {
		return h, fmt.Errorf("pack header: %w", err)
	}
	for _, s := range r.Header.Sources {
		h.Sources = append(h.Sources, fmt.Sprintf("%s: %d %s, %s", s.Name, s.Tickets, dashboards.Text(b.in.Spec.Lang, "pack.tickets"), dashboards.Text(b.in.Spec.Lang, "pack.history."+s.History)))
	}
	for _, k := range metrics.FilterKeys {
		if vs := b.in.Spec.Filter[k]; len(vs) > 0 {
			h.Filters = append(h.Filters, k+"="+strings.Join(vs, ","))
		}
	}
	return h, nil
}

// unit is the pack unit of a metric's values; scale converts a value to it (minutes to hours).
func unit(m *metrics.Metric) string {
	switch m.Unit {
	case metrics.UnitRatio:
		return xlsx.UnitPercent
	case metrics.UnitMinutes, metrics.UnitHours:
		return xlsx.UnitHours
	case metrics.UnitScore:
		return xlsx.UnitScore
	}
	return xlsx.UnitCount
}

func scale(m *metrics.Metric, v *float64) *float64 {
	if v == nil || m.Unit != metrics.UnitMinutes {
		return v
	}
	x := *v / 60
	return &x
}

// amber is the tolerance metrics.Judge allows a miss before red, in the pack unit.
func amber(m *metrics.Metric, target *float64) float64 {
	if target == nil {
		return 0
	}
	if m.Unit == metrics.UnitRatio {
		return metrics.AmberRatio
	}
	x := *target * metrics.AmberRelative
	if x < 0 {
		x = -x
	}
	if m.Unit == metrics.UnitMinutes {
		x /= 60
	}
	return x
}

// state is the pack state of an evaluator verdict.
func state(v metrics.Verdict) string {
	switch v.Outcome {
	case metrics.OutcomeMet:
		return xlsx.StateMet
	case metrics.OutcomeMissed:
		return xlsx.StateMissed
	case metrics.OutcomeNotAvailable:
		return xlsx.StateNotAvailable
	}
	return xlsx.StateNoData
}

// summary runs every KPI with a target over the period and the one before it, per tier and
// desk-wide, and judges each cell.
func (b *builder) summary(ctx context.Context) ([]xlsx.SummaryRow, error) {
	g := b.in.Spec.Grain
	prev := b.periods.Start(g, b.in.Spec.From.Add(-time.Nanosecond))
	var names []string
	for _, m := range b.in.Catalog.Metrics() {
		if m.EffectiveTarget != nil && m.HasGrain(g) {
			names = append(names, m.Name)
		}
	}
	if len(names) == 0 {
		return nil, nil
	}
	byTier, err := b.in.Run(ctx, names, metrics.Query{Grain: g, From: prev, To: b.in.Spec.To, By: []string{"tier"}, ByDefault: true})
	if err != nil {
		return nil, fmt.Errorf("pack summary: %w", err)
	}
	desk, err := b.in.Run(ctx, names, metrics.Query{Grain: g, From: prev, To: b.in.Spec.To})
	if err != nil {
		return nil, fmt.Errorf("pack summary: %w", err)
	}
	deskOf := map[string]*metrics.Result{}
	for _, r := range desk {
		deskOf[r.Metric.Name] = r
	}
	var out []xlsx.SummaryRow
	for _, r := range byTier {
		m := r.Metric
		b.used[m.Name] = true
		if d := deskOf[m.Name]; d != nil {
			if t, ok := m.DeskTarget(); ok {
				out = append(out, b.summaryRows(d, "", prev, &t)...)
			}
		}
		if slices.Contains(r.Dimensions, "tier") {
			out = append(out, b.summaryRows(r, "tier", prev, nil)...)
		}
	}
	return out, nil
}

// summaryRows are the rows of r for the reporting period, one per cell of dimension dim ("" is
// the desk-wide row, whose target is given), with the previous period's value beside each.
func (b *builder) summaryRows(r *metrics.Result, dim string, prev time.Time, deskTarget *float64) []xlsx.SummaryRow {
	m := r.Metric
	at := slices.Index(r.Dimensions, dim)
	key := func(row metrics.Row) string {
		if at < 0 {
			return ""
		}
		return row.Dims[at]
	}
	before := map[string]metrics.Row{}
	for _, row := range r.Rows {
		if row.Period.Equal(prev) {
			before[key(row)] = row
		}
	}
	var out []xlsx.SummaryRow
	for _, row := range r.Rows {
		if !row.Period.Equal(b.in.Spec.From) {
			continue
		}
		if deskTarget != nil {
			row.Target = deskTarget
		}
		if row.Target == nil {
			continue // a tier without a target (the unmapped one) is shown, never judged
		}
		s := xlsx.SummaryRow{
			Metric: m.Name, Title: m.Title, Tier: key(row), Unit: unit(m), Direction: m.Direction,
			Value: scale(m, row.Value), Target: scale(m, row.Target),
			Numerator: row.Numerator, Denominator: row.Denominator, SampleSize: row.SampleSize,
			State: state(metrics.Evaluate(m, row)), Amber: amber(m, row.Target), Note: row.Note,
		}
		if p, ok := before[key(row)]; ok {
			s.Previous = scale(m, p.Value)
			if s.Value != nil && s.Previous != nil {
				d := *s.Value - *s.Previous
				s.Delta = &d
			}
		}
		out = append(out, s)
	}
	return out
}

// trend is each headline KPI (the dashboard's tiles) per tier over the trend periods.
func (b *builder) trend() []xlsx.TrendBlock {
	var out []xlsx.TrendBlock
	labels := b.in.Report.Period.Trend
	for _, tile := range b.in.Report.Tiles {
		r := b.in.Results.Trend[tile.Metric]
		if r == nil {
			r = b.in.Results.Desk[tile.Metric]
		}
		if r == nil {
			continue
		}
		m := r.Metric
		b.used[m.Name] = true
		blk := xlsx.TrendBlock{Metric: m.Name, Title: tile.Title, Unit: unit(m), Periods: labels}
		if t, ok := m.DeskTarget(); ok {
			blk.Target = scale(m, &t)
		}
		at := slices.Index(r.Dimensions, "tier")
		series := map[string][]*float64{}
		var order []string
		for _, row := range r.Rows {
			name := dashboards.Text(b.in.Spec.Lang, "pack.all_tiers")
			if at >= 0 {
				name = row.Dims[at]
			}
			if _, ok := series[name]; !ok {
				series[name] = make([]*float64, len(labels))
				order = append(order, name)
			}
			if i := slices.Index(labels, b.periods.Label(r.Grain, row.Period)); i >= 0 {
				series[name][i] = scale(m, row.Value)
			}
		}
		for _, name := range order {
			blk.Series = append(blk.Series, xlsx.TrendSeries{Name: name, Values: series[name]})
		}
		out = append(out, blk)
	}
	return out
}

// tiers are the report's per-tier tables (the vendor and flow tables have sheets of their
// own) and the layout's extra per-tier tables.
func (b *builder) tiers(ctx context.Context) ([]xlsx.Table, error) {
	var out []xlsx.Table
	for _, s := range b.in.Report.Sections {
		for _, t := range s.Tables {
			if t.ID == sectionVendors || t.ID == sectionFlow {
				continue
			}
			if s.ID == sectionOther {
				t.Title = s.Title + ": " + t.Title
			}
			out = append(out, xlsx.TableFrom(t))
		}
	}
	var names []string
	label := map[string]string{}
	for _, ref := range b.in.Layout.Pack.TierTables {
		m := b.metric(ref)
		if m == nil || !m.HasGrain(b.in.Spec.Grain) || !m.HasDimension("tier") {
			continue
		}
		names = append(names, m.Name)
		label[m.Name] = dashboards.Text(b.in.Spec.Lang, ref.Label)
	}
	if len(names) == 0 {
		return out, nil
	}
	rs, err := b.in.Run(ctx, names, metrics.Query{Grain: b.in.Spec.Grain, From: b.in.Spec.From, To: b.in.Spec.To, By: []string{"tier"}})
	if err != nil {
		return nil, fmt.Errorf("pack tiers: %w", err)
	}
	lang := b.in.Spec.Lang
	for _, r := range rs {
		m := r.Metric
		b.used[m.Name] = true
		t := xlsx.Table{Title: label[m.Name], Columns: []xlsx.Column{{Label: dashboards.Text(lang, "pack.tier"), Unit: xlsx.UnitText}, {Label: dashboards.Text(lang, "pack.value"), Unit: unit(m)}}}
		if m.Ratio() {
			t.Columns = append(t.Columns, xlsx.Column{Label: dashboards.Text(lang, "pack.numerator"), Unit: xlsx.UnitCount}, xlsx.Column{Label: dashboards.Text(lang, "pack.denominator"), Unit: xlsx.UnitCount})
		} else {
			t.Columns = append(t.Columns, xlsx.Column{Label: dashboards.Text(lang, "pack.sample"), Unit: xlsx.UnitCount})
		}
		at := slices.Index(r.Dimensions, "tier")
		for _, row := range r.Rows {
			rec := []any{row.Dims[at], scale(m, row.Value)}
			if m.Ratio() {
				rec = append(rec, row.Numerator, row.Denominator)
			} else {
				rec = append(rec, row.SampleSize)
			}
			t.Rows = append(t.Rows, rec)
		}
		if r.Note != "" {
			t.Note = r.Note
		}
		out = append(out, t)
	}
	return out, nil
}

// The report's table ids that the pack shows on sheets of their own.
const (
	sectionVendors = "vendors"
	sectionFlow    = "flow"
	sectionOther   = "other" // the user's own metrics
)

// flow is the escalation matrix over the configured tiers (and any other tier that moved).
func (b *builder) flow() *xlsx.FlowMatrix {
	if len(b.in.Flow) == 0 {
		return nil
	}
	var tiers []string
	for _, t := range b.in.Report.Tiers {
		tiers = append(tiers, t.ID)
	}
	for _, mv := range b.in.Flow {
		for _, t := range []string{mv.From, mv.To} {
			if !slices.Contains(tiers, t) {
				tiers = append(tiers, t)
			}
		}
	}
	fm := &xlsx.FlowMatrix{Tiers: tiers, Counts: make([][]int64, len(tiers))}
	for i := range fm.Counts {
		fm.Counts[i] = make([]int64, len(tiers))
	}
	for _, mv := range b.in.Flow {
		fm.Counts[slices.Index(tiers, mv.From)][slices.Index(tiers, mv.To)] += mv.Moves
	}
	return fm
}

// vendors scores each vendor on the layout's vendor figures for the period.
func (b *builder) vendors(ctx context.Context) ([]xlsx.VendorRow, error) {
	v := b.in.Layout.Pack.Vendors
	refs := []dashboards.Ref{v.Attainment, v.Response, v.Resolution, v.ResolutionP90, v.Reopen, v.CSAT}
	var names []string
	for _, ref := range refs {
		if m := b.metric(ref); m != nil && m.HasGrain(b.in.Spec.Grain) && m.HasDimension("vendor") && !slices.Contains(names, m.Name) {
			names = append(names, m.Name)
		}
	}
	cells := map[string]map[string]*float64{} // metric → vendor → value (pack unit)
	if len(names) > 0 {
		rs, err := b.in.Run(ctx, names, metrics.Query{Grain: b.in.Spec.Grain, From: b.in.Spec.From, To: b.in.Spec.To, By: []string{"vendor"}})
		if err != nil {
			return nil, fmt.Errorf("pack vendors: %w", err)
		}
		for _, r := range rs {
			b.used[r.Metric.Name] = true
			at := slices.Index(r.Dimensions, "vendor")
			cells[r.Metric.Name] = map[string]*float64{}
			for _, row := range r.Rows {
				cells[r.Metric.Name][row.Dims[at]] = scale(r.Metric, row.Value)
			}
		}
	}
	get := func(ref dashboards.Ref, vendor string) *float64 {
		if m := b.metric(ref); m != nil && cells[m.Name] != nil {
			return cells[m.Name][vendor]
		}
		return nil
	}
	var out []xlsx.VendorRow
	for vendor, n := range b.in.VendorTickets {
		out = append(out, xlsx.VendorRow{
			Vendor: vendor, Tickets: n,
			Attainment: get(v.Attainment, vendor), Response: get(v.Response, vendor),
			ResolutionMedian: get(v.Resolution, vendor), ResolutionP90: get(v.ResolutionP90, vendor),
			ReopenRate: get(v.Reopen, vendor), CSAT: get(v.CSAT, vendor),
		})
	}
	slices.SortFunc(out, func(x, y xlsx.VendorRow) int { return strings.Compare(x.Vendor, y.Vendor) })
	return out, nil
}

func (b *builder) metric(r dashboards.Ref) *metrics.Metric {
	if r.Role != "" {
		return b.in.Catalog.ByRole(r.Role)
	}
	if r.Metric == "" {
		return nil
	}
	m, err := b.in.Catalog.Get(r.Metric)
	if err != nil {
		return nil
	}
	return m
}

// definitions explain every metric the pack shows, in catalog order: the report's formula in
// words where the dashboard has one, else the metric's description.
func (b *builder) definitions() []xlsx.DefinitionRow {
	formula := map[string]string{}
	for _, d := range b.in.Report.Definitions {
		formula[d.Metric] = d.Formula
	}
	var out []xlsx.DefinitionRow
	for _, m := range b.in.Catalog.Metrics() {
		if !b.used[m.Name] {
			continue
		}
		f := formula[m.Name]
		if f == "" {
			f = m.Description
		}
		sum := sha256.Sum256([]byte(strings.ReplaceAll(m.SQL, "\r\n", "\n")))
		out = append(out, xlsx.DefinitionRow{
			Metric: m.Name, Title: m.Title, Description: m.Description, Unit: unit(m), Direction: m.Direction,
			Formula: f, File: m.File, Hash: hex.EncodeToString(sum[:])[:12],
		})
	}
	return out
}

// TicketColumns are the Tickets sheet's columns, in the order of the pack_tickets macro's
// columns (queries/views/021_pack.sql), whose names TicketSQLColumns lists.
func TicketColumns(lang string) []xlsx.Column {
	out := make([]xlsx.Column, len(ticketColumns))
	for i, c := range ticketColumns {
		out[i] = xlsx.Column{Label: dashboards.Text(lang, "tk."+c.name), Unit: c.unit}
	}
	return out
}

// TicketSQLColumns are the names of pack_tickets' columns, for a check before streaming.
func TicketSQLColumns() []string {
	out := make([]string, len(ticketColumns))
	for i, c := range ticketColumns {
		out[i] = c.name
	}
	return out
}

var ticketColumns = []struct{ name, unit string }{
	{"number", xlsx.UnitText}, {"source", xlsx.UnitText}, {"title", xlsx.UnitText},
	{"priority", xlsx.UnitText}, {"channel", xlsx.UnitText}, {"category", xlsx.UnitText}, {"status", xlsx.UnitText},
	{"created_at", xlsx.UnitDateTime}, {"first_response_at", xlsx.UnitDateTime}, {"resolved_at", xlsx.UnitDateTime}, {"closed_at", xlsx.UnitDateTime},
	{"entry_tier", xlsx.UnitText}, {"resolving_tier", xlsx.UnitText}, {"max_tier", xlsx.UnitText},
	{"escalations", xlsx.UnitCount}, {"reassignments", xlsx.UnitCount},
	{"assignment_group", xlsx.UnitText}, {"vendor", xlsx.UnitText}, {"agent", xlsx.UnitText},
	{"first_response_hours", xlsx.UnitHours}, {"resolution_hours", xlsx.UnitHours}, {"resolution_business_hours", xlsx.UnitHours},
	{"sla_response", xlsx.UnitText}, {"sla_resolution", xlsx.UnitText},
	{"reopened", xlsx.UnitText}, {"reopened_7d", xlsx.UnitText}, {"csat", xlsx.UnitScore}, {"knowledge", xlsx.UnitText},
}
