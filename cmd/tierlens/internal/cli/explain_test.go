package cli

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var updateExplain = flag.Bool("update-explain", false, "rewrite testdata/explain_x1.golden")

// Two crafted tickets (generic events, Madrid time; business hours 08:00-18:00):
//
//	X1 P2 Tue 2026-11-03 09:00 at the Service Desk (L1): reply 09:10 (response 10 of 30, met),
//	   escalated to Apps 2nd (L2) 10:00, pending 11:00 to Wed 09:00, back to the Service Desk
//	   (de-escalation) Wed 10:00, resolved Wed 11:00: resolution clock 120 + 120 = 240 of 480
//	   (met), 480 business minutes paused. Its title carries an escape sequence and markup.
//	X2 P1 (24x7, UTC) Tue 12:00, resolved 18:00 without a reply: response 360 of 15 (breached
//	   at 12:15), resolution 360 of 240 (breached at 16:00).
const explainEvents = "ticket_id,event_time,event,status,assignment_group,agent,priority,channel,category,title,requester,public\n" +
	"X1,2026-11-03T09:00:00,created,new,Service Desk,,P2,phone,Network,\"VPN down \x1b[2J <script>\",Ann,false\n" +
	"X1,2026-11-03T09:05:00,assigned,open,Service Desk,Ana,P2,phone,Network,\"VPN down \x1b[2J <script>\",Ann,false\n" +
	"X1,2026-11-03T09:10:00,reply,open,Service Desk,Ana,P2,phone,Network,\"VPN down \x1b[2J <script>\",Ann,true\n" +
	"X1,2026-11-03T10:00:00,assigned,open,Apps 2nd,,P2,phone,Network,\"VPN down \x1b[2J <script>\",Ann,false\n" +
	"X1,2026-11-03T11:00:00,status,pending,Apps 2nd,Eve,P2,phone,Network,\"VPN down \x1b[2J <script>\",Ann,false\n" +
	"X1,2026-11-04T09:00:00,status,open,Apps 2nd,Eve,P2,phone,Network,\"VPN down \x1b[2J <script>\",Ann,false\n" +
	"X1,2026-11-04T10:00:00,assigned,open,Service Desk,Ana,P2,phone,Network,\"VPN down \x1b[2J <script>\",Ann,false\n" +
	"X1,2026-11-04T11:00:00,resolved,resolved,Service Desk,Ana,P2,phone,Network,\"VPN down \x1b[2J <script>\",Ann,false\n" +
	"X2,2026-11-03T12:00:00,created,new,Service Desk,,P1,email,Software,Printer,Bob,false\n" +
	"X2,2026-11-03T18:00:00,resolved,resolved,Service Desk,Ana,P1,email,Software,Printer,Bob,false\n"

const explainMapping = `shape: events
time_layout: "%Y-%m-%dT%H:%M:%S"
time_zone: Europe/Madrid
columns:
  number: ticket_id
  event_time: event_time
  activity: event
  status: status
  assignment_group: assignment_group
  agent: agent
  priority: priority
  channel: channel
  category: category
  title: title
  requester: requester
  public: public
activities:
  created:  { kind: created }
  assigned: { kind: assigned }
  status:   { kind: status }
  reply:    { kind: reply, role: agent }
  resolved: { kind: resolved }
`

// explainWarehouse loads the crafted tickets (as source "desk", and as "other" too when
// twice is set); the loads build the derived tables.
func explainWarehouse(t *testing.T, twice bool) string {
	t.Helper()
	dir := t.TempDir()
	// the other source has X1 only (a file loads once, whatever the source)
	lines := strings.SplitAfter(explainEvents, "\n")
	other := strings.Join(lines[:9], "")
	for name, body := range map[string]string{"events.csv": explainEvents, "other.csv": other, "events.yaml": explainMapping} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	loads := [][2]string{{"desk", "events.csv"}}
	if twice {
		loads = append(loads, [2]string{"other", "other.csv"})
	}
	for _, l := range loads {
		r := runCLI(t, dir, "load", "--source", l[0], "--mapping", filepath.Join(dir, "events.yaml"), filepath.Join(dir, l[1]))
		if r.code != 0 {
			t.Fatalf("load: %d\n%s%s", r.code, r.stdout, r.stderr)
		}
	}
	return dir
}

// TestExplainGolden pins the whole table output for X1: header in Madrid time with the
// title's escape sequence defused, events, stays with the escalation and de-escalation marks,
// statuses with the paused clock, SLA clocks, facts and KPIs.
// go test ./cmd/tierlens/internal/cli -run TestExplainGolden -update-explain rewrites it.
func TestExplainGolden(t *testing.T) {
	dir := explainWarehouse(t, false)
	r := runCLI(t, dir, "explain", "X1")
	if r.code != 0 {
		t.Fatalf("explain X1: exit %d\n%s", r.code, r.stderr)
	}
	golden := filepath.Join("testdata", "explain_x1.golden")
	if *updateExplain {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(r.stdout), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("no golden (run with -update-explain): %v", err)
	}
	if r.stdout != string(want) {
		t.Errorf("explain X1 differs from %s:\n%s", golden, firstDiff(string(want), r.stdout))
	}
	if strings.ContainsRune(r.stdout, '\x1b') {
		t.Error("the escape character of the title reached the terminal")
	}
}

func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return fmt.Sprintf("line %d:\n  want %s\n  got  %s", i+1, a, b)
		}
	}
	return ""
}

func TestExplainJSON(t *testing.T) {
	dir := explainWarehouse(t, false)
	r := runCLI(t, dir, "explain", "desk:X2", "--format", "json")
	if r.code != 0 {
		t.Fatalf("explain X2: exit %d\n%s", r.code, r.stderr)
	}
	var doc struct {
		Ticket map[string]any   `json:"ticket"`
		SLA    []map[string]any `json:"sla"`
		KPIs   []map[string]any `json:"kpis"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	if doc.Ticket["ticket_key"] != "desk:X2" || doc.Ticket["created_at"] != "2026-11-03T12:00:00+01:00" {
		t.Errorf("ticket: %v", doc.Ticket)
	}
	want := map[string][2]any{
		"response":   {"2026-11-03T12:15:00+01:00", "breached"},
		"resolution": {"2026-11-03T16:00:00+01:00", "breached"},
	}
	for _, s := range doc.SLA {
		w := want[s["kind"].(string)]
		if s["breach_at"] != w[0] || s["status"] != w[1] || s["business_elapsed_minutes"] != 360.0 {
			t.Errorf("SLA %v: breach %v %v, elapsed %v; want %v", s["kind"], s["breach_at"], s["status"], s["business_elapsed_minutes"], w)
		}
	}
	found := false
	for _, k := range doc.KPIs {
		if k["metric"] == "sla_resolution_attainment" && k["period"] == "2026-W45" && k["tier"] == "L1" && k["in_numerator"] == "no" {
			found = true
		}
	}
	if !found {
		t.Errorf("X2 should count as a missed resolution SLA in 2026-W45 on L1: %v", doc.KPIs)
	}
	// The hostile title stays text in JSON.
	r = runCLI(t, dir, "explain", "X1", "--format", "json")
	if !strings.Contains(r.stdout, `VPN down \u001b[2J \u003cscript\u003e`) {
		t.Errorf("X1's title is not escaped in JSON:\n%s", r.stdout)
	}
}

func TestExplainBadInput(t *testing.T) {
	dir := explainWarehouse(t, true)
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"explain", "X1"}, ExitUsage, `tierlens: explain: ticket number "X1" is in 2 sources: give its key, one of desk:X1, other:X1`},
		{[]string{"explain", "nope"}, ExitError, `tierlens: explain: no ticket "nope": give its number`},
		{[]string{"explain", "X1", "--format", "csv"}, ExitUsage, `tierlens: --format "csv": use table or json`},
		{[]string{"explain", "X1", "--grain", "year"}, ExitUsage, `tierlens: --grain "year": use day, week, month or quarter`},
		{[]string{"explain"}, ExitUsage, "tierlens: accepts 1 arg(s), received 0"},
	} {
		r := runCLI(t, dir, c.args...)
		if r.code != c.code || !strings.HasPrefix(r.stderr, c.msg) {
			t.Errorf("%v: exit %d, stderr %q; want %d, %q", c.args, r.code, r.stderr, c.code, c.msg)
		}
	}
	if r := runCLI(t, dir, "explain", "other:X1"); r.code != 0 || !strings.HasPrefix(r.stdout, "Ticket other:X1: VPN down ␣[2J <script>\n") {
		t.Errorf("by key: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// explain takes what to say about a KPI from the metric file's explain: list, so a user's
// metric (metrics_dir) gets its facts too, in the order the file lists them; nothing about a
// definition is restated in Go.
func TestExplainFactsFromTheMetricFile(t *testing.T) {
	dir := explainWarehouse(t, false)
	src, err := os.ReadFile(filepath.Join("..", "..", "..", "..", "queries", "metrics", "fcr.sql"))
	if err != nil {
		t.Fatal(err)
	}
	mine := strings.Replace(string(src), "name: fcr\n", "name: my_fcr\n", 1)
	mine = strings.Replace(mine, "-- explain: [entry, path, agent_replies, reopen]", "-- explain: [reopen, entry]", 1)
	if err := os.MkdirAll(filepath.Join(dir, "metrics"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "metrics", "my_fcr.sql"), []byte(mine), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "mine.yaml")
	if err := os.WriteFile(cfg, []byte("metrics_dir: metrics\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, dir, "--config", cfg, "explain", "X1", "--format", "json")
	if r.code != ExitOK {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stdout, `"why": "no reopen within 7d, entered L1"`) || !strings.Contains(r.stdout, `"metric": "my_fcr"`) {
		t.Errorf("no facts from my_fcr's explain: list in\n%s", r.stdout)
	}
}
