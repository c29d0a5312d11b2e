// The layout: which metric fills which tile, chart and table, read from an embedded file.

package dashboards

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/tierlens/tierlens/metrics"
)

//go:embed layouts/weekly.yaml layouts/texts.yaml
var layoutFiles embed.FS

// Embedded layout files, by the names messages give them.
const (
	WeeklyLayoutFile = "dashboards/layouts/weekly.yaml"
	textsFile        = "dashboards/layouts/texts.yaml"
)

// How a tile's desk-wide figure is made from per-tier results (Ref.Desk).
const (
	DeskSum = "sum" // the tiers' values added up: counts that add up
	DeskRun = "run" // computed in a run of its own, without breakdown: medians and means
)

// Ref names the metric that fills a part of a layout: by name, or by the role its header
// declares (metrics.Roles). In the file: `name`, `{metric: name}` or `{role: name}`, with
// `label:` (a key of the interface texts) and, on tiles, `desk:` where the part takes them.
type Ref struct {
	Metric string
	Role   string
	Label  string
	Desk   string
	Line   int // line in the layout file, for messages
}

// Key identifies the reference in a report whether or not the catalog has its metric: the
// metric's name, or "role:" and the role.
func (r Ref) Key() string {
	if r.Role != "" {
		return "role:" + r.Role
	}
	return r.Metric
}

// UnmarshalYAML reads a name or a {metric|role, label, desk} mapping, strictly.
func (r *Ref) UnmarshalYAML(n *yaml.Node) error {
	r.Line = n.Line
	switch n.Kind {
	case yaml.ScalarNode:
		r.Metric = strings.TrimSpace(n.Value)
		return nil
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if v.Kind != yaml.ScalarNode {
				return fmt.Errorf("line %d: %s: expected text", v.Line, k.Value)
			}
			val := strings.TrimSpace(v.Value)
			switch k.Value {
			case "metric":
				r.Metric = val
			case "role":
				r.Role = val
			case "label":
				r.Label = val
			case "desk":
				r.Desk = val
			default:
				return fmt.Errorf("line %d: unknown key %q (use metric or role, and label or desk where the part takes them)", k.Line, k.Value)
			}
		}
		if (r.Metric == "") == (r.Role == "") {
			return fmt.Errorf("line %d: give a metric or a role (one of them)", n.Line)
		}
		return nil
	}
	return fmt.Errorf("line %d: expected a metric name or {metric: name} / {role: name}", n.Line)
}

// Pair is two figures per tier side by side (a median and its 90th percentile).
type Pair struct {
	Median Ref `yaml:"median"`
	P90    Ref `yaml:"p90"`
}

// Layout says which metric fills which part of the dashboard (see layouts/weekly.yaml, which
// documents each part). A part left out is drawn as missing.
type Layout struct {
	File   string `yaml:"-"`
	Tiles  []Ref  `yaml:"tiles"`
	Volume struct {
		Created  Ref `yaml:"created"`
		Resolved Ref `yaml:"resolved"`
		Backlog  Ref `yaml:"backlog"`
	} `yaml:"volume"`
	BacklogAging Ref  `yaml:"backlog_aging"`
	MTTRPerTier  Pair `yaml:"mttr_per_tier"`
	FRTPerTier   Pair `yaml:"frt_per_tier"`
	SLA          struct {
		Response   Ref `yaml:"response"`
		Resolution Ref `yaml:"resolution"`
	} `yaml:"sla"`
	FCRTrend          []Ref `yaml:"fcr_trend"`
	ResolveVsEscalate Ref   `yaml:"resolve_vs_escalate"`
	TimeInTier        struct {
		Time     Ref `yaml:"time"`
		Breaches Ref `yaml:"breaches"`
	} `yaml:"time_in_tier"`
	VendorScorecard struct {
		Chart   Ref   `yaml:"chart"`
		Columns []Ref `yaml:"columns"`
	} `yaml:"vendor_scorecard"`
	CSAT struct {
		Positive Ref `yaml:"positive"`
		Response Ref `yaml:"response"`
	} `yaml:"csat"`
	Pack PackLayout `yaml:"pack"`
}

// PackLayout is what the Excel pack (tierlens pack) shows beyond the dashboard: more per-tier
// tables, and the vendor scorecard's figures.
type PackLayout struct {
	// TierTables are metrics shown per tier on the Tiers sheet (value and sample or
	// numerator/denominator), each titled by its label.
	TierTables []Ref `yaml:"tier_tables"`
	Vendors    struct {
		Attainment    Ref `yaml:"attainment"`
		Response      Ref `yaml:"response"`
		Resolution    Ref `yaml:"resolution"`
		ResolutionP90 Ref `yaml:"resolution_p90"`
		Reopen        Ref `yaml:"reopen"`
		CSAT          Ref `yaml:"csat"`
	} `yaml:"vendors"`
}

// part is one reference of a layout with where it sits, for checks.
type part struct {
	ref        *Ref
	tile       bool // desk: is allowed
	needsLabel bool // the part shows the label
}

// parts lists every reference of l.
func (l *Layout) parts() []part {
	var out []part
	for i := range l.Tiles {
		out = append(out, part{ref: &l.Tiles[i], tile: true})
	}
	for _, r := range []*Ref{&l.Volume.Created, &l.Volume.Resolved, &l.Volume.Backlog, &l.BacklogAging,
		&l.MTTRPerTier.Median, &l.MTTRPerTier.P90, &l.FRTPerTier.Median, &l.FRTPerTier.P90,
		&l.SLA.Response, &l.SLA.Resolution, &l.ResolveVsEscalate, &l.TimeInTier.Time, &l.TimeInTier.Breaches,
		&l.CSAT.Positive, &l.CSAT.Response,
		&l.Pack.Vendors.Attainment, &l.Pack.Vendors.Response, &l.Pack.Vendors.Resolution,
		&l.Pack.Vendors.ResolutionP90, &l.Pack.Vendors.Reopen, &l.Pack.Vendors.CSAT} {
		out = append(out, part{ref: r})
	}
	for i := range l.Pack.TierTables {
		out = append(out, part{ref: &l.Pack.TierTables[i], needsLabel: true})
	}
	out = append(out, part{ref: &l.VendorScorecard.Chart, needsLabel: true}) // the chart's series
	for i := range l.FCRTrend {
		out = append(out, part{ref: &l.FCRTrend[i], needsLabel: true})
	}
	for i := range l.VendorScorecard.Columns {
		out = append(out, part{ref: &l.VendorScorecard.Columns[i], needsLabel: true})
	}
	return out
}

// LayoutError lists every problem of a layout file, one "file:line: message" per line.
type LayoutError []string

// Error is the problems, one per line.
func (e LayoutError) Error() string { return strings.Join(e, "\n") }

var yamlLineRe = regexp.MustCompile(`line (\d+): (.*)`)

// yamlProblems turns a yaml.v3 error (one or several "line N: msg") into file:line problems.
func yamlProblems(file string, err error) LayoutError {
	var out LayoutError
	for _, l := range strings.Split(err.Error(), "\n") {
		if m := yamlLineRe.FindStringSubmatch(l); m != nil {
			out = append(out, fmt.Sprintf("%s:%s: %s", file, m[1], m[2]))
		}
	}
	if len(out) == 0 {
		out = LayoutError{fmt.Sprintf("%s:1: %s", file, strings.TrimPrefix(err.Error(), "yaml: "))}
	}
	return out
}

// ParseLayout decodes a layout file strictly (unknown keys are errors) and checks what it can
// without a catalog: roles are metrics.Roles, labels are interface texts, desk is sum or run
// and only on tiles, labels where the part shows them. Every problem is reported at once.
func ParseLayout(file string, src []byte) (*Layout, error) {
	l, probs := parseLayout(file, src)
	if len(probs) > 0 {
		return nil, probs
	}
	return l, nil
}

// parseLayout is ParseLayout returning the layout (nil when it cannot be decoded) with the
// problems.
func parseLayout(file string, src []byte) (*Layout, LayoutError) {
	l := &Layout{File: file}
	dec := yaml.NewDecoder(bytes.NewReader(src))
	dec.KnownFields(true)
	if err := dec.Decode(l); err != nil && !errors.Is(err, io.EOF) {
		return nil, yamlProblems(file, err)
	}
	var probs LayoutError
	add := func(r *Ref, format string, a ...any) {
		probs = append(probs, fmt.Sprintf("%s:%d: ", file, r.Line)+fmt.Sprintf(format, a...))
	}
	for _, p := range l.parts() {
		r := p.ref
		if r.Line == 0 {
			continue // left out
		}
		if _, ok := metrics.Roles[r.Role]; r.Role != "" && !ok {
			add(r, "unknown role %q (roles: %s)", r.Role, strings.Join(roleNames(), ", "))
		}
		if r.Label != "" {
			if _, ok := messages[r.Label]; !ok {
				add(r, "label %q is not an interface text (dashboards/i18n.go)", r.Label)
			}
		} else if p.needsLabel {
			add(r, "give the %s a label (a key of the interface texts, e.g. s.resolved)", r.Key())
		}
		switch {
		case r.Desk != "" && !p.tile:
			add(r, "desk: only tiles take it")
		case r.Desk != "" && r.Desk != DeskSum && r.Desk != DeskRun:
			add(r, "desk %q: use sum (counts that add up) or run (a run of its own, for medians)", r.Desk)
		}
	}
	return l, probs
}

// ValidateLayout parses a layout file (ParseLayout) and checks it against a catalog: every
// metric it names must be in cat. Every problem is reported at once, each at its line.
func ValidateLayout(file string, src []byte, cat *metrics.Catalog) (*Layout, error) {
	l, probs := parseLayout(file, src)
	if l == nil {
		return nil, probs
	}
	for _, p := range l.parts() {
		if r := p.ref; r.Metric != "" {
			if _, err := cat.Get(r.Metric); err != nil {
				probs = append(probs, fmt.Sprintf("%s:%d: unknown metric %q (not in the metric catalog)", file, r.Line, r.Metric))
			}
		}
	}
	if len(probs) > 0 {
		sort.SliceStable(probs, func(i, j int) bool { return lineOf(probs[i]) < lineOf(probs[j]) })
		return nil, probs
	}
	return l, nil
}

// lineOf is the line number of a "file:line: message" problem.
func lineOf(p string) int {
	if m := problemLineRe.FindStringSubmatch(p); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 0
}

var problemLineRe = regexp.MustCompile(`^[^:]*:(\d+): `)

// roleNames is the known roles, sorted.
func roleNames() []string {
	out := make([]string, 0, len(metrics.Roles))
	for r := range metrics.Roles {
		out = append(out, r)
	}
	sort.Strings(out)
	return out
}

// WeeklyLayout is the built-in dashboard layout (layouts/weekly.yaml).
func WeeklyLayout() (*Layout, error) {
	b, err := layoutFiles.ReadFile("layouts/weekly.yaml")
	if err != nil {
		return nil, fmt.Errorf("read dashboard layout: %w", err)
	}
	return ParseLayout(WeeklyLayoutFile, b)
}

// CheckEmbedded validates the built-in layout and metric texts against a catalog (the
// built-in one): unknown metrics, roles, labels and keys are errors naming file and line.
func CheckEmbedded(cat *metrics.Catalog) error {
	b, err := layoutFiles.ReadFile("layouts/weekly.yaml")
	if err != nil {
		return err
	}
	if _, err := ValidateLayout(WeeklyLayoutFile, b, cat); err != nil {
		return err
	}
	texts, lines, err := readTexts()
	if err != nil {
		return err
	}
	var probs LayoutError
	for _, k := range slices.Sorted(mapKeys(texts)) {
		role, isRole := strings.CutPrefix(k, "role:")
		if _, known := metrics.Roles[role]; isRole && known {
			continue
		}
		if _, err := cat.Get(k); isRole || err != nil {
			probs = append(probs, fmt.Sprintf("%s:%d: %q is neither a metric of the catalog nor role:ROLE", textsFile, lines[k], k))
		}
	}
	if len(probs) > 0 {
		return probs
	}
	return nil
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// metricText is what the dashboard says about a metric beyond its file header: Spanish title
// and description, and its formula in plain words in both languages.
type metricText struct {
	TitleES   string `yaml:"title_es"`
	DescES    string `yaml:"description_es"`
	FormulaEN string `yaml:"formula_en"`
	FormulaES string `yaml:"formula_es"`
}

// readTexts decodes layouts/texts.yaml strictly: texts keyed by metric name or role:ROLE, and
// the line of each key.
func readTexts() (map[string]metricText, map[string]int, error) {
	b, err := layoutFiles.ReadFile("layouts/texts.yaml")
	if err != nil {
		return nil, nil, fmt.Errorf("read metric texts: %w", err)
	}
	texts := map[string]metricText{}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&texts); err != nil {
		return nil, nil, yamlProblems(textsFile, err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return nil, nil, yamlProblems(textsFile, err)
	}
	lines := map[string]int{}
	if len(doc.Content) > 0 {
		root := doc.Content[0]
		for i := 0; i+1 < len(root.Content); i += 2 {
			lines[root.Content[i].Value] = root.Content[i].Line
		}
	}
	return texts, lines, nil
}

// metricTexts are the embedded metric texts; the file is tested (TestLayoutShipped), so a
// broken one is a build defect and reads as no texts.
var metricTexts = func() map[string]metricText {
	t, _, err := readTexts()
	if err != nil {
		return map[string]metricText{}
	}
	return t
}()
