package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeConfig(t *testing.T, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "tierlens.yaml")
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDefault(t *testing.T) {
	c := Default()
	if c.Path != "" || c.TimeZone != "Europe/Madrid" || len(c.Tiers) != 5 || c.Location() == nil {
		t.Fatalf("defaults: %+v", c)
	}
	if got := strings.Join(c.TierIDs(), ","); got != "L0,L1,L2,L3,L4" {
		t.Errorf("TierIDs = %s", got)
	}
	for _, tc := range []struct{ group, tier, vendor string }{
		{"Service Desk", "L1", ""},
		{"Service Desk Madrid", "L1", ""},
		{"Network 2nd", "L2", ""},
		{"DBA 3rd", "L3", ""},
		{"Vendor Acme", "L4", "Vendor Acme"},
		{"Mystery Team", Unmapped, ""},
	} {
		tier, vendor, _ := c.MatchGroup("any", tc.group)
		if tier != tc.tier || vendor != tc.vendor {
			t.Errorf("MatchGroup(%q) = %s, %q; want %s, %q", tc.group, tier, vendor, tc.tier, tc.vendor)
		}
	}
}

func TestLoad(t *testing.T) {
	// A file overrides what it names; lists replace the default ones wholesale.
	p := writeConfig(t, `
time_zone: UTC
tier_map:
  - exact: Front
    tier: L1
  - regex: "^Back( Office)?$"
    tier: L2
    source: erp
  - glob: "Acme*"
    tier: L4
    vendor: true
    vendor_name: Acme Ltd
`)
	c, err := Load(p, false)
	if err != nil {
		t.Fatal(err)
	}
	if c.Path != p || c.TimeZone != "UTC" || c.SourceTimeZone != "Europe/Madrid" || len(c.TierMap) != 3 || len(c.SLAPolicies) != 4 {
		t.Fatalf("loaded: %+v", c)
	}
	for _, tc := range []struct{ source, group, tier, vendor string }{
		{"x", "Front", "L1", ""},
		{"x", "Service Desk", Unmapped, ""},
		{"erp", "Back Office", "L2", ""},
		{"other", "Back Office", Unmapped, ""},
		{"x", "Acme Printers", "L4", "Acme Ltd"},
	} {
		tier, vendor, _ := c.MatchGroup(tc.source, tc.group)
		if tier != tc.tier || vendor != tc.vendor {
			t.Errorf("MatchGroup(%s, %q) = %s, %q; want %s, %q", tc.source, tc.group, tier, vendor, tc.tier, tc.vendor)
		}
	}

	// A missing optional file is the defaults; a missing named file is an error.
	missing := filepath.Join(t.TempDir(), "nope.yaml")
	if c, err := Load(missing, true); err != nil || c.Path != "" {
		t.Errorf("optional missing file: %v, %+v", err, c)
	}
	if _, err := Load(missing, false); err == nil || !strings.HasPrefix(err.Error(), "read config: ") {
		t.Errorf("named missing file: %v", err)
	}
	// An empty file is the defaults.
	if _, err := Load(writeConfig(t, ""), false); err != nil {
		t.Errorf("empty file: %v", err)
	}
	// The file init writes loads as is.
	if _, err := Load(writeConfig(t, string(DefaultYAML)), false); err != nil {
		t.Errorf("the init file: %v", err)
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{
			name: "misspelt top-level key, with its line",
			in:   "time_zone: UTC\n\ntier_mapp:\n  - glob: x\n    tier: L1\n",
			want: `F:3: unknown key "tier_mapp" (see ` + "`tierlens init`" + ` for every key)`,
		},
		{
			name: "misspelt nested key",
			in:   "tier_map:\n  - glob: x\n    teir: L1\n",
			want: `F:3: unknown key "teir" (see ` + "`tierlens init`" + ` for every key)`,
		},
		{
			name: "two type errors at once",
			in:   "tiers: 5\nweek_start: [a]\n",
			want: "F:1: cannot unmarshal !!int `5` into []config.Tier\nF:2: cannot unmarshal !!seq into string",
		},
		{
			name: "not YAML",
			in:   "tier_map: [\n",
			want: "F:1: did not find expected node content",
		},
		{
			name: "bad duration",
			in:   "tiers:\n  - id: L1\n    time_limit: soon\n",
			want: `F:3: "soon" is not a duration (write e.g. 15m, 4h or 72h)`,
		},
		{
			name: "bad target",
			in:   "targets:\n  fcr: high\n",
			want: `F:2: target "high" is not a number`,
		},
		{
			name: "bad time zone",
			in:   "time_zone: Mars/Olympus\n",
			want: `F: time_zone: "Mars/Olympus" is not an IANA time zone (e.g. Europe/Madrid, America/New_York, UTC)`,
		},
		{
			name: "unknown tier in the map",
			in:   "tier_map:\n  - glob: x\n    tier: L9\n",
			want: `F: tier_map[0]: tier "L9" is not one of the tiers (L0, L1, L2, L3, L4)`,
		},
		{
			name: "rule with two patterns",
			in:   "tier_map:\n  - glob: x\n    exact: y\n    tier: L1\n",
			want: "F: tier_map[0]: give exactly one of glob, exact or regex",
		},
		{
			name: "bad regex",
			in:   "tier_map:\n  - regex: \"(\"\n    tier: L1\n",
			want: "F: tier_map[0]: regex \"(\": error parsing regexp: missing closing ): `(`",
		},
		{
			name: "reserved and repeated tier ids",
			in:   "tiers:\n  - id: L1\n  - id: L1\n  - id: unmapped\ntier_map: []\nsla_policies: []\ntargets: {}\n",
			want: "F: tiers[1]: id \"L1\" is defined twice\n  tiers[2]: \"unmapped\" is reserved for groups no rule maps",
		},
		{
			name: "bad hours",
			in:   "calendars:\n  c:\n    time_zone: UTC\n    hours:\n      mon-fri: \"18:00-08:00\"\nsla_policies: []\n",
			want: `F: calendars.c.hours: mon-fri: "18:00-08:00" is not a time span (e.g. 08:00-18:00, or 00:00-24:00 for all day)`,
		},
		{
			name: "SLA policy on an undefined calendar",
			in:   "sla_policies:\n  - name: p\n    calendar: nope\n    response: 1h\n",
			want: `F: sla_policies[0] (p): calendar "nope" is not defined under calendars (24x7, business)`,
		},
		{
			name: "bad holiday",
			in:   "calendars:\n  c:\n    time_zone: UTC\n    holidays:\n      - date: 2026-13-01\nsla_policies: []\n",
			want: `F: calendars.c.holidays[0]: date "2026-13-01" is not YYYY-MM-DD`,
		},
		{
			name: "week start",
			in:   "week_start: friday\n",
			want: `F: week_start: "friday" must be monday or sunday`,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := writeConfig(t, tc.in)
			c, err := Load(p, false)
			if err == nil {
				t.Fatalf("Load succeeded: %+v", c)
			}
			want := strings.ReplaceAll(tc.want, "F", p)
			if err.Error() != want {
				t.Errorf("error:\n%s\nwant:\n%s", err, want)
			}
		})
	}
}

func TestICS(t *testing.T) {
	dir := t.TempDir()
	ics := "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261225\r\nSUMMARY:Christmas\r\nEND:VEVENT\r\n" +
		"BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260803\r\nDTEND;VALUE=DATE:20260808\r\nSUMMARY:Summer close\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	if err := os.WriteFile(filepath.Join(dir, "h.ics"), []byte(ics), 0o644); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "tierlens.yaml")
	if err := os.WriteFile(p, []byte("calendars:\n  c:\n    time_zone: UTC\n    hours: {mon-fri: \"09:00-17:00\"}\n    ics: h.ics\nsla_policies:\n  - {name: p, calendar: c, response: 1h}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Load(p, false)
	if err != nil {
		t.Fatal(err)
	}
	hs := c.Calendars["c"].Holidays
	if len(hs) != 2 || hs[0].From != "2026-12-25" || hs[0].To != "2026-12-25" || hs[1].From != "2026-08-03" || hs[1].To != "2026-08-07" {
		t.Errorf("holidays from ICS: %+v", hs)
	}
}

// FuzzParse: any bytes give a validated configuration or an error naming the file; never a
// panic. An accepted configuration maps every group to a known tier or unmapped.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"time_zone: UTC\n",
		"tier_map:\n  - glob: \"A*\"\n    tier: L1\n  - regex: \"^B\"\n    tier: L4\n    vendor: true\n",
		"tiers:\n  - id: T1\n    time_limit: 15m\ntargets: {x: 1, y: {T1: 2, default: 3}}\n",
		"calendars:\n  c: {time_zone: UTC, hours: {mon-fri: \"08:00-12:00, 13:00-24:00\"}, holidays: [{from: 2026-01-01, to: 2026-01-02}]}\n",
		"tier_mapp: 1\n",
		"a: &x [*x]\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := parse("fuzz.yaml", b)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.yaml") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		if c.Location() == nil || len(c.Tiers) == 0 {
			t.Fatalf("accepted config without zone or tiers: %+v", c)
		}
		for _, g := range []string{"", "Service Desk", "Vendor X", "a.b*c"} {
			tier, _, _ := c.MatchGroup("s", g)
			if tier != Unmapped && c.TierRank(tier) < 0 {
				t.Fatalf("group %q mapped to unknown tier %q", g, tier)
			}
		}
	})
}
