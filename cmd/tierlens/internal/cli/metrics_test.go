package cli

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tierlens/tierlens/queries"
)

// A few tickets of the generic event format, Madrid time: T1 resolved at L1 with one reply,
// T2 escalated to L2 and resolved there, T3 still open. Week 2026-W45 is 2026-11-02..08.
const metricsEvents = `ticket_id,event_time,event,status,assignment_group,agent,priority,channel,category,title,requester,csat,kb_article,public
T1,2026-11-03T10:00:00,created,new,Service Desk,,P3,email,Software,Mail,Ann,,,false
T1,2026-11-03T10:10:00,assigned,open,Service Desk,Ana,P3,email,Software,Mail,Ann,,,false
T1,2026-11-03T10:20:00,reply,open,Service Desk,Ana,P3,email,Software,Mail,Ann,,,true
T1,2026-11-03T11:00:00,resolved,resolved,Service Desk,Ana,P3,email,Software,Mail,Ann,,,false
T2,2026-11-03T12:00:00,created,new,Service Desk,,P2,phone,Network,VPN,Bob,,,false
T2,2026-11-03T13:00:00,assigned,open,Apps 2nd,,P2,phone,Network,VPN,Bob,,,false
T2,2026-11-03T15:00:00,resolved,resolved,Apps 2nd,Eve,P2,phone,Network,VPN,Bob,,,false
T3,2026-11-04T09:00:00,created,new,Service Desk,,P3,chat,Software,Excel,Cy,,,false
`

const metricsMapping = `shape: events
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
  csat: csat
  public: public
activities:
  created:  { kind: created }
  assigned: { kind: assigned }
  reply:    { kind: reply, role: agent }
  resolved: { kind: resolved }
`

type cliRun struct {
	code           int
	stdout, stderr string
}

// runCLI runs tierlens in-process in dir, on Wednesday 2026-11-18 (so last week is 2026-W46).
func runCLI(t *testing.T, dir string, args ...string) cliRun {
	t.Helper()
	var out, errb bytes.Buffer
	env := &Env{
		In: strings.NewReader(""), Out: &out, Err: &errb,
		Now:    func() time.Time { return time.Date(2026, 11, 18, 10, 0, 0, 0, time.UTC) },
		Getenv: func(string) string { return "" },
	}
	full := append([]string{"--db", filepath.Join(dir, "tierlens.duckdb")}, args...)
	code := Run(context.Background(), env, full)
	return cliRun{code, out.String(), errb.String()}
}

func metricsWarehouse(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range map[string]string{"events.csv": metricsEvents, "events.yaml": metricsMapping} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r := runCLI(t, dir, "load", "--mapping", filepath.Join(dir, "events.yaml"), filepath.Join(dir, "events.csv"))
	if r.code != 0 {
		t.Fatalf("load: %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	return dir
}

func TestMetricsRun(t *testing.T) {
	dir := metricsWarehouse(t)

	r := runCLI(t, dir, "metrics", "run", "fcr", "--week", "2026-W45", "--format", "csv")
	want := `metric,period,tier,value,target,numerator,denominator,sample_size,note
fcr,2026-11-02,L0,,0.7,0,0,,
fcr,2026-11-02,L1,0.5,0.7,1,2,,
fcr,2026-11-02,L2,,0.7,0,0,,
fcr,2026-11-02,L3,,0.7,0,0,,
fcr,2026-11-02,L4,,0.7,0,0,,
`
	if r.code != 0 || r.stdout != want {
		t.Errorf("fcr csv: exit %d\n%s\nwant\n%s\nstderr %s", r.code, r.stdout, want, r.stderr)
	}

	r = runCLI(t, dir, "metrics", "run", "created", "resolved", "--from", "2026-11-03", "--to", "2026-11-05", "--by", "channel", "--format", "csv")
	want = `metric,period,channel,value,target,numerator,denominator,sample_size,note
created,2026-11-03,chat,0,,,,0,
created,2026-11-03,email,1,,,,1,
created,2026-11-03,phone,1,,,,1,
created,2026-11-04,chat,1,,,,1,
created,2026-11-04,email,0,,,,0,
created,2026-11-04,phone,0,,,,0,
resolved,2026-11-03,email,1,,,,1,
resolved,2026-11-03,phone,1,,,,1,
resolved,2026-11-04,email,0,,,,0,
resolved,2026-11-04,phone,0,,,,0,
`
	if r.code != 0 || r.stdout != want {
		t.Errorf("by channel, days: exit %d\n%s\nwant\n%s\nstderr %s", r.code, r.stdout, want, r.stderr)
	}

	// replies are recorded, satisfaction is not: csat says so instead of 0
	r = runCLI(t, dir, "metrics", "run", "csat_positive_rate", "--week", "2026-W45", "--by", "source")
	if r.code != 0 || !strings.Contains(r.stdout, "not available from this source (no satisfaction scores)") {
		t.Errorf("csat: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	// default: last week (2026-W46, empty), every tier present
	r = runCLI(t, dir, "metrics", "run", "backlog", "--format", "json")
	if r.code != 0 || !strings.Contains(r.stdout, `"period": "2026-11-09"`) || strings.Count(r.stdout, `"metric": "backlog"`) != 5 {
		t.Errorf("default period: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	// table for people: ratios rounded
	r = runCLI(t, dir, "metrics", "run", "resolution_time", "escalation_rate", "--month", "2026-11")
	if r.code != 0 || !strings.Contains(r.stdout, "resolution_time") || !strings.Contains(r.stdout, "2026-11-01") {
		t.Errorf("table: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

func TestMetricsRunBadInput(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"metrics", "run", "--by", "colour"}, ExitUsage, `tierlens: --by "colour": break down by tier, priority, channel, group, vendor, category, source`},
		{[]string{"metrics", "run", "nope"}, ExitUsage, `tierlens: unknown metric "nope": the catalog has backlog, backlog_aging,`},
		{[]string{"metrics", "run", "--week", "2026-W60"}, ExitUsage, `tierlens: bad period: week "2026-W60": write last, this or an ISO week like 2026-W47`},
		{[]string{"metrics", "run", "--week", "last", "--month", "2026-10"}, ExitUsage, "tierlens: give one period: --week and --month cannot be combined"},
		{[]string{"metrics", "run", "--grain", "decade"}, ExitUsage, `tierlens: --grain "decade": use day, week, month, quarter, year or all`},
		{[]string{"metrics", "run", "--to", "2026-11-01"}, ExitUsage, "tierlens: --to needs --from"},
		{[]string{"metrics", "run", "--from", "2026-11-01", "--to", "2026-10-01"}, ExitUsage, "tierlens: --to 2026-10-01 is not after --from 2026-11-01"},
		{[]string{"metrics", "run", "--last", "-2"}, ExitUsage, "tierlens: --last -2: give a number of periods"},
		{[]string{"metrics", "run", "--format", "xml"}, ExitUsage, `tierlens: --format "xml": use table, csv, json, jsonl, markdown, parquet or xlsx`},
		{[]string{"metrics", "run", "--format", "parquet"}, ExitUsage, `tierlens: --format parquet writes a file: give it with -o FILE`},
		{[]string{"metrics", "show", "nope"}, ExitUsage, `tierlens: unknown metric "nope"`},
		{[]string{"metrics", "run"}, ExitError, "tierlens: no warehouse at"},
	} {
		r := runCLI(t, dir, c.args...)
		if r.code != c.code || !strings.HasPrefix(r.stderr, c.msg) {
			t.Errorf("%v: exit %d, stderr %q; want %d, %q", c.args, r.code, r.stderr, c.code, c.msg)
		}
	}
}

func TestMetricsListShowLint(t *testing.T) {
	dir := t.TempDir()
	r := runCLI(t, dir, "metrics", "list", "--format", "csv")
	if r.code != 0 || !strings.Contains(r.stdout, "fcr,First-contact resolution (strict),ratio,up,0.7,,history groups,queries/metrics/fcr.sql\n") {
		t.Errorf("list: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = runCLI(t, dir, "metrics", "show", "one_touch")
	for _, want := range []string{
		"one_touch: One-touch resolution\n",
		"unit:        ratio (higher is better)\n",
		"variant of:  fcr\n",
		"needs:       history, replies",
		`EXECUTE one_touch(start := TIMESTAMP '2026-11-08 23:00:00', "end" := TIMESTAMP '2026-11-15 23:00:00', grain := 'week', tz := 'Europe/Madrid', by := ['tier']);`,
		"-- name: one_touch\n",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("show: missing %q in\n%s", want, r.stdout)
		}
	}
	r = runCLI(t, dir, "metrics", "show", "fcr", "--sql")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "-- ---\n-- name: fcr\n") {
		t.Errorf("show --sql: %s", r.stdout)
	}
	r = runCLI(t, dir, "metrics", "lint")
	// The count is the shipped catalog's, so adding a metric does not break this test.
	names, _ := fs.Glob(queries.FS(), "metrics/[a-z]*.sql")
	if want := fmt.Sprintf("%d metrics ok (checked against an empty warehouse)", len(names)); r.code != 0 || !strings.HasPrefix(r.stdout, want) {
		t.Errorf("lint: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	// a user metric with problems: all reported, file:line, exit 1
	if err := os.MkdirAll(filepath.Join(dir, "mine"), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "mine", "bad.sql"), []byte("-- ---\n-- name: bad\n-- colour: red\n-- ---\nSELECT 1\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "tierlens.yaml"), []byte("metrics_dir: mine\n"), 0o644)
	r = runCLI(t, dir, "--config", filepath.Join(dir, "tierlens.yaml"), "metrics", "lint")
	bad := filepath.Join(dir, "mine", "bad.sql")
	for _, want := range []string{bad + `:3: unknown key "colour"`, bad + `:1: missing key "title"`, "tierlens: metrics lint: 7 problem(s)"} {
		if r.code != ExitError || !strings.Contains(r.stderr, want) {
			t.Errorf("lint of a bad user metric: exit %d, missing %q in\n%s", r.code, want, r.stderr)
		}
	}
	r = runCLI(t, dir, "--config", filepath.Join(dir, "tierlens.yaml"), "metrics", "list")
	if r.code != ExitError || !strings.Contains(r.stderr, "the metric catalog has problems (see tierlens metrics lint)") {
		t.Errorf("list with a bad user metric: exit %d\n%s", r.code, r.stderr)
	}
}
