package etl

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
)

// Layout families by the order of day and month: a date such as 7/8/2025 reads either way,
// and a profile for exports from anywhere lists both (ServiceNow writes the exporting user's
// format). Only the data can tell which a file uses.
const (
	neutralOrder = iota // year first, or the month as a name: one reading only
	dayFirst
	monthFirst
)

var (
	dayDirective   = regexp.MustCompile(`%-?[de]`)
	monthDirective = regexp.MustCompile(`%-?m`)
	yearFirst      = regexp.MustCompile(`^\s*%-?[Yy]`)
)

// layoutOrder says which family a strptime layout belongs to.
func layoutOrder(l string) int {
	d, m := dayDirective.FindStringIndex(l), monthDirective.FindStringIndex(l)
	if d == nil || m == nil || yearFirst.MatchString(l) {
		return neutralOrder
	}
	if d[0] < m[0] {
		return dayFirst
	}
	return monthFirst
}

// chooseDayOrder keeps, of layouts that list both day-first and month-first dates, the family
// the file's values read with: every time value of the file is tried with each. When the
// values cannot tell (no day above 12), the family listed first stays and a note says so.
// query reads the file's time columns as one column x of text.
func chooseDayOrder(ctx context.Context, conn *sql.Conn, layouts []string, query string, args []any) ([]string, []Note, error) {
	var neutral, day, month []string
	for _, l := range layouts {
		switch layoutOrder(l) {
		case dayFirst:
			day = append(day, l)
		case monthFirst:
			month = append(month, l)
		default:
			neutral = append(neutral, l)
		}
	}
	if len(day) == 0 || len(month) == 0 {
		return layouts, nil, nil
	}
	stmt := `SELECT
    count(*) FILTER (try_strptime(x, $neutral) IS NULL AND try_strptime(x, $day) IS NOT NULL),
    count(*) FILTER (try_strptime(x, $neutral) IS NULL AND try_strptime(x, $month) IS NOT NULL),
    count(*) FILTER (try_strptime(x, $neutral) IS NULL AND try_strptime(x, $day) IS NOT NULL AND try_strptime(x, $month) IS NOT NULL)
FROM (` + query + `) WHERE x IS NOT NULL`
	all := append([]any{sql.Named("neutral", nonEmpty(neutral)), sql.Named("day", day), sql.Named("month", month)}, args...)
	var nDay, nMonth, nBoth int64
	if err := conn.QueryRowContext(ctx, stmt, usedArgs(stmt, all)...).Scan(&nDay, &nMonth, &nBoth); err != nil {
		return nil, nil, fmt.Errorf("tell day from month: %w", err)
	}
	keep := func(family []string) []string {
		out := append([]string(nil), neutral...)
		return append(out, family...)
	}
	switch {
	case nDay > nMonth:
		return keep(day), nil, nil
	case nMonth > nDay:
		return keep(month), nil, nil
	case nBoth == 0:
		return layouts, nil, nil
	}
	first, name := day, "day first"
	if layoutOrder(layouts[firstDated(layouts)]) == monthFirst {
		first, name = month, "month first"
	}
	return keep(first), []Note{{
		Finding: "dates that read both day-first and month-first (no day above 12): read as the profile lists first",
		Detail:  fmt.Sprintf("%d values read %s; name the export's layout with time_layout in a mapping to be sure", nBoth, name),
	}}, nil
}

// firstDated is the index of the first layout of a family.
func firstDated(layouts []string) int {
	for i, l := range layouts {
		if layoutOrder(l) != neutralOrder {
			return i
		}
	}
	return 0
}

// nonEmpty keeps a list parameter typed: DuckDB cannot type an empty list.
func nonEmpty(l []string) []string {
	if len(l) == 0 {
		return []string{"\x00"}
	}
	return l
}

// timeValues reads every time field of the staged source as one text column x.
func timeValues(source string) string {
	return "SELECT unnest([created, first_response, resolved, closed, updated, event_time]) AS x FROM (" + source + ")"
}
