package cli

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/tierlens/tierlens/config"
	"github.com/tierlens/tierlens/dashboards/xlsx"
	"github.com/tierlens/tierlens/metrics"
)

// TestOneJudgement puts a value exactly on its target, just below and just above it, in both
// directions, through `check`, the dashboard (its tile's colour), the pack (its Summary's
// state) and metrics.Evaluate, and wants the same answer from all four. In 2026-W45 of explainWarehouse every figure sits on
// L1, so the per-tier row check judges and the desk-wide tile the dashboard judges are the
// same number: SLA response attainment 0.5 (1 of 2, up) and MTTR 960 minutes (down).
func TestOneJudgement(t *testing.T) {
	needECharts(t)
	dir := explainWarehouse(t, false)
	cases := []struct {
		name, metric string
		target       float64
		want         string
	}{
		{"up, on target", "sla_response_attainment", 0.5, metrics.OutcomeMet},
		{"up, just below", "sla_response_attainment", 0.5000001, metrics.OutcomeMissed},
		{"up, just above", "sla_response_attainment", 0.4999999, metrics.OutcomeMet},
		{"down, on target", "resolution_time", 960, metrics.OutcomeMet},
		{"down, just above", "resolution_time", 959.999, metrics.OutcomeMissed},
		{"down, just below", "resolution_time", 960.001, metrics.OutcomeMet},
	}
	tile := regexp.MustCompile(`<article class="tile([^"]*)" data-metric="([a-z_]+)">`)
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(dir, fmt.Sprintf("judge%d.yaml", i))
			body := fmt.Sprintf("targets:\n  %s: %s\n", c.metric, strconv.FormatFloat(c.target, 'f', -1, 64))
			if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}

			// check
			r := runCLI(t, dir, "--config", p, "check", "--week", "2026-W45", "--format", "csv")
			if r.code != ExitOK && r.code != ExitMissed {
				t.Fatalf("check: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			recs, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			var fromCheck, value string
			for _, rec := range recs[1:] {
				if rec[0] == c.metric && rec[2] == "L1" {
					fromCheck, value = rec[5], rec[3]
				}
			}

			// the evaluator, on the same figure
			v, err := strconv.ParseFloat(value, 64)
			if err != nil {
				t.Fatalf("check gave no value for %s on L1:\n%s", c.metric, r.stdout)
			}
			cfg, err := config.Load(p, false)
			if err != nil {
				t.Fatal(err)
			}
			cat, err := metrics.LoadCatalog(cfg)
			if err != nil {
				t.Fatal(err)
			}
			m, _ := cat.Get(c.metric)
			target := c.target
			fromEvaluator := metrics.Evaluate(m, metrics.Row{Value: &v, Target: &target}).Outcome

			// the dashboard's tile
			r = dashCLI(dir, "--config", p, "dashboard", "--week", "2026-W45", "-o", "-")
			if r.code != ExitOK {
				t.Fatalf("dashboard: exit %d\n%s", r.code, r.stderr)
			}
			fromDashboard := ""
			for _, mm := range tile.FindAllStringSubmatch(r.stdout, -1) {
				if mm[2] != c.metric {
					continue
				}
				switch {
				case strings.Contains(mm[1], "rag-green"):
					fromDashboard = metrics.OutcomeMet
				case strings.Contains(mm[1], "rag-amber"), strings.Contains(mm[1], "rag-red"):
					fromDashboard = metrics.OutcomeMissed
				default:
					fromDashboard = "no colour (" + mm[1] + ")"
				}
			}
			// the pack's Summary, its L1 row
			out := filepath.Join(t.TempDir(), "judge.xlsx")
			if r := dashCLI(dir, "--config", p, "pack", "--week", "2026-W45", "-o", out); r.code != ExitOK {
				t.Fatalf("pack: exit %d\n%s", r.code, r.stderr)
			}
			sheets, err := xlsx.ReadPack(out)
			if err != nil {
				t.Fatal(err)
			}
			fromPack := ""
			sum := sheets[0].Rows
			for i, row := range sum {
				if len(row) == 0 || row[0] != "KPI" {
					continue
				}
				cm, ct, cs := slices.Index(row, "Metric"), slices.Index(row, "Tier"), slices.Index(row, "State")
				for _, rr := range sum[i+1:] {
					if len(rr) > cm && rr[cm] == c.metric && rr[ct] == "L1" {
						fromPack = map[string]string{"met": metrics.OutcomeMet, "missed": metrics.OutcomeMissed}[rr[cs]]
					}
				}
			}
			if fromCheck != c.want || fromEvaluator != c.want || fromDashboard != c.want || fromPack != c.want {
				t.Errorf("%s = %s against %v: check %q, evaluator %q, dashboard %q, pack %q; want %q everywhere",
					c.metric, value, c.target, fromCheck, fromEvaluator, fromDashboard, fromPack, c.want)
			}
		})
	}
}
