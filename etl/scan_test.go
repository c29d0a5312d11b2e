package etl

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
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
			name: "unterminated quote swallows the rest", in: "a,b\n1,2\n\"x,3\n4,5\n6,7\n",
			header: []string{"a", "b"}, records: 2, lines: []int64{2, 3},
			bad: []badRecord{{1, 3, "unterminated quoted field: a \" opens here and is never closed"}},
		},
		{
			name: "unterminated quote on the last line", in: "a,b\n1,2\n3,\"x",
			header: []string{"a", "b"}, records: 2, lines: []int64{2, 3},
			bad: []badRecord{{1, 3, "unterminated quoted field: a \" opens here and is never closed"}},
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
			name: "records that are not UTF-8", in: "a,b\n1,2\n\x86x,2\nd\xe9j\xe0,1\n\"x\n\xff\",2\n3,4\n",
			header: []string{"a", "b"}, records: 5, lines: []int64{2, 3, 4, 5, 7},
			bad: []badRecord{
				{1, 3, "not UTF-8 text: save the export as UTF-8 CSV"},
				{2, 4, "not UTF-8 text: save the export as UTF-8 CSV"},
				{3, 5, "not UTF-8 text: save the export as UTF-8 CSV"},
			},
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
		{"NUL bytes", "a,b\n1,\x002\n", "not a text file: it contains binary data"},
		{"zip", "PK\x03\x04\x14\x00\x00\x00", "not a text file: it contains binary data (it looks like a zip or XLSX file: export as CSV)"},
		{"Latin-1 header", "n\xfamero,b\n1,2\n", "line 1: the header is not UTF-8 text: save the export as UTF-8 CSV"},
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
// mapping agrees with the lines it reported for broken records.
func FuzzScanCSV(f *testing.F) {
	for _, s := range []string{
		"a,b\n1,2\n",
		"a,b\r\n\"x\r\ny\",2\r\n",
		"\xEF\xBB\xBFa,b\n1,2,3\n\n4\n",
		"a,b\n\"open,1\n2,3\n",
		"\"h\n1\",h2\n\"\"\"\",x\n",
		"a;b\n1;2\n",
	} {
		f.Add([]byte(s), byte(','))
	}
	f.Add([]byte("a;b\n1;\"2;3\"\n"), byte(';'))
	f.Fuzz(func(t *testing.T, data []byte, delim byte) {
		if delim == '"' || delim == '\n' || delim == '\r' {
			delim = ','
		}
		path := filepath.Join(t.TempDir(), "f.csv")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		s, err := scanCSV(path, delim, '"')
		if err != nil {
			return
		}
		if s.Records < int64(len(s.Bad)) {
			t.Fatalf("Records %d < %d broken records", s.Records, len(s.Bad))
		}
		lines := int64(bytes.Count(data, []byte{'\n'})) + 1
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
	})
}
