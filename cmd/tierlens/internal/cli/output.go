package cli

import (
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
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

// formats are the --format values for tabular output.
var formats = []string{"table", "csv", "json"}

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

// Write prints t in format to w.
func (t *Table) Write(w io.Writer, format string) error {
	switch format {
	case "csv":
		return t.writeCSV(w)
	case "json":
		return t.writeJSON(w)
	}
	return t.writeTable(w)
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

const maxCell = 60

func (t *Table) writeTable(w io.Writer) error {
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
			if utf8.RuneCountInString(s) > maxCell {
				s = string([]rune(s)[:maxCell-1]) + "…"
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

func (t *Table) writeJSON(w io.Writer) error {
	out := t.records()
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	// Column order is lost in a map; the encoder sorts keys, which keeps output deterministic.
	return enc.Encode(out)
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
