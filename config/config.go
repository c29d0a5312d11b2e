// Package config reads tierlens.yaml: tiers and the group→tier map, calendars, SLA policies and
// KPI targets. Decoding is strict (an unknown key is an error naming file and line) and every
// value is validated before anything uses it. It does not read exports or touch the warehouse.
package config

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// DefaultYAML is the commented configuration `tierlens init` writes; parsed, it is also the
// built-in default, so the two can never drift apart.
//
//go:embed default.yaml
var DefaultYAML []byte

// DefaultFile is the configuration file looked for in the working directory.
const DefaultFile = "tierlens.yaml"

// Unmapped is the tier of a group that matches no tier_map rule.
const Unmapped = "unmapped"

// Config is a validated configuration.
type Config struct {
	Path           string              `yaml:"-"` // file it came from; empty for the defaults
	TimeZone       string              `yaml:"time_zone"`
	SourceTimeZone string              `yaml:"source_time_zone"`
	WeekStart      string              `yaml:"week_start"`
	Tiers          []Tier              `yaml:"tiers"`
	TierMap        []TierRule          `yaml:"tier_map"`
	Calendars      map[string]Calendar `yaml:"calendars"`
	SLAPolicies    []SLAPolicy         `yaml:"sla_policies"`
	Targets        map[string]Target   `yaml:"targets"`
	MetricsDir     string              `yaml:"metrics_dir"`

	location *time.Location
}

// Tier is one support level.
type Tier struct {
	ID        string   `yaml:"id"`
	Label     string   `yaml:"label"`
	TimeLimit Duration `yaml:"time_limit"`
	OLA       Duration `yaml:"ola"`
}

// TierRule maps assignment groups to a tier; exactly one of Glob, Exact and Regex is set.
type TierRule struct {
	Glob       string `yaml:"glob"`
	Exact      string `yaml:"exact"`
	Regex      string `yaml:"regex"`
	Tier       string `yaml:"tier"`
	Vendor     bool   `yaml:"vendor"`
	VendorName string `yaml:"vendor_name"`
	Source     string `yaml:"source"`

	re     *regexp.Regexp
	origin string // "mapping" for rules a generic mapping brought
}

// Calendar is a set of weekly business hours with holidays, in one time zone.
type Calendar struct {
	TimeZone string            `yaml:"time_zone"`
	Hours    map[string]string `yaml:"hours"`
	Holidays []Holiday         `yaml:"holidays"`
	ICS      string            `yaml:"ics"`

	// Windows are the parsed weekly hours, sorted by weekday and start.
	Windows []Window `yaml:"-"`
}

// Window is one stretch of business hours on an ISO weekday (1 = Monday).
type Window struct {
	Weekday int
	Start   time.Duration // since midnight
	End     time.Duration // since midnight, up to 24h
}

// Holiday is one day, or a range of days (inclusive), without business hours.
type Holiday struct {
	Date string `yaml:"date"`
	From string `yaml:"from"`
	To   string `yaml:"to"`
	Name string `yaml:"name"`
}

// SLAPolicy is one service level agreement; the first policy matching a ticket applies.
type SLAPolicy struct {
	Name       string   `yaml:"name"`
	Priority   string   `yaml:"priority"`
	Tier       string   `yaml:"tier"`
	Channel    string   `yaml:"channel"`
	Vendor     string   `yaml:"vendor"`
	Calendar   string   `yaml:"calendar"`
	Response   Duration `yaml:"response"`
	Resolution Duration `yaml:"resolution"`
	PauseOn    []string `yaml:"pause_on"`
	Reopen     string   `yaml:"reopen"`
}

// Target is a KPI target: one value for all tiers and/or a value per tier.
type Target struct {
	All    *float64
	ByTier map[string]float64
}

// Duration is a Go duration in the file ("15m", "4h", "72h").
type Duration time.Duration

// Minutes returns the duration in whole minutes.
func (d Duration) Minutes() int { return int(time.Duration(d) / time.Minute) }

// UnmarshalYAML reads "15m"-style durations.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	v, err := time.ParseDuration(n.Value)
	if err != nil || v < 0 {
		return fmt.Errorf("line %d: %q is not a duration (write e.g. 15m, 4h or 72h)", n.Line, n.Value)
	}
	*d = Duration(v)
	return nil
}

// UnmarshalYAML reads a number or a mapping of tier (or "default") to number.
func (t *Target) UnmarshalYAML(n *yaml.Node) error {
	switch n.Kind {
	case yaml.ScalarNode:
		var v float64
		if err := n.Decode(&v); err != nil {
			return fmt.Errorf("line %d: target %q is not a number", n.Line, n.Value)
		}
		t.All = &v
		return nil
	case yaml.MappingNode:
		m := map[string]float64{}
		if err := n.Decode(&m); err != nil {
			return fmt.Errorf("line %d: a per-tier target maps tier ids to numbers", n.Line)
		}
		if v, ok := m["default"]; ok {
			t.All = &v
			delete(m, "default")
		}
		t.ByTier = m
		return nil
	}
	return fmt.Errorf("line %d: a target is a number or a mapping of tier to number", n.Line)
}

// For returns the target for a tier, and whether there is one.
func (t Target) For(tier string) (float64, bool) {
	if v, ok := t.ByTier[tier]; ok {
		return v, true
	}
	if t.All != nil {
		return *t.All, true
	}
	return 0, false
}

// Default returns the built-in configuration.
func Default() *Config {
	c, err := parse("(built-in defaults)", DefaultYAML)
	if err != nil {
		// The embedded file is tested; reaching here is a build defect, not bad input.
		panic("config: built-in defaults are invalid: " + err.Error())
	}
	c.Path = ""
	return c
}

// Load reads and validates a configuration file. A missing file at the default path is not an
// error when optional is true: the built-in defaults apply.
func Load(path string, optional bool) (*Config, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		if optional && errors.Is(err, os.ErrNotExist) {
			return Default(), nil
		}
		return nil, fmt.Errorf("read config: %w", err)
	}
	c, err := parse(path, b)
	if err != nil {
		return nil, err
	}
	c.Path = path
	return c, nil
}

// parse decodes the file over the defaults, so keys left out keep their default values.
func parse(name string, b []byte) (*Config, error) {
	c := &Config{}
	replacedTiers, hasTierMap := false, false
	if name != "(built-in defaults)" {
		c = Default()
		// A list or map in the file replaces the default one wholesale: merging two tier
		// maps rule by rule would make the first-match order impossible to read.
		var probe map[string]yaml.Node
		if err := yaml.Unmarshal(b, &probe); err == nil {
			for key := range probe {
				switch key {
				case "tiers":
					c.Tiers = nil
					replacedTiers = true
				case "tier_map":
					c.TierMap = nil
					hasTierMap = true
				case "calendars":
					c.Calendars = nil
				case "sla_policies":
					c.SLAPolicies = nil
				case "targets":
					c.Targets = nil
				}
			}
		}
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(c); err != nil && !errors.Is(err, io.EOF) {
		return nil, yamlError(name, err)
	}
	if replacedTiers && !hasTierMap {
		// New tiers without a tier map of their own: keep the built-in rules that still name
		// a tier, so a user renaming or merging tiers is not told about rules they never wrote.
		ids := map[string]bool{}
		for _, t := range c.Tiers {
			ids[t.ID] = true
		}
		kept := c.TierMap[:0]
		for _, r := range c.TierMap {
			if ids[r.Tier] {
				kept = append(kept, r)
			}
		}
		c.TierMap = kept
	}
	if err := c.validate(filepath.Dir(name)); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return c, nil
}

var yamlLine = regexp.MustCompile(`line (\d+): (.*)`)

// yamlError rewrites yaml.v3's messages into "file:line: message" with our wording.
func yamlError(name string, err error) error {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs := make([]string, 0, len(te.Errors))
		for _, e := range te.Errors {
			msgs = append(msgs, name+":"+friendly(e))
		}
		return errors.New(strings.Join(msgs, "\n"))
	}
	return fmt.Errorf("%s:%s", name, friendly(strings.TrimPrefix(err.Error(), "yaml: ")))
}

var unknownField = regexp.MustCompile(`field (\S+) not found in type (\S+)`)

func friendly(msg string) string {
	m := yamlLine.FindStringSubmatch(msg)
	if m == nil {
		return " " + msg
	}
	text := m[2]
	if u := unknownField.FindStringSubmatch(text); u != nil {
		text = fmt.Sprintf("unknown key %q (see `tierlens init` for every key)", u[1])
	}
	return m[1] + ": " + text
}

// Location is the reporting time zone.
func (c *Config) Location() *time.Location { return c.location }

// TierIDs lists the tier ids lowest first.
func (c *Config) TierIDs() []string {
	ids := make([]string, len(c.Tiers))
	for i, t := range c.Tiers {
		ids[i] = t.ID
	}
	return ids
}

// TierRank returns the position of a tier (0 = lowest), or -1 for unknown and unmapped.
func (c *Config) TierRank(id string) int {
	for i, t := range c.Tiers {
		if t.ID == id {
			return i
		}
	}
	return -1
}

// MatchGroup returns the tier of an assignment group, the vendor name for vendor groups, and
// the rule that matched (empty and tier Unmapped when none did).
func (c *Config) MatchGroup(source, group string) (tier, vendor, rule string) {
	for _, r := range c.TierMap {
		if r.re == nil || r.Source != "" && r.Source != source {
			continue
		}
		if !r.re.MatchString(group) {
			continue
		}
		if r.Vendor {
			vendor = r.VendorName
			if vendor == "" {
				vendor = group
			}
		}
		return r.Tier, vendor, r.Pattern()
	}
	return Unmapped, "", ""
}

// Pattern describes the rule as written, e.g. `glob "Vendor*"`; rules from a generic
// mapping say so (`mapping exact "Development"`), so re-tiering leaves their groups alone.
func (r TierRule) Pattern() string {
	if r.origin != "" {
		return r.origin + " " + TierRule{Glob: r.Glob, Exact: r.Exact, Regex: r.Regex}.Pattern()
	}
	switch {
	case r.Exact != "":
		return fmt.Sprintf("exact %q", r.Exact)
	case r.Regex != "":
		return fmt.Sprintf("regex %q", r.Regex)
	}
	return fmt.Sprintf("glob %q", r.Glob)
}

// compile prepares the rule's matcher from whichever of glob, exact and regex it has.
func (r *TierRule) compile() error {
	switch {
	case r.Glob != "":
		r.re = globRegexp(r.Glob)
	case r.Exact != "":
		r.re = regexp.MustCompile("^" + regexp.QuoteMeta(r.Exact) + "$")
	default:
		re, err := regexp.Compile(r.Regex)
		if err != nil {
			return err
		}
		r.re = re
	}
	return nil
}

// Kind is exact, glob or regex.
func (r TierRule) Kind() string {
	switch {
	case r.Exact != "":
		return "exact"
	case r.Regex != "":
		return "regex"
	}
	return "glob"
}

// Text is the pattern text.
func (r TierRule) Text() string { return r.Exact + r.Regex + r.Glob }

// globRegexp turns a shell-style glob into an anchored regexp; only * and ? are special.
func globRegexp(g string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("^")
	for _, r := range g {
		switch r {
		case '*':
			b.WriteString(".*")
		case '?':
			b.WriteString(".")
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}

// TargetNames lists the metrics with a target, sorted.
func (c *Config) TargetNames() []string {
	names := make([]string, 0, len(c.Targets))
	for k := range c.Targets {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// CalendarNames lists the calendars, sorted.
func (c *Config) CalendarNames() []string {
	names := make([]string, 0, len(c.Calendars))
	for k := range c.Calendars {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// WithExtraRules returns a copy whose tier map tries rules first, then the configured ones;
// a generic mapping brings rules for its own groups this way.
func (c *Config) WithExtraRules(rules []TierRule) *Config {
	cp := *c
	extra := make([]TierRule, len(rules))
	copy(extra, rules)
	for i := range extra {
		extra[i].origin = "mapping"
		// A mapping validated its rules already; one that does not compile matches nothing.
		_ = extra[i].compile()
	}
	cp.TierMap = append(extra, c.TierMap...)
	return &cp
}

// TierHash identifies the tiers and the tier map: when it changes, loaded tickets are
// re-tiered.
func (c *Config) TierHash() string {
	h := sha256.New()
	for _, t := range c.Tiers {
		fmt.Fprintf(h, "tier %q\n", t.ID)
	}
	for _, r := range c.TierMap {
		fmt.Fprintf(h, "rule %s %q %t %q %q\n", r.Pattern(), r.Tier, r.Vendor, r.VendorName, r.Source)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Config parts the warehouse derives its data with: PartHashes hashes each, so a load can
// re-derive what a changed part touches, and only that, and readers can name what changed.
const (
	PartTiers       = "tiers"        // ids, ranks, time limits, OLA
	PartTierMap     = "tier_map"     // group → tier rules
	PartCalendars   = "calendars"    // business hours and holidays
	PartSLAPolicies = "sla_policies" // SLA targets and pause rules
	PartTargets     = "targets"      // KPI targets
)

// PartHashes returns a short SHA-256 of each part's canonical JSON form (maps with sorted
// keys), keyed by the Part* names. The file's path and the reporting settings (time zone,
// week start) are not parts: nothing derived depends on them.
func (c *Config) PartHashes() map[string]string {
	parts := map[string]any{
		PartTiers:       c.Tiers,
		PartTierMap:     c.TierMap,
		PartCalendars:   c.Calendars,
		PartSLAPolicies: c.SLAPolicies,
		PartTargets:     c.Targets,
	}
	out := make(map[string]string, len(parts))
	for name, v := range parts {
		b, err := json.Marshal(v)
		if err != nil {
			// every part is plain data; a failure would be a programming error
			panic(fmt.Sprintf("hash config part %s: %v", name, err))
		}
		sum := sha256.Sum256(b)
		out[name] = hex.EncodeToString(sum[:8])
	}
	return out
}
