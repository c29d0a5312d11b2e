package etl

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tierlens/tierlens/etl/warehouse"
)

// exportA and exportB are two ServiceNow list exports with overlapping tickets: INC1 is newer
// in B, INC2 newer in A, INC3 has the same updated time in both with different content, INC4
// and INC5 are only in one of them.
const exportA = snHeader +
	"INC1,Mail down,2026-02-02 09:00:00,In Progress,2 - High,Service Desk,Ana,2026-02-02 10:00:00,,\n" +
	"INC2,VPN,2026-02-02 09:30:00,Resolved,3 - Moderate,Network 2nd,Ben,2026-02-03 10:00:00,2026-02-03 10:00:00,\n" +
	"INC3,Alpha title,2026-02-02 11:00:00,New,4 - Low,Service Desk,,2026-02-02 12:00:00,,\n" +
	"INC4,Only in A,2026-02-02 11:30:00,Closed,4 - Low,Service Desk,Ana,2026-02-02 13:00:00,2026-02-02 12:00:00,2026-02-02 13:00:00\n"

const exportB = snHeader +
	"INC5,Only in B,2026-02-03 08:00:00,On Hold,3 - Moderate,Vendor Acme,,2026-02-03 09:00:00,,\n" +
	"INC3,Beta title,2026-02-02 11:00:00,New,3 - Moderate,Network 2nd,,2026-02-02 12:00:00,,\n" +
	"INC2,VPN,2026-02-02 09:30:00,In Progress,3 - Moderate,Service Desk,Ben,2026-02-02 09:45:00,,\n" +
	"INC1,Mail down,2026-02-02 09:00:00,Resolved,2 - High,Network 2nd,Cid,2026-02-04 10:00:00,2026-02-04 10:00:00,\n"

// contentQueries dump what a ticket looks like, without load bookkeeping (load ids differ
// with the load order).
var contentQueries = map[string]string{
	"tickets":          "SELECT * EXCLUDE (load_id) FROM tickets ORDER BY ALL",
	"ticket_events":    "SELECT * EXCLUDE (load_id) FROM ticket_events ORDER BY ALL",
	"tier_intervals":   "SELECT * FROM tier_intervals ORDER BY ALL",
	"status_intervals": "SELECT * FROM status_intervals ORDER BY ALL",
	"group_tiers":      "SELECT * FROM group_tiers ORDER BY ALL",
}

func TestLoadTwiceChangesNothing(t *testing.T) {
	dir := t.TempDir()
	w := openTest(t, "")
	l := newLoader(w, nil)
	a := writeFile(t, dir, "a.csv", exportA)
	res := mustLoad(t, l, a, FileOptions{})
	if res.Status != "loaded" || res.New != 4 {
		t.Fatalf("first load: %+v", res)
	}
	before := checksums(t, w.DB)

	// The same file: skipped by its sha256.
	res = mustLoad(t, l, a, FileOptions{})
	if res.Status != "already loaded" || res.New+res.Updated+res.Loaded != 0 {
		t.Errorf("second load: %+v", res)
	}
	if after := checksums(t, w.DB); !reflect.DeepEqual(before, after) {
		t.Errorf("loading the same file again changed the warehouse:\nbefore %v\nafter  %v", before, after)
	}

	// The same records in other bytes (CRLF, reordered): a new load, but every ticket is
	// unchanged and so are the ticket tables.
	lines := strings.Split(strings.TrimSuffix(exportA, "\n"), "\n")
	reordered := lines[0] + "\r\n" + strings.Join([]string{lines[4], lines[2], lines[3], lines[1]}, "\r\n") + "\r\n"
	res = mustLoad(t, l, writeFile(t, dir, "a-again.csv", reordered), FileOptions{})
	if res.Status != "loaded" || res.New != 0 || res.Updated != 0 || res.Unchanged != 4 || res.Events != 0 {
		t.Errorf("re-export of the same tickets: %+v", res)
	}
	after := checksums(t, w.DB)
	for _, tbl := range []string{"tickets", "ticket_events", "tier_intervals", "status_intervals", "group_tiers"} {
		if before[tbl] != after[tbl] {
			t.Errorf("%s changed on a re-export of the same tickets: %s -> %s", tbl, before[tbl], after[tbl])
		}
	}
	if n := queryInt(t, w.DB, "SELECT count(*) FROM loads"); n != 2 {
		t.Errorf("loads rows = %d, want 2", n)
	}
}

func TestLoadOrderIndependence(t *testing.T) {
	dir := t.TempDir()
	a := writeFile(t, dir, "a.csv", exportA)
	b := writeFile(t, dir, "b.csv", exportB)

	w1 := openTest(t, filepath.Join(dir, "ab.duckdb"))
	l1 := newLoader(w1, nil)
	mustLoad(t, l1, a, FileOptions{})
	resB := mustLoad(t, l1, b, FileOptions{})

	w2 := openTest(t, filepath.Join(dir, "ba.duckdb"))
	l2 := newLoader(w2, nil)
	mustLoad(t, l2, b, FileOptions{})
	resA := mustLoad(t, l2, a, FileOptions{})

	for name, q := range contentQueries {
		d1, d2 := dump(t, w1.DB, q), dump(t, w2.DB, q)
		if len(d1) == 0 {
			t.Errorf("%s is empty", name)
		}
		if d := diffLines(d1, d2); d != "" {
			t.Errorf("%s differs between load orders A,B and B,A: %s", name, d)
		}
	}

	// The newest updated time wins, whatever the order.
	got := dump(t, w1.DB, "SELECT number, title, status, assignment_group, tier FROM tickets ORDER BY number")
	want := []string{
		"INC1|Mail down|resolved|Network 2nd|L2",
		"INC2|VPN|resolved|Network 2nd|L2",
		"", // INC3: checked below
		"INC4|Only in A|closed|Service Desk|L1",
		"INC5|Only in B|pending|Vendor Acme|L4",
	}
	if len(got) != 5 {
		t.Fatalf("tickets: %q", got)
	}
	for i, w := range want {
		if w != "" && got[i] != w {
			t.Errorf("ticket %d = %q, want %q", i+1, got[i], w)
		}
	}
	// INC3: same updated time, different content: one of the two versions, the same in both
	// warehouses (compared above), and never a mix of the two.
	if got[2] != "INC3|Alpha title|new|Service Desk|L1" && got[2] != "INC3|Beta title|new|Network 2nd|L2" {
		t.Errorf("INC3 = %q: not one of the two versions", got[2])
	}

	// Loading B second: INC1 updated, INC2 unchanged (A's is newer), INC5 new; INC3 goes one
	// way, and loading A second must then go the other way.
	if resB.New != 1 || resB.Updated+resB.Unchanged != 3 || resB.Updated < 1 {
		t.Errorf("B after A: %+v", resB)
	}
	if resA.New != 1 || resA.Updated+resA.Unchanged != 3 || resA.Updated < 1 {
		t.Errorf("A after B: %+v", resA)
	}
	if resA.Updated+resB.Updated != 3 {
		t.Errorf("INC3 was updated %d times over both orders, want exactly once (A after B: %d updated, B after A: %d)",
			resA.Updated+resB.Updated-2, resA.Updated, resB.Updated)
	}
}

func TestNewerExportUpdatesInPlace(t *testing.T) {
	dir := t.TempDir()
	w := openTest(t, "")
	l := newLoader(w, nil)
	mustLoad(t, l, writeFile(t, dir, "a.csv", exportA), FileOptions{})
	eventsBefore := dump(t, w.DB, "SELECT * EXCLUDE (load_id) FROM ticket_events WHERE ticket_key <> 'servicenow:INC1' ORDER BY ALL")

	newer := snHeader +
		// INC1 newer: resolved by L2
		"INC1,Mail down,2026-02-02 09:00:00,Resolved,2 - High,Network 2nd,Cid,2026-02-05 10:00:00,2026-02-05 10:00:00,\n" +
		// INC2 exactly as before
		"INC2,VPN,2026-02-02 09:30:00,Resolved,3 - Moderate,Network 2nd,Ben,2026-02-03 10:00:00,2026-02-03 10:00:00,\n" +
		// INC3 older than the warehouse's
		"INC3,Stale,2026-02-02 11:00:00,New,4 - Low,Service Desk,,2026-02-02 11:30:00,,\n" +
		// INC4 the same, INC6 new
		"INC4,Only in A,2026-02-02 11:30:00,Closed,4 - Low,Service Desk,Ana,2026-02-02 13:00:00,2026-02-02 12:00:00,2026-02-02 13:00:00\n" +
		"INC6,Brand new,2026-02-05 08:00:00,New,3 - Moderate,Service Desk,,2026-02-05 08:00:00,,\n"
	res := mustLoad(t, l, writeFile(t, dir, "newer.csv", newer), FileOptions{})
	if res.New != 1 || res.Updated != 1 || res.Unchanged != 3 || res.Records != 5 || res.Loaded != 5 {
		t.Errorf("newer export: new %d updated %d unchanged %d records %d loaded %d; want 1, 1, 3, 5, 5",
			res.New, res.Updated, res.Unchanged, res.Records, res.Loaded)
	}
	got := dump(t, w.DB, "SELECT number, title, status, assignment_group, resolved_at, load_id FROM tickets ORDER BY number")
	want := []string{
		"INC1|Mail down|resolved|Network 2nd|2026-02-05 09:00:00|2",
		"INC2|VPN|resolved|Network 2nd|2026-02-03 09:00:00|1",
		"INC3|Alpha title|new|Service Desk|NULL|1",
		"INC4|Only in A|closed|Service Desk|2026-02-02 11:00:00|1",
		"INC6|Brand new|new|Service Desk|NULL|2",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("tickets:\n got %q\nwant %q", got, want)
	}
	// INC1's events and intervals were replaced, not added to; the others' kept.
	if n := queryInt(t, w.DB, "SELECT count(*) FROM ticket_events WHERE ticket_key = 'servicenow:INC1'"); n != 2 {
		t.Errorf("INC1 has %d events, want 2 (created, resolved)", n)
	}
	if n := queryInt(t, w.DB, "SELECT count(*) FROM tier_intervals WHERE ticket_key = 'servicenow:INC1'"); n != 1 {
		t.Errorf("INC1 has %d tier intervals, want 1", n)
	}
	if got := dump(t, w.DB, "SELECT * EXCLUDE (load_id) FROM ticket_events WHERE ticket_key NOT IN ('servicenow:INC1', 'servicenow:INC6') ORDER BY ALL"); !reflect.DeepEqual(got, eventsBefore) {
		t.Errorf("events of unchanged tickets changed:\n%s", diffLines(eventsBefore, got))
	}
	for _, tbl := range []string{"tickets", "ticket_events", "tier_intervals", "status_intervals"} {
		if n := queryInt(t, w.DB, "SELECT count(*) FROM (SELECT ticket_key, "+seqOf(tbl)+" FROM "+tbl+" GROUP BY ALL HAVING count(*) > 1)"); n != 0 {
			t.Errorf("%s has %d duplicated keys", tbl, n)
		}
	}
}

func seqOf(tbl string) string {
	if tbl == "tickets" {
		return "1"
	}
	return "seq"
}

func TestRejectsAndReconciliation(t *testing.T) {
	dir := t.TempDir()
	w := openTest(t, "")
	l := newLoader(w, nil)
	in := snHeader +
		"R1,fine,2026-02-02 09:00:00,New,3 - Moderate,Service Desk,,,,\n" + // line 2
		"R2,\"two\nlines\",2026-02-31 09:00:00,New,3 - Moderate,Service Desk,,,,\n" + // line 3-4: bad date
		"R3,too,many,fields,2026-02-02 09:00:00,New,3,Service Desk,,,x\n" + // line 5: 11 fields
		"\n" + // line 6: blank
		"R4,bad state,2026-02-02 09:00:00,Pondering,9 - Whenever,Service Desk,,,,\n" + // line 7: status and priority
		",no number,2026-02-02 09:00:00,New,3 - Moderate,Service Desk,,,,\n" + // line 8
		"R5,fine,2026-02-02 10:00:00,Closed,3 - Moderate,Service Desk,,,,2026-02-02 11:00:00\n" + // line 9
		"R7,trailing commas,2026-02-02 10:00:00,New,3 - Moderate,Service Desk,,,,,,,\n" + // line 10: DuckDB reads it too
		"R6,\"never closed,2026-02-02 09:00:00,New,3,Service Desk,,,,\n" // line 11: unterminated
	path := writeFile(t, dir, "rejects.csv", in)
	res := mustLoad(t, l, path, FileOptions{})
	if res.Records != 8 || res.Loaded != 3 || res.Rejected != 5 || res.Records != res.Loaded+res.Rejected {
		t.Errorf("records %d = loaded %d + rejected %d? want 8 = 3 + 5", res.Records, res.Loaded, res.Rejected)
	}
	got := dump(t, w.DB, `SELECT load_id, file, line, "column", value, reason FROM rejects ORDER BY line, "column"`)
	layouts := `not a time in the layouts "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%d/%m/%Y %I:%M:%S %p", "%d/%m/%Y %I:%M %p", "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %I:%M %p", "%d-%m-%Y %H:%M:%S", "%m-%d-%Y %H:%M:%S"`
	want := []string{
		"1|" + path + "|3|opened_at|2026-02-31 09:00:00|" + layouts,
		"1|" + path + "|5|NULL|NULL|has 11 fields but the header has 10 (check the delimiter and quoting)",
		"1|" + path + "|7|priority|9 - Whenever|unknown priority: add it to the mapping's priority vocabulary",
		"1|" + path + "|7|state|Pondering|unknown status: add it to the mapping's status vocabulary",
		"1|" + path + "|8|number|NULL|missing ticket number",
		"1|" + path + "|11|NULL|NULL|unterminated quoted field: the \" opened on line 11 is not closed before the end of the file",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rejects:\n got %q\nwant %q", got, want)
	}
	if len(res.Rejects) != len(want) {
		t.Errorf("Result.Rejects has %d, want %d", len(res.Rejects), len(want))
	}
	ledger := dump(t, w.DB, "SELECT records_read, records_counted, records_loaded, records_rejected, tickets_new, profile, source, status, tool_version, started_at FROM loads")
	if want := []string{"8|8|3|5|3|servicenow|servicenow|loaded|test|2026-03-01 12:00:00"}; !reflect.DeepEqual(ledger, want) {
		t.Errorf("loads: %q, want %q", ledger, want)
	}
	if got := dump(t, w.DB, "SELECT number FROM tickets ORDER BY 1"); !reflect.DeepEqual(got, []string{"R1", "R5", "R7"}) {
		t.Errorf("tickets: %q", got)
	}
}

func TestStrictRefusesTheFile(t *testing.T) {
	dir := t.TempDir()
	w := openTest(t, "")
	l := newLoader(w, nil)
	mustLoad(t, l, writeFile(t, dir, "a.csv", exportA), FileOptions{})
	before := snapshot(t, w.DB)
	bad := snHeader + "S1,ok,2026-02-02 09:00:00,New,3,Service Desk,,,,\nS2,bad,yesterday,New,3,Service Desk,,,,\n"
	res, err := l.Load(context.Background(), writeFile(t, dir, "bad.csv", bad), FileOptions{Strict: true})
	if !errors.Is(err, ErrRejected) {
		t.Fatalf("strict load: err = %v, want ErrRejected", err)
	}
	if res == nil || res.Rejected != 1 || len(res.Rejects) != 1 || res.Rejects[0].Line != 3 {
		t.Errorf("strict result: %+v", res)
	}
	if !strings.Contains(err.Error(), "1 of 2 records, first at line 3, column opened_at") {
		t.Errorf("strict error: %v", err)
	}
	after := snapshot(t, w.DB)
	for tbl := range before {
		if d := diffLines(before[tbl], after[tbl]); d != "" {
			t.Errorf("--strict failure changed %s: %s", tbl, d)
		}
	}
}

func TestLastRecordOfTicketRejected(t *testing.T) {
	// The ticket's fields come from its last loaded record, even when a later record of
	// the same ticket was rejected.
	w := openTest(t, "")
	l := newLoader(w, nil)
	in := eventLog(
		map[string]string{"number": "INC9", "incident_state": "New", "opened_at": "2/2/2026 09:00", "sys_updated_at": "2/2/2026 09:00", "assignment_group": "Service Desk", "priority": "3 - Moderate", "reassignment_count": "0"},
		map[string]string{"number": "INC9", "incident_state": "Active", "opened_at": "2/2/2026 09:00", "sys_updated_at": "2/2/2026 10:00", "assignment_group": "Service Desk", "priority": "2 - High", "reassignment_count": "1", "made_sla": "true", "category": "Mail"},
		map[string]string{"number": "INC9", "incident_state": "-100", "opened_at": "2/2/2026 09:00", "sys_updated_at": "2/2/2026 11:00", "assignment_group": "Service Desk", "priority": "1 - Critical", "reassignment_count": "2"},
	)
	res := mustLoad(t, l, writeFile(t, t.TempDir(), "log.csv", in), FileOptions{Profile: "servicenow-eventlog"})
	if res.Loaded != 2 || res.Rejected != 1 {
		t.Fatalf("loaded %d rejected %d, want 2 and 1", res.Loaded, res.Rejected)
	}
	got := dump(t, w.DB, "SELECT status, priority, reassignment_count, source_made_sla, category FROM tickets")
	if want := []string{"open|P2|1|true|Mail"}; !reflect.DeepEqual(got, want) {
		t.Errorf("ticket = %q, want %q (the last loaded record's values)", got, want)
	}
}

func TestTierIntervalsBounce(t *testing.T) {
	w := openTest(t, "")
	l := newLoader(w, nil)
	row := func(number, state, at, group string, extra ...string) map[string]string {
		r := map[string]string{"number": number, "incident_state": state, "opened_at": "2/2/2026 09:00", "sys_updated_at": at, "assignment_group": group, "priority": "3 - Moderate"}
		for i := 0; i+1 < len(extra); i += 2 {
			r[extra[i]] = extra[i+1]
		}
		return r
	}
	in := eventLog(
		// INC1 bounces L1 -> L2 -> L1 and is resolved at L1, then closed.
		row("INC1", "New", "2/2/2026 09:00", "Service Desk"),
		row("INC1", "Active", "2/2/2026 10:00", "Network 2nd"),
		row("INC1", "Active", "2/2/2026 11:30", "Service Desk"),
		row("INC1", "Resolved", "2/2/2026 12:00", "Service Desk", "resolved_at", "2/2/2026 12:00"),
		row("INC1", "Closed", "3/2/2026 12:00", "Service Desk", "resolved_at", "2/2/2026 12:00", "closed_at", "3/2/2026 12:00"),
		// INC2 goes to a group no rule maps, and is still open there.
		row("INC2", "New", "2/2/2026 09:00", "Service Desk"),
		row("INC2", "Active", "2/2/2026 09:20", "Mystery Team"),
		// INC3: a group change while resolved counts only from the reopening.
		row("INC3", "New", "2/2/2026 09:00", "Service Desk"),
		row("INC3", "Resolved", "2/2/2026 09:30", "Service Desk", "resolved_at", "2/2/2026 09:30"),
		row("INC3", "Resolved", "2/2/2026 09:40", "DBA 3rd", "resolved_at", "2/2/2026 09:30"),
		row("INC3", "Active", "2/2/2026 10:00", "DBA 3rd"),
		row("INC3", "Resolved", "2/2/2026 11:00", "DBA 3rd", "resolved_at", "2/2/2026 11:00"),
	)
	res := mustLoad(t, l, writeFile(t, t.TempDir(), "log.csv", in), FileOptions{})
	if res.Profile != "servicenow-eventlog" || res.New != 3 || res.Rejected != 0 {
		t.Fatalf("load: %+v", res)
	}
	// Madrid is UTC+1 in February: 09:00 local = 08:00 UTC.
	got := dump(t, w.DB, `SELECT ticket_key, seq, tier, assignment_group, start_at, end_at, entered_by, from_tier, ended_by
FROM tier_intervals ORDER BY ticket_key, seq`)
	want := []string{
		"servicenow-eventlog:INC1|1|L1|Service Desk|2026-02-02 08:00:00|2026-02-02 09:00:00|created|NULL|escalation",
		"servicenow-eventlog:INC1|2|L2|Network 2nd|2026-02-02 09:00:00|2026-02-02 10:30:00|escalation|L1|de-escalation",
		"servicenow-eventlog:INC1|3|L1|Service Desk|2026-02-02 10:30:00|2026-02-02 11:00:00|de-escalation|L2|resolved",
		"servicenow-eventlog:INC2|1|L1|Service Desk|2026-02-02 08:00:00|2026-02-02 08:20:00|created|NULL|transfer",
		"servicenow-eventlog:INC2|2|unmapped|Mystery Team|2026-02-02 08:20:00|NULL|transfer|L1|NULL",
		// Resolved at L1, then reopened into L3: L1's stay ends with the resolution (it did
		// resolve it), and the reopened ticket's L3 stay counts as an escalation from L1.
		"servicenow-eventlog:INC3|1|L1|Service Desk|2026-02-02 08:00:00|2026-02-02 08:30:00|created|NULL|resolved",
		"servicenow-eventlog:INC3|2|L3|DBA 3rd|2026-02-02 09:00:00|2026-02-02 10:00:00|escalation|L1|resolved",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("tier_intervals:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
	tickets := dump(t, w.DB, "SELECT number, status, tier, assignment_group, created_at, resolved_at, closed_at FROM tickets ORDER BY number")
	wantT := []string{
		"INC1|closed|L1|Service Desk|2026-02-02 08:00:00|2026-02-02 11:00:00|2026-02-03 11:00:00",
		"INC2|open|unmapped|Mystery Team|2026-02-02 08:00:00|NULL|NULL",
		"INC3|resolved|L3|DBA 3rd|2026-02-02 08:00:00|2026-02-02 10:00:00|NULL",
	}
	if !reflect.DeepEqual(tickets, wantT) {
		t.Errorf("tickets:\n got %q\nwant %q", tickets, wantT)
	}
	events := dump(t, w.DB, "SELECT seq, kind, status, assignment_group, tier FROM ticket_events WHERE ticket_key = 'servicenow-eventlog:INC1' ORDER BY seq")
	wantE := []string{
		"1|created|new|Service Desk|L1",
		"2|assigned|open|Network 2nd|L2",
		"3|assigned|open|Service Desk|L1",
		"4|resolved|resolved|Service Desk|L1",
		"5|closed|closed|Service Desk|L1",
	}
	if !reflect.DeepEqual(events, wantE) {
		t.Errorf("INC1 events:\n got %q\nwant %q", events, wantE)
	}
	groups := dump(t, w.DB, "SELECT assignment_group, tier, rule FROM group_tiers ORDER BY 1")
	wantG := []string{
		`DBA 3rd|L3|glob "* 3rd"`,
		"Mystery Team|unmapped|NULL",
		`Network 2nd|L2|glob "* 2nd"`,
		`Service Desk|L1|glob "Service Desk*"`,
	}
	if !reflect.DeepEqual(groups, wantG) {
		t.Errorf("group_tiers:\n got %q\nwant %q", groups, wantG)
	}
}

func TestConcurrentWriterIsBusy(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.duckdb")
	first, err := warehouse.Open(context.Background(), path, warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if first != nil {
			first.Close()
		}
	}()
	done := make(chan error, 1)
	go func() {
		w, err := warehouse.Open(context.Background(), path, warehouse.Options{LockTimeout: 200 * time.Millisecond})
		if err == nil {
			w.Close()
		}
		done <- err
	}()
	err = <-done
	if !errors.Is(err, warehouse.ErrBusy) {
		t.Fatalf("second writer: err = %v, want ErrBusy", err)
	}
	for _, want := range []string{"warehouse busy", "another tierlens", path, "--lock-timeout"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("busy error %q lacks %q", err, want)
		}
	}
	// The first writer is unharmed and can still load.
	res := mustLoad(t, newLoader(first, nil), writeFile(t, t.TempDir(), "a.csv", exportA), FileOptions{})
	if res.New != 4 {
		t.Errorf("load by the first writer: %+v", res)
	}
	// Once it closes, the next writer gets in at once.
	first.Close()
	first = nil
	w, err := warehouse.Open(context.Background(), path, warehouse.Options{})
	if err != nil {
		t.Fatalf("open after the writer closed: %v", err)
	}
	defer w.Close()
	if n := queryInt(t, w.DB, "SELECT count(*) FROM tickets"); n != 4 {
		t.Errorf("tickets after reopening = %d, want 4", n)
	}
}

// RefreshDerived tells Deriving of every table of derived.sql in order, each with the tables
// before it, then "" as it commits; a load's progress shows which table it builds.
func TestRefreshDerivedTellsEachTable(t *testing.T) {
	w := openTest(t, "")
	l := newLoader(w, nil)
	mustLoad(t, l, writeFile(t, t.TempDir(), "a.csv", exportA), FileOptions{})
	blocks, err := derivedBlocks()
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for i, b := range blocks {
		want = append(want, fmt.Sprintf("%s %d/%d", b.table, i, len(blocks)))
	}
	want = append(want, " 1/1")
	var got []string
	l.Deriving = func(table string, done, total int) { got = append(got, fmt.Sprintf("%s %d/%d", table, done, total)) }
	if _, err := l.RefreshDerived(context.Background(), false); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Deriving was told\n%q\nwant\n%q", got, want)
	}
}
