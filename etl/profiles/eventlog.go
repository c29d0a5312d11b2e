package profiles

// ServiceNowEventLog reads a row-per-update audit export of the incident table, the shape of
// the public UCI "incident management process enriched event log": every row repeats the
// incident's fields as they were after that update; day-first times; "?" for no value.
func ServiceNowEventLog() *Mapping {
	return &Mapping{
		Name:        "servicenow-eventlog",
		Description: "ServiceNow audit/event log, one row per update (number, incident_state, sys_updated_at, ...)",
		Shape:       EventRows,
		Format:      CSV,
		Delimiter:   ",",
		Quote:       `"`,
		Columns: map[Field][]string{
			Number:        {"number"},
			Status:        {"incident_state"},
			Reassignments: {"reassignment_count"},
			Reopens:       {"reopen_count"},
			MadeSLA:       {"made_sla"},
			Requester:     {"caller_id"},
			Created:       {"opened_at"},
			EventTime:     {"sys_updated_at"},
			Agent:         {"assigned_to"},
			Channel:       {"contact_type"},
			Category:      {"category"},
			Subcategory:   {"subcategory"},
			Priority:      {"priority"},
			Group:         {"assignment_group"},
			Knowledge:     {"knowledge"},
			Vendor:        {"vendor"},
			Resolved:      {"resolved_at"},
			Closed:        {"closed_at"},
			Title:         {"short_description"},
		},
		Required:    []Field{Number, Status, EventTime},
		TimeLayouts: []string{"%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%Y-%m-%d %H:%M:%S"},
		Missing:     []string{"?"},
		Status:      lowerKeys(serviceNowStates),
		Priority:    lowerKeys(serviceNowPriorities),
		Channel:     lowerKeys(serviceNowChannels),
		Detect:      []string{"number", "incident_state", "sys_updated_at", "sys_mod_count", "assignment_group"},
	}
}
