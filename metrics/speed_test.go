package metrics_test

import (
	"testing"

	"github.com/tierlens/tierlens/metrics"
)

func TestFirstResponseTime(t *testing.T) {
	// L1 first responses of 30, 60, 90 and 240 minutes; one at L2 after an escalation.
	tickets := []tk{
		{N: "A", At: "2026-11-03 10:00", G: "SD", Ev: []string{"30m reply"}},
		{N: "B", At: "2026-11-03 10:00", G: "SD", Ev: []string{"10m agent ana", "1h30m reply"}},
		{N: "C", At: "2026-11-03 10:00", G: "SD", Ev: []string{"4h reply", "5h resolve"}},
		{N: "D", At: "2026-11-04 10:00", G: "SD", Ev: []string{"1h reply"}},
		{N: "E", At: "2026-11-04 10:00", G: "SD", Ev: []string{"10m group APP", "20m reply"}},
		{N: "F", At: "2026-11-04 10:00", G: "SD", Ev: []string{"1h resolve"}},               // never responded
		{N: "G", At: "2026-10-30 10:00", G: "SD", Ev: []string{"1d reply"}},                 // responded the week before
		{N: "H", At: "2026-11-04 10:00", G: "SD", Ev: []string{"10m creply", "1d2h reply"}}, // 26 hours, a customer reply first
	}
	cases := []struct {
		name               string
		l1, l2             float64
		l1n                int64
		withoutH, withoutN float64
	}{
		{"first_response_time", 90, 20, 5, 75, 4},
		{"first_response_time_p90", 0.6*1560 + 0.4*240, 20, 5, 195, 4},
		{"first_response_time_mean", (30 + 60 + 90 + 240 + 1560) / 5.0, 20, 5, 105, 4},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db := newWarehouse(t)
			add(t, db, tickets...)
			r := week(t, db, c.name)
			wantValue(t, r, "2026-11-02", "L1", c.l1, c.l1n)
			wantValue(t, r, "2026-11-02", "L2", c.l2, 1)
			wantValue(t, r, "2026-11-02", "L3", nan, 0)

			db = newWarehouse(t)
			add(t, db, tickets[:7]...)
			r = week(t, db, c.name)
			wantValue(t, r, "2026-11-02", "L1", c.withoutH, 4)

			// one response: every statistic is that response; the empty week has none
			db = newWarehouse(t)
			add(t, db, tickets[3])
			r = run(t, db, c.name, metrics.Week, "2026-11-02", "2026-11-16", "tier")
			wantValue(t, r, "2026-11-02", "L1", 60, 1)
			wantValue(t, r, "2026-11-09", "L1", nan, 0)
		})
	}
	t.Run("previous week only", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db, tickets[6])
		r := run(t, db, "first_response_time", metrics.Week, "2026-10-26", "2026-11-09", "tier")
		wantValue(t, r, "2026-10-26", "L1", 1440, 1)
		wantValue(t, r, "2026-11-02", "L1", nan, 0)
	})
}

func TestResolutionTime(t *testing.T) {
	// L1 resolutions of 120, 1440, 7200 and 12960 minutes (the last reopened once: its time
	// runs to the last resolution); one at L2.
	tickets := []tk{
		{N: "A", At: "2026-11-03 10:00", G: "SD", Ev: []string{"2h resolve"}},
		{N: "B", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1d resolve", "2d close"}},
		{N: "C", At: "2026-10-30 10:00", G: "SD", Ev: []string{"5d resolve"}},
		{N: "D", At: "2026-10-27 10:00", G: "SD", Ev: []string{"1d resolve", "8d reopen", "9d resolve"}},
		{N: "E", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h group APP", "3h resolve"}},
		{N: "F", At: "2026-11-03 10:00", G: "SD"},                            // open
		{N: "G", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h cancel"}}, // cancelled
	}
	cases := []struct {
		name string
		l1   float64
	}{
		{"resolution_time", (1440 + 7200) / 2.0},
		{"resolution_time_p90", 7200 + 0.7*(12960-7200)},
		{"resolution_time_mean", (120 + 1440 + 7200 + 12960) / 4.0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db := newWarehouse(t)
			add(t, db, tickets...)
			r := run(t, db, c.name, metrics.Week, "2026-10-26", "2026-11-09", "tier")
			wantValue(t, r, "2026-11-02", "L1", c.l1, 4)
			wantValue(t, r, "2026-11-02", "L2", 180, 1)
			wantValue(t, r, "2026-10-26", "L1", nan, 0) // D's first resolution is not its last

			// a ticket never assigned to a group, and an empty week
			db = newWarehouse(t)
			add(t, db, tk{N: "X", At: "2026-11-03 10:00", Ev: []string{"45m resolve"}})
			r = run(t, db, c.name, metrics.Week, "2026-11-02", "2026-11-16", "tier")
			wantValue(t, r, "2026-11-02", "(none)", 45, 1)
			wantValue(t, r, "2026-11-02", "L1", nan, 0)
			wantValue(t, r, "2026-11-09", "L1", nan, 0)
		})
	}
	t.Run("by day", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db, tickets[0], tickets[4])
		r := run(t, db, "resolution_time", metrics.Day, "2026-11-03", "2026-11-05")
		wantValue(t, r, "2026-11-03", "", 150, 2)
		wantValue(t, r, "2026-11-04", "", nan, 0)
	})
}

func TestResponseAfterEscalation(t *testing.T) {
	t.Run("first action after the escalation", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db,
			tk{N: "A", At: "2026-11-03 10:00", G: "SD", Ev: []string{"5m agent ana", "1h group APP", "1h30m agent bob"}}, // 30: an agent assigned
			tk{N: "B", At: "2026-11-03 10:00", G: "SD", Ev: []string{"5m agent ana", "1h group APP", "3h reply"}},        // 120: a reply
			tk{N: "C", At: "2026-11-03 10:00", G: "SD", Ev: []string{"5m agent ana", "1h group APP", "1h10m pending"}},   // 10: a status change
			tk{N: "D", At: "2026-11-03 10:00", G: "SD", Ev: []string{"5m agent ana", "1h group APP"}},                    // no action yet
			tk{N: "E", At: "2026-11-03 10:00", G: "SD", Ev: []string{"5m agent ana", "1h reply"}},                        // never escalated
		)
		r := week(t, db, "response_after_escalation")
		wantValue(t, r, "2026-11-02", "L2", 30, 3)
		wantValue(t, r, "2026-11-02", "L1", nan, 0)
	})
	t.Run("a de-escalation is not an escalation; higher tiers count on their own", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db,
			tk{N: "A", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h group APP", "1h05m agent bob", "2h group SD", "3h agent ana"}},
			tk{N: "B", At: "2026-11-03 10:00", G: "APP", Ev: []string{"1h group EXP", "3h agent eve", "4h resolve"}},
		)
		r := week(t, db, "response_after_escalation")
		wantValue(t, r, "2026-11-02", "L2", 5, 1)
		wantValue(t, r, "2026-11-02", "L1", nan, 0)
		wantValue(t, r, "2026-11-02", "L3", 120, 1)
	})
	t.Run("the action's period counts", func(t *testing.T) {
		db := newWarehouse(t)
		// escalated Sunday 21:00 in Madrid, acted on Monday 02:00 of the next week
		add(t, db, tk{N: "A", At: "2026-11-08 19:00", G: "SD", Ev: []string{"1h group APP", "6h agent bob"}})
		r := run(t, db, "response_after_escalation", metrics.Week, "2026-11-02", "2026-11-16", "tier")
		wantValue(t, r, "2026-11-02", "L2", nan, 0)
		wantValue(t, r, "2026-11-09", "L2", 300, 1)
	})
}

// Time in tier counts business minutes on the ticket's calendar (tier_stay_clock): P3 tickets
// are on the default business calendar, Madrid 08:00-18:00 Mon-Fri = 07:00-17:00 UTC in
// November; P1 tickets on 24x7. All times below are UTC.
func TestTimeInTier(t *testing.T) {
	t.Run("each stay ended in the period", func(t *testing.T) {
		db := slaWarehouse(t)
		add(t, db, // all within Tuesday's business hours: business = calendar minutes
			tk{N: "A", At: "2026-11-03 10:00", G: "SD", Ev: []string{"2h resolve"}},                                // L1 120
			tk{N: "B", At: "2026-11-03 10:00", G: "SD", Ev: []string{"30m group APP", "5h resolve"}},               // L1 30, L2 270
			tk{N: "C", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h group APP", "3h group SD", "4h resolve"}}, // L1 60, L2 120, L1 60
		)
		slaRefresh(t, db)
		r := week(t, db, "time_in_tier")
		wantValue(t, r, "2026-11-02", "L1", 60, 4)
		wantValue(t, r, "2026-11-02", "L2", 195, 2)
	})
	t.Run("nights and weekends do not count", func(t *testing.T) {
		db := slaWarehouse(t)
		add(t, db,
			// Tue 16:00 to L2 Wed 08:00, resolved Wed 10:00: L1 60 (Tue to 17:00) + 60 (Wed from
			// 07:00) = 120 of 960 calendar minutes; L2 120.
			tk{N: "N", At: "2026-11-03 16:00", G: "SD", Ev: []string{"16h group APP", "18h resolve"}},
			// the same stays on P1's 24x7 calendar: every minute counts, L1 960.
			tk{N: "N24", At: "2026-11-03 16:00", G: "SD", Prio: "P1", Ev: []string{"16h group APP", "18h resolve"}},
			// Fri 16:00 to L2 Mon 07:30, resolved Mon 08:00: L1 60 (Fri) + 30 (Mon) = 90 of 3810
			// calendar minutes, over the weekend; L2 30. Both end in the week of 11-09.
			tk{N: "W", At: "2026-11-06 16:00", G: "SD", Ev: []string{"2d15h30m group APP", "2d16h resolve"}},
		)
		slaRefresh(t, db)
		r := run(t, db, "time_in_tier", "week", "2026-11-02", "2026-11-16", "tier")
		wantValue(t, r, "2026-11-02", "L1", (120+960)/2.0, 2)
		wantValue(t, r, "2026-11-02", "L2", 120, 2)
		wantValue(t, r, "2026-11-09", "L1", 90, 1)
		wantValue(t, r, "2026-11-09", "L2", 30, 1)
		// the calendar-minute variant counts the night and the weekend
		c := run(t, db, "time_in_tier_calendar", "week", "2026-11-02", "2026-11-16", "tier")
		wantValue(t, c, "2026-11-02", "L1", 960, 2)
		wantValue(t, c, "2026-11-09", "L1", 3810, 1)
	})
	t.Run("open stays and stays ended before do not count", func(t *testing.T) {
		db := slaWarehouse(t)
		add(t, db,
			tk{N: "A", At: "2026-11-03 10:00", G: "SD", Ev: []string{"45m group APP"}},              // L1 45 ended, L2 open
			tk{N: "B", At: "2026-10-30 10:00", G: "SD", Ev: []string{"1h group APP", "5d resolve"}}, // L1 ended the week before
		)
		slaRefresh(t, db)
		r := week(t, db, "time_in_tier")
		wantValue(t, r, "2026-11-02", "L1", 45, 1)
		// B's L2 stay, Fri 10-30 11:00 to Wed 11-04 10:00: Fri 360 + Mon 600 + Tue 600 + Wed 180
		// (5*1440-60 = 7140 calendar minutes)
		wantValue(t, r, "2026-11-02", "L2", 1740, 1)
		wantValue(t, week(t, db, "time_in_tier_calendar"), "2026-11-02", "L2", 5*1440-60, 1)
	})
	t.Run("flat exports have no stays to measure", func(t *testing.T) {
		db := slaWarehouse(t)
		add(t, db,
			tk{N: "A", At: "2026-11-03 10:00", G: "SD", Flat: true, Ev: []string{"2h resolve"}},
			tk{N: "B", At: "2026-11-03 10:00", G: "SELF", Ev: []string{"10m resolve"}},
		)
		slaRefresh(t, db)
		r := week(t, db, "time_in_tier")
		wantValue(t, r, "2026-11-02", "L1", nan, 0)
		wantValue(t, r, "2026-11-02", "L0", 10, 1)
	})
	t.Run("without a business calendar nothing is measured", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db, tk{N: "A", At: "2026-11-03 10:00", G: "SD", Ev: []string{"2h resolve"}})
		wantValue(t, week(t, db, "time_in_tier"), "2026-11-02", "L1", nan, 0)
	})
}
