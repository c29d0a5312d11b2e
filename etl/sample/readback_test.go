package sample

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
)

// Format-level checks of the files TestRealism generates: shape, time
// layouts and that the three generic files hold the same rows.

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
