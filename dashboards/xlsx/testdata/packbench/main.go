// Command packbench is the Go side of the Excel pack benchmark (issue 9): it writes the ticket
// rows of a CSV as the Tickets sheet of a pack with dashboards/xlsx, for comparison with
// openpyxl's write-only mode (../bench_openpyxl.py) on the same CSV. It also generates that CSV.
//
//	go run ./dashboards/xlsx/testdata/packbench -gen 200000 -csv tickets.csv
//	go run ./dashboards/xlsx/testdata/packbench -csv tickets.csv -o pack.xlsx
//
// The CSV header names each column NAME|UNIT (unit: empty for text, count, percent, hours,
// score, number, date, datetime); datetimes are YYYY-MM-DD HH:MM:SS (UTC); an empty field is
// no value. The other sheets of the pack are small and fixed, so the time is the tickets'.
// It lives under testdata so that go build ./... and go vet ./... leave it out.
package main

import (
	"bufio"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"github.com/tierlens/tierlens/dashboards/xlsx"
)

func main() {
	gen := flag.Int("gen", 0, "write this many generated tickets to -csv and stop")
	src := flag.String("csv", "", "the tickets CSV")
	out := flag.String("o", "", "the workbook to write")
	prof := flag.String("cpuprofile", "", "write a CPU profile here")
	flag.Parse()
	if *prof != "" {
		f, err := os.Create(*prof)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "packbench:", err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}
	var err error
	switch {
	case *src == "":
		err = fmt.Errorf("-csv is required")
	case *gen > 0:
		err = generate(*src, *gen)
	case *out == "":
		err = fmt.Errorf("-o is required")
	default:
		err = pack(*src, *out)
	}
	if err != nil {
		pprof.StopCPUProfile()
		fmt.Fprintln(os.Stderr, "packbench:", err)
		os.Exit(1)
	}
}

// columns are the ticket facts of the pack's Tickets sheet.
var columns = []xlsx.Column{
	{Label: "Ticket", Unit: xlsx.UnitText},
	{Label: "Title", Unit: xlsx.UnitText},
	{Label: "Source", Unit: xlsx.UnitText},
	{Label: "Priority", Unit: xlsx.UnitText},
	{Label: "Group", Unit: xlsx.UnitText},
	{Label: "Created", Unit: xlsx.UnitDateTime},
	{Label: "Resolved", Unit: xlsx.UnitDateTime},
	{Label: "Entry tier", Unit: xlsx.UnitText},
	{Label: "Resolving tier", Unit: xlsx.UnitText},
	{Label: "Max tier", Unit: xlsx.UnitText},
	{Label: "Escalations", Unit: xlsx.UnitCount},
	{Label: "Resolution (h)", Unit: xlsx.UnitHours},
	{Label: "SLA met", Unit: xlsx.UnitText},
	{Label: "Reopened", Unit: xlsx.UnitCount},
	{Label: "CSAT", Unit: xlsx.UnitScore},
}

const stamp = "2006-01-02 15:04:05"

// generate writes n deterministic tickets, a few with hostile titles.
func generate(path string, n int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(bufio.NewWriterSize(f, 1<<20))
	head := make([]string, len(columns))
	for i, c := range columns {
		head[i] = c.Label + "|" + c.Unit
	}
	if err := w.Write(head); err != nil {
		return err
	}
	tiers := []string{"L1", "L2", "L3", "L4"}
	groups := []string{"Service Desk", "Network Ops", "Database Team", "Field Services", "Vendor: Acme"}
	base := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	rec := make([]string, len(columns))
	for i := range n {
		created := base.Add(time.Duration(i%(92*24*60)) * time.Minute).Add(time.Duration(i%60) * time.Second)
		title := fmt.Sprintf("Ticket %d: user cannot reach %s from building %d", i, groups[i%5], i%17)
		if i%1000 == 0 {
			title = `=HYPERLINK("http://evil.example","click")`
		}
		resolved, hours := "", ""
		if i%6 != 5 {
			h := float64(i%500)*0.37 + 0.2
			resolved = created.Add(time.Duration(h * float64(time.Hour))).Format(stamp)
			hours = strconv.FormatFloat(h, 'f', 3, 64)
		}
		csat := ""
		if i%4 == 0 {
			csat = strconv.Itoa(1 + i%5)
		}
		sla := "yes"
		if i%7 == 3 {
			sla = "no"
		}
		rec = append(rec[:0], fmt.Sprintf("INC%08d", i), title, []string{"jira", "servicenow"}[i%2],
			fmt.Sprintf("P%d", 1+i%4), groups[i%5], created.Format(stamp), resolved,
			tiers[0], tiers[i%3], tiers[i%4], strconv.Itoa(i%4), hours, sla, strconv.Itoa(i%9/8), csat)
		if err := w.Write(rec); err != nil {
			return err
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return f.Close()
}

// pack writes the CSV's tickets as a pack, streaming them from the file.
func pack(src, dst string) error {
	start := time.Now()
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	r := csv.NewReader(bufio.NewReaderSize(in, 1<<20))
	r.ReuseRecord = true
	head, err := r.Read()
	if err != nil {
		return fmt.Errorf("%s: header: %w", src, err)
	}
	var cols []xlsx.Column
	for _, h := range head {
		name, unit, _ := strings.Cut(h, "|")
		cols = append(cols, xlsx.Column{Label: name, Unit: unit})
	}
	n := 0
	rows := func(yield func([]any) error) error {
		row := make([]any, len(cols))
		for {
			rec, err := r.Read()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return fmt.Errorf("%s: %w", src, err)
			}
			n++
			for i, s := range rec {
				if row[i], err = parse(s, cols[i].Unit); err != nil {
					line, _ := r.FieldPos(i)
					return fmt.Errorf("%s: line %d: %s: %w", src, line, cols[i].Label, err)
				}
			}
			if err := yield(row); err != nil {
				return err
			}
		}
	}
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(out, 1<<20)
	p := &xlsx.Pack{
		Lang:    "en",
		Header:  xlsx.Header{Title: "Pack benchmark", Period: "2026-Q4"},
		Tickets: xlsx.Tickets{Columns: cols, Rows: rows},
	}
	if err := xlsx.Write(w, p, xlsx.Options{}); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "dashboards/xlsx: %d rows in %.2f s\n", n, time.Since(start).Seconds())
	return nil
}

// parse converts a CSV field for a column of unit.
func parse(s, unit string) (any, error) {
	if s == "" {
		return nil, nil
	}
	switch unit {
	case xlsx.UnitText:
		return s, nil
	case xlsx.UnitDate, xlsx.UnitDateTime:
		return time.Parse(stamp, s)
	}
	return strconv.ParseFloat(s, 64)
}
