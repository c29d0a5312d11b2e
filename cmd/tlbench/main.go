// Command tlbench is tierlens' benchmark harness (make bench): it generates a large sample,
// then times tierlens against DuckDB's own raw read_csv of the same file, each in its own
// process so peak RSS is measured per side, and prints the figures as ratios. Timing lives
// here and never in tests.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/tierlens/tierlens/config"
	"github.com/tierlens/tierlens/etl/sample"
	"github.com/tierlens/tierlens/etl/warehouse"
	"github.com/tierlens/tierlens/metrics"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "metrics" {
		if err := metricsBench(os.Args[2]); err != nil {
			fmt.Fprintln(os.Stderr, "tlbench metrics:", err)
			os.Exit(1)
		}
		return
	}
	if len(os.Args) > 1 && os.Args[1] == "raw" {
		if err := raw(os.Args[2], os.Args[3]); err != nil {
			fmt.Fprintln(os.Stderr, "tlbench raw:", err)
			os.Exit(1)
		}
		return
	}
	fs := flag.NewFlagSet("tlbench", flag.ExitOnError)
	tickets := fs.Int("tickets", 1_000_000, "tickets to generate")
	dir := fs.String("dir", ".bench", "work directory (the generated file is kept and reused)")
	bin := fs.String("tierlens", "bin/tierlens", "tierlens binary")
	seed := fs.Uint64("seed", 7, "generator seed")
	fs.Parse(os.Args[1:])
	if err := run(*tickets, *seed, *dir, *bin); err != nil {
		fmt.Fprintln(os.Stderr, "tlbench:", err)
		os.Exit(1)
	}
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

type measure struct {
	name    string
	seconds float64
	rssMB   float64
	log     string
}

// timed runs a command and returns its wall time and peak RSS.
func timed(name string, args ...string) (measure, error) {
	cmd := exec.Command(args[0], args[1:]...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return measure{}, fmt.Errorf("%s: %w\n%s", name, err, stderr.String())
	}
	el := time.Since(start).Seconds()
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	return measure{name: name, seconds: el, rssMB: float64(ru.Maxrss) / 1024, log: stderr.String()}, nil
}

// logSeconds sums the seconds of the -v timing lines named what.
func logSeconds(log, what string) float64 {
	var total float64
	for _, l := range strings.Split(log, "\n") {
		if !strings.Contains(l, "what="+what+" ") && !strings.Contains(l, `what="`+what+`" `) {
			continue
		}
		if i := strings.Index(l, "seconds="); i >= 0 {
			var v float64
			fmt.Sscanf(l[i+len("seconds="):], "%g", &v)
			total += v
		}
	}
	return total
}

func run(tickets int, seed uint64, dir, bin string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	end := time.Date(2026, 11, 15, 23, 59, 59, 0, time.UTC)
	genDir := filepath.Join(dir, fmt.Sprintf("eventlog-%d-%d", tickets, seed))
	file := filepath.Join(genDir, "servicenow_eventlog.csv")
	if _, err := os.Stat(file); err != nil {
		fmt.Fprintf(os.Stderr, "generating %d tickets into %s …\n", tickets, genDir)
		start := time.Now()
		if _, err := sample.Generate(context.Background(), sample.Options{Tickets: tickets, Seed: seed, End: end, Profile: "servicenow-eventlog", OutDir: genDir}); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "generated in %.1fs\n", time.Since(start).Seconds())
	}
	st, err := os.Stat(file)
	if err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	// Warm the page cache so neither side pays the first read from disk.
	if err := exec.Command("cat", file).Run(); err != nil {
		return err
	}
	rawDB := filepath.Join(dir, "raw.duckdb")
	loadDB := filepath.Join(dir, "load.duckdb")
	clean := func() {
		for _, db := range []string{rawDB, loadDB} {
			for _, suffix := range []string{"", ".wal", ".lock"} {
				os.Remove(db + suffix)
			}
		}
	}
	clean()
	defer clean()
	base, err := timed("duckdb read_csv → table", self, "raw", file, rawDB)
	if err != nil {
		return err
	}
	load, err := timed("tierlens load", bin, "-v", "--db", loadDB, "load", "--profile", "servicenow-eventlog", file)
	if err != nil {
		return err
	}
	count := func(table string) string {
		out, err := exec.Command(bin, "--db", loadDB, "query", "--format", "csv", "SELECT count(*) FROM "+table).Output()
		if err != nil {
			return "?"
		}
		lines := strings.Fields(string(out))
		return lines[len(lines)-1]
	}
	events := count("tickets") + " tickets loaded, " + count("ticket_events") + " events"
	fmt.Printf("\ntierlens bench: %d tickets generated, %s (%.0f MB CSV), %d cores\n", tickets, events, float64(st.Size())/1e6, runtime.NumCPU())
	derived := logSeconds(load.log, "derived tables")
	etl := load.seconds - derived
	tw := tabwriter.NewWriter(os.Stdout, 2, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "step\tseconds\tvs read_csv\tpeak RSS MB\ttarget\t")
	fmt.Fprintf(tw, "%s\t%.1f\t%.2fx\t%.0f\t\t\n", base.name, base.seconds, 1.0, base.rssMB)
	fmt.Fprintf(tw, "tierlens load: the files (ETL)\t%.1f\t%.2fx\t\t≤ 2.0x\t\n", etl, etl/base.seconds)
	fmt.Fprintf(tw, "tierlens load: derived tables (with commit)\t%.1f\t%.2fx\t\t\t\n", derived, derived/base.seconds)
	fmt.Fprintf(tw, "tierlens load: whole command\t%.1f\t%.2fx\t%.0f\t≤ 4096 MB\t\n", load.seconds, load.seconds/base.seconds, load.rssMB)
	tw.Flush()
	fmt.Printf("load: files %.2fx of read_csv (target ≤ 2.0x: %s); whole command with the derived tables %.2fx; peak RSS %.0f MB (target ≤ 4096: %s)\n",
		etl/base.seconds, verdict(etl <= 2*base.seconds), load.seconds/base.seconds, load.rssMB, verdict(load.rssMB <= 4096))

	// The KPI engine: every metric, 13 weekly periods by tier, each timed alone, against a
	// plain GROUP BY of the same tickets by week and tier, in a process of its own.
	cmd := exec.Command(self, "metrics", loadDB)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("metrics bench: %w", err)
	}
	os.Stdout.Write(out)
	var engine float64
	for _, l := range strings.Split(string(out), "\n") {
		if rest, ok := strings.CutPrefix(l, "all metrics together "); ok {
			fmt.Sscanf(rest, "%g", &engine)
		}
	}

	// The dashboard of the last generated week with its 13-week trend, against the KPI
	// engine's own time.
	html := filepath.Join(dir, "dashboard.html")
	dash, err := timed("tierlens dashboard", bin, "--db", loadDB, "dashboard", "--week", "2026-W46", "-o", html)
	if err != nil {
		return err
	}
	hst, err := os.Stat(html)
	if err != nil {
		return err
	}
	fmt.Printf("dashboard --week 2026-W46: %.1f s (target ≤ KPI engine %.1f s + 5 s: %s), %.2f MB (target ≤ 3 MB: %s), peak RSS %.0f MB\n",
		dash.seconds, engine, verdict(dash.seconds <= engine+5), float64(hst.Size())/1e6, verdict(hst.Size() <= 3e6), dash.rssMB)
	os.Remove(html)
	return nil
}

func verdict(ok bool) string {
	if ok {
		return "met"
	}
	return "MISSED"
}

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
	p := metrics.PeriodsOf(cfg)
	// The generated data ends on Sunday 2026-11-15: the 13 weeks up to it.
	from, to := p.Last(metrics.Grain("week"), 13, time.Date(2026, 11, 16, 12, 0, 0, 0, time.UTC))
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
