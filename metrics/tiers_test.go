package metrics_test

import (
	"testing"

	"github.com/tierlens/tierlens/metrics"
)

// fcrMix is the front-line population of the first-contact tests: every ticket created on
// 2026-11-03 and first resolved the same week.
var fcrMix = []tk{
	{N: "A", At: "2026-11-03 10:00", G: "SD", Ev: []string{"10m agent ana", "20m reply", "1h resolve"}},  // one reply
	{N: "B", At: "2026-11-03 10:00", G: "SD", Ev: []string{"10m reply", "20m reply", "1h resolve"}},      // two replies
	{N: "C", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h group APP", "2h group SD", "3h resolve"}}, // bounce L1 -> L2 -> L1
	{N: "D", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h resolve", "2d reopen", "3d resolve"}},     // reopened within 7 days
	{N: "E", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h resolve", "8d reopen", "9d resolve"}},     // reopened after 7 days
	{N: "F", At: "2026-11-03 10:00", G: "SELF", Ev: []string{"1h resolve"}},                              // entered at L0
	{N: "G", At: "2026-11-03 10:00", G: "SD", Ev: []string{"30m group SD2", "1h resolve"}},               // reassigned within L1
	{N: "H", At: "2026-11-03 10:00", G: "SD", Ev: []string{"30m group FAC", "1h resolve"}},               // through an unmapped group
	{N: "I", At: "2026-11-03 10:00", G: "SD", Src: "legacy", NoReplies: true, Ev: []string{"1h resolve"}},
	{N: "J", At: "2026-11-03 10:00", G: "SD", Flat: true, Ev: []string{"1h resolve"}},
	{N: "L", At: "2026-11-03 10:00", G: "SD", Ev: []string{"10m reply", "20m reply", "30m reply", "1h resolve"}},
	{N: "M", At: "2026-11-03 10:00", G: "SD", Ev: []string{"30m creply", "1h reply", "2h resolve"}}, // the customer wrote again
}

func TestFCR(t *testing.T) {
	t.Run("strict definition", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db, fcrMix...)
		r := week(t, db, "fcr")
		// population: A B C D E G H I L M (F entered at L0, J has no history)
		// resolved at first contact: A (one reply), E (late reopen), G (same tier), I (replies unknown), M
		wantRatio(t, r, "2026-11-02", "L1", 0.5, 5, 10)
		wantRatio(t, r, "2026-11-02", "L0", nan, 0, 0)
		wantRatio(t, r, "2026-11-02", "L2", nan, 0, 0)
		if row := cell(t, r, "2026-11-02", "L1"); row.Target == nil || *row.Target != 0.70 {
			t.Errorf("target: want the configured 0.70, got %v", row.Target)
		}
	})
	t.Run("the reopen window is 7 days", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db,
			tk{N: "X", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h resolve", "7d1h reopen"}},   // exactly 7 days: within
			tk{N: "Y", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h resolve", "7d1h1m reopen"}}, // after
		)
		wantRatio(t, week(t, db, "fcr"), "2026-11-02", "L1", 0.5, 1, 2)
	})
	t.Run("entered above the front line or resolved another week", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db,
			tk{N: "P", At: "2026-11-03 10:00", G: "APP", Ev: []string{"1h resolve"}},
			tk{N: "Q", At: "2026-11-03 10:00", G: "SELF", Ev: []string{"10m group SD", "1h resolve"}},
			tk{N: "R", At: "2026-10-28 10:00", G: "SD", Ev: []string{"1h resolve"}},
			tk{N: "S", At: "2026-11-03 10:00", G: "FAC", Ev: []string{"10m group SD", "1h resolve"}}, // entered unmapped
		)
		r := week(t, db, "fcr")
		wantRatio(t, r, "2026-11-02", "unmapped", nan, 0, 0)
		wantRatio(t, r, "2026-11-02", "L1", nan, 0, 0)
		wantRatio(t, r, "2026-11-02", "L2", nan, 0, 0)
	})
}

func TestFCRFirstGroup(t *testing.T) {
	t.Run("the first group resolved it alone", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db, fcrMix...)
		// A B E I L M: one group, no reopen within 7 days; C G H had another group, D reopened
		wantRatio(t, week(t, db, "fcr_first_group"), "2026-11-02", "L1", 0.6, 6, 10)
	})
	t.Run("a bounce back to the first group is not first-group resolution", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db,
			tk{N: "A", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h group APP", "2h group SD", "3h resolve"}},
			tk{N: "B", At: "2026-11-03 10:00", G: "SD", Ev: []string{"3h resolve"}},
		)
		wantRatio(t, week(t, db, "fcr_first_group"), "2026-11-02", "L1", 0.5, 1, 2)
	})
	t.Run("group changes after the first resolution do not count", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db, tk{N: "A", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h resolve", "8d reopen", "8d1h group APP", "9d resolve"}})
		wantRatio(t, week(t, db, "fcr_first_group"), "2026-11-02", "L1", 1, 1, 1)
	})
}

func TestOneTouch(t *testing.T) {
	t.Run("one group, one agent, at most one reply", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db, fcrMix...)
		// population: the front line with replies known (not I): A B C D E G H L M
		// one touch: A, D, E (no reopen condition), M
		wantRatio(t, week(t, db, "one_touch"), "2026-11-02", "L1", 4.0/9, 4, 9)
	})
	t.Run("two agents are two touches", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db,
			tk{N: "A", At: "2026-11-03 10:00", G: "SD", Ev: []string{"10m agent ana", "20m agent bob", "30m reply", "1h resolve"}},
			tk{N: "B", At: "2026-11-03 10:00", G: "SD", Ev: []string{"10m agent ana", "30m reply", "1h resolve"}},
		)
		wantRatio(t, week(t, db, "one_touch"), "2026-11-02", "L1", 0.5, 1, 2)
	})
	t.Run("not available when no source records replies", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db, tk{N: "A", At: "2026-11-03 10:00", G: "SD", NoReplies: true, Ev: []string{"1h resolve"}})
		r := week(t, db, "one_touch")
		row := cell(t, r, "2026-11-02", "L1")
		if row.Value != nil || row.Numerator != nil || row.Note != metrics.NotAvailable+" (no replies recorded)" {
			t.Errorf("want NULL with a note, got\n%s", dump(r))
		}
	})
}

func TestFCRContact(t *testing.T) {
	t.Run("the customer did not have to come back", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db, fcrMix...)
		// population as one_touch; D reopened, M's customer wrote again
		wantRatio(t, week(t, db, "fcr_contact"), "2026-11-02", "L1", 7.0/9, 7, 9)
	})
	t.Run("customer replies after the first resolution do not count", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db, tk{N: "A", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h resolve", "2h creply"}})
		wantRatio(t, week(t, db, "fcr_contact"), "2026-11-02", "L1", 1, 1, 1)
	})
	t.Run("per source: one without replies is not available", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db,
			tk{N: "A", At: "2026-11-03 10:00", G: "SD", Ev: []string{"30m creply", "1h resolve"}},
			tk{N: "B", At: "2026-11-03 10:00", G: "SD", Src: "legacy", NoReplies: true, Ev: []string{"1h resolve"}},
		)
		r := run(t, db, "fcr_contact", metrics.Week, "2026-11-02", "2026-11-09", "tier", "source")
		if row := cell(t, r, "2026-11-02", "L1", "desk"); !same(row.Value, 0) || row.Note != "" {
			t.Errorf("desk: %s", dump(r))
		}
		if row := cell(t, r, "2026-11-02", "L1", "legacy"); row.Value != nil || row.Note == "" {
			t.Errorf("legacy: want not available, got\n%s", dump(r))
		}
	})
}

func TestFirstLevelResolution(t *testing.T) {
	t.Run("entered at L0-L1, never went higher", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db,
			tk{N: "A", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h resolve"}},
			tk{N: "B", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h group APP", "2h group SD", "3h resolve"}},
			tk{N: "C", At: "2026-11-03 10:00", G: "SELF", Ev: []string{"10m group SD", "1h resolve"}},
			tk{N: "D", At: "2026-11-03 10:00", G: "SELF", Ev: []string{"1h resolve"}},
			tk{N: "E", At: "2026-11-03 10:00", G: "APP", Ev: []string{"1h resolve"}},
			tk{N: "F", At: "2026-11-03 10:00", G: "SD", Ev: []string{"30m group FAC", "1h resolve"}},
		)
		r := week(t, db, "first_level_resolution")
		wantRatio(t, r, "2026-11-02", "L1", 1.0/3, 1, 3)
		wantRatio(t, r, "2026-11-02", "L0", 1, 2, 2)
		wantRatio(t, r, "2026-11-02", "L2", nan, 0, 0)
	})
	t.Run("escalated after a reopen", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db, tk{N: "A", At: "2026-10-28 10:00", G: "SD", Ev: []string{"1h resolve", "6d reopen", "6d1h group APP", "7d resolve"}})
		wantRatio(t, week(t, db, "first_level_resolution"), "2026-11-02", "L1", 0, 0, 1)
	})
	t.Run("flat and open tickets do not count", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db,
			tk{N: "A", At: "2026-11-03 10:00", G: "SD", Flat: true, Ev: []string{"1h resolve"}},
			tk{N: "B", At: "2026-11-03 10:00", G: "SD"},
		)
		wantRatio(t, week(t, db, "first_level_resolution"), "2026-11-02", "L1", nan, 0, 0)
	})
}

func TestTierResolutionShare(t *testing.T) {
	tickets := []tk{
		{N: "A", At: "2026-11-03 10:00", G: "SD", Prio: "P1", Ev: []string{"1h resolve"}},
		{N: "B", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h resolve"}},
		{N: "C", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h group APP", "2h group SD", "3h resolve"}},
		{N: "D", At: "2026-11-03 10:00", G: "SD", Prio: "P1", Ev: []string{"1h group APP", "2h resolve"}},
	}
	t.Run("share of each tier", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db, tickets...)
		r := week(t, db, "tier_resolution_share")
		wantRatio(t, r, "2026-11-02", "L1", 0.75, 3, 4)
		wantRatio(t, r, "2026-11-02", "L2", 0.25, 1, 4)
		wantRatio(t, r, "2026-11-02", "L0", 0, 0, 4)
	})
	t.Run("within each priority", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db, tickets...)
		r := run(t, db, "tier_resolution_share", metrics.Week, "2026-11-02", "2026-11-09", "tier", "priority")
		for _, c := range []struct {
			tier, prio     string
			want, num, den float64
		}{{"L1", "P1", 0.5, 1, 2}, {"L2", "P1", 0.5, 1, 2}, {"L1", "P3", 1, 2, 2}, {"L2", "P3", 0, 0, 2}} {
			row := cell(t, r, "2026-11-02", c.tier, c.prio)
			if !same(row.Value, c.want) || !same(row.Numerator, c.num) || !same(row.Denominator, c.den) {
				t.Errorf("%s %s: got %s %s/%s", c.tier, c.prio, fp(row.Value), fp(row.Numerator), fp(row.Denominator))
			}
		}
	})
	t.Run("all tiers together, and an empty week", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db, tickets...)
		r := run(t, db, "tier_resolution_share", metrics.Week, "2026-11-02", "2026-11-16")
		wantRatio(t, r, "2026-11-02", "", 1, 4, 4)
		wantRatio(t, r, "2026-11-09", "", nan, 0, 0)
	})
}

func TestResolveVsEscalate(t *testing.T) {
	mix := []tk{
		{N: "A", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h resolve"}},
		{N: "B", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h group APP", "2h resolve"}},
		{N: "C", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h group APP", "2h group SD", "3h resolve"}},
		{N: "D", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h group SD2", "2h resolve"}},
		{N: "E", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h group FAC", "2h resolve"}},
	}
	for _, c := range []struct {
		name       string
		l1, l1n    float64
		l2, l2n    float64
		unmappedOK float64
	}{
		// L1 stays: resolved A, C (second stay), D (SD2); escalated B, C (first stay)
		// L2 stays: B resolved; C's ended by a de-escalation and is left out
		{"resolve_vs_escalate", 0.6, 3, 1, 1, 1},
		{"escalation_rate", 0.4, 2, 0, 0, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			db := newWarehouse(t)
			add(t, db, mix...)
			r := week(t, db, c.name)
			wantRatio(t, r, "2026-11-02", "L1", c.l1, c.l1n, 5)
			wantRatio(t, r, "2026-11-02", "L2", c.l2, c.l2n, 1)
			wantRatio(t, r, "2026-11-02", "unmapped", c.unmappedOK, c.unmappedOK, 1)
			wantRatio(t, r, "2026-11-02", "L3", nan, 0, 0)
		})
	}
	t.Run("stays count in the period they end", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db, tk{N: "A", At: "2026-10-30 10:00", G: "SD", Ev: []string{"1h group APP", "5d resolve"}})
		r := run(t, db, "resolve_vs_escalate", metrics.Week, "2026-10-26", "2026-11-09", "tier")
		wantRatio(t, r, "2026-10-26", "L1", 0, 0, 1)
		wantRatio(t, r, "2026-11-02", "L1", nan, 0, 0)
		wantRatio(t, r, "2026-11-02", "L2", 1, 1, 1)
		r = run(t, db, "escalation_rate", metrics.Week, "2026-10-26", "2026-11-09", "tier")
		wantRatio(t, r, "2026-10-26", "L1", 1, 1, 1)
		wantRatio(t, r, "2026-11-02", "L2", 0, 0, 1)
	})
	t.Run("a resolution before a reopening counts for the tier that made it", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db, tk{N: "A", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h resolve", "2h group EXP", "3h reopen", "4h resolve"}})
		for name, l1 := range map[string]float64{"resolve_vs_escalate": 1, "escalation_rate": 0} {
			r := week(t, db, name)
			wantRatio(t, r, "2026-11-02", "L1", l1, l1, 1) // resolved, then reopened into L3
			wantRatio(t, r, "2026-11-02", "L3", l1, l1, 1) // resolved again there
		}
	})
	t.Run("open stays and flat exports do not count", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db,
			tk{N: "A", At: "2026-11-03 10:00", G: "SD"},
			tk{N: "B", At: "2026-11-03 10:00", G: "SD", Flat: true, Ev: []string{"1h resolve"}},
			tk{N: "C", At: "2026-11-03 10:00", G: "APP", Ev: []string{"1h group EXP"}},
		)
		r := week(t, db, "escalation_rate")
		wantRatio(t, r, "2026-11-02", "L1", nan, 0, 0)
		wantRatio(t, r, "2026-11-02", "L2", 1, 1, 1)
		wantRatio(t, r, "2026-11-02", "L3", nan, 0, 0)
	})
}

// Time-limit breaches measure stays in business minutes on the ticket's calendar (P3: the
// default business calendar, 07:00-17:00 UTC Mon-Fri in November). L1's limit is 15 minutes.
func TestTimeLimitBreaches(t *testing.T) {
	t.Run("stays longer than the tier's limit", func(t *testing.T) {
		db := slaWarehouse(t)
		add(t, db,
			tk{N: "A", At: "2026-11-03 10:00", G: "SD", Ev: []string{"10m resolve"}},
			tk{N: "B", At: "2026-11-03 10:00", G: "SD", Ev: []string{"15m resolve"}}, // exactly the limit: not over
			tk{N: "C", At: "2026-11-03 10:00", G: "SD", Ev: []string{"16m resolve"}},
			tk{N: "D", At: "2026-11-03 10:00", G: "SD", Ev: []string{"20m group APP", "5h resolve"}},
			// over the night: Tue 16:50 to L2 Wed 07:10 is 10 + 10 = 20 business minutes: over
			tk{N: "E", At: "2026-11-03 16:50", G: "SD", Ev: []string{"14h20m group APP"}},
			// Tue 16:55 to L2 Wed 07:10 is 5 + 10 = 15 business minutes (855 calendar): not over
			tk{N: "F", At: "2026-11-03 16:55", G: "SD", Ev: []string{"14h15m group APP"}},
		)
		slaRefresh(t, db)
		r := week(t, db, "time_limit_breaches")
		wantRatio(t, r, "2026-11-02", "L1", 0.5, 3, 6)
		wantRatio(t, r, "2026-11-02", "L2", nan, 0, 0) // no limit configured
		// in calendar minutes F's night counts against it
		wantRatio(t, week(t, db, "time_limit_breaches_calendar"), "2026-11-02", "L1", 4.0/6, 4, 6)
	})
	t.Run("a weekend is not a breach", func(t *testing.T) {
		db := slaWarehouse(t)
		// Fri 11-06 16:50 to L2 Mon 11-09 07:05: 10 + 5 = 15 business minutes. On P1's 24x7
		// calendar the same stay is 3735 minutes: over.
		add(t, db,
			tk{N: "A", At: "2026-11-06 16:50", G: "SD", Ev: []string{"2d14h15m group APP"}},
			tk{N: "B", At: "2026-11-06 16:50", G: "SD", Prio: "P1", Ev: []string{"2d14h15m group APP"}},
		)
		slaRefresh(t, db)
		r := run(t, db, "time_limit_breaches", "week", "2026-11-09", "2026-11-16", "tier", "priority")
		if row := cell(t, r, "2026-11-09", "L1", "P3"); !same(row.Value, 0) || !same(row.Denominator, 1) {
			t.Errorf("P3 on the business calendar: %s", dump(r))
		}
		if row := cell(t, r, "2026-11-09", "L1", "P1"); !same(row.Value, 1) || !same(row.Denominator, 1) {
			t.Errorf("P1 on 24x7: %s", dump(r))
		}
	})
	t.Run("each stay on its own", func(t *testing.T) {
		db := slaWarehouse(t)
		add(t, db, tk{N: "A", At: "2026-11-03 10:00", G: "SD", Ev: []string{"10m group SD2", "20m resolve"}})
		slaRefresh(t, db)
		wantRatio(t, week(t, db, "time_limit_breaches"), "2026-11-02", "L1", 0, 0, 2)
	})
	t.Run("a stay still open is not counted yet", func(t *testing.T) {
		db := slaWarehouse(t)
		add(t, db, tk{N: "A", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h agent ana"}})
		slaRefresh(t, db)
		wantRatio(t, week(t, db, "time_limit_breaches"), "2026-11-02", "L1", nan, 0, 0)
	})
}

func TestReassignments(t *testing.T) {
	t.Run("group hops up to the resolution", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db,
			tk{N: "A", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h resolve"}},
			tk{N: "B", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h group APP", "2h resolve"}},
			tk{N: "C", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h group APP", "2h group SD", "3h resolve"}},
			tk{N: "D", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h group SD2", "2h resolve"}},
		)
		r := week(t, db, "reassignments")
		wantValue(t, r, "2026-11-02", "L1", 1, 3) // A 0, C 2, D 1
		wantValue(t, r, "2026-11-02", "L2", 1, 1)
		wantValue(t, r, "2026-11-02", "L3", nan, 0)
	})
	t.Run("rerouting while resolved is not a hop, nor a reopening by the same group", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db,
			tk{N: "A", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h resolve", "2h group APP"}},
			tk{N: "B", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h resolve", "2h reopen", "3h resolve", "4h reopen", "5h resolve"}},
			tk{N: "C", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h resolve", "2h group APP", "3h reopen", "4h resolve"}}, // reopened into L2: a hop
		)
		r := week(t, db, "reassignments")
		wantValue(t, r, "2026-11-02", "L1", 0, 2)
		wantValue(t, r, "2026-11-02", "L2", 1, 1)
	})
	t.Run("flat exports are not counted", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db, tk{N: "A", At: "2026-11-03 10:00", G: "SD", Flat: true, Ev: []string{"1h resolve"}})
		r := week(t, db, "reassignments")
		if row := cell(t, r, "2026-11-02", "L1"); row.Value != nil || row.Note == "" {
			t.Errorf("want not available for a flat-only warehouse:\n%s", dump(r))
		}
	})
}

func TestPingPong(t *testing.T) {
	t.Run("back to a group that held the ticket", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db,
			tk{N: "A", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h group APP", "2h group SD", "3h resolve"}},
			tk{N: "B", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h group APP", "2h group SD2", "3h resolve"}},
			tk{N: "C", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h resolve"}},
			tk{N: "D", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h group APP", "2h group EXP", "3h group APP", "4h resolve"}},
		)
		r := week(t, db, "ping_pong")
		wantRatio(t, r, "2026-11-02", "L1", 1.0/3, 1, 3)
		wantRatio(t, r, "2026-11-02", "L2", 1, 1, 1)
	})
	t.Run("reopenings in the same group are no ping-pong", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db,
			tk{N: "A", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h resolve", "2h reopen", "3h resolve", "4h reopen", "5h resolve"}},
			tk{N: "B", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h group APP", "2h resolve", "3h reopen", "4h resolve"}},
		)
		r := week(t, db, "ping_pong")
		wantRatio(t, r, "2026-11-02", "L1", 0, 0, 1)
		wantRatio(t, r, "2026-11-02", "L2", 0, 0, 1)
	})
	t.Run("through an unmapped group and back", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db, tk{N: "A", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h group FAC", "2h group SD", "3h resolve"}})
		r := week(t, db, "ping_pong")
		wantRatio(t, r, "2026-11-02", "L1", 1, 1, 1)
		if len(r.Rows) != 5 {
			t.Errorf("unmapped appears only where it resolved something:\n%s", dump(r))
		}
	})
}
