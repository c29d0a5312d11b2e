package cli

import (
	"bytes"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tierlens/tierlens/dashboards/xlsx"
)

// formatsSQL is a result with every kind of value, columns named out of alphabetical order,
// hostile text (a formula, a pipe, markup, a line break), a long cell and empty cells.
const formatsSQL = `SELECT * FROM (VALUES
    (42::BIGINT, 'a|b <script>' || chr(10) || 'second line', '=HYPERLINK("http://x","y")', '@SUM(A1)', '-1',
     0.25::DOUBLE, TIMESTAMP '2026-11-03 09:15:00', DATE '2026-11-03', true, repeat('x', 100)),
    (-7::BIGINT, 'plain', '+1+2', '-x', NULL,
     NULL::DOUBLE, NULL::TIMESTAMP, NULL::DATE, false, NULL)
) AS t(zeta, alpha, formula, at_sign, minus_number, ratio, moment, day, flag, long)`

var formatsColumns = []string{"zeta", "alpha", "formula", "at_sign", "minus_number", "ratio", "moment", "day", "flag", "long"}

// formatsWant is formatsSQL run by DuckDB itself, the values every format must give back.
func formatsWant(t *testing.T) *Table {
	t.Helper()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(formatsSQL)
	if err != nil {
		t.Fatal(err)
	}
	want, err := ScanRows(rows)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(want.Columns, formatsColumns) || len(want.Rows) != 2 {
		t.Fatalf("reference: %v %d rows", want.Columns, len(want.Rows))
	}
	return want
}

// TestOutputFormats runs one query through `tierlens query` in every format and reads each
// back: the same values in the same column order, hostile text inert.
func TestOutputFormats(t *testing.T) {
	dir := explainWarehouse(t, false)
	want := formatsWant(t)
	query := func(args ...string) cliRun {
		t.Helper()
		r := runCLI(t, dir, append(append([]string{"query"}, args...), formatsSQL)...)
		if r.code != ExitOK {
			t.Fatalf("query %v: exit %d\n%s%s", args, r.code, r.stdout, r.stderr)
		}
		return r
	}

	t.Run("json keeps column order and values", func(t *testing.T) {
		r := query("--format", "json")
		objs := decodeOrdered(t, strings.NewReader(r.stdout), true)
		checkJSONRows(t, objs, want)
	})
	t.Run("jsonl: one object per line", func(t *testing.T) {
		r := query("--format", "jsonl")
		lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
		if len(lines) != 2 {
			t.Fatalf("%d lines, want 2:\n%s", len(lines), r.stdout)
		}
		var objs [][]kv
		for _, l := range lines {
			objs = append(objs, decodeOrdered(t, strings.NewReader(l), false)...)
		}
		checkJSONRows(t, objs, want)
	})
	t.Run("csv: values, formulas as text", func(t *testing.T) {
		r := query("--format", "csv")
		recs, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(recs[0], formatsColumns) || len(recs) != 3 {
			t.Fatalf("csv header/rows: %q", recs)
		}
		wantRow := []string{"42", "a|b <script>\nsecond line", `'=HYPERLINK("http://x","y")`, "'@SUM(A1)", "-1",
			"0.25", "2026-11-03 09:15:00", "2026-11-03", "true", strings.Repeat("x", 100)}
		if !reflect.DeepEqual(recs[1], wantRow) {
			t.Errorf("csv row 1:\n got %q\nwant %q", recs[1], wantRow)
		}
		if recs[2][2] != "'+1+2" || recs[2][3] != "'-x" || recs[2][4] != "" || recs[2][0] != "-7" {
			t.Errorf("csv row 2: %q", recs[2])
		}
	})
	t.Run("markdown: a GitHub table, pipes escaped, markup inert", func(t *testing.T) {
		r := query("--format", "markdown")
		lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
		if len(lines) != 4 {
			t.Fatalf("%d lines, want header, separator and 2 rows:\n%s", len(lines), r.stdout)
		}
		if lines[0] != "| zeta | alpha | formula | at_sign | minus_number | ratio | moment | day | flag | long |" ||
			lines[1] != "| ---: | --- | --- | --- | --- | ---: | --- | --- | --- | --- |" {
			t.Errorf("header:\n%s\n%s", lines[0], lines[1])
		}
		if !strings.HasPrefix(lines[2], `| 42 | a\|b &lt;script&gt;<br>second line | =HYPERLINK("http://x","y") |`) {
			t.Errorf("row 1: %s", lines[2])
		}
		for i, l := range lines {
			// every unescaped pipe is a cell border: 11 for 10 columns
			if n := strings.Count(l, "|") - strings.Count(l, `\|`); n != 11 {
				t.Errorf("line %d has %d cell borders: %s", i+1, n, l)
			}
		}
	})
	t.Run("table: long cells cut with a marker, whole with --wide", func(t *testing.T) {
		r := query()
		if !strings.Contains(r.stdout, strings.Repeat("x", maxCell-1)+cutMarker) || strings.Contains(r.stdout, strings.Repeat("x", maxCell)) {
			t.Errorf("default table does not cut the long cell with %q:\n%s", cutMarker, r.stdout)
		}
		r = query("--wide")
		if !strings.Contains(r.stdout, strings.Repeat("x", 100)) || strings.Contains(r.stdout, cutMarker) {
			t.Errorf("--wide cut a cell:\n%s", r.stdout)
		}
	})
	t.Run("parquet: read back by DuckDB", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "r.parquet")
		r := query("--format", "parquet", "-o", out)
		if r.stdout != "" {
			t.Errorf("stdout with -o: %q", r.stdout)
		}
		db, err := sql.Open("duckdb", "")
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		rows, err := db.Query("SELECT * FROM read_parquet(?)", out)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ScanRows(rows)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got.Columns, want.Columns) {
			t.Errorf("columns %v, want %v", got.Columns, want.Columns)
		}
		if !reflect.DeepEqual(got.Rows, want.Rows) {
			t.Errorf("rows differ:\n got %#v\nwant %#v", got.Rows, want.Rows)
		}
		var types []string
		rows, err = db.Query("SELECT column_type FROM (DESCRIBE SELECT * FROM read_parquet(?))", out)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			types = append(types, s)
		}
		wantTypes := []string{"BIGINT", "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "DOUBLE", "TIMESTAMP", "DATE", "BOOLEAN", "VARCHAR"}
		if !reflect.DeepEqual(types, wantTypes) {
			t.Errorf("parquet types %v, want %v", types, wantTypes)
		}
	})
	t.Run("xlsx: read back, text stays text", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "r.xlsx")
		query("--format", "xlsx", "-o", out)
		sheets, err := xlsx.ReadPack(out)
		if err != nil {
			t.Fatal(err)
		}
		if len(sheets) != 1 || len(sheets[0].Formulas) != 0 {
			t.Fatalf("want one sheet without formulas, got %d sheets, formulas %v", len(sheets), sheets[0].Formulas)
		}
		rows := sheets[0].Rows
		if len(rows) != 3 || !reflect.DeepEqual(rows[0], formatsColumns) {
			t.Fatalf("xlsx rows: %q", rows)
		}
		for r, wrow := range want.Rows {
			got := rows[r+1]
			for i, v := range wrow {
				cell := ""
				if i < len(got) {
					cell = got[i]
				}
				if !xlsxSame(v, cell) {
					t.Errorf("xlsx row %d column %s: %q, want %#v", r+1, formatsColumns[i], cell, v)
				}
			}
		}
	})
	t.Run("parquet and xlsx need -o", func(t *testing.T) {
		for _, f := range []string{"parquet", "xlsx"} {
			r := runCLI(t, dir, "query", "--format", f, "SELECT 1")
			if r.code != ExitUsage || !strings.HasPrefix(r.stderr, "tierlens: --format "+f+" writes a file: give it with -o FILE") {
				t.Errorf("%s without -o: exit %d %q", f, r.code, r.stderr)
			}
		}
	})
	t.Run("metrics run and check write files too", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "m.parquet")
		r := runCLI(t, dir, "metrics", "run", "fcr", "--week", "2026-W45", "--format", "parquet", "-o", out)
		if r.code != ExitOK {
			t.Fatalf("metrics run: exit %d %s", r.code, r.stderr)
		}
		db, err := sql.Open("duckdb", "")
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var n int
		var num float64
		if err := db.QueryRow("SELECT count(*), sum(numerator) FILTER (tier = 'L1') FROM read_parquet(?)", out).Scan(&n, &num); err != nil {
			t.Fatal(err)
		}
		if n == 0 || num != 1 {
			t.Errorf("metrics run parquet: %d rows, L1 numerator %v", n, num)
		}
		cfg := checkConfig(t, dir, "ok.yaml", "0.5")
		x := filepath.Join(t.TempDir(), "c.xlsx")
		r = runCLI(t, dir, "--config", cfg, "check", "--week", "2026-W45", "--format", "xlsx", "-o", x)
		if r.code != ExitOK || r.stdout != "" {
			t.Fatalf("check xlsx: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		sheets, err := xlsx.ReadPack(x)
		if err != nil {
			t.Fatal(err)
		}
		if got := sheets[0].Rows[0]; len(got) < 6 || got[0] != "kpi" || got[5] != "result" {
			t.Errorf("check xlsx header: %q", got)
		}
	})
}

// xlsxSame reports whether a raw cell read back from the workbook holds v.
func xlsxSame(v any, cell string) bool {
	switch x := v.(type) {
	case nil:
		return cell == ""
	case int64:
		return cell == strconv.FormatInt(x, 10)
	case float64:
		f, err := strconv.ParseFloat(cell, 64)
		return err == nil && f == x
	case time.Time:
		f, err := strconv.ParseFloat(cell, 64)
		if err != nil {
			return false
		}
		epoch := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
		got := epoch.Add(time.Duration(math.Round(f*86400)) * time.Second)
		return got.Equal(x.UTC())
	case bool:
		return cell == strconv.FormatBool(x)
	case string:
		return cell == x
	}
	return cell == fmt.Sprint(v)
}

type kv struct {
	key string
	val any
}

// decodeOrdered decodes JSON objects keeping their keys in order: an array of them, or one.
func decodeOrdered(t *testing.T, r *strings.Reader, array bool) [][]kv {
	t.Helper()
	dec := json.NewDecoder(r)
	dec.UseNumber()
	tok := func() json.Token {
		x, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	var out [][]kv
	object := func() {
		if d, ok := tok().(json.Delim); !ok || d != '{' {
			t.Fatal("not an object")
		}
		var o []kv
		for dec.More() {
			k := tok().(string)
			var v any
			if err := dec.Decode(&v); err != nil {
				t.Fatal(err)
			}
			o = append(o, kv{k, v})
		}
		tok()
		out = append(out, o)
	}
	if array {
		tok()
		for dec.More() {
			object()
		}
		tok()
	} else {
		object()
	}
	return out
}

// checkJSONRows compares decoded objects with the reference rows, key order included.
func checkJSONRows(t *testing.T, objs [][]kv, want *Table) {
	t.Helper()
	if len(objs) != len(want.Rows) {
		t.Fatalf("%d objects, want %d", len(objs), len(want.Rows))
	}
	for r, o := range objs {
		var keys []string
		for _, p := range o {
			keys = append(keys, p.key)
		}
		if !reflect.DeepEqual(keys, want.Columns) {
			t.Errorf("object %d keys %v, want the query's order %v", r, keys, want.Columns)
		}
		for i, p := range o {
			w := jsonValue(want.Rows[r][i])
			var same bool
			switch x := w.(type) {
			case int64:
				same = p.val == json.Number(strconv.FormatInt(x, 10))
			case float64:
				f, err := p.val.(json.Number).Float64()
				same = err == nil && f == x
			default:
				same = reflect.DeepEqual(p.val, w)
			}
			if !same {
				t.Errorf("object %d %s: %#v, want %#v", r, p.key, p.val, w)
			}
		}
	}
}

// TestJSONRepeatedColumns: a repeated column name keeps both values.
func TestJSONRepeatedColumns(t *testing.T) {
	tb := &Table{Columns: []string{"a", "a", "a_2"}, Rows: [][]any{{int64(1), int64(2), int64(3)}}}
	var b bytes.Buffer
	if err := tb.Write(&b, "jsonl"); err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != `{"a":1,"a_2":2,"a_2_2":3}`+"\n" {
		t.Errorf("jsonl %s", got)
	}
	b.Reset()
	// a column of empties only is text (left-aligned), a column with a number is right-aligned
	md := &Table{Columns: []string{"n", "e"}, Rows: [][]any{{nil, nil}, {int64(2), nil}}}
	if err := md.Write(&b, "markdown"); err != nil || !strings.Contains(b.String(), "| ---: | --- |\n") {
		t.Errorf("markdown alignment %q %v", b.String(), err)
	}
	b.Reset()
	if err := (&Table{Columns: []string{"a"}}).Write(&b, "json"); err != nil || b.String() != "[]\n" {
		t.Errorf("empty json %q %v", b.String(), err)
	}
}
