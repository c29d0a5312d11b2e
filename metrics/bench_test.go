package metrics_test

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/tierlens/tierlens/config"
	"github.com/tierlens/tierlens/etl/warehouse"
	"github.com/tierlens/tierlens/metrics"
)

// BenchmarkCatalog13Weeks runs the whole catalog as a 13-week weekly trend by tier, on the
// warehouse at TIERLENS_BENCH_DB (e.g. tierlens sample --tickets 1000000, loaded), with
// TIERLENS_BENCH_THREADS DuckDB threads (default 2; 0 = all cores). The budget is 10 s for all metrics on 2
// cores. Each metric is a sub-benchmark, so
//
//	TIERLENS_BENCH_DB=big.duckdb go test ./metrics -run '^$' -bench Catalog -benchtime 1x
//
// shows which metric costs what. The periods end with the week before the warehouse's
// newest ticket.
func BenchmarkCatalog13Weeks(b *testing.B) {
	path := os.Getenv("TIERLENS_BENCH_DB")
	if path == "" {
		b.Skip("set TIERLENS_BENCH_DB to a loaded warehouse")
	}
	threads := 2
	if v, err := strconv.Atoi(os.Getenv("TIERLENS_BENCH_THREADS")); err == nil {
		threads = v // 0: all cores
	}
	ctx := context.Background()
	w, err := warehouse.Open(ctx, path, warehouse.Options{ReadOnly: true, Threads: threads})
	if err != nil {
		b.Fatal(err)
	}
	defer w.Close()
	cfg := config.Default()
	cat, err := metrics.LoadCatalog(cfg)
	if err != nil {
		b.Fatal(err)
	}
	var newest time.Time
	if err := w.DB.QueryRowContext(ctx, "SELECT max(created_at) FROM tickets").Scan(&newest); err != nil {
		b.Fatal(err)
	}
	p := metrics.PeriodsOf(cfg)
	from, to := p.Last(metrics.Week, 13, newest)
	q := metrics.Query{Grain: metrics.Week, From: from, To: to, By: []string{"tier"}}
	b.Run("all", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := cat.Run(ctx, w.DB, cfg, nil, q); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, m := range cat.Metrics() {
		b.Run(m.Name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := cat.Run(ctx, w.DB, cfg, []string{m.Name}, q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
