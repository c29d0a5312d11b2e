package cli

import (
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"

	"github.com/tierlens/tierlens/etl/lake"
	"github.com/tierlens/tierlens/metrics"
	"github.com/tierlens/tierlens/queries"
)

// dialectRule is one DuckDB-only function or piece of syntax: SQL using it does not run
// unchanged on the engines named in Missing, which write it as Instead.
type dialectRule struct {
	Name    string
	Missing string // the engines (of Spark SQL and Trino) without it
	Instead string
	re      *regexp.Regexp
	// inStrings: match against the text with string literals kept (the rule is about a literal)
	inStrings bool
	// keep, when set, decides on each match (its submatches) whether it counts
	keep func(m []string) bool
}

// duckdbOnly is the closed list `metrics lint` reports, in one place: what the metric files,
// the macros and the views of queries/ actually use that Spark SQL or Trino lacks or spell
// differently. Matched against the SQL without its comments (and, but for inStrings rules,
// without the content of its string literals).
var duckdbOnly = []dialectRule{
	{Name: "::", Missing: "Trino, Spark SQL before 4.0", Instead: "CAST(x AS type)", re: regexp.MustCompile(`::`)},
	{Name: "GROUP BY ALL", Missing: "Spark SQL, Trino", Instead: "the grouping columns", re: regexp.MustCompile(`(?i)\bGROUP\s+BY\s+ALL\b`)},
	{Name: "ORDER BY ALL", Missing: "Spark SQL, Trino", Instead: "the columns", re: regexp.MustCompile(`(?i)\bORDER\s+BY\s+ALL\b`)},
	{Name: "* EXCLUDE", Missing: "Spark SQL, Trino", Instead: "the columns kept", re: regexp.MustCompile(`(?i)\*\s*EXCLUDE\s*\(`)},
	{Name: "* REPLACE", Missing: "Spark SQL, Trino", Instead: "the columns, one replaced", re: regexp.MustCompile(`(?i)\*\s*REPLACE\s*\(`)},
	{Name: "COLUMNS()", Missing: "Spark SQL, Trino", Instead: "the columns", re: regexp.MustCompile(`(?i)\bCOLUMNS\s*\(`)},
	{Name: "FROM-first", Missing: "Spark SQL, Trino", Instead: "SELECT * FROM …", re: regexp.MustCompile(`(?i)(?:^|[(;]|\bAS)\s*FROM\b`)},
	{Name: "query_table()", Missing: "Spark SQL, Trino", Instead: "the table or CTE by name", re: regexp.MustCompile(`(?i)\bquery(?:_table)?\s*\(`)},
	{Name: "getvariable()", Missing: "Spark SQL, Trino", Instead: "a parameter or session property", re: regexp.MustCompile(`(?i)\bgetvariable\s*\(`)},
	{Name: "list_*()", Missing: "Spark SQL, Trino", Instead: "array_contains / arrays_overlap (Spark), contains / arrays_overlap (Trino)", re: regexp.MustCompile(`(?i)\blist_\w+\s*\(`)},
	{Name: "list()", Missing: "Spark SQL, Trino", Instead: "collect_list (Spark), array_agg (Trino)", re: regexp.MustCompile(`(?i)\blist\s*\(`)},
	{Name: "[…] lists and TYPE[]", Missing: "Spark SQL, Trino", Instead: "array(…) (Spark), ARRAY[…] (Trino), ARRAY<type> / array(type)", re: regexp.MustCompile(`(?i)(?:\[\s*['\d]|\w\[\])`)},
	{Name: "{…} structs", Missing: "Spark SQL, Trino", Instead: "named_struct (Spark), ROW (Trino)", re: regexp.MustCompile(`\{\s*'`)},
	{Name: "range()/generate_series()", Missing: "Spark SQL, Trino", Instead: "sequence(start, stop, step) with explode (Spark) or UNNEST (Trino)", re: regexp.MustCompile(`(?i)\b(?:range|generate_series)\s*\(`)},
	{Name: "unnest()", Missing: "Spark SQL, Trino (UNNEST only in FROM)", Instead: "explode (Spark), CROSS JOIN UNNEST (Trino)", re: regexp.MustCompile(`(?i)\bunnest\s*\(`)},
	{Name: "arg_max()/arg_min()", Missing: "Spark SQL, Trino", Instead: "max_by / min_by", re: regexp.MustCompile(`(?i)\barg_(?:max|min)\s*\(`)},
	{Name: "quantile_cont()/median()", Missing: "Spark SQL, Trino", Instead: "percentile (Spark), approx_percentile (Trino, approximate)", re: regexp.MustCompile(`(?i)\b(?:quantile(?:_cont|_disc)?|median)\s*\(`)},
	{Name: "date_diff('unit', a, b)", Missing: "Spark SQL", Instead: "timestampdiff(unit, a, b) (Spark); Trino has date_diff", re: regexp.MustCompile(`(?i)\bdate_?diff\s*\(`)},
	{Name: "epoch_us()/epoch_ms()", Missing: "Spark SQL, Trino", Instead: "unix_micros (Spark), to_unixtime (Trino)", re: regexp.MustCompile(`(?i)\bepoch(?:_us|_ms|_ns)?\s*\(`)},
	{Name: "timezone(zone, t)", Missing: "Spark SQL, Trino", Instead: "from_utc_timestamp / to_utc_timestamp (Spark), AT TIME ZONE (Trino)", re: regexp.MustCompile(`(?i)\btimezone\s*\(`)},
	{Name: "strftime()/strptime()", Missing: "Spark SQL, Trino", Instead: "date_format / to_timestamp (Spark), format_datetime / parse_datetime (Trino)", re: regexp.MustCompile(`(?i)\bstr[fp]time\s*\(`)},
	{Name: "// integer division", Missing: "Spark SQL, Trino", Instead: "div (Spark), / of integers (Trino)", re: regexp.MustCompile(`//`)},
	{Name: "FILTER (cond) without WHERE", Missing: "Spark SQL, Trino", Instead: "FILTER (WHERE cond)", re: regexp.MustCompile(`(?i)\bFILTER\s*\(\s*(\w+)`),
		keep: func(m []string) bool { return !strings.EqualFold(m[1], "WHERE") }},
	{Name: "INTERVAL n UNIT", Missing: "Trino", Instead: "INTERVAL 'n' UNIT", re: regexp.MustCompile(`(?i)\bINTERVAL\s+\d`)},
	{Name: "UNION BY NAME", Missing: "Spark SQL, Trino", Instead: "the same columns on both sides", re: regexp.MustCompile(`(?i)\bUNION\s+(ALL\s+)?BY\s+NAME\b`)},
	{Name: "ASOF JOIN", Missing: "Spark SQL, Trino", Instead: "a join on a window's ranges", re: regexp.MustCompile(`(?i)\bASOF\b`)},
	{Name: "POSITIONAL JOIN", Missing: "Spark SQL, Trino", Instead: "a join on row_number()", re: regexp.MustCompile(`(?i)\bPOSITIONAL\s+JOIN\b`)},
	{Name: "QUALIFY", Missing: "Spark SQL, Trino", Instead: "a subquery on the window", re: regexp.MustCompile(`(?i)\bQUALIFY\b`)},
	{Name: "'infinity' timestamps", Missing: "Spark SQL, Trino", Instead: "a far date or NULL", re: regexp.MustCompile(`(?i)'[+-]?infinity'`), inStrings: true},
}

// tierlensNames are the macros and views views.sql creates (queries/schema/004_macros.sql,
// queries/views): DuckDB SQL of their own, so a file using one needs their port too.
func tierlensNames() (macros, views []string) {
	def := regexp.MustCompile(`(?i)CREATE\s+(?:OR\s+REPLACE\s+)?(MACRO|VIEW)\s+(\w+)`)
	for _, f := range lake.MacroFiles() {
		for _, m := range def.FindAllStringSubmatch(queries.MustRead(f), -1) {
			if strings.EqualFold(m[1], "MACRO") {
				macros = append(macros, strings.ToLower(m[2]))
			} else {
				views = append(views, strings.ToLower(m[2]))
			}
		}
	}
	return macros, views
}

// dialectUse is what one SQL text uses of DuckDB only.
type dialectUse struct {
	Rules  []string // duckdbOnly names, in list order
	Macros []string // tierlens macros, in order of first use
	Views  []string // tierlens views, in order of first use
}

func (u dialectUse) empty() bool { return len(u.Rules)+len(u.Macros)+len(u.Views) == 0 }

func (u dialectUse) String() string {
	var parts []string
	if len(u.Rules) > 0 {
		parts = append(parts, strings.Join(u.Rules, ", "))
	}
	if len(u.Macros) > 0 {
		parts = append(parts, "tierlens macros "+strings.Join(u.Macros, ", "))
	}
	if len(u.Views) > 0 {
		parts = append(parts, "tierlens views "+strings.Join(u.Views, ", "))
	}
	return strings.Join(parts, "; ")
}

// duckdbOnlyIn reports the DuckDB-only functions and syntax, tierlens macros and views that
// sqlText uses.
func duckdbOnlyIn(sqlText string, macros, views []string) dialectUse {
	withStrings, code := sqlTexts(sqlText)
	var u dialectUse
	for _, r := range duckdbOnly {
		text := code
		if r.inStrings {
			text = withStrings
		}
		for _, m := range r.re.FindAllStringSubmatch(text, -1) {
			if r.keep == nil || r.keep(m) {
				u.Rules = append(u.Rules, r.Name)
				break
			}
		}
	}
	word := regexp.MustCompile(`\b[A-Za-z_]\w*\b`)
	for _, w := range word.FindAllString(code, -1) {
		w = strings.ToLower(w)
		switch {
		case slices.Contains(macros, w) && !slices.Contains(u.Macros, w):
			u.Macros = append(u.Macros, w)
		case slices.Contains(views, w) && !slices.Contains(u.Views, w):
			u.Views = append(u.Views, w)
		}
	}
	return u
}

// sqlTexts is s without comments (blanked), once with its string literals and once with
// their content blanked too, so a word in a string or comment never counts.
func sqlTexts(s string) (withStrings, code string) {
	ws, c := []byte(s), []byte(s)
	for i := 0; i < len(s); i++ {
		switch {
		case strings.HasPrefix(s[i:], "--"):
			for ; i < len(s) && s[i] != '\n'; i++ {
				ws[i], c[i] = ' ', ' '
			}
		case strings.HasPrefix(s[i:], "/*"):
			end := strings.Index(s[i+2:], "*/")
			stop := len(s)
			if end >= 0 {
				stop = i + 2 + end + 2
			}
			for ; i < stop; i++ {
				if s[i] != '\n' {
					ws[i], c[i] = ' ', ' '
				}
			}
			i--
		case s[i] == '\'' || s[i] == '"':
			q := s[i]
			for i++; i < len(s); i++ {
				if s[i] == q {
					if i+1 < len(s) && s[i+1] == q {
						c[i], c[i+1] = ' ', ' '
						i++
						continue
					}
					break
				}
				if s[i] != '\n' {
					c[i] = ' '
				}
			}
		}
	}
	return string(ws), string(c)
}

// writeDialect lists, as information, the metric files that use DuckDB-only SQL: what a port
// of the lake's metrics to Spark SQL or Trino must rewrite.
func writeDialect(w io.Writer, cat *metrics.Catalog) {
	if cat == nil {
		return
	}
	macros, views := tierlensNames()
	n := 0
	for _, m := range cat.Metrics() {
		u := duckdbOnlyIn(m.SQL, macros, views)
		if u.empty() {
			continue
		}
		if n == 0 {
			fmt.Fprintln(w, "DuckDB-only SQL (information, not a problem: what Spark SQL or Trino over the lake would need rewritten):")
		}
		n++
		fmt.Fprintf(w, "  %s: %s\n", m.File, u)
	}
	if n > 0 {
		fmt.Fprintln(w, "and the macros and views they use (the lake's views.sql recreates them in DuckDB):")
		for _, f := range lake.MacroFiles() {
			if u := duckdbOnlyIn(queries.MustRead(f), nil, nil); !u.empty() {
				fmt.Fprintf(w, "  queries/%s: %s\n", f, u)
			}
		}
	}
	switch total := len(cat.Metrics()); n {
	case total:
		fmt.Fprintf(w, "all %d metric files use DuckDB-only SQL: none runs unchanged on Spark SQL or Trino; the lake's Parquet tables themselves any engine reads\n", n)
	default:
		fmt.Fprintf(w, "%d of %d metric files use DuckDB-only SQL; the other %d run unchanged on Spark SQL and Trino over the lake's tables\n", n, total, total-n)
	}
}
