package sample

import "strconv"

// freshdeskColumns is a Freshdesk ticket export (CSV): day-first times without seconds, the
// "(in hrs)" durations as business hours H:MM:SS, SLA outcomes as Within SLA / SLA Violated,
// custom "Waiting on <company>" statuses and the 3-point survey's answers.
func freshdeskColumns(cal *calendar) []flatColumn {
	return []flatColumn{
		{"Ticket ID", func(f *facts) string { return strconv.Itoa(1000 + f.t.seq) }},
		{"Subject", func(f *facts) string { return f.t.title }},
		{"Status", func(f *facts) string { return freshStatus(f.t, false) }},
		{"Priority", freshPriority},
		{"Source", freshSource},
		{"Type", freshType},
		{"Agent", func(f *facts) string { return f.agent() }},
		{"Group", func(f *facts) string { return f.group() }},
		{"Created time", func(f *facts) string { return cal.dayFirst(f.t.created) }},
		{"Due by Time", func(f *facts) string { return cal.dayFirst(f.t.created + slaTarget(f.t.priority)) }},
		{"Resolved time", func(f *facts) string { return cal.dayFirst(f.t.resolvedAt) }},
		{"Closed time", func(f *facts) string { return cal.dayFirst(freshClosed(f.t)) }},
		{"Last update time", func(f *facts) string { return cal.dayFirst(f.t.updated) }},
		{"Initial response time", func(f *facts) string { return cal.dayFirst(f.firstReply) }},
		{"Time tracked", freshTimeTracked},
		{"First response time (in hrs)", func(f *facts) string { return freshFirstResponseHours(cal, f) }},
		{"Resolution time (in hrs)", func(f *facts) string { return freshResolutionHours(cal, f) }},
		{"Agent interactions", func(f *facts) string { return strconv.Itoa(f.agentReplies) }},
		{"Customer interactions", func(f *facts) string { return strconv.Itoa(f.customerReplies) }},
		{"Resolution status", freshResolutionStatus},
		{"First response status", freshFirstResponseStatus},
		{"Tags", func(f *facts) string { return f.t.issue.subcategory }},
		{"Survey results", freshSurvey},
		{"Association type", empty},
		{"Product", constant("IT Help Desk")},
		{"Every response status", freshFirstResponseStatus},
		{"Full name", func(f *facts) string { return f.t.requester }},
		{"Contact ID", func(f *facts) string { return strconv.Itoa(500000 + f.t.seq%997) }},
		{"Company Name", constant("Example Corp")},
	}
}

// freshserviceColumns is a Freshservice ticket export: Freshdesk's shape in Title Case with
// the service desk's fields (requester, department, category and item, impact, urgency).
func freshserviceColumns(cal *calendar) []flatColumn {
	return []flatColumn{
		{"Ticket Id", func(f *facts) string {
			if freshType(f) == "Service Request" {
				return "SR-" + strconv.Itoa(f.t.seq)
			}
			return "INC-" + strconv.Itoa(f.t.seq)
		}},
		{"Subject", func(f *facts) string { return f.t.title }},
		{"Status", func(f *facts) string { return freshStatus(f.t, true) }},
		{"Priority", freshPriority},
		{"Source", freshSource},
		{"Type", freshType},
		{"Agent", func(f *facts) string { return f.agent() }},
		{"Group", func(f *facts) string { return f.group() }},
		{"Requester Name", func(f *facts) string { return f.t.requester }},
		{"Department", func(f *facts) string { return f.t.location }},
		{"Category", func(f *facts) string { return f.t.issue.category }},
		{"Sub-Category", func(f *facts) string { return f.t.issue.subcategory }},
		{"Item", func(f *facts) string {
			if f.t.issue.ci == "?" {
				return ""
			}
			return f.t.issue.ci
		}},
		{"Impact", func(f *facts) string { return [...]string{"", "High", "Medium", "Low"}[f.t.impact] }},
		{"Urgency", func(f *facts) string { return [...]string{"", "High", "Medium", "Low"}[f.t.urgency] }},
		{"Created Time", func(f *facts) string { return cal.dayFirst(f.t.created) }},
		{"Due by Time", func(f *facts) string { return cal.dayFirst(f.t.created + slaTarget(f.t.priority)) }},
		{"Resolved Time", func(f *facts) string { return cal.dayFirst(f.t.resolvedAt) }},
		{"Closed Time", func(f *facts) string { return cal.dayFirst(freshClosed(f.t)) }},
		{"Last Updated Time", func(f *facts) string { return cal.dayFirst(f.t.updated) }},
		{"Initial Response Time", func(f *facts) string { return cal.dayFirst(f.firstReply) }},
		{"Time Tracked", freshTimeTracked},
		{"First Response Time (in Hrs)", func(f *facts) string { return freshFirstResponseHours(cal, f) }},
		{"Resolution Time (in Hrs)", func(f *facts) string { return freshResolutionHours(cal, f) }},
		{"Agent Interactions", func(f *facts) string { return strconv.Itoa(f.agentReplies) }},
		{"Requester Interactions", func(f *facts) string { return strconv.Itoa(f.customerReplies) }},
		{"Resolution Status", freshResolutionStatus},
		{"First Response Status", freshFirstResponseStatus},
		{"Tags", empty},
		{"Survey Results", freshSurvey},
	}
}

// freshStatus: Open, Pending, Resolved, Closed and the custom statuses companies add, such
// as Waiting on Customer and "Waiting on <vendor>" (or Waiting on Third Party).
func freshStatus(t *ticket, service bool) string {
	switch t.final {
	case stNew, stOpen:
		return "Open"
	case stPending:
		switch t.wait {
		case waitUser:
			return "Waiting on Customer"
		case waitVendor:
			if service || t.vendor == noGroup {
				return "Waiting on Third Party"
			}
			return "Waiting on " + groups[t.vendor].name
		}
		return "Pending"
	case stResolved:
		return "Resolved"
	case stClosed:
		return "Closed"
	}
	return "Cancelled"
}

func freshPriority(f *facts) string {
	return [...]string{"", "Urgent", "High", "Medium", "Low"}[f.t.priority]
}

func freshSource(f *facts) string {
	switch f.t.channel {
	case chPhone:
		return "Phone"
	case chEmail:
		return "Email"
	case chChat:
		return "Chat"
	case chPortal:
		return "Portal"
	}
	return "Feedback Widget"
}

func freshType(f *facts) string {
	switch f.t.issue.category {
	case "Access", "Inquiry":
		return "Service Request"
	}
	return "Incident"
}

// freshClosed is the closing time of a closed ticket (a cancelled one has none).
func freshClosed(t *ticket) int64 {
	if t.final == stClosed {
		return t.closedAt
	}
	return 0
}

// freshTimeTracked: a quarter of an hour per agent reply, as h:mm.
func freshTimeTracked(f *facts) string {
	if f.agentReplies == 0 {
		return ""
	}
	return hmSigned(int64(f.agentReplies) * 15 * 60)
}

func freshFirstResponseHours(cal *calendar, f *facts) string {
	if f.firstReply == 0 {
		return ""
	}
	return hms(cal.workBetween(f.t.created, f.firstReply))
}

func freshResolutionHours(cal *calendar, f *facts) string {
	if f.t.resolvedAt == 0 {
		return ""
	}
	return hms(cal.workBetween(f.t.created, f.t.resolvedAt))
}

func freshResolutionStatus(f *facts) string {
	switch f.t.final {
	case stResolved, stClosed:
		if f.t.madeSLA {
			return "Within SLA"
		}
		return "SLA Violated"
	}
	return ""
}

// freshFirstResponseStatus: the first reply within one working hour for P1–P2, four else.
func freshFirstResponseStatus(f *facts) string {
	if f.firstReply == 0 {
		return ""
	}
	target := 4 * hour
	if f.t.priority <= 2 {
		target = hour
	}
	if f.cal.workBetween(f.t.created, f.firstReply) <= target {
		return "Within SLA"
	}
	return "SLA Violated"
}

// freshSurvey: the classic 3-point survey's answers.
func freshSurvey(f *facts) string {
	switch {
	case f.t.csat >= 4:
		return "Awesome"
	case f.t.csat == 3:
		return "Just Okay"
	case f.t.csat > 0:
		return "Not Good"
	}
	return ""
}
