package profiles

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/tierlens/tierlens/config"
)

// mappingFile is the YAML form of a mapping, a user's or a built-in profile's; keys are strict.
type mappingFile struct {
	Name        string                     `yaml:"name"` // built-in profiles only
	Description string                     `yaml:"description"`
	Shape       string                     `yaml:"shape"`
	Format      string                     `yaml:"format"`
	Delimiter   string                     `yaml:"delimiter"`
	Quote       *string                    `yaml:"quote"`
	TimeLayout  stringList                 `yaml:"time_layout"`
	TimeZone    string                     `yaml:"time_zone"`
	Encoding    string                     `yaml:"encoding"`
	Missing     []string                   `yaml:"missing"`
	Columns     map[string]stringList      `yaml:"columns"`
	Status      map[string]string          `yaml:"status"`
	Priority    map[string]string          `yaml:"priority"`
	Channel     map[string]string          `yaml:"channel"`
	Activities  map[string]ActivityMeaning `yaml:"activities"`
	TierMap     []config.TierRule          `yaml:"tier_map"`
	RowOrder    string                     `yaml:"row_order"`
	Required    []string                   `yaml:"required"`
	StatusHint  map[string]string          `yaml:"status_hint"`
	MadeSLA     map[string]bool            `yaml:"made_sla"`
	CSAT        map[string]float64         `yaml:"csat"`
	Detect      *detectFile                `yaml:"detect"`     // built-in profiles only
	ExportCap   int64                      `yaml:"export_cap"` // built-in profiles only
	// Extends names a built-in profile this mapping starts from (user mappings only): only
	// what differs is written, e.g. the column that holds the team.
	Extends string `yaml:"extends"`
}

// detectFile is how a built-in profile recognises its exports by header.
type detectFile struct {
	Min     int      `yaml:"min"`
	Columns []string `yaml:"columns"`
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

// ParseMapping decodes and validates a user's mapping (profile generic); name is used in
// messages.
func ParseMapping(name string, b []byte) (*Mapping, error) { return parseMapping(name, b, false) }

// ParseBuiltin decodes and validates a built-in profile's file: the mapping format plus the
// keys only a built-in has (name, detect, export_cap).
func ParseBuiltin(name string, b []byte) (*Mapping, error) { return parseMapping(name, b, true) }

func parseMapping(name string, b []byte, builtin bool) (*Mapping, error) {
	f, err := decodeMapping(name, b)
	if err != nil {
		return nil, err
	}
	own := f // the file's own keys, before a profile it extends fills the rest
	if f.Extends != "" && !builtin {
		base, err := builtinFile(f.Extends)
		if err != nil {
			return nil, fmt.Errorf("%s: extends: %w", name, err)
		}
		f = overlay(base, f)
	}
	return validate(name, f, own, builtin)
}

// decodeMapping decodes a mapping file strictly: unknown keys are errors with their line.
func decodeMapping(name string, b []byte) (mappingFile, error) {
	var f mappingFile
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		if errors.Is(err, io.EOF) {
			return f, fmt.Errorf("%s: the mapping is empty: it needs at least shape and columns (see sample-data/mappings/)", name)
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
		return f, errors.New(strings.Join(msgs, "\n"))
	}
	return f, nil
}

// builtinFile decodes the embedded file of built-in profile name.
func builtinFile(name string) (mappingFile, error) {
	// The embedded files, not Builtin: parsing the built-ins must not depend on itself.
	files, _ := fs.Glob(builtinFS, "builtin/*.yaml")
	var names []string
	for _, f := range files {
		n := strings.TrimSuffix(path.Base(f), ".yaml")
		if n == name {
			b, err := builtinFS.ReadFile(f)
			if err != nil {
				return mappingFile{}, err
			}
			return decodeMapping(f, b)
		}
		names = append(names, n)
	}
	sort.Strings(names)
	return mappingFile{}, fmt.Errorf("unknown profile %q: use one of %s", name, strings.Join(names, ", "))
}

// overlay is base with what user writes: user's scalars and lists replace base's, its
// columns replace base's field by field, its vocabulary entries are added to (or replace)
// base's, and its tier rules go first.
func overlay(base, user mappingFile) mappingFile {
	m := base
	m.Extends = user.Extends
	pick := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	pick(&m.Description, user.Description)
	pick(&m.Shape, user.Shape)
	pick(&m.Format, user.Format)
	pick(&m.Delimiter, user.Delimiter)
	pick(&m.TimeZone, user.TimeZone)
	pick(&m.RowOrder, user.RowOrder)
	if user.Quote != nil {
		m.Quote = user.Quote
	}
	if len(user.TimeLayout) > 0 {
		m.TimeLayout = user.TimeLayout
	}
	if len(user.Missing) > 0 {
		m.Missing = user.Missing
	}
	m.Columns = map[string]stringList{}
	for k, v := range base.Columns {
		m.Columns[k] = v
	}
	for k, v := range user.Columns {
		m.Columns[k] = v
	}
	m.Status = mergeLower(base.Status, user.Status)
	m.Priority = mergeLower(base.Priority, user.Priority)
	m.Channel = mergeLower(base.Channel, user.Channel)
	m.StatusHint = mergeLower(base.StatusHint, user.StatusHint)
	m.MadeSLA = mergeLower(base.MadeSLA, user.MadeSLA)
	m.CSAT = mergeLower(base.CSAT, user.CSAT)
	m.Activities = mergeLower(base.Activities, user.Activities)
	m.TierMap = append(append([]config.TierRule{}, user.TierMap...), base.TierMap...)
	m.Required = append(append([]string{}, base.Required...), user.Required...)
	return m
}

// mergeLower merges two vocabularies with keys compared as the loader compares values
// (trimmed, lower case); user's entries win.
func mergeLower[V any](base, user map[string]V) map[string]V {
	if base == nil && user == nil {
		return nil
	}
	out := map[string]V{}
	for k, v := range base {
		out[strings.ToLower(strings.TrimSpace(k))] = v
	}
	for k, v := range user {
		out[strings.ToLower(strings.TrimSpace(k))] = v
	}
	return out
}

// validate turns a decoded file into a Mapping, reporting every problem at once. own is the
// file as written, f the same after the profile it extends filled it in.
func validate(name string, f, own mappingFile, builtin bool) (*Mapping, error) {
	m := &Mapping{
		Name:        "generic",
		Description: f.Description,
		Shape:       Shape(f.Shape),
		Format:      Format(f.Format),
		Delimiter:   f.Delimiter,
		Quote:       `"`,
		Columns:     map[Field][]string{},
		TimeZone:    f.TimeZone,
		Encoding:    f.Encoding,
		Missing:     f.Missing,
		Status:      lowerKeys(f.Status),
		Priority:    lowerKeys(f.Priority),
		Channel:     lowerKeys(f.Channel),
		Activities:  map[string]ActivityMeaning{},
		TierMap:     f.TierMap,
		RowOrder:    f.RowOrder,
		StatusHint:  lowerKeys(f.StatusHint),
		MadeSLA:     map[string]bool{},
		CSAT:        map[string]float64{},
		ExportCap:   f.ExportCap,
	}
	for k, v := range f.MadeSLA {
		m.MadeSLA[strings.ToLower(strings.TrimSpace(k))] = v
	}
	for k, v := range f.CSAT {
		m.CSAT[strings.ToLower(strings.TrimSpace(k))] = v
	}
	if f.Detect != nil {
		m.Detect, m.DetectMin = f.Detect.Columns, f.Detect.Min
	}
	if f.Quote != nil {
		m.Quote = *f.Quote
	}
	if m.Delimiter == "" {
		m.Delimiter = ","
	}
	var errs []string
	add := func(format string, a ...any) { errs = append(errs, fmt.Sprintf(format, a...)) }
	if builtin {
		m.Name = f.Name
		if f.Name == "" || f.Name == "generic" {
			add("name: a built-in profile needs a name other than generic")
		}
		// A profile without detect is never taken from a header (zendesk is told by its JSON).
		if f.Detect != nil && (len(f.Detect.Columns) == 0 || f.Detect.Min < 1 || f.Detect.Min > len(f.Detect.Columns)) {
			add("detect: a built-in profile's detect needs columns and a min between 1 and their number")
		}
		if f.Extends != "" {
			add("extends: a built-in profile is complete in its own file")
		}
	} else {
		// A user's mapping is named by the file it is in and is never guessed from a header.
		if own.Name != "" {
			add("name: only built-in profiles have a name; the source is named after the mapping file (or --source)")
		}
		if own.Detect != nil {
			add("detect: only built-in profiles are detected; a mapping is chosen with --mapping")
		}
		if own.ExportCap != 0 {
			add("export_cap: only built-in profiles know their product's export limit")
		}
		// A mapping that extends a profile reads as that profile, under its own source.
		if f.Extends != "" {
			m.Name = f.Name
		}
	}
	if f.ExportCap < 0 {
		add("export_cap: %d must be 0 or more", f.ExportCap)
	}
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
	switch m.RowOrder {
	case "", RowOldestFirst, RowNewestFirst:
	default:
		add("row_order: %q must be %s or %s (how the records of one ticket at the same time are ordered in the file)", f.RowOrder, RowOldestFirst, RowNewestFirst)
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
	// required: adds fields a file must have a column for, beyond the shape's own.
	for _, k := range f.Required {
		fl, ok := known[k]
		switch {
		case !ok:
			add("required: %q is not a tierlens field (fields: %s)", k, fieldList())
		case len(m.Columns[fl]) == 0:
			add("required: %s has no column in columns", k)
		case !slices.Contains(m.Required, fl):
			m.Required = append(m.Required, fl)
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
		n, err := NormalizeLayout(l)
		if err != nil {
			add("time_layout: %v", err)
			continue
		}
		m.TimeLayouts = append(m.TimeLayouts, n)
	}
	if len(m.TimeLayouts) == 0 {
		m.TimeLayouts = append([]string(nil), DefaultTimeLayouts...)
	}
	for k, v := range m.Status {
		if !isCanonical(v, Statuses) {
			add("status: %q maps to %q, which is not one of %s", k, v, strings.Join(Statuses, ", "))
		}
	}
	for k, v := range m.Priority {
		if !isCanonical(v, []string{"P1", "P2", "P3", "P4", ""}) {
			add("priority: %q maps to %q, which is not one of P1, P2, P3, P4 (or \"\" for no priority)", k, v)
		}
	}
	for k, v := range m.StatusHint {
		if !isCanonical(v, Statuses) {
			add("status_hint: %q maps to %q, which is not one of %s", k, v, strings.Join(Statuses, ", "))
		}
	}
	if len(m.StatusHint) > 0 && len(m.Columns[StatusHint]) == 0 {
		add("status_hint: the vocabulary needs a status_hint column in columns")
	}
	if len(m.Columns[StatusHint]) > 0 && len(m.StatusHint) == 0 {
		add("columns: the status_hint column needs a status_hint vocabulary (value: canonical status)")
	}
	for _, k := range sortedKeys(m.CSAT) {
		if v := m.CSAT[k]; v < 1 || v > 5 {
			add("csat: %q maps to %v, which is not a score from 1 to 5", k, v)
		}
	}
	for k := range m.Status {
		if strings.ContainsAny(k, "*?") && strings.ContainsAny(k, "[]") {
			add("status: %q: a pattern may use * and ? only", k)
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
