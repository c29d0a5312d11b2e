package etl

import (
	"context"
	"reflect"
	"testing"
	"time"
)

func naive(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, time.UTC)
}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Skipf("time zone %s not available: %v", name, err)
	}
	return loc
}

func TestZoneSegments(t *testing.T) {
	tests := []struct {
		zone     string
		from, to int
		want     []zoneSegment
	}{
		{"Europe/Madrid", 2026, 2026, []zoneSegment{
			{2026, naive(2026, 1, 1, 0, 0), naive(2026, 3, 29, 2, 0), 3600},
			{2026, naive(2026, 3, 29, 2, 0), naive(2026, 10, 25, 3, 0), 7200},
			{2026, naive(2026, 10, 25, 3, 0), naive(2027, 1, 1, 0, 0), 3600},
		}},
		{"UTC", 2025, 2027, []zoneSegment{
			{2025, naive(2025, 1, 1, 0, 0), naive(2026, 1, 1, 0, 0), 0},
			{2026, naive(2026, 1, 1, 0, 0), naive(2027, 1, 1, 0, 0), 0},
			{2027, naive(2027, 1, 1, 0, 0), naive(2028, 1, 1, 0, 0), 0},
		}},
		// Southern hemisphere, with DST in 2016 (the UCI log's year): summer time at both ends.
		{"America/Sao_Paulo", 2016, 2016, []zoneSegment{
			{2016, naive(2016, 1, 1, 0, 0), naive(2016, 2, 21, 0, 0), -7200},
			{2016, naive(2016, 2, 21, 0, 0), naive(2016, 10, 16, 0, 0), -10800},
			{2016, naive(2016, 10, 16, 0, 0), naive(2017, 1, 1, 0, 0), -7200},
		}},
		// No DST since 2019.
		{"America/Sao_Paulo", 2020, 2020, []zoneSegment{
			{2020, naive(2020, 1, 1, 0, 0), naive(2021, 1, 1, 0, 0), -10800},
		}},
		{"Asia/Kolkata", 2026, 2026, []zoneSegment{
			{2026, naive(2026, 1, 1, 0, 0), naive(2027, 1, 1, 0, 0), 19800},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.zone, func(t *testing.T) {
			got := zoneSegments(mustZone(t, tc.zone), tc.from, tc.to)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("zoneSegments(%s, %d, %d):\n got %+v\nwant %+v", tc.zone, tc.from, tc.to, got, tc.want)
			}
		})
	}
}

// toUTC converts a naive wall-clock time with the segments, as the tl_utc macro does.
func toUTC(t *testing.T, segs []zoneSegment, wall time.Time) time.Time {
	t.Helper()
	for _, s := range segs {
		if s.Year == wall.Year() && !wall.Before(s.Start) && wall.Before(s.End) {
			return wall.Add(-time.Duration(s.Offset) * time.Second)
		}
	}
	t.Fatalf("no segment holds %s", wall)
	return time.Time{}
}

func TestZoneSegmentsConvert(t *testing.T) {
	for _, zone := range []string{"Europe/Madrid", "America/New_York", "America/Sao_Paulo", "Australia/Sydney", "Europe/Rome", "Asia/Tokyo"} {
		t.Run(zone, func(t *testing.T) {
			loc := mustZone(t, zone)
			segs := zoneSegments(loc, 2015, 2027)
			// Segments tile each year without gaps or overlaps, split at year boundaries.
			for i, s := range segs {
				if !s.Start.Before(s.End) || s.Start.Year() != s.Year {
					t.Fatalf("segment %d is empty or in the wrong year: %+v", i, s)
				}
				if i > 0 {
					prev := segs[i-1]
					if s.Year == prev.Year && !s.Start.Equal(prev.End) {
						t.Fatalf("segments %d and %d do not meet: %+v %+v", i-1, i, prev, s)
					}
					if s.Year == prev.Year && s.Offset == prev.Offset {
						t.Fatalf("segments %d and %d have the same offset: %+v %+v", i-1, i, prev, s)
					}
				}
			}
			// Every half hour that exists exactly once in the zone converts as Go does.
			for u := time.Date(2015, 1, 1, 0, 30, 0, 0, time.UTC); u.Year() < 2028; u = u.Add(30 * time.Minute) {
				l := u.In(loc)
				wall := time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), 0, 0, time.UTC)
				if wall.Year() < 2015 || wall.Year() > 2027 {
					continue
				}
				// Skip wall times that happen twice (the fall-back hour).
				if a, b := u.Add(-time.Hour).In(loc), u.Add(time.Hour).In(loc); sameWall(a, l) || sameWall(b, l) {
					continue
				}
				if got := toUTC(t, segs, wall); !got.Equal(u) {
					t.Fatalf("%s local %s: got %s UTC, want %s", zone, wall.Format("2006-01-02 15:04"), got, u)
				}
			}
		})
	}
}

func sameWall(a, b time.Time) bool {
	return a.Format("2006-01-02 15:04") == b.Format("2006-01-02 15:04")
}

func TestZoneSegmentsTransitions(t *testing.T) {
	segs := zoneSegments(mustZone(t, "Europe/Madrid"), 2026, 2026)
	tests := []struct {
		wall, want time.Time
		why        string
	}{
		{naive(2026, 3, 29, 1, 59), naive(2026, 3, 29, 0, 59), "last minute of winter time"},
		{naive(2026, 3, 29, 2, 30), naive(2026, 3, 29, 0, 30), "in the spring-forward gap the new offset applies"},
		{naive(2026, 3, 29, 3, 0), naive(2026, 3, 29, 1, 0), "first minute of summer time"},
		{naive(2026, 10, 25, 2, 30), naive(2026, 10, 25, 0, 30), "the repeated hour reads as its first occurrence"},
		{naive(2026, 10, 25, 3, 0), naive(2026, 10, 25, 2, 0), "first minute after the repeated hour"},
		{naive(2026, 12, 31, 23, 59), naive(2026, 12, 31, 22, 59), "last minute of the year"},
	}
	for _, tc := range tests {
		if got := toUTC(t, segs, tc.wall); !got.Equal(tc.want) {
			t.Errorf("%s: %s local = %s UTC, want %s", tc.why, tc.wall, got, tc.want)
		}
	}
}

// TestUTCMacro runs the session's tl_utc in DuckDB over every half hour of 2015-2027 in zones
// with and without summer time, north and south, and checks it against the segments Go
// computed; outside the macro's years it gives NULL.
func TestUTCMacro(t *testing.T) {
	w := openTest(t, "")
	ctx := context.Background()
	conn, err := w.DB.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, zone := range []string{"Europe/Madrid", "America/New_York", "America/Sao_Paulo", "Australia/Sydney", "Asia/Kolkata", "UTC"} {
		t.Run(zone, func(t *testing.T) {
			loc := mustZone(t, zone)
			if _, err := conn.ExecContext(ctx, utcMacro(loc, 2015, 2027)); err != nil {
				t.Fatal(err)
			}
			segs := zoneSegments(loc, 2015, 2027)
			rows, err := conn.QueryContext(ctx, `
SELECT w, tl_utc(w) FROM range(TIMESTAMP '2015-01-01', TIMESTAMP '2028-01-01', INTERVAL 30 MINUTE) r(w)`)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			n := 0
			for rows.Next() {
				var wall, got time.Time
				if err := rows.Scan(&wall, &got); err != nil {
					t.Fatal(err)
				}
				if want := toUTC(t, segs, wall); !got.Equal(want) {
					t.Fatalf("tl_utc(%s) in %s = %s, want %s", wall.Format("2006-01-02 15:04"), zone, got, want)
				}
				n++
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			if n != 227904 {
				t.Fatalf("compared %d half hours, want 227904", n)
			}
			var outside int
			if err := conn.QueryRowContext(ctx, `
SELECT count(tl_utc(w)) FROM (VALUES (TIMESTAMP '2014-12-31 23:59:59'), (TIMESTAMP '2028-01-01 00:00:00'), (NULL::TIMESTAMP)) v(w)`).Scan(&outside); err != nil {
				t.Fatal(err)
			}
			if outside != 0 {
				t.Errorf("%d times outside 2015-2027 converted, want NULL for each", outside)
			}
		})
	}
}
