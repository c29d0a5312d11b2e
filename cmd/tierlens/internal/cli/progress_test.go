package cli

import (
	"bytes"
	"strings"
	"testing"
)

// While the derived tables are built, the progress line names the table and how many of them
// are done, and the bar advances by table: a first load of 1M tickets spends over a minute
// here, which the line used to show as one step at 40%.
func TestProgressShowsDerivedTable(t *testing.T) {
	var buf bytes.Buffer
	p := &progress{env: &Env{Err: &buf}, on: true, total: 1}
	p.file(0, "/exports/incidents.csv")
	p.step("", "reading")
	p.done()
	p.derivation()
	p.derive("sla_instances", 2, 9)
	p.derive("", 1, 1)
	p.done()
	out := buf.String()
	for _, want := range []string{
		"  5%  file 1/1 incidents.csv  reading",
		" 22%  derived tables  sla_instances (3/9)",
		"100%  derived tables  writing",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("progress lacks %q in\n%q", want, out)
		}
	}
	if strings.Contains(out, "file 1/1 derived tables") {
		t.Errorf("the derivation shows as a file:\n%q", out)
	}
}
