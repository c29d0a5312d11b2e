package profiles

// ServiceNow reads an incident LIST export (Excel/CSV "Export > CSV" with field names as
// headers): one row per ticket, display values such as "2 - High", no history.
func ServiceNow() *Mapping {
	return &Mapping{
		Name:        "servicenow",
		Description: "ServiceNow incident list export, CSV with field names (number, opened_at, state, priority, ...)",
		Shape:       TicketRows,
		Format:      CSV,
		Delimiter:   ",",
		Quote:       `"`,
		Columns: map[Field][]string{
			Number:        {"number"},
			Title:         {"short_description"},
			Requester:     {"caller_id"},
			Created:       {"opened_at", "sys_created_on"},
			Status:        {"state", "incident_state"},
			Priority:      {"priority"},
			Category:      {"category"},
			Subcategory:   {"subcategory"},
			Channel:       {"contact_type"},
			Group:         {"assignment_group"},
			Assignee:      {"assigned_to"},
			Vendor:        {"vendor", "u_vendor"},
			Reassignments: {"reassignment_count"},
			Reopens:       {"reopen_count"},
			MadeSLA:       {"made_sla"},
			Knowledge:     {"knowledge"},
			Resolved:      {"resolved_at"},
			Closed:        {"closed_at"},
			Updated:       {"sys_updated_on", "sys_updated_at"},
			FirstResponse: {"u_first_response_at"},
			CSAT:          {"u_csat"},
		},
		Required:    []Field{Number, Created, Status},
		TimeLayouts: []string{"%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M"},
		Missing:     []string{"NULL"},
		Status:      lowerKeys(serviceNowStates),
		Priority:    lowerKeys(serviceNowPriorities),
		Channel:     lowerKeys(serviceNowChannels),
		Detect:      []string{"number", "short_description", "opened_at", "state", "priority", "assignment_group"},
	}
}

// States of the incident table, by display value and by number (1 New .. 8 Canceled).
var serviceNowStates = map[string]string{
	"New": "new", "1": "new",
	"In Progress": "open", "2": "open", "Active": "open", "Assigned": "open", "Work in Progress": "open",
	"On Hold": "pending", "3": "pending", "Awaiting User Info": "pending", "Awaiting Vendor": "pending",
	"Awaiting Problem": "pending", "Awaiting Evidence": "pending", "Awaiting Caller": "pending", "Awaiting Change": "pending",
	"Resolved": "resolved", "6": "resolved",
	"Closed": "closed", "7": "closed",
	"Canceled": "cancelled", "Cancelled": "cancelled", "8": "cancelled",
}

var serviceNowPriorities = map[string]string{
	"1 - Critical": "P1", "1": "P1", "Critical": "P1",
	"2 - High": "P2", "2": "P2", "High": "P2",
	"3 - Moderate": "P3", "3": "P3", "Moderate": "P3",
	"4 - Low": "P4", "4": "P4", "Low": "P4",
	"5 - Planning": "P4", "5": "P4", "Planning": "P4",
}

var serviceNowChannels = map[string]string{
	"Phone": "phone", "Email": "email", "Chat": "chat", "Web": "portal", "Self-service": "self-service",
	"Self service": "self-service", "Walk-in": "walk-in", "IVR": "phone", "Direct opening": "walk-in",
	"Virtual Agent": "self-service", "Alert": "monitoring",
}
