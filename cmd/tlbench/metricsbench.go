package main

import (
	"context"
	"fmt"
	"os"
	"text/tabwriter"
	"time"

	"github.com/tierlens/tierlens/config"
	"github.com/tierlens/tierlens/etl/warehouse"
	"github.com/tierlens/tierlens/metrics"
)

// metricsBench times the whole catalog for a 13-week weekly trend by tier, all together and
// one metric at a time, and a plain GROUP BY of the tickets by week and tier as the yardstick.
func metricsBench(db string) error {
	ctx := context.Background()
	w, err := warehouse.Open(ctx, db, warehouse.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer w.Close()
	cfg := config.Default()
	cat, err := metrics.LoadCatalog(cfg)
	if err != nil {
		return err
	}
	// The generated data ends on Sunday 2026-11-15: the 13 weeks up to it, as metrics run.
	from, to := thirteenWeeks()
	q := metrics.Query{Grain: metrics.Grain("week"), From: from, To: to, By: []string{"tier"}, ByDefault: true}

	var best float64
	for i := 0; i < 3; i++ {
		start := time.Now()
		rows, err := w.DB.QueryContext(ctx, `
SELECT date_trunc('week', created_at) AS week, tier, count(*) AS tickets
FROM tickets WHERE created_at >= ? AND created_at < ?
GROUP BY ALL ORDER BY ALL`, from.UTC(), to.UTC())
		if err != nil {
			return err
		}
		for rows.Next() {
		}
		rows.Close()
		if el := time.Since(start).Seconds(); i == 0 || el < best {
			best = el
		}
	}
	names := cat.Names()
	start := time.Now()
	if _, err := cat.Run(ctx, w.DB, cfg, names, q); err != nil {
		return err
	}
	all := time.Since(start).Seconds()

	tw := tabwriter.NewWriter(os.Stdout, 2, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "\nmetric (13 weeks by tier, best of 3)\tseconds\tvs GROUP BY\t")
	worst, worstName := 0.0, ""
	for _, n := range names {
		// best of 3, as the GROUP BY: the figure is the query's cost, not the machine's noise
		var el float64
		for i := 0; i < 3; i++ {
			start := time.Now()
			if _, err := cat.Run(ctx, w.DB, cfg, []string{n}, q); err != nil {
				return fmt.Errorf("%s: %w", n, err)
			}
			if d := time.Since(start).Seconds(); i == 0 || d < el {
				el = d
			}
		}
		if el > worst {
			worst, worstName = el, n
		}
		fmt.Fprintf(tw, "%s\t%.3f\t%.1fx\t\n", n, el, el/best)
	}
	tw.Flush()
	fmt.Printf("plain GROUP BY of tickets by week and tier: %.3f s (best of 3)\n", best)
	fmt.Printf("all metrics together %.1f s (target ≤ 10 s: %s); slowest %s %.2f s = %.1fx the GROUP BY (target ≤ 5x: %s)\n",
		all, verdict(all <= 10), worstName, worst, worst/best, verdict(worst <= 5*best))
	return nil
}
