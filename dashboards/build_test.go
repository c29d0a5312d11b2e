package dashboards_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/tierlens/tierlens/config"
	"github.com/tierlens/tierlens/dashboards"
	"github.com/tierlens/tierlens/metrics"
)

var update = flag.Bool("update", false, "rewrite testdata/*.json from the current reports")

// Hostile names from the data: they must reach the report unchanged (renderers escape them).
const (
	hostileScript = `</script><script>alert(1)</script>`
	hostileImg    = `<img src=x onerror=alert(1)>`
)

// fakeMetric is the header of a crafted metric file; the SQL is never run (fakeRunner
// computes the results), so the body is a placeholder.
func fakeMetric(name, unit, direction, target, variantOf string, extraDims ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "-- ---\n-- name: %s\n-- title: %s title\n-- description: What %s measures.\n-- unit: %s\n-- direction: %s\n", name, strings.ReplaceAll(name, "_", " "), name, unit, direction)
	if target != "" {
		fmt.Fprintf(&b, "-- target: %s\n", target)
	}
	if variantOf != "" {
		fmt.Fprintf(&b, "-- variant_of: %s\n", variantOf)
	}
	dims := append([]string{"tier", "priority", "channel", "group", "vendor", "category", "source"}, extraDims...)
	fmt.Fprintf(&b, "-- grains: [day, week, month, quarter]\n-- dimensions: [%s]\n-- ---\nSELECT 1;\n", strings.Join(dims, ", "))
	return b.String()
}

// fakeCatalog is a catalog of the metrics the dashboard uses; without sla, the SLA, OLA and
// vendor metrics are left out (as before the SLA engine lands).
func fakeCatalog(t testing.TB, sla bool) *metrics.Catalog {
	t.Helper()
	files := map[string]string{
		"created":                 fakeMetric("created", "count", "down", "", ""),
		"resolved":                fakeMetric("resolved", "count", "up", "", ""),
		"backlog":                 fakeMetric("backlog", "count", "down", "", ""),
		"backlog_aging":           fakeMetric("backlog_aging", "count", "down", "", "", "age"),
		"resolution_time":         fakeMetric("resolution_time", "minutes", "down", "", ""),
		"resolution_time_p90":     fakeMetric("resolution_time_p90", "minutes", "down", "", "resolution_time"),
		"first_response_time":     fakeMetric("first_response_time", "minutes", "down", "", ""),
		"first_response_time_p90": fakeMetric("first_response_time_p90", "minutes", "down", "", "first_response_time"),
		"fcr":                     fakeMetric("fcr", "ratio", "up", "0.70", ""),
		"first_level_resolution":  fakeMetric("first_level_resolution", "ratio", "up", "0.75", ""),
		"resolve_vs_escalate":     fakeMetric("resolve_vs_escalate", "ratio", "up", "", ""),
		"time_in_tier":            fakeMetric("time_in_tier", "minutes", "down", "", ""),
		"time_limit_breaches":     fakeMetric("time_limit_breaches", "ratio", "down", "", ""),
		"csat_positive_rate":      fakeMetric("csat_positive_rate", "ratio", "up", "0.85", ""),
		"csat_response_rate":      fakeMetric("csat_response_rate", "ratio", "up", "", "csat_positive_rate"),
		"reopen_rate":             fakeMetric("reopen_rate", "ratio", "down", "0.05", ""),
	}
	if sla {
		files["sla_response_attainment"] = fakeMetric("sla_response_attainment", "ratio", "up", "0.95", "")
		files["sla_resolution_attainment"] = fakeMetric("sla_resolution_attainment", "ratio", "up", "{L1: 0.95, default: 0.9}", "")
		files["sla_source_flag"] = fakeMetric("sla_source_flag", "ratio", "up", "", "")
		files["ola_attainment"] = fakeMetric("ola_attainment", "ratio", "up", "", "")
		files["vendor_attainment"] = fakeMetric("vendor_attainment", "ratio", "up", "0.9", "")
	}
	fsys := fstest.MapFS{}
	for n, body := range files {
		fsys[n+".sql"] = &fstest.MapFile{Data: []byte(body)}
	}
	cat, err := metrics.Load(fsys, "")
	if err != nil {
		t.Fatal(err)
	}
	cat.SetTargets(config.Default().Targets) // as LoadCatalog does
	if sla {
		// The real files declare these roles in their headers (role: sla_response); set here so
		// the fixture files, and with them the goldens' definitions hash, stay as they were.
		for name, role := range map[string]string{"sla_response_attainment": metrics.RoleSLAResponse, "sla_resolution_attainment": metrics.RoleSLAResolution} {
			m, err := cat.Get(name)
			if err != nil {
				t.Fatal(err)
			}
			m.Role = role
		}
	}
	return cat
}

// fakeRunner computes deterministic results shaped like the real runner's: a spine of every
// period × dimension value, ratios with numerators and denominators, times in minutes with
// sample sizes, counts.
type fakeRunner struct {
	cat     *metrics.Catalog
	cfg     *config.Config
	calls   []string
	failing string // a metric whose query fails
	na      string // a metric the source cannot feed
}

var (
	fakeTiers      = []string{"L0", "L1", "L2", "L3", "L4", "unmapped"}
	fakePriorities = []string{"P1", "P2", "P3", "P4"}
	fakeVendors    = []string{"(none)", "Vendor Acme", hostileScript, hostileImg}
	fakeAges       = []string{"0-1", "2-5", "6-10", "11-30", ">30"}
)

func hash(parts ...any) uint32 {
	h := fnv.New32a()
	fmt.Fprint(h, parts...)
	return h.Sum32()
}

func (f *fakeRunner) run(_ context.Context, names []string, q metrics.Query) ([]*metrics.Result, error) {
	f.calls = append(f.calls, fmt.Sprintf("%s %v %s..%s %s", q.Grain, q.By, q.From.Format(time.DateOnly), q.To.Format(time.DateOnly), strings.Join(names, ",")))
	if len(names) == 0 {
		return nil, errors.New("the dashboard must never run the whole catalog")
	}
	p := metrics.PeriodsOf(f.cfg)
	from, to := p.Span(q.Grain, q.From, q.To)
	var out []*metrics.Result
	for _, n := range names {
		if n == f.failing {
			return nil, fmt.Errorf("run metric %s: Binder Error: column \"priority\" not found", n)
		}
		m, err := f.cat.Get(n)
		if err != nil {
			return nil, err
		}
		r := &metrics.Result{Metric: m, Grain: q.Grain, From: from, To: to}
		var axes [][]string
		for _, d := range q.By {
			if !m.HasDimension(d) {
				continue
			}
			r.Dimensions = append(r.Dimensions, d)
			switch d {
			case "tier":
				axes = append(axes, fakeTiers)
			case "priority":
				axes = append(axes, fakePriorities)
			case "vendor":
				axes = append(axes, fakeVendors)
			}
		}
		for _, d := range m.Fixed() {
			r.Dimensions = append(r.Dimensions, d)
			axes = append(axes, fakeAges)
		}
		for pi, start := range p.List(q.Grain, from, to) {
			for _, dims := range product(axes) {
				row := metrics.Row{Period: start, End: p.Next(q.Grain, start), Dims: dims}
				h := hash(n, pi, dims)
				switch {
				case n == f.na:
					row.Note = metrics.NotAvailable + " (no satisfaction scores)"
				case m.Ratio():
					den := float64(10 + h%90)
					num := float64(int(den * (0.55 + float64(h%40)/100)))
					if slices.Contains(dims, "L0") && n == "fcr" {
						den, num = 0, 0 // a ratio over nothing
					}
					row.Numerator, row.Denominator = &num, &den
					if den > 0 {
						v := num / den
						row.Value = &v
					}
				case m.Unit == metrics.UnitMinutes:
					v := float64(15 + h%900)
					s := int64(5 + h%60)
					row.Value, row.SampleSize = &v, &s
				default:
					v := float64(h % 120)
					if slices.Contains(dims, "(none)") {
						v = 0
					}
					s := int64(v)
					row.Value, row.SampleSize = &v, &s
				}
				if t, ok := m.TargetFor(dimOr(r.Dimensions, dims, "tier")); ok { // the effective target, as the runner
					row.Target = &t
				}
				r.Rows = append(r.Rows, row)
			}
		}
		if n == f.na {
			r.Note = metrics.NotAvailable + " (no satisfaction scores)"
		}
		out = append(out, r)
	}
	return out, nil
}

func dimOr(names, vals []string, want string) string {
	if i := slices.Index(names, want); i >= 0 {
		return vals[i]
	}
	return ""
}

func product(axes [][]string) [][]string {
	out := [][]string{{}}
	for _, a := range axes {
		var next [][]string
		for _, prefix := range out {
			for _, v := range a {
				next = append(next, append(slices.Clone(prefix), v))
			}
		}
		out = next
	}
	return out
}

// fakeFacts are the data facts of a warehouse with an unmapped group named like an attack, a
// flat source and rejects.
func fakeFacts(flat bool) dashboards.Facts {
	utc := func(s string) time.Time {
		t, _ := time.Parse(time.DateTime, s)
		return t
	}
	f := dashboards.Facts{
		Sources: []dashboards.SourceFact{
			{Name: "desk", Tickets: 5000, FirstCreated: utc("2026-07-31 04:58:24"), LastChange: utc("2026-11-20 23:53:00"), Active: 520},
		},
		Loads: []dashboards.LoadFact{
			{ID: 1, File: "events.csv", Source: "desk", InPeriod: true},
			{ID: 2, File: "late.csv", Source: "desk", Rejected: 7, InPeriod: true, Reasons: []dashboards.Reason{{Reason: "created_at: not a time", Records: 5}, {Reason: "no ticket number", Records: 2}}},
			{ID: 3, File: "old.csv", Source: "desk", Rejected: 3, InPeriod: false},
		},
		Unmapped: []dashboards.GroupFact{{Source: "desk", Group: "Facilities", Tickets: 3}, {Source: "desk", Group: hostileImg, Tickets: 5}},
		Flow: []dashboards.FlowFact{
			{FromStep: 1, FromTier: "L0", ToTier: "L1", Tickets: 9},
			{FromStep: 1, FromTier: "L0", Outcome: "resolved", Tickets: 11},
			{FromStep: 1, FromTier: "L1", ToTier: "L2", Tickets: 65},
			{FromStep: 1, FromTier: "L1", ToTier: "unmapped", Tickets: 3},
			{FromStep: 1, FromTier: "L1", Outcome: "resolved", Tickets: 202},
			{FromStep: 1, FromTier: "L1", Outcome: "cancelled", Tickets: 3},
			{FromStep: 2, FromTier: "L1", Outcome: "resolved", Tickets: 6},
			{FromStep: 2, FromTier: "L2", ToTier: "L1", Tickets: 6},
			{FromStep: 2, FromTier: "L2", ToTier: "L3", Tickets: 10},
			{FromStep: 2, FromTier: "L2", Outcome: "resolved", Tickets: 49},
			{FromStep: 2, FromTier: "unmapped", Outcome: "resolved", Tickets: 3},
			{FromStep: 3, FromTier: "L1", Outcome: "resolved", Tickets: 6},
			{FromStep: 3, FromTier: "L3", ToTier: "L4", Tickets: 2},
			{FromStep: 3, FromTier: "L3", Outcome: "open", Tickets: 8},
			{FromStep: 4, FromTier: "L4", Outcome: "open", Tickets: 2},
			{FromStep: 7, FromTier: "L2", Outcome: "open", Tickets: 1}, // beyond the steps shown
		},
	}
	if flat {
		f.Sources = append(f.Sources, dashboards.SourceFact{Name: "snow", Tickets: 800, Flat: 800, FirstCreated: utc("2026-08-01 00:00:00"), LastChange: utc("2026-11-19 10:00:00"), Active: 90, FlatActive: 90})
	}
	return f
}

// madridWeek is week 2026-W46 (Monday 2026-11-09) in the default configuration's zone.
func spec(t testing.TB, cfg *config.Config, lang string, trend int) dashboards.Spec {
	t.Helper()
	p := metrics.PeriodsOf(cfg)
	from, to, err := p.Week("2026-W46", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	tf := from
	for i := 1; i < trend; i++ {
		tf = p.Start(metrics.Week, tf.Add(-time.Nanosecond))
	}
	return dashboards.Spec{Grain: metrics.Week, From: from, To: to, TrendFrom: tf, Lang: lang, Version: "test"}
}

func build(t testing.TB, cat *metrics.Catalog, run *fakeRunner, s dashboards.Spec, facts dashboards.Facts) *dashboards.Report {
	t.Helper()
	res, err := dashboards.Collect(context.Background(), cat, run.run, s)
	if err != nil {
		t.Fatal(err)
	}
	r, err := dashboards.Build(dashboards.Input{Spec: s, Config: run.cfg, Catalog: cat, Results: res, Facts: facts})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestGolden compares whole reports, as JSON, with testdata/report_*.json (go test
// ./dashboards -run TestGolden -update rewrites them; review the diff). The same files are
// what the HTML tests render.
func TestGolden(t *testing.T) {
	cfg := config.Default()
	cases := []struct {
		name, lang string
		sla, flat  bool
		failing    string
		na         string
	}{
		{name: "full_en", lang: "en", sla: true},
		{name: "full_es", lang: "es", sla: true},
		// before the SLA engine: SLA metrics missing; a flat source; a metric failing; CSAT not
		// recorded by the source
		{name: "partial_en", lang: "en", flat: true, failing: "time_limit_breaches", na: "csat_positive_rate"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cat := fakeCatalog(t, c.sla)
			run := &fakeRunner{cat: cat, cfg: cfg, failing: c.failing, na: c.na}
			r := build(t, cat, run, spec(t, cfg, c.lang, 13), fakeFacts(c.flat))
			got, err := json.MarshalIndent(r, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			path := filepath.Join("testdata", "report_"+c.name+".json")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v: run go test ./dashboards -run TestGolden -update and review the file", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("report differs from %s (go test ./dashboards -run TestGolden -update, then review the diff)\n%s", path, firstDiff(want, got))
			}
		})
	}
}

func firstDiff(a, b []byte) string {
	la, lb := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := 0; i < len(la) || i < len(lb); i++ {
		var x, y string
		if i < len(la) {
			x = la[i]
		}
		if i < len(lb) {
			y = lb[i]
		}
		if x != y {
			return fmt.Sprintf("line %d:\n  want %s\n  got  %s", i+1, x, y)
		}
	}
	return ""
}

// Each metric runs once per breakdown, and never as an empty name list (which would run the
// whole catalog): the tiles and deltas come from the trend run.
func TestCollectRunsEachMetricOnce(t *testing.T) {
	cfg := config.Default()
	cat := fakeCatalog(t, true)
	run := &fakeRunner{cat: cat, cfg: cfg}
	s := spec(t, cfg, "en", 13)
	if _, err := dashboards.Collect(context.Background(), cat, run.run, s); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"week [tier] 2026-08-17..2026-11-16 created,resolved,backlog,fcr,first_level_resolution,csat_positive_rate,sla_response_attainment,sla_resolution_attainment,ola_attainment,reopen_rate",
		"week [] 2026-08-17..2026-11-16 resolution_time,first_response_time",
		"week [tier] 2026-11-09..2026-11-16 backlog_aging,resolution_time,resolution_time_p90,first_response_time,first_response_time_p90,resolve_vs_escalate,time_in_tier,time_limit_breaches,csat_response_rate",
		"week [priority] 2026-11-09..2026-11-16 sla_response_attainment,sla_resolution_attainment",
		"week [vendor] 2026-11-09..2026-11-16 resolved,resolution_time,time_in_tier,reopen_rate,csat_positive_rate,vendor_attainment",
	}
	if !slices.Equal(run.calls, want) {
		t.Errorf("runs:\n%s\nwant:\n%s", strings.Join(run.calls, "\n"), strings.Join(want, "\n"))
	}
}

// A metric that fails is retried alone, shown as failed, and does not take the others down.
func TestCollectKeepsGoingPastAFailingMetric(t *testing.T) {
	cfg := config.Default()
	cat := fakeCatalog(t, true)
	run := &fakeRunner{cat: cat, cfg: cfg, failing: "fcr"}
	res, err := dashboards.Collect(context.Background(), cat, run.run, spec(t, cfg, "en", 4))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := res.Failed["fcr"]; !ok || len(res.Failed) != 1 {
		t.Errorf("failed = %v, want fcr alone", res.Failed)
	}
	if res.Trend["created"] == nil || res.Trend["fcr"] != nil {
		t.Errorf("trend results: created %v, fcr %v", res.Trend["created"] != nil, res.Trend["fcr"] != nil)
	}
	// cancellation is not a metric failure
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	cancelled := func(ctx context.Context, names []string, q metrics.Query) ([]*metrics.Result, error) {
		return nil, ctx.Err()
	}
	if _, err := dashboards.Collect(ctx, cat, cancelled, spec(t, cfg, "en", 4)); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled collect: %v", err)
	}
}

// Tiles: RAG against the target in the metric's direction, delta against the previous period,
// states for what cannot be shown.
func TestTiles(t *testing.T) {
	cfg := config.Default()
	s := spec(t, cfg, "en", 3)
	r := build(t, fakeCatalog(t, false), &fakeRunner{cat: fakeCatalog(t, false), cfg: cfg, na: "csat_positive_rate"}, s, fakeFacts(false))
	tiles := map[string]dashboards.Tile{}
	for _, tl := range r.Tiles {
		tiles[tl.Metric] = tl
	}
	if len(r.Tiles) != 12 {
		t.Errorf("%d tiles, want 12", len(r.Tiles))
	}
	for _, name := range []string{"role:sla_resolution", "role:sla_response", "ola_attainment"} {
		if tl := tiles[name]; tl.State != dashboards.StateMissing || tl.Value != nil {
			t.Errorf("%s: state %q value %v, want missing", name, tl.State, tl.Value)
		}
	}
	if tl := tiles["csat_positive_rate"]; tl.State != dashboards.StateNotAvailable {
		t.Errorf("csat: state %q, want not available", tl.State)
	}
	for _, name := range []string{"fcr", "reopen_rate", "created", "resolution_time"} {
		tl := tiles[name]
		if tl.Value == nil || tl.Previous == nil || tl.Delta == nil || len(tl.Spark) != 3 {
			t.Fatalf("%s: %+v", name, tl)
		}
		if d := *tl.Value - *tl.Previous; abs(d-*tl.Delta) > 1e-9 {
			t.Errorf("%s: delta %v, want %v", name, *tl.Delta, d)
		}
		if *tl.Spark[2] != *tl.Value || *tl.Spark[1] != *tl.Previous {
			t.Errorf("%s: sparkline %v does not end with previous, value", name, tl.Spark)
		}
		up := *tl.Delta > 0
		want := "worse"
		if up == (tl.Direction == metrics.Up) {
			want = "better"
		}
		if *tl.Delta != 0 && tl.Better != want {
			t.Errorf("%s (%s): delta %v judged %q, want %q", name, tl.Direction, *tl.Delta, tl.Better, want)
		}
	}
	if tl := tiles["resolution_time"]; tl.Unit != dashboards.UnitHours {
		t.Errorf("MTTR unit %q, want hours", tl.Unit)
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func TestRAG(t *testing.T) {
	cases := []struct {
		v, target       float64
		unit, direction string
		want            string
	}{
		{0.70, 0.70, dashboards.UnitPercent, "up", dashboards.Green},
		{0.66, 0.70, dashboards.UnitPercent, "up", dashboards.Amber},
		{0.64, 0.70, dashboards.UnitPercent, "up", dashboards.Red},
		{0.04, 0.05, dashboards.UnitPercent, "down", dashboards.Green},
		{0.09, 0.05, dashboards.UnitPercent, "down", dashboards.Amber},
		{0.11, 0.05, dashboards.UnitPercent, "down", dashboards.Red},
		{10.5, 10, dashboards.UnitHours, "down", dashboards.Amber},
		{12, 10, dashboards.UnitHours, "down", dashboards.Red},
	}
	for _, c := range cases {
		if got := dashboards.RAG(&c.v, &c.target, c.unit, c.direction); got != c.want {
			t.Errorf("RAG(%v, target %v, %s, %s) = %q, want %q", c.v, c.target, c.unit, c.direction, got, c.want)
		}
	}
	if got := dashboards.RAG(nil, nil, dashboards.UnitPercent, "up"); got != "" {
		t.Errorf("no target: %q", got)
	}
}

// The Sankey stays acyclic: every link goes to a node further right (or to an outcome), and a
// bounce L1 → L2 → L1 shows as three nodes.
func TestFlowIsAcyclic(t *testing.T) {
	cfg := config.Default()
	cat := fakeCatalog(t, true)
	r := build(t, cat, &fakeRunner{cat: cat, cfg: cfg}, spec(t, cfg, "en", 2), fakeFacts(false))
	var flow *dashboards.Flow
	for _, s := range r.Sections {
		for _, c := range s.Charts {
			if c.Kind == dashboards.KindSankey {
				flow = c.Flow
			}
		}
	}
	if flow == nil {
		t.Fatal("no flow chart")
	}
	depth := map[string]int{}
	labels := map[string]bool{}
	for _, n := range flow.Nodes {
		depth[n.ID] = n.Depth
		labels[n.Label] = true
	}
	for _, l := range flow.Links {
		if depth[l.Target] <= depth[l.Source] {
			t.Errorf("link %s (depth %d) → %s (depth %d) does not go right", l.Source, depth[l.Source], l.Target, depth[l.Target])
		}
	}
	for _, want := range []string{"L1 (1st)", "L2 (2nd)", "L1 (3rd)", "Resolved", "Still open"} {
		if !labels[want] {
			t.Errorf("no node %q in %v", want, labels)
		}
	}
}

func TestFormat(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	cases := []struct {
		v          *float64
		unit, lang string
		want       string
	}{
		{f(0.8534), dashboards.UnitPercent, "en", "85.3%"},
		{f(0.8534), dashboards.UnitPercent, "es", "85,3 %"},
		{f(12.345), dashboards.UnitHours, "en", "12.3 h"},
		{f(1234567), dashboards.UnitCount, "en", "1,234,567"},
		{f(1234567), dashboards.UnitCount, "es", "1.234.567"},
		{f(1234), dashboards.UnitCount, "es", "1234"},
		{f(-3), dashboards.UnitCount, "en", "−3"},
		{nil, dashboards.UnitCount, "en", "–"},
	}
	for _, c := range cases {
		if got := dashboards.Format(c.v, c.unit, c.lang); got != c.want {
			t.Errorf("Format(%v, %s, %s) = %q, want %q", c.v, c.unit, c.lang, got, c.want)
		}
	}
	if got := dashboards.FormatDelta(f(0.021), dashboards.UnitPercent, "en"); got != "+2.1 pp" {
		t.Errorf("delta %q", got)
	}
	if got := dashboards.FormatDelta(f(-2.5), dashboards.UnitHours, "es"); got != "−2,5 h" {
		t.Errorf("delta %q", got)
	}
	if got := dashboards.FormatDelta(f(-0.0001), dashboards.UnitPercent, "en"); got != "±0.0 pp" {
		t.Errorf("delta %q", got)
	}
	if got := dashboards.Format(f(0.25), dashboards.UnitHours, "en"); got != "0.3 h" {
		t.Errorf("half rounds away from zero: %q", got)
	}
}

// Every message has both languages, and the Spanish report has no English interface text.
func TestMessages(t *testing.T) {
	for _, lang := range dashboards.Languages {
		if err := dashboards.CheckLang(lang); err != nil {
			t.Error(err)
		}
	}
	if err := dashboards.CheckLang("fr"); err == nil {
		t.Error("fr accepted")
	}
	if got := dashboards.Text("es", "section.volume"); got != "Volumen y backlog" {
		t.Errorf("es text %q", got)
	}
}

func TestHashes(t *testing.T) {
	a, err := dashboards.ConfigHash(config.Default())
	if err != nil {
		t.Fatal(err)
	}
	c := config.Default()
	c.Path = "/somewhere/else/tierlens.yaml"
	b, _ := dashboards.ConfigHash(c)
	if a != b || len(a) != 12 {
		t.Errorf("config hash depends on the path: %s %s", a, b)
	}
	c.TimeZone = "UTC"
	if d, _ := dashboards.ConfigHash(c); d == a {
		t.Error("config hash ignores the time zone")
	}
	if dashboards.DefinitionsHash(fakeCatalog(t, true)) == dashboards.DefinitionsHash(fakeCatalog(t, false)) {
		t.Error("definitions hash ignores metrics")
	}
}
