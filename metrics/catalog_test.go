package metrics

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

const goodHeader = `-- ---
-- name: sample
-- title: A sample
-- description: Something counted.
-- unit: ratio
-- direction: up
-- target: {L1: 0.8, default: 0.7}
-- grains: [week, month]
-- dimensions: [tier, priority, age]
-- needs: [history]
-- ---
SELECT $start, $end, $by -- $nope in a comment
FROM t WHERE x = '$nope in a literal';
`

func TestParseGood(t *testing.T) {
	m, probs := Parse("queries/metrics/sample.sql", []byte(goodHeader))
	if len(probs) > 0 {
		t.Fatalf("problems: %v", Problems(probs))
	}
	if m.Name != "sample" || m.Unit != UnitRatio || m.Direction != Up || m.Title != "A sample" {
		t.Errorf("header: %+v", m)
	}
	if got := strings.Join(m.Fixed(), ","); got != "age" {
		t.Errorf("fixed dimensions: %q", got)
	}
	if v, ok := m.Target.For("L1"); !ok || v != 0.8 {
		t.Errorf("target L1: %v %v", v, ok)
	}
	if v, ok := m.Target.For("L2"); !ok || v != 0.7 {
		t.Errorf("target default: %v %v", v, ok)
	}
	if got := strings.Join(m.params, ","); got != "start,end,by" {
		t.Errorf("params: %q", got)
	}
	if got := strings.Join(m.Columns(), ","); got != "period,tier,priority,age,value,numerator,denominator" {
		t.Errorf("columns: %q", got)
	}
}

func TestParseProblems(t *testing.T) {
	cases := []struct {
		name, src string
		want      []string // every problem, in order
	}{
		{"no header", "SELECT 1", []string{"x.sql:1: a metric file starts with a header"}},
		{"not closed", "-- ---\n-- name: x\nSELECT 1", []string{"x.sql:3: header is not closed: this line is not a `--` comment"}},
		{"never closed", "-- ---\n-- name: x", []string{"x.sql:1: header is not closed"}},
		{"yaml syntax", "-- ---\n-- name: [x\n-- ---\nSELECT 1", []string{"x.sql:"}},
		{"everything wrong at once", `-- ---
-- name: other
-- title: T
-- description: D
-- unit: percent
-- direction: sideways
-- grains: [week, fortnight, week]
-- dimensions: [priority, tier, value]
-- needs: [telepathy]
-- colour: blue
-- target: high
-- ---
SELECT $start, $when
`, []string{
			`x.sql:2: name "other" must equal the file name "x"`,
			`x.sql:5: unit "percent": use one of count, ratio, minutes, hours, score`,
			`x.sql:6: direction "sideways"`,
			`x.sql:7: grains: "fortnight" is not a grain`,
			`x.sql:7: grains: "week" is listed twice`,
			`x.sql:8: dimensions: "value" is a result column`,
			`x.sql:8: dimensions: list the selectable ones in the order tier, priority`,
			`x.sql:9: needs: "telepathy" is not known`,
			`x.sql:10: unknown key "colour"`,
			`x.sql:11: target: a number`,
			`x.sql:13: unknown parameter $when`,
		}},
		{"missing keys", "-- ---\n-- name: x\n-- ---\nSELECT 1", []string{
			`x.sql:1: missing key "title"`, `x.sql:1: missing key "description"`, `x.sql:1: missing key "unit"`,
			`x.sql:1: missing key "direction"`, `x.sql:1: missing key "grains"`, `x.sql:1: missing key "dimensions"`,
		}},
		{"ratio target out of range", strings.Replace(goodHeader, "{L1: 0.8, default: 0.7}", "75", 1), []string{
			`x.sql:7: target 75: ratios are fractions`, `x.sql:2: name "sample" must equal`,
		}},
		{"no SQL", "-- ---\n-- name: x\n-- title: T\n-- description: D\n-- unit: count\n-- direction: up\n-- grains: [day]\n-- dimensions: []\n-- ---\n-- only a comment\n",
			[]string{"x.sql:9: the file has a header but no SQL"}},
		{"unknown role and explain facts", strings.Replace(goodHeader, "-- needs: [history]", "-- needs: [history]\n-- role: sla_whatever\n-- explain: [entry, mood, entry]", 1), []string{
			`x.sql:2: name "sample"`, `x.sql:11: role "sla_whatever" is not known (use sla_resolution, sla_response)`,
			`x.sql:12: explain: "mood" is not a ticket fact`, `x.sql:12: explain: "entry" is listed twice`,
		}},
		{"key twice", strings.Replace(goodHeader, "-- unit: ratio", "-- unit: ratio\n-- unit: count", 1), []string{
			`x.sql:2: name "sample"`, `x.sql:6: key "unit" is given twice`,
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, probs := Parse("x.sql", []byte(c.src))
			ps := Problems(probs)
			ps.sort()
			if len(ps) != len(c.want) {
				t.Fatalf("got %d problems, want %d:\n%v", len(ps), len(c.want), ps)
			}
			got := make([]string, len(ps))
			for i, p := range ps {
				got[i] = p.String()
			}
			for _, w := range c.want {
				found := false
				for _, g := range got {
					if strings.HasPrefix(g, w) {
						found = true
					}
				}
				if !found {
					t.Errorf("missing %q in\n%s", w, strings.Join(got, "\n"))
				}
			}
		})
	}
}

// A role is held by one metric: a second claim is an error at its line; ByRole finds the holder.
func TestRoles(t *testing.T) {
	file := func(name string) *fstest.MapFile {
		src := strings.Replace(goodHeader, "name: sample", "name: "+name, 1)
		src = strings.Replace(src, "-- needs: [history]", "-- needs: [history]\n-- role: sla_response\n-- explain: [entry, path]", 1)
		return &fstest.MapFile{Data: []byte(src)}
	}
	c, err := Load(fstest.MapFS{"a.sql": file("a"), "b.sql": file("b")}, "")
	if err == nil || !strings.Contains(err.Error(), `queries/metrics/b.sql:11: role "sla_response" is already held by a (queries/metrics/a.sql)`) {
		t.Fatalf("second holder of a role: %v", err)
	}
	if m := c.ByRole(RoleSLAResponse); m == nil || m.Name != "a" || strings.Join(m.Explain, " ") != "entry path" {
		t.Errorf("ByRole: %+v", m)
	}
	if c.ByRole(RoleSLAResolution) != nil {
		t.Error("a role nobody holds has a metric")
	}
}

func TestLoadCatalogUserDir(t *testing.T) {
	builtin := fstest.MapFS{
		"sample.sql":   {Data: []byte(goodHeader)},
		"_helper.sql":  {Data: []byte("SELECT 1")},
		"variant.sql":  {Data: []byte(strings.NewReplacer("name: sample", "name: variant", "-- needs", "-- variant_of: sample\n-- needs").Replace(goodHeader))},
		"orphan.sql":   {Data: []byte(strings.NewReplacer("name: sample", "name: orphan", "-- needs", "-- variant_of: nothing\n-- needs").Replace(goodHeader))},
		"notsql.txt":   {Data: []byte("x")},
		"chained.sql":  {Data: []byte(strings.NewReplacer("name: sample", "name: chained", "-- needs", "-- variant_of: variant\n-- needs").Replace(goodHeader))},
		"selfish.sql":  {Data: []byte(strings.NewReplacer("name: sample", "name: selfish", "-- needs", "-- variant_of: selfish\n-- needs").Replace(goodHeader))},
		"brokenx.sql":  {Data: []byte("SELECT 1")},
		"nothing2.sql": {Data: []byte(strings.Replace(goodHeader, "name: sample", "name: nothing2", 1))},
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "sample.sql"), []byte(goodHeader), 0o644); err != nil {
		t.Fatal(err)
	}
	mine := strings.Replace(goodHeader, "name: sample", "name: mine", 1)
	if err := os.WriteFile(filepath.Join(dir, "mine.sql"), []byte(mine), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Load(builtin, dir)
	if err == nil {
		t.Fatal("want problems")
	}
	msg := err.Error()
	for _, want := range []string{
		"queries/metrics/brokenx.sql:1: a metric file starts with a header",
		`queries/metrics/chained.sql:10: variant_of: "variant" is itself a variant of "sample"`,
		`queries/metrics/orphan.sql:10: variant_of: "nothing" is not a metric of the catalog`,
		`queries/metrics/selfish.sql:10: variant_of: a metric cannot be a variant of itself`,
		filepath.Join(dir, "sample.sql") + `:1: metric "sample" is already defined in queries/metrics/sample.sql`,
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("missing %q in\n%s", want, msg)
		}
	}
	if got := strings.Join(c.Names(), ","); got != "chained,mine,nothing2,orphan,sample,selfish,variant" {
		t.Errorf("names: %s", got)
	}
	if got := strings.Join(c.Variants("sample"), ","); got != "variant" {
		t.Errorf("variants: %s", got)
	}
	if _, err := c.Get("nope"); err == nil || !strings.Contains(err.Error(), "the catalog has chained, mine") {
		t.Errorf("Get: %v", err)
	}
}

func TestTrimSemicolon(t *testing.T) {
	for in, want := range map[string]string{
		"SELECT 1;":                   "SELECT 1",
		"SELECT 1;\n-- trailing\n":    "SELECT 1\n-- trailing\n",
		"SELECT ';'":                  "SELECT ';'",
		"SELECT 1 -- no semicolon;\n": "SELECT 1 -- no semicolon;\n",
	} {
		if got := trimSemicolon(in); got != want {
			t.Errorf("%q: got %q, want %q", in, got, want)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(goodHeader))
	f.Add([]byte("-- ---\n-- name: x\n-- ---\nSELECT 1"))
	f.Add([]byte("-- ---\n-- target: {L1: [1, 2]}\n-- dimensions: {a: b}\n-- ---\n"))
	f.Add([]byte("\n\n-- ---\r\n-- name: \"x\"\r\n-- ---\r\nSELECT '$x' /* $y */ $z"))
	f.Fuzz(func(t *testing.T, src []byte) {
		m, probs := Parse("fuzz.sql", src)
		for _, p := range probs {
			if p.File != "fuzz.sql" || p.Line < 1 || p.Msg == "" {
				t.Fatalf("bad problem %+v", p)
			}
		}
		if m != nil && len(probs) == 0 && m.Name != "fuzz" {
			t.Fatalf("a metric named %q parsed without problems from fuzz.sql", m.Name)
		}
	})
}
