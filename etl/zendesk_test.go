package etl

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tierlens/tierlens/etl/profiles"
	"github.com/tierlens/tierlens/etl/sample"
)

// zendeskFixture is a file of sample-data/zendesk.
func zendeskFixture(t *testing.T, name string) string {
	t.Helper()
	return filepath.Join(moduleRoot(t), "sample-data", "zendesk", name)
}

// ticketDump is what the Zendesk tests compare of each ticket.
const ticketDump = `SELECT number, status, source_status, priority, channel, category, csat_score, assignment_group, assignee,
	requester, history, reopen_count, agent_replies, customer_replies, reassignment_count,
	created_at, first_response_at, first_resolved_at, resolved_at, closed_at, updated_at
FROM tickets ORDER BY number`

// TestZendeskTicketsAuditsMetrics loads the crafted export of sample-data/zendesk with its audits
// and metrics; every value below is worked out by hand from the three files.
func TestZendeskTicketsAuditsMetrics(t *testing.T) {
	w := openTest(t, "")
	l := newLoader(w, nil)
	res := mustLoad(t, l, zendeskFixture(t, "incremental_tickets.json"), FileOptions{MaxRejects: -1,
		With: []string{zendeskFixture(t, "ticket_audits.json"), zendeskFixture(t, "ticket_metrics.json")},
	})
	// 7 records: tickets 4 and 5 are rejected, ticket 3 is listed twice (the newer copy wins and
	// both copies count as loaded), so 4 tickets are new.
	if res.Profile != "zendesk" || res.Records != 7 || res.Loaded != 5 || res.Rejected != 2 || res.New != 4 || res.Events != 17 {
		t.Errorf("result: %+v", res)
	}
	want := []string{
		// Ticket 1: its audits (the creation audit's comment is the description, not a reply):
		// first public agent reply 10:00, solved 02-03 12:00, closed by the last audit; three agent
		// comments (one internal), one customer comment; one move of group.
		"1|closed|closed|P2|portal|incident|5|200|900|500|events|0|3|1|1|2026-02-02 09:00:00|2026-02-02 10:00:00|2026-02-03 12:00:00|2026-02-03 12:00:00|2026-02-06 10:00:00|2026-02-06 10:00:00",
		// Ticket 2: no audits; the metrics give the counters (3 group stations = 2 reassignments),
		// the solved time and the first reply (45 calendar minutes after creation).
		"2|resolved|solved|P1|email|question|1|100|900|501|events|1|2|0|2|2026-02-04 08:00:00|2026-02-04 08:45:00|2026-02-05 15:00:00|2026-02-05 15:00:00|NULL|2026-02-05 16:00:00",
		// Ticket 3: the newer of its two copies; "offered" is no rating; voice is the phone.
		"3|open|open|P4|phone|NULL|NULL|NULL|NULL|502|events|0|0|0|0|2026-02-04 09:00:00|NULL|NULL|NULL|NULL|2026-02-05 09:00:00",
		// Ticket 7: deleted = cancelled; normal = P3.
		"7|cancelled|deleted|P3|api|task|NULL|100|NULL|504|events|0|0|0|0|2026-01-30 10:00:00|NULL|NULL|NULL|NULL|2026-01-31 10:00:00",
	}
	if got := dump(t, w.DB, ticketDump); !reflect.DeepEqual(got, want) {
		t.Errorf("tickets:\n%s", diffLines(got, want))
	}
	wantEvents := []string{
		"1|created|new|100|NULL|NULL|agent",
		"2|status|open|100|900|NULL|agent",
		"3|reply|open|100|900|true|agent",
		"4|status|pending|100|900|NULL|agent",
		"5|reply|pending|100|NULL|true|customer",
		"6|status|open|100|900|NULL|agent",
		"7|reply|open|100|900|false|agent",
		"8|assigned|open|200|900|NULL|agent",
		"9|reply|open|200|901|true|agent",
		"10|resolved|resolved|200|900|NULL|agent",
		"11|closed|closed|200|900|NULL|agent",
	}
	got := dump(t, w.DB, "SELECT seq, kind, status, assignment_group, agent, public, actor_role FROM ticket_events WHERE ticket_key = 'zendesk:1' ORDER BY seq")
	if !reflect.DeepEqual(got, wantEvents) {
		t.Errorf("ticket 1 events:\n%s", diffLines(got, wantEvents))
	}
	// The audit of ticket 99, which the export does not hold, loads nothing.
	if n := queryInt(t, w.DB, "SELECT count(*) FROM tickets WHERE number = '99'"); n != 0 {
		t.Errorf("ticket 99 (audits only) was loaded")
	}
	// Rejects name the line of the ticket in the export, the JSON key and the element.
	rj := dump(t, w.DB, `SELECT line, "column", value, reason FROM rejects ORDER BY line`)
	wantRj := []string{
		"5|status|weird|tickets[3]: unknown status for the zendesk profile",
		"6|created_at|yesterday|tickets[4]: not an ISO 8601 time such as 2023-09-18T15:57:42Z",
	}
	if !reflect.DeepEqual(rj, wantRj) {
		t.Errorf("rejects:\n%s", diffLines(rj, wantRj))
	}
	checkZendeskIndependently(t, w.DB, zendeskFixture(t, "incremental_tickets.json"), res)

	// The same files again: already loaded; the tickets alone are another load.
	again := mustLoad(t, l, zendeskFixture(t, "incremental_tickets.json"), FileOptions{MaxRejects: -1,
		With: []string{zendeskFixture(t, "ticket_metrics.json"), zendeskFixture(t, "ticket_audits.json")},
	})
	if again.Status != "already loaded" || again.Records != 7 {
		t.Errorf("second load: %+v", again)
	}
}

// TestZendeskFlat: without audits the tickets load flat, with the same values.
func TestZendeskFlat(t *testing.T) {
	w := openTest(t, "")
	res := mustLoad(t, newLoader(w, nil), zendeskFixture(t, "incremental_tickets.json"), FileOptions{MaxRejects: -1})
	if res.Records != 7 || res.Loaded != 5 || res.Rejected != 2 || res.New != 4 {
		t.Errorf("result: %+v", res)
	}
	want := []string{
		"1|closed|flat|NULL|NULL|2026-02-06 10:00:00",
		"2|resolved|flat|NULL|NULL|NULL",
		"3|open|flat|NULL|NULL|NULL",
		"7|cancelled|flat|NULL|NULL|NULL",
	}
	// Without metrics no resolution time is known; a closed ticket is closed at its last update.
	got := dump(t, w.DB, "SELECT number, status, history, first_response_at, resolved_at, closed_at FROM tickets ORDER BY number")
	if !reflect.DeepEqual(got, want) {
		t.Errorf("tickets:\n%s", diffLines(got, want))
	}
	checkZendeskIndependently(t, w.DB, zendeskFixture(t, "incremental_tickets.json"), res)
}

// TestZendeskJSONLines reads the export written as JSON lines of ticket objects: the same
// tickets, and rejects at the lines of the records.
func TestZendeskJSONLines(t *testing.T) {
	b, err := os.ReadFile(zendeskFixture(t, "incremental_tickets.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct{ Tickets []json.RawMessage }
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	var lines bytes.Buffer
	for _, r := range doc.Tickets {
		lines.Write(r)
		lines.WriteString("\n")
	}
	dir := t.TempDir()
	p := writeFile(t, dir, "tickets.jsonl", lines.String())
	wa, wb := openTest(t, ""), openTest(t, "")
	with := FileOptions{MaxRejects: -1, With: []string{zendeskFixture(t, "ticket_audits.json"), zendeskFixture(t, "ticket_metrics.json")}}
	ra := mustLoad(t, newLoader(wa, nil), p, with)
	mustLoad(t, newLoader(wb, nil), zendeskFixture(t, "incremental_tickets.json"), with)
	if ra.Profile != "zendesk" || ra.Records != 7 || ra.Loaded != 5 {
		t.Errorf("result: %+v", ra)
	}
	for name, q := range contentQueries {
		if d := diffLines(dump(t, wa.DB, q), dump(t, wb.DB, q)); d != "" {
			t.Errorf("%s differ between JSON lines and the document: %s", name, d)
		}
	}
	rj := dump(t, wa.DB, `SELECT line, "column", reason FROM rejects ORDER BY line`)
	want := []string{"4|status|unknown status for the zendesk profile", "5|created_at|not an ISO 8601 time such as 2023-09-18T15:57:42Z"}
	if !reflect.DeepEqual(rj, want) {
		t.Errorf("rejects:\n%s", diffLines(rj, want))
	}
}

// TestZendeskRealSample loads the real page of the incremental export and of the audits
// (../shared/datasets/zendesk-api-sample) and checks it against plain DuckDB SQL over the file.
func TestZendeskRealSample(t *testing.T) {
	dir := sharedDataset(t, "zendesk-api-sample")
	tickets := filepath.Join(dir, "incremental_tickets.json")
	for _, with := range [][]string{nil, {filepath.Join(dir, "ticket_audits.json")}} {
		w := openTest(t, "")
		res := mustLoad(t, newLoader(w, nil), tickets, FileOptions{With: with})
		if res.Records != 1000 {
			t.Errorf("records = %d, want the page's 1000 tickets", res.Records)
		}
		checkZendeskIndependently(t, w.DB, tickets, res)
		checkInvariants(t, "Zendesk sample", w.DB)
		// The audited tickets have their creation audit as their first event: status new.
		if len(with) > 0 {
			n := queryInt(t, w.DB, `SELECT count(DISTINCT ticket_key) FROM ticket_events WHERE NOT synthesized AND seq = 1 AND kind = 'created'`)
			if n < 69 {
				t.Errorf("%d tickets start with their own created event, want at least the 69 audited ones", n)
			}
		}
	}
}

// checkZendeskIndependently compares the loaded tickets with plain DuckDB SQL over the raw
// export (read_json_objects, none of tierlens's tables or code): tickets read = loaded +
// rejected; the valid tickets (known status, an ISO creation time; the newest copy of each)
// are the loaded ones, with the same statuses, created per month and solved per month.
func checkZendeskIndependently(t *testing.T, db *sql.DB, path string, res *Result) {
	t.Helper()
	const raw = `
WITH raw AS (
    SELECT unnest(json_extract(json, '$.tickets[*]')) AS t
    FROM read_json_objects($path, format = 'auto', maximum_object_size = 67108864)
), v AS (
    SELECT t->>'id' AS id, t->>'status' AS st,
           try_cast(t->>'created_at' AS TIMESTAMPTZ) AS created, try_cast(t->>'updated_at' AS TIMESTAMPTZ) AS updated
    FROM raw
), ok AS (
    SELECT * FROM v
    WHERE id IS NOT NULL AND created IS NOT NULL AND st IN ('new', 'open', 'pending', 'hold', 'solved', 'closed', 'deleted')
    QUALIFY row_number() OVER (PARTITION BY id ORDER BY updated DESC) = 1
)`
	p := sql.Named("path", path)
	if n := queryInt(t, db, raw+" SELECT count(*) FROM raw", p); n != res.Records || res.Loaded+res.Rejected != n {
		t.Errorf("the export has %d tickets; tierlens read %d, loaded %d, rejected %d", n, res.Records, res.Loaded, res.Rejected)
	}
	checks := []struct{ name, raw, ours string }{
		{"tickets", "SELECT count(*) FROM ok", "SELECT count(*) FROM tickets"},
		{"status", `SELECT CASE st WHEN 'hold' THEN 'pending' WHEN 'solved' THEN 'resolved' WHEN 'deleted' THEN 'cancelled' ELSE st END AS s, count(*)
			FROM ok GROUP BY s ORDER BY s`, "SELECT status, count(*) FROM tickets GROUP BY status ORDER BY status"},
		{"created per month", "SELECT strftime(created, '%Y-%m') AS m, count(*) FROM ok GROUP BY m ORDER BY m",
			"SELECT strftime(created_at, '%Y-%m') AS m, count(*) FROM tickets GROUP BY m ORDER BY m"},
		{"solved per month", "SELECT strftime(updated, '%Y-%m') AS m, count(*) FROM ok WHERE st IN ('solved', 'closed') GROUP BY m ORDER BY m",
			"SELECT strftime(updated_at, '%Y-%m') AS m, count(*) FROM tickets WHERE status IN ('resolved', 'closed') GROUP BY m ORDER BY m"},
	}
	for _, c := range checks {
		want := dump(t, db, raw+" "+c.raw, p)
		got := dump(t, db, c.ours)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: tierlens %q, plain SQL %q", c.name, got, want)
		}
		// The real page has no solved ticket; the crafted export has.
		if len(want) == 0 && c.name != "solved per month" {
			t.Errorf("%s: the plain SQL found nothing: the comparison proves nothing", c.name)
		}
	}
}

// TestZendeskCompanions: audits and metrics are taken out of the file list and need a tickets
// export beside them; loaded alone they say so.
func TestZendeskCompanions(t *testing.T) {
	tk, au, me := zendeskFixture(t, "incremental_tickets.json"), zendeskFixture(t, "ticket_audits.json"), zendeskFixture(t, "ticket_metrics.json")
	main, with, err := ZendeskCompanions([]string{au, tk, "other.csv", me})
	if err != nil || !reflect.DeepEqual(main, []string{tk, "other.csv"}) || !reflect.DeepEqual(with, []string{au, me}) {
		t.Errorf("companions: %v %v %v", main, with, err)
	}
	if _, _, err := ZendeskCompanions([]string{au}); err == nil || !strings.Contains(err.Error(), "holds Zendesk ticket audits: name the tickets export in the same load") {
		t.Errorf("audits alone: %v", err)
	}
	l := newLoader(openTest(t, ""), nil)
	if _, err := l.Load(context.Background(), me, FileOptions{}); err == nil || !strings.Contains(err.Error(), "it holds Zendesk ticket metrics") {
		t.Errorf("metrics loaded alone: %v", err)
	}
	csv := writeFile(t, t.TempDir(), "x.json", `{"results": []}`)
	if _, err := l.Load(context.Background(), csv, FileOptions{Profile: "zendesk"}); err == nil || !strings.Contains(err.Error(), "not a Zendesk tickets export") {
		t.Errorf("--profile zendesk on another JSON: %v", err)
	}
}

// TestZendeskBrokenDocument: a document cut short fails whole, naming the line.
func TestZendeskBrokenDocument(t *testing.T) {
	b, err := os.ReadFile(zendeskFixture(t, "incremental_tickets.json"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(b), "\n")
	broken := strings.Join(lines[:3], "") + `{"id": 9, "status": "new",, "created_at": "2026-02-04T09:00:00Z"}` + "\n]}\n"
	p := writeFile(t, t.TempDir(), "broken.json", broken)
	_, err = newLoader(openTest(t, ""), nil).Load(context.Background(), p, FileOptions{})
	if err == nil || !strings.Contains(err.Error(), "line 4: not valid JSON") {
		t.Errorf("broken document: %v", err)
	}
	cut := writeFile(t, t.TempDir(), "cut.json", strings.Join(lines[:3], ""))
	_, err = newLoader(openTest(t, ""), nil).Load(context.Background(), cut, FileOptions{Profile: "zendesk"})
	if err == nil || !strings.Contains(err.Error(), "ends too early") {
		t.Errorf("truncated document: %v", err)
	}
}

// FuzzZendeskTicket: any ticket object is either rejected with reasons or turned into rows
// that are valid JSON lines naming the ticket; nothing panics.
func FuzzZendeskTicket(f *testing.F) {
	b, err := os.ReadFile(filepath.Join("..", "sample-data", "zendesk", "incremental_tickets.json"))
	if err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			f.Add(strings.TrimSuffix(l, ","))
		}
	}
	f.Add(`{"id": "x", "created_at": "2026-02-02T09:00:00+01:00", "status": "HOLD", "via": {"channel": ["a"]}}`)
	f.Add(`{"id": 1, "created_at": "2026-02-02T09:00:00Z", "status": "closed", "satisfaction_rating": "good"}`)
	f.Add(`[1, 2]`)
	f.Fuzz(func(t *testing.T, s string) {
		tk, probs := parseTicket(3, json.RawMessage(s))
		if tk == nil {
			if len(probs) == 0 {
				t.Fatalf("no ticket and no reason for %q", s)
			}
			return
		}
		if len(probs) > 0 || tk.id == "" {
			t.Fatalf("a ticket with problems %v", probs)
		}
		var buf bytes.Buffer
		bw := bufio.NewWriter(&buf)
		rw := &zdRowWriter{w: bw, full: true}
		for _, r := range append(ticketEvents(tk, nil), ticketRow(tk)) {
			rw.write(r)
		}
		bw.Flush()
		for _, line := range strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n") {
			var row map[string]*string
			if err := json.Unmarshal([]byte(line), &row); err != nil {
				t.Fatalf("row %q: %v", line, err)
			}
			if row["number"] == nil || *row["number"] != tk.id {
				t.Fatalf("row %q does not name ticket %q", line, tk.id)
			}
		}
	})
}

// FuzzSerialText: a cell of a time column is either left as it is or becomes a time text.
func FuzzSerialText(f *testing.F) {
	for _, s := range []string{"45658.25", "03/02/2026 11:00", "-1", "1e308", "NaN", "60", "2958465.99999999"} {
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, d1904 bool) {
		out := serialText(s, d1904)
		if out == s {
			return
		}
		if _, err := time.Parse("2006-01-02 15:04:05", out); err != nil {
			t.Fatalf("serialText(%q) = %q, neither the input nor a time", s, out)
		}
	})
}

// TestZendeskPartialAudits: audits that start after the creation (a later page) keep their
// first comment as a reply, and the ticket's current state comes on a row of its own at
// updated_at when the audits end earlier.
func TestZendeskPartialAudits(t *testing.T) {
	tk := &zdTicket{id: "5", vals: map[profiles.Field]string{
		profiles.Number: "5", profiles.Created: "2026-02-01 08:00:00", profiles.Updated: "2026-02-01 10:00:00",
		profiles.Status: "pending", profiles.Requester: "7", profiles.Assignee: "9",
	}}
	at := time.Date(2026, 2, 1, 9, 0, 0, 0, time.UTC)
	pub := true
	rows := ticketEvents(tk, []*zdAudit{{at: at, author: "9", events: []zdEvent{
		{typ: "Comment", author: "9", public: &pub},
		{typ: "Change", field: "status", value: "open"},
	}}})
	var got []string
	for _, r := range rows {
		got = append(got, r[profiles.EventTime]+"|"+r[profiles.Activity]+"|"+r[profiles.Status]+"|"+r[profiles.Agent])
	}
	want := []string{
		"2026-02-01 09:00:00|public reply||9",
		"2026-02-01 09:00:00||open|",
		"2026-02-01 10:00:00||pending|9",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows:\n%s", diffLines(got, want))
	}
	if rows[2][profiles.Title] != "" || rows[2][profiles.Updated] != "2026-02-01 10:00:00" || rows[0][profiles.Updated] != "" {
		t.Errorf("the ticket's own values belong on the last row only: %v", rows)
	}
}

// TestZendeskSampleMatchesGeneric generates the same simulated tickets as a Zendesk export
// (tickets and audits) and as the generic event file, loads both, and compares every ticket:
// the two formats must tell the same story.
func TestZendeskSampleMatchesGeneric(t *testing.T) {
	end := time.Date(2026, 11, 20, 23, 59, 59, 0, time.UTC)
	dir := t.TempDir()
	gen := func(p string) []string {
		paths, err := sample.Generate(context.Background(), sample.Options{Tickets: 400, Seed: 7, End: end, Profile: p, OutDir: filepath.Join(dir, p)})
		if err != nil {
			t.Fatal(err)
		}
		return paths
	}
	zd, gn := gen(sample.ProfileZendesk), gen(sample.ProfileGeneric)
	wz, wg := openTest(t, ""), openTest(t, "")
	// zd is sorted: audits, then tickets.
	rz := mustLoad(t, newLoader(wz, nil), zd[1], FileOptions{With: []string{zd[0]}})
	mustLoad(t, newLoader(wg, nil), gn[0], FileOptions{Mapping: filepath.Join(moduleRoot(t), "sample-data", "mappings", "generic-events.yaml")})
	if rz.Records != 400 || rz.Loaded != 400 || rz.Rejected != 0 {
		t.Fatalf("zendesk sample: %+v", rz)
	}
	// Not reassignment_count: the generic file calls the first assignment of an agent
	// "assigned" (counted), where Zendesk's audit changes the status with it.
	const q = `SELECT ltrim(replace(number, 'T-', ''), '0') AS n, status, priority, channel, assignment_group, tier,
	created_at, first_resolved_at, resolved_at, closed_at, reopen_count
FROM tickets ORDER BY n`
	a, b := dump(t, wz.DB, q), dump(t, wg.DB, q)
	if len(a) != 400 {
		t.Fatalf("%d zendesk tickets", len(a))
	}
	if d := diffLines(a, b); d != "" {
		t.Errorf("tickets differ between the Zendesk and the generic sample (zendesk first): %s", d)
	}
	const qe = `SELECT ltrim(replace(t.number, 'T-', ''), '0') AS n, list(e.kind || ':' || e.status ORDER BY e.seq) AS flow
FROM ticket_events e JOIN tickets t USING (ticket_key) WHERE e.kind IN ('created', 'resolved', 'reopened', 'closed') GROUP BY n ORDER BY n`
	if d := diffLines(dump(t, wz.DB, qe), dump(t, wg.DB, qe)); d != "" {
		t.Errorf("lifecycles differ (zendesk first): %s", d)
	}
}

// TestZendeskSideloads: a tickets document fetched with include=groups,users,metric_sets
// carries names for the ids and the metrics: groups load by name (so the tier map applies),
// people by name, and the metrics count as if given in a file of their own.
func TestZendeskSideloads(t *testing.T) {
	b, err := os.ReadFile(zendeskFixture(t, "incremental_tickets.json"))
	if err != nil {
		t.Fatal(err)
	}
	side := `"groups": [{"id": 100, "name": "Service Desk Madrid"}, {"id": 200, "name": "Identity 2nd"}],
"users": [{"id": 900, "name": "Ana"}, {"id": 500, "name": "Bea"}, {"id": 901, "name": "Cid"}],
"metric_sets": [{"ticket_id": 2, "reopens": 1, "replies": 2, "group_stations": 3, "solved_at": "2026-02-05T15:00:00Z", "reply_time_in_minutes": {"calendar": 45}}],
"next_page": null,`
	doc := strings.Replace(string(b), `"next_page": null,`, side, 1)
	if doc == string(b) {
		t.Fatal("the fixture changed: no next_page key to put the side-loads before")
	}
	p := writeFile(t, t.TempDir(), "tickets.json", doc)
	w := openTest(t, "")
	mustLoad(t, newLoader(w, nil), p, FileOptions{MaxRejects: -1, With: []string{zendeskFixture(t, "ticket_audits.json")}})
	got := dump(t, w.DB, "SELECT number, assignment_group, tier, assignee, requester, reopen_count, resolved_at FROM tickets WHERE number IN ('1', '2') ORDER BY number")
	want := []string{
		"1|Identity 2nd|L2|Ana|Bea|0|2026-02-03 12:00:00",
		"2|Service Desk Madrid|L1|Ana|501|1|2026-02-05 15:00:00",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("tickets:\n%s", diffLines(got, want))
	}
	ev := dump(t, w.DB, "SELECT seq, agent, actor_role, tier FROM ticket_events WHERE ticket_key = 'zendesk:1' AND seq IN (3, 5, 8, 9) ORDER BY seq")
	wantEv := []string{"3|Ana|agent|L1", "5|NULL|customer|L1", "8|Ana|agent|L2", "9|Cid|agent|L2"}
	if !reflect.DeepEqual(ev, wantEv) {
		t.Errorf("events:\n%s", diffLines(ev, wantEv))
	}
}
