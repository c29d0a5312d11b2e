package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"html"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// summaryHead is the row of the Summary table's column headers (under the title and the
// period line).
const summaryHead = 3

// raw is a cell's stored value, without number formats.
func raw(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// numFmt is the custom number format of a cell's style ("" when it has none).
func numFmt(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if st.CustomNumFmt == nil {
		return ""
	}
	return *st.CustomNumFmt
}

// isNumber reports whether a cell holds a number (not text that looks like one).
func isNumber(t *testing.T, f *excelize.File, sheet, cell string) bool {
	t.Helper()
	typ, err := f.GetCellType(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	_, perr := strconv.ParseFloat(raw(t, f, sheet, cell), 64)
	return (typ == excelize.CellTypeUnset || typ == excelize.CellTypeNumber) && perr == nil
}

// Numbers and dates are real numbers under number formats; times are in the report zone.
func TestNumbersAndDates(t *testing.T) {
	f := open(t, writePack(t, testPack("en", goldenTickets)))
	if got := raw(t, f, "Summary", cellName(sKPI, summaryHead)); got != "KPI" {
		t.Fatalf("Summary %s is %q: has the layout moved? (update summaryHead)", cellName(sKPI, summaryHead), got)
	}
	cases := []struct {
		sheet, cell string
		raw         string // "" only checks the format
		format      string
	}{
		{"Summary", "B23", "46296", "yyyy-mm-dd"}, // first day 2026-10-01
		{"Summary", "B27", "46388", "yyyy-mm-dd"}, // data to: 2026-12-31 23:30 UTC is 2027-01-01 in Madrid
		{"Summary", "B28", "123456", "#,##0"},
		{"Summary", cellName(sValue, summaryHead+1), "0.7", "0.0%"},
		{"Summary", cellName(sDelta, summaryHead+1), "0.045", "+0.0%;-0.0%;0.0%"},
		{"Summary", cellName(sValue, summaryHead+3), "8.55", "0.0"},
		{"Summary", cellName(sSample, summaryHead+3), "412", "#,##0"},
		{"Summary", cellName(sValue, summaryHead+6), "1234", "#,##0"},
		{"Summary", cellName(sTarget, summaryHead+7), "4.2", "0.00"},
		{"Trend", "B5", "0.61", "0.0%"},
		{"Tiers", "C5", "0.705", "0.0%"},
		{"Tiers", "C12", "46269", "yyyy-mm-dd"}, // 2026-09-03 23:30 UTC is the 4th in Madrid
		{"Vendors (L4)", "C3", "0.75", "0.0%"},
		{"Tickets", "J4", "2", "#,##0"},
		{"Tickets", "K4", "", "0.0"},
		{"Tickets", "E2", "", "yyyy-mm-dd hh:mm"},
	}
	for _, c := range cases {
		if !isNumber(t, f, c.sheet, c.cell) {
			t.Errorf("%s!%s = %q is not a number", c.sheet, c.cell, raw(t, f, c.sheet, c.cell))
		}
		if c.raw != "" {
			if got := raw(t, f, c.sheet, c.cell); got != c.raw {
				t.Errorf("%s!%s = %s, want %s", c.sheet, c.cell, got, c.raw)
			}
		}
		if got := numFmt(t, f, c.sheet, c.cell); got != c.format {
			t.Errorf("%s!%s format %q, want %q", c.sheet, c.cell, got, c.format)
		}
	}
	// Ticket 0 was created 2026-10-01 07:15 UTC: 09:15 in Madrid (summer time).
	x, err := strconv.ParseFloat(raw(t, f, "Tickets", "E2"), 64)
	if err != nil {
		t.Fatal(err)
	}
	want := 46296 + (9*60+15)/1440.0
	if d := x - want; d < 0 || d > 2e-9 {
		t.Errorf("Tickets!E2 = %.10f, want %.10f (09:15 in Madrid, to the second)", x, want)
	}
}

// serial is exact to the second and never shows the second before (LibreOffice truncates).
func TestSerial(t *testing.T) {
	for _, c := range []struct {
		t    time.Time
		want float64
	}{
		{time.Date(1900, 3, 1, 0, 0, 0, 0, time.UTC), 61},
		{time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), 46296},
		{time.Date(2026, 10, 1, 12, 0, 0, 0, time.UTC), 46296.5},
		{time.Date(2026, 10, 1, 9, 15, 0, 999, time.UTC), 46296 + 33300.0/86400},
	} {
		got := serial(c.t, time.UTC)
		if d := got - c.want; d < 0 || d > 2e-9 {
			t.Errorf("serial(%s) = %.12f, want %.12f (at most 0.1 ms above)", c.t, got, c.want)
		}
		// Read back as a reader would: the whole seconds are the ones written.
		secs := (got - float64(int(got))) * 86400
		if want := float64(c.t.Hour()*3600 + c.t.Minute()*60 + c.t.Second()); secs < want {
			t.Errorf("serial(%s) reads back as %.6f s of the day, before %v", c.t, secs, want)
		}
	}
}

// ragRules returns the three conditional-format formulas (green, amber, red) of a Summary row,
// checking that each is a formula rule that stops, with the colour it is named after.
func ragRules(t *testing.T, f *excelize.File, row int) []string {
	t.Helper()
	cfs, err := f.GetConditionalFormats("Summary")
	if err != nil {
		t.Fatal(err)
	}
	cell := cellName(sValue, row)
	rules := cfs[cell+":"+cell]
	if len(rules) != 3 {
		t.Fatalf("%s has %d conditional formats, want 3 (green, amber, red)", cell, len(rules))
	}
	var out []string
	for i, r := range rules {
		if r.Type != "formula" || !r.StopIfTrue || r.Format == nil {
			t.Fatalf("%s rule %d: %+v: want a formula rule that stops", cell, i, r)
		}
		st, err := f.GetConditionalStyle(*r.Format)
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{"C6EFCE", "FFEB9C", "FFC7CE"}[i]; len(st.Fill.Color) != 1 || !strings.EqualFold(st.Fill.Color[0], want) {
			t.Errorf("%s rule %d fills %v, want %s", cell, i, st.Fill.Color, want)
		}
		out = append(out, r.Criteria)
	}
	return out
}

// ragWant is the colour each golden Summary row must get: exactly on target is green (>= up,
// <= down, as the metrics evaluator judges), a miss within the amber band amber, others red,
// nothing without a value or a target.
var ragWant = []string{"green", "amber", "amber", "green", "red", "", "", ""}

// Red/amber/green is conditional formatting on the value cells, never a cell colour; the rules
// read the row's value, target and amber band (so the colour follows edits) and compare with
// the row's direction. TestLibreOffice evaluates them in a spreadsheet.
func TestRAGByConditionalFormat(t *testing.T) {
	f := open(t, writePack(t, testPack("en", 3)))
	for i := range ragWant {
		row := summaryHead + 1 + i
		ragRules(t, f, row)
		id, _ := f.GetCellStyle("Summary", cellName(sValue, row))
		if st, _ := f.GetStyle(id); st != nil && len(st.Fill.Color) > 0 {
			t.Errorf("summary row %d: value cell has a fill %v: RAG must be conditional", i+1, st.Fill.Color)
		}
	}
	up := ragRules(t, f, summaryHead+1)
	down := ragRules(t, f, summaryHead+3)
	wantUp := []string{
		"AND(ISNUMBER($C4),ISNUMBER($D4),$C4>=$D4)",
		"AND(ISNUMBER($C4),ISNUMBER($D4),$C4>=$D4-N($I4))",
		"AND(ISNUMBER($C4),ISNUMBER($D4))",
	}
	wantDown := []string{
		"AND(ISNUMBER($C6),ISNUMBER($D6),$C6<=$D6)",
		"AND(ISNUMBER($C6),ISNUMBER($D6),$C6<=$D6+N($I6))",
		"AND(ISNUMBER($C6),ISNUMBER($D6))",
	}
	if !slices.Equal(up, wantUp) {
		t.Errorf("rules of a higher-is-better row:\n %q\nwant\n %q", up, wantUp)
	}
	if !slices.Equal(down, wantDown) {
		t.Errorf("rules of a lower-is-better row:\n %q\nwant\n %q", down, wantDown)
	}
}

// ragProbe copies the workbook with every Summary row's three rule formulas written as cell
// formulas in spare columns (AA:AC), so a spreadsheet computes which rule holds; the SLA row's
// value is edited onto its target and the MTTR row's amber band narrowed, to show the colour
// follows edits. Returns the rows probed and their expected colours.
func ragProbe(t *testing.T, b []byte) ([]byte, []int, []string) {
	t.Helper()
	f := open(t, b)
	want := slices.Clone(ragWant)
	var rows []int
	for i := range want {
		row := summaryHead + 1 + i
		rows = append(rows, row)
		for j, formula := range ragRules(t, f, row) {
			if err := f.SetCellFormula("Summary", cellName(27+j, row), formula); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Edits: SLA 61.2% -> 90% (its target), green; MTTR band 0.8 h -> 0.5 h, red.
	if err := f.SetCellFloat("Summary", cellName(sValue, summaryHead+5), 0.9, -1, 64); err != nil {
		t.Fatal(err)
	}
	want[4] = "green"
	if err := f.SetCellFloat("Summary", cellName(sAmber, summaryHead+3), 0.5, -1, 64); err != nil {
		t.Fatal(err)
	}
	want[2] = "red"
	out, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return out.Bytes(), rows, want
}

// parts reads every part of the written package.
func parts(t *testing.T, b []byte) map[string]string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name] = string(data)
	}
	return out
}

var chartRef = regexp.MustCompile(`<(?:c:)?f>([^<]*)</(?:c:)?f>`)

// The Trend sheet has native charts whose series are references to its cells (so they are
// live): lines for ratios with a target line, columns for counts, a target line over columns.
func TestTrendCharts(t *testing.T) {
	p := parts(t, writePack(t, testPack("en", 3)))
	type chart struct {
		kinds []string
		refs  []string
	}
	want := []chart{
		{[]string{"lineChart"}, []string{
			"'Trend'!$B$4", "'Trend'!$A$5:$A$8", "'Trend'!$B$5:$B$8",
			"'Trend'!$C$4", "'Trend'!$A$5:$A$8", "'Trend'!$C$5:$C$8",
			"'Trend'!$D$4", "'Trend'!$A$5:$A$8", "'Trend'!$D$5:$D$8"}},
		{[]string{"barChart"}, []string{
			"'Trend'!$B$21", "'Trend'!$A$22:$A$25", "'Trend'!$B$22:$B$25",
			"'Trend'!$C$21", "'Trend'!$A$22:$A$25", "'Trend'!$C$22:$C$25",
			"'Trend'!$D$21", "'Trend'!$A$22:$A$25", "'Trend'!$D$22:$D$25"}},
		{[]string{"barChart", "lineChart"}, []string{
			"'Trend'!$B$38", "'Trend'!$A$39:$A$42", "'Trend'!$B$39:$B$42",
			"'Trend'!$C$38", "'Trend'!$A$39:$A$42", "'Trend'!$C$39:$C$42"}},
	}
	for i, w := range want {
		xml, ok := p["xl/charts/chart"+strconv.Itoa(i+1)+".xml"]
		if !ok {
			t.Fatalf("no chart %d in the package", i+1)
		}
		var kinds []string
		for _, k := range []string{"barChart", "lineChart"} {
			if strings.Contains(xml, "<"+k+">") || strings.Contains(xml, "<c:"+k+">") {
				kinds = append(kinds, k)
			}
		}
		if !slices.Equal(kinds, w.kinds) {
			t.Errorf("chart %d kinds %v, want %v", i+1, kinds, w.kinds)
		}
		var refs []string
		for _, m := range chartRef.FindAllStringSubmatch(xml, -1) {
			refs = append(refs, html.UnescapeString(m[1]))
		}
		if !slices.Equal(refs, w.refs) {
			t.Errorf("chart %d series refer to\n %q\nwant\n %q", i+1, refs, w.refs)
		}
	}
	if _, ok := p["xl/charts/chart4.xml"]; ok {
		t.Error("a fourth chart: one per trend block")
	}
	// The referenced cells hold the block's headers and numbers.
	f := open(t, writePack(t, testPack("en", 3)))
	for cell, w := range map[string]string{"B4": "All", "D4": "Target", "A5": "2026-W40", "C21": "L2", "C38": "Target"} {
		if got := raw(t, f, "Trend", cell); got != w {
			t.Errorf("Trend!%s = %q, want %q", cell, got, w)
		}
	}
}

// Every sheet: frozen header, print setup (landscape, one page wide, header rows repeated,
// footer with page numbers), autofilter tables; properties with title and subject.
func TestSheetSetup(t *testing.T) {
	f := open(t, writePack(t, testPack("en", goldenTickets)))
	heads := map[string]int{"Summary": summaryHead, "Trend": 1, "Tiers": 1, "Vendors (L4)": 2, "Definitions": 3, "Tickets": 1}
	names := map[string]string{}
	for _, d := range f.GetDefinedName() {
		names[d.Scope+" "+d.Name] = d.RefersTo
	}
	for sheet, head := range heads {
		panes, err := f.GetPanes(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if !panes.Freeze || panes.YSplit != head {
			t.Errorf("%s: panes %+v, want frozen above row %d", sheet, panes, head+1)
		}
		pl, err := f.GetPageLayout(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if pl.Orientation == nil || *pl.Orientation != "landscape" || pl.FitToWidth == nil || *pl.FitToWidth != 1 || pl.FitToHeight == nil || *pl.FitToHeight != 0 {
			t.Errorf("%s: page layout %+v, want landscape, 1 page wide, any height", sheet, pl)
		}
		pr, err := f.GetSheetProps(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if pr.FitToPage == nil || !*pr.FitToPage {
			t.Errorf("%s: fit to page is off", sheet)
		}
		hf, err := f.GetHeaderFooter(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if hf == nil || !strings.Contains(hf.OddFooter, "&P") || !strings.Contains(hf.OddFooter, "&N") || !strings.Contains(hf.OddFooter, "Q4 2026 && beyond") {
			t.Errorf("%s: footer %+v, want the title (& escaped) and page &P of &N", sheet, hf)
		}
		want := "'" + sheet + "'!$" + strconv.Itoa(head) + ":$" + strconv.Itoa(head)
		if got := names[sheet+" _xlnm.Print_Titles"]; got != want {
			t.Errorf("%s: print titles %q, want %q", sheet, got, want)
		}
	}
	tables := map[string][]string{
		"Summary":      {"A3:O11"},
		"Tiers":        {"A4:E7", "A11:D13"},
		"Vendors (L4)": {"A2:H6"},
		"Definitions":  {"A3:H6"},
		"Tickets":      {"A1:N41"},
	}
	for sheet, want := range tables {
		ts, err := f.GetTables(sheet)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, tb := range ts {
			got = append(got, tb.Range)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: tables %v, want %v (each with an autofilter)", sheet, got, want)
		}
	}
	props, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	if props.Title != "IT service desk — Q4 2026 & beyond" || props.Subject != "Help desk KPIs for 2026-Q4" || props.Creator != "tierlens" {
		t.Errorf("properties %+v", props)
	}
	if props.Created != "2006-09-16T00:00:00Z" || props.Modified != "2006-09-16T00:00:00Z" {
		t.Errorf("without a stamp the times are the template's fixed ones, got created %q modified %q", props.Created, props.Modified)
	}
	// Widths fitted to content: the KPI column to its longest title, the ticket title column
	// capped, the priority column narrow.
	for _, c := range []struct {
		sheet, col string
		want       float64
	}{
		{"Summary", "A", fit(len("First contact resolution"))},
		{"Tickets", "B", fit(len(hostile[0]))}, // the longest title of the 10 sampled
		{"Tickets", "D", fit(len("Priority") + 2)},
	} {
		if got, _ := f.GetColWidth(c.sheet, c.col); got != c.want {
			t.Errorf("%s column %s width %v, want %v", c.sheet, c.col, got, c.want)
		}
	}
}

// A stamp is the only wall-clock time written: in the properties and on the Summary.
func TestStamp(t *testing.T) {
	p := testPack("es", 3)
	p.Header.Stamp = time.Date(2026, 12, 6, 5, 0, 0, 0, time.UTC)
	f := open(t, writePack(t, p))
	props, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	if props.Created != "2026-12-06T05:00:00Z" || props.Modified != "2026-12-06T05:00:00Z" {
		t.Errorf("stamped properties: created %q modified %q", props.Created, props.Modified)
	}
	if a, b := raw(t, f, "Resumen", "A34"), raw(t, f, "Resumen", "B34"); a != "Generado el" || numFmt(t, f, "Resumen", "B34") != "yyyy-mm-dd hh:mm" {
		t.Errorf("Resumen row 34: %q %q, want the stamp", a, b)
	}
	if got, _ := f.GetCellValue("Resumen", "B34"); got != "2026-12-06 06:00" {
		t.Errorf("stamp shown %q, want 2026-12-06 06:00 (Madrid)", got)
	}
}

// The same Pack gives the same bytes (no wall clock, no map order, one streamed sheet).
func TestDeterministic(t *testing.T) {
	a := writePack(t, testPack("en", goldenTickets))
	b := writePack(t, testPack("en", goldenTickets))
	if !bytes.Equal(a, b) {
		pa, pb := parts(t, a), parts(t, b)
		for name, x := range pa {
			if pb[name] != x {
				t.Errorf("part %s differs between two writes", name)
			}
		}
		t.Fatal("two writes of the same pack differ")
	}
}

// No cell holds a formula: hostile text anywhere (ticket titles, notices, vendor names, table
// cells, KPI titles) is a string cell that reads back as written.
func TestHostileTextStaysText(t *testing.T) {
	p := testPack("en", len(hostile))
	p.Summary[0].Title = hostile[0]
	p.Tiers[0].Rows[0][0] = hostile[1]
	p.Notices[0].Items = hostile
	p.Trend[0].Series[0].Name = hostile[8]
	b := writePack(t, p)
	for name, xml := range parts(t, b) {
		if strings.HasPrefix(name, "xl/worksheets/") && (strings.Contains(xml, "<f>") || strings.Contains(xml, "<f ")) {
			t.Errorf("%s holds a cell formula", name)
		}
	}
	f := open(t, b)
	check := func(sheet, cell, want string) {
		t.Helper()
		typ, err := f.GetCellType(sheet, cell)
		if err != nil {
			t.Fatal(err)
		}
		if typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
			t.Errorf("%s!%s is of type %v, want a string", sheet, cell, typ)
		}
		if got := raw(t, f, sheet, cell); got != safeText(want) {
			t.Errorf("%s!%s = %q, want %q", sheet, cell, got, safeText(want))
		}
	}
	for i, h := range hostile {
		check("Tickets", "B"+strconv.Itoa(i+2), h)
		check("Summary", "B"+strconv.Itoa(17+i), h)
	}
	check("Summary", cellName(sKPI, summaryHead+1), hostile[0])
	check("Tiers", "A5", hostile[1])
	check("Trend", "B4", hostile[8])
	check("Vendors (L4)", "A4", "+Globex|cmd")
	// A terminal escape never reaches the file.
	if got := raw(t, f, "Tickets", "B9"); strings.ContainsRune(got, 0x1b) || !strings.Contains(got, "[31mred") {
		t.Errorf("terminal escapes: %q", got)
	}
}

func TestSafeText(t *testing.T) {
	for in, want := range map[string]string{
		"plain":                "plain",
		"=1+1":                 "=1+1",
		"\t=1\r\n":             "\t=1\r\n",
		"\x1b[0m":              "\ufffd[0m",
		"a\x00b\x7fc\u009bd":   "a\ufffdb\ufffdc\ufffdd",
		"bad \xff utf8":        "bad \ufffd utf8",
		"non-char \uffff here": "non-char \ufffd here",
	} {
		if got := safeText(in); got != want {
			t.Errorf("safeText(%q) = %q, want %q", in, got, want)
		}
	}
}

// A Pack that cannot be rendered faithfully is an error naming what is wrong; an error of the
// ticket iterator comes back unchanged.
func TestWriteErrors(t *testing.T) {
	stop := errors.New("warehouse closed")
	cases := []struct {
		name string
		edit func(*Pack)
		want string
		is   error
	}{
		{"language", func(p *Pack) { p.Lang = "fr" }, `language "fr": use en or es`, nil},
		{"trend", func(p *Pack) { p.Trend[0].Series[1].Values = p.Trend[0].Series[1].Values[:2] }, `trend fcr_rate: series "L1" has 2 values for 4 periods`, nil},
		{"table", func(p *Pack) { p.Tiers[1].Rows[0] = p.Tiers[1].Rows[0][:2] }, `table "Backlog and aging": row 1 has 2 values for 4 columns`, nil},
		{"direction", func(p *Pack) { p.Summary[2].Direction = "sideways" }, `summary row 3 (mttr_hours): direction "sideways": use up or down`, nil},
		{"flow", func(p *Pack) { p.Flow.Counts = p.Flow.Counts[:3] }, "flow matrix: 3 rows for 4 tiers", nil},
		{"state", func(p *Pack) { p.Summary[0].State = "failed" }, `summary row 1 (fcr_rate): state "failed": use met, missed, no_data or not_available`, nil},
		{"no ticket columns", func(p *Pack) { p.Tickets.Columns = nil }, "tickets: no columns", nil},
		{"ticket width", func(p *Pack) {
			p.Tickets.Rows = func(yield func([]any) error) error { return yield([]any{"INC1", "short"}) }
		}, "ticket 1: 2 values for 14 columns", nil},
		{"ticket type", func(p *Pack) {
			p.Tickets.Rows = func(yield func([]any) error) error {
				r := ticketRow(0)
				r[4] = "yesterday"
				return yield(r)
			}
		}, `ticket 1: column "Created": string is not a time`, nil},
		{"iterator", func(p *Pack) {
			p.Tickets.Rows = func(yield func([]any) error) error {
				for i := range 5 {
					if err := yield(ticketRow(i)); err != nil {
						return err
					}
				}
				return stop
			}
		}, "warehouse closed", stop},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := testPack("en", 3)
			c.edit(p)
			err := Write(io.Discard, p, Options{})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want one containing %q", err, c.want)
			}
			if c.is != nil && !errors.Is(err, c.is) {
				t.Errorf("error %v does not wrap %v", err, c.is)
			}
		})
	}
}

// Fewer tickets than the width sample, and none at all, still make a valid table.
func TestFewTickets(t *testing.T) {
	for _, n := range []int{0, 1, 10, 11} {
		f := open(t, writePack(t, testPack("en", n)))
		rows, err := f.GetRows("Tickets")
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != n+1 {
			t.Errorf("%d tickets: %d rows, want %d", n, len(rows), n+1)
		}
		ts, _ := f.GetTables("Tickets")
		if len(ts) != 1 || ts[0].Range != "A1:N"+strconv.Itoa(max(n+1, 2)) {
			t.Errorf("%d tickets: tables %+v", n, ts)
		}
	}
}

// More tickets than a sheet holds is a clear error, not a truncated sheet.
func TestTooManyTickets(t *testing.T) {
	defer func(m int) { maxRows = m }(maxRows)
	maxRows = 21
	if _, err := io.Copy(io.Discard, bytes.NewReader(writePack(t, testPack("en", 20)))); err != nil {
		t.Fatal(err)
	}
	err := Write(io.Discard, testPack("en", 21), Options{WidthSample: 10})
	if err == nil || !strings.Contains(err.Error(), "sheet Tickets: more than 20 tickets: a sheet holds at most 20 rows under its header") {
		t.Fatalf("error %v", err)
	}
}

var colMin = regexp.MustCompile(`<col [^>]*\bmin="(\d+)"`)

// Every sheet lists its column widths in ascending order, as Excel requires (it repairs the
// file otherwise); excelize's streamed sheet keeps them in the order they were set.
func TestColumnsAscending(t *testing.T) {
	for name, xml := range parts(t, writePack(t, testPack("en", 3))) {
		if !strings.HasPrefix(name, "xl/worksheets/sheet") {
			continue
		}
		last := 0
		for _, m := range colMin.FindAllStringSubmatch(xml, -1) {
			n, _ := strconv.Atoi(m[1])
			if n <= last {
				t.Errorf("%s: column %d listed after column %d", name, n, last)
			}
			last = n
		}
		if last == 0 {
			t.Errorf("%s: no column widths", name)
		}
	}
}

// A printed page holds two trend blocks: a row break before the third keeps its chart whole.
func TestTrendPageBreaks(t *testing.T) {
	xml := parts(t, writePack(t, testPack("en", 3)))["xl/worksheets/sheet2.xml"]
	// Block 3's title is on row 37: the break is after row 36 (ids count from 0 rows above).
	if !strings.Contains(xml, `<rowBreaks count="1" manualBreakCount="1"><brk id="36" `) {
		t.Errorf("Trend sheet breaks: %q", regexp.MustCompile(`<rowBreaks.*?</rowBreaks>`).FindString(xml))
	}
}
