// What Build makes of metric results and data facts: the entry point, the period and tier lists.

package dashboards

import (
	"errors"
	"fmt"
	"slices"
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
	if o, ok := b.other(); ok {
		r.Sections = append(r.Sections, o)
	}
	r.Notices = b.notices()
	r.Definitions = b.definitions()
	return r, nil
}

func (b *builder) t(key string) string { return Text(b.lang, key) }

func (b *builder) tf(key string, a ...any) string { return Textf(b.lang, key, a...) }

func (b *builder) current() time.Time { return b.starts[len(b.starts)-1] }

func (b *builder) label(start time.Time) string { return b.periods.Label(b.in.Spec.Grain, start) }

func (b *builder) day(t time.Time) string { return t.In(b.periods.Loc).Format(time.DateOnly) }

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
