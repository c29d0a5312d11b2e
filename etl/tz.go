package etl

import (
	"fmt"
	"strings"
	"time"
)

// zoneSegment says that naive wall-clock times in [Start, End) of zone are Offset seconds
// ahead of UTC. DuckDB's ICU conversion costs ~350 ns a value; a lookup in these few segments
// per year (utcMacro) converts millions of event times in a fraction of that.
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

// utcMacro writes the session macro tl_utc(x): the naive wall-clock time x of the zone as UTC,
// NULL outside the years [from, to]. It is one expression, with the segments as constant lists
// indexed by year(x): each year's segments are tried in order, the first that ends after x
// gives the offset. A lookup in a table of segments (a correlated subquery) would cost a join
// that makes DuckDB buffer every column of the rows being converted: several seconds per
// million-record file.
func utcMacro(loc *time.Location, from, to int) string {
	byYear := make([][]zoneSegment, to-from+1)
	width := 1
	for _, s := range zoneSegments(loc, from, to) {
		i := s.Year - from
		byYear[i] = append(byYear[i], s)
		width = max(width, len(byYear[i]))
	}
	// ends[k][y] and offsets[k][y]: the k-th segment of year y; a year with fewer segments
	// repeats its last one, so the extra tests never change the answer.
	ends := make([][]string, width)
	offsets := make([][]string, width)
	for _, segs := range byYear {
		for k := range width {
			s := segs[min(k, len(segs)-1)]
			ends[k] = append(ends[k], "TIMESTAMP '"+s.End.Format("2006-01-02 15:04:05")+"'")
			offsets[k] = append(offsets[k], fmt.Sprint(s.Offset))
		}
	}
	idx := fmt.Sprintf("[year(x) - %d]", from-1)
	last := fmt.Sprintf("[%s]%s", strings.Join(offsets[width-1], ", "), idx)
	var off strings.Builder
	for k := range width - 1 {
		fmt.Fprintf(&off, "WHEN x < [%s]%s THEN [%s]%s ", strings.Join(ends[k], ", "), idx, strings.Join(offsets[k], ", "), idx)
	}
	if off.Len() > 0 {
		last = "CASE " + off.String() + "ELSE " + last + " END"
	}
	return fmt.Sprintf("CREATE OR REPLACE TEMP MACRO tl_utc(x) AS CASE WHEN x >= TIMESTAMP '%04d-01-01' AND x < TIMESTAMP '%04d-01-01' THEN x - to_seconds(%s) END;",
		from, to+1, last)
}
