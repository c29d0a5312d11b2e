package metrics_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tierlens/tierlens/config"
	"github.com/tierlens/tierlens/queries"
)

// slaWarehouse is newWarehouse plus what the calendar and SLA engine read: the default
// configuration's tier OLAs, calendars, holidays and SLA policies (as the loader writes them)
// Call slaRefresh after adding tickets to read the SLA tables directly (run does it itself).
func slaWarehouse(t testing.TB) *sql.DB {
	t.Helper()
	db := newWarehouse(t)
	cfg := config.Default()
	for _, tr := range cfg.Tiers {
		var ola any
		if m := tr.OLA.Minutes(); m > 0 {
			ola = m
		}
		exec(t, db, "UPDATE tiers SET ola_minutes = ? WHERE tier = ?", ola, tr.ID)
	}
	for _, name := range cfg.CalendarNames() {
		cal := cfg.Calendars[name]
		for _, w := range cal.Windows {
			slaWindow(t, db, name, cal.TimeZone, w.Weekday, w.Start, w.End)
		}
		for _, h := range cal.Holidays {
			from, to, err := h.Days()
			if err != nil {
				t.Fatal(err)
			}
			for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
				exec(t, db, "INSERT INTO holidays VALUES (?, ?::DATE, ?)", name, d.Format(time.DateOnly), h.Name)
			}
		}
	}
	for i, p := range cfg.SLAPolicies {
		slaPolicy(t, db, i+1, p.Name, p.Priority, p.Calendar, p.Response.Minutes(), p.Resolution.Minutes(), p.Reopen, p.PauseOn...)
	}
	return db
}

// slaWindow adds a weekly business window (end 24h = until midnight, stored as the loader
// stores it).
func slaWindow(t testing.TB, db *sql.DB, cal, tz string, weekday int, start, end time.Duration) {
	t.Helper()
	clock := func(d time.Duration) string {
		if d >= 24*time.Hour {
			return "23:59:59.999999"
		}
		return fmt.Sprintf("%02d:%02d:00", int(d.Hours()), int(d.Minutes())%60)
	}
	exec(t, db, "INSERT INTO calendars VALUES (?, ?, ?, ?::TIME, ?::TIME)", cal, tz, weekday, clock(start), clock(end))
}

// slaPolicy adds an SLA policy matching one priority (every priority when empty).
func slaPolicy(t testing.TB, db *sql.DB, pos int, name, prio, cal string, response, resolution int, reopen string, pause ...string) {
	t.Helper()
	nz := func(v int) any {
		if v == 0 {
			return nil
		}
		return v
	}
	if pause == nil {
		pause = []string{}
	}
	exec(t, db, "INSERT INTO sla_policies VALUES (?, ?, ?, NULL, NULL, NULL, ?, ?, ?, ?, ?)",
		name, pos, nul(prio), cal, nz(response), nz(resolution), pause, reopen)
}

// slaRefresh rebuilds the SLA tables as the loader does after a load (queries/etl/derived.sql).
func slaRefresh(t testing.TB, db *sql.DB) {
	t.Helper()
	for _, stmt := range strings.Split(queries.MustRead("etl/derived.sql"), ";\n") {
		if strings.TrimSpace(stripComments(stmt)) == "" {
			continue
		}
		if _, err := db.ExecContext(context.Background(), stmt); err != nil {
			t.Fatalf("refresh SLA tables: %v\n%s", err, stmt)
		}
	}
}

func stripComments(s string) string {
	var b strings.Builder
	for _, l := range strings.Split(s, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), "--") {
			b.WriteString(l + "\n")
		}
	}
	return b.String()
}

// instance is one row of sla_instances, as tests compare it.
type instance struct {
	start, stop       time.Time
	stopReason        string
	target            int
	elapsed, calendar float64
	paused            float64
	breachAt, dueAt   *time.Time
	status            string
	atRisk            bool
	tier              string
	cycles            int // instances of this ticket and kind
}

// slaInstance reads the instance of a ticket (key without source) of a kind and cycle.
func slaInstance(t testing.TB, db *sql.DB, number, kind string, cycle int) instance {
	t.Helper()
	var in instance
	var stop sql.NullTime
	var reason, tier sql.NullString
	var breach, due sql.NullTime
	err := db.QueryRowContext(context.Background(), `
SELECT start_at, stop_at, stop_reason, target_minutes, business_elapsed_minutes, calendar_elapsed_minutes,
       paused_minutes, breach_at, due_at, status, at_risk, tier,
       count(*) OVER (PARTITION BY ticket_key, kind) AS n
FROM sla_instances WHERE ticket_key = ? AND kind = ? QUALIFY cycle = ?`, "desk:"+number, kind, cycle).Scan(
		&in.start, &stop, &reason, &in.target, &in.elapsed, &in.calendar, &in.paused, &breach, &due,
		&in.status, &in.atRisk, &tier, &in.cycles)
	if err != nil {
		t.Fatalf("instance %s %s %d: %v", number, kind, cycle, err)
	}
	in.stop, in.stopReason, in.tier = stop.Time, reason.String, tier.String
	if breach.Valid {
		in.breachAt = &breach.Time
	}
	if due.Valid {
		in.dueAt = &due.Time
	}
	return in
}

func sameTime(got *time.Time, want string) bool {
	if want == "" {
		return got == nil
	}
	return got != nil && got.Format("2006-01-02 15:04:05") == want
}
