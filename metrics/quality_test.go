package metrics_test

import (
	"strings"
	"testing"

	"github.com/tierlens/tierlens/metrics"
)

func TestReopenRate(t *testing.T) {
	t.Run("reopened within 7 days of the first resolution", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db,
			tk{N: "A", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h resolve", "2d reopen", "3d resolve"}},
			tk{N: "B", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h resolve"}},
			tk{N: "C", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h group APP", "2h resolve", "7d2h reopen"}}, // exactly 7 days
			tk{N: "D", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h resolve", "7d1h1m reopen"}},
		)
		r := week(t, db, "reopen_rate")
		wantRatio(t, r, "2026-11-02", "L1", 1.0/3, 1, 3)
		wantRatio(t, r, "2026-11-02", "L2", 1, 1, 1)
	})
	t.Run("first resolved in an earlier week", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db, tk{N: "A", At: "2026-10-28 10:00", G: "SD", Ev: []string{"1h resolve", "6d reopen", "7d resolve"}})
		r := run(t, db, "reopen_rate", metrics.Week, "2026-10-26", "2026-11-09", "tier")
		wantRatio(t, r, "2026-10-26", "L1", 1, 1, 1)
		wantRatio(t, r, "2026-11-02", "L1", nan, 0, 0)
	})
	t.Run("flat history: not available", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db, tk{N: "A", At: "2026-11-03 10:00", G: "SD", Flat: true, Ev: []string{"1h resolve"}})
		r := week(t, db, "reopen_rate")
		row := cell(t, r, "2026-11-02", "L1")
		if row.Value != nil || row.Denominator != nil || !strings.HasPrefix(row.Note, metrics.NotAvailable) {
			t.Errorf("want not available:\n%s", dump(r))
		}
	})
}

func TestCSAT(t *testing.T) {
	tickets := []tk{
		{N: "A", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h resolve", "2h csat 5"}},
		{N: "B", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h resolve", "2h csat 4"}},
		{N: "C", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h resolve", "2h csat 2"}},
		{N: "D", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h resolve"}},
		{N: "E", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h group APP", "2h resolve", "3h csat 3"}},
		{N: "F", At: "2026-11-03 10:00", G: "SD", Src: "legacy", Ev: []string{"1h resolve"}}, // a source without surveys
	}
	t.Run("csat_positive_rate", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db, tickets...)
		r := week(t, db, "csat_positive_rate")
		wantRatio(t, r, "2026-11-02", "L1", 2.0/3, 2, 3)
		wantRatio(t, r, "2026-11-02", "L2", 0, 0, 1)
		if !strings.Contains(r.Note, "only from desk") {
			t.Errorf("note: %q", r.Note)
		}
	})
	t.Run("csat_response_rate", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db, tickets...)
		r := week(t, db, "csat_response_rate")
		wantRatio(t, r, "2026-11-02", "L1", 0.75, 3, 4) // F's source records no surveys
		wantRatio(t, r, "2026-11-02", "L2", 1, 1, 1)
	})
	t.Run("csat_positive_rate by source", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db, tickets...)
		r := run(t, db, "csat_positive_rate", metrics.Week, "2026-11-02", "2026-11-09", "source")
		if row := cell(t, r, "2026-11-02", "desk"); !same(row.Value, 0.5) || !same(row.Denominator, 4) {
			t.Errorf("desk:\n%s", dump(r))
		}
		if row := cell(t, r, "2026-11-02", "legacy"); row.Value != nil || row.Note == "" {
			t.Errorf("legacy:\n%s", dump(r))
		}
	})
	t.Run("csat_response_rate by source", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db, tickets...)
		r := run(t, db, "csat_response_rate", metrics.Week, "2026-11-02", "2026-11-09", "source")
		if row := cell(t, r, "2026-11-02", "desk"); !same(row.Value, 0.8) || row.Note != "" {
			t.Errorf("desk:\n%s", dump(r))
		}
		if row := cell(t, r, "2026-11-02", "legacy"); row.Value != nil || row.Note != metrics.NotAvailable+" (no satisfaction scores)" {
			t.Errorf("legacy:\n%s", dump(r))
		}
	})
	t.Run("no surveys anywhere", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db, tickets[3])
		for _, name := range []string{"csat_positive_rate", "csat_response_rate"} {
			r := week(t, db, name)
			if row := cell(t, r, "2026-11-02", "L1"); row.Value != nil || row.Note == "" || r.Note == "" {
				t.Errorf("%s: want not available:\n%s", name, dump(r))
			}
		}
	})
}

func TestKBAssistedRate(t *testing.T) {
	t.Run("resolved with an article", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db,
			tk{N: "A", At: "2026-11-03 10:00", G: "SD", KB: boolp(true), Ev: []string{"1h resolve"}},
			tk{N: "B", At: "2026-11-03 10:00", G: "SD", KB: boolp(false), Ev: []string{"1h resolve"}},
			tk{N: "C", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h resolve"}}, // unknown
			tk{N: "D", At: "2026-11-03 10:00", G: "SD", KB: boolp(true), Ev: []string{"1h group APP", "2h resolve"}},
			tk{N: "E", At: "2026-11-03 10:00", G: "SD", KB: boolp(true)}, // open
		)
		r := week(t, db, "kb_assisted_rate")
		wantRatio(t, r, "2026-11-02", "L1", 0.5, 1, 2)
		wantRatio(t, r, "2026-11-02", "L2", 1, 1, 1)
	})
	t.Run("by month", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db,
			tk{N: "A", At: "2026-10-31 10:00", G: "SD", KB: boolp(true), Ev: []string{"1h resolve"}},
			tk{N: "B", At: "2026-11-03 10:00", G: "SD", KB: boolp(false), Ev: []string{"1h resolve"}},
		)
		r := run(t, db, "kb_assisted_rate", metrics.Month, "2026-10-01", "2026-12-01")
		wantRatio(t, r, "2026-10-01", "", 1, 1, 1)
		wantRatio(t, r, "2026-11-01", "", 0, 0, 1)
	})
	t.Run("no source says", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db, tk{N: "A", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h resolve"}})
		r := week(t, db, "kb_assisted_rate")
		if row := cell(t, r, "2026-11-02", "L1"); row.Value != nil || row.Note != metrics.NotAvailable+" (no knowledge-article flag)" {
			t.Errorf("want not available:\n%s", dump(r))
		}
	})
}

func TestL0Deflection(t *testing.T) {
	t.Run("resolved while only self-service held it", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db,
			tk{N: "A", At: "2026-11-03 10:00", G: "SELF", Ev: []string{"10m resolve"}},
			tk{N: "B", At: "2026-11-03 10:00", G: "SELF", Ev: []string{"10m group SD", "1h resolve"}},
			tk{N: "C", At: "2026-11-03 10:00", G: "SD", Ev: []string{"1h resolve"}},
			tk{N: "D", At: "2026-11-03 10:00", G: "SELF"},
		)
		r := week(t, db, "l0_deflection")
		wantRatio(t, r, "2026-11-02", "L0", 0.25, 1, 4)
		wantRatio(t, r, "2026-11-02", "L1", nan, 0, 0)
	})
	t.Run("an unmapped group is not self-service", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db,
			tk{N: "A", At: "2026-11-03 10:00", G: "SELF", Ev: []string{"10m group FAC", "1h resolve"}},
			tk{N: "B", At: "2026-11-03 10:00", G: "SELF", Ev: []string{"10m resolve", "1d close"}},
		)
		wantRatio(t, week(t, db, "l0_deflection"), "2026-11-02", "L0", 0.5, 1, 2)
	})
	t.Run("by creation period; flat tickets left out", func(t *testing.T) {
		db := newWarehouse(t)
		add(t, db,
			tk{N: "A", At: "2026-10-30 10:00", G: "SELF", Ev: []string{"4d resolve"}},
			tk{N: "B", At: "2026-11-03 10:00", G: "SELF", Flat: true, Ev: []string{"1h resolve"}},
		)
		r := run(t, db, "l0_deflection", metrics.Week, "2026-10-26", "2026-11-09", "tier")
		wantRatio(t, r, "2026-10-26", "L0", 1, 1, 1)
		wantRatio(t, r, "2026-11-02", "L0", nan, 0, 0)
	})
}

// A source without groups or tiers cannot say anything per tier: its tier KPIs are "not
// available from this source", never an empty 0/0 that reads as "no tickets".
func TestSourceWithoutGroupsNotAvailable(t *testing.T) {
	db := newWarehouse(t)
	add(t, db, tk{N: "A", At: "2026-11-03 10:00", Ev: []string{"1h resolve"}})
	for _, name := range []string{"fcr", "resolve_vs_escalate", "tier_resolution_share"} {
		r := week(t, db, name)
		row := cell(t, r, "2026-11-02", "L1")
		if row.Value != nil || !strings.HasPrefix(row.Note, metrics.NotAvailable) || !strings.Contains(row.Note, "no assignment groups") {
			t.Errorf("%s: want not available (no assignment groups):\n%s", name, dump(r))
		}
	}
	// the same source's volume KPIs are still there
	if row := cell(t, week(t, db, "created"), "2026-11-02", "L1"); strings.HasPrefix(row.Note, metrics.NotAvailable) {
		t.Errorf("created: %+v", row)
	}
}
