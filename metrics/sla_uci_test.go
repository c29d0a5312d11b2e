package metrics_test

import (
	"context"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"testing"

	"github.com/tierlens/tierlens/metrics"
)

// TestUCISourceFlag checks sla_source_flag on the public UCI ServiceNow log: summed over all
// periods it must give the incidents whose final made_sla is false (9,115) out of all
// incidents (24,918), as counted straight from the CSV (each incident's last row in file
// order), and the recomputed and difference metrics must cover the same incidents.
func TestUCISourceFlag(t *testing.T) {
	db, cfg := uciWarehouse(t)
	breached, total := uciMadeSLA(t)
	if breached != 9115 || total != 24918 {
		t.Fatalf("the CSV has %d incidents with a final made_sla = false of %d; the published figures are 9,115 of 24,918", breached, total)
	}
	ctx := context.Background()
	p := metrics.PeriodsOf(cfg)
	from, _ := p.Date("2016-01-01")
	to, _ := p.Date("2017-07-01")
	rs, err := metrics.Run(ctx, db, cfg, []string{"sla_source_flag", "sla_source_flag_recomputed", "sla_source_flag_difference"},
		metrics.Query{Grain: metrics.Month, From: from, To: to, By: []string{"tier"}})
	if err != nil {
		t.Fatal(err)
	}
	sums := map[string][2]float64{}
	for _, r := range rs {
		var s [2]float64
		for _, row := range r.Rows {
			s[0] += *row.Numerator
			s[1] += *row.Denominator
		}
		sums[r.Metric.Name] = s
	}
	if s := sums["sla_source_flag"]; s != [2]float64{9115, 24918} {
		t.Errorf("sla_source_flag over all months: %v breached of %v, want 9115 of 24918", s[0], s[1])
	}
	rec, diff := sums["sla_source_flag_recomputed"], sums["sla_source_flag_difference"]
	if rec[1] != 24918 || diff[1] != 24918 || diff[0] != rec[0]-9115 {
		t.Errorf("recomputed %v of %v, difference %v of %v: every incident has a policy (P1-P4), so both cover 24918 and the difference is recomputed - 9115", rec[0], rec[1], diff[0], diff[1])
	}
	t.Logf("UCI: the source flags %d of %d incidents as breached; tierlens' default policies find %v", 9115, 24918, rec[0])
}

// uciMadeSLA counts, straight from the CSV, the incidents whose last row says made_sla = false.
func uciMadeSLA(t *testing.T) (breached, total int) {
	t.Helper()
	f, err := os.Open(uciLog)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	head, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	final := map[string]string{}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		final[rec[col["number"]]] = rec[col["made_sla"]]
	}
	for _, v := range final {
		if v == "false" {
			breached++
		}
	}
	return breached, len(final)
}
