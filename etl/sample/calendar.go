package sample

import (
	"fmt"
	"math"
	"sort"
	"time"
	// Embedded so that output is identical on machines without a zoneinfo
	// database (Windows, scratch containers): Europe/Madrid must resolve.
	_ "time/tzdata"
)

const (
	hour = int64(3600)
	day  = 24 * hour
	// calendarTail is how far past End the calendar reaches, so the
	// simulation can plan a step beyond End (which is then dropped) without
	// leaving the table.
	calendarTail = 10 * day
	// never is a time later than any End: "this does not happen".
	never = int64(math.MaxInt64 / 4)
)

// localHour describes one UTC hour in Europe/Madrid. Madrid's offset is a
// whole number of hours (since 1901), so minutes and seconds are the same in
// UTC and local time and one entry per hour is enough to render any instant.
type localHour struct {
	year             int16
	month, day, hour uint8
	working          bool // Mon–Fri 08:00–18:00, not a public holiday
}

// calendar is the local-time view of the generation window, built once per
// run: rendering and working-hour arithmetic become table look-ups instead
// of time zone conversions, which the event log's speed depends on.
type calendar struct {
	loc   *time.Location
	base  int64 // unix seconds of hours[0]; whole UTC hour
	hours []localHour
	// cum[i] is the arrival weight of hours [from, base+3600*(first+i+1))
	// clipped to the creation window [from, to).
	cum      []float64
	first    int // index in hours of the first creation hour
	from, to int64
}

// newCalendar covers the creation window [from, to) plus a tail after to.
// seed varies how busy each day and hour is, as real arrivals do.
func newCalendar(from, to int64, seed uint64) (*calendar, error) {
	loc, err := time.LoadLocation("Europe/Madrid")
	if err != nil {
		return nil, fmt.Errorf("load time zone Europe/Madrid: %w", err)
	}
	c := &calendar{loc: loc, base: from - from%hour, from: from, to: to}
	n := int((to + calendarTail - c.base + hour - 1) / hour)
	c.hours = make([]localHour, n)
	for i := range c.hours {
		lt := time.Unix(c.base+int64(i)*hour, 0).In(loc)
		y, m, d := lt.Date()
		h := lt.Hour()
		wd := lt.Weekday()
		off := wd == time.Saturday || wd == time.Sunday || isHoliday(m, d)
		c.hours[i] = localHour{year: int16(y), month: uint8(m), day: uint8(d), hour: uint8(h),
			working: !off && h >= 8 && h < 18}
	}
	c.first = int((from - c.base) / hour)
	last := int((to - c.base + hour - 1) / hour) // exclusive
	c.cum = make([]float64, 0, last-c.first)
	total := 0.0
	for i := c.first; i < last; i++ {
		start, end := c.base+int64(i)*hour, c.base+int64(i+1)*hour
		lo, hi := max(start, from), min(end, to)
		h := c.hours[i]
		wd := time.Unix(start, 0).In(loc).Weekday()
		off := wd == time.Saturday || wd == time.Sunday || isHoliday(time.Month(h.month), int(h.day))
		w := arrivalWeight(off, int(h.hour))
		if wd == time.Friday && h.hour >= 14 {
			w *= 0.7 // Friday afternoons are quieter
		}
		// Busier and quieter days (±25%) and hours (±50%). The products by
		// 0.5 are exact, so no platform's fused multiply-add changes them.
		day := uint64(i) / 24
		w *= (0.75 + 0.5*unit(splitmix64(seed^0x6461797300000000^day))) * (0.5 + unit(splitmix64(seed^0x686f757200000000^uint64(i))))
		total += float64(w * float64(hi-lo) / float64(hour))
		c.cum = append(c.cum, total)
	}
	return c, nil
}

// isHoliday reports Spain's fixed-date national holidays and Madrid's
// regional ones; movable feasts are left out for simplicity.
func isHoliday(m time.Month, d int) bool {
	switch {
	case m == time.January && (d == 1 || d == 6),
		m == time.May && (d == 1 || d == 2 || d == 15),
		m == time.August && d == 15,
		m == time.October && d == 12,
		m == time.November && d == 1,
		m == time.December && (d == 6 || d == 8 || d == 25):
		return true
	}
	return false
}

// arrivalWeight is the relative number of tickets created in a local hour.
// About 84% of tickets land Mon–Fri 08:00–18:00 with these weights.
func arrivalWeight(off bool, h int) float64 {
	if off {
		if h >= 9 && h < 21 {
			return 0.5
		}
		return 0.1
	}
	weekday := [24]float64{0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.5, 1.5, 5, 9, 10, 10, 8, 6, 5, 7, 8, 7, 4, 1.5, 1, 0.7, 0.5, 0.3}
	return weekday[h]
}

// unit maps 64 random bits to [0,1) exactly.
func unit(x uint64) float64 {
	return float64(x>>11) * (1.0 / (1 << 53))
}

// createdAt maps x in [0,1) to a creation instant by inverting the arrival
// distribution. The map is monotonic, so increasing x gives increasing
// times: ticket numbers follow creation order as in a real system.
func (c *calendar) createdAt(x float64) int64 {
	total := c.cum[len(c.cum)-1]
	// The conversion rounds the product before it is used, so the result
	// does not depend on whether the platform fuses multiply and subtract.
	target := float64(x * total)
	i := sort.SearchFloat64s(c.cum, target)
	if i >= len(c.cum) {
		i = len(c.cum) - 1
	}
	prev := 0.0
	if i > 0 {
		prev = c.cum[i-1]
	}
	k := c.first + i
	lo := max(c.base+int64(k)*hour, c.from)
	hi := min(c.base+int64(k+1)*hour, c.to)
	frac := 0.0
	if w := c.cum[i] - prev; w > 0 {
		frac = (target - prev) / w
	}
	t := lo + int64(float64(frac*float64(hi-lo)))
	return min(max(t, lo), hi-1)
}

// at returns the table entry for instant s; ok is false outside the table.
func (c *calendar) at(s int64) (localHour, bool) {
	i := (s - c.base) / hour
	if s < c.base || i >= int64(len(c.hours)) {
		return localHour{}, false
	}
	return c.hours[i], true
}

// fields returns the local wall clock of s.
func (c *calendar) fields(s int64) (y, mo, d, h, mi, sec int) {
	lh, ok := c.at(s)
	if !ok {
		// Not reached for rendered events (all lie inside the table), kept
		// so a future caller gets a right answer rather than a wrong one.
		t := time.Unix(s, 0).In(c.loc)
		yy, mm, dd := t.Date()
		return yy, int(mm), dd, t.Hour(), t.Minute(), t.Second()
	}
	r := (s - c.base) % hour
	return int(lh.year), int(lh.month), int(lh.day), int(lh.hour), int(r / 60), int(r % 60)
}

// addWork moves s forward by d seconds of working time (Mon–Fri 08–18,
// holidays excluded). It returns never when the result would fall past the
// end of the table, which only happens after End.
func (c *calendar) addWork(s, d int64) int64 {
	for {
		lh, ok := c.at(s)
		if !ok {
			return never
		}
		next := s - (s-c.base)%hour + hour
		if lh.working {
			if s+d <= next {
				return s + d
			}
			d -= next - s
		}
		s = next
	}
}

// nextWorking returns s if it is in working time, else the start of the
// next working hour (or never past the table).
func (c *calendar) nextWorking(s int64) int64 {
	for {
		lh, ok := c.at(s)
		if !ok {
			return never
		}
		if lh.working {
			return s
		}
		s = s - (s-c.base)%hour + hour
	}
}
