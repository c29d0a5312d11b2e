package metrics

import (
	"errors"
	"testing"
	"time"
)

func TestPeriods(t *testing.T) {
	madrid, err := time.LoadLocation("Europe/Madrid")
	if err != nil {
		t.Fatal(err)
	}
	iso := Periods{Loc: madrid, WeekStart: time.Monday}
	us := Periods{Loc: madrid, WeekStart: time.Sunday}
	// Wednesday 2026-11-18 10:00 in Madrid
	now := time.Date(2026, 11, 18, 10, 0, 0, 0, madrid)
	day := func(s string) string { return s }
	fmt := func(a, b time.Time) string {
		return a.Format("2006-01-02 15:04 MST") + " / " + b.Format("2006-01-02 15:04 MST")
	}

	cases := []struct {
		name string
		got  func() (time.Time, time.Time, error)
		want string
	}{
		{"week last", func() (time.Time, time.Time, error) { return iso.Week("last", now) }, "2026-11-09 00:00 CET / 2026-11-16 00:00 CET"},
		{"week this", func() (time.Time, time.Time, error) { return iso.Week("this", now) }, "2026-11-16 00:00 CET / 2026-11-23 00:00 CET"},
		{"iso week", func() (time.Time, time.Time, error) { return iso.Week("2026-W47", now) }, "2026-11-16 00:00 CET / 2026-11-23 00:00 CET"},
		{"iso week 1 starts in December", func() (time.Time, time.Time, error) { return iso.Week("2026-W01", now) }, "2025-12-29 00:00 CET / 2026-01-05 00:00 CET"},
		{"week 53", func() (time.Time, time.Time, error) { return iso.Week("2026-W53", now) }, "2026-12-28 00:00 CET / 2027-01-04 00:00 CET"},
		{"sunday weeks", func() (time.Time, time.Time, error) { return us.Week("2026-W47", now) }, "2026-11-15 00:00 CET / 2026-11-22 00:00 CET"},
		{"sunday last", func() (time.Time, time.Time, error) { return us.Week("last", now) }, "2026-11-08 00:00 CET / 2026-11-15 00:00 CET"},
		{"week across the end of summer time", func() (time.Time, time.Time, error) { return iso.Week("2026-W43", now) }, "2026-10-19 00:00 CEST / 2026-10-26 00:00 CET"},
		{"month", func() (time.Time, time.Time, error) { return iso.Month("2026-10", now) }, "2026-10-01 00:00 CEST / 2026-11-01 00:00 CET"},
		{"month last", func() (time.Time, time.Time, error) { return iso.Month("last", now) }, "2026-10-01 00:00 CEST / 2026-11-01 00:00 CET"},
		{"quarter", func() (time.Time, time.Time, error) { return iso.Quarter("2026-Q4", now) }, "2026-10-01 00:00 CEST / 2027-01-01 00:00 CET"},
		{"quarter last", func() (time.Time, time.Time, error) { return iso.Quarter("last", now) }, "2026-07-01 00:00 CEST / 2026-10-01 00:00 CEST"},
		{"last 13 weeks", func() (time.Time, time.Time, error) { a, b := iso.Last(Week, 13, now); return a, b, nil }, "2026-08-17 00:00 CEST / 2026-11-16 00:00 CET"},
		{"last 2 months", func() (time.Time, time.Time, error) { a, b := iso.Last(Month, 2, now); return a, b, nil }, "2026-09-01 00:00 CEST / 2026-11-01 00:00 CET"},
		{"span widens to whole weeks", func() (time.Time, time.Time, error) {
			a, b := iso.Span(Week, time.Date(2026, 10, 1, 0, 0, 0, 0, madrid), time.Date(2026, 11, 1, 0, 0, 0, 0, madrid))
			return a, b, nil
		}, "2026-09-28 00:00 CEST / 2026-11-02 00:00 CET"},
		{"span of aligned bounds", func() (time.Time, time.Time, error) {
			a, b := iso.Span(Month, time.Date(2026, 10, 1, 0, 0, 0, 0, madrid), time.Date(2026, 11, 1, 0, 0, 0, 0, madrid))
			return a, b, nil
		}, "2026-10-01 00:00 CEST / 2026-11-01 00:00 CET"},
		{"span of an empty range is one period", func() (time.Time, time.Time, error) {
			a, b := iso.Span(Day, time.Date(2026, 10, 1, 0, 0, 0, 0, madrid), time.Date(2026, 10, 1, 0, 0, 0, 0, madrid))
			return a, b, nil
		}, "2026-10-01 00:00 CEST / 2026-10-02 00:00 CEST"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a, b, err := c.got()
			if err != nil {
				t.Fatal(err)
			}
			if got := fmt(a, b); got != day(c.want) {
				t.Errorf("got %s, want %s", got, c.want)
			}
		})
	}

	for _, bad := range []struct {
		name string
		f    func() error
	}{
		{"week 54", func() error { _, _, err := iso.Week("2026-W54", now); return err }},
		{"week 53 of a 52-week year", func() error { _, _, err := iso.Week("2025-W53", now); return err }},
		{"week text", func() error { _, _, err := iso.Week("next", now); return err }},
		{"month 13", func() error { _, _, err := iso.Month("2026-13", now); return err }},
		{"quarter 5", func() error { _, _, err := iso.Quarter("2026-Q5", now); return err }},
		{"date", func() error { _, err := iso.Date("2026/11/01"); return err }},
		{"grain", func() error { _, err := ParseGrain("decade"); return err }},
	} {
		if err := bad.f(); !errors.Is(err, ErrPeriod) {
			t.Errorf("%s: want ErrPeriod, got %v", bad.name, err)
		}
	}
}

func TestLabelsAndFit(t *testing.T) {
	madrid, _ := time.LoadLocation("Europe/Madrid")
	iso := Periods{Loc: madrid, WeekStart: time.Monday}
	us := Periods{Loc: madrid, WeekStart: time.Sunday}
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, madrid) }
	for _, c := range []struct {
		p    Periods
		g    Grain
		at   time.Time
		want string
	}{
		{iso, Day, d(2026, 11, 16), "2026-11-16"},
		{iso, Week, d(2026, 11, 16), "2026-W47"},
		{us, Week, d(2026, 11, 15), "2026-W47"},
		{iso, Week, d(2025, 12, 29), "2026-W01"},
		{iso, Month, d(2026, 11, 1), "2026-11"},
		{iso, Quarter, d(2026, 10, 1), "2026-Q4"},
	} {
		if got := c.p.Label(c.g, c.at); got != c.want {
			t.Errorf("%s %s: got %s, want %s", c.g, c.at, got, c.want)
		}
	}
	for _, c := range []struct {
		from, to time.Time
		want     Grain
	}{
		{d(2026, 10, 1), d(2027, 1, 1), Quarter},
		{d(2026, 10, 1), d(2026, 12, 1), Month},
		{d(2026, 11, 2), d(2026, 11, 16), Week},
		{d(2026, 11, 3), d(2026, 11, 16), Day},
	} {
		if got := iso.Fit(c.from, c.to); got != c.want {
			t.Errorf("fit %s..%s: got %s, want %s", c.from, c.to, got, c.want)
		}
	}
}

// A zone whose midnight can be missing: Sao Paulo skipped 00:00-01:00 on 2016-10-16.
func TestMissingMidnight(t *testing.T) {
	sp, err := time.LoadLocation("America/Sao_Paulo")
	if err != nil {
		t.Skip("no tz data")
	}
	p := Periods{Loc: sp, WeekStart: time.Sunday}
	start := p.Start(Day, time.Date(2016, 10, 16, 12, 0, 0, 0, sp))
	if start.Day() != 16 || start.Hour() > 1 {
		t.Errorf("start of 2016-10-16: %s", start)
	}
	if next := p.Next(Day, start); next.Day() != 17 || next.Hour() != 0 {
		t.Errorf("next: %s", next)
	}
}
