package profiles

import (
	"fmt"
	"regexp"
	"strings"
)

// DefaultTimeLayouts read ISO 8601 / RFC 3339 times, with or without seconds, fraction and a
// UTC offset (the offset is read by the loader, not by the layout), when a mapping names none.
var DefaultTimeLayouts = []string{
	"%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S.%f", "%Y-%m-%d %H:%M:%S.%f",
	"%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d",
}

// goZones are the zone elements of Go layouts, longest first. The loader reads any offset
// after the clock time itself, so a layout only describes the wall clock.
var goZones = []string{"Z07:00:00", "-07:00:00", "Z070000", "-070000", "Z07:00", "-07:00", "Z0700", "-0700", "Z07", "-07", "MST"}

// goElements translate Go's reference-time elements to strptime, longest first so that
// "January" is not read as "Jan" + "uary" nor "2006" as "2" + "006".
var goElements = []struct{ goEl, strp string }{
	{"January", "%B"}, {"Monday", "%A"}, {"Jan", "%b"}, {"Mon", "%a"},
	{"2006", "%Y"}, {".000000000", ".%n"}, {".999999999", ".%n"}, {".000000", ".%f"}, {".999999", ".%f"},
	{".000", ".%g"}, {".999", ".%g"}, {",000000", ",%f"}, {",000", ",%g"}, {"__2", "%j"}, {"002", "%j"},
	{"15", "%H"}, {"04", "%M"}, {"05", "%S"}, {"01", "%m"}, {"02", "%d"}, {"03", "%I"}, {"06", "%y"},
	{"_2", "%-d"}, {"PM", "%p"}, {"pm", "%p"}, {"1", "%-m"}, {"2", "%-d"}, {"3", "%-I"}, {"4", "%-M"}, {"5", "%-S"},
}

// GoLayoutToStrptime converts a Go reference layout ("02/01/2006 15:04") to a strptime format.
// A zone element (Z07:00, -0700, MST) is dropped: the loader reads offsets itself.
func GoLayoutToStrptime(layout string) string {
	var b strings.Builder
	s := layout
	for s != "" {
		matched := false
		for _, z := range goZones {
			if strings.HasPrefix(s, z) {
				s = s[len(z):]
				matched = true
				break
			}
		}
		if matched {
			continue
		}
		for _, e := range goElements {
			if strings.HasPrefix(s, e.goEl) {
				b.WriteString(e.strp)
				s = s[len(e.goEl):]
				matched = true
				break
			}
		}
		if !matched {
			if s[0] == '%' {
				b.WriteString("%%")
			} else {
				b.WriteByte(s[0])
			}
			s = s[1:]
		}
	}
	return strings.TrimRight(b.String(), " T")
}

var (
	strpZone      = regexp.MustCompile(`\s*%[zZ]`)
	strpDirective = regexp.MustCompile(`%-?[a-zA-Z%]`)
	strpKnown     = map[byte]bool{'a': true, 'A': true, 'b': true, 'B': true, 'c': true, 'd': true, 'e': true, 'f': true, 'g': true, 'H': true, 'I': true, 'j': true, 'm': true, 'M': true, 'n': true, 'p': true, 'S': true, 'y': true, 'Y': true, 'x': true, 'X': true, '%': true, 'h': true, 'u': true, 'w': true, 'U': true, 'W': true}
)

// NormalizeLayout turns one time layout of a mapping, strptime or Go style, into the strptime
// format the loader uses, or says why it cannot: a layout must never silently turn every value
// of a file into a reject. Zone directives (%z, %Z, Z07:00) are dropped because the loader
// reads an explicit offset after any clock time and applies the source zone only to naive ones.
func NormalizeLayout(l string) (string, error) {
	orig := l
	if !strings.Contains(l, "%") && (strings.Contains(l, "2006") || strings.Contains(l, "15:04") || strings.Contains(l, "Jan")) {
		l = GoLayoutToStrptime(l)
	}
	l = strings.TrimSpace(strpZone.ReplaceAllString(l, ""))
	if !strings.Contains(l, "%") {
		return "", fmt.Errorf("%q is neither a strptime format (%%d/%%m/%%Y %%H:%%M) nor a Go layout (02/01/2006 15:04)", orig)
	}
	for _, d := range strpDirective.FindAllString(l, -1) {
		c := d[len(d)-1]
		if !strpKnown[c] {
			return "", fmt.Errorf("%q: %s is not a strptime directive tierlens reads (use %%Y %%m %%d %%H %%M %%S %%b %%p …)", orig, d)
		}
	}
	// Digits left in a layout are Go reference elements that were not understood (a layout
	// written in Go style with an unknown element): refuse rather than reject every value.
	if rest := strpDirective.ReplaceAllString(l, ""); strings.IndexAny(rest, "0123456789") >= 0 {
		return "", fmt.Errorf("%q: cannot tell which part is which; write it as strptime (%%Y-%%m-%%dT%%H:%%M:%%S) or as a Go layout (2006-01-02T15:04:05Z07:00)", orig)
	}
	return l, nil
}
