package main

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
)

// A delta export is what a help desk's daily cron job fetches after the big first load: the
// tickets that changed since the last export and the ones opened since, in the same profile.
// An updated ticket comes with its whole history again plus its newer records (an event-log
// export repeats the incident's case fields on every row, so these change on every row),
// which is how tierlens tells it is newer (queries/etl/decide.sql: a later updated_at).

// deltaShift is how much later the delta is exported than its base: a daily export.
const deltaShift = 24 * time.Hour

// ticketInfo is what the scan keeps of one ticket of the base file.
type ticketInfo struct {
	first     int       // rank of its first record in the file
	lastAt    time.Time // time of its latest record (sys_updated_at)
	lastState string    // incident_state of that record (time decides, then file order)
	created   time.Time // opened_at, else its first event's time
}

// logScan is one pass over a base event log: its tickets and what a delta needs to be newer
// than it and to number new tickets after it.
type logScan struct {
	file    string
	header  []string
	cols    logCols
	layout  string
	tickets map[string]*ticketInfo
	numbers []string  // ticket numbers in the order they first appear
	end     time.Time // the latest time anywhere in the file: the base export's "now"
	groups  []string  // distinct assignment groups, sorted
	prefix  string    // number prefix of the highest number (INC)
	width   int       // its digits
	maxNum  int64     // the highest number's digits as a number
	records int
}

// scanLog reads a base event log once.
func scanLog(file string) (*logScan, error) {
	l, err := openLog(file)
	if err != nil {
		return nil, err
	}
	defer l.Close()
	s := &logScan{file: file, header: l.header, cols: l.cols, tickets: map[string]*ticketInfo{}}
	c := l.cols
	groups := map[string]bool{}
	for {
		rec, line, err := l.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		s.records++
		num := strings.TrimSpace(rec[c.number])
		if num == "" {
			return nil, fmt.Errorf("%s: line %d: number: empty", file, line)
		}
		for _, i := range c.times {
			if t, ok, err := l.parseTime(rec, i, line); err != nil {
				return nil, err
			} else if ok && t.After(s.end) {
				s.end = t
			}
		}
		at, ok, _ := l.parseTime(rec, c.updatedAt, line)
		if !ok {
			return nil, fmt.Errorf("%s: line %d: sys_updated_at: missing (every record of an event log has its time)", file, line)
		}
		ti := s.tickets[num]
		if ti == nil {
			num = strings.Clone(num) // the record's strings share one buffer: keep only the number
			prefix, digits, ok := splitNumber(num)
			if !ok {
				return nil, fmt.Errorf("%s: line %d: number: %q does not end in digits (a delta numbers its new tickets after the highest)", file, line, num)
			}
			n, _ := strconv.ParseInt(digits, 10, 64)
			if n >= s.maxNum {
				s.prefix, s.width, s.maxNum = prefix, len(digits), n
			}
			ti = &ticketInfo{first: len(s.numbers), created: at}
			if c.openedAt >= 0 {
				if o, ok, err := l.parseTime(rec, c.openedAt, line); err != nil {
					return nil, err
				} else if ok {
					ti.created = o
				}
			}
			s.tickets[num] = ti
			s.numbers = append(s.numbers, num)
		}
		if !at.Before(ti.lastAt) { // time decides, then file order: the later record wins a tie
			ti.lastAt = at
			if ti.lastState != rec[c.state] {
				ti.lastState = strings.Clone(rec[c.state])
			}
		}
		if c.group >= 0 && !missing(rec[c.group]) && !groups[rec[c.group]] {
			groups[strings.Clone(rec[c.group])] = true
		}
	}
	s.layout = l.layout
	if s.layout == "" {
		s.layout = timeLayouts[0]
	}
	for g := range groups {
		s.groups = append(s.groups, g)
	}
	slices.Sort(s.groups)
	return s, nil
}

// stateClass sorts an incident_state into open (new, active, awaiting …, or unknown),
// resolved, or closed (closed or cancelled: nothing happens to it unless it reopens).
func stateClass(state string) string {
	switch strings.ToLower(strings.TrimSpace(state)) {
	case "resolved", "6":
		return "resolved"
	case "closed", "7", "canceled", "cancelled", "8":
		return "closed"
	}
	return "open"
}

// pickDelta chooses the tickets of a delta of n tickets: n/2 updated (still open ones first,
// the most recently active first, as a daily export of changes would hold) and the rest new
// (copies of the most recently created tickets, renumbered and moved one export later).
func pickDelta(s *logScan, n int) (updated, sources []string) {
	nUpd := min(n/2, len(s.numbers))
	nNew := min(n-n/2, len(s.numbers))
	updated = slices.Clone(s.numbers)
	slices.SortFunc(updated, func(a, b string) int {
		ta, tb := s.tickets[a], s.tickets[b]
		ca, cb := stateClass(ta.lastState) == "closed", stateClass(tb.lastState) == "closed"
		if ca != cb {
			if ca {
				return 1
			}
			return -1
		}
		if c := tb.lastAt.Compare(ta.lastAt); c != 0 {
			return c
		}
		return cmp.Compare(ta.first, tb.first)
	})
	updated = updated[:nUpd]
	sources = slices.Clone(s.numbers)
	slices.SortFunc(sources, func(a, b string) int {
		ta, tb := s.tickets[a], s.tickets[b]
		if c := tb.created.Compare(ta.created); c != 0 {
			return c
		}
		return cmp.Compare(ta.first, tb.first)
	})
	sources = sources[:nNew]
	// Written in the base file's order.
	byFirst := func(a, b string) int { return cmp.Compare(s.tickets[a].first, s.tickets[b].first) }
	slices.SortFunc(updated, byFirst)
	slices.SortFunc(sources, byFirst)
	return updated, sources
}

// deltaStats says what a delta holds.
type deltaStats struct {
	Updated, New, Records int
	// Actions counts the updates by kind: resolved, reassigned, closed, reopened and
	// resolved, reopened and reassigned.
	Actions map[string]int
}

func (d deltaStats) String() string {
	var acts []string
	for _, k := range []string{"resolved", "reassigned", "closed", "reopened and resolved", "reopened and reassigned"} {
		if d.Actions[k] > 0 {
			acts = append(acts, fmt.Sprintf("%d %s", d.Actions[k], k))
		}
	}
	return fmt.Sprintf("%d tickets: %d new, %d updated (%s), %d records", d.New+d.Updated, d.New, d.Updated, strings.Join(acts, ", "), d.Records)
}

// writeDelta writes a delta of n tickets of base to out (see pickDelta) and says what it holds.
func writeDelta(base, out string, n int) (deltaStats, error) {
	if n < 2 {
		return deltaStats{}, fmt.Errorf("delta of %s: %d tickets; a delta needs at least 2 (one new, one updated)", base, n)
	}
	s, err := scanLog(base)
	if err != nil {
		return deltaStats{}, err
	}
	if len(s.numbers) == 0 {
		return deltaStats{}, fmt.Errorf("delta of %s: the file has no tickets", base)
	}
	updated, sources := pickDelta(s, n)
	want := map[string]bool{}
	for _, num := range updated {
		want[num] = true
	}
	for _, num := range sources {
		want[num] = true
	}
	// Second pass: the chosen tickets' records, whole.
	l, err := openLog(base)
	if err != nil {
		return deltaStats{}, err
	}
	defer l.Close()
	l.layout = s.layout
	rows := map[string][][]string{}
	lines := map[string][]int{}
	for {
		rec, line, err := l.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return deltaStats{}, err
		}
		num := strings.TrimSpace(rec[s.cols.number])
		if want[num] {
			rows[num] = append(rows[num], slices.Clone(rec))
			lines[num] = append(lines[num], line)
		}
	}

	w, err := createCSV(out)
	if err != nil {
		return deltaStats{}, err
	}
	defer w.abort()
	if err := w.Write(s.header); err != nil {
		return deltaStats{}, err
	}
	st := deltaStats{Actions: map[string]int{}}
	g := &deltaGen{s: s, l: l}
	for i, num := range updated {
		recs, action, err := g.update(rows[num], lines[num], i)
		if err != nil {
			return deltaStats{}, err
		}
		st.Actions[action]++
		st.Updated++
		st.Records += len(recs)
		if err := w.WriteAll(recs); err != nil {
			return deltaStats{}, err
		}
	}
	for i, num := range sources {
		recs, err := g.copyNew(rows[num], lines[num], s.maxNum+1+int64(i))
		if err != nil {
			return deltaStats{}, err
		}
		st.New++
		st.Records += len(recs)
		if err := w.WriteAll(recs); err != nil {
			return deltaStats{}, err
		}
	}
	return st, w.commit()
}

// deltaGen rewrites the chosen tickets' records.
type deltaGen struct {
	s *logScan
	l *logReader // for parsing times with the file's layout and naming lines in errors
}

func (g *deltaGen) format(t time.Time) string { return t.Format(g.s.layout) }

// update returns a ticket's history with its newer records, and what happened to it. The
// newer records fall in the day after the base export (spread over it, never past it); every
// record's case fields (resolved_at, closed_at) take the ticket's new values, as in a newer
// export.
func (g *deltaGen) update(orig [][]string, lines []int, i int) ([][]string, string, error) {
	c := g.s.cols
	// A copy: the same ticket may also be the source of a new one, which must copy the base's
	// records, not these.
	recs := make([][]string, len(orig))
	for k, r := range orig {
		recs[k] = slices.Clone(r)
	}
	last := 0
	var lastAt time.Time
	for k, r := range recs {
		at, _, err := g.l.parseTime(r, c.updatedAt, lines[k])
		if err != nil {
			return nil, "", err
		}
		if k == 0 || !at.Before(lastAt) {
			last, lastAt = k, at
		}
	}
	minutes := int(deltaShift/time.Minute) - 31
	t0 := g.s.end.Add(time.Duration(1+(i*7919)%minutes) * time.Minute)
	next := func(state string, at time.Time) []string {
		r := slices.Clone(recs[last])
		r[c.state] = state
		set(r, c.active, strconv.FormatBool(stateClass(state) != "closed"))
		bump(r, c.mods)
		set(r, c.updatedBy, "system")
		r[c.updatedAt] = g.format(at)
		return r
	}
	everyRow := func(col int, v string) {
		for _, r := range recs {
			set(r, col, v)
		}
	}
	var action string
	switch cls := stateClass(recs[last][c.state]); {
	case cls == "open" && (i%2 == 0 || c.group < 0 || len(g.s.groups) < 2):
		action = "resolved"
		r := next("Resolved", t0)
		if c.resolvedBy >= 0 && c.agent >= 0 && !missing(r[c.agent]) {
			r[c.resolvedBy] = r[c.agent]
		}
		recs = append(recs, r)
		everyRow(c.resolvedAt, g.format(t0))
	case cls == "open":
		action = "reassigned"
		r := next("Active", t0)
		r[c.group] = g.otherGroup(r[c.group])
		set(r, c.agent, "?")
		bump(r, c.reassign)
		recs = append(recs, r)
	case cls == "resolved":
		action = "closed"
		recs = append(recs, next("Closed", t0))
		everyRow(c.closedAt, g.format(t0))
	case i%2 == 0 || c.group < 0 || len(g.s.groups) < 2:
		// closed or cancelled: reopened, then resolved again half an hour later
		action = "reopened and resolved"
		r := next("Active", t0)
		bump(r, c.reopen)
		r2 := slices.Clone(r)
		r2[c.state] = "Resolved"
		bump(r2, c.mods)
		r2[c.updatedAt] = g.format(t0.Add(30 * time.Minute))
		recs = append(recs, r, r2)
		everyRow(c.resolvedAt, g.format(t0.Add(30*time.Minute)))
		everyRow(c.closedAt, "?")
	default:
		// reopened and passed to another group, still open at the delta's export
		action = "reopened and reassigned"
		r := next("Active", t0)
		bump(r, c.reopen)
		r[c.group] = g.otherGroup(r[c.group])
		set(r, c.agent, "?")
		bump(r, c.reassign)
		recs = append(recs, r)
		everyRow(c.resolvedAt, "?")
		everyRow(c.closedAt, "?")
	}
	return recs, action, nil
}

// otherGroup is the group after g in the file's sorted groups: a reassignment to a group that
// exists.
func (g *deltaGen) otherGroup(cur string) string {
	gs := g.s.groups
	i, found := slices.BinarySearch(gs, cur)
	if found {
		i++
	}
	return gs[i%len(gs)]
}

// copyNew is a ticket opened since the base export: a copy of recs under number num (after
// the base's highest), every time moved one export later (so none passes the delta's "now").
func (g *deltaGen) copyNew(recs [][]string, lines []int, num int64) ([][]string, error) {
	c := g.s.cols
	number := g.s.prefix + fmt.Sprintf("%0*d", g.s.width, num)
	out := make([][]string, len(recs))
	for k, r := range recs {
		r = slices.Clone(r)
		r[c.number] = number
		for _, i := range c.times {
			t, ok, err := g.l.parseTime(r, i, lines[k])
			if err != nil {
				return nil, err
			}
			if ok {
				r[i] = g.format(t.Add(deltaShift))
			}
		}
		out[k] = r
	}
	return out, nil
}

// set writes v into column col when the file has it.
func set(r []string, col int, v string) {
	if col >= 0 {
		r[col] = v
	}
}

// bump adds one to a counter column when the file has it and it holds a number.
func bump(r []string, col int) {
	if col < 0 {
		return
	}
	if n, err := strconv.Atoi(strings.TrimSpace(r[col])); err == nil {
		r[col] = strconv.Itoa(n + 1)
	}
}
