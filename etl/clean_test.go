package etl

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// ticketMapping reads id,opened,state,title files (one row per ticket).
const ticketMapping = "shape: tickets\ntime_layout: \"%Y-%m-%d\"\ncolumns: {number: id, created: opened, status: state, title: title}\n"

// ticketRows builds an id,opened,state,title file of n rows (T0000 ..); edit, when set, may
// replace the text of row i (0-based) before it is written.
func ticketRows(n int, edit func(i int, row string) string) string {
	var b strings.Builder
	b.WriteString("id,opened,state,title\n")
	for i := 0; i < n; i++ {
		row := fmt.Sprintf("T%04d,2026-01-01,open,title %d", i, i)
		if edit != nil {
			row = edit(i, row)
		}
		b.WriteString(row + "\n")
	}
	return b.String()
}

// loadMapped loads content through ticketMapping (or mapping, when set) into a new warehouse.
func loadMapped(t *testing.T, name, content, mapping string, opts FileOptions) (*Result, error) {
	t.Helper()
	if mapping == "" {
		mapping = ticketMapping
	}
	dir := t.TempDir()
	w := openTest(t, "")
	l := newLoader(w, nil)
	opts.Mapping = writeFile(t, dir, "m.yaml", mapping)
	if opts.MaxRejects == 0 {
		opts.MaxRejects = -1 // the fixtures reject records on purpose
	}
	return l.Load(context.Background(), writeFile(t, dir, name, content), opts)
}

// rejectLines lists the lines of a result's rejects.
func rejectLines(res *Result) []int64 {
	var out []int64
	for _, r := range res.Rejects {
		out = append(out, r.Line)
	}
	return out
}

// TestLoadUnterminatedQuoteResumes: a quote that is never closed is one reject on its line,
// and every record after it loads (it used to swallow the rest of the file, with exit 0).
func TestLoadUnterminatedQuoteResumes(t *testing.T) {
	in := ticketRows(2000, func(i int, row string) string {
		if i == 1100 {
			return "T1100,2026-01-01,open,\"a quote that never closes"
		}
		return row
	})
	res, err := loadMapped(t, "open.csv", in, "", FileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Records != 2000 || res.Loaded != 1999 || res.Rejected != 1 {
		t.Fatalf("records %d, loaded %d, rejected %d; want 2000, 1999, 1", res.Records, res.Loaded, res.Rejected)
	}
	r := res.Rejects[0]
	if r.Line != 1102 || !strings.Contains(r.Reason, "unterminated quoted field") || !strings.Contains(r.Reason, "line 1102") {
		t.Errorf("reject = %+v, want the unterminated quote on line 1102", r)
	}
}

// TestLoadRunawayQuoteClosedFarAway: a stray quote closes the unterminated one 1,400 lines
// later; past 1,000 lines the field is taken for an unterminated quote, not one huge record.
func TestLoadRunawayQuoteClosedFarAway(t *testing.T) {
	in := ticketRows(3000, func(i int, row string) string {
		switch i {
		case 100:
			return "T0100,2026-01-01,open,\"never closed here"
		case 1500:
			return "T1500,2026-01-01,open,27\" monitor"
		}
		return row
	})
	res, err := loadMapped(t, "runaway.csv", in, "", FileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Records != 3000 || res.Loaded != 2999 || res.Rejected != 1 || res.Rejects[0].Line != 102 {
		t.Fatalf("records %d, loaded %d, rejected %d at %v; want 3000, 2999, 1 at line 102", res.Records, res.Loaded, res.Rejected, rejectLines(res))
	}
}

// TestLoadStrayNULs: NUL bytes in an otherwise-text file are stripped wherever they are (in
// the first 64 KiB they made the file "binary", later ones were stored), and the lines are noted.
func TestLoadStrayNULs(t *testing.T) {
	in := ticketRows(3000, func(i int, row string) string {
		switch i {
		case 1:
			return "T0001,2026-01-01,open,ti\x00tle 1"
		case 2500: // beyond the first 64 KiB
			return "T2500,2026-01-01,op\x00en,title \x00\x002500"
		}
		return row
	})
	dir := t.TempDir()
	w := openTest(t, "")
	l := newLoader(w, nil)
	opts := FileOptions{Mapping: writeFile(t, dir, "m.yaml", ticketMapping), MaxRejects: -1}
	res, err := l.Load(context.Background(), writeFile(t, dir, "nul.csv", in), opts)
	if err != nil {
		t.Fatal(err)
	}
	if res.Loaded != 3000 || res.Rejected != 0 {
		t.Fatalf("loaded %d, rejected %d; want 3000, 0", res.Loaded, res.Rejected)
	}
	got := dump(t, w.DB, "SELECT number, title, status FROM tickets WHERE number IN ('T0001', 'T2500') ORDER BY number")
	want := []string{"T0001|title 1|open", "T2500|title 2500|open"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("tickets = %q, want %q", got, want)
	}
	if n := queryInt(t, w.DB, "SELECT count(*) FROM tickets WHERE contains(title, chr(0)) OR contains(status, chr(0))"); n != 0 {
		t.Errorf("%d tickets keep a NUL", n)
	}
	checkNote(t, res, NoteNUL, 3, "stripped 4 NUL bytes on 2 lines: 3, 2502")
}

// TestLoadBinaryStillRefused: a real binary file is refused as before, even with text in it.
func TestLoadBinaryStillRefused(t *testing.T) {
	for name, in := range map[string]string{
		"book.csv":   "PK\x03\x04\x14\x00\x06\x00id,opened,state,title\n",
		"binary.csv": "id,opened,state,title\n" + strings.Repeat("\x00\x01\x02\x03\x10\x00\xff\x00", 200),
	} {
		_, err := loadMapped(t, name, in, "", FileOptions{})
		if err == nil || !strings.Contains(err.Error(), "not a text file: it contains binary data") {
			t.Errorf("%s: err = %v, want a binary file refused", name, err)
		}
	}
}

// TestLoadLongField: a field longer than DuckDB's record limit is one reject naming the line
// and the limit; the other records load.
func TestLoadLongField(t *testing.T) {
	long := strings.Repeat("x", maxRecordBytes+10)
	for _, quoted := range []bool{false, true} {
		t.Run(fmt.Sprint("quoted=", quoted), func(t *testing.T) {
			in := ticketRows(50, func(i int, row string) string {
				if i != 20 {
					return row
				}
				if quoted {
					return "T0020,2026-01-01,open,\"" + long + "\nsecond line\""
				}
				return "T0020,2026-01-01,open," + long
			})
			res, err := loadMapped(t, "long.csv", in, "", FileOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if res.Records != 50 || res.Loaded != 49 || res.Rejected != 1 {
				t.Fatalf("records %d, loaded %d, rejected %d; want 50, 49, 1", res.Records, res.Loaded, res.Rejected)
			}
			r := res.Rejects[0]
			if r.Line != 22 || !strings.Contains(r.Reason, "line 22") || !strings.Contains(r.Reason, "16 MiB") {
				t.Errorf("reject = line %d %q, want line 22 naming the line and the 16 MiB limit", r.Line, r.Reason)
			}
		})
	}
}

// TestLoadJSONLMalformedLine: one malformed JSON line is one reject on its line; the file loads.
func TestLoadJSONLMalformedLine(t *testing.T) {
	const mapping = "shape: tickets\nformat: jsonl\ntime_layout: \"%Y-%m-%d\"\ncolumns: {number: id, created: opened, status: state, title: title}\n"
	in := `{"id": "A", "opened": "2026-01-01", "state": "open", "title": "a"}
{"id": "B", "opened": "2026-01-01", "state": "open", "title": "b"
{"id": "C", "opened": "2026-01-01", "state": "open", "title": "c"}

[1, 2]
{"id": "D", "opened": "2026-01-01", "state": "open", "title": "d"}}
{"id": "E", "opened": "2026-13-01", "state": "open", "title": "e"}
{"id": "F", "opened": "2026-01-01", "state": "open", "title": "f"}
`
	res, err := loadMapped(t, "t.jsonl", in, mapping, FileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Records != 7 || res.Loaded != 3 || res.Rejected != 4 {
		t.Fatalf("records %d, loaded %d, rejected %d; want 7, 3, 4", res.Records, res.Loaded, res.Rejected)
	}
	if got := fmt.Sprint(rejectLines(res)); got != "[2 5 6 7]" {
		t.Errorf("reject lines %s, want [2 5 6 7]", got)
	}
}

// cp1252 is ServiceNow text as a Windows-1252 export writes it: curly quotes 0x93/0x94, é
// 0xE9, an en dash 0x96, a euro sign 0x80.
const cp1252 = "Printer \x93jammed\x94 in caf\xe9 \x96 \x80 5"

// TestLoadWindows1252Detected: a Windows-1252 export is converted, not rejected row by row.
func TestLoadWindows1252Detected(t *testing.T) {
	dir := t.TempDir()
	w := openTest(t, "")
	l := newLoader(w, nil)
	in := snHeader +
		"INC1," + cp1252 + ",2026-02-02 09:00:00,New,3 - Moderate,Service Desk,Jos\xe9,2026-02-02 09:00:00,,\n" +
		"INC2,plain,2026-02-02 09:00:00,New,3 - Moderate,Service Desk,Ana,2026-02-02 09:00:00,,\n"
	res := mustLoad(t, l, writeFile(t, dir, "cp.csv", in), FileOptions{})
	if res.Loaded != 2 || res.Rejected != 0 {
		t.Fatalf("loaded %d, rejected %d; want 2, 0 (%+v)", res.Loaded, res.Rejected, res.Rejects)
	}
	got := dump(t, w.DB, "SELECT number, title, assignee FROM tickets ORDER BY number")
	want := []string{"INC1|Printer “jammed” in café – € 5|José", "INC2|plain|Ana"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("tickets = %q, want %q", got, want)
	}
	checkEncoding(t, res, "windows-1252")
}

// TestLoadServiceNowWindows1252MultiLine reproduces a real ServiceNow list export that was
// refused whole ("reconciliation failed"): 1,107 rows, every field quoted, CRLF, multi-line
// descriptions with doubled quotes, and Windows-1252 bytes. All of it must load.
func TestLoadServiceNowWindows1252MultiLine(t *testing.T) {
	var b strings.Builder
	b.WriteString(`"number","short_description","description","opened_at","state","priority","assignment_group","sys_updated_on"` + "\r\n")
	states := []string{"New", "In Progress", "On Hold", "Resolved", "Closed"}
	groups := []string{"Service Desk", "Network 2nd", "SAP Support Level 2", "Vendor \x93Acme\x94"}
	priorities := []string{"1 - Critical", "2 - High", "3 - Moderate", "4 - Low"}
	for i := 0; i < 1107; i++ {
		var desc string
		switch i % 5 {
		case 0:
			desc = fmt.Sprintf("User reports:\r\n\r\n\x93The printer says \"\"PC LOAD LETTER\"\"\x94\r\n-- caf\xe9 %d", i)
		case 1:
			desc = "Line one\nline two, with a comma\n\"\"quoted\"\" line three\n"
		case 2:
			desc = "Short \x96 one line \x85"
		case 3:
			desc = "\r\n\r\nStarts with blank lines and ends with a quote \"\""
		default:
			desc = "Na\xefve r\xe9sum\xe9 of the \x91issue\x92:\r\n" + strings.Repeat("step, ", 40) + "\r\ndone"
		}
		fmt.Fprintf(&b, "\"INC%07d\",\"Issue %d \x93%s\x94\",\"%s\",\"2026-01-%02d 09:%02d:00\",\"%s\",\"%s\",\"%s\",\"2026-02-01 10:00:00\"\r\n",
			i, i, "caf\xe9", desc, 1+i%28, i%60, states[i%len(states)], priorities[i%4], groups[i%len(groups)])
	}
	dir := t.TempDir()
	w := openTest(t, "")
	l := newLoader(w, nil)
	res := mustLoad(t, l, writeFile(t, dir, "incident.csv", b.String()), FileOptions{Profile: "servicenow"})
	if res.Records != 1107 || res.Loaded != 1107 || res.Rejected != 0 {
		t.Fatalf("records %d, loaded %d, rejected %d; want 1107 loaded, 0 rejected (first rejects %+v)", res.Records, res.Loaded, res.Rejected, res.Rejects)
	}
	if n := queryInt(t, w.DB, "SELECT count(*) FROM tickets"); n != 1107 {
		t.Errorf("tickets = %d, want 1107", n)
	}
	got := dump(t, w.DB, "SELECT title, assignment_group FROM tickets WHERE number = 'INC0000003'")
	if len(got) != 1 || got[0] != "Issue 3 “café”|Vendor “Acme”" {
		t.Errorf("INC0000003 = %q, want its text converted to UTF-8", got)
	}
	checkEncoding(t, res, "windows-1252")
}

// checkNote fails unless res has a note of kind on line whose detail mentions want.
func checkNote(t *testing.T, res *Result, kind string, line int64, want string) {
	t.Helper()
	for _, n := range res.Notes {
		if n.Finding == kind && n.Line == line && strings.Contains(n.Detail, want) {
			return
		}
	}
	t.Errorf("notes %+v, want a %s note on line %d saying %q", res.Notes, kind, line, want)
}

// checkEncoding fails unless res says it read the file in enc, with a note.
func checkEncoding(t *testing.T, res *Result, enc string) {
	t.Helper()
	if res.Encoding != enc {
		t.Errorf("Encoding = %q, want %q", res.Encoding, enc)
	}
	for _, n := range res.Notes {
		if n.Finding == NoteEncoding {
			return
		}
	}
	t.Errorf("notes %+v, want an encoding note", res.Notes)
}

// TestLoadJSONLNULsAndWindows1252: JSON lines get the same care as CSV: NULs stripped,
// Windows-1252 text converted, both noted, and the lines keep their numbers.
func TestLoadJSONLNULsAndWindows1252(t *testing.T) {
	const mapping = "shape: tickets\nformat: jsonl\ntime_layout: \"%Y-%m-%d\"\ncolumns: {number: id, created: opened, status: state, title: title}\n"
	in := "{\"id\": \"A\", \"opened\": \"2026-01-01\", \"state\": \"open\", \"title\": \"caf\xe9 \x93x\x94\"}\n" +
		"\n" +
		"{\"id\": \"B\", \"opened\": \"2026-01-01\", \"state\": \"op\x00en\", \"title\": \"b\"}\x00\n" +
		"{\"id\": \"C\", \"opened\": \"2026-13-01\", \"state\": \"open\", \"title\": \"c\"}\n"
	dir := t.TempDir()
	w := openTest(t, "")
	l := newLoader(w, nil)
	res := mustLoad(t, l, writeFile(t, dir, "t.jsonl", in), FileOptions{Mapping: writeFile(t, dir, "m.yaml", mapping)})
	if res.Records != 3 || res.Loaded != 2 || res.Rejected != 1 || res.Rejects[0].Line != 4 {
		t.Fatalf("records %d, loaded %d, rejected %d at %v; want 3, 2, 1 at line 4", res.Records, res.Loaded, res.Rejected, rejectLines(res))
	}
	got := dump(t, w.DB, "SELECT number, title, status FROM tickets ORDER BY number")
	if want := []string{"A|café “x”|open", "B|b|open"}; strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("tickets = %q, want %q", got, want)
	}
	checkEncoding(t, res, "windows-1252")
	checkNote(t, res, NoteNUL, 3, "stripped 2 NUL bytes on line 3")
}
