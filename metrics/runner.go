package metrics

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/big"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/tierlens/tierlens/config"
	"github.com/tierlens/tierlens/queries"
)

// Query says what to compute: periods of Grain covering [From, To) (widened to whole periods
// in the reporting zone) broken down by the dimensions By.
type Query struct {
	Grain Grain
	From  time.Time
	To    time.Time
	// By lists selectable dimensions (see Selectable). Empty: one row per period.
	By []string
	// ByDefault marks By as a default rather than a request: a metric without one of its
	// dimensions runs without it instead of failing.
	ByDefault bool
	// Filter narrows every metric to some sources, priorities, groups … (see Filter).
	Filter Filter
}

// Result is one metric computed for a Query.
type Result struct {
	Metric *Metric
	Grain  Grain
	From   time.Time // first period's start (reporting zone)
	To     time.Time // last period's end, exclusive
	// Dimensions are the dimension columns of Rows: the requested ones in the metric's order,
	// then its fixed breakdowns.
	Dimensions []string
	Rows       []Row
	// Note is set when part of the data cannot feed the metric (see Row.Note).
	Note string
}

// Row is one period × dimension cell. Nil pointers are NULLs: no data (a ratio over nothing,
// a median of no samples) or a metric not available from the source (then Note says so).
type Row struct {
	Period      time.Time // local midnight the period starts
	End         time.Time // start of the next period
	Dims        []string  // aligned with Result.Dimensions
	Value       *float64
	Numerator   *float64
	Denominator *float64
	SampleSize  *int64
	Target      *float64
	Note        string
}

// NotAvailable is the note of a row whose source does not record what the metric needs.
const NotAvailable = "not available from this source"

// ErrDimension is returned (wrapped) for a dimension a metric does not have or that is unknown.
var ErrDimension = errors.New("bad dimension")

// Run computes the named metrics (all of the catalog when names is empty) for q, with the
// catalog of cfg (built-in metrics plus metrics_dir).
func Run(ctx context.Context, db *sql.DB, cfg *config.Config, names []string, q Query) ([]*Result, error) {
	cat, err := LoadCatalog(cfg)
	if err != nil {
		return nil, err
	}
	return cat.Run(ctx, db, cfg, names, q)
}

// Run computes the named metrics (all when names is empty) for q, in the order named (or
// catalog order). Row targets are the metrics' effective targets (see Catalog.SetTargets):
// load the catalog with the same configuration (LoadCatalog(cfg)).
func (c *Catalog) Run(ctx context.Context, db *sql.DB, cfg *config.Config, names []string, q Query) ([]*Result, error) {
	ms, err := c.pick(names)
	if err != nil {
		return nil, err
	}
	if _, err := ParseGrain(string(q.Grain)); err != nil {
		return nil, err
	}
	for _, d := range q.By {
		if !slices.Contains(Selectable, d) {
			return nil, fmt.Errorf("%w %q: break down by %s", ErrDimension, d, strings.Join(Selectable, ", "))
		}
	}
	for _, m := range ms {
		if !m.HasGrain(q.Grain) {
			return nil, fmt.Errorf("%w: metric %s has no %s grain (its grains: %s)", ErrPeriod, m.Name, q.Grain, joinGrains(m.Grains))
		}
		if q.ByDefault {
			continue
		}
		for _, d := range q.By {
			if !m.HasDimension(d) {
				return nil, fmt.Errorf("%w: metric %s has no dimension %s (its dimensions: %s)", ErrDimension, m.Name, d, strings.Join(m.selectable(), ", "))
			}
		}
	}
	if q.From.IsZero() || q.To.IsZero() || !q.To.After(q.From) {
		return nil, fmt.Errorf("%w: the range [%s, %s) is empty", ErrPeriod, q.From.Format(time.DateOnly), q.To.Format(time.DateOnly))
	}
	if err := grainSupported(ctx, db, q.Grain); err != nil {
		return nil, err
	}
	if err := agentSupported(ctx, db); err != nil {
		return nil, err
	}
	if len(q.Filter) > 0 {
		if err := q.Filter.Validate(ctx, db); err != nil {
			return nil, err
		}
		if err := filterSupported(ctx, db); err != nil {
			return nil, err
		}
	}
	avail, err := sourceData(ctx, db)
	if err != nil {
		return nil, err
	}
	return runAll(ctx, db, cfg, ms, q, avail)
}

// runAll runs the metrics on a few connections at once, results in the order of ms. A
// metric's query has serial stretches (planning, the spine, the final sort) that leave a
// core idle; a second query fills it. The filter lives in session variables, so each
// connection sets it.
func runAll(ctx context.Context, db *sql.DB, cfg *config.Config, ms []*Metric, q Query, avail []sourceInfo) ([]*Result, error) {
	workers := min(len(ms), max(1, runtime.GOMAXPROCS(0)), 4)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	out := make([]*Result, len(ms))
	next := make(chan int)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fail := func(err error) {
				errs[w] = err
				cancel()
			}
			conn, err := db.Conn(ctx)
			if err != nil {
				fail(err)
				return
			}
			defer conn.Close()
			if len(q.Filter) > 0 {
				clear, err := q.Filter.Apply(ctx, conn)
				if err != nil {
					fail(err)
					return
				}
				// a pooled connection must not keep the filter
				defer clear()
			}
			for i := range next {
				r, err := runOne(ctx, conn, cfg, ms[i], q, avail)
				if err != nil {
					fail(err)
					return
				}
				out[i] = r
			}
		}()
	}
feed:
	for i := range ms {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	// the first metric that failed, not the cancellations it caused in the others
	for _, err := range errs {
		if err != nil && !errors.Is(err, context.Canceled) {
			return nil, err
		}
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// agentSupported checks that the warehouse was derived by a tierlens that knows the agent
// dimension: every shipped metric file reads its agent column.
func agentSupported(ctx context.Context, db querier) error {
	ok, err := macroHas(ctx, db, "tl_blank", "agent")
	if err != nil {
		return err
	}
	if ok {
		n, err := count(ctx, db, "SELECT count(*) FROM duckdb_columns() WHERE table_name = 'ticket_facts' AND column_name = 'agent'")
		if err != nil {
			return fmt.Errorf("read the columns of ticket_facts: %w", err)
		}
		ok = n > 0
	}
	if ok {
		return nil
	}
	return errors.New("this warehouse was derived by an older tierlens, before agent was a dimension the metrics read: run `tierlens load --rebuild` to bring its derived tables and macros up to date")
}

func (c *Catalog) pick(names []string) ([]*Metric, error) {
	if len(names) == 0 {
		return c.Metrics(), nil
	}
	var ms []*Metric
	for _, n := range names {
		m, err := c.Get(n)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(ms, m) {
			ms = append(ms, m)
		}
	}
	return ms, nil
}

func joinGrains(gs []Grain) string {
	s := make([]string, len(gs))
	for i, g := range gs {
		s[i] = string(g)
	}
	return strings.Join(s, ", ")
}

// bound is the SQL of m ready to run: trailing semicolon gone, parameters bound.
func bound(m *Metric, start, end time.Time, g Grain, tz string, by []string) (string, []any) {
	if by == nil {
		by = []string{}
	}
	vals := map[string]any{"start": start.UTC(), "end": end.UTC(), "grain": string(g), "tz": tz, "by": by}
	args := make([]any, 0, len(m.params))
	for _, p := range m.params {
		args = append(args, sql.Named(p, vals[p]))
	}
	return trimSemicolon(m.SQL), args
}

// trimSemicolon removes the statement's final semicolon so it can be wrapped in a subquery.
func trimSemicolon(s string) string {
	stripped := stripSQL(s)
	i := strings.LastIndexFunc(stripped, func(r rune) bool { return r != ' ' && r != '\n' && r != '\t' && r != '\r' })
	if i >= 0 && stripped[i] == ';' {
		return s[:i] + s[i+1:]
	}
	return s
}

func runOne(ctx context.Context, db querier, cfg *config.Config, m *Metric, q Query, avail []sourceInfo) (*Result, error) {
	p := PeriodsOf(cfg)
	from, to := p.Span(q.Grain, q.From, q.To)
	var by []string
	for _, d := range q.By {
		if m.HasDimension(d) {
			by = append(by, d)
		}
	}
	res := &Result{Metric: m, Grain: q.Grain, From: from, To: to}
	for _, d := range m.Dimensions {
		if slices.Contains(by, d) || !slices.Contains(Selectable, d) {
			res.Dimensions = append(res.Dimensions, d)
		}
	}
	text, args := bound(m, from, to, q.Grain, cfg.TimeZone, by)
	rows, err := db.QueryContext(ctx, text, args...)
	if err != nil {
		return nil, fmt.Errorf("run metric %s (%s): %w", m.Name, m.File, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, fmt.Errorf("run metric %s: %w", m.Name, err)
	}
	if want := m.Columns(); !slices.Equal(cols, want) {
		return nil, fmt.Errorf("run metric %s (%s): result columns are %s but the contract is %s (see tierlens metrics lint)",
			m.Name, m.File, strings.Join(cols, ", "), strings.Join(want, ", "))
	}
	dimAt := make([]int, len(res.Dimensions))
	for i, d := range res.Dimensions {
		dimAt[i] = slices.Index(cols, d)
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	tierAt := slices.Index(cols, "tier")
	valueAt := slices.Index(cols, "value")
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, fmt.Errorf("run metric %s: %w", m.Name, err)
		}
		var row Row
		d, ok := vals[0].(time.Time)
		if !ok {
			return nil, fmt.Errorf("run metric %s: period is %T, not a DATE", m.Name, vals[0])
		}
		row.Period = p.day(d.Year(), d.Month(), d.Day())
		row.End = p.Next(q.Grain, row.Period)
		if q.Grain == All {
			row.End = to
		}
		row.Dims = make([]string, len(dimAt))
		for i, at := range dimAt {
			row.Dims[i] = fmt.Sprint(vals[at])
			if vals[at] == nil {
				row.Dims[i] = "(none)"
			}
		}
		if row.Value, err = number(vals[valueAt]); err != nil {
			return nil, fmt.Errorf("run metric %s: value: %w", m.Name, err)
		}
		if m.Ratio() {
			if row.Numerator, err = number(vals[valueAt+1]); err != nil {
				return nil, fmt.Errorf("run metric %s: numerator: %w", m.Name, err)
			}
			if row.Denominator, err = number(vals[valueAt+2]); err != nil {
				return nil, fmt.Errorf("run metric %s: denominator: %w", m.Name, err)
			}
		} else {
			n, err := number(vals[valueAt+1])
			if err != nil {
				return nil, fmt.Errorf("run metric %s: sample_size: %w", m.Name, err)
			}
			if n != nil {
				i := int64(*n)
				row.SampleSize = &i
			}
		}
		var target float64
		var hasTarget bool
		if tierAt >= 0 && slices.Contains(by, "tier") {
			// groups no tier rule matched (and facts without a tier) are reported, never
			// judged: a target is a commitment of a configured tier
			if t := fmt.Sprint(vals[tierAt]); vals[tierAt] != nil && t != config.Unmapped {
				target, hasTarget = m.TargetFor(t)
			}
		} else {
			target, hasTarget = m.DeskTarget()
		}
		if hasTarget {
			row.Target = &target
		}
		res.Rows = append(res.Rows, row)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("run metric %s: %w", m.Name, err)
	}
	applyAvailability(res, m, by, avail)
	if len(q.Filter) > 0 && !filterable(m) {
		res.Note = NotFiltered
		for i := range res.Rows {
			r := &res.Rows[i]
			r.Value, r.Numerator, r.Denominator, r.SampleSize = nil, nil, nil, nil
			r.Note = NotFiltered
		}
	}
	return res, nil
}

// number reads a numeric SQL value (integers, floats, HUGEINT, DECIMAL) as a float.
func number(v any) (*float64, error) {
	var f float64
	switch x := v.(type) {
	case nil:
		return nil, nil
	case float64:
		f = x
	case float32:
		f = float64(x)
	case int64:
		f = float64(x)
	case int32:
		f = float64(x)
	case int16:
		f = float64(x)
	case int8:
		f = float64(x)
	case int:
		f = float64(x)
	case uint64:
		f = float64(x)
	case uint32:
		f = float64(x)
	case uint16:
		f = float64(x)
	case uint8:
		f = float64(x)
	case *big.Int:
		f, _ = new(big.Float).SetInt(x).Float64()
	case interface{ Float64() float64 }:
		f = x.Float64()
	default:
		return nil, fmt.Errorf("%T is not a number", v)
	}
	return &f, nil
}

// sourceInfo says which data one source records.
type sourceInfo struct {
	source string
	has    map[string]bool
}

// sourceData reads, per source, which needs it can meet (queries/metrics/_sources.sql).
func sourceData(ctx context.Context, db querier) ([]sourceInfo, error) {
	q, err := queries.Read("metrics/_sources.sql")
	if err != nil {
		return nil, fmt.Errorf("read source data: %w", err)
	}
	rows, err := db.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("read source data: %w", err)
	}
	defer rows.Close()
	var out []sourceInfo
	for rows.Next() {
		var s sourceInfo
		var h, r, c, k, fr, g bool
		if err := rows.Scan(&s.source, &h, &r, &c, &k, &fr, &g); err != nil {
			return nil, fmt.Errorf("read source data: %w", err)
		}
		s.has = map[string]bool{NeedHistory: h, NeedReplies: r, NeedCSAT: c, NeedKnowledge: k, NeedResponse: fr, NeedGroups: g}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read source data: %w", err)
	}
	return out, nil
}

// needText says what a source lacks, for notes.
var needText = map[string]string{
	NeedHistory:   "no event history",
	NeedReplies:   "no replies recorded",
	NeedCSAT:      "no satisfaction scores",
	NeedKnowledge: "no knowledge-article flag",
	NeedResponse:  "no first response times",
	NeedGroups:    "no assignment groups or tiers",
}

// lacks lists what s does not record of m's needs.
func (s sourceInfo) lacks(m *Metric) []string {
	var out []string
	for _, n := range m.Needs {
		if !s.has[n] {
			out = append(out, needText[n])
		}
	}
	return out
}

// applyAvailability blanks the rows a source cannot feed and notes why: the metric's values are
// NULL (never 0) where its needs are not met.
func applyAvailability(res *Result, m *Metric, by []string, avail []sourceInfo) {
	if len(m.Needs) == 0 || len(avail) == 0 {
		return
	}
	var lacking, having []string
	why := map[string]string{}
	for _, s := range avail {
		if l := s.lacks(m); len(l) > 0 {
			lacking = append(lacking, s.source)
			why[s.source] = strings.Join(l, ", ")
		} else {
			having = append(having, s.source)
		}
	}
	if len(lacking) == 0 {
		return
	}
	blank := func(r *Row, note string) {
		r.Value, r.Numerator, r.Denominator, r.SampleSize = nil, nil, nil, nil
		r.Note = note
	}
	srcAt := slices.Index(res.Dimensions, "source")
	switch {
	case srcAt >= 0:
		for i := range res.Rows {
			r := &res.Rows[i]
			if w, ok := why[r.Dims[srcAt]]; ok {
				blank(r, NotAvailable+" ("+w+")")
			}
		}
	case len(having) == 0:
		reasons := map[string]bool{}
		var list []string
		for _, s := range lacking {
			if !reasons[why[s]] {
				reasons[why[s]] = true
				list = append(list, why[s])
			}
		}
		res.Note = NotAvailable + " (" + strings.Join(list, "; ") + ")"
		for i := range res.Rows {
			blank(&res.Rows[i], res.Note)
		}
	default:
		res.Note = "only from " + strings.Join(having, ", ") + "; " + NotAvailable + ": " + strings.Join(lacking, ", ")
		for i := range res.Rows {
			res.Rows[i].Note = res.Note
		}
	}
}
