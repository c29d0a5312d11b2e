package metrics_test

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/tierlens/tierlens/etl/warehouse"
	"github.com/tierlens/tierlens/queries"
)

// BenchmarkSLARefresh times the rebuild of the SLA tables (queries/etl/derived.sql: calendar
// windows, SLA clock, instances, tier stays, ticket clock) that follows every load, on the
// warehouse at TIERLENS_BENCH_DB, opened for writing (the rebuild is idempotent: the tables
// get the same rows), with TIERLENS_BENCH_THREADS DuckDB threads (default 2). One
// sub-benchmark per table, in rebuild order:
//
//	TIERLENS_BENCH_DB=big.duckdb go test ./metrics -run '^$' -bench SLARefresh -benchtime 1x
//
// The KPIs that read the tables are timed with the rest of the catalog (BenchmarkCatalog13Weeks).
func BenchmarkSLARefresh(b *testing.B) {
	path := os.Getenv("TIERLENS_BENCH_DB")
	if path == "" {
		b.Skip("set TIERLENS_BENCH_DB to a loaded warehouse")
	}
	threads := 2
	if v, err := strconv.Atoi(os.Getenv("TIERLENS_BENCH_THREADS")); err == nil {
		threads = v
	}
	ctx := context.Background()
	w, err := warehouse.Open(ctx, path, warehouse.Options{Threads: threads})
	if err != nil {
		b.Fatal(err)
	}
	defer w.Close()
	var steps [][2]string // table, statements
	for _, stmt := range strings.Split(queries.MustRead("etl/derived.sql"), ";\n") {
		body := strings.TrimSpace(stripComments(stmt))
		if body == "" {
			continue
		}
		if f := strings.Fields(body); f[0] == "DELETE" {
			steps = append(steps, [2]string{f[2], body})
		} else {
			steps[len(steps)-1][1] += ";\n" + body
		}
	}
	for _, s := range steps {
		b.Run(s[0], func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := w.DB.ExecContext(ctx, s[1]); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
