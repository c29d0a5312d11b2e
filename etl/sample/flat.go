package sample

import (
	"fmt"
	"strings"
)

// Flat exports (Jira, Freshdesk, Freshservice, the ServiceNow list): one row per ticket with
// the product's own columns, in its order. Each format is a list of columns, each rendering
// one value of a ticket; the writer joins them. These files are written at tens of thousands
// of tickets, not millions, so clarity wins over the hand-tuned appenders of the event log.

// flatColumn is one column of a flat export: its header name and its value for a ticket
// ("" = empty cell).
type flatColumn struct {
	name  string
	value func(f *facts) string
}

// facts are the values of one ticket that several formats derive alike.
type facts struct {
	t               *ticket
	cal             *calendar
	end             int64
	last            *event
	firstReply      int64 // first public agent reply, 0 when none
	agentReplies    int
	customerReplies int
}

func newFacts(t *ticket, cal *calendar, end int64) *facts {
	f := &facts{t: t, cal: cal, end: end, last: &t.events[len(t.events)-1]}
	for i := range t.events {
		e := &t.events[i]
		if e.kind != evReply {
			continue
		}
		switch e.actor {
		case byAgent:
			f.agentReplies++
			if e.public && f.firstReply == 0 {
				f.firstReply = e.at
			}
		case byCustomer:
			f.customerReplies++
		}
	}
	return f
}

// group is the name of the group holding the ticket last.
func (f *facts) group() string { return groups[f.last.group].name }

// agent is the name of the agent holding the ticket last, "" when nobody.
func (f *facts) agent() string { return f.t.agentName(f.last.group, f.last.agent) }

// stopped is when the resolution clock stops: the resolution, or End for a ticket still
// open; 0 for a cancelled ticket (no SLA outcome).
func (f *facts) stopped() int64 {
	switch f.t.final {
	case stResolved, stClosed:
		return f.t.resolvedAt
	case stCancelled:
		return 0
	}
	return f.end
}

// slaLeft is the resolution SLA's time left in seconds (negative when breached), ok false
// when the ticket has no SLA outcome. Its sign agrees with made_sla.
func (f *facts) slaLeft() (int64, bool) {
	s := f.stopped()
	if s == 0 {
		return 0, false
	}
	return slaTarget(f.t.priority) - (s - f.t.created), true
}

// workBetween is the working time (Mon–Fri 08–18, holidays off) between a and b, seconds.
func (c *calendar) workBetween(a, b int64) int64 {
	var w int64
	for s := a; s < b; {
		lh, ok := c.at(s)
		if !ok {
			break
		}
		next := min(s-(s-c.base)%hour+hour, b)
		if lh.working {
			w += next - s
		}
		s = next
	}
	return w
}

// hms renders seconds as H:MM:SS, the "(in hrs)" columns of Freshdesk.
func hms(s int64) string {
	return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
}

// hmSigned renders seconds as h:mm with a minus when negative, Jira's SLA time left. A
// breach of less than a minute still shows its minus.
func hmSigned(s int64) string {
	sign := ""
	if s < 0 {
		sign, s = "-", -s
	}
	return fmt.Sprintf("%s%d:%02d", sign, s/3600, s/60%60)
}

// dayFirst renders local "08/01/2025 15:00" (Freshdesk).
func (c *calendar) dayFirst(s int64) string {
	if s == 0 {
		return ""
	}
	y, mo, d, h, mi, _ := c.fields(s)
	return fmt.Sprintf("%02d/%02d/%04d %02d:%02d", d, mo, y, h, mi)
}

// iso renders local "2006-01-02 15:04:05" (the ServiceNow default).
func (c *calendar) iso(s int64) string {
	if s == 0 {
		return ""
	}
	return string(c.appendISO(nil, s, ' '))
}

var monthAbbr = [...]string{"", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// jiraTime renders local "05/Mar/24 2:13 PM", Jira's default.
func (c *calendar) jiraTime(s int64) string {
	if s == 0 {
		return ""
	}
	y, mo, d, h, mi, _ := c.fields(s)
	ampm := "AM"
	if h >= 12 {
		ampm = "PM"
	}
	h12 := h % 12
	if h12 == 0 {
		h12 = 12
	}
	return fmt.Sprintf("%02d/%s/%02d %d:%02d %s", d, monthAbbr[mo], y%100, h12, mi, ampm)
}

// flatWriter writes one flat export.
type flatWriter struct {
	out      *outFile
	cal      *calendar
	end      int64
	cols     []flatColumn
	quoteAll bool
	buf      []byte
}

func newFlatWriter(out *outFile, cal *calendar, end int64, cols []flatColumn, quoteAll bool) *flatWriter {
	w := &flatWriter{out: out, cal: cal, end: end, cols: cols, quoteAll: quoteAll}
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.name
		if quoteAll { // as ServiceNow's list export writes every field
			names[i] = string(appendQuoted(nil, c.name))
		} else {
			names[i] = string(appendCSV(nil, c.name))
		}
	}
	w.buf = append(w.buf, strings.Join(names, ",")...)
	w.buf = append(w.buf, '\n')
	return w
}

func (w *flatWriter) write(t *ticket) error {
	f := newFacts(t, w.cal, w.end)
	b := w.buf
	for i, c := range w.cols {
		if i > 0 {
			b = append(b, ',')
		}
		if w.quoteAll {
			b = appendQuoted(b, c.value(f))
		} else {
			b = appendCSV(b, c.value(f))
		}
	}
	b = append(b, '\n')
	_, err := w.out.Write(b)
	w.buf = b[:0]
	return err
}

func (w *flatWriter) close() error {
	if len(w.buf) > 0 { // header of an empty export
		_, err := w.out.Write(w.buf)
		w.buf = w.buf[:0]
		return err
	}
	return nil
}

// appendQuoted appends s as a quoted CSV field, quoted whatever it holds.
func appendQuoted(b []byte, s string) []byte {
	b = append(b, '"')
	b = append(b, strings.ReplaceAll(s, `"`, `""`)...)
	return append(b, '"')
}

// empty is a column the simulation has nothing for.
func empty(*facts) string { return "" }

// constant is a column with the same value on every row.
func constant(v string) func(*facts) string { return func(*facts) string { return v } }
