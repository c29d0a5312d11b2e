package sample

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
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
					if strings.HasSuffix(path, ".jsonl") || strings.HasSuffix(path, ".json") {
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

// tierOf is a group's tier, -1 for unmapped groups.
func tierOf(group string) int {
	if k, ok := testTiers[group]; ok {
		return k
	}
	return -1
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
			} else if tierOf(e.group) < 0 {
				t.Errorf("%s: unknown group %q", tk.id, e.group)
			}
			if prevGroup != "" && e.group != prevGroup {
				from, to := tierOf(prevGroup), tierOf(e.group)
				switch {
				case from < 0 || to < 0: // into or out of the unmapped group
				case from == 0: // the portal handing over to the desk
				case to > from:
					r.escalations++
					if from == 1 {
						r.l1Escalated++
					}
				case to < from:
					r.bounces++
				default:
					r.sideways++
					sideways = true
				}
			}
			prevGroup = e.group
			switch e.event {
			case "resolved":
				everResolved = true
				resolvedGroup = e.group
				if tierOf(e.group) == 1 {
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
			if tierOf(e.group) == 4 {
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
			switch tierOf(resolvedGroup) {
			case 0:
				r.l0Resolved++
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
