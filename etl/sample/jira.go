package sample

import (
	"fmt"
	"strconv"
)

// jiraColumns is a Jira Service Management "Export CSV (all fields)" in English, cut to the
// fields the simulation has values for but with the product's quirks: multi-valued fields
// repeat their column (Labels, Watchers, Comment), custom fields are "Custom field (...)",
// statuses are the project's own (Status Category is the canonical hint), the SLA columns
// hold the time left of the last cycle as h:mm, negative when breached, and times are
// "05/Mar/24 2:13 PM".
func jiraColumns(cal *calendar) []flatColumn {
	return []flatColumn{
		{"Summary", func(f *facts) string { return f.t.title }},
		{"Issue key", func(f *facts) string { return "HD-" + strconv.Itoa(f.t.seq) }},
		{"Issue id", func(f *facts) string { return strconv.Itoa(10000 + f.t.seq) }},
		{"Issue Type", jiraIssueType},
		{"Status", func(f *facts) string { s, _ := jiraStatus(f.t); return s }},
		{"Project key", constant("HD")},
		{"Project name", constant("IT Help Desk")},
		{"Project type", constant("service_desk")},
		{"Project lead", constant("Marta Ruiz")},
		{"Priority", jiraPriority},
		{"Resolution", jiraResolution},
		{"Assignee", func(f *facts) string { return f.agent() }},
		{"Reporter", func(f *facts) string { return f.t.requester }},
		{"Creator", func(f *facts) string { return f.t.requester }},
		{"Created", func(f *facts) string { return cal.jiraTime(f.t.created) }},
		{"Updated", func(f *facts) string { return cal.jiraTime(f.t.updated) }},
		{"Last Viewed", empty},
		{"Resolved", func(f *facts) string { return cal.jiraTime(jiraResolved(f.t)) }},
		{"Components", func(f *facts) string { return f.t.issue.subcategory }},
		{"Due date", empty},
		{"Labels", func(f *facts) string { return f.t.issue.category }},
		{"Labels", func(f *facts) string {
			if f.t.kb != "" {
				return "kb-" + f.t.kb
			}
			return ""
		}},
		{"Description", func(f *facts) string { return f.t.title + "\n\nReported from " + f.t.location }},
		{"Watchers", func(f *facts) string { return f.t.requester }},
		{"Watchers", func(f *facts) string { return f.agent() }},
		{"Custom field (Request Type)", func(f *facts) string {
			if jiraIssueType(f) == "Service Request" {
				return "Get IT help"
			}
			return "Report a system problem"
		}},
		{"Custom field (Team)", func(f *facts) string { return f.group() }},
		{"Custom field (Time to first response)", func(f *facts) string {
			if f.firstReply == 0 {
				return ""
			}
			target := 4 * hour
			if f.t.priority <= 2 {
				target = hour
			}
			return hmSigned(target - (f.firstReply - f.t.created))
		}},
		{"Custom field (Time to resolution)", func(f *facts) string {
			left, ok := f.slaLeft()
			if !ok {
				return ""
			}
			return hmSigned(left)
		}},
		{"Satisfaction rating", func(f *facts) string {
			if f.t.csat > 0 {
				return strconv.Itoa(int(f.t.csat))
			}
			return ""
		}},
		{"Sprint", empty},
		{"Comment", func(f *facts) string { return jiraComment(cal, f, 0) }},
		{"Comment", func(f *facts) string { return jiraComment(cal, f, 1) }},
		{"Comment", func(f *facts) string { return jiraComment(cal, f, 2) }},
		{"Status Category", func(f *facts) string { _, c := jiraStatus(f.t); return c }},
		{"Status Category Changed", func(f *facts) string { return cal.jiraTime(f.t.updated) }},
	}
}

// jiraStatus is the project's own status of t and its Status Category. Some of the statuses
// are in no vocabulary on purpose (Triage, Investigating, Waiting for vendor): a real
// project's workflow has such names, and the category then decides.
func jiraStatus(t *ticket) (status, category string) {
	switch t.final {
	case stNew:
		if t.seq%2 == 0 {
			return "Triage", "To Do"
		}
		return "Open", "To Do"
	case stOpen:
		if t.seq%3 == 0 {
			return "Investigating", "In Progress"
		}
		return "In Progress", "In Progress"
	case stPending:
		switch t.wait {
		case waitUser:
			return "Waiting for customer", "In Progress"
		case waitVendor:
			return "Waiting for vendor", "In Progress"
		}
		return "Pending", "In Progress"
	case stResolved:
		return "Resolved", "Done"
	case stClosed:
		return "Closed", "Done"
	}
	return "Canceled", "Done"
}

func jiraIssueType(f *facts) string {
	switch f.t.issue.category {
	case "Access", "Inquiry":
		return "Service Request"
	}
	return "Incident"
}

// jiraPriority: Highest..Low, and now and then None (no priority set).
func jiraPriority(f *facts) string {
	if f.t.seq%97 == 0 {
		return "None"
	}
	return [...]string{"", "Highest", "High", "Medium", "Low"}[f.t.priority]
}

func jiraResolution(f *facts) string {
	switch f.t.final {
	case stResolved, stClosed:
		return "Done"
	case stCancelled:
		return "Won't Do"
	}
	return ""
}

// jiraResolved is the resolution date Jira sets with any resolution, Won't Do included.
func jiraResolved(t *ticket) int64 {
	switch t.final {
	case stResolved, stClosed:
		return t.resolvedAt
	case stCancelled:
		return t.closedAt
	}
	return 0
}

// jiraComment is the k-th public agent reply as Jira exports a comment:
// "05/Mar/24 2:13 PM;accountId;text", the text sometimes over several lines.
func jiraComment(cal *calendar, f *facts, k int) string {
	n := 0
	for i := range f.t.events {
		e := &f.t.events[i]
		if e.kind != evReply || e.actor != byAgent || !e.public {
			continue
		}
		if n < k {
			n++
			continue
		}
		text := "Looking into it."
		if k == 1 {
			text = "Could you try again?\nIf it still fails, send a screenshot."
		} else if k == 2 {
			text = "Any news?"
		}
		return fmt.Sprintf("%s;5b10ac8d82e05b22cc7d4e%02d;%s", cal.jiraTime(e.at), int(e.byAgent)+int(e.byGroup)*10, text)
	}
	return ""
}
