// Figures from metric results, shared by every section: desk-wide totals, rows by dimension, units, targets, titles.

package dashboards

import (
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/tierlens/tierlens/metrics"
)

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

// round keeps 10 significant digits so reports do not carry floating-point noise.
func round(v *float64) *float64 {
	if v == nil || math.IsNaN(*v) || math.IsInf(*v, 0) {
		return nil
	}
	x, _ := strconv.ParseFloat(strconv.FormatFloat(*v, 'g', 10, 64), 64)
	return &x
}

func num(v float64) *float64 { return &v }

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

func nonZero(r metrics.Row) bool {
	for _, p := range []*float64{r.Value, r.Denominator} {
		if p != nil && *p != 0 {
			return true
		}
	}
	return r.SampleSize != nil && *r.SampleSize != 0
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
