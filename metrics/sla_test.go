package metrics_test

import (
	"database/sql"
	"math"
	"testing"
)

// slaDesk is the crafted desk of the SLA tests, in the week of Monday 2026-11-02 (all times
// UTC; Madrid is UTC+1, so the business calendar's 08:00-18:00 is 07:00-17:00 UTC). Default
// policies (P2: response 30, resolution 480; P3: 240, 1440; business calendar, pause on
// pending, reopen restart), except P4, changed to response 480, resolution 1440, reopen
// continue. Tier OLAs: L1 240, L2 960, L4 600 (changed from 2400). Hand-computed:
//
//	A  P2 Tue 08:00, reply +20m, resolved +2h: response 20 met; resolution 120 met
//	B  P2 Tue 16:50, to L2 Wed 07:25, reply Wed 07:30, resolved Wed 09:00: response 10+30 = 40
//	   breached at Wed 07:20, on L2; resolution 130 met on L2
//	C  P2 Wed 08:00, reply +10m, pending 09:00 to Thu 08:00, resolved Thu 14:00: resolution
//	   60+360 = 420 met, paused 480+60 = 540 (960 without the pause: would breach)
//	D  P3 Mon 07:00, reply +10m, resolved Wed 07:00, reopened Wed 09:00, resolved Thu 07:00:
//	   restart: cycle 1 1200 met, cycle 2 480 met
//	Dc as D with P4 (continue): one instance 1200+480 = 1680 > 1440 breached at Wed 13:00
//	E1 P2 Fri 08:00, reply +10m, never resolved: at the week's end 540 > 480, breached at Fri 16:00
//	E2 P3 Thu 07:00, reply +5m, resolved Tue 11-10 07:00: at the week's end 1200 of 1440 (83%:
//	   at risk); breached Mon 11-09 11:00 (600+600+240)
//	F  P2 Mon 10:00, cancelled +30m: response and resolution cancelled (in no attainment)
//	G  P2 Mon 08:00, resolved +20m without a reply: the resolution answers: response 20 met
//	V  P3 Mon 08:00, reply +30m, to vendor VEN (L4) 09:00, waiting for the vendor 10:00 to Tue
//	   08:00, resolved Tue 11:00: SLA clock paused (resolution 120+180 = 300); vendor stay OLA
//	   clock 60+480+180 = 720 > 600 breached
//	V2 as V, but pending for the customer: vendor stay OLA clock 60+180 = 240 met
func slaDesk(t *testing.T) *sql.DB {
	t.Helper()
	db := slaWarehouse(t)
	exec(t, db, "UPDATE sla_policies SET reopen = 'continue', response_minutes = 480, resolution_minutes = 1440 WHERE priority = 'P4'")
	exec(t, db, "UPDATE tiers SET ola_minutes = 600 WHERE tier = 'L4'")
	add(t, db,
		tk{N: "A", At: "2026-11-03 08:00", G: "SD", Prio: "P2", Ev: []string{"20m reply", "2h resolve"}},
		tk{N: "B", At: "2026-11-03 16:50", G: "SD", Prio: "P2", Ev: []string{"14h35m group APP", "14h40m reply", "16h10m resolve"}},
		tk{N: "C", At: "2026-11-04 08:00", G: "SD", Prio: "P2", Ev: []string{"10m reply", "1h pending", "1d open", "1d6h resolve"}},
		tk{N: "D", At: "2026-11-02 07:00", G: "SD", Prio: "P3", Ev: []string{"10m reply", "2d resolve", "2d2h reopen", "3d resolve"}},
		tk{N: "Dc", At: "2026-11-02 07:00", G: "SD", Prio: "P4", Ev: []string{"10m reply", "2d resolve", "2d2h reopen", "3d resolve"}},
		tk{N: "E1", At: "2026-11-06 08:00", G: "SD", Prio: "P2", Ev: []string{"10m reply"}},
		tk{N: "E2", At: "2026-11-05 07:00", G: "SD", Prio: "P3", Ev: []string{"5m reply", "5d resolve"}},
		tk{N: "F", At: "2026-11-02 10:00", G: "SD", Prio: "P2", Ev: []string{"30m cancel"}},
		tk{N: "G", At: "2026-11-02 08:00", G: "SD", Prio: "P2", Ev: []string{"20m resolve"}},
		tk{N: "V", At: "2026-11-02 08:00", G: "SD", Prio: "P3", Ev: []string{"30m reply", "1h group VEN", "2h pending", "1d open", "1d3h resolve"}},
		tk{N: "V2", At: "2026-11-02 08:00", G: "SD", Prio: "P3", Ev: []string{"30m reply", "1h group VEN", "2h pending", "1d open", "1d3h resolve"}},
	)
	exec(t, db, "UPDATE status_intervals SET source_status = 'Awaiting Vendor', pause_reason = 'Awaiting Vendor' WHERE ticket_key = 'desk:V' AND status = 'pending'")
	slaRefresh(t, db)
	return db
}

func TestSLAInstances(t *testing.T) {
	db := slaDesk(t)
	for _, c := range []struct {
		n, kind                string
		cycle                  int
		stop, reason           string
		elapsed, paused, calen float64
		breach, due, status    string
		tier                   string
		cycles                 int
	}{
		{"A", "response", 1, "2026-11-03 08:20", "response", 20, 0, 20, "", "", "met", "L1", 1},
		{"A", "resolution", 1, "2026-11-03 10:00", "resolved", 120, 0, 120, "", "", "met", "L1", 1},
		{"B", "response", 1, "2026-11-04 07:30", "response", 40, 0, 880, "2026-11-04 07:20:00", "", "breached", "L2", 1},
		{"B", "resolution", 1, "2026-11-04 09:00", "resolved", 130, 0, 970, "", "", "met", "L2", 1},
		{"C", "resolution", 1, "2026-11-05 14:00", "resolved", 420, 540, 1800, "", "", "met", "L1", 1},
		{"D", "resolution", 1, "2026-11-04 07:00", "resolved", 1200, 0, 2880, "", "", "met", "L1", 2},
		{"D", "resolution", 2, "2026-11-05 07:00", "resolved", 480, 0, 1320, "", "", "met", "L1", 2},
		{"Dc", "resolution", 1, "2026-11-05 07:00", "resolved", 1680, 0, 4320, "2026-11-04 13:00:00", "", "breached", "L1", 1},
		{"E2", "resolution", 1, "2026-11-10 07:00", "resolved", 1800, 0, 7200, "2026-11-09 11:00:00", "", "breached", "L1", 1},
		{"F", "response", 1, "2026-11-02 10:30", "cancelled", 30, 0, 30, "", "", "cancelled", "L1", 1},
		{"F", "resolution", 1, "2026-11-02 10:30", "cancelled", 30, 0, 30, "", "", "cancelled", "L1", 1},
		{"G", "response", 1, "2026-11-02 08:20", "resolved", 20, 0, 20, "", "", "met", "L1", 1},
		{"V", "resolution", 1, "2026-11-03 11:00", "resolved", 300, 480, 1620, "", "", "met", "L4", 1},
	} {
		got := slaInstance(t, db, c.n, c.kind, c.cycle)
		stop := ""
		if !got.stop.IsZero() {
			stop = got.stop.Format("2006-01-02 15:04")
		}
		if stop != c.stop || got.stopReason != c.reason || math.Abs(got.elapsed-c.elapsed) > 1e-9 ||
			math.Abs(got.paused-c.paused) > 1e-9 || math.Abs(got.calendar-c.calen) > 1e-9 ||
			!sameTime(got.breachAt, c.breach) || !sameTime(got.dueAt, c.due) || got.status != c.status ||
			got.tier != c.tier || got.cycles != c.cycles {
			t.Errorf("%s %s #%d: got stop %s (%s), elapsed %v, paused %v, calendar %v, breach %v, due %v, %s on %s, %d instances\n"+
				"want stop %s (%s), elapsed %v, paused %v, calendar %v, breach %q, due %q, %s on %s, %d instances",
				c.n, c.kind, c.cycle, stop, got.stopReason, got.elapsed, got.paused, got.calendar, got.breachAt, got.dueAt, got.status, got.tier, got.cycles,
				c.stop, c.reason, c.elapsed, c.paused, c.calen, c.breach, c.due, c.status, c.tier, c.cycles)
		}
	}
	// E1 is still open: read at as_of, E2's resolution on Tue 11-10 07:00 (the source's newest
	// change): Fri 540 + Mon 600 = 1140, past 480 since Fri 16:00.
	e1 := slaInstance(t, db, "E1", "resolution", 1)
	if !e1.stop.IsZero() || e1.status != "in_flight_breached" || e1.elapsed != 1140 || !sameTime(e1.breachAt, "2026-11-06 16:00:00") || e1.atRisk {
		t.Errorf("E1 resolution: %+v", e1)
	}
	// A ticket breached in no instance is not breached; any breached cycle breaches the ticket.
	for n, want := range map[string]bool{"A": false, "B": true, "D": false, "Dc": true, "E1": true} {
		var got bool
		if err := db.QueryRow("SELECT breached FROM sla_tickets WHERE ticket_key = ?", "desk:"+n).Scan(&got); err != nil || got != want {
			t.Errorf("sla_tickets %s breached = %v (%v), want %v", n, got, err, want)
		}
	}
}

// TestSLADueAndAtRisk: a clock still running, not yet breached, has a due time and is at risk
// from 75% of its target.
func TestSLADueAndAtRisk(t *testing.T) {
	db := slaWarehouse(t)
	// P3 (1440) created Mon 07:00; the source's newest change is Wed 07:00 (another ticket):
	// 1200 of 1440 elapsed (83%), due Wed 11:00 if the clock keeps running.
	add(t, db,
		tk{N: "R", At: "2026-11-02 07:00", G: "SD", Prio: "P3", Ev: []string{"5m reply"}},
		tk{N: "Late", At: "2026-11-04 06:00", G: "SD", Prio: "P3", Ev: []string{"1h reply"}},
		// P3 created Mon 07:00, pending from 08:00: paused, no due time while paused
		tk{N: "P", At: "2026-11-02 07:00", G: "SD", Prio: "P3", Ev: []string{"5m reply", "1h pending"}},
	)
	slaRefresh(t, db)
	r := slaInstance(t, db, "R", "resolution", 1)
	if r.status != "in_flight" || !r.atRisk || r.elapsed != 1200 || !sameTime(r.dueAt, "2026-11-04 11:00:00") || r.breachAt != nil {
		t.Errorf("R: %+v", r)
	}
	p := slaInstance(t, db, "P", "resolution", 1)
	if p.status != "in_flight" || p.atRisk || p.elapsed != 60 || p.paused != 1140 || p.dueAt != nil {
		t.Errorf("P: %+v", p)
	}
}

func TestSLAResponseAttainment(t *testing.T) {
	db := slaDesk(t)
	r := week(t, db, "sla_response_attainment")
	// L1: A C D Dc E1 E2 G V V2 met (F cancelled counts in neither); L2: B breached.
	wantRatio(t, r, "2026-11-02", "L1", 1, 9, 9)
	wantRatio(t, r, "2026-11-02", "L2", 0, 0, 1)
	wantRatio(t, r, "2026-11-02", "L4", nan, 0, 0)
	// Empty period.
	r = run(t, db, "sla_response_attainment", "week", "2026-11-09", "2026-11-16", "tier")
	wantRatio(t, r, "2026-11-09", "L1", nan, 0, 0)
}

func TestSLAResolutionAttainment(t *testing.T) {
	db := slaDesk(t)
	r := week(t, db, "sla_resolution_attainment")
	// L1: A, C, D cycle 1, D cycle 2, G met; Dc (continue) breached. L2: B. L4: V, V2.
	wantRatio(t, r, "2026-11-02", "L1", 5.0/6, 5, 6)
	wantRatio(t, r, "2026-11-02", "L2", 1, 1, 1)
	wantRatio(t, r, "2026-11-02", "L4", 1, 2, 2)
	// The next week: E2 breached.
	r = run(t, db, "sla_resolution_attainment", "week", "2026-11-09", "2026-11-16", "tier")
	wantRatio(t, r, "2026-11-09", "L1", 0, 0, 1)
	// Without a breakdown: 8 of 9 in the first week.
	r = run(t, db, "sla_resolution_attainment", "week", "2026-11-02", "2026-11-09")
	if row := r.Rows[0]; !same(row.Numerator, 8) || !same(row.Denominator, 9) {
		t.Errorf("whole desk: %s", dump(r))
	}
}

func TestSLAInFlight(t *testing.T) {
	db := slaDesk(t)
	// At the end of the week (Sun 11-08 23:00 UTC) two resolution clocks run: E1 (540 > 480,
	// breached) and E2 (1200 of 1440: at risk).
	wantRatio(t, week(t, db, "sla_at_risk"), "2026-11-02", "L1", 0.5, 1, 2)
	wantRatio(t, week(t, db, "sla_in_flight_breached"), "2026-11-02", "L1", 0.5, 1, 2)
	wantRatio(t, week(t, db, "sla_at_risk"), "2026-11-02", "L2", nan, 0, 0)
	// The next week ends after the newest data (Tue 11-10 07:00): read then, E2 has stopped
	// and E1 is in flight, breached.
	r := run(t, db, "sla_in_flight_breached", "week", "2026-11-09", "2026-11-16", "tier")
	wantRatio(t, r, "2026-11-09", "L1", 1, 1, 1)
	r = run(t, db, "sla_at_risk", "week", "2026-11-09", "2026-11-16", "tier")
	wantRatio(t, r, "2026-11-09", "L1", 0, 0, 1)
	// By day: at the end of Thursday 11-05 (Madrid), E2 has run 600 of 1440 (not at risk) and
	// D's second cycle stopped that morning; on Friday's end E1 is breached, E2 at risk.
	r = run(t, db, "sla_at_risk", "day", "2026-11-05", "2026-11-07", "tier")
	wantRatio(t, r, "2026-11-05", "L1", 0, 0, 1)
	wantRatio(t, r, "2026-11-06", "L1", 0.5, 1, 2)
	r = run(t, db, "sla_in_flight_breached", "day", "2026-11-05", "2026-11-07", "tier")
	wantRatio(t, r, "2026-11-05", "L1", 0, 0, 1)
	wantRatio(t, r, "2026-11-06", "L1", 0.5, 1, 2)
	// At Wednesday's end (11-04 23:00 UTC) three clocks run: C's, paused since 09:00 (60 of
	// 480); D's second cycle (reopened 09:00: 480 of 1440); Dc's continued clock, past its
	// target (1200 + 480 = 1680 of 1440). E1 and E2 do not exist yet.
	r = run(t, db, "sla_in_flight_breached", "day", "2026-11-04", "2026-11-05", "tier")
	wantRatio(t, r, "2026-11-04", "L1", 1.0/3, 1, 3)
}

func TestOLAAttainment(t *testing.T) {
	db := slaDesk(t)
	r := week(t, db, "ola_attainment")
	// L1 stays ended in the week: A 120, B 35, F 30, G 20, V 60, V2 60 met; C 420 (the pause
	// does not count), D 1200 and 480, Dc 1200 and 480 breached: 6 of 11.
	wantRatio(t, r, "2026-11-02", "L1", 6.0/11, 6, 11)
	wantRatio(t, r, "2026-11-02", "L2", 1, 1, 1)
	// L4: V's vendor clock runs while waiting for the vendor (720 > 600); V2's pauses (240).
	wantRatio(t, r, "2026-11-02", "L4", 0.5, 1, 2)
	wantRatio(t, r, "2026-11-02", "L0", nan, 0, 0)
	var clock, vendorWait, ola float64
	if err := db.QueryRow("SELECT clock_minutes, vendor_wait_minutes, ola_clock_minutes FROM tier_stay_clock WHERE ticket_key = 'desk:V' AND tier = 'L4'").Scan(&clock, &vendorWait, &ola); err != nil {
		t.Fatal(err)
	}
	if clock != 240 || vendorWait != 480 || ola != 720 {
		t.Errorf("V's vendor stay: clock %v, vendor wait %v, OLA clock %v; want 240, 480, 720", clock, vendorWait, ola)
	}
}

func TestVendorAttainment(t *testing.T) {
	db := slaDesk(t)
	wantRatio(t, week(t, db, "vendor_attainment"), "2026-11-02", "L4", 0.5, 1, 2)
	wantRatio(t, week(t, db, "vendor_attainment"), "2026-11-02", "L1", nan, 0, 0)
	r := run(t, db, "vendor_attainment", "week", "2026-11-02", "2026-11-09", "vendor")
	if row := cell(t, r, "2026-11-02", "VEN"); !same(row.Value, 0.5) {
		t.Errorf("by vendor: %s", dump(r))
	}
}

func TestBusinessTimeVariants(t *testing.T) {
	db := slaDesk(t)
	// Resolved in the week, SLA clock to the last resolution: L1 A 120, C 420, D 1680, Dc 1680,
	// G 20 (median 420); L2 B 130; L4 V 300, V2 300. E2 resolves the next week, F is cancelled.
	r := week(t, db, "resolution_time_business")
	wantValue(t, r, "2026-11-02", "L1", 420, 5)
	wantValue(t, r, "2026-11-02", "L2", 130, 1)
	wantValue(t, r, "2026-11-02", "L4", 300, 2)
	wantValue(t, r, "2026-11-02", "L3", nan, 0)
	// p90 of 20, 120, 420, 1680, 1680 = 1680.
	wantValue(t, week(t, db, "resolution_time_business_p90"), "2026-11-02", "L1", 1680, 5)
	// First responses in the week, business minutes: L1 A 20, C 10, D 10, Dc 10, E1 10, E2 5,
	// V 30, V2 30 (median 10, p90 30); L2 B 40 (Tue 16:50 to Wed 07:30). G has no reply.
	wantValue(t, week(t, db, "first_response_time_business"), "2026-11-02", "L1", 10, 8)
	wantValue(t, week(t, db, "first_response_time_business"), "2026-11-02", "L2", 40, 1)
	wantValue(t, week(t, db, "first_response_time_business_p90"), "2026-11-02", "L1", 30, 8)
}

func TestSourceFlag(t *testing.T) {
	db := slaDesk(t)
	// The source says A missed its SLA and B made it; tierlens finds the opposite. C has no
	// flag. Both end in the week: A on L1, B on L2.
	exec(t, db, "UPDATE tickets SET source_made_sla = false WHERE ticket_key = 'desk:A'")
	exec(t, db, "UPDATE tickets SET source_made_sla = true WHERE ticket_key = 'desk:B'")
	// A closed ticket never resolved counts at its closing: H (P2, closed Mon 09:00, flagged met).
	add(t, db, tk{N: "H", At: "2026-11-02 08:00", G: "SD", Prio: "P2", Ev: []string{"10m reply", "1h close"}})
	exec(t, db, "UPDATE tickets SET source_made_sla = true WHERE ticket_key = 'desk:H'")
	slaRefresh(t, db)
	r := week(t, db, "sla_source_flag")
	wantRatio(t, r, "2026-11-02", "L1", 0.5, 1, 2)
	wantRatio(t, r, "2026-11-02", "L2", 0, 0, 1)
	r = week(t, db, "sla_source_flag_recomputed")
	wantRatio(t, r, "2026-11-02", "L1", 0, 0, 2)
	wantRatio(t, r, "2026-11-02", "L2", 1, 1, 1)
	r = week(t, db, "sla_source_flag_difference")
	wantRatio(t, r, "2026-11-02", "L1", -0.5, -1, 2)
	wantRatio(t, r, "2026-11-02", "L2", 1, 1, 1)
	wantRatio(t, r, "2026-11-02", "L3", nan, 0, 0)
}

// TestSLAPauseStatuses: a policy's pause_statuses decide what pauses its clock: a canonical
// status not listed runs, a listed source status pauses (in any letter case) even when its
// canonical status is open.
func TestSLAPauseStatuses(t *testing.T) {
	db := slaWarehouse(t)
	exec(t, db, "UPDATE sla_policies SET pause_statuses = ['Awaiting Parts'] WHERE priority = 'P4'")
	// Mon 07:00 UTC: new 60, pending 60 (not listed: runs), open but awaiting parts 60 (paused).
	add(t, db, tk{N: "S", At: "2026-11-02 07:00", G: "SD", Prio: "P4", Ev: []string{"1h pending", "2h open", "3h resolve"}})
	exec(t, db, "UPDATE status_intervals SET source_status = 'AWAITING PARTS' WHERE ticket_key = 'desk:S' AND seq = 3")
	slaRefresh(t, db)
	s := slaInstance(t, db, "S", "resolution", 1)
	if s.elapsed != 120 || s.paused != 60 || s.status != "met" {
		t.Errorf("S: elapsed %v, paused %v, %s; want 120, 60, met", s.elapsed, s.paused, s.status)
	}
}

// TestSLAPolicyMatch: the first policy by position whose set conditions all match; a ticket
// matching none has no SLA clocks.
func TestSLAPolicyMatch(t *testing.T) {
	db := slaWarehouse(t)
	exec(t, db, "UPDATE sla_policies SET position = position + 10")
	exec(t, db, "INSERT INTO sla_policies VALUES ('chat desk', 1, NULL, 'L1', 'chat', NULL, '24x7', 5, 60, ['pending'], 'restart')")
	exec(t, db, "INSERT INTO sla_policies VALUES ('vendor P2', 2, 'P2', NULL, NULL, 'VEN', 'business', 60, 2400, [], 'continue')")
	add(t, db,
		tk{N: "chat", At: "2026-11-02 08:00", G: "SD", Prio: "P2", Chan: "chat"},
		tk{N: "mail", At: "2026-11-02 08:00", G: "SD", Prio: "P2"},
		tk{N: "chatL2", At: "2026-11-02 08:00", G: "APP", Prio: "P2", Chan: "chat"},
		tk{N: "ven", At: "2026-11-02 08:00", G: "VEN", Prio: "P2"},
		tk{N: "none", At: "2026-11-02 08:00", G: "SD", Prio: "P9"},
	)
	exec(t, db, "UPDATE tickets SET vendor = 'VEN' WHERE ticket_key = 'desk:ven'")
	slaRefresh(t, db)
	for n, want := range map[string]string{"chat": "chat desk", "mail": "P2 high", "chatL2": "P2 high", "ven": "vendor P2", "none": ""} {
		var policy sql.NullString
		if err := db.QueryRow("SELECT policy FROM ticket_sla WHERE ticket_key = ?", "desk:"+n).Scan(&policy); err != nil {
			t.Fatal(err)
		}
		var instances int
		if err := db.QueryRow("SELECT count(*) FROM sla_instances WHERE ticket_key = ?", "desk:"+n).Scan(&instances); err != nil {
			t.Fatal(err)
		}
		if policy.String != want || (want == "") != (instances == 0) {
			t.Errorf("%s: policy %q with %d instances, want %q", n, policy.String, instances, want)
		}
	}
}
