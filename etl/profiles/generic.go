package profiles

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/tierlens/tierlens/config"
)

// mappingFile is the YAML form of a generic mapping; keys are strict.
type mappingFile struct {
	Description string                     `yaml:"description"`
	Shape       string                     `yaml:"shape"`
	Format      string                     `yaml:"format"`
	Delimiter   string                     `yaml:"delimiter"`
	Quote       *string                    `yaml:"quote"`
	TimeLayout  stringList                 `yaml:"time_layout"`
	TimeZone    string                     `yaml:"time_zone"`
	Missing     []string                   `yaml:"missing"`
	Columns     map[string]stringList      `yaml:"columns"`
	Status      map[string]string          `yaml:"status"`
	Priority    map[string]string          `yaml:"priority"`
	Channel     map[string]string          `yaml:"channel"`
	Activities  map[string]ActivityMeaning `yaml:"activities"`
	TierMap     []config.TierRule          `yaml:"tier_map"`
}

// stringList accepts a single string or a list of strings.
type stringList []string

func (s *stringList) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*s = []string{n.Value}
		return nil
	}
	var l []string
	if err := n.Decode(&l); err != nil {
		return fmt.Errorf("line %d: expected a name or a list of names", n.Line)
	}
	*s = l
	return nil
}

// ReadMapping reads a generic mapping file.
func ReadMapping(path string) (*Mapping, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read mapping: %w", err)
	}
	return ParseMapping(path, b)
}

var lineMsg = regexp.MustCompile(`line (\d+): (.*)`)
var notFound = regexp.MustCompile(`field (\S+) not found in type \S+`)

// ParseMapping decodes and validates a generic mapping; name is used in messages.
func ParseMapping(name string, b []byte) (*Mapping, error) {
	var f mappingFile
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s: the mapping is empty: it needs at least shape and columns (see sample-data/mappings/)", name)
		}
		var te *yaml.TypeError
		msgs := []string{strings.TrimPrefix(err.Error(), "yaml: ")}
		if errors.As(err, &te) {
			msgs = te.Errors
		}
		for i, m := range msgs {
			if g := lineMsg.FindStringSubmatch(m); g != nil {
				text := g[2]
				if u := notFound.FindStringSubmatch(text); u != nil {
					text = fmt.Sprintf("unknown key %q", u[1])
				}
				msgs[i] = fmt.Sprintf("%s:%s: %s", name, g[1], text)
			} else {
				msgs[i] = name + ": " + m
			}
		}
		return nil, errors.New(strings.Join(msgs, "\n"))
	}
	m := &Mapping{
		Name:        "generic",
		Description: f.Description,
		Shape:       Shape(f.Shape),
		Format:      Format(f.Format),
		Delimiter:   f.Delimiter,
		Quote:       `"`,
		Columns:     map[Field][]string{},
		TimeZone:    f.TimeZone,
		Missing:     f.Missing,
		Status:      lowerKeys(f.Status),
		Priority:    lowerKeys(f.Priority),
		Channel:     lowerKeys(f.Channel),
		Activities:  map[string]ActivityMeaning{},
		TierMap:     f.TierMap,
	}
	if f.Quote != nil {
		m.Quote = *f.Quote
	}
	if m.Delimiter == "" {
		m.Delimiter = ","
	}
	var errs []string
	add := func(format string, a ...any) { errs = append(errs, fmt.Sprintf(format, a...)) }
	switch m.Shape {
	case TicketRows, EventRows:
	case "":
		add("shape: missing: write shape: tickets (one row per ticket) or shape: events (one row per event)")
	default:
		add("shape: %q must be tickets or events", f.Shape)
	}
	switch m.Format {
	case "", CSV, JSONL, Parquet, XLSX:
	default:
		add("format: %q must be csv, jsonl, parquet or xlsx (or left out to go by the file extension)", f.Format)
	}
	if len(m.Delimiter) != 1 {
		add("delimiter: %q must be one character", m.Delimiter)
	}
	known := map[string]Field{}
	for _, fl := range Fields {
		known[string(fl)] = fl
	}
	for _, k := range sortedKeys(f.Columns) {
		fl, ok := known[k]
		if !ok {
			add("columns: %q is not a tierlens field (fields: %s)", k, fieldList())
			continue
		}
		m.Columns[fl] = f.Columns[k]
	}
	m.Required = []Field{Number}
	if m.Shape == EventRows {
		m.Required = append(m.Required, EventTime)
	} else {
		m.Required = append(m.Required, Created)
	}
	for _, r := range m.Required {
		if len(m.Columns[r]) == 0 {
			add("columns: %s is required for shape %s", r, m.Shape)
		}
	}
	if m.Shape == TicketRows && len(m.Columns[Status]) == 0 {
		add("columns: status is required for shape tickets")
	}
	if m.Shape == EventRows && len(m.Columns[Status]) == 0 && len(m.Columns[Activity]) == 0 {
		add("columns: events need a status or an activity column")
	}
	if len(m.Columns[Activity]) > 0 && len(f.Activities) == 0 {
		add("activities: the activity column needs a vocabulary (activity value: {kind: ..., status: ...})")
	}
	for _, l := range f.TimeLayout {
		if strings.Contains(l, "2006") {
			l = GoLayoutToStrptime(l)
		}
		if !strings.Contains(l, "%") {
			add("time_layout: %q is neither a strptime format (%%d/%%m/%%Y %%H:%%M) nor a Go layout (02/01/2006 15:04)", l)
		}
		m.TimeLayouts = append(m.TimeLayouts, l)
	}
	if len(m.TimeLayouts) == 0 {
		m.TimeLayouts = []string{"%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S.%g", "%Y-%m-%d %H:%M"}
	}
	for k, v := range m.Status {
		if !isCanonical(v, Statuses) {
			add("status: %q maps to %q, which is not one of %s", k, v, strings.Join(Statuses, ", "))
		}
	}
	for k, v := range m.Priority {
		if !isCanonical(v, []string{"P1", "P2", "P3", "P4"}) {
			add("priority: %q maps to %q, which is not one of P1, P2, P3, P4", k, v)
		}
	}
	for _, k := range sortedKeys(f.Activities) {
		a := f.Activities[k]
		if !isCanonical(a.Kind, EventKinds) {
			add("activities: %q has kind %q, which is not one of %s", k, a.Kind, strings.Join(EventKinds, ", "))
		}
		if a.Status != "" && !isCanonical(a.Status, Statuses) {
			add("activities: %q has status %q, which is not one of %s", k, a.Status, strings.Join(Statuses, ", "))
		}
		m.Activities[strings.ToLower(strings.TrimSpace(k))] = a
	}
	for i, r := range m.TierMap {
		if r.Tier == "" {
			add("tier_map[%d]: tier is empty", i)
		}
	}
	if len(errs) > 0 {
		sort.Strings(errs)
		return nil, fmt.Errorf("%s: %s", name, strings.Join(errs, "\n  "))
	}
	return m, nil
}

func isCanonical(v string, set []string) bool {
	for _, s := range set {
		if v == s {
			return true
		}
	}
	return false
}

func fieldList() string {
	s := make([]string, len(Fields))
	for i, f := range Fields {
		s[i] = string(f)
	}
	return strings.Join(s, ", ")
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// GoLayoutToStrptime converts a Go reference layout ("02/01/2006 15:04") to a strptime format.
func GoLayoutToStrptime(layout string) string {
	r := strings.NewReplacer(
		"2006", "%Y", ".000000", ".%f", ".000", ".%g", "15", "%H", "04", "%M", "05", "%S",
		"01", "%m", "02", "%d", "Jan", "%b", "PM", "%p", "03", "%I", "_2", "%-d",
		"1", "%-m", "2", "%-d", "3", "%-I",
	)
	return r.Replace(layout)
}
