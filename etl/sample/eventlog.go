package sample

import "strings"

// eventlogHeader matches the UCI "Incident management process enriched
// event log" (a ServiceNow audit export) column for column.
var eventlogHeader = []string{"number", "incident_state", "active", "reassignment_count", "reopen_count",
	"sys_mod_count", "made_sla", "caller_id", "opened_by", "opened_at", "sys_created_by", "sys_created_at",
	"sys_updated_by", "sys_updated_at", "contact_type", "location", "category", "subcategory", "u_symptom",
	"cmdb_ci", "impact", "urgency", "priority", "assignment_group", "assigned_to", "knowledge",
	"u_priority_confirmation", "notify", "problem_id", "rfc", "vendor", "caused_by", "closed_code",
	"resolved_by", "resolved_at", "closed_at"}

// eventlogWriter renders one row per update. As in the UCI log, case-level
// fields (opened_at, made_sla, resolved_at, closed_at, ...) carry the
// ticket's final values on every row, counters grow along the rows, times
// are day-first "2/1/2006 15:04" and missing values are "?". The ticket
// title has no column here, so a hostile title goes into category.
type eventlogWriter struct {
	out *outFile
	cal *calendar
	buf []byte
	// seg holds the ticket's constant runs of columns between the ones that
	// change per row; cuts are the run boundaries.
	seg  []byte
	cuts [4]int
	// Group and agent names already CSV-encoded: they repeat on every row
	// and checking them for quotes each time was a sixth of the run.
	groupCSV [numGroups][]byte
	agentCSV [numGroups][][]byte
}

func newEventlogWriter(out *outFile, cal *calendar) *eventlogWriter {
	w := &eventlogWriter{out: out, cal: cal}
	for g := range groups {
		w.groupCSV[g] = appendCSV(nil, groups[g].name)
		for _, a := range groups[g].agents {
			w.agentCSV[g] = append(w.agentCSV[g], appendCSV(nil, a))
		}
	}
	w.buf = append(w.buf, strings.Join(eventlogHeader, ",")...)
	w.buf = append(w.buf, '\n')
	return w
}

func eventlogState(s status, wr waitReason) string {
	switch s {
	case stNew:
		return "New"
	case stOpen:
		return "Active"
	case stPending:
		switch wr {
		case waitVendor:
			return "Awaiting Vendor"
		case waitProblem:
			return "Awaiting Problem"
		default:
			return "Awaiting User Info"
		}
	case stResolved:
		return "Resolved"
	case stClosed:
		return "Closed"
	default:
		return "Canceled"
	}
}

// orMissing appends s as a CSV field, or the log's "?" when s is empty.
func orMissing(b []byte, s string) []byte {
	if s == "" {
		return append(b, '?')
	}
	return appendCSV(b, s)
}

// closeCode picks a resolution code without drawing from the ticket's
// random stream, so adding it did not change any other value.
func closeCode(t *ticket) string {
	if t.resolvedAt == 0 {
		return ""
	}
	if t.resolverGroup == gPortal {
		return "Closed/Resolved by Caller"
	}
	switch splitmix64(uint64(t.seq)) % 20 {
	case 0:
		return "Not Solved (Not Reproducible)"
	case 1, 2:
		return "Solved (Work Around)"
	default:
		return "Solved (Permanently)"
	}
}

// openedBy is who logged the ticket: the desk agent who took the call or
// chat, otherwise the requester through email or the portal.
func openedBy(t *ticket) string {
	if t.channel == chPhone || t.channel == chChat {
		for i := range t.events {
			if e := &t.events[i]; e.agent >= 0 {
				return t.agentName(e.group, e.agent)
			}
		}
		return ""
	}
	return t.requester
}

func (w *eventlogWriter) constants(t *ticket) {
	c := w.cal
	b := w.seg[:0]
	b = incidentNumber(b, t.seq)
	b = append(b, ',')
	w.cuts[0] = len(b)
	// incident_state..sys_mod_count vary
	b = append(b, ',')
	b = append(b, boolText(t.madeSLA)...)
	b = append(b, ',')
	b = orMissing(b, t.requester)
	b = append(b, ',')
	opener := openedBy(t)
	b = orMissing(b, opener)
	b = append(b, ',')
	b = c.appendDayFirst(b, t.created)
	b = append(b, ',')
	b = orMissing(b, opener)
	b = append(b, ',')
	b = c.appendDayFirst(b, t.created)
	b = append(b, ',')
	w.cuts[1] = len(b)
	// sys_updated_by, sys_updated_at vary
	b = append(b, ',')
	b = append(b, contactType(t.channel)...)
	b = append(b, ',')
	b = appendCSV(b, t.location)
	b = append(b, ',')
	category := t.issue.category
	if t.hostileSpot == spotTitle {
		category = t.hostile
	}
	b = appendCSV(b, category)
	b = append(b, ',')
	b = appendCSV(b, t.issue.subcategory)
	b = append(b, ',')
	b = appendCSV(b, t.issue.symptom)
	b = append(b, ',')
	b = appendCSV(b, t.issue.ci)
	b = append(b, ',')
	b = append(b, levelDisplay(t.impact)...)
	b = append(b, ',')
	b = append(b, levelDisplay(t.urgency)...)
	b = append(b, ',')
	b = append(b, priorityDisplay(t.priority)...)
	b = append(b, ',')
	w.cuts[2] = len(b)
	// assignment_group, assigned_to vary
	b = append(b, ',')
	b = append(b, boolText(t.kb != "")...)
	b = append(b, ',')
	b = append(b, boolText(t.priority <= 2)...)
	b = append(b, ',')
	if t.channel == chPhone {
		b = append(b, "Do Not Notify"...)
	} else {
		b = append(b, "Send Email"...)
	}
	b = append(b, ',')
	problem := false
	for i := range t.events {
		if t.events[i].wait == waitProblem {
			problem = true
			break
		}
	}
	if problem {
		b = append(b, "PRB"...)
		b = appendUint(b, 1000000+t.seq%1000000)
	} else {
		b = append(b, '?')
	}
	b = append(b, ",?,"...) // rfc
	if t.vendor != noGroup {
		b = appendCSV(b, groups[t.vendor].name)
	} else {
		b = append(b, '?')
	}
	b = append(b, ",?,"...) // caused_by
	b = orMissing(b, closeCode(t))
	b = append(b, ',')
	switch {
	case t.resolvedAt == 0:
		b = append(b, '?')
	case t.resolverGroup == gPortal:
		b = orMissing(b, t.requester)
	default:
		b = orMissing(b, t.agentName(t.resolverGroup, t.resolverAgent))
	}
	b = append(b, ',')
	if t.resolvedAt != 0 {
		b = c.appendDayFirst(b, t.resolvedAt)
	} else {
		b = append(b, '?')
	}
	b = append(b, ',')
	if t.closedAt != 0 {
		b = c.appendDayFirst(b, t.closedAt)
	} else {
		b = append(b, '?')
	}
	b = append(b, '\n')
	w.cuts[3] = len(b)
	w.seg = b
}

func (w *eventlogWriter) write(t *ticket) error {
	w.constants(t)
	seg, cuts := w.seg, w.cuts
	b := w.buf
	reassign, reopen, mods := 0, 0, 0
	prevGroup := noGroup
	for i := range t.events {
		e := &t.events[i]
		if e.kind == evCSAT {
			continue // a survey answer is not an update of the incident
		}
		if prevGroup != noGroup && e.group != prevGroup {
			reassign++
		}
		prevGroup = e.group
		if e.kind == evReopened {
			reopen++
		}
		b = append(b, seg[:cuts[0]]...)
		b = append(b, eventlogState(e.status, e.wait)...)
		b = append(b, ',')
		b = append(b, boolText(e.status != stClosed && e.status != stCancelled)...)
		b = append(b, ',')
		b = appendUint(b, reassign)
		b = append(b, ',')
		b = appendUint(b, reopen)
		b = append(b, ',')
		b = appendUint(b, mods)
		b = append(b, seg[cuts[0]:cuts[1]]...)
		switch e.actor {
		case byCustomer:
			b = orMissing(b, t.requester)
		case byAgent:
			if e.byAgent >= 0 {
				b = w.appendAgent(b, t, e.byGroup, e.byAgent)
			} else {
				b = append(b, "system"...)
			}
		default:
			b = append(b, "system"...)
		}
		b = append(b, ',')
		b = w.cal.appendDayFirst(b, e.at)
		b = append(b, seg[cuts[1]:cuts[2]]...)
		b = append(b, w.groupCSV[e.group]...)
		b = append(b, ',')
		if e.agent >= 0 {
			b = w.appendAgent(b, t, e.group, e.agent)
		} else {
			b = append(b, '?')
		}
		b = append(b, seg[cuts[2]:cuts[3]]...)
		mods++
	}
	_, err := w.out.Write(b)
	w.buf = b[:0]
	return err
}

// appendAgent appends agent a of group g (a >= 0) as a CSV field.
func (w *eventlogWriter) appendAgent(b []byte, t *ticket, g groupID, a int8) []byte {
	if t.hostileSpot == spotAgent && g == t.hostileGroup && a == t.hostileAgent {
		return appendCSV(b, t.hostile)
	}
	return append(b, w.agentCSV[g][a]...)
}

func (w *eventlogWriter) close() error {
	if len(w.buf) > 0 {
		_, err := w.out.Write(w.buf)
		w.buf = w.buf[:0]
		return err
	}
	return nil
}
