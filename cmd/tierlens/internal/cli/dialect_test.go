package cli

import (
	"slices"
	"strings"
	"testing"
)

// TestDuckDBOnly: each rule of the closed list finds its construct, and nothing in comments or
// string literals, nor the standard spelling, counts.
func TestDuckDBOnly(t *testing.T) {
	for _, c := range []struct {
		sql  string
		want []string
	}{
		{"SELECT CAST(a AS INTEGER), count(*) FILTER (WHERE ok) FROM t GROUP BY a ORDER BY a", nil},
		{"SELECT a::INTEGER FROM t", []string{"::"}},
		{"SELECT a, count(*) FROM t GROUP BY ALL", []string{"GROUP BY ALL"}},
		{"SELECT a FROM t ORDER  BY\nALL", []string{"ORDER BY ALL"}},
		{"SELECT * EXCLUDE (a) FROM t", []string{"* EXCLUDE"}},
		{"WITH x AS (FROM t) SELECT 1", []string{"FROM-first"}},
		{"FROM t", []string{"FROM-first"}},
		{"SELECT count(*) FILTER (hit) FROM t", []string{"FILTER (cond) without WHERE"}},
		{"SELECT quantile_cont(x, 0.5), median(y) FROM t", []string{"quantile_cont()/median()"}},
		{"SELECT arg_max(a, b) FROM t", []string{"arg_max()/arg_min()"}},
		{"SELECT date_diff('second', a, b) FROM t", []string{"date_diff('unit', a, b)"}},
		{"SELECT a // 2 FROM t", []string{"// integer division"}},
		{"SELECT a + INTERVAL 1 DAY FROM t", []string{"INTERVAL n UNIT"}},
		{"SELECT a + INTERVAL '1' DAY FROM t", nil},
		{"SELECT list_contains(['a'], x) FROM t", []string{"list_*()", "[…] lists and TYPE[]"}},
		{"SELECT $by::VARCHAR[]", []string{"::", "[…] lists and TYPE[]"}},
		{"SELECT 1 FROM t ASOF JOIN u ON t.a >= u.a", []string{"ASOF JOIN"}},
		{"SELECT 'infinity'::TIMESTAMP", []string{"::", "'infinity' timestamps"}},
		{"SELECT * FROM query_table('x'), range(1, 3)", []string{"query_table()", "range()/generate_series()"}},
		// comments and strings never count
		{"-- GROUP BY ALL, a::INT, FROM t\nSELECT 'GROUP BY ALL :: // list_x(' AS s /* quantile_cont( */ FROM t", nil},
		{"SELECT \"x::y\" FROM t", nil},
	} {
		got := duckdbOnlyIn(c.sql, nil, nil)
		if !slices.Equal(got.Rules, c.want) {
			t.Errorf("%q: got %q, want %q", c.sql, got.Rules, c.want)
		}
	}
	macros, views := tierlensNames()
	if !slices.Contains(macros, "tl_cells") || !slices.Contains(views, "business_days") {
		t.Fatalf("tierlens names: macros %v, views %v", macros, views)
	}
	u := duckdbOnlyIn("SELECT * FROM tl_cells('f', 'p', x) JOIN business_days USING (calendar) -- tl_spine", macros, views)
	if !slices.Equal(u.Macros, []string{"tl_cells"}) || !slices.Equal(u.Views, []string{"business_days"}) {
		t.Errorf("macros %v, views %v", u.Macros, u.Views)
	}
}

// TestLintReportsDuckDBOnly: metrics lint lists, as information with exit 0, the metric files
// using DuckDB-only SQL and the macro files behind them.
func TestLintReportsDuckDBOnly(t *testing.T) {
	r := runCLI(t, t.TempDir(), "metrics", "lint")
	if r.code != 0 {
		t.Fatalf("lint: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	var fcr string
	for _, line := range strings.Split(r.stdout, "\n") {
		if strings.Contains(line, "queries/metrics/fcr.sql: ") {
			fcr = line
		}
	}
	for _, want := range []string{"GROUP BY ALL", "tl_cells"} {
		if !strings.Contains(fcr, want) {
			t.Errorf("lint's line for fcr.sql %q lacks %q\n%s", fcr, want, r.stdout)
		}
	}
	for _, want := range []string{"DuckDB-only SQL (information", "queries/schema/004_macros.sql: ", "query_table()", "metric files use DuckDB-only SQL"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("lint output lacks %q:\n%s", want, r.stdout)
		}
	}
}
