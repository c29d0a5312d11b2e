package metrics_test

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	_ "github.com/duckdb/duckdb-go/v2" // tests build warehouses in memory; the package itself never imports the driver

	"github.com/tierlens/tierlens/config"
	"github.com/tierlens/tierlens/metrics"
	"github.com/tierlens/tierlens/queries"
)

// newWarehouse is an empty tierlens warehouse in memory: the schema files and views run on a
// fresh DuckDB, plus the default tiers (L0..L4, L1 with a 15-minute time limit). The session time zone is
// deliberately not UTC: metrics must not depend on it.
func newWarehouse(t testing.TB) *sql.DB {
	t.Helper()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, "SET GLOBAL TimeZone = 'America/Los_Angeles'"); err != nil {
		t.Fatal(err)
	}
	// the schema first, then the views, each in file order, as the warehouse applies them
	for _, pattern := range []string{"schema/*.sql", "views/*.sql"} {
		names, err := fs.Glob(queries.FS(), pattern)
		if err != nil {
			t.Fatal(err)
		}
		sort.Strings(names)
		for _, n := range names {
			if _, err := db.ExecContext(ctx, queries.MustRead(n)); err != nil {
				t.Fatalf("%s: %v", n, err)
			}
		}
	}
	for i, tr := range config.Default().Tiers {
		var limit any
		if m := tr.TimeLimit.Minutes(); m > 0 {
			limit = m
		}
		if _, err := db.ExecContext(ctx, "INSERT INTO tiers VALUES (?, ?, ?, ?, NULL)", tr.ID, tr.Label, i, limit); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

// groups of the crafted tickets and their tiers; FAC matches no rule (unmapped).
var groupTier = map[string]string{
	"SELF": "L0", "SD": "L1", "SD2": "L1", "APP": "L2", "APP2": "L2", "EXP": "L3", "VEN": "L4", "FAC": "unmapped",
}

var tierRank = map[string]int{"L0": 0, "L1": 1, "L2": 2, "L3": 3, "L4": 4}

// tk is one crafted ticket: created at At (UTC, "2026-11-03 10:00") in group G, then the
// events Ev, each "offset verb [arg]" with the offset from At ("90m", "2h", "3d", "1d2h30m"):
//
//	group G    assigned to group G (agent cleared)     agent A   assigned to agent A
//	reply      public agent reply                      creply    customer reply
//	pending    status pending                          open      status open
//	resolve    resolved                                reopen    reopened (status open)
//	close      closed                                  cancel    cancelled
//	csat N     satisfaction score N (1..5)
type tk struct {
	N         string // number
	Src       string // source; default "desk"
	At        string
	G         string // first group; "" = none
	Prio      string // default P3
	Chan      string // default email
	Cat       string // default Software
	Flat      bool   // a flat export: history 'flat', events synthesized
	NoReplies bool   // the source records no replies: agent_replies NULL
	KB        *bool
	Ev        []string
}

type event struct {
	seq          int
	at           time.Time
	kind, status string
	group, agent string
	public       *bool
	role         string
}

func mustTime(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		t.Fatalf("time %q: %v", s, err)
	}
	return v
}

// offset reads "1d2h30m".
func offset(t testing.TB, s string) time.Duration {
	t.Helper()
	var d time.Duration
	if i := strings.Index(s, "d"); i >= 0 {
		n, err := strconv.Atoi(s[:i])
		if err != nil {
			t.Fatalf("offset %q", s)
		}
		d = time.Duration(n) * 24 * time.Hour
		s = s[i+1:]
	}
	if s != "" {
		x, err := time.ParseDuration(s)
		if err != nil {
			t.Fatalf("offset %q: %v", s, err)
		}
		d += x
	}
	return d
}

// add inserts the tickets with their events and derived tier and status intervals, as the
// loader would have written them.
func add(t testing.TB, db *sql.DB, tickets ...tk) {
	t.Helper()
	for _, k := range tickets {
		insertTicket(t, db, k)
	}
}

func insertTicket(t testing.TB, db *sql.DB, k tk) {
	t.Helper()
	src := k.Src
	if src == "" {
		src = "desk"
	}
	key := src + ":" + k.N
	at := mustTime(t, k.At)
	yes := true
	evs := []event{{seq: 1, at: at, kind: "created", status: "new", group: k.G, role: "system"}}
	var csat *float64
	for _, spec := range k.Ev {
		f := strings.Fields(spec)
		prev := evs[len(evs)-1]
		e := event{seq: prev.seq + 1, at: at.Add(offset(t, f[0])), kind: "status", status: prev.status, group: prev.group, agent: prev.agent, role: "agent"}
		arg := ""
		if len(f) > 2 {
			arg = f[2]
		}
		switch f[1] {
		case "group":
			e.kind, e.group, e.agent = "assigned", arg, ""
		case "agent":
			e.kind, e.agent = "assigned", arg
			if e.status == "new" {
				e.status = "open"
			}
		case "reply":
			e.kind, e.public = "reply", &yes
		case "creply":
			e.kind, e.public, e.role = "reply", &yes, "customer"
		case "pending", "open":
			e.status = f[1]
		case "resolve":
			e.kind, e.status = "resolved", "resolved"
		case "reopen":
			e.kind, e.status = "reopened", "open"
		case "close":
			e.kind, e.status = "closed", "closed"
		case "cancel":
			e.status = "cancelled"
		case "csat":
			v, err := strconv.ParseFloat(arg, 64)
			if err != nil {
				t.Fatalf("csat %q", arg)
			}
			e.kind, e.role, csat = "csat", "customer", &v
		default:
			t.Fatalf("ticket %s: unknown verb %q", k.N, f[1])
		}
		evs = append(evs, e)
	}

	// The ticket row.
	var firstResp, firstRes, res, closed *time.Time
	var agentReplies, customerReplies, reopens, hops int
	for i, e := range evs {
		e := e
		switch {
		case e.kind == "reply" && e.role == "agent":
			agentReplies++
			if firstResp == nil {
				firstResp = &e.at
			}
		case e.kind == "reply":
			customerReplies++
		case e.kind == "resolved":
			if firstRes == nil {
				firstRes = &e.at
			}
			res = &e.at
		case e.kind == "closed":
			closed = &e.at
		case e.kind == "reopened":
			reopens++
		}
		if i > 0 && e.group != evs[i-1].group {
			hops++
		}
	}
	last := evs[len(evs)-1]
	// the assignee as the loader reads it from events: the last agent named, not by a customer
	var assignee any
	for _, e := range evs {
		if e.agent != "" && (e.kind != "reply" || e.role == "agent") {
			assignee = e.agent
		}
	}
	history := "events"
	if k.Flat {
		history = "flat"
	}
	var replies, creplies any = agentReplies, customerReplies
	if k.NoReplies {
		replies, creplies = nil, nil
	}
	prio, ch, cat := def(k.Prio, "P3"), def(k.Chan, "email"), def(k.Cat, "Software")
	var kb any
	if k.KB != nil {
		kb = *k.KB
	}
	var cs any
	if csat != nil {
		cs = *csat
	}
	exec(t, db, `INSERT INTO tickets VALUES (?, ?, ?, 'title', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, 'someone', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, 0, 1, NULL, NULL, NULL, NULL)`,
		key, src, k.N, at, tp(firstResp), tp(firstRes), tp(res), tp(closed), last.status, last.status, prio, prio, cat, ch, assignee,
		nul(last.group), nul(groupTier[last.group]), nil, hops, reopens, replies, creplies, kb, cs, last.at, history)

	for _, e := range evs {
		var pub any
		if e.public != nil {
			pub = *e.public
		}
		var tier any
		if e.group != "" {
			tier = groupTier[e.group]
		}
		exec(t, db, `INSERT INTO ticket_events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
			key, e.seq, e.at, e.kind, e.status, e.status, nul(e.group), tier, nul(e.agent), pub, e.role, k.Flat)
	}

	// Tier intervals, as queries/etl/events.sql and intervals.sql make them: a stay starts with
	// the first group, at a change of the working group and at a reopening; it ends at the
	// next stay or where the work ends (resolved, closed, cancelled).
	final := func(s string) bool { return s == "resolved" || s == "closed" || s == "cancelled" }
	type bound struct {
		e     event
		start bool
	}
	var bounds []bound
	prevWork, prevStatus := "", "new"
	for i, e := range evs {
		if i > 0 {
			prevStatus = evs[i-1].status
		}
		starts := e.group != "" && (prevWork == "" || (!final(e.status) && (e.group != prevWork || final(prevStatus))))
		ends := final(e.status) && !final(prevStatus)
		if starts || ends {
			bounds = append(bounds, bound{e, starts})
		}
		if !final(e.status) && e.group != "" {
			prevWork = e.group
		}
	}
	type stay struct {
		e               event
		enteredBy, from string
		next            *bound
	}
	var stays []stay
	for i, b := range bounds {
		if !b.start {
			continue
		}
		st := stay{e: b.e}
		if i+1 < len(bounds) {
			st.next = &bounds[i+1]
		}
		afterEnd := i > 0 && !bounds[i-1].start
		switch {
		case len(stays) == 0:
			st.enteredBy = "created"
		default:
			prev := stays[len(stays)-1].e.group
			st.from = prev
			to, okTo := tierRank[groupTier[b.e.group]]
			from, okFrom := tierRank[groupTier[prev]]
			switch {
			case afterEnd && b.e.group == prev:
				st.enteredBy = "reopened"
			case !okTo || !okFrom:
				st.enteredBy = "transfer"
			case to > from:
				st.enteredBy = "escalation"
			case to < from:
				st.enteredBy = "de-escalation"
			default:
				st.enteredBy = "reassignment"
			}
		}
		stays = append(stays, st)
	}
	for i, s := range stays {
		var end, endedBy any
		switch {
		case s.next != nil && s.next.start:
			end, endedBy = s.next.e.at, stays[i+1].enteredBy
		case s.next != nil:
			end, endedBy = s.next.e.at, "resolved"
			if s.next.e.status == "cancelled" {
				endedBy = "cancelled"
			}
		case last.status == "resolved" || last.status == "closed":
			e := *coalesce(res, closed)
			if e.Before(s.e.at) {
				e = s.e.at
			}
			end, endedBy = e, "resolved"
		case last.status == "cancelled":
			e := *coalesce(closed, &last.at)
			if e.Before(s.e.at) {
				e = s.e.at
			}
			end, endedBy = e, "cancelled"
		}
		var vendor, fromTier any
		if groupTier[s.e.group] == "L4" {
			vendor = s.e.group
		}
		if s.from != "" {
			fromTier = groupTier[s.from]
		}
		exec(t, db, `INSERT INTO tier_intervals VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			key, i+1, groupTier[s.e.group], s.e.group, vendor, s.e.at, end, s.enteredBy, fromTier, endedBy)
	}

	// Status intervals: one per change of status.
	var sts []event
	for i, e := range evs {
		if i == 0 || e.status != evs[i-1].status {
			sts = append(sts, e)
		}
	}
	for i, s := range sts {
		var end any
		if i+1 < len(sts) {
			end = sts[i+1].at
		}
		clock := "running"
		var reason any
		switch {
		case final(s.status):
			clock = "stopped"
		case s.status == "pending":
			clock, reason = "paused", "pending"
		}
		exec(t, db, `INSERT INTO status_intervals VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, key, i+1, s.status, s.status, s.at, end, clock, reason)
	}
}

func def(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

func nul(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func tp(t *time.Time) any {
	if t == nil {
		return nil
	}
	return *t
}

func coalesce(ts ...*time.Time) *time.Time {
	for _, t := range ts {
		if t != nil {
			return t
		}
	}
	return nil
}

func exec(t testing.TB, db *sql.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.ExecContext(context.Background(), q, args...); err != nil {
		t.Fatalf("%s: %v", strings.Fields(q)[2], err)
	}
}

// catalog is the built-in catalog; a broken one fails every test at once.
func catalog(t testing.TB) *metrics.Catalog {
	t.Helper()
	c, err := metrics.LoadCatalog(config.Default())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// run rebuilds the derived tables, then computes one metric by the dimensions by over [from,
// to) (local dates, Europe/Madrid).
func run(t testing.TB, db *sql.DB, name string, g metrics.Grain, from, to string, by ...string) *metrics.Result {
	t.Helper()
	cfg := config.Default()
	p := metrics.PeriodsOf(cfg)
	f, err := p.Date(from)
	if err != nil {
		t.Fatal(err)
	}
	e, err := p.Date(to)
	if err != nil {
		t.Fatal(err)
	}
	// the derived tables the metrics read, rebuilt as the loader does after every load
	slaRefresh(t, db)
	rs, err := catalog(t).Run(context.Background(), db, cfg, []string{name}, metrics.Query{Grain: g, From: f, To: e, By: by})
	if err != nil {
		t.Fatal(err)
	}
	return rs[0]
}

// week runs a metric by tier over the week of Monday 2026-11-02 (Europe/Madrid).
func week(t testing.TB, db *sql.DB, name string) *metrics.Result {
	t.Helper()
	return run(t, db, name, metrics.Week, "2026-11-02", "2026-11-09", "tier")
}

// cell finds the row of period (YYYY-MM-DD) with these dimension values.
func cell(t testing.TB, r *metrics.Result, period string, dims ...string) metrics.Row {
	t.Helper()
	for _, row := range r.Rows {
		if row.Period.Format(time.DateOnly) == period && slices.Equal(row.Dims, dims) {
			return row
		}
	}
	t.Fatalf("%s: no row %s %v in:\n%s", r.Metric.Name, period, dims, dump(r))
	return metrics.Row{}
}

func dump(r *metrics.Result) string {
	var b strings.Builder
	for _, row := range r.Rows {
		fmt.Fprintf(&b, "  %s %v value=%s num=%s den=%s n=%s %s\n", row.Period.Format(time.DateOnly), row.Dims,
			fp(row.Value), fp(row.Numerator), fp(row.Denominator), ip(row.SampleSize), row.Note)
	}
	return b.String()
}

func fp(p *float64) string {
	if p == nil {
		return "NULL"
	}
	return strconv.FormatFloat(*p, 'f', -1, 64)
}

func ip(p *int64) string {
	if p == nil {
		return "NULL"
	}
	return strconv.FormatInt(*p, 10)
}

// nan marks an expected NULL value.
var nan = math.NaN()

func same(got *float64, want float64) bool {
	if math.IsNaN(want) {
		return got == nil
	}
	return got != nil && math.Abs(*got-want) < 1e-9
}

// wantRatio checks a ratio cell: value (nan = NULL), numerator and denominator.
func wantRatio(t testing.TB, r *metrics.Result, period, tier string, value, num, den float64) {
	t.Helper()
	row := cell(t, r, period, tierDims(tier)...)
	if !same(row.Value, value) || !same(row.Numerator, num) || !same(row.Denominator, den) {
		t.Errorf("%s %s %s: got value=%s num=%s den=%s, want value=%v num=%v den=%v\n%s", r.Metric.Name, period, tier,
			fp(row.Value), fp(row.Numerator), fp(row.Denominator), value, num, den, dump(r))
	}
}

// wantValue checks a cell with sample_size: value (nan = NULL) and n.
func wantValue(t testing.TB, r *metrics.Result, period, tier string, value float64, n int64) {
	t.Helper()
	row := cell(t, r, period, tierDims(tier)...)
	if !same(row.Value, value) || row.SampleSize == nil || *row.SampleSize != n {
		t.Errorf("%s %s %s: got value=%s n=%s, want value=%v n=%d\n%s", r.Metric.Name, period, tier,
			fp(row.Value), ip(row.SampleSize), value, n, dump(r))
	}
}

func boolp(b bool) *bool { return &b }

// tierDims is the dimensions of a by-tier cell; "" is a cell of a run by nothing.
func tierDims(tier string) []string {
	if tier == "" {
		return nil
	}
	return []string{tier}
}

// months is [the start of month first, the start of month end) in the default configuration's
// reporting calendar, months named YYYY-MM.
func months(t testing.TB, first, end string) (time.Time, time.Time) {
	t.Helper()
	p := metrics.PeriodsOf(config.Default())
	from, _, err := p.Month(first, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	to, _, err := p.Month(end, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	return from, to
}
