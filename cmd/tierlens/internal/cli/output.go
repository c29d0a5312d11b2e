package cli

import (
	"bufio"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Table is a tabular result ready to print.
type Table struct {
	Columns []string
	Rows    [][]any
}

// formats are the --format values for tabular output of status, load and metrics list.
var formats = []string{"table", "csv", "json"}

// outputFormats are the --format values of query, metrics run and check: every format a
// result table is written in. parquet and xlsx are files: they need -o FILE.
var outputFormats = []string{"table", "csv", "json", "jsonl", "markdown", "parquet", "xlsx"}

// formatList is outputFormats for flag help and errors.
const formatList = "table, csv, json, jsonl, markdown, parquet or xlsx (parquet and xlsx with -o FILE)"

// checkOutput checks --format and -o together before any work is done.
func checkOutput(format, out string) error {
	if !slices.Contains(outputFormats, format) {
		return usageError("--format %q: use %s", format, formatList)
	}
	if (format == "parquet" || format == "xlsx") && out == "" {
		return usageError("--format %s writes a file: give it with -o FILE", format)
	}
	return nil
}

// writeOutput writes t in format to out (a file, created or replaced once the whole table is
// written) or, without out, to standard output.
func writeOutput(env *Env, t *Table, format, out string, wide bool) error {
	if out == "" {
		return t.write(env.Out, format, wide)
	}
	dir, base := filepath.Split(out)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	defer os.Remove(tmp.Name())
	bw := bufio.NewWriterSize(tmp, 1<<16)
	if err := t.write(bw, format, wide); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", out, err)
	}
	if err := bw.Flush(); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", out, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	if err := os.Rename(tmp.Name(), out); err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	return nil
}

func checkFormat(f string) error {
	for _, v := range formats {
		if f == v {
			return nil
		}
	}
	return usageError("--format %q: use table, csv or json", f)
}

// ScanRows reads all rows of a query into a Table.
func ScanRows(rows *sql.Rows) (*Table, error) {
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	t := &Table{Columns: cols}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		t.Rows = append(t.Rows, vals)
	}
	return t, rows.Err()
}

// Write prints t in format to w (a text format: table, csv, json, jsonl or markdown; the
// table format cuts long cells, see WriteWide).
func (t *Table) Write(w io.Writer, format string) error {
	return t.write(w, format, false)
}

func (t *Table) write(w io.Writer, format string, wide bool) error {
	switch format {
	case "csv":
		return t.writeCSV(w)
	case "json":
		return t.writeJSON(w)
	case "jsonl":
		return t.writeJSONL(w)
	case "markdown":
		return t.writeMarkdown(w)
	case "parquet":
		return t.writeParquet(w)
	case "xlsx":
		return t.writeXLSX(w)
	}
	return t.writeTable(w, wide)
}

// text renders one value for humans and CSV: times in UTC ISO form, floats without noise.
func text(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case time.Time:
		if x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 && x.Nanosecond() == 0 {
			return x.UTC().Format("2006-01-02")
		}
		return x.UTC().Format("2006-01-02 15:04:05")
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return ""
		}
		return strconv.FormatFloat(x, 'f', -1, 64)
	case float32:
		return strconv.FormatFloat(float64(x), 'f', -1, 32)
	case []byte:
		return string(x)
	case bool:
		return strconv.FormatBool(x)
	case fmt.Stringer:
		return x.String()
	}
	return fmt.Sprint(v)
}

// printable replaces control characters so ticket text cannot move a terminal's cursor.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return '␣'
		}
		return r
	}, s)
}

// maxCell is the widest cell the table format shows whole; a longer one is cut and ends in
// cutMarker, so a cut value never passes for the whole one. --wide shows every cell whole.
const maxCell = 60

// cutMarker ends a cell the table format cut.
const cutMarker = "…"

func (t *Table) writeTable(w io.Writer, wide bool) error {
	widths := make([]int, len(t.Columns))
	cells := make([][]string, len(t.Rows))
	numeric := make([]bool, len(t.Columns))
	for i, c := range t.Columns {
		widths[i] = utf8.RuneCountInString(c)
		numeric[i] = true
	}
	for r, row := range t.Rows {
		cells[r] = make([]string, len(row))
		for i, v := range row {
			s := printable(text(v))
			if !wide && utf8.RuneCountInString(s) > maxCell {
				s = string([]rune(s)[:maxCell-1]) + cutMarker
			}
			cells[r][i] = s
			if n := utf8.RuneCountInString(s); n > widths[i] {
				widths[i] = n
			}
			switch v.(type) {
			case nil, int, int8, int16, int32, int64, uint8, uint16, uint32, uint64, float32, float64:
			default:
				numeric[i] = false
			}
		}
	}
	line := func(vals []string) {
		var b strings.Builder
		for i, v := range vals {
			if i > 0 {
				b.WriteString("  ")
			}
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(v))
			if numeric[i] {
				b.WriteString(pad + v)
			} else if i < len(vals)-1 {
				b.WriteString(v + pad)
			} else {
				b.WriteString(v)
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
	line(t.Columns)
	sep := make([]string, len(widths))
	for i, n := range widths {
		sep[i] = strings.Repeat("-", n)
	}
	line(sep)
	for _, r := range cells {
		line(r)
	}
	if len(t.Rows) == 0 {
		fmt.Fprintln(w, "(no rows)")
	}
	return nil
}

// csvSafe keeps a cell from running as a formula when the CSV is opened in a spreadsheet:
// text starting with = + - @ (or a tab/CR) gets a leading apostrophe; numbers stay as they are.
func csvSafe(v any, s string) string {
	if _, isString := v.(string); !isString || s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		if _, err := strconv.ParseFloat(s, 64); err == nil {
			return s
		}
		return "'" + s
	}
	return s
}

func (t *Table) writeCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(t.Columns); err != nil {
		return err
	}
	rec := make([]string, len(t.Columns))
	for _, row := range t.Rows {
		for i, v := range row {
			rec[i] = csvSafe(v, text(v))
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// records is the table as JSON-ready objects, one per row.
func (t *Table) records() []map[string]any {
	out := make([]map[string]any, 0, len(t.Rows))
	for _, row := range t.Rows {
		m := make(map[string]any, len(row))
		for i, v := range row {
			m[t.Columns[i]] = jsonValue(v)
		}
		out = append(out, m)
	}
	return out
}

// writeJSON writes an array of objects whose keys are the columns in the query's order: the
// objects are written by hand, as a Go map would sort the keys.
func (t *Table) writeJSON(w io.Writer) error {
	if len(t.Rows) == 0 {
		_, err := io.WriteString(w, "[]\n")
		return err
	}
	keys, err := t.jsonKeys()
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	bw.WriteString("[\n")
	for r, row := range t.Rows {
		bw.WriteString("  {\n")
		for i, v := range row {
			val, err := jsonBytes(v)
			if err != nil {
				return fmt.Errorf("row %d, column %q: %w", r+1, t.Columns[i], err)
			}
			bw.WriteString("    ")
			bw.Write(keys[i])
			bw.WriteString(": ")
			bw.Write(val)
			if i < len(row)-1 {
				bw.WriteByte(',')
			}
			bw.WriteByte('\n')
		}
		bw.WriteString("  }")
		if r < len(t.Rows)-1 {
			bw.WriteByte(',')
		}
		bw.WriteByte('\n')
	}
	bw.WriteString("]\n")
	return bw.Flush()
}

// writeJSONL writes one compact JSON object per row, keys in the query's column order.
func (t *Table) writeJSONL(w io.Writer) error {
	keys, err := t.jsonKeys()
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	for r, row := range t.Rows {
		bw.WriteByte('{')
		for i, v := range row {
			val, err := jsonBytes(v)
			if err != nil {
				return fmt.Errorf("row %d, column %q: %w", r+1, t.Columns[i], err)
			}
			if i > 0 {
				bw.WriteByte(',')
			}
			bw.Write(keys[i])
			bw.WriteByte(':')
			bw.Write(val)
		}
		bw.WriteString("}\n")
	}
	return bw.Flush()
}

// jsonKeys are the columns as JSON strings; a repeated name (SELECT 1 AS a, 2 AS a) gets a
// suffix, _2, _3, so no value is lost to a reader that keeps the last of equal keys.
func (t *Table) jsonKeys() ([][]byte, error) {
	out := make([][]byte, len(t.Columns))
	for i, name := range uniqueNames(t.Columns) {
		b, err := json.Marshal(name)
		if err != nil {
			return nil, err
		}
		out[i] = b
	}
	return out, nil
}

// uniqueNames suffixes repeated names with _2, _3 … (skipping names already taken).
func uniqueNames(names []string) []string {
	seen := make(map[string]bool, len(names))
	out := make([]string, len(names))
	for i, n := range names {
		u := n
		for k := 2; seen[u]; k++ {
			u = n + "_" + strconv.Itoa(k)
		}
		seen[u] = true
		out[i] = u
	}
	return out
}

// jsonBytes is one value as JSON; a value encoding/json cannot write (a DuckDB MAP with
// non-string keys) is written as its text.
func jsonBytes(v any) ([]byte, error) {
	b, err := json.Marshal(jsonValue(v))
	if err != nil {
		return json.Marshal(text(v))
	}
	return b, nil
}

// writeMarkdown writes a GitHub table. Cell text cannot end the cell or inject markup: | is
// escaped, < > & become entities, line breaks become <br>, control characters are replaced.
func (t *Table) writeMarkdown(w io.Writer) error {
	bw := bufio.NewWriter(w)
	line := func(cells []string) {
		bw.WriteString("|")
		for _, c := range cells {
			bw.WriteString(" " + c + " |")
		}
		bw.WriteByte('\n')
	}
	head := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		head[i] = markdownCell(c)
	}
	line(head)
	sep := make([]string, len(t.Columns))
	for i := range sep {
		sep[i] = "---"
		if numericColumn(t, i) {
			sep[i] = "---:"
		}
	}
	line(sep)
	cells := make([]string, len(t.Columns))
	for _, row := range t.Rows {
		for i, v := range row {
			cells[i] = markdownCell(text(v))
		}
		line(cells)
	}
	return bw.Flush()
}

var markdownEscaper = strings.NewReplacer("|", `\|`, "&", "&amp;", "<", "&lt;", ">", "&gt;", "\r\n", "<br>", "\n", "<br>", "\r", "<br>")

func markdownCell(s string) string {
	return printable(markdownEscaper.Replace(s))
}

// numericColumn reports whether column i holds numbers and no text (empties aside), for
// alignment; a column of empties only is text.
func numericColumn(t *Table, i int) bool {
	seen := false
	for _, row := range t.Rows {
		switch row[i].(type) {
		case nil:
		case int, int8, int16, int32, int64, uint8, uint16, uint32, uint64, float32, float64:
			seen = true
		default:
			return false
		}
	}
	return seen
}

func jsonValue(v any) any {
	switch x := v.(type) {
	case time.Time:
		return x.UTC().Format(time.RFC3339)
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil
		}
	case []byte:
		return string(x)
	case fmt.Stringer:
		return x.String()
	}
	return v
}
