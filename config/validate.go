package config

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"
)

var weekdays = map[string]int{"mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7}

// validate checks every value and fills the parsed forms (regexps, windows, locations). All
// problems are reported at once, one per line, so a user fixes the file in one go.
func (c *Config) validate(dir string) error {
	var errs []string
	add := func(format string, a ...any) { errs = append(errs, fmt.Sprintf(format, a...)) }

	loc, err := time.LoadLocation(c.TimeZone)
	if err != nil || c.TimeZone == "" {
		add("time_zone: %q is not an IANA time zone (e.g. Europe/Madrid, America/New_York, UTC)", c.TimeZone)
	}
	c.location = loc
	if _, err := time.LoadLocation(c.SourceTimeZone); err != nil || c.SourceTimeZone == "" {
		add("source_time_zone: %q is not an IANA time zone", c.SourceTimeZone)
	}
	if c.WeekStart != "monday" && c.WeekStart != "sunday" {
		add("week_start: %q must be monday or sunday", c.WeekStart)
	}

	if len(c.Tiers) == 0 {
		add("tiers: at least one tier is needed")
	}
	tierSet := map[string]bool{}
	for i, t := range c.Tiers {
		switch {
		case t.ID == "":
			add("tiers[%d]: id is empty", i)
		case t.ID == Unmapped:
			add("tiers[%d]: %q is reserved for groups no rule maps", i, Unmapped)
		case tierSet[t.ID]:
			add("tiers[%d]: id %q is defined twice", i, t.ID)
		}
		tierSet[t.ID] = true
		if c.Tiers[i].Label == "" {
			c.Tiers[i].Label = t.ID
		}
	}
	tierList := strings.Join(c.TierIDs(), ", ")

	for i := range c.TierMap {
		r := &c.TierMap[i]
		n := 0
		for _, s := range []string{r.Glob, r.Exact, r.Regex} {
			if s != "" {
				n++
			}
		}
		if n != 1 {
			add("tier_map[%d]: give exactly one of glob, exact or regex", i)
			continue
		}
		if !tierSet[r.Tier] {
			add("tier_map[%d]: tier %q is not one of the tiers (%s)", i, r.Tier, tierList)
		}
		if err := r.compile(); err != nil {
			add("tier_map[%d]: regex %q: %v", i, r.Regex, err)
		}
	}

	for _, name := range c.CalendarNames() {
		cal := c.Calendars[name]
		if _, err := time.LoadLocation(cal.TimeZone); err != nil || cal.TimeZone == "" {
			add("calendars.%s.time_zone: %q is not an IANA time zone", name, cal.TimeZone)
		}
		cal.Windows = nil
		days := make([]string, 0, len(cal.Hours))
		for d := range cal.Hours {
			days = append(days, d)
		}
		sort.Strings(days)
		for _, d := range days {
			w, err := parseHours(d, cal.Hours[d])
			if err != nil {
				add("calendars.%s.hours: %v", name, err)
				continue
			}
			cal.Windows = append(cal.Windows, w...)
		}
		sort.Slice(cal.Windows, func(i, j int) bool {
			a, b := cal.Windows[i], cal.Windows[j]
			return a.Weekday < b.Weekday || a.Weekday == b.Weekday && a.Start < b.Start
		})
		for i := 1; i < len(cal.Windows); i++ {
			if cal.Windows[i].Weekday == cal.Windows[i-1].Weekday && cal.Windows[i].Start < cal.Windows[i-1].End {
				add("calendars.%s.hours: windows overlap on weekday %d", name, cal.Windows[i].Weekday)
			}
		}
		for i, h := range cal.Holidays {
			if _, _, err := h.Days(); err != nil {
				add("calendars.%s.holidays[%d]: %v", name, i, err)
			}
		}
		if cal.ICS != "" {
			path := cal.ICS
			if !filepath.IsAbs(path) {
				path = filepath.Join(dir, path)
			}
			hs, err := readICS(path)
			if err != nil {
				add("calendars.%s.ics: %v", name, err)
			}
			cal.Holidays = append(cal.Holidays, hs...)
		}
		c.Calendars[name] = cal
	}

	for i, p := range c.SLAPolicies {
		if p.Name == "" {
			add("sla_policies[%d]: name is empty", i)
		}
		if _, ok := c.Calendars[p.Calendar]; !ok {
			add("sla_policies[%d] (%s): calendar %q is not defined under calendars (%s)", i, p.Name, p.Calendar, strings.Join(c.CalendarNames(), ", "))
		}
		if p.Tier != "" && !tierSet[p.Tier] {
			add("sla_policies[%d] (%s): tier %q is not one of the tiers (%s)", i, p.Name, p.Tier, tierList)
		}
		if p.Priority != "" && !regexp.MustCompile(`^P[1-4]$`).MatchString(p.Priority) {
			add("sla_policies[%d] (%s): priority %q must be P1, P2, P3 or P4", i, p.Name, p.Priority)
		}
		switch p.Reopen {
		case "":
			c.SLAPolicies[i].Reopen = "restart"
		case "restart", "continue":
		default:
			add("sla_policies[%d] (%s): reopen %q must be restart or continue", i, p.Name, p.Reopen)
		}
		if p.Response == 0 && p.Resolution == 0 {
			add("sla_policies[%d] (%s): give a response or a resolution target", i, p.Name)
		}
	}

	for _, name := range c.TargetNames() {
		for tier := range c.Targets[name].ByTier {
			if !tierSet[tier] {
				add("targets.%s: tier %q is not one of the tiers (%s)", name, tier, tierList)
			}
		}
	}
	if len(errs) > 0 {
		// In the file's order: tier_map[2] before tier_map[10].
		return fmt.Errorf("%s", strings.Join(errs, "\n  "))
	}
	return nil
}

// parseHours reads "mon-fri": "08:00-12:00, 13:00-17:00".
func parseHours(days, spans string) ([]Window, error) {
	first, last, ok := strings.Cut(strings.ToLower(strings.TrimSpace(days)), "-")
	if !ok {
		last = first
	}
	d0, ok0 := weekdays[first]
	d1, ok1 := weekdays[last]
	if !ok0 || !ok1 || d1 < d0 {
		return nil, fmt.Errorf("%q is not a day or day range (e.g. mon-fri, sat, mon-sun)", days)
	}
	var out []Window
	for _, span := range strings.Split(spans, ",") {
		from, to, ok := strings.Cut(strings.TrimSpace(span), "-")
		start, err1 := clock(from)
		end, err2 := clock(to)
		if !ok || err1 != nil || err2 != nil || end <= start {
			return nil, fmt.Errorf("%s: %q is not a time span (e.g. 08:00-18:00, or 00:00-24:00 for all day)", days, span)
		}
		for d := d0; d <= d1; d++ {
			out = append(out, Window{Weekday: d, Start: start, End: end})
		}
	}
	return out, nil
}

func clock(s string) (time.Duration, error) {
	var h, m int
	if _, err := fmt.Sscanf(strings.TrimSpace(s), "%d:%d", &h, &m); err != nil || h < 0 || h > 24 || m < 0 || m > 59 || h == 24 && m != 0 {
		return 0, fmt.Errorf("bad clock time %q", s)
	}
	return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute, nil
}

// Days returns the first and last day of the holiday (equal for a single date).
func (h Holiday) Days() (time.Time, time.Time, error) {
	if h.Date != "" {
		if h.From != "" || h.To != "" {
			return time.Time{}, time.Time{}, fmt.Errorf("give date, or from and to, not both")
		}
		d, err := time.Parse(time.DateOnly, h.Date)
		if err != nil {
			return time.Time{}, time.Time{}, fmt.Errorf("date %q is not YYYY-MM-DD", h.Date)
		}
		return d, d, nil
	}
	from, err1 := time.Parse(time.DateOnly, h.From)
	to, err2 := time.Parse(time.DateOnly, h.To)
	if err1 != nil || err2 != nil || to.Before(from) {
		return time.Time{}, time.Time{}, fmt.Errorf("from %q / to %q is not a YYYY-MM-DD range", h.From, h.To)
	}
	return from, to, nil
}

// readICS takes all-day VEVENTs (DTSTART;VALUE=DATE) from an iCalendar file as holidays;
// a multi-day event's DTEND is exclusive, as RFC 5545 says.
func readICS(path string) ([]Holiday, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []Holiday
	var cur *Holiday
	var end string
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		l := strings.TrimRight(sc.Text(), "\r")
		key, val, _ := strings.Cut(l, ":")
		name, _, _ := strings.Cut(key, ";")
		switch strings.ToUpper(name) {
		case "BEGIN":
			if strings.EqualFold(val, "VEVENT") {
				cur, end = &Holiday{}, ""
			}
		case "DTSTART":
			if cur != nil {
				cur.From = icsDate(val)
			}
		case "DTEND":
			end = icsDate(val)
		case "SUMMARY":
			if cur != nil {
				cur.Name = val
			}
		case "END":
			if cur == nil || !strings.EqualFold(val, "VEVENT") {
				continue
			}
			from, err := time.Parse(time.DateOnly, cur.From)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: DTSTART %q is not a date", path, line, cur.From)
			}
			to := from
			if e, err := time.Parse(time.DateOnly, end); err == nil && e.After(from) {
				to = e.AddDate(0, 0, -1)
			}
			out = append(out, Holiday{From: from.Format(time.DateOnly), To: to.Format(time.DateOnly), Name: cur.Name})
			cur = nil
		}
	}
	return out, sc.Err()
}

func icsDate(v string) string {
	v = strings.TrimSpace(v)
	if len(v) >= 8 {
		return v[0:4] + "-" + v[4:6] + "-" + v[6:8]
	}
	return v
}
