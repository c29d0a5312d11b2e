package main

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tierlens/tierlens/config"
	"github.com/tierlens/tierlens/etl"
	"github.com/tierlens/tierlens/etl/sample"
	"github.com/tierlens/tierlens/etl/warehouse"
)

// readCSV reads a whole CSV file: its header and records.
func readCSV(t *testing.T, path string) ([]string, [][]string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(recs) == 0 {
		t.Fatalf("%s: empty", path)
	}
	return recs[0], recs[1:]
}

// byTicket groups records by the header's number column, and gives the column indexes.
func byTicket(t *testing.T, header []string, recs [][]string) (map[string][][]string, map[string]int) {
	t.Helper()
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	m := map[string][][]string{}
	for _, r := range recs {
		m[r[col["number"]]] = append(m[r[col["number"]]], r)
	}
	return m, col
}

// latest is the latest of the records' times in the given columns (day-first, as the logs).
func latest(t *testing.T, recs [][]string, cols ...int) time.Time {
	t.Helper()
	var max time.Time
	for _, r := range recs {
		for _, c := range cols {
			if missing(r[c]) {
				continue
			}
			v, err := time.Parse("2/1/2006 15:04", r[c])
			if err != nil {
				t.Fatalf("time %q: %v", r[c], err)
			}
			if v.After(max) {
				max = v
			}
		}
	}
	return max
}

func generateBase(t *testing.T, tickets int) string {
	t.Helper()
	paths, err := sample.Generate(context.Background(), sample.Options{Tickets: tickets, Seed: 3, End: benchEnd, Profile: sample.ProfileServiceNowEventlog, OutDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	return paths[0]
}

// A delta's updated tickets are the base's, with their whole history and later records;
// its new tickets are not in the base; half and half.
func TestDeltaUpdatedAreNewerAndNewAreNew(t *testing.T) {
	base := generateBase(t, 400)
	out := filepath.Join(t.TempDir(), "delta.csv")
	st, err := writeDelta(base, out, 61)
	if err != nil {
		t.Fatal(err)
	}
	bh, brecs := readCSV(t, base)
	dh, drecs := readCSV(t, out)
	if !slices.Equal(bh, dh) {
		t.Fatalf("delta header %v, base header %v", dh, bh)
	}
	bt, col := byTicket(t, bh, brecs)
	dt, _ := byTicket(t, dh, drecs)
	timeCols := []int{col["opened_at"], col["sys_created_at"], col["sys_updated_at"], col["resolved_at"], col["closed_at"]}
	baseEnd := latest(t, brecs, timeCols...)
	var updated, fresh int
	for num, recs := range dt {
		old, ok := bt[num]
		if !ok {
			fresh++
			if at := latest(t, recs, timeCols...); at.After(baseEnd.Add(deltaShift)) {
				t.Errorf("new ticket %s has a time %v after the delta's export (%v)", num, at, baseEnd.Add(deltaShift))
			}
			continue
		}
		updated++
		// Newer: its latest record is after everything the base says of it (and of anyone).
		if got, was := latest(t, recs, col["sys_updated_at"]), latest(t, old, timeCols...); !got.After(was) || !got.After(baseEnd) {
			t.Errorf("updated ticket %s: latest record at %v, not after the base's %v (file end %v)", num, got, was, baseEnd)
		}
		// Its whole history again: every base record's update time is there, plus newer ones.
		if len(recs) <= len(old) {
			t.Errorf("updated ticket %s: %d records, the base had %d", num, len(recs), len(old))
		}
		for i, r := range old {
			if recs[i][col["sys_updated_at"]] != r[col["sys_updated_at"]] || recs[i][col["incident_state"]] != r[col["incident_state"]] {
				t.Errorf("updated ticket %s: record %d is %v, the base's %v", num, i, recs[i], r)
			}
		}
	}
	if updated != 30 || fresh != 31 || st.Updated != 30 || st.New != 31 || st.Records != len(drecs) {
		t.Errorf("delta of 61: %d updated and %d new in the file, stats %+v with %d records in the file; want 30 and 31", updated, fresh, st, len(drecs))
	}
	if len(st.Actions) < 3 {
		t.Errorf("the updates are all alike: %v", st.Actions)
	}
}

// tierlens itself decides the same: loaded after its base, a delta's tickets are new or
// updated (queries/etl/decide.sql), none unchanged, nothing rejected.
func TestDeltaLoadsAsNewAndUpdated(t *testing.T) {
	if testing.Short() {
		t.Skip("loads into DuckDB")
	}
	base := generateBase(t, 300)
	out := filepath.Join(t.TempDir(), "delta.csv")
	st, err := writeDelta(base, out, 40)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	w, err := warehouse.Open(ctx, filepath.Join(t.TempDir(), "w.duckdb"), warehouse.Options{MemoryLimit: "1GB"})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	l := &etl.Loader{W: w, Config: config.Default(), Now: func() time.Time { return benchEnd }, Version: "test"}
	if _, err := l.Load(ctx, base, etl.FileOptions{Profile: "servicenow-eventlog", MaxRejects: -1}); err != nil {
		t.Fatal(err)
	}
	res, err := l.Load(ctx, out, etl.FileOptions{Profile: "servicenow-eventlog", MaxRejects: -1})
	if err != nil {
		t.Fatal(err)
	}
	if res.New != int64(st.New) || res.Updated != int64(st.Updated) || res.Unchanged != 0 || res.Rejected != 0 || st.New != 20 {
		t.Errorf("delta load: %d new, %d updated, %d unchanged, %d rejected; generated %+v", res.New, res.Updated, res.Unchanged, res.Rejected, st)
	}
}

const closedLog = `number,incident_state,active,reassignment_count,reopen_count,sys_mod_count,sys_updated_by,sys_updated_at,assignment_group,assigned_to,opened_at,resolved_at,closed_at
INC0000045,New,true,0,0,0,Updated by 1,29/2/2016 01:23,Group 56,?,29/2/2016 01:16,29/2/2016 11:29,5/3/2016 12:00
INC0000045,Resolved,true,0,0,1,Updated by 2,29/2/2016 11:29,Group 56,Agent 1,29/2/2016 01:16,29/2/2016 11:29,5/3/2016 12:00
INC0000045,Closed,false,0,0,2,Updated by 3,5/3/2016 12:00,Group 56,Agent 1,29/2/2016 01:16,29/2/2016 11:29,5/3/2016 12:00
INC0000047,Active,true,0,0,0,Updated by 1,1/3/2016 09:00,Group 70,?,1/3/2016 08:59,?,?
INC0000047,Closed,false,1,0,1,Updated by 2,6/3/2016 10:00,Group 24,Agent 2,1/3/2016 08:59,2/3/2016 10:00,6/3/2016 10:00
`

// A log whose tickets are all closed (the UCI log's last records all say Closed): its
// updates reopen them, and every record takes the new case fields.
func TestDeltaReopensClosedTickets(t *testing.T) {
	dir := t.TempDir()
	base := filepath.Join(dir, "log.csv")
	if err := os.WriteFile(base, []byte(closedLog), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "delta.csv")
	st, err := writeDelta(base, out, 4)
	if err != nil {
		t.Fatal(err)
	}
	if st.Actions["reopened and resolved"] != 1 || st.Actions["reopened and reassigned"] != 1 || st.New != 2 {
		t.Fatalf("stats %+v", st)
	}
	h, recs := readCSV(t, out)
	dt, col := byTicket(t, h, recs)
	// INC0000045 comes first in the file: update 0, reopened and resolved.
	a := dt["INC0000045"]
	if len(a) != 5 {
		t.Fatalf("INC0000045: %d records, want its 3 and 2 newer: %v", len(a), a)
	}
	last := a[4]
	if a[3][col["incident_state"]] != "Active" || a[3][col["reopen_count"]] != "1" || last[col["incident_state"]] != "Resolved" || last[col["sys_mod_count"]] != "4" {
		t.Errorf("INC0000045's newer records: %v, %v", a[3], last)
	}
	for _, r := range a {
		if r[col["resolved_at"]] != last[col["sys_updated_at"]] || r[col["closed_at"]] != "?" {
			t.Errorf("INC0000045: record %v keeps old case fields (resolved_at %s, want %s; closed_at cleared)", r, r[col["resolved_at"]], last[col["sys_updated_at"]])
		}
	}
	// The latest time in the base is 6/3/2016 10:00: the newer records come after it, in
	// the day after.
	at, _ := time.Parse("2/1/2006 15:04", last[col["sys_updated_at"]])
	end := time.Date(2016, 3, 6, 10, 0, 0, 0, time.UTC)
	if !at.After(end) || at.After(end.Add(deltaShift)) {
		t.Errorf("newer record at %v, want within the day after %v", at, end)
	}
	b := dt["INC0000047"]
	if nb := b[len(b)-1]; nb[col["incident_state"]] != "Active" || nb[col["assignment_group"]] == "Group 24" || nb[col["reassignment_count"]] != "2" || nb[col["reopen_count"]] != "1" {
		t.Errorf("INC0000047's newer record: %v, want reopened and passed to another group", nb)
	}
	// New tickets: numbered after the highest, one day later.
	for _, num := range []string{"INC0000048", "INC0000049"} {
		if len(dt[num]) == 0 {
			t.Errorf("no new ticket %s in %v", num, dt)
		}
	}
	// The sources are the most recently created tickets, numbered in the base's order.
	if got := dt["INC0000048"][0][col["opened_at"]]; got != "1/3/2016 01:16" {
		t.Errorf("new INC0000048 (a copy of INC0000045 one day later) opened at %s, want 1/3/2016 01:16", got)
	}
	if got := dt["INC0000049"][0][col["opened_at"]]; got != "2/3/2016 08:59" {
		t.Errorf("new INC0000049 (a copy of INC0000047 one day later) opened at %s, want 2/3/2016 08:59", got)
	}
}

// Bad input names the file, the line and the field.
func TestDeltaBadInput(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct{ name, text, want string }{
		{"time", strings.Replace(closedLog, "1/3/2016 09:00", "yesterday", 1), "log.csv: line 5: sys_updated_at: \"yesterday\" is not a time"},
		{"column", strings.Replace(closedLog, "sys_updated_at", "updated", 1), "log.csv: line 1: the header has no \"sys_updated_at\" column"},
		{"number", strings.Replace(closedLog, "INC0000047,Active", "INC-X,Active", 1), "log.csv: line 5: number: \"INC-X\" does not end in digits"},
	} {
		t.Run(c.name, func(t *testing.T) {
			base := filepath.Join(dir, "log.csv")
			if err := os.WriteFile(base, []byte(c.text), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := writeDelta(base, filepath.Join(dir, "delta.csv"), 4)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want one containing %q", err, c.want)
			}
			if _, serr := os.Stat(filepath.Join(dir, "delta.csv")); serr == nil {
				t.Errorf("a failed delta left a file behind")
			}
		})
	}
}
