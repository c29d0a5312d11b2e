package metrics_test

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"testing"
	"time"
)

// calendarWarehouse holds four calendars, each the calendar of one priority's SLA policy, so
// both the business_minutes macro and the engine (ticket_clock, through sla_clock's ASOF
// joins) can be checked on the same intervals:
//
//	P1 madrid24  Europe/Madrid, every day 00:00-24:00
//	P2 office    Europe/Madrid, Mon-Fri 08:00-18:00, holiday Mon 2026-10-12
//	P3 split     Europe/Madrid, Mon-Fri 08:00-12:00 and 13:00-17:00
//	P4 kolkata   Asia/Kolkata (UTC+05:30), Mon-Fri 09:00-17:00
func calendarWarehouse(t *testing.T) *sql.DB {
	t.Helper()
	db := slaWarehouse(t)
	exec(t, db, "DELETE FROM calendars")
	exec(t, db, "DELETE FROM holidays")
	exec(t, db, "DELETE FROM sla_policies")
	h := time.Hour
	for d := 1; d <= 7; d++ {
		slaWindow(t, db, "madrid24", "Europe/Madrid", d, 0, 24*h)
	}
	for d := 1; d <= 5; d++ {
		slaWindow(t, db, "office", "Europe/Madrid", d, 8*h, 18*h)
		slaWindow(t, db, "split", "Europe/Madrid", d, 8*h, 12*h)
		slaWindow(t, db, "split", "Europe/Madrid", d, 13*h, 17*h)
		slaWindow(t, db, "kolkata", "Asia/Kolkata", d, 9*h, 17*h)
	}
	exec(t, db, "INSERT INTO holidays VALUES ('office', DATE '2026-10-12', 'National Day')")
	slaPolicy(t, db, 1, "p1", "P1", "madrid24", 60, 600, "restart")
	slaPolicy(t, db, 2, "p2", "P2", "office", 60, 600, "restart")
	slaPolicy(t, db, 3, "p3", "P3", "split", 60, 600, "restart")
	slaPolicy(t, db, 4, "p4", "P4", "kolkata", 60, 600, "restart")
	return db
}

var businessCases = []struct {
	name     string
	prio     string // the calendar, by policy (see calendarWarehouse)
	from, to string // local wall-clock times in the calendar's zone
	want     float64
}{
	{"inside one day", "P2", "2026-11-03 09:00", "2026-11-03 11:30", 150},
	{"from before opening to after closing", "P2", "2026-11-03 06:00", "2026-11-03 20:00", 600},
	{"over a weekend", "P2", "2026-11-06 17:00", "2026-11-09 09:00", 120},
	{"over a holiday", "P2", "2026-10-09 17:00", "2026-10-13 09:00", 120},
	{"weekend of the spring DST change", "P2", "2026-03-27 17:00", "2026-03-30 09:00", 120},
	{"weekend of the autumn DST change", "P2", "2026-10-23 17:00", "2026-10-26 09:00", 120},
	{"zero length", "P2", "2026-11-03 10:00", "2026-11-03 10:00", 0},
	{"three weeks", "P2", "2026-11-02 08:00", "2026-11-23 08:00", 3 * 5 * 600},
	{"two days, outside hours at both ends", "P2", "2026-11-03 06:00", "2026-11-04 20:00", 1200},
	{"only closed hours", "P2", "2026-11-07 10:00", "2026-11-08 20:00", 0},
	{"spring-forward day has 23 hours", "P1", "2026-03-29 00:00", "2026-03-30 00:00", 23 * 60},
	{"fall-back day has 25 hours", "P1", "2026-10-25 00:00", "2026-10-26 00:00", 25 * 60},
	{"across the skipped hour", "P1", "2026-03-29 01:30", "2026-03-29 03:30", 60},
	{"across the repeated hour", "P1", "2026-10-25 01:30", "2026-10-25 03:30", 180},
	{"lunch break", "P3", "2026-11-03 11:00", "2026-11-03 14:00", 120},
	{"half-hour zone", "P4", "2026-11-03 08:30", "2026-11-03 09:30", 30},
}

var calendarZone = map[string]string{"P1": "Europe/Madrid", "P2": "Europe/Madrid", "P3": "Europe/Madrid", "P4": "Asia/Kolkata"}
var calendarName = map[string]string{"P1": "madrid24", "P2": "office", "P3": "split", "P4": "kolkata"}

func localUTC(t *testing.T, zone, s string) time.Time {
	t.Helper()
	loc, err := time.LoadLocation(zone)
	if err != nil {
		t.Fatal(err)
	}
	v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		t.Fatal(err)
	}
	return v.UTC()
}

// TestBusinessMinutes checks business minutes of hand-computed intervals two ways: the
// business_minutes macro (overlap with calendar_windows) and the SLA engine (a ticket created
// at the start and resolved at the end: ticket_clock, from sla_clock's ASOF lookups).
func TestBusinessMinutes(t *testing.T) {
	db := calendarWarehouse(t)
	ctx := context.Background()
	// a ticket spanning 2026 makes the calendars cover the whole year
	add(t, db, tk{N: "span", At: "2026-01-01 00:00", G: "SD", Ev: []string{"364d close"}})
	for i, c := range businessCases {
		from := localUTC(t, calendarZone[c.prio], c.from)
		to := localUTC(t, calendarZone[c.prio], c.to)
		mins := int(to.Sub(from) / time.Minute)
		add(t, db, tk{N: fmt.Sprintf("c%02d", i), At: from.Format("2006-01-02 15:04"), G: "SD", Prio: c.prio,
			Ev: []string{fmt.Sprintf("%dm resolve", mins)}})
	}
	slaRefresh(t, db)
	for i, c := range businessCases {
		t.Run(c.name, func(t *testing.T) {
			from := localUTC(t, calendarZone[c.prio], c.from)
			to := localUTC(t, calendarZone[c.prio], c.to)
			var macro, engine, clock float64
			if err := db.QueryRowContext(ctx, "SELECT business_minutes(?, ?, ?)", calendarName[c.prio], from, to).Scan(&macro); err != nil {
				t.Fatal(err)
			}
			if err := db.QueryRowContext(ctx, "SELECT resolution_business_minutes, resolution_clock_minutes FROM ticket_clock WHERE ticket_key = ?",
				fmt.Sprintf("desk:c%02d", i)).Scan(&engine, &clock); err != nil {
				t.Fatal(err)
			}
			if math.Abs(macro-c.want) > 1e-9 || math.Abs(engine-c.want) > 1e-9 || math.Abs(clock-c.want) > 1e-9 {
				t.Errorf("%s -> %s: business_minutes = %v, engine = %v, clock = %v; want %v", c.from, c.to, macro, engine, clock, c.want)
			}
		})
	}
	// Reversed bounds are no time, not negative time.
	var rev float64
	if err := db.QueryRowContext(ctx, "SELECT business_minutes('office', TIMESTAMP '2026-11-04 10:00', TIMESTAMP '2026-11-03 10:00')").Scan(&rev); err != nil || rev != 0 {
		t.Errorf("reversed interval: %v, %v; want 0", rev, err)
	}
}

// TestBusinessAdd checks due times: business_add(calendar, t, minutes).
func TestBusinessAdd(t *testing.T) {
	db := calendarWarehouse(t)
	add(t, db, tk{N: "span", At: "2026-01-01 00:00", G: "SD", Ev: []string{"364d close"}})
	slaRefresh(t, db)
	for _, c := range []struct {
		cal, zone, from string
		mins            int
		want            string // local
	}{
		{"office", "Europe/Madrid", "2026-11-06 17:00", 600, "2026-11-09 17:00"},
		{"office", "Europe/Madrid", "2026-11-03 06:00", 600, "2026-11-03 18:00"},
		{"office", "Europe/Madrid", "2026-10-09 17:00", 61, "2026-10-13 08:01"},
		{"madrid24", "Europe/Madrid", "2026-03-28 12:00", 1440, "2026-03-29 13:00"},
		{"madrid24", "Europe/Madrid", "2026-10-24 12:00", 1440, "2026-10-25 11:00"},
	} {
		var got time.Time
		from := localUTC(t, c.zone, c.from)
		if err := db.QueryRowContext(context.Background(), "SELECT business_add(?, ?, ?)", c.cal, from, c.mins).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if want := localUTC(t, c.zone, c.want); !got.Equal(want) {
			t.Errorf("business_add(%s, %s, %d) = %s, want %s (%s local)", c.cal, c.from, c.mins, got.UTC(), want, c.want)
		}
	}
}

// TestCalendarDays checks the day view: a holiday, a weekend, and the DST days' lengths.
func TestCalendarDays(t *testing.T) {
	db := calendarWarehouse(t)
	add(t, db, tk{N: "span", At: "2026-01-01 00:00", G: "SD", Ev: []string{"364d close"}})
	slaRefresh(t, db)
	for _, c := range []struct {
		cal, day string
		hours    float64
		business float64
		holiday  string
	}{
		{"office", "2026-10-12", 24, 0, "National Day"},
		{"office", "2026-10-13", 24, 600, ""},
		{"office", "2026-11-07", 24, 0, ""},
		{"madrid24", "2026-03-29", 23, 1380, ""},
		{"madrid24", "2026-10-25", 25, 1500, ""},
	} {
		var start, end time.Time
		var business float64
		var holiday sql.NullString
		if err := db.QueryRowContext(context.Background(),
			"SELECT day_start_at, day_end_at, business_minutes, holiday FROM calendar_days WHERE calendar = ? AND day = ?::DATE",
			c.cal, c.day).Scan(&start, &end, &business, &holiday); err != nil {
			t.Fatal(err)
		}
		if h := end.Sub(start).Hours(); h != c.hours || business != c.business || holiday.String != c.holiday {
			t.Errorf("%s %s: %v hours, %v business minutes, holiday %q; want %v, %v, %q", c.cal, c.day, h, business, holiday.String, c.hours, c.business, c.holiday)
		}
	}
}
