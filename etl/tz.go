package etl

import "time"

// zoneSegment says that naive wall-clock times in [Start, End) of zone are Offset seconds
// ahead of UTC. DuckDB's ICU conversion costs ~350 ns a value; a join on these few rows per
// year converts millions of event times in a fraction of that.
type zoneSegment struct {
	Year   int
	Start  time.Time // naive local, as UTC fields
	End    time.Time
	Offset int // seconds east of UTC
}

// zoneSegments lists the segments of loc for the years [from, to], split at year boundaries
// so a join can use the year as an equality key. In a spring-forward gap the new offset
// applies; a fall-back hour that happens twice is read as its first occurrence.
func zoneSegments(loc *time.Location, from, to int) []zoneSegment {
	var out []zoneSegment
	for y := from; y <= to; y++ {
		start := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
		end := time.Date(y+1, 1, 1, 0, 0, 0, 0, time.UTC)
		// Offsets in effect at the local start of the year, and each transition in the year.
		_, off := time.Date(y, 1, 1, 0, 0, 0, 0, loc).Zone()
		cur := start
		// Walk the year's UTC instants in steps of a day to find transitions, then bisect.
		t := time.Date(y, 1, 1, 0, 0, 0, 0, loc).Add(-14 * time.Hour)
		stop := time.Date(y+1, 1, 1, 0, 0, 0, 0, loc).Add(14 * time.Hour)
		for t.Before(stop) {
			next := t.Add(24 * time.Hour)
			_, o1 := t.Zone()
			_, o2 := next.In(loc).Zone()
			if o1 != o2 {
				lo, hi := t, next
				for hi.Sub(lo) > time.Second {
					mid := lo.Add(hi.Sub(lo) / 2)
					if _, om := mid.In(loc).Zone(); om == o1 {
						lo = mid
					} else {
						hi = mid
					}
				}
				// hi is the first instant with the new offset; the wall clock read o1 then.
				boundary := time.Unix(hi.Unix(), 0).UTC().Add(time.Duration(o1) * time.Second)
				if boundary.After(cur) && boundary.Before(end) {
					out = append(out, zoneSegment{y, cur, boundary, o1})
					cur = boundary
				}
				off = o2
			}
			t = next.In(loc)
		}
		out = append(out, zoneSegment{y, cur, end, off})
	}
	return out
}
