package profiles

// Zendesk reads the Zendesk Support API exports: the incremental tickets export (a JSON
// document {"tickets": [...], "next_page": ..., "end_time": ...}, or JSON lines of ticket
// objects) with, when they are named in the same load, the ticket audits (status, group and
// assignee changes, comments) and the ticket metrics or metric events. Package etl turns those
// documents into canonical rows first (one per audit event, the ticket's own fields on its last
// row), so this mapping reads those rows: its columns are the canonical field names, its times
// UTC text. What comes from where in Zendesk's JSON is data: ZendeskPaths. Ids are loaded as
// text, or as the names of the groups and users the export side-loads (include=groups,users).
func Zendesk() *Mapping {
	cols := map[Field][]string{}
	for _, f := range Fields {
		cols[f] = []string{string(f)}
	}
	return &Mapping{
		Name:        "zendesk",
		Description: "Zendesk incremental tickets export (JSON), with ticket audits and metrics named in the same load",
		Shape:       EventRows,
		Format:      JSONL,
		Columns:     cols,
		Required:    []Field{Number, Created, EventTime},
		TimeLayouts: []string{"%Y-%m-%d %H:%M:%S"},
		TimeZone:    "UTC",
		Status:      lowerKeys(zendeskStatuses),
		Priority:    lowerKeys(zendeskPriorities),
		Channel:     lowerKeys(zendeskChannels),
		Activities: map[string]ActivityMeaning{
			ZendeskPublicAgent:      {Kind: "reply", Public: boolPtr(true), Role: "agent"},
			ZendeskInternalAgent:    {Kind: "reply", Public: boolPtr(false), Role: "agent"},
			ZendeskPublicCustomer:   {Kind: "reply", Public: boolPtr(true), Role: "customer"},
			ZendeskInternalCustomer: {Kind: "reply", Public: boolPtr(false), Role: "customer"},
		},
	}
}

// Activities of the canonical Zendesk rows: a Comment audit event, by its visibility and by
// whether the requester (customer) or anyone else (agent) wrote it.
const (
	ZendeskPublicAgent      = "public reply"
	ZendeskInternalAgent    = "internal note"
	ZendeskPublicCustomer   = "customer reply"
	ZendeskInternalCustomer = "customer internal note"
)

// ZendeskPaths says where each ticket field is in a Zendesk ticket object (dots go into nested
// objects). Ids are written as text.
var ZendeskPaths = map[Field]string{
	Number:    "id",
	Title:     "subject",
	Created:   "created_at",
	Updated:   "updated_at",
	Status:    "status",
	Priority:  "priority",
	Category:  "type",
	Channel:   "via.channel",
	Requester: "requester_id",
	Assignee:  "assignee_id",
	Group:     "group_id",
	CSAT:      "satisfaction_rating.score",
}

// ZendeskAuditFields are the audit event field_name values that become events: the status,
// the group and the assignee.
var ZendeskAuditFields = map[string]Field{"status": Status, "group_id": Group, "assignee_id": Assignee}

// ZendeskScores maps satisfaction_rating.score to what the csat field reads (good = 5, bad = 1);
// "offered" and "unoffered" mean no rating and map to "".
var ZendeskScores = map[string]string{
	"good": "good", "good_with_comment": "good",
	"bad": "bad", "bad_with_comment": "bad",
	"offered": "", "unoffered": "",
}

var zendeskStatuses = map[string]string{
	"new": "new", "open": "open", "pending": "pending", "hold": "pending",
	"solved": "resolved", "closed": "closed", "deleted": "cancelled",
}

var zendeskPriorities = map[string]string{"urgent": "P1", "high": "P2", "normal": "P3", "low": "P4"}

// zendeskChannels maps via.channel; channels not listed are kept lower-cased as they are.
var zendeskChannels = map[string]string{
	"web": "portal", "help_center": "portal", "mobile": "portal", "mobile_sdk": "portal", "web_widget": "portal",
	"email": "email", "voice": "phone", "phone": "phone", "sms": "chat",
	"chat": "chat", "native_messaging": "chat", "messaging": "chat", "whatsapp": "chat",
	"api": "api", "twitter": "social", "facebook": "social", "instagram_dm": "social",
	"answer_bot": "self-service", "answer_bot_for_agents": "self-service", "answer_bot_api": "self-service",
}

// ZendeskKnows reports whether a source value is in the profile's vocabulary for status or
// priority (the Go pass rejects a ticket before DuckDB sees an unknown one).
func ZendeskKnows(f Field, v string) bool {
	switch f {
	case Status:
		_, ok := zendeskStatuses[v]
		return ok
	case Priority:
		_, ok := zendeskPriorities[v]
		return ok
	}
	return true
}

func boolPtr(b bool) *bool { return &b }
