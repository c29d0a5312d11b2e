package etl

import (
	"fmt"
	"strings"
)

// offsetRE matches a time followed by an explicit UTC offset: "…16:59:42+02:00", "…T16:59Z",
// "… 4:05 PM +0200", "… 16:59 UTC". The offset must follow a clock time, so the "-29" of a
// date such as 2016-02-29 is never read as one. Group 1 is the wall clock, group 2 the offset.
const offsetRE = `^(.*\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?(?:\s*[AaPp]\.?\s?[Mm]\.?)?)\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)$`

// monthNames maps month abbreviations of the languages exports come in (Spanish, Portuguese,
// Italian, French, German) to the English ones strptime's %b reads; months spelled the same
// in English need no entry.
var monthNames = [][2]string{
	{"ene|gen|janv", "Jan"},
	{"fev|févr|fevr", "Feb"},
	{"mars|mär|märz|mrz", "Mar"},
	{"abr|avr", "Apr"},
	{"mai|mag", "May"},
	{"juin|giu", "Jun"},
	{"juil|lug", "Jul"},
	{"ago|août|aout", "Aug"},
	{"set|sept", "Sep"},
	{"out|ott|okt", "Oct"},
	{"dic|dez|déc", "Dec"},
}

// timeMacros are the session macros that read a time the profile's layouts do not read as
// they stand: month names in another language, ISO 8601 with any fraction, and times with an
// explicit offset, which are UTC instants and must never be shifted by the source zone again.
// tl_naive gives a wall-clock time (the source zone applies); tl_zoned gives UTC, or NULL when
// the text carries no offset. Both run only on values the layouts themselves did not read.
var timeMacros = func() string {
	months := "x"
	for _, m := range monthNames {
		months = fmt.Sprintf("regexp_replace(%s, '(?i)\\b(%s)\\.?(\\b|\\s|/|-)', '%s\\2')", months, m[0], m[1])
	}
	var b strings.Builder
	fmt.Fprintf(&b, "CREATE OR REPLACE TEMP MACRO tl_months(x) AS %s;\n", months)
	fmt.Fprintf(&b, "CREATE OR REPLACE TEMP MACRO tl_offset_s(o) AS CASE WHEN o IN ('Z', 'UTC', 'GMT') THEN 0 ELSE "+
		"(CASE WHEN o[1] = '-' THEN -1 ELSE 1 END) * (o[2:3]::INTEGER * 3600 + coalesce(try_cast(nullif(replace(o[4:], ':', ''), '') AS INTEGER), 0) * 60) END;\n")
	fmt.Fprintf(&b, "CREATE OR REPLACE TEMP MACRO tl_wall(x, layouts) AS coalesce(try_strptime(tl_months(x), layouts), try_cast(x AS TIMESTAMP));\n")
	fmt.Fprintf(&b, "CREATE OR REPLACE TEMP MACRO tl_naive(x, layouts) AS CASE WHEN NOT regexp_matches(x, '%s') THEN tl_wall(x, layouts) END;\n", offsetRE)
	fmt.Fprintf(&b, "CREATE OR REPLACE TEMP MACRO tl_zoned(x, layouts) AS CASE WHEN regexp_matches(x, '%[1]s') THEN "+
		"tl_wall(trim(regexp_extract(x, '%[1]s', 1)), layouts) - to_seconds(tl_offset_s(regexp_extract(x, '%[1]s', 2))) END;", offsetRE)
	return b.String()
}()
