package metrics

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/tierlens/tierlens/config"
	"github.com/tierlens/tierlens/queries"
)

// Units a metric's value can have.
const (
	UnitCount   = "count"
	UnitRatio   = "ratio"
	UnitMinutes = "minutes"
	UnitHours   = "hours"
	UnitScore   = "score"
)

// Directions: whether a higher value is better (up) or worse (down).
const (
	Up   = "up"
	Down = "down"
)

// Needs a metric can declare: data a source must record for the metric to mean anything.
const (
	NeedHistory   = "history"   // a timeline of events (not a flat export)
	NeedReplies   = "replies"   // agent and customer replies
	NeedCSAT      = "csat"      // satisfaction survey scores
	NeedKnowledge = "knowledge" // whether a knowledge article was used
	NeedResponse  = "response"  // a first response time
	NeedGroups    = "groups"    // assignment groups or tiers: without them no ticket has a tier
)

var (
	units      = []string{UnitCount, UnitRatio, UnitMinutes, UnitHours, UnitScore}
	directions = []string{Up, Down}
	needs      = []string{NeedHistory, NeedReplies, NeedCSAT, NeedKnowledge, NeedResponse, NeedGroups}
	headerKeys = []string{"name", "title", "description", "unit", "direction", "target", "grains", "dimensions", "variant_of", "needs", "role", "explain"}
	required   = []string{"name", "title", "description", "unit", "direction", "grains", "dimensions"}
	// Parameters lists the named parameters a metric file may use.
	Parameters = []string{"start", "end", "grain", "tz", "by"}
	// reserved are result columns a dimension may not be called.
	reserved = []string{"period", "value", "numerator", "denominator", "sample_size", "note", "metric", "target"}
)

// Roles a metric can declare (header key `role:`): what it stands for in reports beyond its
// name, so a report asks the catalog for "the SLA response attainment" instead of naming a file
// or guessing from names. At most one metric of a catalog holds each role. Role → what a
// metric in it measures (the title reports show while the catalog has none).
var Roles = map[string]string{
	RoleSLAResponse:   "SLA response attainment",
	RoleSLAResolution: "SLA resolution attainment",
}

// The roles of Roles.
const (
	RoleSLAResponse   = "sla_response"   // share of SLA response clocks stopped within target
	RoleSLAResolution = "sla_resolution" // share of SLA resolution clocks stopped within target
)

// ExplainFacts are the per-ticket facts a metric's definition can test (header key `explain:`,
// in the order to show them): `tierlens explain TICKET` says, for each KPI the ticket counts
// in, what these facts were, so a reader sees why it did or did not meet the definition.
var ExplainFacts = []string{
	ExplainEntry, ExplainPath, ExplainAgentReplies, ExplainCustomerReplies, ExplainGroups, ExplainReopen,
}

// The facts of ExplainFacts (columns of ticket_facts, queries/views/017_ticket_facts.sql).
const (
	ExplainEntry           = "entry"            // the tier the ticket entered at
	ExplainPath            = "path"             // the highest tier (or an unmapped group) before the first resolution
	ExplainAgentReplies    = "agent_replies"    // agent replies before the first resolution
	ExplainCustomerReplies = "customer_replies" // customer replies before the first resolution
	ExplainGroups          = "groups"           // groups that held it before the first resolution
	ExplainReopen          = "reopen"           // whether it reopened within 7 days
)

// Selectable are the dimensions a run can break metrics down by (--by), in their column order.
var Selectable = []string{"tier", "priority", "channel", "group", "vendor", "category", "source", "agent"}

// Metric is one parsed metric file.
type Metric struct {
	Name        string
	Title       string
	Description string
	Unit        string
	Direction   string
	Target      *config.Target // the file's default target; nil when it has none
	// EffectiveTarget is the target in force: the `targets:` entry of tierlens.yaml when it
	// names this metric, else the file's default (Target); nil when neither gives one. The
	// catalog sets it once (LoadCatalog, SetTargets); every report reads it from here.
	EffectiveTarget *config.Target
	// TargetSource says where EffectiveTarget came from: TargetFromConfig or TargetFromFile
	// ("" without a target).
	TargetSource string
	Grains       []Grain
	Dimensions   []string // in result column order
	VariantOf    string   // the metric this one is a labelled variant of
	Needs        []string
	Role         string   // what the metric stands for in reports (see Roles); "" for none
	Explain      []string // the per-ticket facts its definition tests (see ExplainFacts)
	SQL          string   // the whole file, header included
	File         string   // where it came from, for messages
	Builtin      bool     // embedded in the binary (queries/metrics)

	headerLine int            // line of the opening `-- ---`
	bodyLine   int            // first line after the header
	keyLines   map[string]int // line of each header key
	params     []string       // the parameters the SQL uses, in order of first use
}

// Ratio reports whether the metric's result carries numerator and denominator (ratios) rather
// than sample_size.
func (m *Metric) Ratio() bool { return m.Unit == UnitRatio }

// HasDimension reports whether the metric declares dimension d.
func (m *Metric) HasDimension(d string) bool { return slices.Contains(m.Dimensions, d) }

// Fixed lists the declared dimensions that are not selectable: breakdowns always present.
func (m *Metric) Fixed() []string {
	var out []string
	for _, d := range m.Dimensions {
		if !slices.Contains(Selectable, d) {
			out = append(out, d)
		}
	}
	return out
}

// HasGrain reports whether the metric can run at grain g.
//
// A metric that runs by month also runs by year and over a whole range (All): both are whole
// months or days of the same facts, so its file need not list them.
func (m *Metric) HasGrain(g Grain) bool {
	if (g == Year || g == All) && !slices.Contains(m.Grains, g) {
		return slices.Contains(m.Grains, Month)
	}
	return slices.Contains(m.Grains, g)
}

// Columns is the result contract: the columns the SQL must return, in order.
func (m *Metric) Columns() []string {
	cols := append([]string{"period"}, m.Dimensions...)
	cols = append(cols, "value")
	if m.Ratio() {
		return append(cols, "numerator", "denominator")
	}
	return append(cols, "sample_size")
}

// Problem is one thing wrong with a metric file, at a line of it.
type Problem struct {
	File string
	Line int
	Msg  string
}

// String is "file:line: message".
func (p Problem) String() string { return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg) }

// Problems are every problem found, reported at once; it is an error.
type Problems []Problem

// Error lists every problem, one per line.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

func (ps Problems) sort() {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].File != ps[j].File {
			return ps[i].File < ps[j].File
		}
		return ps[i].Line < ps[j].Line
	})
}

// Where a metric's effective target comes from (Metric.TargetSource).
const (
	TargetFromConfig = "config"      // the targets: section of tierlens.yaml
	TargetFromFile   = "metric file" // the target: key of the metric file's header
)

// TargetFor is the metric's effective target for one tier (a per-tier value, else the value for
// every tier), and whether there is one.
func (m *Metric) TargetFor(tier string) (float64, bool) {
	if m.EffectiveTarget == nil {
		return 0, false
	}
	return m.EffectiveTarget.For(tier)
}

// DeskTarget is the metric's effective target for the whole desk (all tiers together): the
// value for every tier, and whether there is one. A target given only per tier has none.
func (m *Metric) DeskTarget() (float64, bool) {
	if m.EffectiveTarget == nil || m.EffectiveTarget.All == nil {
		return 0, false
	}
	return *m.EffectiveTarget.All, true
}

// SetTargets applies configured targets (tierlens.yaml `targets:`, by metric name) over the
// metric files' defaults: afterwards every metric's EffectiveTarget and TargetSource say what
// is in force. Metrics the map does not name keep their file's default. LoadCatalog calls it;
// call it yourself only on a catalog made with Load.
func (c *Catalog) SetTargets(targets map[string]config.Target) {
	for _, m := range c.metrics {
		m.EffectiveTarget, m.TargetSource = nil, ""
		if t, ok := targets[m.Name]; ok {
			m.EffectiveTarget, m.TargetSource = &t, TargetFromConfig
		} else if m.Target != nil {
			m.EffectiveTarget, m.TargetSource = m.Target, TargetFromFile
		}
	}
}

// ErrUnknownMetric is returned (wrapped) when a name is not in the catalog.
var ErrUnknownMetric = errors.New("unknown metric")

// Catalog is the set of metrics, sorted by name.
type Catalog struct {
	metrics []*Metric
	byName  map[string]*Metric
}

// Metrics lists the metrics sorted by name.
func (c *Catalog) Metrics() []*Metric { return slices.Clone(c.metrics) }

// Names lists the metric names, sorted.
func (c *Catalog) Names() []string {
	out := make([]string, len(c.metrics))
	for i, m := range c.metrics {
		out[i] = m.Name
	}
	return out
}

// Get returns the metric called name.
func (c *Catalog) Get(name string) (*Metric, error) {
	if m, ok := c.byName[name]; ok {
		return m, nil
	}
	return nil, fmt.Errorf("%w %q: the catalog has %s", ErrUnknownMetric, name, strings.Join(c.Names(), ", "))
}

// ByRole returns the metric whose header declares role (see Roles), or nil.
func (c *Catalog) ByRole(role string) *Metric {
	for _, m := range c.metrics {
		if m.Role == role {
			return m
		}
	}
	return nil
}

// Variants lists the metrics that are variants of name, sorted.
func (c *Catalog) Variants(name string) []string {
	var out []string
	for _, m := range c.metrics {
		if m.VariantOf == name {
			out = append(out, m.Name)
		}
	}
	return out
}

// BuiltinDir is where the embedded metric files are, in queries.FS() and in messages.
const BuiltinDir = "queries/metrics"

// LoadCatalog reads the built-in metrics and those in cfg.MetricsDir (relative to the
// configuration file). With problems, it returns the catalog of the metrics that parsed and
// a Problems error listing every problem.
func LoadCatalog(cfg *config.Config) (*Catalog, error) {
	dir := ""
	if cfg != nil && cfg.MetricsDir != "" {
		dir = cfg.MetricsDir
		if !filepath.IsAbs(dir) && cfg.Path != "" {
			dir = filepath.Join(filepath.Dir(cfg.Path), dir)
		}
	}
	sub, err := fs.Sub(queries.FS(), "metrics")
	if err != nil {
		return nil, fmt.Errorf("load metric catalog: %w", err)
	}
	c, err := Load(sub, dir)
	if c != nil && cfg != nil {
		c.SetTargets(cfg.Targets)
	}
	return c, err
}

// Load reads the metric files of builtin (a directory of *.sql, named BuiltinDir in messages)
// and of the directory userDir (none when empty). Files whose name starts with "_" are helpers,
// not metrics. All problems are reported at once; the catalog holds the metrics that parsed.
func Load(builtin fs.FS, userDir string) (*Catalog, error) {
	var all []*Metric
	var probs Problems
	names, err := fs.Glob(builtin, "*.sql")
	if err != nil {
		return nil, fmt.Errorf("load metric catalog: %w", err)
	}
	sort.Strings(names)
	for _, n := range names {
		if strings.HasPrefix(n, "_") {
			continue
		}
		b, err := fs.ReadFile(builtin, n)
		if err != nil {
			return nil, fmt.Errorf("load metric catalog: %w", err)
		}
		m, ps := Parse(path.Join(BuiltinDir, n), b)
		probs = append(probs, ps...)
		if m != nil {
			m.Builtin = true
			all = append(all, m)
		}
	}
	if userDir != "" {
		entries, err := os.ReadDir(userDir)
		if err != nil {
			return nil, fmt.Errorf("load metrics_dir: %w", err)
		}
		for _, e := range entries {
			n := e.Name()
			if e.IsDir() || !strings.HasSuffix(n, ".sql") || strings.HasPrefix(n, "_") {
				continue
			}
			p := filepath.Join(userDir, n)
			b, err := os.ReadFile(p)
			if err != nil {
				return nil, fmt.Errorf("load metrics_dir: %w", err)
			}
			m, ps := Parse(p, b)
			probs = append(probs, ps...)
			if m != nil {
				all = append(all, m)
			}
		}
	}

	c := &Catalog{byName: map[string]*Metric{}}
	for _, m := range all {
		if prev, ok := c.byName[m.Name]; ok {
			probs = append(probs, Problem{m.File, m.headerLine, fmt.Sprintf("metric %q is already defined in %s", m.Name, prev.File)})
			continue
		}
		c.byName[m.Name] = m
		c.metrics = append(c.metrics, m)
	}
	holder := map[string]*Metric{}
	for _, m := range c.metrics {
		if m.Role == "" {
			continue
		}
		if prev, ok := holder[m.Role]; ok {
			probs = append(probs, Problem{m.File, m.keyLine("role"), fmt.Sprintf("role %q is already held by %s (%s): one metric per role", m.Role, prev.Name, prev.File)})
			continue
		}
		holder[m.Role] = m
	}
	for _, m := range c.metrics {
		if m.VariantOf == "" {
			continue
		}
		base, ok := c.byName[m.VariantOf]
		switch {
		case !ok:
			probs = append(probs, Problem{m.File, m.keyLine("variant_of"), fmt.Sprintf("variant_of: %q is not a metric of the catalog", m.VariantOf)})
		case base == m:
			probs = append(probs, Problem{m.File, m.keyLine("variant_of"), "variant_of: a metric cannot be a variant of itself"})
		case base.VariantOf != "":
			probs = append(probs, Problem{m.File, m.keyLine("variant_of"), fmt.Sprintf("variant_of: %q is itself a variant of %q; name the base metric", m.VariantOf, base.VariantOf)})
		}
	}
	sort.Slice(c.metrics, func(i, j int) bool { return c.metrics[i].Name < c.metrics[j].Name })
	c.SetTargets(nil)
	if len(probs) > 0 {
		probs.sort()
		return c, probs
	}
	return c, nil
}

// keyLine is the line of a header key, or the header's first line.
func (m *Metric) keyLine(key string) int {
	if l, ok := m.keyLines[key]; ok {
		return l
	}
	return m.headerLine
}

var (
	nameRe  = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	paramRe = regexp.MustCompile(`\$([A-Za-z_][A-Za-z0-9_]*)`)
)

// Parse reads one metric file. It returns the metric (nil when the header cannot be read at
// all) and every problem found, each at its line.
func Parse(file string, src []byte) (*Metric, []Problem) {
	var probs []Problem
	add := func(line int, format string, a ...any) {
		probs = append(probs, Problem{file, line, fmt.Sprintf(format, a...)})
	}
	text := strings.ReplaceAll(string(src), "\r\n", "\n")
	lines := strings.Split(text, "\n")

	open := -1
	for i, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		if strings.TrimRight(l, " \t") == "-- ---" {
			open = i
		}
		break
	}
	if open < 0 {
		add(1, "a metric file starts with a header: a `-- ---` line, `-- key: value` lines (name, title, description, unit, direction, grains, dimensions), and a closing `-- ---` line")
		return nil, probs
	}
	closeAt := -1
	var yamlLines []string
	for i := open + 1; i < len(lines); i++ {
		l := strings.TrimRight(lines[i], " \t")
		if l == "-- ---" {
			closeAt = i
			break
		}
		if !strings.HasPrefix(l, "--") {
			add(i+1, "header is not closed: this line is not a `--` comment; end the header with a `-- ---` line")
			return nil, probs
		}
		l = strings.TrimPrefix(l, "--")
		l = strings.TrimPrefix(l, " ")
		yamlLines = append(yamlLines, l)
	}
	if closeAt < 0 {
		add(open+1, "header is not closed: end it with a `-- ---` line")
		return nil, probs
	}
	m := &Metric{File: file, SQL: text, headerLine: open + 1, bodyLine: closeAt + 2, keyLines: map[string]int{}}
	base := open + 1 // file line of YAML line 0

	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(strings.Join(yamlLines, "\n")), &doc); err != nil {
		line, msg := yamlErrLine(err)
		add(base+line, "header: %s", msg)
		return nil, probs
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		add(open+1, "header: expected `key: value` lines")
		return nil, probs
	}
	root := doc.Content[0]
	seen := map[string]bool{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		line := base + k.Line
		key := k.Value
		if !slices.Contains(headerKeys, key) {
			add(line, "unknown key %q (known keys: %s)", key, strings.Join(headerKeys, ", "))
			continue
		}
		if seen[key] {
			add(line, "key %q is given twice", key)
			continue
		}
		seen[key] = true
		m.keyLines[key] = line
		vline := base + v.Line
		switch key {
		case "name", "title", "description", "unit", "direction", "variant_of", "role":
			if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
				add(vline, "%s: expected text", key)
				continue
			}
			s := strings.TrimSpace(v.Value)
			switch key {
			case "name":
				m.Name = s
			case "title":
				m.Title = s
			case "description":
				m.Description = s
			case "unit":
				m.Unit = s
			case "direction":
				m.Direction = s
			case "variant_of":
				m.VariantOf = s
			case "role":
				m.Role = s
			}
		case "grains", "dimensions", "needs", "explain":
			list, ok := stringList(v)
			if !ok {
				add(vline, "%s: expected a list, e.g. [a, b]", key)
				continue
			}
			switch key {
			case "grains":
				for _, g := range list {
					m.Grains = append(m.Grains, Grain(g))
				}
			case "dimensions":
				m.Dimensions = list
			case "needs":
				m.Needs = list
			case "explain":
				m.Explain = list
			}
		case "target":
			var t config.Target
			if err := v.Decode(&t); err != nil {
				add(vline, "target: a number, or a mapping of tier (or default) to number, e.g. {L1: 0.8, default: 0.7}")
				continue
			}
			m.Target = &t
		}
	}
	for _, k := range required {
		if !seen[k] {
			add(open+1, "missing key %q", k)
		}
	}

	stem := strings.TrimSuffix(path.Base(filepath.ToSlash(file)), ".sql")
	if seen["name"] {
		switch {
		case !nameRe.MatchString(m.Name):
			add(m.keyLine("name"), "name %q: use lowercase letters, digits and _", m.Name)
		case m.Name != stem:
			add(m.keyLine("name"), "name %q must equal the file name %q", m.Name, stem)
		}
	}
	if seen["title"] && m.Title == "" {
		add(m.keyLine("title"), "title is empty")
	}
	if seen["description"] && m.Description == "" {
		add(m.keyLine("description"), "description is empty")
	}
	if seen["unit"] && !slices.Contains(units, m.Unit) {
		add(m.keyLine("unit"), "unit %q: use one of %s", m.Unit, strings.Join(units, ", "))
	}
	if seen["direction"] && !slices.Contains(directions, m.Direction) {
		add(m.keyLine("direction"), "direction %q: use up (higher is better) or down (lower is better)", m.Direction)
	}
	if seen["grains"] {
		if len(m.Grains) == 0 {
			add(m.keyLine("grains"), "grains: give at least one of %s", grainList())
		}
		for i, g := range m.Grains {
			if !slices.Contains(Grains, g) {
				add(m.keyLine("grains"), "grains: %q is not a grain (use %s)", g, grainList())
			} else if slices.Contains(m.Grains[:i], g) {
				add(m.keyLine("grains"), "grains: %q is listed twice", g)
			}
		}
	}
	for i, d := range m.Dimensions {
		switch {
		case !nameRe.MatchString(d):
			add(m.keyLine("dimensions"), "dimensions: %q is not a column name (lowercase letters, digits and _)", d)
		case slices.Contains(reserved, d):
			add(m.keyLine("dimensions"), "dimensions: %q is a result column, not a dimension", d)
		case slices.Contains(m.Dimensions[:i], d):
			add(m.keyLine("dimensions"), "dimensions: %q is listed twice", d)
		}
	}
	if sel := selectableOrder(m.Dimensions); !slices.Equal(sel, m.selectable()) {
		add(m.keyLine("dimensions"), "dimensions: list the selectable ones in the order %s", strings.Join(Selectable, ", "))
	}
	for i, n := range m.Needs {
		switch {
		case !slices.Contains(needs, n):
			add(m.keyLine("needs"), "needs: %q is not known (use %s)", n, strings.Join(needs, ", "))
		case slices.Contains(m.Needs[:i], n):
			add(m.keyLine("needs"), "needs: %q is listed twice", n)
		}
	}
	if _, ok := Roles[m.Role]; seen["role"] && !ok {
		add(m.keyLine("role"), "role %q is not known (use %s)", m.Role, strings.Join(roleList(), ", "))
	}
	for i, f := range m.Explain {
		switch {
		case !slices.Contains(ExplainFacts, f):
			add(m.keyLine("explain"), "explain: %q is not a ticket fact (use %s)", f, strings.Join(ExplainFacts, ", "))
		case slices.Contains(m.Explain[:i], f):
			add(m.keyLine("explain"), "explain: %q is listed twice", f)
		}
	}
	if m.Target != nil && m.Unit == UnitRatio {
		check := func(v float64) {
			if v < 0 || v > 1 {
				add(m.keyLine("target"), "target %v: ratios are fractions between 0 and 1 (0.75 = 75%%)", v)
			}
		}
		if m.Target.All != nil {
			check(*m.Target.All)
		}
		for _, v := range m.Target.ByTier {
			check(v)
		}
	}

	body := strings.Join(lines[closeAt+1:], "\n")
	if strings.TrimSpace(stripSQL(body)) == "" {
		add(closeAt+1, "the file has a header but no SQL after it")
	}
	seenParam := map[string]bool{}
	for i, l := range strings.Split(stripSQL(body), "\n") {
		for _, p := range paramRe.FindAllStringSubmatch(l, -1) {
			if !slices.Contains(Parameters, p[1]) {
				add(closeAt+2+i, "unknown parameter $%s (metric files get $%s)", p[1], strings.Join(Parameters, ", $"))
				continue
			}
			if !seenParam[p[1]] {
				seenParam[p[1]] = true
				m.params = append(m.params, p[1])
			}
		}
	}
	return m, probs
}

// roleList is the known roles, sorted.
func roleList() []string {
	out := make([]string, 0, len(Roles))
	for r := range Roles {
		out = append(out, r)
	}
	slices.Sort(out)
	return out
}

// selectable is the metric's selectable dimensions in declared order.
func (m *Metric) selectable() []string {
	var out []string
	for _, d := range m.Dimensions {
		if slices.Contains(Selectable, d) {
			out = append(out, d)
		}
	}
	return out
}

// selectableOrder is the selectable dimensions of dims in the canonical order.
func selectableOrder(dims []string) []string {
	var out []string
	for _, d := range Selectable {
		if slices.Contains(dims, d) {
			out = append(out, d)
		}
	}
	return out
}

func stringList(n *yaml.Node) ([]string, bool) {
	if n.Kind != yaml.SequenceNode {
		return nil, false
	}
	out := make([]string, 0, len(n.Content))
	for _, c := range n.Content {
		if c.Kind != yaml.ScalarNode {
			return nil, false
		}
		out = append(out, strings.TrimSpace(c.Value))
	}
	return out, true
}

var yamlLineRe = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlErrLine splits yaml.v3's "yaml: line N: msg" into N and msg.
func yamlErrLine(err error) (int, string) {
	msg := err.Error()
	if m := yamlLineRe.FindStringSubmatch(msg); m != nil {
		var n int
		fmt.Sscanf(m[1], "%d", &n)
		return n, m[2]
	}
	return 1, strings.TrimPrefix(msg, "yaml: ")
}

// stripSQL blanks comments and quoted text out of SQL, keeping every newline, so that what
// is left can be searched for parameters with line numbers intact.
func stripSQL(s string) string {
	b := []byte(s)
	out := make([]byte, len(b))
	copy(out, b)
	blank := func(i int) {
		if out[i] != '\n' {
			out[i] = ' '
		}
	}
	for i := 0; i < len(b); i++ {
		switch {
		case b[i] == '-' && i+1 < len(b) && b[i+1] == '-':
			for ; i < len(b) && b[i] != '\n'; i++ {
				blank(i)
			}
		case b[i] == '/' && i+1 < len(b) && b[i+1] == '*':
			blank(i)
			blank(i + 1)
			i += 2
			for ; i < len(b) && !(b[i] == '*' && i+1 < len(b) && b[i+1] == '/'); i++ {
				blank(i)
			}
			if i < len(b) {
				blank(i)
				blank(i + 1)
				i++
			}
		case b[i] == '\'' || b[i] == '"':
			q := b[i]
			blank(i)
			for i++; i < len(b); i++ {
				if b[i] == q {
					if i+1 < len(b) && b[i+1] == q {
						blank(i)
						i++
						blank(i)
						continue
					}
					blank(i)
					break
				}
				blank(i)
			}
		}
	}
	return string(out)
}
