package sample

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
)

// The realism checks read the files back with the standard library and
// parquet-go, so they test what a user gets rather than the simulator's
// internals. The tier map below is written out independently of catalog.go.
var testTiers = map[string]int{
	"Self-Service Portal": 0,
	"Service Desk":        1, "Service Desk Madrid": 1, "L1 Chat": 1,
	"Network 2nd": 2, "Apps 2nd": 2, "Workplace 2nd": 2,
	"Database 3rd": 3, "Network 3rd": 3, "Apps 3rd": 3,
	"Vendor Acme Printers": 4, "Vendor CloudCo": 4, "Vendor SAP Support": 4,
}

var hostileWant = []string{
	`</script><script>alert(1)</script>`,
	`<img src=x onerror=alert(1)>`,
	`=HYPERLINK("http://evil.example","click")`,
	`+SUM(1,2)`,
	`@cmd`,
	`-2+3`,
	`🔥 Outlook down 🔥`,
}

const realismTickets = 5000

func madrid(t testing.TB) *time.Location {
	loc, err := time.LoadLocation("Europe/Madrid")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func readCSV(t testing.TB, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return recs
}

// genEvent is one row of the generic export.
type genEvent struct {
	at                                    time.Time
	event, status, group, agent, priority string
	channel, title, requester, csat, kb   string
}

type genTicket struct {
	id     string
	events []genEvent
}

// realism holds the figures the checks and the report use.
type realism struct {
	tickets, resolved, everResolved, l1Resolved, l0Resolved int
	openAtEnd, cancelled, reopened, csat, facilities        int
	sideways, sidewaysTickets, escalations, bounces         int
	l1Handled, l1Escalated, l1ResolvedHere                  int
	l1KB                                                    int
	vendors                                                 map[string]int
	events, businessHours, selfService                      int
	priorities                                              [5]int
	csatScores                                              [6]int
}

func TestRealism(t *testing.T) {
	loc := madrid(t)
	endLocal := testEnd.In(loc)
	dir := t.TempDir()
	byProfile := map[string][]string{}
	for _, p := range Profiles() {
		paths, err := Generate(t.Context(), Options{Tickets: realismTickets, Seed: 1, End: testEnd, Profile: p, OutDir: dir})
		if err != nil {
			t.Fatal(err)
		}
		byProfile[p] = paths
	}
	genericCSV := byProfile[ProfileGeneric][0]

	recs := readCSV(t, genericCSV)
	if got := strings.Join(recs[0], ","); got != strings.Join(genericHeader, ",") {
		t.Fatalf("generic header %q", got)
	}
	var tickets []genTicket
	for i, rec := range recs[1:] {
		if len(rec) != 14 {
			t.Fatalf("generic row %d has %d fields", i+2, len(rec))
		}
		at, err := time.ParseInLocation("2006-01-02T15:04:05", rec[1], loc)
		if err != nil {
			t.Fatalf("generic row %d: %v", i+2, err)
		}
		if len(tickets) == 0 || tickets[len(tickets)-1].id != rec[0] {
			for _, tk := range tickets {
				if tk.id == rec[0] {
					t.Fatalf("ticket %s rows are not contiguous", rec[0])
				}
			}
			tickets = append(tickets, genTicket{id: rec[0]})
		}
		tk := &tickets[len(tickets)-1]
		tk.events = append(tk.events, genEvent{at: at, event: rec[2], status: rec[3], group: rec[4], agent: rec[5],
			priority: rec[6], channel: rec[7], title: rec[9], requester: rec[10], csat: rec[11], kb: rec[12]})
	}
	if len(tickets) != realismTickets {
		t.Fatalf("generic export has %d tickets, want %d", len(tickets), realismTickets)
	}

	r := measure(t, tickets, endLocal)
	pct := func(a, b int) float64 { return 100 * float64(a) / float64(max(b, 1)) }
	l1Share := pct(r.l1Resolved, r.resolved)
	t.Logf("tickets %d, events %d (%.2f per ticket)", r.tickets, r.events, float64(r.events)/float64(r.tickets))
	t.Logf("priorities P1 %.1f%% P2 %.1f%% P3 %.1f%% P4 %.1f%%; self-service %.1f%%; created Mon-Fri 08-18 %.1f%%",
		pct(r.priorities[1], r.tickets), pct(r.priorities[2], r.tickets), pct(r.priorities[3], r.tickets),
		pct(r.priorities[4], r.tickets), pct(r.selfService, r.tickets), pct(r.businessHours, r.tickets))
	t.Logf("resolutions by tier: L1 %.1f%%, L0 %.1f%% of %d resolved; L1 resolve-vs-escalate %.1f%% (%d resolved, %d escalated)",
		l1Share, pct(r.l0Resolved, r.resolved), r.resolved, pct(r.l1ResolvedHere, r.l1ResolvedHere+r.l1Escalated), r.l1ResolvedHere, r.l1Escalated)
	t.Logf("escalations %d, bounces down %d (%.1f%% of escalations), sideways %d (%.1f%% of tickets), vendors %v",
		r.escalations, r.bounces, pct(r.bounces, r.escalations), r.sideways, pct(r.sidewaysTickets, r.tickets), r.vendors)
	t.Logf("reopened %.1f%%, cancelled %.1f%%, Facilities %.1f%%, open at End %d (%.1f%%)",
		pct(r.reopened, r.tickets), pct(r.cancelled, r.tickets), pct(r.facilities, r.tickets), r.openAtEnd, pct(r.openAtEnd, r.tickets))
	t.Logf("CSAT on %.1f%% of resolved tickets, scores 1..5 %v; KB on %.1f%% of L1 resolutions",
		pct(r.csat, r.everResolved), r.csatScores[1:], pct(r.l1KB, r.l1Resolved))

	if l1Share < 70 || l1Share > 78 {
		t.Errorf("L1 resolves %.1f%% of resolved tickets, want 70–78%%", l1Share)
	}
	if c := pct(r.csat, r.everResolved); c < 15 || c > 25 {
		t.Errorf("CSAT on %.1f%% of resolved tickets, want 15–25%%", c)
	}
	if r.bounces == 0 || len(r.vendors) < 3 || r.openAtEnd == 0 || r.reopened == 0 || r.cancelled == 0 || r.facilities == 0 || r.sideways == 0 {
		t.Errorf("missing flows: bounces %d, vendors %v, open at End %d, reopened %d, cancelled %d, Facilities %d, sideways %d",
			r.bounces, r.vendors, r.openAtEnd, r.reopened, r.cancelled, r.facilities, r.sideways)
	}
	if p := pct(r.priorities[3], r.tickets); math.Abs(p-55) > 5 {
		t.Errorf("P3 share %.1f%%, want about 55%%", p)
	}
	if p := pct(r.businessHours, r.tickets); p < 70 {
		t.Errorf("only %.1f%% created Mon–Fri 08–18", p)
	}

	t.Run("hostile strings", func(t *testing.T) {
		for _, p := range Profiles() {
			for _, path := range byProfile[p] {
				if strings.HasSuffix(path, ".parquet") {
					continue // checked against the CSV below
				}
				b, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				for _, h := range hostileWant {
					enc := h
					if strings.HasSuffix(path, ".jsonl") {
						e, _ := json.Marshal(h)
						enc = string(e)
					} else if strings.ContainsAny(h, `",`) {
						enc = `"` + strings.ReplaceAll(h, `"`, `""`) + `"`
					}
					if !bytes.Contains(b, []byte(enc)) {
						t.Errorf("%s lacks %s", path, enc)
					}
				}
			}
		}
		// The title with a comma, quote and newline must survive CSV quoting.
		multiline := false
		for _, tk := range tickets {
			if strings.Contains(tk.events[0].title, "\n") && strings.Contains(tk.events[0].title, `"`) && strings.Contains(tk.events[0].title, ",") {
				multiline = true
			}
		}
		if !multiline {
			t.Error("no title with a comma, a quote and a newline read back from the generic CSV")
		}
	})

	t.Run("eventlog", func(t *testing.T) { checkEventlog(t, byProfile[ProfileServiceNowEventlog][0], loc, endLocal) })
	t.Run("servicenow", func(t *testing.T) { checkServiceNow(t, byProfile[ProfileServiceNow][0], loc, endLocal) })
	t.Run("jsonl and parquet match csv", func(t *testing.T) { checkGenericCopies(t, byProfile[ProfileGeneric], recs) })
}

func measure(t *testing.T, tickets []genTicket, endLocal time.Time) realism {
	r := realism{tickets: len(tickets), vendors: map[string]int{}}
	for _, tk := range tickets {
		ev := tk.events
		r.events += len(ev)
		first, last := ev[0], ev[len(ev)-1]
		if first.event != "created" || first.status != "new" {
			t.Errorf("%s starts with %s/%s", tk.id, first.event, first.status)
		}
		p, _ := strconv.Atoi(strings.TrimPrefix(first.priority, "P"))
		r.priorities[p]++
		if first.channel == "self-service" {
			r.selfService++
		}
		if wd := first.at.Weekday(); wd != time.Saturday && wd != time.Sunday && first.at.Hour() >= 8 && first.at.Hour() < 18 {
			r.businessHours++
		}
		prevGroup, resolvedGroup := "", ""
		sideways, facilities, everResolved, reopened := false, false, false, false
		for i, e := range ev {
			if i > 0 && e.at.Before(ev[i-1].at) {
				t.Errorf("%s: event %d at %s is before the previous one", tk.id, i, e.at)
			}
			if e.at.After(endLocal) {
				t.Errorf("%s: event at %s is after End", tk.id, e.at)
			}
			if e.group == "Facilities" {
				facilities = true
			} else if _, ok := testTiers[e.group]; !ok {
				t.Errorf("%s: unknown group %q", tk.id, e.group)
			}
			if prevGroup != "" && e.group != prevGroup {
				from, okFrom := testTiers[prevGroup]
				to, okTo := testTiers[e.group]
				switch {
				case !okFrom || !okTo:
				case to > from:
					r.escalations++
					if from == 1 {
						r.l1Escalated++
					}
				case to < from && from > 0:
					if from > 1 || to > 0 {
						r.bounces++
					}
				case to == from:
					r.sideways++
					sideways = true
				}
			}
			prevGroup = e.group
			switch e.event {
			case "resolved":
				everResolved = true
				resolvedGroup = e.group
				if testTiers[e.group] == 1 && e.group != "" {
					r.l1ResolvedHere++
				}
			case "reopened":
				reopened = true
			case "csat":
				n, err := strconv.Atoi(e.csat)
				if err != nil || n < 1 || n > 5 {
					t.Errorf("%s: csat %q", tk.id, e.csat)
				} else {
					r.csatScores[n]++
				}
				r.csat++
			}
			if e.event != "csat" && e.csat != "" {
				t.Errorf("%s: csat %q on a %s event", tk.id, e.csat, e.event)
			}
			if k := testTiers[e.group]; k == 4 {
				r.vendors[e.group]++
			}
		}
		if sideways {
			r.sidewaysTickets++
		}
		if facilities {
			r.facilities++
		}
		if reopened {
			r.reopened++
		}
		if everResolved {
			r.everResolved++
		}
		switch last.status {
		case "resolved", "closed":
			r.resolved++
			switch testTiers[resolvedGroup] {
			case 0:
				if resolvedGroup == "Self-Service Portal" {
					r.l0Resolved++
				}
			case 1:
				r.l1Resolved++
				if last.kb != "" {
					r.l1KB++
				}
			}
		case "cancelled":
			r.cancelled++
		default:
			r.openAtEnd++
		}
	}
	return r
}

func checkEventlog(t *testing.T, path string, loc *time.Location, endLocal time.Time) {
	recs := readCSV(t, path)
	if got := strings.Join(recs[0], ","); got != "number,incident_state,active,reassignment_count,reopen_count,sys_mod_count,made_sla,caller_id,opened_by,opened_at,sys_created_by,sys_created_at,sys_updated_by,sys_updated_at,contact_type,location,category,subcategory,u_symptom,cmdb_ci,impact,urgency,priority,assignment_group,assigned_to,knowledge,u_priority_confirmation,notify,problem_id,rfc,vendor,caused_by,closed_code,resolved_by,resolved_at,closed_at" {
		t.Fatalf("eventlog header %q", got)
	}
	states := []string{"New", "Active", "Awaiting User Info", "Awaiting Vendor", "Awaiting Problem", "Resolved", "Closed", "Canceled"}
	seen := map[string]bool{}
	prevNum, prevAt, prevMod := "", time.Time{}, -1
	tickets := 0
	for i, rec := range recs[1:] {
		line := i + 2
		if len(rec) != 36 {
			t.Fatalf("eventlog line %d has %d fields", line, len(rec))
		}
		if rec[0] != prevNum {
			if seen[rec[0]] {
				t.Fatalf("eventlog line %d: %s rows are not contiguous", line, rec[0])
			}
			if prevNum != "" && rec[0] < prevNum {
				t.Errorf("eventlog line %d: %s after %s", line, rec[0], prevNum)
			}
			seen[rec[0]] = true
			tickets++
			prevAt, prevMod = time.Time{}, -1
		}
		prevNum = rec[0]
		if !slices.Contains(states, rec[1]) {
			t.Errorf("eventlog line %d: state %q", line, rec[1])
		}
		for _, col := range []int{9, 11, 13, 34, 35} {
			if rec[col] == "?" && col >= 34 {
				continue
			}
			at, err := time.ParseInLocation("2/1/2006 15:04", rec[col], loc)
			if err != nil {
				t.Fatalf("eventlog line %d column %d: %v", line, col+1, err)
			}
			if at.After(endLocal) {
				t.Errorf("eventlog line %d: %s after End", line, rec[col])
			}
			if col == 13 {
				if at.Before(prevAt) {
					t.Errorf("eventlog line %d: sys_updated_at goes back", line)
				}
				prevAt = at
			}
		}
		mod, err := strconv.Atoi(rec[5])
		if err != nil || mod != prevMod+1 {
			t.Errorf("eventlog line %d: sys_mod_count %q after %d", line, rec[5], prevMod)
		}
		prevMod = mod
		if rec[2] != "true" && rec[2] != "false" || rec[6] != "true" && rec[6] != "false" {
			t.Errorf("eventlog line %d: booleans %q %q", line, rec[2], rec[6])
		}
	}
	rows := len(recs) - 1
	t.Logf("eventlog: %d rows, %.2f per ticket", rows, float64(rows)/float64(tickets))
	if tickets != realismTickets {
		t.Errorf("eventlog has %d tickets, want %d", tickets, realismTickets)
	}
	if avg := float64(rows) / float64(tickets); avg < 5 || avg > 7.5 {
		t.Errorf("eventlog has %.2f rows per ticket, want about 6", avg)
	}
}

func checkServiceNow(t *testing.T, path string, loc *time.Location, endLocal time.Time) {
	recs := readCSV(t, path)
	if got := strings.Join(recs[0], ","); got != "number,short_description,caller_id,opened_at,state,priority,impact,urgency,category,subcategory,contact_type,assignment_group,assigned_to,vendor,reassignment_count,reopen_count,made_sla,knowledge,resolved_at,closed_at,sys_updated_on,u_csat" {
		t.Fatalf("servicenow header %q", got)
	}
	if len(recs)-1 != realismTickets {
		t.Fatalf("servicenow has %d rows", len(recs)-1)
	}
	if recs[1][0] != "INC0010001" {
		t.Errorf("first number %q", recs[1][0])
	}
	var met, all [5]int
	for i, rec := range recs[1:] {
		line := i + 2
		if len(rec) != 22 {
			t.Fatalf("servicenow line %d has %d fields", line, len(rec))
		}
		for _, col := range []int{3, 18, 19, 20} {
			if rec[col] == "" && col != 3 && col != 20 {
				continue
			}
			at, err := time.ParseInLocation("2006-01-02 15:04:05", rec[col], loc)
			if err != nil {
				t.Fatalf("servicenow line %d column %d: %v", line, col+1, err)
			}
			if at.After(endLocal) {
				t.Errorf("servicenow line %d: %s after End", line, rec[col])
			}
		}
		if !slices.Contains([]string{"New", "In Progress", "On Hold", "Resolved", "Closed", "Canceled"}, rec[4]) {
			t.Errorf("servicenow line %d: state %q", line, rec[4])
		}
		if rec[21] != "" && (rec[21] < "1" || rec[21] > "5" || len(rec[21]) != 1) {
			t.Errorf("servicenow line %d: u_csat %q", line, rec[21])
		}
		p := int(rec[5][0] - '0')
		all[p]++
		if rec[16] == "true" {
			met[p]++
		}
	}
	for p := 1; p <= 4; p++ {
		t.Logf("made_sla P%d: %.1f%% breached (%d tickets)", p, 100-100*float64(met[p])/float64(max(all[p], 1)), all[p])
	}
	if breach := func(p int) float64 { return 1 - float64(met[p])/float64(max(all[p], 1)) }; breach(1) <= breach(4) {
		t.Errorf("P1 breaches %.2f not above P4 %.2f", breach(1), breach(4))
	}
}

// parquetBack reads csat as a pointer to see nulls.
type parquetBack struct {
	TicketID  string `parquet:"ticket_id"`
	EventTime int64  `parquet:"event_time"`
	Event     string `parquet:"event"`
	Status    string `parquet:"status"`
	Group     string `parquet:"assignment_group"`
	Agent     string `parquet:"agent"`
	Title     string `parquet:"title"`
	Requester string `parquet:"requester"`
	CSAT      *int32 `parquet:"csat,optional"`
	KB        string `parquet:"kb_article"`
	Public    bool   `parquet:"public"`
}

func checkGenericCopies(t *testing.T, paths []string, recs [][]string) {
	rows := recs[1:]
	// JSON lines.
	b, err := os.ReadFile(paths[1])
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	for i := 0; ; i++ {
		var m map[string]any
		if err := dec.Decode(&m); err == io.EOF {
			if i != len(rows) {
				t.Errorf("jsonl has %d lines, csv %d rows", i, len(rows))
			}
			break
		} else if err != nil {
			t.Fatalf("jsonl line %d: %v", i+1, err)
		}
		if i >= len(rows) {
			t.Fatal("jsonl has more lines than the csv")
		}
		for j, key := range genericHeader {
			v, ok := m[key]
			if !ok {
				t.Fatalf("jsonl line %d lacks %q", i+1, key)
			}
			var s string
			switch x := v.(type) {
			case string:
				s = x
			case bool:
				s = strconv.FormatBool(x)
				if key != "public" {
					t.Fatalf("jsonl %s is a bool", key)
				}
			case float64:
				s = strconv.Itoa(int(x))
				if key != "csat" {
					t.Fatalf("jsonl %s is a number", key)
				}
			case nil:
				if key != "csat" {
					t.Fatalf("jsonl %s is null", key)
				}
			}
			if s != rows[i][j] {
				t.Fatalf("jsonl line %d %s = %q, csv has %q", i+1, key, s, rows[i][j])
			}
		}
	}

	// Parquet: same rows, event_time a naive millisecond timestamp.
	f, err := os.Open(paths[2])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	pf, err := parquet.OpenFile(f, st.Size())
	if err != nil {
		t.Fatal(err)
	}
	col, ok := pf.Schema().Lookup("event_time")
	if !ok {
		t.Fatal("parquet lacks event_time")
	}
	lt := col.Node.Type().LogicalType()
	var ts *format.TimestampType
	if lt != nil {
		ts, _ = lt.Value.(*format.TimestampType)
	}
	if ts == nil || ts.IsAdjustedToUTC {
		t.Fatalf("event_time logical type %v, want TIMESTAMP(isAdjustedToUTC=false)", lt)
	}
	if _, ok := ts.Unit.Value.(*format.MilliSeconds); !ok {
		t.Fatalf("event_time unit %v, want milliseconds", &ts.Unit)
	}
	back, err := parquet.Read[parquetBack](f, st.Size())
	if err != nil {
		t.Fatal(err)
	}
	if len(back) != len(rows) {
		t.Fatalf("parquet has %d rows, csv %d", len(back), len(rows))
	}
	for i, p := range back {
		r := rows[i]
		at := time.UnixMilli(p.EventTime).UTC().Format("2006-01-02T15:04:05")
		csat := ""
		if p.CSAT != nil {
			csat = strconv.Itoa(int(*p.CSAT))
		}
		got := []string{p.TicketID, at, p.Event, p.Status, p.Group, p.Agent, p.Title, p.Requester, csat, p.KB, strconv.FormatBool(p.Public)}
		want := []string{r[0], r[1], r[2], r[3], r[4], r[5], r[9], r[10], r[11], r[12], r[13]}
		if !slices.Equal(got, want) {
			t.Fatalf("parquet row %d = %q, csv %q", i+1, got, want)
		}
	}
}
