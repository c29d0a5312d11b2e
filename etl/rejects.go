package etl

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"

	"github.com/tierlens/tierlens/etl/profiles"
)

// collectRejects gathers every problem: malformed records found by the Go pass, and values
// DuckDB could not convert, each with its file line and the source column's own name.
func (l *Loader) collectRejects(ctx context.Context, conn *sql.Conn, in *input, m *profiles.Mapping, cols map[profiles.Field]int) ([]Reject, error) {
	var out []Reject
	for _, b := range in.bad {
		out = append(out, Reject{Line: b.Line, Reason: b.Reason})
	}
	rows, err := conn.QueryContext(ctx, `
SELECT rn, p.field, p.value, p.reason
FROM (SELECT rowid + 1 AS rn, unnest(problems) AS p FROM conv WHERE bad)
ORDER BY rn, p.field`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	header := dedupeHeader(in.header)
	for rows.Next() {
		var rn int64
		var field string
		var value sql.NullString
		var reason string
		if err := rows.Scan(&rn, &field, &value, &reason); err != nil {
			return nil, err
		}
		line := in.line(rn - 1)
		col := field
		if i, ok := cols[profiles.Field(field)]; ok && i < len(header) {
			col = in.cellRef(i, header[i], line)
		}
		if strings.HasPrefix(reason, "not a time") {
			reason = fmt.Sprintf("not a time in the layouts %s", strings.Join(quoteAll(m.TimeLayouts), ", "))
			if ambiguousDayMonth(value.String) {
				reason += " (day and month may be swapped: check whether the export writes day-first dates)"
			}
		}
		out = append(out, Reject{Line: line, Column: col, Value: value.String, Reason: reason})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Line < out[j].Line })
	return out, rows.Err()
}

// ambiguousDayMonth spots "13/02/2026"-style values whose first or second number is above 12,
// the usual sign of a day-first file read month-first (or the reverse).
func ambiguousDayMonth(v string) bool {
	var a, b, c int
	for _, sep := range []string{"/", "-", "."} {
		if n, _ := fmt.Sscanf(v, "%d"+sep+"%d"+sep+"%d", &a, &b, &c); n == 3 {
			return (a > 12 && a <= 31 && b <= 12) || (b > 12 && b <= 31 && a <= 12)
		}
	}
	return false
}
