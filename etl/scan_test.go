package etl

import (
	"bytes"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf16"
)

func writeTemp(t testing.TB, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestScanCSV(t *testing.T) {
	const bom = "\xEF\xBB\xBF"
	tests := []struct {
		name    string
		in      string
		header  []string
		records int64
		bad     []badRecord
		lines   []int64 // file line of each data record
		bom     bool
		crlf    bool
	}{
		{
			name: "plain", in: "a,b\n1,2\n3,4\n",
			header: []string{"a", "b"}, records: 2, lines: []int64{2, 3},
		},
		{
			name: "no final newline", in: "a,b\n1,2\n3,4",
			header: []string{"a", "b"}, records: 2, lines: []int64{2, 3},
		},
		{
			name: "trailing blank lines are not records", in: "a,b\n1,2\n\n\n",
			header: []string{"a", "b"}, records: 1, lines: []int64{2},
		},
		{
			name: "blank line in the middle shifts the lines", in: "a,b\n1,2\n\n3,4\n5,6\n",
			header: []string{"a", "b"}, records: 3, lines: []int64{2, 4, 5},
		},
		{
			name: "blank line after the header", in: "a,b\n\n1,2\n",
			header: []string{"a", "b"}, records: 1, lines: []int64{3},
		},
		{
			name: "quoted newline counts one record", in: "a,b\n\"x\ny\nz\",2\n3,4\n\"p\nq\",5\n6,7\n",
			header: []string{"a", "b"}, records: 4, lines: []int64{2, 5, 6, 8},
		},
		{
			name: "quoted delimiter and escaped quotes", in: "a,b\n\"x,y\",2\n\"say \"\"hi\"\"\",3\n",
			header: []string{"a", "b"}, records: 2, lines: []int64{2, 3},
		},
		{
			name: "header with a quoted newline", in: "\"a\nA\",b\n1,2\n3,4\n",
			header: []string{"a\nA", "b"}, records: 2, lines: []int64{3, 4},
		},
		{
			name: "BOM", in: bom + "a,b\n1,2\n",
			header: []string{"a", "b"}, records: 1, lines: []int64{2}, bom: true,
		},
		{
			name: "CRLF", in: "a,b\r\n1,2\r\n\"x\r\ny\",3\r\n4,5\r\n",
			header: []string{"a", "b"}, records: 3, lines: []int64{2, 3, 5}, crlf: true,
		},
		{
			name: "BOM and CRLF", in: bom + "a,b\r\n1,2\r\n",
			header: []string{"a", "b"}, records: 1, lines: []int64{2}, bom: true, crlf: true,
		},
		{
			name: "unterminated quote is one reject, the lines after it are read on", in: "a,b\n1,2\n\"x,3\n4,5\n6,7\n",
			header: []string{"a", "b"}, records: 4, lines: []int64{2, 3, 4, 5},
			bad: []badRecord{{1, 3, "unterminated quoted field: the \" opened on line 3 is not closed before the end of the file"}},
		},
		{
			name: "unterminated quote on the last line", in: "a,b\n1,2\n3,\"x",
			header: []string{"a", "b"}, records: 2, lines: []int64{2, 3},
			bad: []badRecord{{1, 3, "unterminated quoted field: the \" opened on line 3 is not closed before the end of the file"}},
		},
		{
			name: "unterminated quote after a multi-line field of the same record", in: "a,b,c\n\"p\nq\",\"x\n1,2,3\n4,5,6\n",
			header: []string{"a", "b", "c"}, records: 3, lines: []int64{2, 4, 5},
			bad: []badRecord{{0, 2, "unterminated quoted field: the \" opened on line 3 is not closed before the end of the file"}},
		},
		{
			name: "a quote closed lines later and followed by text was never closed", in: "a,b\n1,\"x\n2,3\n\"4\",5\n",
			header: []string{"a", "b"}, records: 3, lines: []int64{2, 3, 4},
			bad: []badRecord{{0, 2, "unterminated quoted field: the \" opened on line 2 is not closed on its line (the quote that closes it 2 lines later is followed by text)"}},
		},
		{
			name: "a bare CR ends a line, as in DuckDB", in: "a,b\r1,2\r\r\"x\ry\",3\r4,5",
			header: []string{"a", "b"}, records: 3, lines: []int64{2, 4, 6},
		},
		{
			name: "stray NULs are skipped", in: "a,b\n1,\x002\n\x00\n\"x\x00\ny\",3\n",
			header: []string{"a", "b"}, records: 2, lines: []int64{2, 4},
		},
		{
			name: "too many and too few fields", in: "a,b,c\n1,2,3\n1,2,3,4\n\"m\nn\",2,3\n1,2\n1,2,3\n",
			header: []string{"a", "b", "c"}, records: 5, lines: []int64{2, 3, 4, 6, 7},
			bad: []badRecord{
				{1, 3, "has 4 fields but the header has 3 (check the delimiter and quoting)"},
				{3, 6, "has 2 fields but the header has 3 (check the delimiter and quoting)"},
			},
		},
		{
			name:   "trailing empty fields are no error (DuckDB reads them too)",
			in:     "a,b,c\n1,2,3,\n4,5,6,,,\r\n\"x\ny\",8,9,\n1,2,3,\"\",,\"\"\n1,2,3, \n1,2,3,\"x\"\n1,2,\"3,\",\n",
			header: []string{"a", "b", "c"}, records: 7, lines: []int64{2, 3, 4, 6, 7, 8, 9},
			bad: []badRecord{
				{4, 7, "has 4 fields but the header has 3 (check the delimiter and quoting)"},
				{5, 8, "has 4 fields but the header has 3 (check the delimiter and quoting)"},
			},
		},
		{
			name: "a quote inside an unquoted field is text", in: "a,b,c\n5\" monitor,1,2\nA\"B\nC\",1,2\nX,\"3\"\"\",4\n",
			header: []string{"a", "b", "c"}, records: 4, lines: []int64{2, 3, 4, 5},
			bad: []badRecord{{1, 3, "has 1 fields but the header has 3 (check the delimiter and quoting)"}},
		},
		{
			name: "one space may come before an opening quote", in: "a,b,c\nA, \"x,y\",1\nB,  \"x,y\",2\nC,1, \"p\nq\"\n",
			header: []string{"a", "b", "c"}, records: 3, lines: []int64{2, 3, 4},
			bad: []badRecord{{1, 3, "has 4 fields but the header has 3 (check the delimiter and quoting)"}},
		},
		{
			name: "spaces after a closing quote", in: "a,b\n\"x\"  ,1\n2,\"y\" \r\n",
			header: []string{"a", "b"}, records: 2, lines: []int64{2, 3},
		},
		{
			name: "whitespace-only line is a record with one field", in: "a,b\n1,2\n   \n3,4\n",
			header: []string{"a", "b"}, records: 3, lines: []int64{2, 3, 4},
			bad: []badRecord{{1, 3, "has 1 fields but the header has 2 (check the delimiter and quoting)"}},
		},
		{
			name: "in a one-column file a blank line is an empty value (as DuckDB reads it)", in: "a\n1\n\n2\n\n",
			header: []string{"a"}, records: 4, lines: []int64{2, 3, 4, 5},
		},
		{
			name: "semicolon file read as comma", in: "a;b;c\n1;2;3\n",
			header: []string{"a;b;c"}, records: 1, lines: []int64{2},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := writeTemp(t, "in.csv", tc.in)
			s, err := scanCSV(path, ',', '"')
			if err != nil {
				t.Fatalf("scanCSV: %v", err)
			}
			if !reflect.DeepEqual(s.Header, tc.header) {
				t.Errorf("Header = %q, want %q", s.Header, tc.header)
			}
			if s.Records != tc.records {
				t.Errorf("Records = %d, want %d", s.Records, tc.records)
			}
			if !reflect.DeepEqual(s.Bad, tc.bad) {
				t.Errorf("Bad = %+v, want %+v", s.Bad, tc.bad)
			}
			if s.BOM != tc.bom || s.CRLF != tc.crlf {
				t.Errorf("BOM, CRLF = %v, %v, want %v, %v", s.BOM, s.CRLF, tc.bom, tc.crlf)
			}
			for r, want := range tc.lines {
				if got := s.line(int64(r)); got != want {
					t.Errorf("line(%d) = %d, want %d", r, got, want)
				}
			}
			sum := sha256.Sum256([]byte(tc.in))
			if s.SHA256 != hex.EncodeToString(sum[:]) {
				t.Errorf("SHA256 = %s, want the file's", s.SHA256)
			}
			if s.Bytes != int64(len(tc.in)) {
				t.Errorf("Bytes = %d, want %d", s.Bytes, len(tc.in))
			}
		})
	}
}

func TestScanCSVDelimiter(t *testing.T) {
	s, err := scanCSV(writeTemp(t, "in.csv", "a;b\n\"x;y\";2\n3;4;5\n"), ';', '"')
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(s.Header, []string{"a", "b"}) || s.Records != 2 {
		t.Fatalf("Header %q, Records %d", s.Header, s.Records)
	}
	want := []badRecord{{1, 3, "has 3 fields but the header has 2 (check the delimiter and quoting)"}}
	if !reflect.DeepEqual(s.Bad, want) {
		t.Errorf("Bad = %+v, want %+v", s.Bad, want)
	}
}

func TestScanCSVLongLine(t *testing.T) {
	// A line longer than the 1 MiB read buffer, with a quoted newline after it.
	long := strings.Repeat("x", 3<<20)
	in := "a,b\n" + long + ",1\n\"p\nq\",2\n3,4\n"
	s, err := scanCSV(writeTemp(t, "in.csv", in), ',', '"')
	if err != nil {
		t.Fatal(err)
	}
	if s.Records != 3 || len(s.Bad) != 0 {
		t.Fatalf("Records %d, Bad %+v", s.Records, s.Bad)
	}
	for r, want := range []int64{2, 3, 5} {
		if got := s.line(int64(r)); got != want {
			t.Errorf("line(%d) = %d, want %d", r, got, want)
		}
	}
	if s.Bytes != int64(len(in)) {
		t.Errorf("Bytes = %d, want %d", s.Bytes, len(in))
	}
}

func TestScanCSVLongLineQuoteState(t *testing.T) {
	// Lines longer than the 1 MiB read buffer come in pieces; the field state must carry
	// over from one piece to the next. The first piece here is exactly the buffer's size.
	const buf = 1 << 20
	// A piece ending with a delimiter: the next piece starts a field, whose quote opens a
	// quoted field with a newline inside.
	in := "a,b\n" + strings.Repeat("x", buf-1) + ",\"p\nq\"\n1,2\n"
	s, err := scanCSV(writeTemp(t, "in.csv", in), ',', '"')
	if err != nil {
		t.Fatal(err)
	}
	if s.Records != 2 || len(s.Bad) != 0 || s.line(1) != 4 {
		t.Fatalf("Records %d, Bad %+v, line(1) %d; want 2 records, none bad, the second on line 4", s.Records, s.Bad, s.line(1))
	}
	// A piece ending inside a field: the quote that follows is text.
	in = "a,b\n" + strings.Repeat("x", buf) + "\"z,1\n1,2\n"
	if s, err = scanCSV(writeTemp(t, "in2.csv", in), ',', '"'); err != nil {
		t.Fatal(err)
	}
	if s.Records != 2 || len(s.Bad) != 0 || s.line(1) != 3 {
		t.Fatalf("Records %d, Bad %+v, line(1) %d; want 2 records, none bad, the second on line 3", s.Records, s.Bad, s.line(1))
	}
}

func TestScanCSVErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", "the file is empty: expected a header line and records"},
		{"only a BOM", "\xEF\xBB\xBF", "the file is empty: expected a header line and records"},
		{"control bytes", "a,b\n1,\x002\x01\x02\x03\x04\n", "not a text file: it contains binary data"},
		{"old Excel", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00", "not a text file: it contains binary data (it looks like an Excel 97-2003 .xls file: export as CSV)"},
		{"zip", "PK\x03\x04\x14\x00\x00\x00", "not a text file: it contains binary data (it looks like a zip or XLSX file: export as CSV)"},
		{"unterminated quote in the header", "a,\"b\n1,2\n", "line 1: the header has a quoted field that is never closed: close its quote, then load the file again"},
		{"text after a closing quote", "a,b\n1,2\n\"x\"y,3\n4,5\n", "line 3: text after the closing quote of a field: quote the whole field (\"say \"\"hi\"\" there\") or none of it, then load the file again"},
		{"text after spaces after a closing quote", "a,b\n1,\"x\"  y\n", "line 2: text after the closing quote of a field: quote the whole field (\"say \"\"hi\"\" there\") or none of it, then load the file again"},
		{"text after a closing quote in the header", "\"a\"x,b\n1,2\n", "line 1: text after the closing quote of a field: quote the whole field (\"say \"\"hi\"\" there\") or none of it, then load the file again"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := scanCSV(writeTemp(t, "in.csv", tc.in), ',', '"')
			if err == nil {
				t.Fatalf("scanCSV succeeded (%+v), want error %q", s, tc.want)
			}
			if err.Error() != tc.want {
				t.Errorf("error = %q, want %q", err, tc.want)
			}
		})
	}
}

func TestGoodRecord(t *testing.T) {
	s := &csvScan{Bad: []badRecord{{Record: 1}, {Record: 3}, {Record: 4}}}
	// DuckDB returns records 0, 2, 5, 6 of the file (1, 3 and 4 are broken).
	for k, want := range []int64{0, 2, 5, 6} {
		if got := s.goodRecord(int64(k)); got != want {
			t.Errorf("goodRecord(%d) = %d, want %d", k, got, want)
		}
	}
	first := &csvScan{Bad: []badRecord{{Record: 0}}}
	if got := first.goodRecord(0); got != 1 {
		t.Errorf("goodRecord(0) with record 0 broken = %d, want 1", got)
	}
	none := &csvScan{}
	if got := none.goodRecord(7); got != 7 {
		t.Errorf("goodRecord(7) without broken records = %d, want 7", got)
	}
}

func TestLineWithGoodRecord(t *testing.T) {
	// Record 1 (line 3) spans two lines and is broken; the next good ones follow it.
	in := "a,b\n1,2\n\"x\ny\",2,9\n3,4\n\n5,6\n"
	s, err := scanCSV(writeTemp(t, "in.csv", in), ',', '"')
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Bad) != 1 || s.Bad[0].Line != 3 {
		t.Fatalf("Bad = %+v, want one at line 3", s.Bad)
	}
	// DuckDB's records 0, 1, 2 are the file's records 0, 2, 3 on lines 2, 5, 7.
	for k, want := range []int64{2, 5, 7} {
		if got := s.line(s.goodRecord(int64(k))); got != want {
			t.Errorf("line(goodRecord(%d)) = %d, want %d", k, got, want)
		}
	}
}

// FuzzScanCSV: scanCSV never panics, counts every broken record as a record, and its line
// mapping agrees with the lines it reported for broken records; and DuckDB, reading the file
// (or the cleaned copy when the Go pass wrote one) as the loader does, reads exactly the
// records the Go pass accepted.
func FuzzScanCSV(f *testing.F) {
	for _, s := range []string{
		"a,b\n1,2\n",
		"a,b\r\n\"x\r\ny\",2\r\n",
		"\xEF\xBB\xBFa,b\n1,2,3\n\n4\n",
		"a,b\n\"open,1\n2,3\n",
		"\"h\n1\",h2\n\"\"\"\",x\n",
		"a;b\n1;2\n",
		"a,b\n1,\x002\n\x00\n\"x\x00\",3\n",
		"a,b\n\x93caf\xe9\x94,1\n2,\"x\ny\xe9\"\n",
		"\xFF\xFEa\x00,\x00b\x00\n\x001\x00,\x002\x00\n\x00",
		"a,b\n1,\"x\n2,3\n\"4\",5\n",
	} {
		f.Add([]byte(s), byte(','))
	}
	f.Add([]byte("a;b\n1;\"2;3\"\n"), byte(';'))
	w := openTest(f, "")
	f.Fuzz(func(t *testing.T, data []byte, delim byte) {
		if delim == '"' || delim == '\n' || delim == '\r' || delim == 0 || delim >= 0x80 {
			delim = ','
		}
		dir := t.TempDir()
		path := filepath.Join(dir, "f.csv")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		s, err := scanCSVWith(path, scanOptions{delim: delim, quote: '"', clean: true, cleanDir: dir}, nil, nil)
		if err != nil {
			return
		}
		if s.Records < int64(len(s.Bad)) {
			t.Fatalf("Records %d < %d broken records", s.Records, len(s.Bad))
		}
		// Lines end with LF, or with a CR not followed by LF.
		lines := int64(bytes.Count(data, []byte{'\n'})+bytes.Count(data, []byte{'\r'})-bytes.Count(data, []byte("\r\n"))) + 1
		prev := int64(-1)
		for _, b := range s.Bad {
			if b.Record <= prev || b.Record >= s.Records {
				t.Fatalf("broken record %d out of order or range (records %d)", b.Record, s.Records)
			}
			prev = b.Record
			if b.Line < 2 || b.Line > lines {
				t.Fatalf("broken record %d on line %d of a %d-line file", b.Record, b.Line, lines)
			}
			if got := s.line(b.Record); got != b.Line {
				t.Fatalf("line(%d) = %d, but the record was reported on line %d", b.Record, got, b.Line)
			}
		}
		for r := int64(1); r < s.Records && r < 1000; r++ {
			if s.line(r) <= s.line(r-1) {
				t.Fatalf("line(%d) = %d is not after line(%d) = %d", r, s.line(r), r-1, s.line(r-1))
			}
		}
		sum := sha256.Sum256(data)
		if s.SHA256 != hex.EncodeToString(sum[:]) || s.Bytes != int64(len(data)) {
			t.Fatalf("hash or size differ from the file's")
		}
		if len(s.Bad) > 0 && s.Clean == "" {
			t.Fatalf("%d broken records but no cleaned copy", len(s.Bad))
		}
		read := path
		if s.Clean != "" {
			read = s.Clean
		}
		var n int64
		err = w.DB.QueryRow("SELECT count(*) FROM "+csvFrom(len(s.Header)),
			sql.Named("path", read), sql.Named("skip", 1), sql.Named("delim", string(rune(delim))), sql.Named("quote", `"`),
			sql.Named("nulls", []string{""}), sql.Named("ignore", true)).Scan(&n)
		if err != nil {
			t.Fatalf("DuckDB cannot read what the Go pass accepted: %v", err)
		}
		if want := s.Records - int64(len(s.Bad)); n != want {
			t.Fatalf("DuckDB read %d records of %s, the Go pass accepted %d (%d, %d broken)", n, filepath.Base(read), want, s.Records, len(s.Bad))
		}
	})
}

// scanClean scans in with a cleaned copy asked for, and returns the scan and the copy's text
// ("" when the file needed none).
func scanClean(t *testing.T, in string, o scanOptions) (*csvScan, string) {
	t.Helper()
	o.clean, o.cleanDir = true, t.TempDir()
	if o.delim == 0 {
		o.delim, o.quote = ',', '"'
	}
	s, err := scanCSVWith(writeTemp(t, "in.csv", in), o, nil, nil)
	if err != nil {
		t.Fatalf("scan: %v", err)
	}
	if s.NeedsClean != (s.Clean != "") {
		t.Fatalf("NeedsClean %v but cleaned copy %q", s.NeedsClean, s.Clean)
	}
	if s.Clean == "" {
		return s, ""
	}
	b, err := os.ReadFile(s.Clean)
	if err != nil {
		t.Fatal(err)
	}
	return s, string(b)
}

func TestScanCSVRunawayQuote(t *testing.T) {
	// A quote opened on line 3 is closed by a stray quote 1,500 lines later: past
	// maxQuotedLines it is one reject on line 3, and every line after it is a record again.
	var b strings.Builder
	b.WriteString("a,b\n1,2\n3,\"open\n")
	for i := 0; i < 1500; i++ {
		fmt.Fprintf(&b, "r%d,x\n", i)
	}
	b.WriteString("z,5\" monitor\nlast,1\n")
	s, clean := scanClean(t, b.String(), scanOptions{})
	if s.Records != 1504 || len(s.Bad) != 1 {
		t.Fatalf("Records %d, Bad %+v; want 1504 records, one bad", s.Records, s.Bad)
	}
	want := badRecord{1, 3, "unterminated quoted field: the \" opened on line 3 is not closed within 1000 lines"}
	if s.Bad[0] != want {
		t.Errorf("Bad = %+v, want %+v", s.Bad[0], want)
	}
	if s.line(2) != 4 || s.line(1503) != 1505 {
		t.Errorf("line(2) = %d, line(1503) = %d; want 4 and 1505", s.line(2), s.line(1503))
	}
	if wantClean := strings.Replace(b.String(), "3,\"open\n", "", 1); clean != wantClean {
		t.Errorf("the cleaned copy is not the file without line 3 (%d bytes, want %d)", len(clean), len(wantClean))
	}
}

func TestScanCSVEncodings(t *testing.T) {
	utf16 := func(s string, big bool, bom bool) string {
		var out []byte
		if bom {
			if big {
				out = append(out, 0xFE, 0xFF)
			} else {
				out = append(out, 0xFF, 0xFE)
			}
		}
		for _, u := range utf16.Encode([]rune(s)) {
			if big {
				out = append(out, byte(u>>8), byte(u))
			} else {
				out = append(out, byte(u), byte(u>>8))
			}
		}
		return string(out)
	}
	const text = "número,b\r\n\"café \"\"😀\"\"\nx\",2\r\n€,3\r\n"
	tests := []struct {
		name, in, declared string
		enc                string // Encoding
		clean              string // the cleaned copy; "" = none
		bad                []badRecord
		notes              []Note
	}{
		{name: "UTF-8 needs nothing", in: text},
		{name: "UTF-8 with a BOM needs nothing", in: "\xEF\xBB\xBF" + text},
		{
			name: "Windows-1252 is detected record by record", in: "n\xfamero,b\n\x93caf\xe9\x94,1\nplain,2\n\x80,3\n",
			enc: "windows-1252", clean: "número,b\n“café”,1\nplain,2\n€,3\n",
			notes: []Note{{NoteEncoding, 1, "3 records are not UTF-8: read as Windows-1252 and converted to UTF-8"}},
		},
		{
			name: "a file mixing encodings says so", in: "a,b\ncafé,1\ncaf\xe9,2\n",
			enc: "windows-1252", clean: "a,b\ncafé,1\ncafé,2\n",
			notes: []Note{{NoteEncoding, 3, "1 record is not UTF-8: read as Windows-1252 and converted to UTF-8 (other records are UTF-8: the file mixes encodings, check the converted text)"}},
		},
		{
			name: "declared UTF-8: records that are not are rejected", in: "a,b\n1,2\n\x86x,2\nd\xe9j\xe0,1\n\"x\n\xff\",2\n3,4\n", declared: "utf-8",
			clean: "a,b\n1,2\n3,4\n",
			bad: []badRecord{
				{1, 3, "not UTF-8 text: save the export as UTF-8 CSV, or declare its encoding (encoding: windows-1252 in a mapping, or --encoding)"},
				{2, 4, "not UTF-8 text: save the export as UTF-8 CSV, or declare its encoding (encoding: windows-1252 in a mapping, or --encoding)"},
				{3, 5, "not UTF-8 text: save the export as UTF-8 CSV, or declare its encoding (encoding: windows-1252 in a mapping, or --encoding)"},
			},
		},
		{
			name: "declared Windows-1252 converts even what looks like UTF-8", in: "a,b\n\xc3\xa9,1\n", declared: "windows-1252",
			enc: "windows-1252", clean: "a,b\nÃ©,1\n",
			notes: []Note{{NoteEncoding, 0, "read as windows-1252 (declared) and converted to UTF-8"}},
		},
		{
			name: "declared Latin-1", in: "a,b\n\x93x\x94,\xe9\n", declared: "latin-1",
			enc: "latin-1", clean: "a,b\n“x”,é\n",
			notes: []Note{{NoteEncoding, 0, "read as latin-1 (declared) and converted to UTF-8"}},
		},
		{
			name: "UTF-16LE with a BOM", in: utf16(text, false, true), declared: "windows-1252",
			enc: "utf-16le", clean: text,
			notes: []Note{{NoteEncoding, 0, "read as UTF-16LE and converted to UTF-8"}},
		},
		{
			name: "UTF-16BE with a BOM", in: utf16(text, true, true),
			enc: "utf-16be", clean: text,
			notes: []Note{{NoteEncoding, 0, "read as UTF-16BE and converted to UTF-8"}},
		},
		{
			name: "UTF-16LE without a BOM", in: utf16(text, false, false),
			enc: "utf-16le", clean: text,
			notes: []Note{{NoteEncoding, 0, "read as UTF-16LE and converted to UTF-8"}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, clean := scanClean(t, tc.in, scanOptions{encoding: tc.declared})
			if s.Encoding != tc.enc {
				t.Errorf("Encoding = %q, want %q", s.Encoding, tc.enc)
			}
			if clean != tc.clean {
				t.Errorf("cleaned copy = %q, want %q", clean, tc.clean)
			}
			if !reflect.DeepEqual(s.Bad, tc.bad) {
				t.Errorf("Bad = %+v, want %+v", s.Bad, tc.bad)
			}
			if !reflect.DeepEqual(s.Notes, tc.notes) {
				t.Errorf("Notes = %+v, want %+v", s.Notes, tc.notes)
			}
			if s.Bytes != int64(len(tc.in)) {
				t.Errorf("Bytes = %d, want %d", s.Bytes, len(tc.in))
			}
		})
	}
}

func TestScanCSVCleanCopy(t *testing.T) {
	tests := []struct {
		name, in, clean string
		notes           []Note
	}{
		{name: "a clean file gets no copy", in: "a,b\n1,2\n\"x\ny\",3\n\n4,5\n"},
		{
			// The records before the first problem are copied as they are (blank line included).
			name: "broken records are left out", in: "a,b\n1,2\n\n\"x\ny\",3\n4,5,6\n7,8\n9\n",
			clean: "a,b\n1,2\n\n\"x\ny\",3\n7,8\n",
		},
		{
			name: "NULs are stripped and noted", in: "a,b\r\n1,2\r\n3,\x004\r\n\x00\r\n\"x\x00\ny\x00\",5\r\n",
			clean: "a,b\r\n1,2\r\n3,4\r\n\"x\ny\",5\r\n",
			notes: []Note{{NoteNUL, 3, "stripped 4 NUL bytes on 4 lines: 3, 4, 5, 6"}},
		},
		{
			name: "CR line ends (classic Mac) become LF", in: "a,b\r1,2\r\r\"x\ry\",3\r",
			clean: "a,b\n1,2\n\"x\ny\",3\n",
		},
		{
			name: "a bare CR among LF and CRLF line ends", in: "a,b\r\n1,2\r3,4\n5,6\r\n",
			clean: "a,b\r\n1,2\r\n3,4\r\n5,6\r\n",
		},
		{
			name: "records end as the header does (DuckDB refuses mixed line ends)", in: "a,b\r\n1,2\r\n3,\"x\ny\"\n\n5,6\r\n7,8",
			clean: "a,b\r\n1,2\r\n3,\"x\ny\"\r\n5,6\r\n7,8",
		},
		{
			name: "a NUL in the header", in: "a\x00,b\n1,2\n",
			clean: "a,b\n1,2\n",
			notes: []Note{{NoteNUL, 1, "stripped 1 NUL byte on line 1"}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, clean := scanClean(t, tc.in, scanOptions{})
			if clean != tc.clean {
				t.Errorf("cleaned copy = %q, want %q", clean, tc.clean)
			}
			if !reflect.DeepEqual(s.Notes, tc.notes) {
				t.Errorf("Notes = %+v, want %+v", s.Notes, tc.notes)
			}
		})
	}
}

func TestScanCSVTooLong(t *testing.T) {
	long := strings.Repeat("y", maxRecordBytes)
	in := "a,b\n1,2\nx," + long + "\n\"p\nq\",3\n" + "\"" + long + "\",4\n5,6\n"
	s, clean := scanClean(t, in, scanOptions{})
	want := []badRecord{
		{1, 3, "the record on line 3 is longer than 16 MiB, the most a record may have (is a field missing its closing quote?)"},
		{3, 6, "the record on line 6 is longer than 16 MiB, the most a record may have (is a field missing its closing quote?)"},
	}
	if s.Records != 5 || !reflect.DeepEqual(s.Bad, want) {
		t.Fatalf("Records %d, Bad %.200v; want 5 records, bad %v", s.Records, s.Bad, want)
	}
	if clean != "a,b\n1,2\n\"p\nq\",3\n5,6\n" {
		t.Errorf("cleaned copy = %.200q", clean)
	}
}
