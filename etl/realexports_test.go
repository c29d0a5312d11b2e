package etl

import (
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tierlens/tierlens/config"
	"github.com/tierlens/tierlens/etl/profiles"
)

// loadGeneric loads content with a generic mapping into a new warehouse and returns the loader.
func loadGeneric(t *testing.T, mapping, content string, opts FileOptions) (*Loader, *Result) {
	t.Helper()
	dir := t.TempDir()
	l := newLoader(openTest(t, filepath.Join(dir, "w.duckdb")), nil)
	opts.Mapping = writeFile(t, dir, "m.yaml", mapping)
	res := mustLoad(t, l, writeFile(t, dir, "export.csv", content), opts)
	return l, res
}

// Times with an explicit UTC offset are instants: the source zone must not shift them again.
// The same instant written five ways, in a source configured as Europe/Madrid, gives one UTC.
func TestTimesWithOffsetsAreNotShiftedTwice(t *testing.T) {
	const mapping = "shape: tickets\ntime_zone: Europe/Madrid\ncolumns: {number: id, created: opened, status: state}\n"
	content := "id,opened,state\n" +
		"A,2012-04-02T16:59:42+02:00,New\n" +
		"B,2012-04-02T14:59:42Z,New\n" +
		"C,2012-04-02T18:59:42+0400,New\n" +
		"D,2012-04-02T14:59:42.000000Z,New\n" +
		"E,2012-04-02 16:59:42,New\n" + // naive: Madrid wall clock (CEST, +02:00)
		"F,2012-04-02T09:59:42.5-05:00,New\n"
	l, res := loadGeneric(t, mapping, content, FileOptions{})
	if res.Rejected != 0 {
		t.Fatalf("rejected %d: %+v", res.Rejected, res.Rejects)
	}
	got := dump(t, l.W.DB, "SELECT number, strftime(created_at, '%Y-%m-%d %H:%M:%S') FROM tickets ORDER BY number")
	want := []string{"A|2012-04-02 14:59:42", "B|2012-04-02 14:59:42", "C|2012-04-02 14:59:42", "D|2012-04-02 14:59:42", "E|2012-04-02 14:59:42", "F|2012-04-02 14:59:42"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("created_at in UTC:\n got %v\nwant %v", got, want)
	}
}

// A layout written in Go's style with a zone element is understood, never turned into 100%
// rejects; one that cannot be understood is refused when the mapping is read.
func TestGoLayoutWithZone(t *testing.T) {
	mapping := "shape: tickets\ntime_layout: \"2006-01-02T15:04:05Z07:00\"\ntime_zone: America/New_York\ncolumns: {number: id, created: opened, status: state}\n"
	l, res := loadGeneric(t, mapping, "id,opened,state\nA,2012-04-02T16:59:42+02:00,New\nB,2012-04-02T10:59:42,New\n", FileOptions{})
	if res.Rejected != 0 {
		t.Fatalf("rejected %d: %+v", res.Rejected, res.Rejects)
	}
	got := dump(t, l.W.DB, "SELECT number, created_at FROM tickets ORDER BY number")
	if want := "A|2012-04-02 14:59:42 B|2012-04-02 14:59:42"; strings.Join(got, " ") != want {
		t.Errorf("got %v, want %s", got, want)
	}
	for _, bad := range []string{"2006-01-02 15:04:05.0", "yyyy-MM-dd HH:mm"} {
		if _, err := profiles.ParseMapping("m.yaml", []byte(fmt.Sprintf("shape: tickets\ntime_layout: %q\ncolumns: {number: id, created: opened, status: state}\n", bad))); err == nil || !strings.Contains(err.Error(), "time_layout") {
			t.Errorf("layout %q: error = %v, want a time_layout error", bad, err)
		}
	}
}

// Month names of Spanish and other exports (Jira writes 18/jul/26 9:10 AM, 05/ene/24 …).
func TestMonthNamesInOtherLanguages(t *testing.T) {
	mapping := "shape: tickets\ntime_layout: \"%d/%b/%y %I:%M %p\"\ntime_zone: UTC\ncolumns: {number: id, created: opened, status: state}\n"
	content := "id,opened,state\nA,05/ene/24 2:13 PM,New\nB,18/jul/26 9:10 AM,New\nC,01/dic/25 12:05 AM,New\nD,03/Mar/24 1:00 PM,New\nE,09/ago/25 11:59 PM,New\n"
	l, res := loadGeneric(t, mapping, content, FileOptions{})
	if res.Rejected != 0 {
		t.Fatalf("rejected %d: %+v", res.Rejected, res.Rejects)
	}
	got := dump(t, l.W.DB, "SELECT number, created_at FROM tickets ORDER BY number")
	want := "A|2024-01-05 14:13:00 B|2026-07-18 09:10:00 C|2025-12-01 00:05:00 D|2024-03-03 13:00:00 E|2025-08-09 23:59:00"
	if strings.Join(got, " ") != want {
		t.Errorf("got  %v\nwant %s", got, want)
	}
}

// coreTables are the tables a load derives, compared without the ledger columns that name the
// file (load_id): the same rows in another order must give the same tickets, events and stays.
var coreTables = map[string]string{
	"tickets":          "SELECT * EXCLUDE (load_id) FROM tickets ORDER BY ALL",
	"ticket_events":    "SELECT * EXCLUDE (load_id) FROM ticket_events ORDER BY ALL",
	"tier_intervals":   "SELECT * FROM tier_intervals ORDER BY ALL",
	"status_intervals": "SELECT * FROM status_intervals ORDER BY ALL",
	"group_tiers":      "SELECT * FROM group_tiers ORDER BY ALL",
}

// loadInto loads content (one file) into a new warehouse with opts and returns its core tables.
func loadCore(t *testing.T, name, content string, opts FileOptions) map[string][]string {
	t.Helper()
	dir := t.TempDir()
	l := newLoader(openTest(t, filepath.Join(dir, "w.duckdb")), nil)
	opts.Source = "x"
	res := mustLoad(t, l, writeFile(t, dir, name, content), opts)
	if res.Rejected != 0 {
		t.Fatalf("%s: %d rejected: %+v", name, res.Rejected, res.Rejects)
	}
	out := map[string][]string{}
	for tbl, q := range coreTables {
		out[tbl] = dump(t, l.W.DB, q)
	}
	return out
}

func compareCore(t *testing.T, what string, a, b map[string][]string) {
	t.Helper()
	for tbl := range coreTables {
		if len(a[tbl]) == 0 {
			t.Errorf("%s: table %s is empty: nothing compared", what, tbl)
		}
		if d := diffLines(a[tbl], b[tbl]); d != "" {
			t.Errorf("%s: %s differs (%d vs %d rows) at %s", what, tbl, len(a[tbl]), len(b[tbl]), d)
		}
	}
}

// permuted returns the CSV with its records in another order (the header stays first),
// read and written with encoding/csv so quoted multi-line fields stay whole.
func permuted(t *testing.T, content string, order func([][]string)) string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(content)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	body := recs[1:]
	order(body)
	var b strings.Builder
	w := csv.NewWriter(&b)
	if err := w.WriteAll(append([][]string{recs[0]}, body...)); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// Event exports come in any order: shuffled rows give the identical warehouse, and so do the
// rows reversed when the mapping says newest_first (ties included).
func TestRowOrderShuffleAndReverse(t *testing.T) {
	root := moduleRoot(t)
	b, err := os.ReadFile(filepath.Join(root, "sample-data/generic/generic_events.csv"))
	if err != nil {
		t.Fatal(err)
	}
	mapping := filepath.Join(root, "sample-data/mappings/generic-events.yaml")
	content := string(b)
	base := loadCore(t, "a.csv", content, FileOptions{Mapping: mapping})

	shuffled := permuted(t, content, func(s [][]string) {
		rand.New(rand.NewSource(7)).Shuffle(len(s), func(i, j int) { s[i], s[j] = s[j], s[i] })
	})
	compareCore(t, "shuffled", base, loadCore(t, "a.csv", shuffled, FileOptions{Mapping: mapping}))

	mb, err := os.ReadFile(mapping)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	newest := writeFile(t, dir, "newest.yaml", string(mb)+"\nrow_order: newest_first\n")
	reversed := permuted(t, content, func(s [][]string) {
		for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
			s[i], s[j] = s[j], s[i]
		}
	})
	compareCore(t, "reversed, newest_first", base, loadCore(t, "a.csv", reversed, FileOptions{Mapping: newest}))
}

// Ties: a date-only export lists a ticket's changes of one day newest first. With row_order
// newest_first the later row in the file is the earlier change; the ticket's current state
// is its latest event, never the last row of the file.
func TestRowOrderTiesFollowDeclaredOrder(t *testing.T) {
	const m = "shape: events\ntime_layout: \"%Y-%m-%d\"\ntime_zone: UTC\nrow_order: newest_first\ncolumns: {number: id, event_time: day, status: state, assignment_group: team}\n"
	content := "id,day,state,team\n" +
		"A,2026-03-02,Closed,Service Desk\n" +
		"A,2026-03-02,Resolved,Service Desk\n" +
		"A,2026-03-02,Open,Service Desk\n" +
		"B,2026-03-03,Open,Network 2nd\n" + // B: newest first, told by its times
		"B,2026-03-02,Open,Service Desk\n" +
		"B,2026-03-02,New,Service Desk\n"
	l, res := loadGeneric(t, m, content, FileOptions{})
	if res.Rejected != 0 {
		t.Fatalf("rejected: %+v", res.Rejects)
	}
	got := dump(t, l.W.DB, "SELECT number, status, assignment_group FROM tickets ORDER BY number")
	if want := "A|closed|Service Desk B|open|Network 2nd"; strings.Join(got, " ") != want {
		t.Errorf("current state: got %v, want %s", got, want)
	}
	ev := dump(t, l.W.DB, "SELECT ticket_key, seq, kind, status FROM ticket_events WHERE ticket_key LIKE '%A' ORDER BY seq")
	if want := "m:A|1|created|open m:A|2|resolved|resolved m:A|3|closed|closed"; strings.Join(ev, " ") != want {
		t.Errorf("events of A: got %v\nwant %s", ev, want)
	}
}

// invariants are what must hold for every ticket of every dataset (issue 8 §1.4–1.5), each a
// query counting the tickets or stays that break it, with one example.
var invariants = []struct{ name, query string }{
	{"the ticket's group and tier are its last stay's", `
WITH last AS (SELECT ticket_key, arg_max(assignment_group, seq) AS g, arg_max(tier, seq) AS tier FROM tier_intervals GROUP BY ALL)
SELECT count(*), min(t.ticket_key) FROM tickets t JOIN last l USING (ticket_key)
WHERE t.assignment_group IS DISTINCT FROM l.g OR t.tier IS DISTINCT FROM l.tier`},
	{"a ticket with a group has a stay", `
SELECT count(*), min(ticket_key) FROM tickets t
WHERE assignment_group IS NOT NULL AND NOT EXISTS (SELECT 1 FROM tier_intervals i WHERE i.ticket_key = t.ticket_key)`},
	{"the max tier is never below the current tier", `
WITH m AS (SELECT ticket_key, max(r.rank) AS top FROM tier_intervals i JOIN tiers r USING (tier) GROUP BY ALL)
SELECT count(*), min(t.ticket_key) FROM tickets t JOIN tiers r USING (tier) JOIN m USING (ticket_key) WHERE m.top < r.rank`},
	{"a move never goes to the group holding the ticket", `
SELECT count(*), min(ticket_key) FROM (
    SELECT ticket_key, entered_by, assignment_group, lag(assignment_group) OVER (PARTITION BY ticket_key ORDER BY seq) AS prev
    FROM tier_intervals)
WHERE entered_by IN ('escalation', 'de-escalation', 'reassignment', 'transfer') AND assignment_group IS NOT DISTINCT FROM prev`},
	{"a stay taken back is the same group", `
SELECT count(*), min(ticket_key) FROM (
    SELECT ticket_key, entered_by, assignment_group, lag(assignment_group) OVER (PARTITION BY ticket_key ORDER BY seq) AS prev
    FROM tier_intervals)
WHERE entered_by = 'reopened' AND assignment_group IS DISTINCT FROM prev`},
	{"stays are in time order and end after they start", `
SELECT count(*), min(ticket_key) FROM (
    SELECT ticket_key, start_at, end_at, lag(start_at) OVER (PARTITION BY ticket_key ORDER BY seq) AS prev FROM tier_intervals)
WHERE start_at < prev OR end_at < start_at`},
	{"events counted as moves are the stays' moves", `
WITH m AS (SELECT ticket_key, count(*) FILTER (entered_by IN ('escalation', 'de-escalation', 'reassignment', 'transfer')) AS moves FROM tier_intervals GROUP BY ALL)
SELECT count(*), min(t.ticket_key) FROM tickets t JOIN m USING (ticket_key) WHERE t.history = 'events' AND t.reassignments_seen <> m.moves`},
}

// checkInvariants fails the test for every invariant some ticket breaks.
func checkInvariants(t *testing.T, what string, db interface {
	QueryRow(string, ...any) *sql.Row
}) {
	t.Helper()
	for _, inv := range invariants {
		var n int64
		var example sql.NullString
		if err := db.QueryRow(inv.query).Scan(&n, &example); err != nil {
			t.Fatalf("%s: %s: %v", what, inv.name, err)
		}
		if n > 0 {
			t.Errorf("%s: %s: broken by %d, e.g. %s", what, inv.name, n, example.String)
		}
	}
}

// The invariants hold on the sample exports of every profile.
func TestInvariantsOnSampleData(t *testing.T) {
	root := moduleRoot(t)
	for _, c := range []struct{ file, profile, mapping string }{
		{"sample-data/generic/generic_events.csv", "", "sample-data/mappings/generic-events.yaml"},
		{"sample-data/servicenow/servicenow_incidents.csv", "servicenow", ""},
		{"sample-data/servicenow-eventlog/servicenow_eventlog.csv", "servicenow-eventlog", ""},
	} {
		l := newLoader(openTest(t, ""), nil)
		opts := FileOptions{Profile: c.profile}
		if c.mapping != "" {
			opts.Mapping = filepath.Join(root, c.mapping)
		}
		mustLoad(t, l, filepath.Join(root, c.file), opts)
		if n := queryInt(t, l.W.DB, "SELECT count(*) FROM tier_intervals"); n == 0 {
			t.Fatalf("%s: no stays: nothing checked", c.file)
		}
		checkInvariants(t, c.file, l.W.DB)
	}
}

// The group on the record that resolves or closes a ticket is the group that resolved it: a
// move at that moment when another group held it, and the resolution counts there. A group
// named later, while the ticket stays closed, moves nothing. A reopening is any move from
// resolved or closed back to an open status, whatever the activity is called.
func TestResolvingGroupAndReopenings(t *testing.T) {
	const m = `shape: events
time_zone: UTC
columns: {number: id, event_time: at, activity: act, status: state, assignment_group: team}
activities:
  Open:        { kind: created }
  Work:        { kind: status }
  In Progress: { kind: status, status: open }
  Solve:       { kind: resolved }
  Close:       { kind: closed }
`
	content := "id,at,act,state,team\n" +
		// A: worked by the service desk, resolved by the network team (a move at resolution)
		"A,2026-03-02T09:00:00,Open,open,Service Desk\n" +
		"A,2026-03-02T10:00:00,Solve,resolved,Network 2nd\n" +
		// B: resolved at L1; the closing record names another group: no move
		"B,2026-03-02T09:00:00,Open,open,Service Desk\n" +
		"B,2026-03-02T10:00:00,Solve,resolved,Service Desk\n" +
		"B,2026-03-09T10:00:00,Close,closed,Network 2nd\n" +
		// C: resolved, then an activity "In Progress" reopens it, same group: taken back
		"C,2026-03-02T09:00:00,Open,open,Service Desk\n" +
		"C,2026-03-02T10:00:00,Solve,resolved,Service Desk\n" +
		"C,2026-03-03T10:00:00,In Progress,,Service Desk\n" +
		"C,2026-03-03T11:00:00,Solve,resolved,Service Desk\n" +
		// D: first record already resolved, opened earlier: no reassignment
		"D,2026-03-02T10:00:00,Solve,resolved,Service Desk\n"
	l, res := loadGeneric(t, m, content, FileOptions{})
	if res.Rejected != 0 {
		t.Fatalf("rejected: %+v", res.Rejects)
	}
	got := dump(t, l.W.DB, "SELECT number, assignment_group, tier, reopen_count, reopens_seen, reassignment_count FROM tickets ORDER BY number")
	want := []string{
		"A|Network 2nd|L2|0|0|1",
		"B|Service Desk|L1|0|0|0",
		"C|Service Desk|L1|1|1|0",
		"D|Service Desk|L1|0|0|0",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("tickets:\n got %q\nwant %q", got, want)
	}
	stays := dump(t, l.W.DB, "SELECT ticket_key, seq, assignment_group, entered_by, ended_by FROM tier_intervals ORDER BY ALL")
	wantStays := []string{
		"m:A|1|Service Desk|created|escalation",
		"m:A|2|Network 2nd|escalation|resolved",
		"m:B|1|Service Desk|created|resolved",
		"m:C|1|Service Desk|created|resolved",
		"m:C|2|Service Desk|reopened|resolved",
		"m:D|1|Service Desk|created|resolved",
	}
	if strings.Join(stays, "\n") != strings.Join(wantStays, "\n") {
		t.Errorf("stays:\n got %q\nwant %q", stays, wantStays)
	}
	if k := dump(t, l.W.DB, "SELECT kind FROM ticket_events WHERE ticket_key = 'm:C' ORDER BY seq"); strings.Join(k, ",") != "created,resolved,reopened,resolved" {
		t.Errorf("events of C: %v", k)
	}
	checkInvariants(t, "crafted", l.W.DB)
}

// A profile for exports from anywhere lists day-first and month-first layouts; the file's own
// values decide which it uses (a day above 12 tells), and a file that cannot tell is read as
// the profile lists first, with a finding.
func TestDayOrderFromTheData(t *testing.T) {
	const header = "number,short_description,opened_at,state,priority,assignment_group\n"
	us := header + "INC1,a,7/8/2025 7:21,New,3 - Moderate,Service Desk\nINC2,b,12/25/2025 16:00,New,3 - Moderate,Service Desk\n"
	eu := header + "INC1,a,7/8/2025 7:21,New,3 - Moderate,Service Desk\nINC2,b,25/12/2025 16:00,New,3 - Moderate,Service Desk\n"
	same := header + "INC1,a,7/8/2025 7:21,New,3 - Moderate,Service Desk\nINC2,b,1/2/2025 16:00,New,3 - Moderate,Service Desk\n"
	for _, c := range []struct {
		name, content string
		want          string
		note          bool
	}{
		{"us", us, "INC1|2025-07-08 07:21:00 INC2|2025-12-25 16:00:00", false},
		{"eu", eu, "INC1|2025-08-07 07:21:00 INC2|2025-12-25 16:00:00", false},
		{"same", same, "INC1|2025-08-07 07:21:00 INC2|2025-02-01 16:00:00", true},
	} {
		dir := t.TempDir()
		cfg := config.Default()
		cfg.SourceTimeZone = "UTC"
		l := newLoader(openTest(t, filepath.Join(dir, "w.duckdb")), cfg)
		res := mustLoad(t, l, writeFile(t, dir, c.name+".csv", c.content), FileOptions{Profile: "servicenow"})
		if res.Rejected != 0 {
			t.Errorf("%s: rejected %+v", c.name, res.Rejects)
		}
		got := dump(t, l.W.DB, "SELECT number, created_at FROM tickets ORDER BY number")
		if strings.Join(got, " ") != c.want {
			t.Errorf("%s: got %v, want %s", c.name, got, c.want)
		}
		noted := false
		for _, n := range res.Notes {
			noted = noted || strings.Contains(n.Finding, "day-first and month-first")
		}
		if noted != c.note {
			t.Errorf("%s: notes %v, want a day/month note: %v", c.name, res.Notes, c.note)
		}
	}
}

// A file whose rejects exceed the limit (default 5%) fails whole and loads nothing; the
// offending values come back counted, with a vocabulary guess for unknown statuses.
func TestMaxRejects(t *testing.T) {
	dir := t.TempDir()
	l := newLoader(openTest(t, filepath.Join(dir, "w.duckdb")), nil)
	mp := writeFile(t, dir, "m.yaml", "shape: tickets\ncolumns: {number: id, created: opened, status: state}\n")
	var b strings.Builder
	b.WriteString("id,opened,state\n")
	for i := 0; i < 100; i++ {
		state := "Open"
		if i < 6 {
			state = "Waiting on Customer"
		}
		fmt.Fprintf(&b, "T%d,2026-03-02 09:00:00,%s\n", i, state)
	}
	p := writeFile(t, dir, "t.csv", b.String())
	res, err := l.Load(context.Background(), p, FileOptions{Mapping: mp})
	if !errors.Is(err, ErrTooManyRejects) || res == nil || res.Rejected != 6 {
		t.Fatalf("6%% rejected: err %v, result %+v", err, res)
	}
	if len(res.Offending) != 1 || res.Offending[0].Count != 6 || res.Offending[0].Field != "status" || !strings.Contains(err.Error(), `"Waiting on Customer": pending`) {
		t.Errorf("offending %+v\n%v", res.Offending, err)
	}
	if n := queryInt(t, l.W.DB, "SELECT count(*) FROM tickets") + queryInt(t, l.W.DB, "SELECT count(*) FROM loads"); n != 0 {
		t.Errorf("%d rows loaded from a failed file", n)
	}
	// 10% allowed: the file loads and its rejects are quarantined.
	res, err = l.Load(context.Background(), p, FileOptions{Mapping: mp, MaxRejects: 0.10})
	if err != nil || res.Loaded != 94 || res.Rejected != 6 {
		t.Errorf("10%% allowed: %v %+v", err, res)
	}
}
