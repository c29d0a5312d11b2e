package etl

import (
	"context"
	"strings"
	"testing"
)

// TestReconcileEdgeCases loads structurally awkward CSV files: the Go pass and DuckDB must
// agree on every one (records = loaded + rejected), and each broken record is rejected on
// the line where it starts.
func TestReconcileEdgeCases(t *testing.T) {
	const mapping = "shape: tickets\ntime_layout: \"%Y-%m-%d\"\ncolumns: {number: id, created: opened, status: state, title: title}\n"
	tests := []struct {
		name     string
		in       string
		loaded   int64
		rejected []int64 // lines
	}{
		{"plain", "id,opened,state,title\nA,2026-01-01,open,x\nB,2026-01-02,new,y\n", 2, nil},
		{"no final newline", "id,opened,state,title\nA,2026-01-01,open,x", 1, nil},
		{"BOM and CRLF", "\xEF\xBB\xBFid,opened,state,title\r\nA,2026-01-01,open,x\r\nB,2026-01-02,new,y\r\n", 2, nil},
		{"blank lines", "id,opened,state,title\n\nA,2026-01-01,open,x\n\n\nB,2026-01-02,new,y\n\n", 2, nil},
		{"quoted newlines and quotes", "id,opened,state,title\nA,2026-01-01,open,\"a\nb \"\"c\"\"\"\nB,2026-01-02,new,\"d,\r\ne\"\nC,2026-01-03,new,z\n", 3, nil},
		{"header with quoted newline", "id,opened,state,\"ti\ntle\"\nA,2026-01-01,open,x\n", 1, nil},
		{"header with quoted newline, then blank lines", "id,opened,state,\"ti\ntle\"\n\n\nA,2026-01-01,open,x\nB,2026-13-01,open,x\n", 1, []int64{6}},
		{"trailing delimiters", "id,opened,state,title\nA,2026-01-01,open,x,\nB,2026-01-02,new,y,,,\nC,2026-01-03,new,,\"\"\n", 3, nil},
		{"quotes inside unquoted fields", "id,opened,state,title\nA,2026-01-01,open,5\" monitor\nB\"x,2026-01-02,new,say \"\"hi\nC,2026-01-03,new,\"ok\"\n", 3, nil},
		{"a space before an opening quote", "id,opened,state,title\nA,2026-01-01,open, \"x,\ny\"\nB,2026-01-02,new,  \"x,y\"\nC,2026-01-03,new,z\n", 2, []int64{4}},
		{"spaces after closing quotes", "id,opened,state,title\nA,\"2026-01-01\"  ,open,\"x\" \nB,2026-01-02,new,y\n", 2, nil},
		{"too few fields", "id,opened,state,title\nA,2026-01-01,open\nB,2026-01-02,new,y\n", 1, []int64{2}},
		{"too many fields", "id,opened,state,title\nA,2026-01-01,open,x,extra\nB,2026-01-02,new,y\n", 1, []int64{2}},
		{"whitespace line", "id,opened,state,title\nA,2026-01-01,open,x\n  \nB,2026-01-02,new,y\n", 2, []int64{3}},
		{"only delimiters", "id,opened,state,title\n,,,\nB,2026-01-02,new,y\n", 1, []int64{2}},
		{"unterminated quote in the middle: the records after its line load", "id,opened,state,title\nA,2026-01-01,open,x\nB,2026-01-02,new,\"y\nC,2026-01-03,new,z\n", 2, []int64{3}},
		{"broken records first and last", "id,opened,state,title\nA,2026-01-01\nB,2026-01-02,new,y\nC,2026-01-03,new,z,w\n", 1, []int64{2, 4}},
		{"bad value after a multi-line record", "id,opened,state,title\nA,2026-01-01,open,\"1\n2\n3\"\nB,2026-13-02,new,y\nC,2026-01-03,new,z\n", 2, []int64{5}},
		{"broken record between multi-line ones", "id,opened,state,title\nA,2026-01-01,open,\"1\n2\"\nB,oops\nC,2026-01-03,new,\"3\n4\"\nD,x,new,y\n", 2, []int64{4, 7}},
	}
	dir := t.TempDir()
	mp := writeFile(t, dir, "m.yaml", mapping)
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := openTest(t, "")
			l := newLoader(w, nil)
			path := writeFile(t, dir, strings.ReplaceAll(tc.name, " ", "_")+".csv", tc.in)
			res, err := l.Load(context.Background(), path, FileOptions{Mapping: mp, MaxRejects: -1})
			if err != nil {
				t.Fatalf("case %d: %v", i, err)
			}
			if res.Loaded != tc.loaded || res.Records != res.Loaded+res.Rejected {
				t.Errorf("records %d, loaded %d, rejected %d; want %d loaded", res.Records, res.Loaded, res.Rejected, tc.loaded)
			}
			var lines []int64
			for _, r := range res.Rejects {
				if len(lines) == 0 || lines[len(lines)-1] != r.Line {
					lines = append(lines, r.Line)
				}
			}
			if len(lines) != len(tc.rejected) || int64(len(lines)) != res.Rejected {
				t.Fatalf("rejected lines %v (%d records), want %v", lines, res.Rejected, tc.rejected)
			}
			for k := range lines {
				if lines[k] != tc.rejected[k] {
					t.Errorf("rejected lines %v, want %v", lines, tc.rejected)
				}
			}
			if n := queryInt(t, w.DB, "SELECT count(*) FROM tickets"); n != tc.loaded {
				t.Errorf("tickets = %d, want %d", n, tc.loaded)
			}
		})
	}
}

// FuzzReconcile loads arbitrary record bytes under a fixed header: the Go pass and DuckDB
// must never disagree on how many records there are (a "reconciliation failed" error), and a
// loaded file accounts for every record.
func FuzzReconcile(f *testing.F) {
	for _, s := range []string{
		"A,2026-01-01,open\n",
		"A,2026-01-01,open,\nB,x,y\n\n",
		"\"A\nB\",2026-01-01,open\r\nC,\"2026-01-02\",new,\"\"\r\n",
		"A,2026-01-01\n,,\n\"unterminated,1,2\n",
		"A,2026-01-01,open,x\n   \nB,2026-01-01,open\n",
		"A,2026-01-01,op\x00en\nB,\"caf\xe9\n\x93x\x94\",open\rC,2026-01-01,\"open\n",
	} {
		f.Add(s)
	}
	dir := f.TempDir()
	mp := writeFile(f, dir, "m.yaml", "shape: tickets\ntime_layout: \"%Y-%m-%d\"\ncolumns: {number: a, created: b, status: c}\n")
	w := openTest(f, "")
	l := newLoader(w, nil)
	n := 0
	f.Fuzz(func(t *testing.T, body string) {
		n++
		path := writeFile(t, t.TempDir(), "f.csv", "a,b,c\n"+body)
		res, err := l.Load(context.Background(), path, FileOptions{Mapping: mp, MaxRejects: -1})
		if err != nil {
			if strings.Contains(err.Error(), "reconciliation failed") {
				t.Fatalf("%q: %v", body, err)
			}
			return
		}
		if res.Status == "loaded" && res.Records != res.Loaded+res.Rejected {
			t.Fatalf("%q: records %d != loaded %d + rejected %d", body, res.Records, res.Loaded, res.Rejected)
		}
	})
}
