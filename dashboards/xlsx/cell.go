package xlsx

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Column widths, in characters: fitted to the longest rendered value, within these bounds.
const (
	minWidth = 6
	maxWidth = 60
)

// excelEpoch is day 0 of Excel's 1900 date system as it counts after February 1900.
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// serial is the Excel date serial of t's wall clock in zone, to the second (times are
// converted to the report zone before writing: a spreadsheet date has no zone).
//
// The serial is 0.1 ms past the second: LibreOffice truncates a time to the unit it shows, and
// its arithmetic shows the float nearest to 09:15:00 as 09:14:59. A tenth of a millisecond is
// far below any unit a format shows (even ss.000), and every reader then shows the same time.
func serial(t time.Time, zone *time.Location) float64 {
	t = t.In(zone)
	wall := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
	secs := int64(wall.Sub(excelEpoch) / time.Second)
	days, rest := secs/86400, secs%86400
	if rest < 0 { // before the epoch: never in ticket data, but keep the day's fraction positive
		days, rest = days-1, rest+86400
	}
	if rest == 0 {
		return float64(days) // midnight: exact
	}
	return float64(days) + (float64(rest)+0.0001)/86400
}

// safeText makes s safe to store as a cell's text: characters XML 1.0 cannot hold (terminal
// escapes and other control characters except tab, line feed and carriage return) become
// U+FFFD, invalid UTF-8 too. The text is always written as a string cell, so a leading
// = + - @ stays text; this only keeps the file well-formed and the same in every reader.
func safeText(s string) string {
	clean := true
	for _, r := range s {
		if !xmlChar(r) {
			clean = false
			break
		}
	}
	if clean && utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if !xmlChar(r) {
			r = utf8.RuneError
		}
		b.WriteRune(r)
	}
	return b.String()
}

// xmlChar reports whether r is kept in a cell's text: XML 1.0 characters other than the C0 and
// C1 controls (tab, line feed and carriage return are kept).
func xmlChar(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return true
	case r < 0x20, r >= 0x7f && r <= 0x9f, r == 0xFFFE, r == 0xFFFF:
		return false
	}
	return true
}

// number turns a row value into a float64 for a numeric column; ok is false for nil.
func number(v any) (x float64, ok bool, err error) {
	switch v := v.(type) {
	case nil:
		return 0, false, nil
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return 0, false, nil
		}
		return v, true, nil
	case *float64:
		if v == nil {
			return 0, false, nil
		}
		return number(*v)
	case float32:
		return number(float64(v))
	case int:
		return float64(v), true, nil
	case int64:
		return float64(v), true, nil
	case int32:
		return float64(v), true, nil
	case *int64:
		if v == nil {
			return 0, false, nil
		}
		return float64(*v), true, nil
	case bool:
		if v {
			return 1, true, nil
		}
		return 0, true, nil
	}
	return 0, false, fmt.Errorf("%T is not a number", v)
}

// value converts a row value for a column of unit into what is written (a float64 or a
// string, nil for an empty cell) and its rendered width in characters.
func value(v any, unit string, zone *time.Location) (any, int, error) {
	switch unit {
	case UnitDate, UnitDateTime:
		var t time.Time
		switch v := v.(type) {
		case nil:
			return nil, 0, nil
		case time.Time:
			t = v
		case *time.Time:
			if v == nil {
				return nil, 0, nil
			}
			t = *v
		default:
			return nil, 0, fmt.Errorf("%T is not a time", v)
		}
		if t.IsZero() {
			return nil, 0, nil
		}
		if unit == UnitDate {
			// A day is the day itself (filters and comparisons see whole days).
			return math.Floor(serial(t, zone)), 10, nil
		}
		return serial(t, zone), 16, nil
	case UnitText:
		var s string
		switch v := v.(type) {
		case nil:
			return nil, 0, nil
		case string:
			s = v
		case *string:
			if v == nil {
				return nil, 0, nil
			}
			s = *v
		case fmt.Stringer:
			s = v.String()
		default:
			s = fmt.Sprint(v)
		}
		if s == "" {
			return nil, 0, nil
		}
		return safeText(s), textWidth(s), nil
	}
	x, ok, err := number(v)
	if err != nil || !ok {
		return nil, 0, err
	}
	return x, numWidth(x, unit), nil
}

// textWidth is the width of the longest line of s, in characters.
func textWidth(s string) int {
	w, line := 0, 0
	for _, r := range s {
		if r == '\n' {
			w, line = max(w, line), 0
			continue
		}
		line++
	}
	return max(w, line)
}

// numWidth estimates the width of x rendered in unit's number format.
func numWidth(x float64, unit string) int {
	switch unit {
	case UnitPercent:
		return len(strconv.FormatFloat(x*100, 'f', 1, 64)) + 1
	case UnitHours:
		return len(strconv.FormatFloat(x, 'f', 1, 64))
	case UnitScore:
		return len(strconv.FormatFloat(x, 'f', 2, 64))
	case UnitCount:
		s := strconv.FormatFloat(math.Abs(x), 'f', 0, 64)
		return len(s) + (len(s)-1)/3 + 1
	}
	s := strconv.FormatFloat(math.Abs(x), 'f', 2, 64)
	return len(s) + (len(s)-4)/3 + 1
}

// wraps reports whether text is wrapped in its cell: it has several lines or is wider than
// the widest column.
func wraps(s string) bool {
	if len(s) <= maxWidth { // bytes >= characters: short texts need no counting
		return strings.IndexByte(s, '\n') >= 0
	}
	return strings.IndexByte(s, '\n') >= 0 || textWidth(s) > maxWidth
}

// lines is how many lines text takes wrapped in a column width characters wide.
func lines(s string, width float64) int {
	w := max(int(width)-1, 1)
	n := 0
	for _, line := range strings.Split(s, "\n") {
		n += max(1, (utf8.RuneCountInString(line)+w-1)/w)
	}
	return n
}

// rowHeight is the height in points of a row of n lines of the default 11 pt font.
func rowHeight(n int) float64 {
	return 15 * float64(min(n, 27)) // 409 pt is Excel's largest row
}

// fit is a column width for content of width w (a header's filter button needs 2 more).
func fit(w int) float64 {
	return float64(min(max(w+2, minWidth), maxWidth))
}
