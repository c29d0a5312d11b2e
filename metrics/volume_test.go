package metrics_test

import (
	"testing"

	"github.com/tierlens/tierlens/metrics"
)

// The crafted cases below use the default configuration: reporting zone Europe/Madrid (UTC+1
// in November), weeks from Monday. Ticket times are UTC. Week 2026-11-02 is
// [2026-11-01 23:00, 2026-11-08 23:00) UTC.

func TestCreated(t *testing.T) {
	t.Run("entry tier, unmapped and no group", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db,
			tk{N: "A", At: "2026-11-03 10:00", G: "SD"},
			tk{N: "B", At: "2026-11-04 10:00", G: "APP"},
			tk{N: "C", At: "2026-11-05 10:00", G: "FAC", Ev: []string{"1h group SD"}},
			tk{N: "D", At: "2026-11-05 12:00"},
			tk{N: "E", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h group APP", "2h group SD", "3h resolve"}},
			tk{N: "F", At: "2026-11-10 10:00", G: "SD"},
		)
		r := week(t, db, "created")
		wantValue(t, r, "2026-11-02", "L0", 0, 0)
		wantValue(t, r, "2026-11-02", "L1", 2, 2)
		wantValue(t, r, "2026-11-02", "L2", 1, 1)
		wantValue(t, r, "2026-11-02", "L3", 0, 0)
		wantValue(t, r, "2026-11-02", "L4", 0, 0)
		wantValue(t, r, "2026-11-02", "unmapped", 1, 1)
		wantValue(t, r, "2026-11-02", "(none)", 1, 1)
		if len(r.Rows) != 7 {
			t.Errorf("want 7 rows (5 tiers, unmapped, (none)), got\n%s", dump(r))
		}
	})
	t.Run("week boundaries are local midnights", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db,
			tk{N: "A", At: "2026-11-01 22:59", G: "SD"}, // Sunday 23:59 in Madrid: the week before
			tk{N: "B", At: "2026-11-01 23:00", G: "SD"}, // Monday 00:00 in Madrid
			tk{N: "C", At: "2026-11-08 22:59", G: "SD"},
			tk{N: "D", At: "2026-11-08 23:00", G: "SD"}, // next Monday 00:00
		)
		r := run(t, db, "created", metrics.Week, "2026-10-26", "2026-11-16", "tier")
		wantValue(t, r, "2026-10-26", "L1", 1, 1)
		wantValue(t, r, "2026-11-02", "L1", 2, 2)
		wantValue(t, r, "2026-11-09", "L1", 1, 1)
	})
	t.Run("days across the end of summer time, empty day kept", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db,
			tk{N: "A", At: "2026-10-24 22:30", G: "SD"}, // 00:30 CEST on the 25th
			tk{N: "B", At: "2026-10-25 22:30", G: "SD"}, // 23:30 CET on the 25th: a 25-hour day
			tk{N: "C", At: "2026-10-25 23:00", G: "SD"}, // 00:00 on the 26th
		)
		r := run(t, db, "created", metrics.Day, "2026-10-24", "2026-10-28")
		wantValue(t, r, "2026-10-24", "", 0, 0)
		wantValue(t, r, "2026-10-25", "", 2, 2)
		wantValue(t, r, "2026-10-26", "", 1, 1)
		wantValue(t, r, "2026-10-27", "", 0, 0)
	})
}

func TestResolved(t *testing.T) {
	t.Run("resolving tier after a bounce, reopen counts at the last resolution", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db,
			tk{N: "A", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h group APP", "3h group SD", "4h resolve"}},
			tk{N: "B", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h group APP", "2h resolve", "3h close"}},
			tk{N: "C", At: "2026-10-27 10:00", G: "SD", Ev: []string{"1d resolve", "8d reopen", "9d resolve"}},
			tk{N: "D", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h cancel"}},
			tk{N: "E", At: "2026-11-03 10:00", Ev: []string{"1h resolve"}},
			tk{N: "F", At: "2026-11-03 10:00", G: "SD"},
		)
		r := run(t, db, "resolved", metrics.Week, "2026-10-26", "2026-11-09", "tier")
		wantValue(t, r, "2026-10-26", "L1", 0, 0)
		wantValue(t, r, "2026-11-02", "L1", 2, 2)
		wantValue(t, r, "2026-11-02", "L2", 1, 1)
		wantValue(t, r, "2026-11-02", "(none)", 1, 1)
	})
	t.Run("unmapped resolver", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db, tk{N: "A", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h group FAC", "2h resolve"}})
		r := week(t, db, "resolved")
		wantValue(t, r, "2026-11-02", "L1", 0, 0)
		wantValue(t, r, "2026-11-02", "unmapped", 1, 1)
	})
	t.Run("by priority: every priority seen gets every tier", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db,
			tk{N: "A", At: "2026-11-03 10:00", G: "SD", Prio: "P1", Ev: []string{"1h resolve"}},
			tk{N: "B", At: "2026-11-03 10:00", G: "APP", Prio: "P2", Ev: []string{"1h resolve"}},
		)
		r := run(t, db, "resolved", metrics.Week, "2026-11-02", "2026-11-09", "tier", "priority")
		if len(r.Rows) != 10 {
			t.Fatalf("want 5 tiers x 2 priorities, got\n%s", dump(r))
		}
		if row := cell(t, r, "2026-11-02", "L1", "P1"); *row.Value != 1 {
			t.Errorf("L1 P1: %s", dump(r))
		}
		if row := cell(t, r, "2026-11-02", "L1", "P2"); *row.Value != 0 {
			t.Errorf("L1 P2: %s", dump(r))
		}
		if row := cell(t, r, "2026-11-02", "L2", "P2"); *row.Value != 1 {
			t.Errorf("L2 P2: %s", dump(r))
		}
	})
}

func TestBacklogGrowth(t *testing.T) {
	tickets := []tk{
		{N: "A", At: "2026-11-03 10:00", G: "SD"},
		{N: "B", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h group APP", "2h resolve"}},
		{N: "C", At: "2026-10-28 10:00", G: "SD", Ev: []string{"6d resolve"}},
	}
	t.Run("created at the entry tier, resolved at the resolving tier", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db, tickets...)
		r := week(t, db, "backlog_growth")
		wantValue(t, r, "2026-11-02", "L1", 1, 3) // +A +B -C
		wantValue(t, r, "2026-11-02", "L2", -1, 1)
		wantValue(t, r, "2026-11-02", "L3", 0, 0)
	})
	t.Run("the desk as a whole", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db, tickets...)
		r := run(t, db, "backlog_growth", metrics.Week, "2026-10-26", "2026-11-09")
		wantValue(t, r, "2026-10-26", "", 1, 1) // C created
		wantValue(t, r, "2026-11-02", "", 0, 4) // A, B created; B, C resolved
	})
	t.Run("empty period", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db, tickets...)
		r := run(t, db, "backlog_growth", metrics.Week, "2026-11-09", "2026-11-16", "tier")
		wantValue(t, r, "2026-11-09", "L1", 0, 0)
	})
}

func TestBacklog(t *testing.T) {
	t.Run("open at period end by status history and tier then", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db,
			tk{N: "A", At: "2026-11-03 10:00", G: "SD"},
			tk{N: "B", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h group APP"}},
			tk{N: "C", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1d resolve"}},
			tk{N: "D", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h pending"}},
			tk{N: "E", At: "2026-11-06 10:00", G: "SD", Ev: []string{"1d resolve", "2d reopen"}},
			tk{N: "F", At: "2026-11-04 10:00", G: "SD", Ev: []string{"4d12h30m resolve"}}, // 11-08 22:30, before the end
			tk{N: "G", At: "2026-11-04 10:00", G: "SD", Ev: []string{"4d13h30m resolve"}}, // 11-08 23:30, after it
			tk{N: "H", At: "2026-11-09 10:00", G: "SD"},
			tk{N: "I", At: "2026-11-03 10:00", G: "SD", Ev: []string{"2d cancel"}},
		)
		r := run(t, db, "backlog", metrics.Week, "2026-10-26", "2026-11-09", "tier")
		wantValue(t, r, "2026-10-26", "L1", 0, 0)
		wantValue(t, r, "2026-11-02", "L1", 4, 4) // A, D, E, G
		wantValue(t, r, "2026-11-02", "L2", 1, 1) // B
	})
	t.Run("bounce back to L1 counts at L1", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db, tk{N: "A", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h group APP", "1d group SD"}})
		r := week(t, db, "backlog")
		wantValue(t, r, "2026-11-02", "L1", 1, 1)
		wantValue(t, r, "2026-11-02", "L2", 0, 0)
	})
	t.Run("unmapped group and a ticket still open across weeks", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db, tk{N: "A", At: "2026-10-28 10:00", G: "SD", Ev: []string{"1h group FAC"}})
		r := run(t, db, "backlog", metrics.Week, "2026-10-26", "2026-11-09", "tier")
		wantValue(t, r, "2026-10-26", "unmapped", 1, 1)
		wantValue(t, r, "2026-11-02", "unmapped", 1, 1)
		wantValue(t, r, "2026-11-02", "L1", 0, 0)
	})
}

func TestBacklogAging(t *testing.T) {
	// The end of week 2026-11-02 is 2026-11-08 23:00 UTC. Age is in business days of the
	// ticket's calendar (P3: the default business calendar, Madrid 08:00-18:00 Mon-Fri, i.e.
	// 07:00-17:00 UTC in November, 06:00-16:00 UTC before 10-25; holiday Mon 10-12): the days
	// whose hours lie wholly between creation and the period's end.
	t.Run("buckets in whole business days since creation", func(t *testing.T) {
		db := slaWarehouse(t)
		add(t, db,
			tk{N: "A", At: "2026-11-07 23:30", G: "SD"},  // Saturday: 0 (calendar 0)
			tk{N: "B", At: "2026-11-06 23:00", G: "SD"},  // Friday night: the weekend does not count, 0 (calendar 2)
			tk{N: "C", At: "2026-11-05 06:59", G: "SD"},  // before Thursday opens: Thu, Fri = 2 (calendar 3)
			tk{N: "C2", At: "2026-11-05 07:01", G: "SD"}, // after Thursday opens: Fri = 1 (calendar 3)
			tk{N: "D", At: "2026-10-29 10:00", G: "SD"},  // Fri 10-30, 11-02..06 = 6 (calendar 10)
			tk{N: "E", At: "2026-10-09 00:00", G: "SD"},  // 10-09, 10-13..16, 4 weeks of 5 = 20 (calendar 30)
			tk{N: "F", At: "2026-10-01 10:00", G: "SD"},  // 10-02, 10-05..09, 10-13..16, 3 weeks = 25 (calendar 38)
			tk{N: "G", At: "2026-09-21 10:00", G: "SD"},  // 09-22..25 (4), 09-28..10-02 (5), 10-05..11-06 (24) = 33 (calendar 48)
		)
		slaRefresh(t, db)
		check := func(name string, want map[string]float64) {
			t.Helper()
			r := week(t, db, name)
			for _, age := range []string{"0-1", "2-5", "6-10", "11-30", ">30"} {
				if row := cell(t, r, "2026-11-02", "L1", age); !same(row.Value, want[age]) {
					t.Errorf("%s L1 %s: got %s, want %v", name, age, fp(row.Value), want[age])
				}
				if row := cell(t, r, "2026-11-02", "L2", age); !same(row.Value, 0) {
					t.Errorf("%s L2 %s: got %s, want 0", name, age, fp(row.Value))
				}
			}
		}
		check("backlog_aging", map[string]float64{"0-1": 3, "2-5": 1, "6-10": 1, "11-30": 2, ">30": 1})
		check("backlog_aging_calendar", map[string]float64{"0-1": 1, "2-5": 3, "6-10": 1, "11-30": 1, ">30": 2})
	})
	t.Run("resolved and reopened tickets", func(t *testing.T) {
		db := slaWarehouse(t)
		add(t, db,
			tk{N: "A", At: "2026-11-02 10:00", G: "SD", Ev: []string{"1h resolve", "3d reopen"}}, // open: Tue-Fri, 4 business days (6 calendar)
			tk{N: "B", At: "2026-11-02 10:00", G: "SD", Ev: []string{"1h resolve"}},
		)
		slaRefresh(t, db)
		r := week(t, db, "backlog_aging")
		if row := cell(t, r, "2026-11-02", "L1", "2-5"); !same(row.Value, 1) {
			t.Errorf("2-5: %s", dump(r))
		}
		if row := cell(t, r, "2026-11-02", "L1", "0-1"); !same(row.Value, 0) {
			t.Errorf("0-1: %s", dump(r))
		}
	})
	t.Run("empty warehouse: every bucket of every tier", func(t *testing.T) {
		db := newWarehouse(t)
		r := week(t, db, "backlog_aging")
		if len(r.Rows) != 25 {
			t.Fatalf("want 5 tiers x 5 buckets, got\n%s", dump(r))
		}
		if r.Rows[0].Dims[1] != "0-1" || r.Rows[4].Dims[1] != ">30" || r.Rows[5].Dims[0] != "L1" {
			t.Errorf("order: tier, then bucket from youngest:\n%s", dump(r))
		}
	})
}
