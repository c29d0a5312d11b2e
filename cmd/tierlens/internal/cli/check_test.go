package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// checkConfig writes a tierlens.yaml whose targets are all met by the crafted tickets of
// explainWarehouse in 2026-W45, except sla_resolution_attainment set to resolution.
// (A targets: key replaces the built-in targets; the metric files' own defaults for the
// others are overridden here too, so every KPI with a target is under control.)
func checkConfig(t *testing.T, dir, name, resolution string) string {
	t.Helper()
	body := "targets:\n" +
		"  csat_positive_rate: 0.5\n" +
		"  fcr: 0\n" +
		"  first_level_resolution: 0\n" +
		"  reopen_rate: 1\n" +
		"  sla_response_attainment: 0.5\n" +
		"  sla_resolution_attainment: " + resolution + "\n"
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCheck(t *testing.T) {
	dir := explainWarehouse(t, false)

	// In 2026-W45 on L1: response SLAs X1 met, X2 breached (1 of 2 = 0.5); resolution SLAs
	// the same. Targets at 0.5 are met; csat has no data and does not fail.
	ok := checkConfig(t, dir, "ok.yaml", "0.5")
	r := runCLI(t, dir, "--config", ok, "check", "--week", "2026-W45", "--format", "csv")
	if r.code != ExitOK {
		t.Fatalf("all met: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{
		"kpi,period,tier,value,target,result,numerator,denominator,sample_size,note\n",
		"sla_resolution_attainment,2026-W45,L1,0.5,0.5,met,1,2,,\n",
		"sla_response_attainment,2026-W45,L1,0.5,0.5,met,1,2,,\n",
		"sla_resolution_attainment,2026-W45,L2,,0.5,no data,0,0,,\n",
		"fcr,2026-W45,L1,0.5,0,met,1,2,,\n",
		"csat_positive_rate,2026-W45,L1,,0.5,not available,,,,not available from this source (no satisfaction scores)\n",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("all met: missing %q in\n%s", want, r.stdout)
		}
	}
	if r.stderr != "" {
		t.Errorf("all met: stderr %q", r.stderr)
	}

	// Resolution attainment 0.5 against 0.9 on L1: missed, exit 3.
	missed := checkConfig(t, dir, "missed.yaml", "0.9")
	r = runCLI(t, dir, "--config", missed, "check", "--week", "2026-W45")
	if r.code != ExitMissed {
		t.Fatalf("one missed: exit %d, want %d\n%s%s", r.code, ExitMissed, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stdout, "sla_resolution_attainment  2026-W45  L1") || !strings.Contains(r.stdout, "missed") ||
		!strings.Contains(r.stdout, "\n1 missed, ") || !strings.HasPrefix(r.stderr, "tierlens: check: KPI targets missed (1 missed, ") {
		t.Errorf("one missed:\n%s%s", r.stdout, r.stderr)
	}

	// A week before any data: every KPI "no data", and the check fails with exit 6 (no data
	// at all is never a pass), saying the warehouse has nothing for it.
	r = runCLI(t, dir, "--config", missed, "check", "--week", "2026-W40", "--format", "json")
	if r.code != ExitNoData || strings.Contains(r.stdout, `"result": "missed"`) || !strings.Contains(r.stdout, `"result": "no data"`) ||
		!strings.Contains(r.stderr, "no ticket was created or changed in 2026-W40: the warehouse has no data for it (its newest data is from 2026-11-04 11:00 CET)") {
		t.Errorf("empty week: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	// Bad periods are usage errors.
	r = runCLI(t, dir, "check", "--week", "2026-W60")
	if r.code != ExitUsage || !strings.HasPrefix(r.stderr, `tierlens: bad period: week "2026-W60"`) {
		t.Errorf("bad week: exit %d %s", r.code, r.stderr)
	}
}

// TestCheckStalledFeed: a week after the newest data (the export stopped arriving) fails with
// its own exit code, 6, whatever the targets, and says since when the newest data is; a
// missed target in another week of the same run does not hide it.
func TestCheckStalledFeed(t *testing.T) {
	dir := explainWarehouse(t, false)
	ok := checkConfig(t, dir, "ok.yaml", "0.5")
	r := runCLI(t, dir, "--config", ok, "check", "--week", "2026-W46")
	if r.code != ExitNoData {
		t.Fatalf("stalled week: exit %d, want %d\n%s%s", r.code, ExitNoData, r.stdout, r.stderr)
	}
	want := "tierlens: check: no ticket was created or changed in 2026-W46: the feed looks stalled (the newest data is from 2026-11-04 11:00 CET)"
	if !strings.HasPrefix(r.stderr, want) {
		t.Errorf("stalled week: stderr %q, want it to start %q", r.stderr, want)
	}
	// W45 has data and misses a target, W46 has none: the stall (6) wins over the miss (3).
	missed := checkConfig(t, dir, "missed.yaml", "0.9")
	r = runCLI(t, dir, "--config", missed, "check", "--from", "2026-11-02", "--to", "2026-11-16", "--grain", "week", "--format", "csv")
	if r.code != ExitNoData || !strings.Contains(r.stdout, "sla_resolution_attainment,2026-W45,L1,0.5,0.9,missed,") ||
		!strings.Contains(r.stderr, "in 2026-W46: the feed looks stalled") || strings.Contains(r.stderr, "2026-W45") {
		t.Errorf("a missed week then a stalled one: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// A week that has not begun (the tests' clock: 2026-11-18) is not called a stall.
	r = runCLI(t, dir, "--config", ok, "check", "--week", "2026-W50")
	if r.code != ExitNoData || !strings.HasPrefix(r.stderr, "tierlens: check: 2026-W50 has not started yet") {
		t.Errorf("future week: exit %d %s", r.code, r.stderr)
	}
	// The help says what exit 6 means.
	r = runCLI(t, dir, "check", "--help")
	if !strings.Contains(r.stdout, "6 when a period has no data at all (a stalled feed") {
		t.Errorf("check --help does not document exit 6:\n%s", r.stdout)
	}
}

// TestCheckMinSample: with --min-sample, a cell with fewer cases than N (the denominator of a
// ratio) is shown as skipped and never judged, so a miss on 2 tickets does not fail the check.
func TestCheckMinSample(t *testing.T) {
	dir := explainWarehouse(t, false)
	missed := checkConfig(t, dir, "missed.yaml", "0.9")
	r := runCLI(t, dir, "--config", missed, "check", "--week", "2026-W45", "--format", "csv", "--min-sample", "3")
	if r.code != ExitOK {
		t.Fatalf("min-sample 3: exit %d, want 0\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{
		"sla_resolution_attainment,2026-W45,L1,0.5,0.9,skipped (n < 3),1,2,,\n",
		"sla_response_attainment,2026-W45,L1,0.5,0.5,skipped (n < 3),1,2,,\n",
		// no data stays no data (0 cases, nothing to skip) only when not counted: 0 < 3 skips it
		"sla_resolution_attainment,2026-W45,L2,,0.9,skipped (n < 3),0,0,,\n",
		// a KPI the source cannot feed stays "not available"
		"csat_positive_rate,2026-W45,L1,,0.5,not available,",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("min-sample 3: missing %q in\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, ",missed,") {
		t.Errorf("min-sample 3: a cell under the sample size was judged:\n%s", r.stdout)
	}
	// At the sample size the cell is judged again: 2 cases, --min-sample 2 → missed, exit 3.
	r = runCLI(t, dir, "--config", missed, "check", "--week", "2026-W45", "--min-sample", "2")
	if r.code != ExitMissed || !strings.Contains(r.stdout, "\n1 missed, ") || !strings.Contains(r.stdout, " skipped (n < 2)") {
		t.Errorf("min-sample 2: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = runCLI(t, dir, "check", "--week", "2026-W45", "--min-sample", "-1")
	if r.code != ExitUsage || !strings.HasPrefix(r.stderr, "tierlens: --min-sample -1: give a number of cases") {
		t.Errorf("min-sample -1: exit %d %s", r.code, r.stderr)
	}
}

// TestCheckUnmapped: a group no tier rule maps is reported in check's table with its figures
// and no verdict, and never fails the check, even where its figure is below the target.
func TestCheckUnmapped(t *testing.T) {
	dir := t.TempDir()
	// X3 is created and held by a group no rule maps, breaches its response SLA (P1, 15
	// minutes; the reply comes after 2 hours) and is resolved there.
	events := explainEvents +
		"X3,2026-11-05T10:00:00,created,new,Mystery Team,,P1,email,Software,Badge,Cy,false\n" +
		"X3,2026-11-05T12:00:00,reply,open,Mystery Team,Moe,P1,email,Software,Badge,Cy,true\n" +
		"X3,2026-11-05T23:00:00,resolved,resolved,Mystery Team,Moe,P1,email,Software,Badge,Cy,false\n"
	for name, body := range map[string]string{"events.csv": events, "events.yaml": explainMapping} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if r := runCLI(t, dir, "load", "--source", "desk", "--mapping", filepath.Join(dir, "events.yaml"), filepath.Join(dir, "events.csv")); r.code != 0 {
		t.Fatalf("load: %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	ok := checkConfig(t, dir, "ok.yaml", "0.5")
	r := runCLI(t, dir, "--config", ok, "check", "--week", "2026-W45", "--format", "csv")
	if r.code != ExitOK {
		t.Fatalf("exit %d, want 0 (unmapped is never judged)\n%s%s", r.code, r.stdout, r.stderr)
	}
	want := "sla_response_attainment,2026-W45,unmapped,0,,not judged (unmapped),0,1,,\n"
	if !strings.Contains(r.stdout, want) {
		t.Errorf("missing %q in\n%s", want, r.stdout)
	}
	for _, line := range strings.Split(r.stdout, "\n") {
		if strings.Contains(line, ",unmapped,") && !strings.Contains(line, ",not judged (unmapped),") {
			t.Errorf("unmapped judged: %s", line)
		}
	}
}
