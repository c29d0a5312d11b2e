package etl

import (
	"encoding/csv"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"

	"github.com/tierlens/tierlens/config"
)

// sharedDataset returns the path of a public data set under ../shared/datasets (beside the
// repository), or skips the test when it is not there.
func sharedDataset(t *testing.T, rel string) string {
	t.Helper()
	p := filepath.Join(moduleRoot(t), "..", "shared", "datasets", rel)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("real data set not available at %s (it lives beside the repository in ../shared/datasets): %v", p, err)
	}
	return p
}

// uciLast is what the UCI log's last record of an incident (in file order) says.
type uciLast struct {
	reassignments, reopens int
	madeSLA                string
	priority               string
}

// uciLastRecords reads the log with encoding/csv, independently of the loader: the number of
// records, each incident's last record, and how often an incident became Closed (a closed
// incident can be reopened and closed again), in file order, ignoring the junk state -100.
func uciLastRecords(t *testing.T, path string) (int, map[string]uciLast, int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.ReuseRecord = true
	header, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	last := map[string]uciLast{}
	state := map[string]string{}
	n, closings := 0, 0
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		n++
		ra, err1 := strconv.Atoi(rec[col["reassignment_count"]])
		ro, err2 := strconv.Atoi(rec[col["reopen_count"]])
		if err1 != nil || err2 != nil {
			t.Fatalf("record %d: counts %q %q", n, rec[col["reassignment_count"]], rec[col["reopen_count"]])
		}
		number, st := rec[col["number"]], rec[col["incident_state"]]
		last[number] = uciLast{ra, ro, rec[col["made_sla"]], rec[col["priority"]]}
		if st == "-100" {
			continue
		}
		if st == "Closed" && state[number] != "Closed" {
			closings++
		}
		state[number] = st
	}
	return n, last, closings
}

func TestRealUCIEventLog(t *testing.T) {
	path := sharedDataset(t, "uci-incident-event-log/incident_event_log.csv")
	cfg, err := config.Load(filepath.Join(moduleRoot(t), "sample-data", "mappings", "uci-servicenow.yaml"), false)
	if err != nil {
		t.Fatal(err)
	}
	w := openTest(t, "")
	l := newLoader(w, cfg)
	res := mustLoad(t, l, path, FileOptions{Profile: "servicenow-eventlog"})
	checkUCIIndependently(t, w, path, cfg)

	records, last, closings := uciLastRecords(t, path)
	if records != 141_712 || len(last) != 24_918 {
		t.Fatalf("encoding/csv reads %d records of %d incidents; the published figures are 141,712 and 24,918", records, len(last))
	}
	if res.Records != 141_712 || res.Loaded != 141_707 || res.Rejected != 5 || res.New != 24_918 {
		t.Errorf("load: records %d, loaded %d, rejected %d, new %d; want 141712, 141707, 5, 24918", res.Records, res.Loaded, res.Rejected, res.New)
	}
	rejects := dump(t, w.DB, `SELECT line, "column", value, reason FROM rejects ORDER BY line`)
	reason := "unknown status: add it to the mapping's status vocabulary"
	want := []string{
		"115643|incident_state|-100|" + reason, "115644|incident_state|-100|" + reason,
		"124509|incident_state|-100|" + reason, "124510|incident_state|-100|" + reason, "124511|incident_state|-100|" + reason,
	}
	if !reflect.DeepEqual(rejects, want) {
		t.Errorf("rejects:\n got %q\nwant %q", rejects, want)
	}
	ledger := dump(t, w.DB, "SELECT records_read, records_counted, records_loaded, records_rejected, tickets_new, profile FROM loads")
	if want := []string{"141712|141712|141707|5|24918|servicenow-eventlog"}; !reflect.DeepEqual(ledger, want) {
		t.Errorf("loads: %q, want %q", ledger, want)
	}

	if n := queryInt(t, w.DB, "SELECT count(*) FROM tickets"); n != 24_918 {
		t.Errorf("tickets = %d, want 24918", n)
	}
	if got := dump(t, w.DB, "SELECT status, count(*) FROM tickets GROUP BY ALL"); !reflect.DeepEqual(got, []string{"closed|24918"}) {
		t.Errorf("final statuses: %q, want all 24918 closed", got)
	}
	if n := queryInt(t, w.DB, "SELECT count(*) FROM tickets WHERE NOT source_made_sla"); n != 9_115 {
		t.Errorf("tickets with made_sla false = %d, want 9115", n)
	}

	// Each ticket's counts are its last record's, as computed here from the CSV.
	rows, err := w.DB.Query("SELECT number, reassignment_count, reopen_count, source_made_sla, source_priority FROM tickets")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	seen, mismatches := 0, 0
	for rows.Next() {
		var number, priority string
		var ra, ro int
		var sla bool
		if err := rows.Scan(&number, &ra, &ro, &sla, &priority); err != nil {
			t.Fatal(err)
		}
		seen++
		want, ok := last[number]
		got := uciLast{ra, ro, strconv.FormatBool(sla), priority}
		if !ok || got != want {
			if mismatches++; mismatches <= 5 {
				t.Errorf("%s: warehouse %+v, last CSV record %+v", number, got, want)
			}
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if seen != len(last) || mismatches > 0 {
		t.Errorf("%d tickets compared, %d differ from their last CSV record", seen, mismatches)
	}

	// Events: one created event per ticket, assignments, a closed event per closing, and
	// sane tier intervals.
	ev := dump(t, w.DB, `SELECT count(*) FILTER (kind = 'created'), count(DISTINCT ticket_key) FILTER (kind = 'created'),
       count(*) FILTER (kind = 'assigned') > 1000, count(*) FILTER (kind = 'resolved') > 20000,
       count(*) FILTER (kind = 'closed'), count(DISTINCT ticket_key) FILTER (kind = 'closed')
FROM ticket_events`)
	if want := []string{"24918|24918|true|true|" + strconv.Itoa(closings) + "|24918"}; !reflect.DeepEqual(ev, want) {
		t.Errorf("events (created, tickets created, many assigned, many resolved, closed, tickets closed) = %q, want %q", ev, want)
	}
	if n := queryInt(t, w.DB, "SELECT count(*) FROM tier_intervals WHERE end_at < start_at OR end_at IS NULL"); n != 0 {
		t.Errorf("%d tier intervals end before they start or never end (every ticket is closed)", n)
	}
	if n := queryInt(t, w.DB, "SELECT count(*) FROM tier_intervals WHERE tier NOT IN ('L1', 'L2', 'L3', 'unmapped')"); n != 0 {
		t.Errorf("%d tier intervals outside L1-L3 and unmapped", n)
	}
	if n := queryInt(t, w.DB, "SELECT count(*) FROM tier_intervals WHERE entered_by = 'escalation'"); n == 0 {
		t.Error("no escalations in the UCI log's tier intervals")
	}

	// Loading the file again changes nothing.
	before := checksums(t, w.DB)
	again := mustLoad(t, l, path, FileOptions{Profile: "servicenow-eventlog"})
	if again.Status != "already loaded" {
		t.Errorf("second load: %+v", again)
	}
	if after := checksums(t, w.DB); !reflect.DeepEqual(before, after) {
		t.Errorf("loading the log again changed the warehouse:\nbefore %v\nafter  %v", before, after)
	}
}

func TestRealItalianHelpdesk(t *testing.T) {
	path := sharedDataset(t, "helpdesk-italian/finale.csv")
	mapping := filepath.Join(moduleRoot(t), "sample-data", "mappings", "helpdesk-italian.yaml")
	w := openTest(t, "")
	l := newLoader(w, nil)
	res := mustLoad(t, l, path, FileOptions{Mapping: mapping})
	checkItalianIndependently(t, w, path, mapping)
	if res.Records != 21_348 || res.Loaded != 21_348 || res.Rejected != 0 || res.New != 4_580 || res.Source != "helpdesk-italian" {
		t.Errorf("load: %+v; want 21348 records loaded, 4580 new tickets, source helpdesk-italian", res)
	}
	if n := queryInt(t, w.DB, "SELECT count(*) FROM tickets"); n != 4_580 {
		t.Errorf("tickets = %d, want 4580", n)
	}
	// The duplicate Variant header does not get in the way, and the mapping's tier map applies.
	if got := dump(t, w.DB, "SELECT DISTINCT tier FROM tier_intervals ORDER BY 1"); !reflect.DeepEqual(got, []string{"L1", "L3"}) {
		t.Errorf("tiers in the intervals: %q, want L1 and L3", got)
	}
	// Development (L3) is reached by the cases with an activity the mapping sends there:
	// Require upgrade / Create SW anomaly (144 cases) or Resolve SW anomaly (one case more).
	dev := italianDevelopmentCases(t, path)
	if dev != 145 {
		t.Errorf("encoding/csv finds %d cases with a development activity, want 145", dev)
	}
	if n := queryInt(t, w.DB, "SELECT count(DISTINCT ticket_key) FROM tier_intervals WHERE tier = 'L3'"); n != int64(dev) {
		t.Errorf("tickets reaching Development = %d, want %d", n, dev)
	}
	before := checksums(t, w.DB)
	mustLoad(t, l, path, FileOptions{Mapping: mapping})
	if after := checksums(t, w.DB); !reflect.DeepEqual(before, after) {
		t.Errorf("loading finale.csv again changed the warehouse")
	}
}

// italianDevelopmentCases counts, with encoding/csv, the cases of finale.csv with an activity
// that helpdesk-italian.yaml maps to the Development group.
func italianDevelopmentCases(t *testing.T, path string) int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]bool{}
	for _, r := range recs[1:] {
		switch r[1] {
		case "Require upgrade", "Create SW anomaly", "Resolve SW anomaly":
			cases[r[0]] = true
		}
	}
	return len(cases)
}
