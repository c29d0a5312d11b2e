package main

import (
	"fmt"
	"io"
	"os"
	"strings"
)

// scaleRow is one size of the scaling table.
type scaleRow struct {
	tickets int
	run     *loadRun
	metrics measure
}

// runScale is make bench-scale: the generated workload (load, delta, metrics run) at each
// size, each size's table as it goes, then one markdown table for the README.
func runScale(o options, sizes []int) error {
	b, err := newBench(o)
	if err != nil {
		return err
	}
	var rows []scaleRow
	for _, n := range sizes {
		r, err := b.generatedWorkload(n, false)
		if err != nil {
			return err
		}
		rows = append(rows, *r)
	}
	fmt.Println()
	writeScaleTable(os.Stdout, rows)
	return nil
}

// writeScaleTable writes the scaling table in markdown: per size the tickets, events and
// file, each step's seconds, the load's ratios to read_csv, the delta's share of the load,
// every step's peak RSS, and which targets it missed.
func writeScaleTable(w io.Writer, rows []scaleRow) {
	fmt.Fprintln(w, "| tickets | events | CSV MB | read_csv s | load s | load × read_csv | file part × read_csv | 1% delta s | delta % of load | metrics run s | peak RSS MB: read_csv / load / delta / metrics run | targets |")
	fmt.Fprintln(w, "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|")
	for _, s := range rows {
		r := s.run
		base := r.raw.seconds
		file := r.load.seconds - r.loadDerived
		var missed []string
		if r.load.seconds > targetLoad*base {
			missed = append(missed, fmt.Sprintf("load ≤ %.1fx", targetLoad))
		}
		if file > targetFile*base {
			missed = append(missed, fmt.Sprintf("file ≤ %.1fx", targetFile))
		}
		if r.delta.seconds > targetDelta*r.load.seconds {
			missed = append(missed, fmt.Sprintf("delta ≤ %.0f%%", 100*targetDelta))
		}
		if s.metrics.seconds > targetMetrics {
			missed = append(missed, fmt.Sprintf("metrics ≤ %.0f s", targetMetrics))
		}
		for _, m := range []measure{r.raw, r.load, r.delta, s.metrics} {
			if m.rssMB > targetRSSMB {
				missed = append(missed, fmt.Sprintf("%s RSS ≤ 4 GB", m.name))
			}
		}
		if !r.dOK {
			missed = append(missed, "delta not as generated")
		}
		targets := "all met"
		if len(missed) > 0 {
			targets = "MISSED: " + strings.Join(missed, ", ")
		}
		fmt.Fprintf(w, "| %s | %s | %.0f | %.1f | %.1f | %.2fx | %.2fx | %.1f | %.1f%% | %.1f | %.0f / %.0f / %.0f / %.0f | %s |\n",
			thousands(int64(s.tickets)), thousands(r.events), r.fileMB, base, r.load.seconds, r.load.seconds/base, file/base,
			r.delta.seconds, 100*r.delta.seconds/r.load.seconds, s.metrics.seconds,
			r.raw.rssMB, r.load.rssMB, r.delta.rssMB, s.metrics.rssMB, targets)
	}
}

// thousands writes n with comma separators, as the README's figures are.
func thousands(n int64) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
