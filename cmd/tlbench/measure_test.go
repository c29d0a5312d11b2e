package main

import (
	"strings"
	"testing"
)

func TestLogSeconds(t *testing.T) {
	log := `time=2026-12-06T02:00:00Z level=DEBUG msg=timing what=convert seconds=1.5
time=2026-12-06T02:00:01Z level=DEBUG msg=timing what="derived tables" seconds=2.25
time=2026-12-06T02:00:02Z level=DEBUG msg=timing what="derived tables (incremental)" seconds=0.5
time=2026-12-06T02:00:03Z level=DEBUG msg=timing what="check (waited)" seconds=4
time=2026-12-06T02:00:04Z level=DEBUG msg="load step" file=x step=deriving`
	if got, ok := logSeconds(log, derivedTiming); got != 2.75 || !ok {
		t.Errorf("derived: %v %v, want 2.75 true", got, ok)
	}
	if got, ok := logSeconds(log, "convert"); got != 1.5 || !ok {
		t.Errorf("convert: %v %v, want 1.5 true", got, ok)
	}
	if got, ok := logSeconds(log, "merge"); got != 0 || ok {
		t.Errorf("merge: %v %v, want 0 false", got, ok)
	}
}

// The scaling table says which target each size missed, and nothing when all are met.
func TestScaleTable(t *testing.T) {
	ok := scaleRow{tickets: 1_000_000, metrics: measure{name: "metrics", seconds: 2, rssMB: 300}, run: &loadRun{
		fileMB: 2100, tickets: 1_000_000, events: 6_200_000, dOK: true,
		raw:  measure{name: "read_csv", seconds: 40, rssMB: 1000},
		load: measure{name: "load", seconds: 79, rssMB: 3000}, loadDerived: 20,
		delta: measure{name: "delta", seconds: 7.9, rssMB: 2000},
	}}
	slow := ok
	run := *ok.run
	run.load.seconds, run.loadDerived, run.delta.rssMB = 90, 20, 5000
	slow.run = &run
	slow.tickets = 4_000_000
	var b strings.Builder
	writeScaleTable(&b, []scaleRow{ok, slow})
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 4 {
		t.Fatalf("table:\n%s", b.String())
	}
	if want := "| 1,000,000 | 6,200,000 | 2100 | 40.0 | 79.0 | 1.98x | 1.48x | 7.9 | 10.0% | 2.0 | 1000 / 3000 / 2000 / 300 | all met |"; lines[2] != want {
		t.Errorf("row 1:\n%s\nwant\n%s", lines[2], want)
	}
	if !strings.HasPrefix(lines[3], "| 4,000,000 |") || !strings.HasSuffix(lines[3], "| MISSED: load ≤ 2.0x, file ≤ 1.5x, delta RSS ≤ 4 GB |") {
		t.Errorf("row 2: %s", lines[3])
	}
}

// A repeated step is its fastest run, with the highest peak RSS of all runs, and says every run.
func TestRepeated(t *testing.T) {
	var r repeated
	r.add(measure{name: "delta", seconds: 9.4, rssMB: 1200, log: "first"})
	r.add(measure{name: "delta", seconds: 8.1, rssMB: 1100, log: "second"})
	r.add(measure{name: "delta", seconds: 8.8, rssMB: 1300, log: "third"})
	m := r.measure()
	if m.seconds != 8.1 || m.log != "second" || m.rssMB != 1300 {
		t.Errorf("measure: %+v, want the second run's 8.1 s and log with the third's 1300 MB", m)
	}
	if got, want := r.spread(), "9.4, 8.1 and 8.8 s"; got != want {
		t.Errorf("spread: %q, want %q", got, want)
	}
	var one repeated
	one.add(measure{seconds: 2.3})
	if got := one.spread(); got != "2.3 s" {
		t.Errorf("one run: %q", got)
	}
}

// The floor line adds the load's parse and DuckDB's copy of its tables, against read_csv, and
// is left out when either figure is missing.
func TestFloorNote(t *testing.T) {
	r := &loadRun{raw: measure{seconds: 40}, load: measure{seconds: 100}, parse: 25, copied: measure{seconds: 30}}
	want := "floor: the load's parse of the file (25.0 s) + DuckDB copying the tables it wrote (30.0 s) = 55.0 s, 1.38x read_csv; the load's other 45.0 s compute"
	if got := r.notes(); !strings.Contains(got, want) {
		t.Errorf("notes:\n%s\nwant a line with\n%s", got, want)
	}
	r.parse = 0
	if got := r.notes(); strings.Contains(got, "floor:") {
		t.Errorf("notes without a parse timing:\n%s", got)
	}
	r.parse, r.copied.seconds = 25, 0
	if got := r.notes(); strings.Contains(got, "floor:") {
		t.Errorf("notes without the copy:\n%s", got)
	}
}
