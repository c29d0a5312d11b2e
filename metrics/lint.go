package metrics

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/tierlens/tierlens/config"
)

// Lint runs every metric of the catalog against db (a tierlens warehouse; an empty one will
// do) and checks its result contract: the columns and their types with every dimension asked
// for, then a real run by tier over the two periods before now at the metric's first grain:
// periods in order and all present, every tier of the warehouse's tiers table in every period,
// no cell twice, and value = numerator / denominator for ratios. Header problems are found by
// LoadCatalog; Lint reports only what running reveals.
func Lint(ctx context.Context, db *sql.DB, cat *Catalog, cfg *config.Config, now time.Time) Problems {
	var probs Problems
	tiers, err := tierIDs(ctx, db)
	if err != nil {
		return Problems{{File: "(warehouse)", Line: 0, Msg: err.Error()}}
	}
	for _, m := range cat.Metrics() {
		probs = append(probs, lintOne(ctx, db, cfg, m, tiers, now)...)
	}
	probs.sort()
	return probs
}

func tierIDs(ctx context.Context, db *sql.DB) ([]string, error) {
	rows, err := db.QueryContext(ctx, "SELECT tier FROM tiers ORDER BY rank")
	if err != nil {
		return nil, fmt.Errorf("read tiers: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, fmt.Errorf("read tiers: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

var (
	numericTypes = []string{"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT", "FLOAT", "DOUBLE"}
	integerTypes = []string{"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT"}
)

func isNumeric(t string) bool {
	return slices.Contains(numericTypes, t) || strings.HasPrefix(t, "DECIMAL")
}

func lintOne(ctx context.Context, db *sql.DB, cfg *config.Config, m *Metric, tiers []string, now time.Time) Problems {
	var probs Problems
	add := func(format string, a ...any) {
		probs = append(probs, Problem{m.File, m.bodyLine, fmt.Sprintf(format, a...)})
	}
	if len(m.Grains) == 0 {
		return nil // the header problem is reported by the catalog
	}
	p := PeriodsOf(cfg)
	g := m.Grains[0]
	from, to := p.Last(g, 2, now)

	// 1. The contract with every dimension asked for, without computing anything.
	text, args := bound(m, from, to, g, cfg.TimeZone, m.selectable())
	rows, err := db.QueryContext(ctx, "SELECT * FROM (\n"+text+"\n) LIMIT 0", args...)
	if err != nil {
		add("does not run: %v", oneLine(err))
		return probs
	}
	types, err := rows.ColumnTypes()
	rows.Close()
	if err != nil {
		add("result columns: %v", err)
		return probs
	}
	var got []string
	for _, t := range types {
		got = append(got, t.Name())
	}
	if want := m.Columns(); !slices.Equal(got, want) {
		add("result columns are (%s); the contract is (%s): period, the declared dimensions, value, then %s",
			strings.Join(got, ", "), strings.Join(want, ", "), map[bool]string{true: "numerator, denominator (unit ratio)", false: "sample_size"}[m.Ratio()])
		return probs
	}
	for _, t := range types {
		dt := t.DatabaseTypeName()
		switch name := t.Name(); {
		case name == "period":
			if dt != "DATE" {
				add("column period is %s; make it the period's first local day, a DATE", dt)
			}
		case slices.Contains(m.Dimensions, name):
			if dt != "VARCHAR" {
				add("dimension %s is %s; dimensions are VARCHAR", name, dt)
			}
		case name == "sample_size":
			if !slices.Contains(integerTypes, dt) {
				add("column sample_size is %s; it counts, so make it an integer", dt)
			}
		default:
			if !isNumeric(dt) {
				add("column %s is %s; it must be a number", name, dt)
			}
		}
	}
	if len(probs) > 0 {
		return probs
	}

	// 2. A real run by tier: spine, order, uniqueness, ratios.
	var by []string
	if m.HasDimension("tier") {
		by = []string{"tier"}
	}
	text, args = bound(m, from, to, g, cfg.TimeZone, by)
	rows, err = db.QueryContext(ctx, text, args...)
	if err != nil {
		add("does not run by tier: %v", oneLine(err))
		return probs
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	tierAt, valueAt := slices.Index(cols, "tier"), slices.Index(cols, "value")
	seen := map[string]bool{}
	periods := map[time.Time]bool{}
	tiersIn := map[time.Time]map[string]bool{}
	var last time.Time
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			add("scan: %v", err)
			return probs
		}
		period, _ := vals[0].(time.Time)
		if period.Before(last) {
			add("rows are not ordered by period (%s after %s): end with ORDER BY period, then the dimensions", period.Format(time.DateOnly), last.Format(time.DateOnly))
			return probs
		}
		last = period
		periods[period] = true
		key := fmt.Sprint(vals[:valueAt])
		if seen[key] {
			add("the cell %v appears twice: group by period and every dimension", vals[:valueAt])
			return probs
		}
		seen[key] = true
		if tierAt >= 0 {
			if tiersIn[period] == nil {
				tiersIn[period] = map[string]bool{}
			}
			tiersIn[period][fmt.Sprint(vals[tierAt])] = true
		}
		if m.Ratio() {
			v, _ := number(vals[valueAt])
			n, _ := number(vals[valueAt+1])
			d, _ := number(vals[valueAt+2])
			switch {
			case n == nil || d == nil:
				add("numerator and denominator are never NULL (0 when nothing is counted)")
				return probs
			case *d == 0 && v != nil:
				add("value must be NULL when the denominator is 0 (%v)", vals[:valueAt])
				return probs
			case *d != 0 && (v == nil || math.Abs(*v - *n / *d) > 1e-9):
				add("value must be numerator / denominator (%v)", vals[:valueAt])
				return probs
			}
		}
	}
	if err := rows.Err(); err != nil {
		add("does not run by tier: %v", oneLine(err))
		return probs
	}
	for _, s := range p.List(g, from, to) {
		day := time.Date(s.Year(), s.Month(), s.Day(), 0, 0, 0, 0, time.UTC)
		if tierAt < 0 {
			if !periods[day] {
				add("period %s has no row: every period must appear, with 0 or NULL when it has no data (see the spine in metrics/README.md)", s.Format(time.DateOnly))
				return probs
			}
			continue
		}
		for _, t := range tiers {
			if !tiersIn[day][t] {
				add("period %s has no row for tier %s: every period × configured tier cell must appear (see the spine in metrics/README.md)", s.Format(time.DateOnly), t)
				return probs
			}
		}
	}
	return probs
}

func oneLine(err error) string {
	s := strings.TrimSpace(err.Error())
	if i := strings.Index(s, "\n"); i >= 0 {
		s = s[:i]
	}
	return s
}
