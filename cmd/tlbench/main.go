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

	"github.com/tierlens/tierlens/etl/sample"
	"github.com/tierlens/tierlens/etl/warehouse"
)

func main() {
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
	return "3GB"
}

type measure struct {
	name    string
	seconds float64
	rssMB   float64
}

// timed runs a command and returns its wall time and peak RSS.
func timed(name string, args ...string) (measure, error) {
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stderr = os.Stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return measure{}, fmt.Errorf("%s: %w", name, err)
	}
	el := time.Since(start).Seconds()
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	return measure{name: name, seconds: el, rssMB: float64(ru.Maxrss) / 1024}, nil
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
	load, err := timed("tierlens load", bin, "--db", loadDB, "load", "--profile", "servicenow-eventlog", file)
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
	tw := tabwriter.NewWriter(os.Stdout, 2, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "step\tseconds\tvs read_csv\tpeak RSS MB\ttarget\t")
	fmt.Fprintf(tw, "%s\t%.1f\t%.2fx\t%.0f\t\t\n", base.name, base.seconds, 1.0, base.rssMB)
	fmt.Fprintf(tw, "%s\t%.1f\t%.2fx\t%.0f\t≤ 2.0x, ≤ 4096 MB\t\n", load.name, load.seconds, load.seconds/base.seconds, load.rssMB)
	tw.Flush()
	verdict := "met"
	if load.seconds > 2*base.seconds || load.rssMB > 4096 {
		verdict = "MISSED"
	}
	fmt.Printf("load target %s\n", verdict)
	return nil
}
