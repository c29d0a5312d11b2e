package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tierlens/tierlens/dashboards/browsertest"
	"github.com/tierlens/tierlens/dashboards/html"
)

const (
	hostileScript = `</script><script>alert(1)</script>`
	hostileImg    = `<img src=x onerror=alert(1)>`
)

// hostileEvents are tickets of week 2026-W46 (Madrid time) whose vendor group, unmapped group
// and agent are named to break HTML, plus a record with a bad time (a reject).
const hostileEvents = `ticket_id,event_time,event,status,assignment_group,agent,priority,channel,category,title,requester,csat,kb_article,public
H-1,2026-11-10T09:00:00,created,new,Service Desk,,P2,email,Hardware,Printer,Ann,,,false
H-1,2026-11-10T09:10:00,assigned,open,Service Desk,` + hostileScript + `,P2,email,Hardware,Printer,Ann,,,false
H-1,2026-11-10T10:00:00,assigned,open,Vendor ` + hostileScript + `,,P2,email,Hardware,Printer,Ann,,,false
H-1,2026-11-11T10:00:00,resolved,resolved,Vendor ` + hostileScript + `,Tech,P2,email,Hardware,Printer,Ann,,,false
H-1,2026-11-11T10:05:00,csat,resolved,Vendor ` + hostileScript + `,,P2,email,Hardware,Printer,Ann,5,,false
H-2,2026-11-10T11:00:00,created,new,` + hostileImg + `,,P3,chat,Software,Excel,Bob,,,false
H-2,2026-11-10T12:00:00,assigned,open,` + hostileImg + `,Eve,P3,chat,Software,Excel,Bob,,,false
H-2,2026-11-12T12:00:00,resolved,resolved,` + hostileImg + `,Eve,P3,chat,Software,Excel,Bob,,,false
H-3,not a time,created,new,Service Desk,,P3,chat,Software,Excel,Cy,,,false
`

// dashboardWarehouse is a warehouse of 600 generated tickets up to 2026-11-20 plus the hostile
// tickets.
func dashboardWarehouse(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	mapping, err := filepath.Abs(filepath.Join("..", "..", "..", "..", "sample-data", "mappings", "generic-events.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "hostile.csv"), []byte(hostileEvents), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"sample", "--profile", "generic", "--tickets", "600", "--seed", "3", "--end", "2026-11-20", "--out", filepath.Join(dir, "ex")},
		{"load", "--mapping", mapping, filepath.Join(dir, "ex", "generic_events.csv")},
		{"load", "--max-rejects", "50%", "--mapping", mapping, filepath.Join(dir, "hostile.csv")},
	} {
		if r := dashCLI(dir, args...); r.code != 0 {
			t.Fatalf("%s: exit %d\n%s%s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
		}
	}
	return dir
}

// dashCLI runs tierlens in-process in dir on Wednesday 2026-11-18 (last week is 2026-W46).
func dashCLI(dir string, args ...string) cliRun {
	var out, errb bytes.Buffer
	env := &Env{
		In: strings.NewReader(""), Out: &out, Err: &errb,
		Now:    func() time.Time { return time.Date(2026, 11, 18, 10, 0, 0, 0, time.UTC) },
		Getenv: func(string) string { return "" },
	}
	code := Run(context.Background(), env, append([]string{"--db", filepath.Join(dir, "tierlens.duckdb")}, args...))
	return cliRun{code, out.String(), errb.String()}
}

// needECharts skips (or, in CI, fails) when the binary has no ECharts; the error the command
// gives then is checked instead.
func needECharts(t *testing.T) {
	t.Helper()
	if _, err := html.ECharts(); err != nil {
		r := dashCLI(t.TempDir(), "dashboard")
		if r.code != ExitError || !strings.Contains(r.stderr, "make assets") {
			t.Errorf("without ECharts: exit %d, %q", r.code, r.stderr)
		}
		if os.Getenv("CI") == "true" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
}

// TestDashboard runs the command on one warehouse: the file, its determinism, the periods,
// and the page in a browser.
func TestDashboard(t *testing.T) {
	needECharts(t)
	dir := dashboardWarehouse(t)
	t.Run("periods", func(t *testing.T) { testDashboardPeriods(t, dir) })
	t.Run("file", func(t *testing.T) { testDashboardFile(t, dir) })
}

func testDashboardFile(t *testing.T, dir string) {
	out := filepath.Join(t.TempDir(), "w46.html")
	r := dashCLI(dir, "dashboard", "--week", "last", "-o", out)
	if r.code != 0 {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if !strings.HasPrefix(r.stdout, "wrote "+out+": Week 2026-W46, trend 2026-W34 to 2026-W46 (") {
		t.Errorf("stdout %q", r.stdout)
	}
	first, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(first) > 3<<20 {
		t.Errorf("%d bytes: more than 3 MB", len(first))
	}
	page := string(first)
	for _, want := range []string{"Week 2026-W46", "2026-11-09 to 2026-11-15", "&lt;img src=x onerror=alert(1)&gt;", "Vendor &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;", "hostile.csv: 1 records"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if strings.Contains(page, "Generated at") {
		t.Error("a timestamp without --stamp")
	}

	// same warehouse and flags: the same bytes, also on standard output
	r = dashCLI(dir, "dashboard", "--week", "2026-W46", "-o", "-")
	if r.code != 0 || r.stdout != page {
		t.Errorf("-o - differs from the file (exit %d, %d vs %d bytes)", r.code, len(r.stdout), len(page))
	}
	if r := dashCLI(dir, "dashboard", "--week", "last", "-o", out); r.code != 0 {
		t.Fatal(r.stderr)
	}
	if again, _ := os.ReadFile(out); !bytes.Equal(again, first) {
		t.Error("a second run wrote different bytes")
	}
	if r := dashCLI(dir, "dashboard", "--stamp", "-o", "-"); !strings.Contains(r.stdout, "Generated at") || !strings.Contains(r.stdout, "2026-11-18 11:00 CET") {
		t.Error("--stamp does not say when the file was made")
	}

	// browser: English and Spanish, the network off
	browsertest.Chromium(t)
	es := filepath.Join(t.TempDir(), "w46-es.html")
	if r := dashCLI(dir, "dashboard", "--lang", "es", "--title", "Service desk <Madrid>", "-o", es); r.code != 0 {
		t.Fatal(r.stderr)
	}
	for file, want := range map[string][]string{
		out: {"Vendor " + hostileScript, hostileImg, "Key figures", "Escalation flow"},
		es:  {"Vendor " + hostileScript, hostileImg, "Cifras clave", "Flujo de escalado", "Service desk <Madrid>"},
	} {
		p := browsertest.Open(t, file, browsertest.Options{})
		p.Check(t, want)
		if len(p.Charts) < 8 {
			t.Errorf("%s: only %d charts drawn", file, len(p.Charts))
		}
		if os.Getenv("TIERLENS_SCREENSHOTS") != "" {
			p.SaveScreenshot(t, filepath.Base(file))
		}
	}
}

func testDashboardPeriods(t *testing.T, dir string) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--month", "2026-10", "--trend", "3"}, "Month 2026-10, trend 2026-08 to 2026-10"},
		{[]string{"--from", "2026-10-05", "--to", "2026-11-16"}, "Week 2026-W46, trend 2026-W41 to 2026-W46"},
	} {
		r := dashCLI(dir, append([]string{"dashboard", "-o", filepath.Join(t.TempDir(), "d.html")}, c.args...)...)
		if r.code != 0 || !strings.Contains(r.stdout, c.want) {
			t.Errorf("%v: exit %d\n%s%s", c.args, r.code, r.stdout, r.stderr)
		}
	}
}

func TestDashboardBadInput(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"--lang", "fr"}, ExitUsage, `--lang "fr": use en or es`},
		{[]string{"--trend", "1"}, ExitUsage, "--trend 1: give 2 to 104 periods"},
		{[]string{"--by", "priority"}, ExitUsage, `--by "priority": the dashboard breaks down by tier only`},
		{[]string{"--week", "2026-W99"}, ExitUsage, "week"},
		{[]string{"--week", "last", "--month", "2026-10"}, ExitUsage, "give one period"},
		{[]string{"--from", "2026-10-05", "--to", "2026-11-16", "--trend", "4"}, ExitUsage, "--trend cannot be combined"},
		{[]string{"-o", ""}, ExitUsage, "--output"},
		{[]string{"stray"}, ExitUsage, "unknown command"},
	} {
		r := dashCLI(dir, append([]string{"dashboard"}, c.args...)...)
		if r.code != c.code || !strings.Contains(r.stderr, c.msg) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", c.args, r.code, r.stderr, c.code, c.msg)
		}
	}
	if _, err := html.ECharts(); err == nil {
		r := dashCLI(dir, "dashboard")
		if r.code != ExitError || !strings.Contains(r.stderr, "no warehouse") {
			t.Errorf("no warehouse: exit %d, %q", r.code, r.stderr)
		}
	}
}
