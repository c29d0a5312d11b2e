package dashboards

import (
	"math"
	"strconv"
	"strings"
)

// Format writes a number of a Report for people in lang: percentages and hours with one
// decimal ("85.3%", "12.4 h"; Spanish "85,3 %", "12,4 h"), counts with thousands separators,
// scores with two decimals. nil is "–".
func Format(v *float64, unit, lang string) string {
	if v == nil || math.IsNaN(*v) || math.IsInf(*v, 0) {
		return "–"
	}
	x := *v
	switch unit {
	case UnitPercent:
		s := number(x*100, 1, lang)
		if lang == "es" {
			return s + " %"
		}
		return s + "%"
	case UnitHours:
		return number(x, 1, lang) + " h"
	case UnitScore:
		return number(x, 2, lang)
	}
	if x == math.Trunc(x) {
		return number(x, 0, lang)
	}
	return number(x, 1, lang)
}

// FormatDelta writes a change: percentage points for percentages ("+2.1 pp"), otherwise the
// unit's format with a sign; a change that rounds to nothing is "±0.0 pp". nil is "".
func FormatDelta(v *float64, unit, lang string) string {
	if v == nil || math.IsNaN(*v) || math.IsInf(*v, 0) {
		return ""
	}
	x := math.Abs(*v)
	var s string
	switch unit {
	case UnitPercent:
		s = number(x*100, 1, lang) + " pp"
	case UnitHours:
		s = number(x, 1, lang) + " h"
	case UnitScore:
		s = number(x, 2, lang)
	default:
		if x == math.Trunc(x) {
			s = number(x, 0, lang)
		} else {
			s = number(x, 1, lang)
		}
	}
	switch {
	case strings.Trim(s, "0.,ph ") == "":
		return "±" + s
	case *v < 0:
		return "−" + s
	}
	return "+" + s
}

// number writes x with digits decimals and the separators of lang (en 1,234.5; es 1.234,5).
func number(x float64, digits int, lang string) string {
	neg := x < 0
	if neg {
		x = -x
	}
	p := math.Pow(10, float64(digits))
	s := strconv.FormatFloat(math.Round(x*p)/p, 'f', digits, 64) // half away from zero: 0.25 h → 0.3 h
	whole, frac, _ := strings.Cut(s, ".")
	thousands, decimal := ",", "."
	if lang == "es" {
		thousands, decimal = ".", ","
	}
	var b strings.Builder
	if neg && strings.Trim(s, "0.") != "" {
		b.WriteString("−")
	}
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 && !(lang == "es" && len(whole) == 4) {
			b.WriteString(thousands)
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteString(decimal + frac)
	}
	return b.String()
}
