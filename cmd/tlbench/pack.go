package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/tierlens/tierlens/config"
	"github.com/tierlens/tierlens/dashboards/pack"
	"github.com/tierlens/tierlens/dashboards/xlsx"
)

// The targets of issue 9 for the pack of a quarter of the 1M-ticket warehouse.
const (
	targetPackSpeedup = 3.0    // × faster than openpyxl writing the same rows and columns
	targetPackRSSMB   = 1024.0 // peak RSS of the pack command
)

// packQuarter is the quarter with most of the generated tickets (they end 2026-11-15).
const packQuarter = "2026-Q3"

// openpyxlScript writes the rows of a NAME|UNIT CSV with openpyxl in write-only mode.
const openpyxlScript = "dashboards/xlsx/testdata/bench_openpyxl.py"

// packBench times `tierlens pack` of packQuarter, Tickets sheet included, against openpyxl in
// write-only mode writing the same rows and columns (exported from the same warehouse by the
// pack's own macro), each in a process of its own, and returns the lines to print.
func (b *bench) packBench(db string) (string, error) {
	python, err := exec.LookPath("/usr/bin/python3")
	if err != nil {
		return "", fmt.Errorf("%w: Debian's python3 with python3-openpyxl is needed for the pack bench: %v", errSkip, err)
	}
	if err := exec.Command(python, "-c", "import openpyxl").Run(); err != nil {
		return "", fmt.Errorf("%w: python3-openpyxl is not installed (apt-get install python3-openpyxl)", errSkip)
	}
	out := filepath.Join(b.o.dir, "pack.xlsx")
	fmt.Fprintf(os.Stderr, "tierlens pack --quarter %s …\n", packQuarter)
	goRun, err := timed("tierlens pack", b.o.bin, "--db", db, "pack", "--quarter", packQuarter, "-o", out)
	if err != nil {
		return "", err
	}
	defer os.Remove(out)
	m := regexp.MustCompile(`, (\d+) tickets`).FindStringSubmatch(goRun.out)
	if m == nil {
		return "", fmt.Errorf("tierlens pack printed no ticket count: %q", goRun.out)
	}
	// the same rows and columns as CSV for openpyxl, with the units the pack formats them in
	csvFile := filepath.Join(b.o.dir, "pack-tickets.csv")
	defer os.Remove(csvFile)
	from, to, err := quarterUTC(packQuarter)
	if err != nil {
		return "", err
	}
	var cols []string
	units := pack.TicketColumns("en")
	for i, name := range pack.TicketSQLColumns() {
		expr := `"` + name + `"`
		switch units[i].Unit {
		case xlsx.UnitDateTime:
			expr = "strftime(" + expr + ", '%Y-%m-%d %H:%M:%S')"
		case xlsx.UnitText:
			expr = expr + "::VARCHAR"
		}
		cols = append(cols, fmt.Sprintf(`%s AS "%s|%s"`, expr, name, units[i].Unit))
	}
	q := fmt.Sprintf("SELECT %s FROM pack_tickets(TIMESTAMP '%[2]s', TIMESTAMP '%[3]s', '-infinity', TIMESTAMP '%[3]s')", strings.Join(cols, ", "),
		from.Format(time.DateTime), to.Format(time.DateTime))
	f, err := os.Create(csvFile)
	if err != nil {
		return "", err
	}
	cmd := exec.Command(b.o.bin, "--db", db, "query", "--format", "csv", q)
	cmd.Stdout, cmd.Stderr = f, os.Stderr
	err = cmd.Run()
	f.Close()
	if err != nil {
		return "", fmt.Errorf("export the pack's tickets: %w", err)
	}
	pyOut := filepath.Join(b.o.dir, "pack-openpyxl.xlsx")
	defer os.Remove(pyOut)
	fmt.Fprintf(os.Stderr, "openpyxl (write-only) of the same %s tickets …\n", m[1])
	py, err := timed("openpyxl", python, openpyxlScript, csvFile, pyOut)
	if err != nil {
		return "", err
	}
	speedup := py.seconds / goRun.seconds
	return fmt.Sprintf("pack --quarter %s (%s tickets on the Tickets sheet, every sheet): %.1f s, peak RSS %.0f MB (target ≤ %.0f MB: %s); openpyxl write-only, the Tickets sheet's rows and columns alone: %.1f s, peak RSS %.0f MB; the pack is %.1fx faster (target ≥ %.0fx: %s)\n",
		packQuarter, m[1], goRun.seconds, goRun.rssMB, targetPackRSSMB, verdict(goRun.rssMB <= targetPackRSSMB),
		py.seconds, py.rssMB, speedup, targetPackSpeedup, verdict(speedup >= targetPackSpeedup)), nil
}

// quarterUTC is the quarter ("2026-Q3") in the default reporting zone, as UTC instants.
func quarterUTC(q string) (time.Time, time.Time, error) {
	loc, err := time.LoadLocation(config.Default().TimeZone)
	if err != nil {
		return time.Time{}, time.Time{}, err
	}
	var y, n int
	if _, err := fmt.Sscanf(q, "%d-Q%d", &y, &n); err != nil || n < 1 || n > 4 {
		return time.Time{}, time.Time{}, fmt.Errorf("quarter %q", q)
	}
	from := time.Date(y, time.Month(3*(n-1)+1), 1, 0, 0, 0, 0, loc)
	return from.UTC(), from.AddDate(0, 3, 0).UTC(), nil
}
