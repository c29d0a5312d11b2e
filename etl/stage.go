package etl

import (
	"fmt"
	"sort"
	"strings"

	"github.com/tierlens/tierlens/etl/profiles"
)

// resolveColumns finds, for every canonical field the mapping knows, the position of its
// column in header. It fails when a required field has no column, naming what was expected.
func resolveColumns(m *profiles.Mapping, header []string, file string) (map[profiles.Field]int, error) {
	names := dedupeHeader(header)
	pos := map[string]int{}
	for i, h := range names {
		key := strings.ToLower(strings.TrimSpace(h))
		if _, seen := pos[key]; !seen {
			pos[key] = i
		}
	}
	cols := map[profiles.Field]int{}
	for f, alts := range m.Columns {
		for _, a := range alts {
			if i, ok := pos[strings.ToLower(strings.TrimSpace(a))]; ok {
				cols[f] = i
				break
			}
		}
	}
	var missing []string
	for _, f := range m.Required {
		if _, ok := cols[f]; !ok {
			missing = append(missing, fmt.Sprintf("%s (column %s)", f, strings.Join(quoteAll(m.Columns[f]), " or ")))
		}
	}
	if len(missing) == 0 {
		return cols, nil
	}
	msg := fmt.Sprintf("missing required column: %s for profile %s", strings.Join(missing, ", "), m.Name)
	msg += "\n  the profile reads these columns: " + strings.Join(expectedColumns(m), ", ")
	found := strings.Join(quoteAll(names), ", ")
	if len(found) > 300 {
		found = found[:300] + "…"
	}
	msg += "\n  the file's header has: " + found
	if len(header) == 1 {
		for _, d := range []string{";", "\t", "|"} {
			if strings.Contains(header[0], d) {
				msg += fmt.Sprintf("\n  the header looks %q-separated: for such files use the generic profile with delimiter: %q in the mapping", d, d)
				break
			}
		}
	}
	return nil, fmt.Errorf("%s", msg)
}

// dedupeHeader renames repeated header names as DuckDB does (Variant, Variant_1), so a mapping
// can address each of them.
func dedupeHeader(header []string) []string {
	seen := map[string]int{}
	out := make([]string, len(header))
	for i, h := range header {
		h = strings.TrimSpace(h)
		if n, ok := seen[strings.ToLower(h)]; ok {
			seen[strings.ToLower(h)] = n + 1
			out[i] = fmt.Sprintf("%s_%d", h, n+1)
			continue
		}
		seen[strings.ToLower(h)] = 0
		out[i] = h
	}
	return out
}

func quoteAll(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = fmt.Sprintf("%q", v)
	}
	return out
}

func expectedColumns(m *profiles.Mapping) []string {
	var out []string
	for _, f := range profiles.Fields {
		if alts, ok := m.Columns[f]; ok {
			out = append(out, alts[0])
		}
	}
	sort.Strings(out)
	return out
}

// colName is the positional name given to the i-th column of an input: our own identifiers,
// so no header text from a file ever becomes SQL.
func colName(i int) string { return fmt.Sprintf("c%03d", i) }

// stageSelect is the innermost SELECT of the conversion: one VARCHAR column per canonical field
// (NULL where the file has none).
// from is the FROM clause reading the file; value renders column i as text.
//
// There is no row number here on purpose: a window would make the read single-threaded. The
// table the conversion creates keeps the file's order (DuckDB preserves insertion order), so
// its rowid is the record's position in the file.
func stageSelect(cols map[profiles.Field]int, from string, value func(i int) string) string {
	var b strings.Builder
	b.WriteString("SELECT ")
	for n, f := range profiles.Fields {
		if n > 0 {
			b.WriteString(", ")
		}
		if i, ok := cols[f]; ok {
			fmt.Fprintf(&b, "%s AS %s", value(i), f)
		} else {
			fmt.Fprintf(&b, "NULL::VARCHAR AS %s", f)
		}
	}
	b.WriteString(" FROM ")
	b.WriteString(from)
	return b.String()
}

// csvFrom reads a CSV file with an explicit dialect: no sniffing, every column VARCHAR.
func csvFrom(width int) string {
	var b strings.Builder
	b.WriteString("read_csv($path, header = false, skip = $skip, delim = $delim, quote = $quote, escape = $quote, ")
	b.WriteString("auto_detect = false, nullstr = $nulls, ignore_errors = $ignore, max_line_size = ")
	fmt.Fprint(&b, maxRecordBytes+1<<10)
	b.WriteString(", columns = {")
	for i := 0; i < width; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "'%s': 'VARCHAR'", colName(i))
	}
	b.WriteString("})")
	return b.String()
}

// parquetFrom renames the file's columns positionally.
func parquetFrom(width int) string {
	names := make([]string, width)
	for i := range names {
		names[i] = colName(i)
	}
	return "read_parquet($path) AS p(" + strings.Join(names, ", ") + ")"
}
