package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"
)

// measure is one step: one process, its wall time (start to exit) and peak RSS.
type measure struct {
	name    string
	seconds float64
	rssMB   float64
	log     string // its stderr (tierlens -v timing lines)
	out     string // its stdout
}

// timed runs a command and returns its wall time and peak RSS (from rusage: each step is a
// process of its own, so the figure is that step's alone).
func timed(name string, args ...string) (measure, error) {
	cmd := exec.Command(args[0], args[1:]...)
	var stderr, stdout strings.Builder
	cmd.Stderr = &stderr
	cmd.Stdout = &stdout
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return measure{}, fmt.Errorf("%s: %s: %w\n%s", name, strings.Join(args, " "), err, stderr.String())
	}
	el := time.Since(start).Seconds()
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	return measure{name: name, seconds: el, rssMB: float64(ru.Maxrss) / 1024, log: stderr.String(), out: stdout.String()}, nil
}

// derivedTiming names the -v timing lines of the derived step (the full rebuild logs
// "derived tables"; an incremental one may add words after it): everything else of a load is
// the file part.
const derivedTiming = "derived tables"

// parseTiming names the -v timing line of a load's reading and typing of the file.
const parseTiming = "convert"

// logSeconds sums the seconds of the -v timing lines (`what=… seconds=…`) whose what starts
// with prefix.
func logSeconds(log, prefix string) (total float64, found bool) {
	for _, l := range strings.Split(log, "\n") {
		i := strings.Index(l, "what=")
		if i < 0 {
			continue
		}
		what := strings.TrimPrefix(l[i+len("what="):], `"`)
		if !strings.HasPrefix(what, prefix) {
			continue
		}
		if j := strings.Index(l, "seconds="); j >= 0 {
			var v float64
			if _, err := fmt.Sscanf(l[j+len("seconds="):], "%g", &v); err == nil {
				total += v
				found = true
			}
		}
	}
	return total, found
}

// warm reads a file once so no step pays the first read from disk.
func warm(file string) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(io.Discard, f)
	return err
}

// removeDB removes a warehouse file and its companions.
func removeDB(db string) {
	for _, suffix := range []string{"", ".wal", ".lock", ".readers"} {
		os.Remove(db + suffix)
	}
}

// copyDB copies a closed warehouse file, and its write-ahead log when one was left, to dst,
// and syncs the copy: otherwise the step timed next (a delta load, whose checkpoint syncs the
// file) would also pay for writing the copy's gigabyte out of the page cache.
func copyDB(src, dst string) error {
	for _, suffix := range []string{"", ".wal"} {
		in, err := os.Open(src + suffix)
		if suffix != "" && os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return err
		}
		out, err := os.Create(dst + suffix)
		if err == nil {
			_, err = io.Copy(out, in)
			if err == nil {
				err = out.Sync()
			}
			if cerr := out.Close(); err == nil {
				err = cerr
			}
		}
		in.Close()
		if err != nil {
			return fmt.Errorf("copy %s: %w", src+suffix, err)
		}
	}
	return nil
}

// row is one line of a workload's table.
type row struct {
	step    string
	seconds float64
	ratio   string // the figure against its yardstick, e.g. "1.52x read_csv"
	target  string
	ok      *bool   // nil: no target
	rssMB   float64 // 0: no process of its own
}

func checked(ok bool) *bool { return &ok }

// printTable prints one workload's table: every step, its ratio and target, and its peak RSS
// against the 4 GB target.
func printTable(w io.Writer, title string, rows []row) {
	fmt.Fprintf(w, "\n%s\n", title)
	tw := tabwriter.NewWriter(w, 2, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "step\tseconds\tratio\ttarget\t\tpeak RSS MB\t≤ 4096 MB")
	for _, r := range rows {
		v := ""
		if r.ok != nil {
			v = verdict(*r.ok)
		}
		rss, rv := "", ""
		if r.rssMB > 0 {
			rss, rv = fmt.Sprintf("%.0f", r.rssMB), verdict(r.rssMB <= targetRSSMB)
		}
		fmt.Fprintf(tw, "%s\t%.1f\t%s\t%s\t%s\t%s\t%s\n", r.step, r.seconds, r.ratio, r.target, v, rss, rv)
	}
	tw.Flush()
}

// repeated is one step run several times. Noise on a shared machine (other processes, the
// page cache, the hypervisor) only ever adds time, and single runs here swing by ±15%, so a
// step's cost is its fastest run; every run is kept so the table's notes show the spread,
// and the peak RSS is the highest of them.
type repeated struct {
	best    measure
	seconds []float64
	rssMB   float64
}

// repeat runs step n times (at least once) and keeps every run.
func repeat(n int, step func() (measure, error)) (*repeated, error) {
	r := &repeated{}
	for range max(n, 1) {
		m, err := step()
		if err != nil {
			return nil, err
		}
		r.add(m)
	}
	return r, nil
}

// add records one run.
func (r *repeated) add(m measure) {
	if len(r.seconds) == 0 || m.seconds < r.best.seconds {
		r.best = m
	}
	r.seconds = append(r.seconds, m.seconds)
	r.rssMB = max(r.rssMB, m.rssMB)
}

// measure is the step as the table shows it: the fastest run, with the highest peak RSS.
func (r *repeated) measure() measure {
	m := r.best
	m.rssMB = r.rssMB
	return m
}

// spread says every run, in the order they ran: "8.8, 8.1 and 9.4 s".
func (r *repeated) spread() string {
	s := make([]string, len(r.seconds))
	for i, v := range r.seconds {
		s[i] = fmt.Sprintf("%.1f", v)
	}
	if len(s) == 1 {
		return s[0] + " s"
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1] + " s"
}
