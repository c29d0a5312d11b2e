package metrics

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// FilterKeys are the dimensions a report can be narrowed to (--filter KEY=VALUE[,VALUE…]).
// The tier is not one of them: a tier is a row of every report, not a scope.
var FilterKeys = []string{"source", "priority", "group", "category", "channel", "vendor"}

// ErrFilter is returned (wrapped) for a filter with an unknown key or value.
var ErrFilter = errors.New("bad filter")

// Filter narrows every metric to the facts whose dimensions take one of the listed values
// (OR within a key, AND across keys). "(none)" selects facts without a value, as reports show
// them. The zero Filter keeps everything.
type Filter map[string][]string

// ParseFilter reads --filter arguments ("priority=P1,P2"); a key given twice adds its values.
func ParseFilter(args []string) (Filter, error) {
	f := Filter{}
	for _, a := range args {
		k, v, ok := strings.Cut(a, "=")
		k = strings.ToLower(strings.TrimSpace(k))
		if !ok || k == "" {
			return nil, fmt.Errorf("%w %q: write KEY=VALUE[,VALUE…] with KEY one of %s", ErrFilter, a, strings.Join(FilterKeys, ", "))
		}
		if !slices.Contains(FilterKeys, k) {
			return nil, fmt.Errorf("%w %q: unknown key %q; filter by %s", ErrFilter, a, k, strings.Join(FilterKeys, ", "))
		}
		n := 0
		for _, x := range strings.Split(v, ",") {
			if x = strings.TrimSpace(x); x != "" {
				if !slices.Contains(f[k], x) {
					f[k] = append(f[k], x)
				}
				n++
			}
		}
		if n == 0 {
			return nil, fmt.Errorf("%w %q: no value for %s", ErrFilter, a, k)
		}
	}
	if len(f) == 0 {
		return nil, nil
	}
	return f, nil
}

// String is the filter as a report header states it: "priority=P1,P2; source=jira", keys in
// FilterKeys order; "" for none.
func (f Filter) String() string {
	var parts []string
	for _, k := range FilterKeys {
		if vs := f[k]; len(vs) > 0 {
			parts = append(parts, k+"="+strings.Join(vs, ","))
		}
	}
	return strings.Join(parts, "; ")
}

// filterValues lists the values each key takes in the warehouse (queries/schema/004_macros.sql
// filters the same columns).
const filterValuesSQL = `
SELECT 'source', source FROM tickets GROUP BY ALL
UNION ALL SELECT 'priority', priority FROM tickets GROUP BY ALL
UNION ALL SELECT 'category', category FROM tickets GROUP BY ALL
UNION ALL SELECT 'channel', channel FROM tickets GROUP BY ALL
UNION ALL SELECT 'group', assignment_group FROM tier_intervals GROUP BY ALL
UNION ALL SELECT 'group', assignment_group FROM tickets GROUP BY ALL
UNION ALL SELECT 'vendor', vendor FROM tier_intervals GROUP BY ALL`

// Validate refuses a value the warehouse has never seen for its key (a typo would otherwise
// give an empty report that looks like a quiet week), naming the values it has.
func (f Filter) Validate(ctx context.Context, db querier) error {
	if len(f) == 0 {
		return nil
	}
	rows, err := db.QueryContext(ctx, filterValuesSQL)
	if err != nil {
		return fmt.Errorf("read filter values: %w", err)
	}
	defer rows.Close()
	known := map[string]map[string]bool{}
	for rows.Next() {
		var k string
		var v sql.NullString
		if err := rows.Scan(&k, &v); err != nil {
			return fmt.Errorf("read filter values: %w", err)
		}
		if known[k] == nil {
			known[k] = map[string]bool{}
		}
		if v.Valid {
			known[k][v.String] = true
		} else {
			known[k]["(none)"] = true
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read filter values: %w", err)
	}
	for _, k := range FilterKeys {
		for _, v := range f[k] {
			if known[k][v] {
				continue
			}
			have := make([]string, 0, len(known[k]))
			for x := range known[k] {
				have = append(have, x)
			}
			sort.Strings(have)
			more := ""
			if len(have) > 12 {
				more = fmt.Sprintf(" … (%d in all; tierlens query \"SELECT DISTINCT …\" lists them)", len(have))
				have = have[:12]
			}
			if len(have) == 0 {
				return fmt.Errorf("%w %s=%s: the warehouse has no %s values", ErrFilter, k, v, k)
			}
			return fmt.Errorf("%w %s=%s: no such %s in the warehouse; it has %s%s", ErrFilter, k, v, k, strings.Join(have, ", "), more)
		}
	}
	return nil
}

// variable is the session variable tl_blank (queries/schema/004_macros.sql) reads for key.
func variable(key string) string { return "tl_filter_" + key }

// Apply sets the filter's session variables on conn, for tl_blank and tl_filtered_tickets
// (queries/schema/004_macros.sql); the returned function clears them, or, when that fails,
// makes the pool drop the connection so no later query inherits the filter.
func (f Filter) Apply(ctx context.Context, conn *sql.Conn) (func(), error) {
	if len(f) == 0 {
		return func() {}, nil
	}
	clear := func() {
		for _, k := range FilterKeys {
			if _, err := conn.ExecContext(context.Background(), "RESET VARIABLE "+variable(k)); err != nil {
				_ = conn.Raw(func(any) error { return driver.ErrBadConn })
				return
			}
		}
	}
	for _, k := range FilterKeys {
		if vs := f[k]; len(vs) > 0 {
			// the key comes from FilterKeys (a closed list); the values are bound
			if _, err := conn.ExecContext(ctx, "SET VARIABLE "+variable(k)+" = ?::VARCHAR[]", vs); err != nil {
				clear()
				return nil, fmt.Errorf("set filter %s: %w", k, err)
			}
		}
	}
	return clear, nil
}

// filterable says whether m's SQL goes through tl_cells or tl_blank, where filters apply.
func filterable(m *Metric) bool {
	s := stripSQL(m.SQL)
	return strings.Contains(s, "tl_cells(") || strings.Contains(s, "tl_blank(")
}

// NotFiltered is the note of a metric whose SQL does not place its facts through tl_cells or
// tl_blank, so a filter cannot reach it: its values are withheld rather than shown unfiltered.
const NotFiltered = "cannot be filtered: its SQL does not use tl_cells or tl_blank (metrics/README.md)"

// querier runs queries on a pool or on one connection.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// filterSupported refuses a warehouse whose macros predate filters (written by an older
// tierlens and opened read-only): they would ignore the filter and report everything.
func filterSupported(ctx context.Context, db querier) error {
	ok, err := macroHas(ctx, db, "tl_blank", "tl_filter_source")
	if err != nil || ok {
		return err
	}
	return errors.New("this warehouse was written by an older tierlens whose metric macros cannot filter: run `tierlens load --rebuild` to refresh them")
}

// macroHas reports whether the warehouse's macro name mentions text: the macros are written
// by the tierlens that last loaded, which may be older than this one.
func macroHas(ctx context.Context, db querier, name, text string) (bool, error) {
	n, err := count(ctx, db, "SELECT count(*) FROM duckdb_functions() WHERE function_name = ? AND contains(macro_definition, ?)", name, text)
	if err != nil {
		return false, fmt.Errorf("read macro %s: %w", name, err)
	}
	return n > 0, nil
}

// count runs a query of one count(*) through a querier (which has no QueryRowContext).
func count(ctx context.Context, db querier, query string, args ...any) (int, error) {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		if err := rows.Scan(&n); err != nil {
			return 0, err
		}
	}
	return n, rows.Err()
}
