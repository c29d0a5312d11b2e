// Command tlbench is tierlens' benchmark harness (make bench, make bench-scale). It times
// tierlens against DuckDB's own raw read_csv of the same file, each tool in its own process
// so peak RSS is measured per step, and prints every figure as a ratio measured in the same
// run, with "met" or "MISSED" per target:
//
//   - generated tickets (1M by default): read_csv vs the whole `tierlens load` command and its
//     file part; a 1% delta export (half new, half updated tickets) loaded into that
//     warehouse, as a share of the first load; `tierlens metrics run` of the whole catalog for
//     13 weekly periods by tier, as a user runs it; the per-metric table and the dashboard;
//     `tierlens export` of the loaded warehouse against DuckDB's own COPY … TO parquet of the
//     same tables, and `metrics run --lake` on that lake against metrics run on the warehouse;
//   - the real-shaped workload: the public UCI ServiceNow log copied 40 times with distinct
//     incident numbers, read_csv vs the load, and its 1% delta;
//   - -scale: the generated workload at several sizes, as a markdown table for the README.
//
// Each step can run more than once (-load-repeat for read_csv and the load, which alternate;
// -repeat for the delta and metrics run): the table shows the fastest run, its notes every
// run, as noise on a shared machine only ever adds time. Generated, copied and delta files are
// kept under -dir and reused; warehouses are removed. Timing lives here and never in tests.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/tierlens/tierlens/config"
	"github.com/tierlens/tierlens/etl/warehouse"
	"github.com/tierlens/tierlens/metrics"
)

func main() {
	if len(os.Args) > 2 && os.Args[1] == "metrics" {
		if err := metricsBench(os.Args[2]); err != nil {
			fmt.Fprintln(os.Stderr, "tlbench metrics:", err)
			os.Exit(1)
		}
		return
	}
	if len(os.Args) > 2 && os.Args[1] == "pack" {
		// the pack step alone on a loaded warehouse: tlbench pack DB [TIERLENS]
		b := &bench{o: options{bin: "bin/tierlens", dir: os.TempDir()}}
		if len(os.Args) > 3 {
			b.o.bin = os.Args[3]
		}
		line, err := b.packBench(os.Args[2])
		if err != nil {
			fmt.Fprintln(os.Stderr, "tlbench pack:", err)
			os.Exit(1)
		}
		fmt.Print(line)
		return
	}
	if len(os.Args) > 2 && os.Args[1] == "lake" {
		// the lake steps alone on a loaded warehouse: tlbench lake DB [TIERLENS]
		if err := lakeAlone(os.Args[2:]); err != nil {
			fmt.Fprintln(os.Stderr, "tlbench lake:", err)
			os.Exit(1)
		}
		return
	}
	if len(os.Args) > 3 && os.Args[1] == "copy" {
		// the export's baseline: tlbench copy DB DIR
		if err := copyParquet(os.Args[2], os.Args[3]); err != nil {
			fmt.Fprintln(os.Stderr, "tlbench copy:", err)
			os.Exit(1)
		}
		return
	}
	if len(os.Args) > 3 && os.Args[1] == "rewrite" {
		// the load's second yardstick: tlbench rewrite LOADED_DB NEW_DB
		if err := rewrite(os.Args[2], os.Args[3]); err != nil {
			fmt.Fprintln(os.Stderr, "tlbench rewrite:", err)
			os.Exit(1)
		}
		return
	}
	if len(os.Args) > 3 && os.Args[1] == "raw" {
		if err := raw(os.Args[2], os.Args[3]); err != nil {
			fmt.Fprintln(os.Stderr, "tlbench raw:", err)
			os.Exit(1)
		}
		return
	}
	fs := flag.NewFlagSet("tlbench", flag.ExitOnError)
	o := options{}
	fs.IntVar(&o.tickets, "tickets", 1_000_000, "tickets to generate")
	scale := fs.String("scale", "", "comma-separated ticket counts (e.g. 1000000,2000000,4000000): run the generated workload at each size (load, delta, metrics run) and print a markdown table; skips the UCI workload")
	fs.StringVar(&o.dir, "dir", ".bench", "work directory (generated, copied and delta files are kept and reused)")
	fs.StringVar(&o.bin, "tierlens", "bin/tierlens", "tierlens binary")
	fs.Uint64Var(&o.seed, "seed", 7, "generator seed")
	fs.Float64Var(&o.delta, "delta", 0.01, "size of the delta export as a share of the base's tickets (half new, half updated)")
	fs.StringVar(&o.uci, "uci", "../shared/datasets/uci-incident-event-log/incident_event_log.csv", "the UCI incident event log (skipped with a message when absent)")
	fs.StringVar(&o.uciConfig, "uci-config", "sample-data/mappings/uci-servicenow.yaml", "tierlens configuration for the UCI log (its tier map, zone and calendars)")
	fs.IntVar(&o.uciCopies, "uci-copies", 40, "copies of the UCI log, each with distinct incident numbers (0 skips the UCI workload)")
	fs.IntVar(&o.repeat, "repeat", 3, "runs of each short step (the delta load, metrics run); the table shows the fastest, the notes every run")
	fs.IntVar(&o.loadRepeat, "load-repeat", 2, "runs of read_csv and the first load, alternating; the table shows the fastest of each")
	fs.BoolVar(&o.perMetric, "per-metric", true, "also time every metric alone (best of 3) and the dashboard")
	fs.Parse(os.Args[1:])
	if *scale != "" {
		sizes, err := parseSizes(*scale)
		if err == nil {
			err = runScale(o, sizes)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "tlbench:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "tlbench:", err)
		os.Exit(1)
	}
}

// options are tlbench's flags.
type options struct {
	tickets   int
	seed      uint64
	dir, bin  string
	delta     float64
	uci       string
	uciConfig string
	uciCopies int
	perMetric bool
	// repeat and loadRepeat: how often the short steps and the load steps run (the fastest
	// run counts, see repeated)
	repeat, loadRepeat int
}

// parseSizes reads -scale's list of ticket counts.
func parseSizes(s string) ([]int, error) {
	var sizes []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 100 {
			return nil, fmt.Errorf("-scale %q: %q is not a ticket count of 100 or more", s, f)
		}
		sizes = append(sizes, n)
	}
	return sizes, nil
}

// raw is the baseline: DuckDB's read_csv of the file into a table, with the same
// per-connection settings tierlens uses, in a fresh database file.
func raw(file, db string) error {
	ctx := context.Background()
	w, err := warehouse.Open(ctx, db, warehouse.Options{MemoryLimit: memLimit()})
	if err != nil {
		return err
	}
	defer w.Close()
	_, err = w.DB.ExecContext(ctx, "CREATE TABLE raw_csv AS SELECT * FROM read_csv(?)", file)
	return err
}

func memLimit() string {
	if v := os.Getenv("TIERLENS_MEMORY_LIMIT"); v != "" {
		return v
	}
	return "2.5GB"
}

// The targets of issue 11 §4.
const (
	targetLoad    = 2.0  // whole load command, × read_csv
	targetFile    = 1.5  // its file part, × read_csv
	targetDelta   = 0.10 // a 1% delta's whole load command, × the first load
	targetMetrics = 3.0  // metrics run, seconds
	targetRSSMB   = 4096 // peak RSS of every step
)

// benchEnd is the generated data's "now": a Sunday, so 13 whole weeks end with it.
var benchEnd = time.Date(2026, 11, 15, 23, 59, 59, 0, time.UTC)

// thirteenWeeks is the range a manager's 13-week weekly trend covers: the 13 weeks up to the
// generated data's last day, in the reporting zone of the default configuration.
func thirteenWeeks() (time.Time, time.Time) {
	p := metrics.PeriodsOf(config.Default())
	return p.Last(metrics.Grain("week"), 13, benchEnd.Add(12*time.Hour+time.Second))
}

func verdict(ok bool) string {
	if ok {
		return "met"
	}
	return "MISSED"
}

// errSkip marks a workload that cannot run here (its data set is absent): said, not fatal.
var errSkip = errors.New("skipped")
