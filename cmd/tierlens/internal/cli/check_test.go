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

	// A week without data: every KPI "no data", exit 0.
	r = runCLI(t, dir, "--config", missed, "check", "--week", "2026-W40", "--format", "json")
	if r.code != ExitOK || strings.Contains(r.stdout, `"result": "missed"`) || !strings.Contains(r.stdout, `"result": "no data"`) {
		t.Errorf("empty week: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	// Bad periods are usage errors.
	r = runCLI(t, dir, "check", "--week", "2026-W60")
	if r.code != ExitUsage || !strings.HasPrefix(r.stderr, `tierlens: bad period: week "2026-W60"`) {
		t.Errorf("bad week: exit %d %s", r.code, r.stderr)
	}
}
