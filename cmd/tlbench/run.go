package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/tierlens/tierlens/config"
	"github.com/tierlens/tierlens/etl/sample"
	"github.com/tierlens/tierlens/metrics"
)

// bench runs the workloads.
type bench struct {
	o    options
	self string // this binary, for the read_csv and per-metric steps
}

func newBench(o options) (*bench, error) {
	if err := os.MkdirAll(o.dir, 0o755); err != nil {
		return nil, err
	}
	if _, err := os.Stat(o.bin); err != nil {
		return nil, fmt.Errorf("tierlens binary %s: %w (make build first, or give -tierlens)", o.bin, err)
	}
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	return &bench{o: o, self: self}, nil
}

// run is make bench: the generated workload, then the UCI one.
func run(o options) error {
	b, err := newBench(o)
	if err != nil {
		return err
	}
	if _, err := b.generatedWorkload(o.tickets, o.perMetric); err != nil {
		return err
	}
	if o.uciCopies > 0 {
		if err := b.uciWorkload(); errors.Is(err, errSkip) {
			fmt.Printf("\nUCI workload: %v\n", err)
		} else if err != nil {
			return err
		}
	}
	return nil
}

// generated returns the generated event log of n tickets, generating it on first use.
func (b *bench) generated(n int) (string, error) {
	genDir := filepath.Join(b.o.dir, fmt.Sprintf("eventlog-%d-%d", n, b.o.seed))
	file := filepath.Join(genDir, "servicenow_eventlog.csv")
	if _, err := os.Stat(file); err == nil {
		return file, nil
	}
	fmt.Fprintf(os.Stderr, "generating %d tickets into %s …\n", n, genDir)
	start := time.Now()
	if _, err := sample.Generate(context.Background(), sample.Options{Tickets: n, Seed: b.o.seed, End: benchEnd, Profile: sample.ProfileServiceNowEventlog, OutDir: genDir}); err != nil {
		return "", err
	}
	fmt.Fprintf(os.Stderr, "generated in %.1fs\n", time.Since(start).Seconds())
	return file, nil
}

// deltaOf returns a delta of n tickets of base, writing it on first use; what it holds is
// kept beside it (a JSON file), so a reused delta is still checked against the load.
func (b *bench) deltaOf(base string, n int) (string, deltaStats, error) {
	// v1: bump when the generator changes, so no stale delta is reused.
	file := strings.TrimSuffix(base, ".csv") + fmt.Sprintf(".delta-v1-%d.csv", n)
	meta := file + ".json"
	var st deltaStats
	if _, err := os.Stat(file); err == nil {
		if data, err := os.ReadFile(meta); err == nil && json.Unmarshal(data, &st) == nil {
			return file, st, nil
		}
	}
	fmt.Fprintf(os.Stderr, "writing a delta of %d tickets of %s …\n", n, base)
	start := time.Now()
	st, err := writeDelta(base, file, n)
	// The scan held every ticket of the base (4M at -scale): give the memory back before
	// the measured steps run beside this process.
	debug.FreeOSMemory()
	if err != nil {
		return "", st, err
	}
	data, err := json.Marshal(st)
	if err == nil {
		err = os.WriteFile(meta, data, 0o644)
	}
	fmt.Fprintf(os.Stderr, "delta written in %.1fs: %s\n", time.Since(start).Seconds(), st)
	return file, st, err
}

// loadRun is what one workload's load steps measured.
type loadRun struct {
	fileMB          float64
	raw, load       measure
	copied          measure // DuckDB alone copying the loaded warehouse's tables (rewrite)
	parse           float64 // the load's "convert" step: reading and typing the file
	delta           measure
	loadDerived     float64
	deltaDerived    float64
	tickets, events int64
	dstats          deltaStats
	dcheck          string // what the delta load did, against what was generated
	dOK             bool
	runs            []string // every run of each repeated step, in order
}

// loadWorkload measures DuckDB's read_csv of file, the whole tierlens load of it into db,
// then (after between, run on the loaded warehouse) the load of a delta of it. global are
// tierlens's global flags (--config).
func (b *bench) loadWorkload(file, db string, global []string, between func() error) (*loadRun, error) {
	st, err := os.Stat(file)
	if err != nil {
		return nil, err
	}
	r := &loadRun{fileMB: float64(st.Size()) / 1e6}
	if err := warm(file); err != nil {
		return nil, err
	}
	rawDB := db + ".raw.duckdb"
	defer removeDB(db)
	// read_csv and the load alternate, so a slow spell of the machine falls on both alike.
	var raws, loads repeated
	for i := range max(b.o.loadRepeat, 1) {
		removeDB(rawDB)
		fmt.Fprintf(os.Stderr, "read_csv of %s (run %d) …\n", file, i+1)
		m, err := timed("duckdb read_csv → table", b.self, "raw", file, rawDB)
		removeDB(rawDB)
		if err != nil {
			return nil, err
		}
		raws.add(m)
		removeDB(db)
		fmt.Fprintf(os.Stderr, "tierlens load of %s (run %d) …\n", file, i+1)
		m, err = timed("tierlens load", b.tierlens(db, global, "load", "--profile", "servicenow-eventlog", file)...)
		if err != nil {
			return nil, err
		}
		loads.add(m)
	}
	r.raw, r.load = raws.measure(), loads.measure()
	r.runs = []string{"read_csv " + raws.spread(), "the load " + loads.spread()}
	r.loadDerived, _ = logSeconds(r.load.log, derivedTiming)
	r.parse, _ = logSeconds(r.load.log, parseTiming)
	fmt.Fprintf(os.Stderr, "DuckDB copying the tables of %s …\n", db)
	copiedDB := db + ".copied.duckdb"
	removeDB(copiedDB)
	r.copied, err = timed("duckdb: copy of the tables the load wrote", b.self, "rewrite", db, copiedDB)
	removeDB(copiedDB)
	if err != nil {
		return nil, err
	}
	counts, err := b.query(db, global, "SELECT (SELECT count(*) FROM tickets), (SELECT count(*) FROM ticket_events)")
	if err != nil {
		return nil, err
	}
	r.tickets, r.events = counts[0], counts[1]
	if between != nil {
		if err := between(); err != nil {
			return nil, err
		}
	}
	n := int(math.Round(b.o.delta * float64(r.tickets)))
	dfile, dst, err := b.deltaOf(file, max(n, 2))
	if err != nil {
		return nil, err
	}
	r.dstats = dst
	if err := warm(dfile); err != nil {
		return nil, err
	}
	// Each run loads the delta into a fresh copy of the first load's warehouse; the last
	// copy stays for the checks below.
	ddb := db + ".delta.duckdb"
	defer removeDB(ddb)
	run := 0
	deltas, err := repeat(b.o.repeat, func() (measure, error) {
		removeDB(ddb)
		if err := copyDB(db, ddb); err != nil {
			return measure{}, err
		}
		// what earlier steps wrote (the lake, the pack) is flushed before, not during, the run
		syscall.Sync()
		run++
		fmt.Fprintf(os.Stderr, "tierlens load of the delta %s (run %d) …\n", dfile, run)
		return timed("tierlens load (delta)", b.tierlens(ddb, global, "load", "--profile", "servicenow-eventlog", dfile)...)
	})
	if err != nil {
		return nil, err
	}
	r.delta = deltas.measure()
	r.runs = append(r.runs, "the delta "+deltas.spread())
	r.deltaDerived, _ = logSeconds(r.delta.log, derivedTiming)
	// The delta must be what it claims: its new tickets new, its updated ones newer.
	got, err := b.query(ddb, global, "SELECT tickets_new, tickets_updated, tickets_unchanged, records_rejected FROM loads ORDER BY load_id DESC LIMIT 1")
	if err != nil {
		return nil, err
	}
	r.dOK = got[0] == int64(dst.New) && got[1] == int64(dst.Updated) && got[2] == 0
	r.dcheck = fmt.Sprintf("the delta load saw %d new, %d updated, %d unchanged tickets (%d records rejected); generated %d new and %d updated: %s",
		got[0], got[1], got[2], got[3], dst.New, dst.Updated, map[bool]string{true: "as generated", false: "NOT AS GENERATED"}[r.dOK])
	return r, nil
}

// tierlens is the command line of one tierlens run on db with -v (its timing lines).
func (b *bench) tierlens(db string, global []string, args ...string) []string {
	cmd := append([]string{b.o.bin, "-v", "--db", db}, global...)
	return append(cmd, args...)
}

// query runs one read-only query through tierlens and returns its single row of integers.
func (b *bench) query(db string, global []string, sql string) ([]int64, error) {
	args := append(append([]string{"--db", db}, global...), "query", "--format", "csv", sql)
	out, err := exec.Command(b.o.bin, args...).Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return nil, fmt.Errorf("tierlens query %q: %w\n%s", sql, err, ee.Stderr)
		}
		return nil, fmt.Errorf("tierlens query %q: %w", sql, err)
	}
	lines := strings.Fields(strings.TrimSpace(string(out)))
	if len(lines) < 2 {
		return nil, fmt.Errorf("tierlens query %q: no row in %q", sql, out)
	}
	var vals []int64
	for _, f := range strings.Split(lines[len(lines)-1], ",") {
		v, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("tierlens query %q: %q is not a count", sql, f)
		}
		vals = append(vals, v)
	}
	return vals, nil
}

// loadRows are the table rows every workload has: read_csv, the load and its parts, the delta.
func (r *loadRun) loadRows() []row {
	base := r.raw.seconds
	file := r.load.seconds - r.loadDerived
	dfile := r.delta.seconds - r.deltaDerived
	x := func(v float64) string { return fmt.Sprintf("%.2fx read_csv", v/base) }
	pct := func(v float64) string { return fmt.Sprintf("%.1f%% of the load", 100*v/r.load.seconds) }
	return []row{
		{step: r.raw.name, seconds: base, ratio: "1.00x", rssMB: r.raw.rssMB},
		{step: "tierlens load: the file", seconds: file, ratio: x(file), target: fmt.Sprintf("≤ %.1fx", targetFile), ok: checked(file <= targetFile*base)},
		{step: "tierlens load: derived tables (with commit)", seconds: r.loadDerived, ratio: x(r.loadDerived)},
		{step: "tierlens load: whole command", seconds: r.load.seconds, ratio: x(r.load.seconds), target: fmt.Sprintf("≤ %.1fx", targetLoad), ok: checked(r.load.seconds <= targetLoad*base), rssMB: r.load.rssMB},
		{step: "duckdb: copy of the tables the load wrote", seconds: r.copied.seconds, ratio: x(r.copied.seconds), rssMB: r.copied.rssMB},
		{step: "delta load: the file", seconds: dfile, ratio: pct(dfile)},
		{step: "delta load: derived tables (with commit)", seconds: r.deltaDerived, ratio: pct(r.deltaDerived)},
		{step: "delta load: whole command", seconds: r.delta.seconds, ratio: pct(r.delta.seconds), target: fmt.Sprintf("≤ %.0f%%", 100*targetDelta), ok: checked(r.delta.seconds <= targetDelta*r.load.seconds), rssMB: r.delta.rssMB},
	}
}

// notes are the lines under a workload's table: what the delta held and did, and what the
// -v timing lines did not say.
func (r *loadRun) notes() string {
	var b strings.Builder
	fmt.Fprintf(&b, "delta: %s\n%s\n", r.dstats, r.dcheck)
	if r.parse > 0 && r.copied.seconds > 0 {
		floor := r.parse + r.copied.seconds
		fmt.Fprintf(&b, "floor: the load's parse of the file (%.1f s) + DuckDB copying the tables it wrote (%.1f s) = %.1f s, %.2fx read_csv; the load's other %.1f s compute the events, intervals and derived tables\n",
			r.parse, r.copied.seconds, floor, floor/r.raw.seconds, r.load.seconds-floor)
	}
	if len(r.runs) > 0 {
		fmt.Fprintf(&b, "runs (the table shows the fastest of each): %s\n", strings.Join(r.runs, "; "))
	}
	if r.loadDerived == 0 || r.deltaDerived == 0 {
		fmt.Fprintf(&b, "note: no %q timing line in a load's -v output: its file part is the whole command\n", derivedTiming)
	}
	return b.String()
}

// metricsRun times `tierlens metrics run` of the whole catalog for 13 weekly periods by
// tier (the default breakdown), as a user runs it: the process, start to exit.
func (b *bench) metricsRun(db string) (measure, int, string, error) {
	from, to := thirteenWeeks()
	runs, err := repeat(b.o.repeat, func() (measure, error) {
		return timed("tierlens metrics run", b.o.bin, "--db", db, "metrics", "run", "--grain", "week",
			"--from", from.Format("2006-01-02"), "--to", to.Format("2006-01-02"))
	})
	if err != nil {
		return measure{}, 0, "", err
	}
	m := runs.measure()
	return m, strings.Count(m.out, "\n"), runs.spread(), nil
}

// catalogSize is the number of metrics `metrics run` runs without names.
func catalogSize() int {
	cat, err := metrics.LoadCatalog(config.Default())
	if err != nil {
		return 0
	}
	return len(cat.Names())
}

// generatedWorkload runs steps 1, 2 and 4 of the bench on n generated tickets; full adds the
// Parquet lake (export, metrics run --lake), the per-metric table and the dashboard. It
// prints the workload's table and returns the figures.
func (b *bench) generatedWorkload(n int, full bool) (*scaleRow, error) {
	file, err := b.generated(n)
	if err != nil {
		return nil, err
	}
	db := filepath.Join(b.o.dir, fmt.Sprintf("gen-%d.duckdb", n))
	var mr measure
	var mrLines int
	var mrRuns string
	var after strings.Builder
	var lr *lakeRun
	between := func() error {
		var err error
		fmt.Fprintln(os.Stderr, "tierlens metrics run …")
		if mr, mrLines, mrRuns, err = b.metricsRun(db); err != nil {
			return err
		}
		if !full {
			return nil
		}
		// The Parquet lake: export against DuckDB's COPY, metrics run --lake against mr.
		fmt.Fprintln(os.Stderr, "the Parquet lake …")
		if lr, err = b.lakeBench(db, mr); err != nil {
			return err
		}
		// Every metric alone, best of 3, in a process of its own.
		cmd := exec.Command(b.self, "metrics", db)
		cmd.Stderr = os.Stderr
		out, err := cmd.Output()
		if err != nil {
			return fmt.Errorf("metrics bench: %w", err)
		}
		after.Write(out)
		var engine float64
		for _, l := range strings.Split(string(out), "\n") {
			if rest, ok := strings.CutPrefix(l, "all metrics together "); ok {
				fmt.Sscanf(rest, "%g", &engine)
			}
		}
		// The dashboard of the last generated week with its 13-week trend, against the KPI
		// engine's own time.
		html := filepath.Join(b.o.dir, "dashboard.html")
		dash, err := timed("tierlens dashboard", b.o.bin, "--db", db, "dashboard", "--week", "2026-W46", "-o", html)
		if err != nil {
			return err
		}
		hst, err := os.Stat(html)
		if err != nil {
			return err
		}
		fmt.Fprintf(&after, "dashboard --week 2026-W46: %.1f s (target ≤ KPI engine %.1f s + 5 s: %s), %.2f MB (target ≤ 3 MB: %s), peak RSS %.0f MB\n",
			dash.seconds, engine, verdict(dash.seconds <= engine+5), float64(hst.Size())/1e6, verdict(hst.Size() <= 3e6), dash.rssMB)
		os.Remove(html)
		// The Excel pack of a quarter against openpyxl writing its ticket rows.
		line, err := b.packBench(db)
		if errors.Is(err, errSkip) {
			fmt.Fprintf(&after, "pack bench skipped: %v\n", err)
			return nil
		}
		if err != nil {
			return err
		}
		after.WriteString(line)
		return nil
	}
	r, err := b.loadWorkload(file, db, nil, between)
	if err != nil {
		return nil, err
	}
	rows := r.loadRows()
	rows = append(rows, row{
		step:    fmt.Sprintf("metrics run: %d metrics, 13 weeks by tier (the process)", catalogSize()),
		seconds: mr.seconds, ratio: fmt.Sprintf("%.2fx read_csv", mr.seconds/r.raw.seconds),
		target: fmt.Sprintf("≤ %.0f s", targetMetrics), ok: checked(mr.seconds <= targetMetrics), rssMB: mr.rssMB,
	})
	if lr != nil {
		rows = append(rows, lr.rows(mr)...)
	}
	printTable(os.Stdout, fmt.Sprintf("workload 1: %d generated tickets (servicenow-eventlog): %d tickets and %d events loaded, %.0f MB CSV, %d cores",
		n, r.tickets, r.events, r.fileMB, runtime.NumCPU()), rows)
	fmt.Print(r.notes())
	fmt.Printf("metrics run printed %d lines; its runs: %s\n", mrLines, mrRuns)
	if lr != nil {
		fmt.Print(lr.note())
	}
	fmt.Print(after.String())
	return &scaleRow{tickets: n, run: r, metrics: mr}, nil
}

// uciWorkload runs the real-shaped workload: the UCI log copied -uci-copies times, read_csv
// against the load with the UCI configuration, and its delta.
func (b *bench) uciWorkload() error {
	if _, err := os.Stat(b.o.uci); err != nil {
		return fmt.Errorf("%w: the UCI log is not at %s (-uci): %v", errSkip, b.o.uci, err)
	}
	if _, err := os.Stat(b.o.uciConfig); err != nil {
		return fmt.Errorf("UCI configuration %s (-uci-config): %w", b.o.uciConfig, err)
	}
	file := filepath.Join(b.o.dir, fmt.Sprintf("uci-x%d", b.o.uciCopies), "incident_event_log.csv")
	if _, err := os.Stat(file); err != nil {
		fmt.Fprintf(os.Stderr, "copying %s %d times into %s …\n", b.o.uci, b.o.uciCopies, file)
		start := time.Now()
		n, err := copyLog(b.o.uci, file, b.o.uciCopies)
		if err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "%d records written in %.1fs\n", n, time.Since(start).Seconds())
	}
	db := filepath.Join(b.o.dir, fmt.Sprintf("uci-x%d.duckdb", b.o.uciCopies))
	r, err := b.loadWorkload(file, db, []string{"--config", b.o.uciConfig}, nil)
	if err != nil {
		return err
	}
	printTable(os.Stdout, fmt.Sprintf("workload 2: the UCI ServiceNow log ×%d, distinct incident numbers (--config %s): %d tickets and %d events loaded, %.0f MB CSV",
		b.o.uciCopies, b.o.uciConfig, r.tickets, r.events, r.fileMB), r.loadRows())
	fmt.Print(r.notes())
	return nil
}
