package sample

import (
	"fmt"
	"strconv"
	"strings"
)

// serviceNowHeader is the incident list export's header: field names, as a
// list view "Export > CSV" writes them.
var serviceNowHeader = []string{"number", "short_description", "caller_id", "opened_at", "state", "priority",
	"impact", "urgency", "category", "subcategory", "contact_type", "assignment_group", "assigned_to", "vendor",
	"reassignment_count", "reopen_count", "made_sla", "knowledge", "resolved_at", "closed_at", "sys_updated_on", "u_csat"}

// serviceNowWriter renders one flat row per ticket with ServiceNow display
// values and "2006-01-02 15:04:05" local times.
type serviceNowWriter struct {
	out *outFile
	cal *calendar
	buf []byte
}

func newServiceNowWriter(out *outFile, cal *calendar) *serviceNowWriter {
	w := &serviceNowWriter{out: out, cal: cal}
	w.buf = append(w.buf, strings.Join(serviceNowHeader, ",")...)
	w.buf = append(w.buf, '\n')
	return w
}

// incidentNumber appends INC0010001 for ticket 1: ServiceNow numbers are a
// prefix and seven zero-padded digits.
func incidentNumber(b []byte, seq int) []byte {
	b = append(b, "INC"...)
	n := 10000 + seq
	for d := 1000000; d > 1 && n < d; d /= 10 {
		b = append(b, '0')
	}
	return appendUint(b, n)
}

func boolText(v bool) string {
	if v {
		return "true"
	}
	return "false"
}

func priorityDisplay(p int8) string {
	switch p {
	case 1:
		return "1 - Critical"
	case 2:
		return "2 - High"
	case 3:
		return "3 - Moderate"
	default:
		return "4 - Low"
	}
}

func levelDisplay(v int8) string {
	switch v {
	case 1:
		return "1 - High"
	case 2:
		return "2 - Medium"
	default:
		return "3 - Low"
	}
}

func contactType(c channel) string {
	switch c {
	case chPhone:
		return "Phone"
	case chEmail:
		return "Email"
	case chChat:
		return "Chat"
	case chPortal:
		return "Web"
	default:
		return "Self-service"
	}
}

func listState(s status) string {
	switch s {
	case stNew:
		return "New"
	case stOpen:
		return "In Progress"
	case stPending:
		return "On Hold"
	case stResolved:
		return "Resolved"
	case stClosed:
		return "Closed"
	default:
		return "Canceled"
	}
}

func (w *serviceNowWriter) write(t *ticket) error {
	b := w.buf
	last := &t.events[len(t.events)-1]
	b = incidentNumber(b, t.seq)
	b = append(b, ',')
	b = appendCSV(b, t.title)
	b = append(b, ',')
	b = appendCSV(b, t.requester)
	b = append(b, ',')
	b = w.cal.appendISO(b, t.created, ' ')
	b = append(b, ',')
	b = append(b, listState(t.final)...)
	b = append(b, ',')
	b = append(b, priorityDisplay(t.priority)...)
	b = append(b, ',')
	b = append(b, levelDisplay(t.impact)...)
	b = append(b, ',')
	b = append(b, levelDisplay(t.urgency)...)
	b = append(b, ',')
	b = appendCSV(b, t.issue.category)
	b = append(b, ',')
	b = appendCSV(b, t.issue.subcategory)
	b = append(b, ',')
	b = append(b, contactType(t.channel)...)
	b = append(b, ',')
	b = appendCSV(b, groups[last.group].name)
	b = append(b, ',')
	b = appendCSV(b, t.agentName(last.group, last.agent))
	b = append(b, ',')
	if t.vendor != noGroup {
		b = appendCSV(b, groups[t.vendor].name)
	}
	b = append(b, ',')
	b = appendUint(b, t.reassignments)
	b = append(b, ',')
	b = appendUint(b, t.reopens)
	b = append(b, ',')
	b = append(b, boolText(t.madeSLA)...)
	b = append(b, ',')
	b = append(b, boolText(t.kb != "")...)
	b = append(b, ',')
	if t.resolvedAt != 0 {
		b = w.cal.appendISO(b, t.resolvedAt, ' ')
	}
	b = append(b, ',')
	if t.closedAt != 0 {
		b = w.cal.appendISO(b, t.closedAt, ' ')
	}
	b = append(b, ',')
	b = w.cal.appendISO(b, t.updated, ' ')
	b = append(b, ',')
	if t.csat > 0 {
		b = appendUint(b, int(t.csat))
	}
	b = append(b, '\n')
	_, err := w.out.Write(b)
	w.buf = b[:0]
	return err
}

func (w *serviceNowWriter) close() error {
	if len(w.buf) > 0 { // header of an empty export
		_, err := w.out.Write(w.buf)
		w.buf = w.buf[:0]
		return err
	}
	return nil
}

// serviceNowListColumns is an incident list export as users configure it: the list's own
// subset of fields in its own order, every value quoted, display values, and the default
// "2006-01-02 15:04:05" times. It reads as the servicenow profile as the other file does.
func serviceNowListColumns(cal *calendar) []flatColumn {
	return []flatColumn{
		{"number", func(f *facts) string { return string(incidentNumber(nil, f.t.seq)) }},
		{"incident_state", func(f *facts) string { return listState(f.t.final) }},
		{"opened_at", func(f *facts) string { return cal.iso(f.t.created) }},
		{"caller_id", func(f *facts) string { return f.t.requester }},
		{"short_description", func(f *facts) string { return f.t.title }},
		{"sys_updated_on", func(f *facts) string { return cal.iso(f.t.updated) }},
		{"assignment_group", func(f *facts) string { return f.group() }},
		{"priority", func(f *facts) string { return priorityDisplay(f.t.priority) }},
		{"assigned_to", func(f *facts) string { return f.agent() }},
		{"category", func(f *facts) string { return f.t.issue.category }},
		{"contact_type", func(f *facts) string { return contactType(f.t.channel) }},
		{"resolved_at", func(f *facts) string { return cal.iso(f.t.resolvedAt) }},
		{"closed_at", func(f *facts) string { return cal.iso(f.t.closedAt) }},
		{"calendar_duration", func(f *facts) string {
			if f.t.resolvedAt == 0 {
				return ""
			}
			return strconv.FormatInt(f.t.resolvedAt-f.t.created, 10)
		}},
		{"made_sla", func(f *facts) string { return boolText(f.t.madeSLA) }},
		{"sys_id", func(f *facts) string { return fmt.Sprintf("%032x", splitmix64(uint64(f.t.seq))) }},
	}
}
