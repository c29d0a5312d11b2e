package metrics

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/tierlens/tierlens/config"
)

// Grain is the length of one reporting period.
type Grain string

// Grains.
const (
	Day     Grain = "day"
	Week    Grain = "week"
	Month   Grain = "month"
	Quarter Grain = "quarter"
	Year    Grain = "year"
	// All is the whole range asked for as one period (from its first day to its end).
	All Grain = "all"
)

// Grains lists every grain, finest first.
var Grains = []Grain{Day, Week, Month, Quarter, Year, All}

func grainList() string {
	s := make([]string, len(Grains))
	for i, g := range Grains {
		s[i] = string(g)
	}
	return strings.Join(s, ", ")
}

// ErrPeriod is returned (wrapped) for a period or grain that cannot be read.
var ErrPeriod = errors.New("bad period")

// ParseGrain reads day, week, month, quarter, year or all.
func ParseGrain(s string) (Grain, error) {
	for _, g := range Grains {
		if string(g) == s {
			return g, nil
		}
	}
	return "", fmt.Errorf("%w: grain %q: use one of %s", ErrPeriod, s, grainList())
}

// Periods is the reporting calendar: periods start at local midnight in Loc, weeks on
// WeekStart (Monday for ISO weeks, or Sunday).
type Periods struct {
	Loc       *time.Location
	WeekStart time.Weekday
}

// PeriodsOf is the reporting calendar of a configuration (time_zone, week_start).
func PeriodsOf(cfg *config.Config) Periods {
	p := Periods{Loc: cfg.Location(), WeekStart: time.Monday}
	if p.Loc == nil {
		p.Loc = time.UTC
	}
	if cfg.WeekStart == "sunday" {
		p.WeekStart = time.Sunday
	}
	return p
}

// midnight is the first instant of t's local day.
func (p Periods) midnight(t time.Time) time.Time {
	t = t.In(p.Loc)
	return p.day(t.Year(), t.Month(), t.Day())
}

// day is the first instant of a local day (normalised like time.Date: day 32 is next month's
// 1st). Where a zone skips midnight (Sao Paulo on 2016-10-16), the day starts when the clocks
// jump, as DuckDB's timezone() has it, not on the evening before as time.Date would have it.
func (p Periods) day(y int, m time.Month, d int) time.Time {
	t := time.Date(y, m, d, 0, 0, 0, 0, p.Loc)
	want := time.Date(y, m, d, 12, 0, 0, 0, time.UTC) // the calendar day asked for, normalised
	for h := 1; h <= 3 && (t.Day() != want.Day() || t.Month() != want.Month()); h++ {
		t = time.Date(y, m, d, h, 0, 0, 0, p.Loc)
	}
	return t
}

// Start is the start of the period of grain g that contains t.
func (p Periods) Start(g Grain, t time.Time) time.Time {
	d := p.midnight(t)
	switch g {
	case Week:
		back := (int(d.Weekday()) - int(p.WeekStart) + 7) % 7
		return p.day(d.Year(), d.Month(), d.Day()-back)
	case Month:
		return p.day(d.Year(), d.Month(), 1)
	case Quarter:
		m := (int(d.Month())-1)/3*3 + 1
		return p.day(d.Year(), time.Month(m), 1)
	case Year:
		return p.day(d.Year(), 1, 1)
	}
	return d // a day, and the first day of an All period
}

// Next is the start of the period after the one starting at start.
func (p Periods) Next(g Grain, start time.Time) time.Time {
	s := start.In(p.Loc)
	switch g {
	case Week:
		return p.day(s.Year(), s.Month(), s.Day()+7)
	case Month:
		return p.day(s.Year(), s.Month()+1, 1)
	case Quarter:
		return p.day(s.Year(), s.Month()+3, 1)
	case Year:
		return p.day(s.Year()+1, 1, 1)
	}
	// a day; an All period ends where its range does, which only Span and List know
	return p.day(s.Year(), s.Month(), s.Day()+1)
}

// Span widens [from, to) to whole periods of grain g: from goes back to its period's start,
// and to forward to the end of the period holding its last instant.
func (p Periods) Span(g Grain, from, to time.Time) (time.Time, time.Time) {
	if g == All {
		g = Day // whole days, as one period
	}
	start := p.Start(g, from)
	end := p.Start(g, to)
	if end.Before(to) {
		end = p.Next(g, end)
	}
	if !end.After(start) {
		end = p.Next(g, start)
	}
	return start, end
}

// List is the starts of the periods of grain g in [from, to), both aligned.
func (p Periods) List(g Grain, from, to time.Time) []time.Time {
	if g == All {
		if s := p.Start(Day, from); s.Before(to) {
			return []time.Time{s}
		}
		return nil
	}
	var out []time.Time
	for s := p.Start(g, from); s.Before(to); {
		out = append(out, s)
		n := p.Next(g, s)
		if !n.After(s) {
			break // cannot happen with a sane zone; never loop forever
		}
		s = n
	}
	return out
}

// Label names the period starting at start: 2026-11-16, 2026-W47, 2026-11, 2026-Q4 or 2026.
func (p Periods) Label(g Grain, start time.Time) string {
	s := start.In(p.Loc)
	switch g {
	case Week:
		y, w := s.AddDate(0, 0, (int(time.Monday)-int(p.WeekStart)+7)%7).ISOWeek()
		return fmt.Sprintf("%d-W%02d", y, w)
	case Month:
		return s.Format("2006-01")
	case Quarter:
		return fmt.Sprintf("%d-Q%d", s.Year(), (int(s.Month())-1)/3+1)
	case Year:
		return s.Format("2006")
	}
	return s.Format(time.DateOnly) // a day; an All period by its first day
}

// Fit is the coarsest grain whose periods both from and to start, or Day when from and to
// are not even midnights (Span then widens them).
func (p Periods) Fit(from, to time.Time) Grain {
	for _, g := range []Grain{Quarter, Month, Week} {
		if p.Start(g, from).Equal(from) && p.Start(g, to).Equal(to) {
			return g
		}
	}
	return Day
}

// relative reads "last" (the last complete period before now's) and "this" (now's period).
func (p Periods) relative(g Grain, spec string, now time.Time) (time.Time, time.Time, bool) {
	cur := p.Start(g, now)
	switch spec {
	case "this", "current":
		return cur, p.Next(g, cur), true
	case "last", "previous":
		prev := p.Start(g, cur.Add(-time.Nanosecond))
		return prev, cur, true
	}
	return time.Time{}, time.Time{}, false
}

// Week reads a week: last, this, or an ISO week such as 2026-W47 (with a Sunday week start,
// the week begins the Sunday before that ISO week's Monday).
func (p Periods) Week(spec string, now time.Time) (time.Time, time.Time, error) {
	if from, to, ok := p.relative(Week, spec, now); ok {
		return from, to, nil
	}
	bad := fmt.Errorf("%w: week %q: write last, this or an ISO week like 2026-W47", ErrPeriod, spec)
	ys, ws, ok := strings.Cut(strings.ToUpper(spec), "-W")
	if !ok {
		return time.Time{}, time.Time{}, bad
	}
	y, err1 := strconv.Atoi(ys)
	w, err2 := strconv.Atoi(ws)
	if err1 != nil || err2 != nil || len(ys) != 4 || w < 1 || w > 53 {
		return time.Time{}, time.Time{}, bad
	}
	jan4 := p.day(y, 1, 4)
	monday := jan4.AddDate(0, 0, -((int(jan4.Weekday())+6)%7)+(w-1)*7)
	if yy, ww := monday.ISOWeek(); yy != y || ww != w {
		return time.Time{}, time.Time{}, fmt.Errorf("%w: week %q: %d has no week %d", ErrPeriod, spec, y, w)
	}
	start := p.day(monday.Year(), monday.Month(), monday.Day()-(int(time.Monday)-int(p.WeekStart)+7)%7)
	return start, p.Next(Week, start), nil
}

// Month reads a month: last, this, or 2026-10.
func (p Periods) Month(spec string, now time.Time) (time.Time, time.Time, error) {
	if from, to, ok := p.relative(Month, spec, now); ok {
		return from, to, nil
	}
	t, err := time.ParseInLocation("2006-01", spec, p.Loc)
	if err != nil {
		return time.Time{}, time.Time{}, fmt.Errorf("%w: month %q: write last, this or a month like 2026-10", ErrPeriod, spec)
	}
	start := p.Start(Month, t)
	return start, p.Next(Month, start), nil
}

// Quarter reads a quarter: last, this, or 2026-Q4.
func (p Periods) Quarter(spec string, now time.Time) (time.Time, time.Time, error) {
	if from, to, ok := p.relative(Quarter, spec, now); ok {
		return from, to, nil
	}
	bad := fmt.Errorf("%w: quarter %q: write last, this or a quarter like 2026-Q4", ErrPeriod, spec)
	ys, qs, ok := strings.Cut(strings.ToUpper(spec), "-Q")
	if !ok {
		return time.Time{}, time.Time{}, bad
	}
	y, err1 := strconv.Atoi(ys)
	q, err2 := strconv.Atoi(qs)
	if err1 != nil || err2 != nil || len(ys) != 4 || q < 1 || q > 4 {
		return time.Time{}, time.Time{}, bad
	}
	start := p.day(y, time.Month(3*(q-1)+1), 1)
	return start, p.Next(Quarter, start), nil
}

// Date reads a day, YYYY-MM-DD, as its local midnight.
func (p Periods) Date(spec string) (time.Time, error) {
	t, err := time.ParseInLocation(time.DateOnly, spec, p.Loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("%w: date %q: write YYYY-MM-DD", ErrPeriod, spec)
	}
	return p.midnight(t), nil
}

// Last is the n complete periods of grain g before the one holding now.
func (p Periods) Last(g Grain, n int, now time.Time) (time.Time, time.Time) {
	end := p.Start(g, now)
	start := end
	for i := 0; i < n; i++ {
		start = p.Start(g, start.Add(-time.Nanosecond))
	}
	return start, end
}

// grainSupported refuses year and all on a warehouse whose tl_periods predates them (written
// by an older tierlens and opened read-only): it would return no period at all.
func grainSupported(ctx context.Context, db querier, g Grain) error {
	if g != Year && g != All {
		return nil
	}
	ok, err := macroHas(ctx, db, "tl_periods", "year")
	if err != nil || ok {
		return err
	}
	return fmt.Errorf("%w: grain %s: this warehouse was written by an older tierlens whose period macro has no %s: run `tierlens load --rebuild` to refresh it", ErrPeriod, g, g)
}
