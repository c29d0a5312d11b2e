package sample

import (
	"time"
)

// zendeskWriter renders tickets as the Zendesk Support API's incremental tickets export
// ({"tickets": [...]}) and ticket audits ({"audits": [...]}), one record per line inside the
// documents. Times are UTC with Z, as the API writes them. Where Zendesk writes numeric ids
// (group_id, assignee_id, requester_id) the writer puts the names, so the default tier map
// applies to the groups and the files read like the other profiles' samples.
type zendeskWriter struct {
	tickets, audits *outFile
	tb, ab          []byte
	nTickets        int
	nAudits         int
}

func newZendeskWriter(tickets, audits *outFile) *zendeskWriter {
	w := &zendeskWriter{tickets: tickets, audits: audits}
	w.tb = append(w.tb, `{"tickets":[`...)
	w.ab = append(w.ab, `{"audits":[`...)
	return w
}

// zendeskStatus is the Zendesk status of a canonical one: a wait for a vendor is "hold", a
// cancelled ticket is deleted.
func zendeskStatus(s status, wait waitReason) string {
	switch s {
	case stNew:
		return "new"
	case stOpen:
		return "open"
	case stPending:
		if wait == waitVendor {
			return "hold"
		}
		return "pending"
	case stResolved:
		return "solved"
	case stClosed:
		return "closed"
	default:
		return "deleted"
	}
}

var zendeskPriorities = [...]string{"", "urgent", "high", "normal", "low"}

func zendeskChannel(c channel) string {
	switch c {
	case chPhone:
		return "voice"
	case chEmail:
		return "email"
	case chChat:
		return "chat"
	case chPortal:
		return "web"
	default:
		return "answer_bot" // the bot the ticket came through: self-service
	}
}

func appendUTC(b []byte, s int64) []byte {
	b = append(b, '"')
	b = time.Unix(s, 0).UTC().AppendFormat(b, "2006-01-02T15:04:05Z")
	return append(b, '"')
}

// appendNameOrNull appends a JSON string, or null for "".
func appendNameOrNull(b []byte, s string) []byte {
	if s == "" {
		return append(b, "null"...)
	}
	return appendJSONString(b, s)
}

func (w *zendeskWriter) write(t *ticket) error {
	last := t.events[len(t.events)-1]
	for i := len(t.events) - 1; i >= 0; i-- {
		if t.events[i].kind != evCSAT {
			last = t.events[i]
			break
		}
	}
	b := w.tb
	if w.nTickets > 0 {
		b = append(b, ',')
	}
	w.nTickets++
	b = append(b, "\n"+`{"id":`...)
	b = appendUint(b, t.seq)
	b = append(b, `,"via":{"channel":"`...)
	b = append(b, zendeskChannel(t.channel)...)
	b = append(b, `"},"created_at":`...)
	b = appendUTC(b, t.created)
	b = append(b, `,"updated_at":`...)
	b = appendUTC(b, t.updated)
	b = append(b, `,"type":`...)
	b = appendJSONString(b, t.issue.category)
	b = append(b, `,"subject":`...)
	b = appendJSONString(b, t.title)
	b = append(b, `,"priority":"`...)
	b = append(b, zendeskPriorities[t.priority]...)
	b = append(b, `","status":"`...)
	b = append(b, zendeskStatus(t.final, t.wait)...)
	b = append(b, `","requester_id":`...)
	b = appendJSONString(b, t.requester)
	b = append(b, `,"assignee_id":`...)
	b = appendNameOrNull(b, t.agentName(last.group, last.agent))
	b = append(b, `,"group_id":`...)
	if last.group >= 0 {
		b = appendJSONString(b, groups[last.group].name)
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"satisfaction_rating":`...)
	switch {
	case t.csat >= 4:
		b = append(b, `{"score":"good"}`...)
	case t.csat > 0:
		b = append(b, `{"score":"bad"}`...)
	case t.final == stResolved || t.final == stClosed:
		b = append(b, `{"score":"offered"}`...)
	default:
		b = append(b, "null"...)
	}
	b = append(b, '}')
	w.tb = b
	if err := w.flush(w.tickets, &w.tb); err != nil {
		return err
	}

	// The audits: one per event.
	a := w.ab
	prevGroup, prevAgent := noGroup, noAgent
	for i := range t.events {
		e := &t.events[i]
		if e.kind == evCSAT {
			continue
		}
		if w.nAudits > 0 {
			a = append(a, ',')
		}
		w.nAudits++
		author := t.requester
		if e.actor == byAgent {
			author = t.agentName(e.byGroup, e.byAgent)
			if e.kind != evReply {
				author = t.agentName(e.group, e.agent)
			}
		}
		if author == "" {
			author = "system"
		}
		a = append(a, "\n"+`{"id":`...)
		a = appendUint(a, t.seq*1000+i)
		a = append(a, `,"ticket_id":`...)
		a = appendUint(a, t.seq)
		a = append(a, `,"created_at":`...)
		a = appendUTC(a, e.at)
		a = append(a, `,"author_id":`...)
		a = appendJSONString(a, author)
		a = append(a, `,"events":[`...)
		n := 0
		change := func(typ, field, value string) {
			if n > 0 {
				a = append(a, ',')
			}
			n++
			a = append(a, `{"type":"`...)
			a = append(a, typ...)
			a = append(a, `","field_name":"`...)
			a = append(a, field...)
			a = append(a, `","value":`...)
			a = appendNameOrNull(a, value)
			a = append(a, '}')
		}
		typ := "Change"
		switch e.kind {
		case evCreated:
			typ = "Create"
			a = append(a, `{"type":"Comment","author_id":`...)
			a = appendJSONString(a, t.requester)
			a = append(a, `,"body":`...)
			a = appendJSONString(a, t.title)
			a = append(a, `,"public":true}`...)
			n++
			change(typ, "status", zendeskStatus(e.status, e.wait))
		case evReply:
			a = append(a, `{"type":"Comment","author_id":`...)
			a = appendJSONString(a, author)
			a = append(a, `,"public":`...)
			a = append(a, boolText(e.public)...)
			a = append(a, '}')
			n++
		default:
			change(typ, "status", zendeskStatus(e.status, e.wait))
		}
		if e.kind != evReply {
			if e.group != prevGroup && e.group >= 0 {
				change(typ, "group_id", groups[e.group].name)
			}
			if e.agent != prevAgent || e.group != prevGroup {
				change(typ, "assignee_id", t.agentName(e.group, e.agent))
			}
			prevGroup, prevAgent = e.group, e.agent
		}
		a = append(a, "]}"...)
	}
	w.ab = a
	return w.flush(w.audits, &w.ab)
}

// flush writes a buffer once it is large.
func (w *zendeskWriter) flush(out *outFile, b *[]byte) error {
	if len(*b) < 1<<16 {
		return nil
	}
	if _, err := out.Write(*b); err != nil {
		return err
	}
	*b = (*b)[:0]
	return nil
}

func (w *zendeskWriter) close() error {
	w.tb = append(w.tb, "\n"+`],"next_page":null,"end_of_stream":true,"count":`...)
	w.tb = appendUint(w.tb, w.nTickets)
	w.tb = append(w.tb, "}\n"...)
	w.ab = append(w.ab, "\n"+`],"meta":{"has_more":false}}`+"\n"...)
	if _, err := w.tickets.Write(w.tb); err != nil {
		return err
	}
	_, err := w.audits.Write(w.ab)
	return err
}
