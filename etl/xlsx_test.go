package etl

import (
	"archive/zip"
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/tierlens/tierlens/config"
	"github.com/tierlens/tierlens/etl/warehouse"
)

// cell is one value written to a test workbook: a string (text), a number, a time (a serial
// date with a date format) or a formula with its cached result.
type cell = any

type formula struct{ f, cached string }

// writeWorkbook writes sheets (in order) with the streaming writer; nil rows are empty rows.
func writeWorkbook(t testing.TB, path string, date1904 bool, sheets []string, rows map[string][][]cell) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if date1904 {
		yes := true
		if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}); err != nil {
			t.Fatal(err)
		}
	}
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 22})
	if err != nil {
		t.Fatal(err)
	}
	for i, name := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
		sw, err := f.NewStreamWriter(name)
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows[name] {
			if row == nil {
				continue
			}
			vals := make([]any, len(row))
			for c, v := range row {
				switch x := v.(type) {
				case time.Time:
					vals[c] = excelize.Cell{StyleID: dateStyle, Value: x}
				case formula:
					vals[c] = excelize.Cell{Formula: x.f, Value: x.cached}
				case nil:
				default:
					vals[c] = x
				}
			}
			ref, _ := excelize.CoordinatesToCellName(1, r+1)
			if err := sw.SetRow(ref, vals); err != nil {
				t.Fatal(err)
			}
		}
		if err := sw.Flush(); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

func ts(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04:05", s)
	if err != nil {
		panic(err)
	}
	return t
}

// xlsxIncidents is a ServiceNow list export as a user's workbook: dates as Excel dates and as
// text, a number where the export has a display value, a formula, hostile text, an empty row,
// a short row, a record with a value right of the header and one with an unknown state.
var xlsxIncidents = [][]cell{
	{"number", "short_description", "opened_at", "state", "priority", "assignment_group", "assigned_to", "sys_updated_on", "resolved_at", "closed_at"},
	{"INC1", formula{`"Mail"&" down"`, "Mail down"}, ts("2026-02-02 09:00:00"), "In Progress", "2 - High", "Service Desk", "Ana", ts("2026-02-02 10:00:00"), nil, nil},
	{"INC2", "=cmd|' /C calc'!A0", ts("2026-02-02 09:30:00"), "Resolved", 3, "Network 2nd", "Ben", ts("2026-02-03 10:00:00"), ts("2026-02-03 10:00:00")},
	nil,
	{"INC3", "Printer <b>jam</b>", "03/02/2026 11:00", "New", "4 - Low", "Service Desk"},
	{"INC4", "Bad state", ts("2026-02-02 11:30:00"), "Bogus", "4 - Low", "Service Desk", "Ana", ts("2026-02-02 13:00:00")},
	{"INC5", "Stray note", ts("2026-02-02 12:00:00"), "New", "4 - Low", "Service Desk", nil, nil, nil, nil, "see mail"},
	{"INC6", "Closed one", ts("2026-02-01 08:15:30"), "Closed", "1 - Critical", "Vendor Acme", "Cid", "2026-02-04 10:00:00", ts("2026-02-03 17:45:00"), ts("2026-02-04 10:00:00")},
	nil,
	nil,
}

// csvIncidents is the same export saved as CSV.
const csvIncidents = snHeader +
	"INC1,Mail down,2026-02-02 09:00:00,In Progress,2 - High,Service Desk,Ana,2026-02-02 10:00:00,,\n" +
	"INC2,=cmd|' /C calc'!A0,2026-02-02 09:30:00,Resolved,3,Network 2nd,Ben,2026-02-03 10:00:00,2026-02-03 10:00:00,\n" +
	"INC3,Printer <b>jam</b>,03/02/2026 11:00,New,4 - Low,Service Desk,,,,\n" +
	"INC4,Bad state,2026-02-02 11:30:00,Bogus,4 - Low,Service Desk,Ana,2026-02-02 13:00:00,,\n" +
	"INC5,Stray note,2026-02-02 12:00:00,New,4 - Low,Service Desk,,,,,see mail\n" +
	"INC6,Closed one,2026-02-01 08:15:30,Closed,1 - Critical,Vendor Acme,Cid,2026-02-04 10:00:00,2026-02-03 17:45:00,2026-02-04 10:00:00\n"

// loadBoth loads an XLSX file and a CSV file into two fresh warehouses and fails unless they
// hold the same tickets, events, intervals and groups.
func loadBoth(t *testing.T, xlsxPath, csvPath string, xopts, copts FileOptions) (*Result, *Result, *warehouse.Warehouse) {
	t.Helper()
	wx, wc := openTest(t, ""), openTest(t, "")
	rx := mustLoad(t, newLoader(wx, nil), xlsxPath, xopts)
	rc := mustLoad(t, newLoader(wc, nil), csvPath, copts)
	if rx.Records != rc.Records || rx.Loaded != rc.Loaded || rx.Rejected != rc.Rejected || rx.New != rc.New || rx.Events != rc.Events {
		t.Errorf("counts differ:\n xlsx %+v\n csv  %+v", rx, rc)
	}
	for name, q := range contentQueries {
		x, c := dump(t, wx.DB, q), dump(t, wc.DB, q)
		if len(c) == 0 {
			t.Errorf("%s: the CSV load wrote nothing: the comparison proves nothing", name)
		}
		if d := diffLines(x, c); d != "" {
			t.Errorf("%s differ between XLSX and CSV (%d and %d rows), first at %s", name, len(x), len(c), d)
		}
	}
	return rx, rc, wx
}

func TestXLSXLoadsLikeCSV(t *testing.T) {
	dir := t.TempDir()
	xp := filepath.Join(dir, "incidents.xlsx")
	writeWorkbook(t, xp, false, []string{"Incidents", "Notes"}, map[string][][]cell{
		"Incidents": xlsxIncidents,
		"Notes":     {{"exported by", "Ana"}, {"=SUM(1,2)"}},
	})
	cp := writeFile(t, dir, "incidents.csv", csvIncidents)
	rx, rc, wx := loadBoth(t, xp, cp, FileOptions{MaxRejects: -1}, FileOptions{MaxRejects: -1})
	if rx.Profile != "servicenow" || rx.Records != 6 || rx.Loaded != 4 || rx.Rejected != 2 {
		t.Errorf("xlsx load: %+v", rx)
	}
	// Rejects name the sheet row and the cell, where the CSV names its line.
	var got []string
	for _, r := range rx.Rejects {
		got = append(got, strconv.FormatInt(r.Line, 10)+" "+r.Column+" "+r.Value)
	}
	want := []string{"6 state (Incidents!D6) Bogus", "7  "}
	if len(got) != 2 || got[0] != want[0] || !strings.HasPrefix(got[1], "7 ") {
		t.Errorf("xlsx rejects = %q, want %q", got, want)
	}
	if len(rx.Rejects) == 2 && !strings.Contains(rx.Rejects[1].Reason, `sheet "Incidents", cell K7`) {
		t.Errorf("the stray value's reject does not name its cell: %q", rx.Rejects[1].Reason)
	}
	if len(rc.Rejects) != 2 || rc.Rejects[0].Line != 5 || rc.Rejects[0].Reason != rx.Rejects[0].Reason {
		t.Errorf("csv rejects = %+v", rc.Rejects)
	}
	// The hostile title is text, the formula its cached value.
	titles := dump(t, wx.DB, "SELECT number, title FROM tickets ORDER BY number")
	if !reflect.DeepEqual(titles, []string{"INC1|Mail down", "INC2|=cmd|' /C calc'!A0", "INC3|Printer <b>jam</b>", "INC6|Closed one"}) {
		t.Errorf("titles = %q", titles)
	}
}

// TestXLSXSheetAndDate1904 reads the data from a second sheet named with --sheet, in a
// workbook counting dates from 1904.
func TestXLSXSheetAndDate1904(t *testing.T) {
	dir := t.TempDir()
	xp := filepath.Join(dir, "mac.xlsx")
	// 2026-02-02 09:00:00 is 44593.375 days after 1904-01-01 (counted by hand: 1904-01-01 to
	// 2026-01-01 is 122 years with 31 leap days, 1904 to 2024 = 44561 days, plus 32 days, plus 9 h).
	rows := [][]cell{
		{"number", "short_description", "opened_at", "state", "priority", "assignment_group"},
		{"INC7", "Mac workbook", 44561.0 + 32 + 0.375, "New", "3 - Moderate", "Service Desk"},
	}
	writeWorkbook(t, xp, true, []string{"Cover", "Data"}, map[string][][]cell{
		"Cover": {{"Quarterly export"}},
		"Data":  rows,
	})
	w := openTest(t, "")
	l := newLoader(w, nil)
	if _, err := l.Load(context.Background(), xp, FileOptions{Profile: "servicenow"}); err == nil || !strings.Contains(err.Error(), "missing required column") {
		t.Errorf("the cover sheet loaded: %v", err)
	}
	_, err := l.Load(context.Background(), xp, FileOptions{Profile: "servicenow", Sheet: "Incidents"})
	if err == nil || !strings.Contains(err.Error(), `sheet "Incidents" not found: the workbook has "Cover", "Data"`) {
		t.Errorf("unknown sheet: %v", err)
	}
	res := mustLoad(t, l, xp, FileOptions{Profile: "servicenow", Sheet: "Data"})
	if res.Loaded != 1 {
		t.Fatalf("load: %+v", res)
	}
	// The configured source zone is Europe/Madrid (UTC+1 in February).
	got := dump(t, w.DB, "SELECT created_at FROM tickets")
	if !reflect.DeepEqual(got, []string{"2026-02-02 08:00:00"}) {
		t.Errorf("created_at = %v, want 2026-02-02 08:00:00 UTC", got)
	}
}

func TestSerialTime(t *testing.T) {
	for _, c := range []struct {
		v      float64
		d1904  bool
		want   string
		wantOK bool
	}{
		{45658, false, "2025-01-01 00:00:00", true},
		{45658.5, false, "2025-01-01 12:00:00", true},
		{45658.4166666666666667, false, "2025-01-01 10:00:00", true}, // 10:00 is no exact binary fraction
		{45658.99999, false, "2025-01-01 23:59:59", true},            // 86399.136 s, rounded to the second
		{45658.999999, false, "2025-01-02 00:00:00", true},           // 86399.9136 s rounds up to midnight
		{1, false, "1900-01-01 00:00:00", true},
		{59, false, "1900-02-28 00:00:00", true},
		{61, false, "1900-03-01 00:00:00", true},
		{0, true, "1904-01-01 00:00:00", true},
		{44196, true, "2025-01-01 00:00:00", true}, // 1462 days less than in the 1900 system
		{-1, false, "", false},
		{20260105, false, "", false}, // a yyyymmdd number is no serial date
	} {
		got, ok := xlsxreadSerial(c.v, c.d1904)
		if ok != c.wantOK || (ok && got != c.want) {
			t.Errorf("serial %v (1904 %v) = %q %v, want %q %v", c.v, c.d1904, got, ok, c.want, c.wantOK)
		}
	}
	// Text dates and text stay as they are; numbers become text times.
	if got := serialText("03/02/2026 11:00", false); got != "03/02/2026 11:00" {
		t.Errorf("text date changed: %q", got)
	}
	if got := serialText("45658.25", false); got != "2025-01-01 06:00:00" {
		t.Errorf("serial text = %q", got)
	}
}

func xlsxreadSerial(v float64, d1904 bool) (string, bool) {
	s := serialText(strconv.FormatFloat(v, 'f', -1, 64), d1904)
	if s == strconv.FormatFloat(v, 'f', -1, 64) {
		return "", false
	}
	return s, true
}

// TestXLSXNotAWorkbook: files with an .xlsx or .xls name that the reader cannot read get a
// message saying what they are and how to save them.
func TestXLSXNotAWorkbook(t *testing.T) {
	dir := t.TempDir()
	ole := string([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	enc := ole + strings.Repeat("\x00", 500) + "E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o\x00" + strings.Repeat("\x00", 100)
	zp := filepath.Join(dir, "other.xlsx")
	zf, _ := os.Create(zp)
	zw := zip.NewWriter(zf)
	w, _ := zw.Create("readme.txt")
	w.Write([]byte("not a workbook"))
	zw.Close()
	zf.Close()
	empty := filepath.Join(dir, "empty.xlsx")
	writeWorkbook(t, empty, false, []string{"Blank"}, map[string][][]cell{"Blank": {nil, nil}})
	headerOnly := filepath.Join(dir, "header.xlsx")
	writeWorkbook(t, headerOnly, false, []string{"S"}, map[string][][]cell{"S": {{"number", "opened_at", "state"}, nil}})
	cases := []struct{ path, want string }{
		{writeFile(t, dir, "old.xls", ole+strings.Repeat("\x00", 600)+"W\x00o\x00r\x00k\x00b\x00o\x00o\x00k\x00"), "old binary Excel workbook (.xls, Excel 97-2003): open it in Excel or LibreOffice and save it as .xlsx or CSV"},
		{writeFile(t, dir, "secret.xlsx", enc), "encrypted (password-protected)"},
		{writeFile(t, dir, "freshdesk.xls", `<?xml version="1.0"?>`+"\n"+`<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet/></Workbook>`), "Excel 2003 XML spreadsheet"},
		{writeFile(t, dir, "renamed.xlsx", "number,state\nINC1,New\n"), "not an XLSX workbook: the file does not start like one"},
		{zp, "not an XLSX workbook: a zip archive"},
		{empty, `sheet "Blank" is empty`},
		{headerOnly, `sheet "S" has a header but no records`},
	}
	l := newLoader(openTest(t, ""), nil)
	for _, c := range cases {
		_, err := l.Load(context.Background(), c.path, FileOptions{Profile: "servicenow"})
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), filepath.Base(c.path)) {
			t.Errorf("%s: err = %v, want %q", filepath.Base(c.path), err, c.want)
		}
	}
}

// csvToXLSX writes a CSV file's records into a workbook as a user's spreadsheet would hold
// them: whole numbers as numbers, ISO times as Excel dates, everything else as text.
func csvToXLSX(t testing.TB, csvPath, xlsxPath string) {
	t.Helper()
	f, err := os.Open(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	rows := make([][]cell, 0, len(recs))
	for i, r := range recs {
		row := make([]cell, len(r))
		for j, v := range r {
			row[j] = v
			if i == 0 || v == "" {
				continue
			}
			if n, err := strconv.Atoi(v); err == nil && strconv.Itoa(n) == v {
				row[j] = n
			} else if tm, err := time.Parse("2006-01-02T15:04:05", v); err == nil {
				row[j] = tm
			} else if tm, err := time.Parse("2006-01-02 15:04:05", v); err == nil {
				row[j] = tm
			}
		}
		rows = append(rows, row)
	}
	writeWorkbook(t, xlsxPath, false, []string{"Export"}, map[string][][]cell{"Export": rows})
}

// TestXLSXSampleProfiles loads every committed sample export as a workbook and as CSV: the
// warehouses must be the same.
func TestXLSXSampleProfiles(t *testing.T) {
	root := moduleRoot(t)
	for _, c := range []struct {
		name, csv, mapping string
	}{
		{"servicenow", "sample-data/servicenow/servicenow_incidents.csv", ""},
		{"servicenow-eventlog", "sample-data/servicenow-eventlog/servicenow_eventlog.csv", ""},
		{"generic", "sample-data/generic/generic_events.csv", "sample-data/mappings/generic-events.yaml"},
	} {
		t.Run(c.name, func(t *testing.T) {
			cp := filepath.Join(root, c.csv)
			xp := filepath.Join(t.TempDir(), c.name+".xlsx")
			csvToXLSX(t, cp, xp)
			opts := FileOptions{}
			if c.mapping != "" {
				opts.Mapping = filepath.Join(root, c.mapping)
			}
			rx, _, _ := loadBoth(t, xp, cp, opts, opts)
			if rx.Profile != c.name || rx.Loaded == 0 {
				t.Errorf("xlsx load: %+v", rx)
			}
		})
	}
}

var updateXLSX = flag.Bool("update-xlsx", false, "rewrite sample-data/xlsx/incidents.xlsx from xlsxIncidents")

// TestXLSXFixture keeps sample-data/xlsx/incidents.xlsx (the CLI scenarios' workbook) the
// workbook xlsxIncidents describes: -update-xlsx rewrites it; otherwise its sheets must read
// as the cells say.
func TestXLSXFixture(t *testing.T) {
	path := filepath.Join(moduleRoot(t), "sample-data", "xlsx", "incidents.xlsx")
	sheets := map[string][][]cell{
		"Incidents": xlsxIncidents,
		"Notes":     {{"exported by", "Ana"}, {"=SUM(1,2)"}},
	}
	if *updateXLSX {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		writeWorkbook(t, path, false, []string{"Incidents", "Notes"}, sheets)
	}
	fresh := filepath.Join(t.TempDir(), "fresh.xlsx")
	writeWorkbook(t, fresh, false, []string{"Incidents", "Notes"}, sheets)
	read := func(p string) map[string][][]string {
		f, err := excelize.OpenFile(p)
		if err != nil {
			t.Fatalf("%s: %v (run go test ./etl -run XLSXFixture -update-xlsx)", p, err)
		}
		defer f.Close()
		out := map[string][][]string{}
		for _, s := range f.GetSheetList() {
			rows, err := f.GetRows(s, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			out[s] = rows
		}
		return out
	}
	got, want := read(path), read(fresh)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("sample-data/xlsx/incidents.xlsx is stale: run go test ./etl -run XLSXFixture -update-xlsx\n got %q\nwant %q", got, want)
	}
}

// TestXLSXStreamsBigSheet loads a generated sheet of TIERLENS_BIG_XLSX rows (skipped unless
// set; e.g. 1000000) and fails when the Go heap grows with the sheet: the rows are streamed
// into DuckDB, never held. It prints the heap's high-water mark.
func TestXLSXStreamsBigSheet(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("TIERLENS_BIG_XLSX"))
	if n <= 0 {
		t.Skip("set TIERLENS_BIG_XLSX=ROWS to load a generated sheet of that many rows")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "big.xlsx")
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	_ = sw.SetRow("A1", []any{"number", "short_description", "opened_at", "state", "priority", "assignment_group", "sys_updated_on"})
	start := time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		ref, _ := excelize.CoordinatesToCellName(1, i+2)
		at := start.Add(time.Duration(i) * time.Minute)
		if err := sw.SetRow(ref, []any{fmt.Sprintf("INC%07d", i), fmt.Sprintf("Ticket %d about the printer on floor %d", i, i%9),
			at, "In Progress", "3 - Moderate", fmt.Sprintf("Service Desk %d", i%7), at.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	f.Close()
	runtime.GC()
	var peak atomic.Uint64
	stop := make(chan struct{})
	go func() {
		var ms runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-time.After(50 * time.Millisecond):
				runtime.ReadMemStats(&ms)
				if ms.HeapInuse > peak.Load() {
					peak.Store(ms.HeapInuse)
				}
			}
		}
	}()
	t0 := time.Now()
	l := newLoader(openTest(t, ""), nil)
	if testing.Verbose() {
		l.Log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	res := mustLoad(t, l, path, FileOptions{})
	close(stop)
	st, _ := os.Stat(path)
	t.Logf("%d rows, %.1f MB workbook: loaded %d in %.1fs, Go heap high-water %.0f MB", n, float64(st.Size())/1e6, res.Loaded, time.Since(t0).Seconds(), float64(peak.Load())/1e6)
	if res.Loaded != int64(n) {
		t.Errorf("loaded %d of %d", res.Loaded, n)
	}
	// The rows as Go strings would take well over 100 bytes each; streaming keeps the heap
	// to the batch, the sheet's shared strings and the row numbers of the records.
	if limit := uint64(64<<20) + uint64(n)*40; peak.Load() > limit {
		t.Errorf("Go heap reached %d MB for %d rows (limit %d MB): the sheet is not streamed", peak.Load()>>20, n, limit>>20)
	}
}

// ServiceNow's Excel list export writes field labels, not names; it is recognised without
// --profile and reads like the CSV export of the same tickets.
func TestXLSXServiceNowLabels(t *testing.T) {
	dir := t.TempDir()
	xp := filepath.Join(dir, "incident.xlsx")
	writeWorkbook(t, xp, false, []string{"Page 1"}, map[string][][]cell{"Page 1": {
		{"Number", "Opened", "Short description", "Caller", "Priority", "State", "Category", "Assignment group", "Assigned to", "Updated", "Updated by"},
		{"INC0010001", ts("2025-07-07 07:21:00"), "=HYPERLINK(\"x\")", "Ana", "2 - High", "In Progress", "Network", "Service Desk", "Bo", ts("2025-07-08 09:00:00"), "Bo"},
		{"INC0010002", ts("2025-07-07 08:00:00"), "Mail down", "Cy", "1 - Critical", "Resolved", "Email", "Network 2nd", "Di", ts("2025-07-07 10:00:00"), "Di"},
	}})
	cfg := config.Default()
	cfg.SourceTimeZone = "UTC"
	l := newLoader(openTest(t, filepath.Join(dir, "w.duckdb")), cfg)
	res := mustLoad(t, l, xp, FileOptions{})
	if res.Profile != "servicenow" || res.Loaded != 2 || res.Rejected != 0 {
		t.Fatalf("result: %+v", res)
	}
	got := dump(t, l.W.DB, "SELECT number, title, created_at, status, priority, assignment_group, tier, updated_at FROM tickets ORDER BY number")
	want := []string{
		"INC0010001|=HYPERLINK(\"x\")|2025-07-07 07:21:00|open|P2|Service Desk|L1|2025-07-08 09:00:00",
		"INC0010002|Mail down|2025-07-07 08:00:00|resolved|P1|Network 2nd|L2|2025-07-07 10:00:00",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("tickets:\n got %q\nwant %q", got, want)
	}
}
