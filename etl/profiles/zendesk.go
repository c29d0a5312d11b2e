package profiles

import "strings"

// Zendesk is the built-in zendesk profile (builtin/zendesk.yaml): it reads the canonical rows
// package etl makes of Zendesk's JSON exports. What comes from where in that JSON is data
// here: ZendeskPaths, ZendeskAuditFields, ZendeskScores.
// Each call returns a copy the caller may change (a load without audits reads it flat).
func Zendesk() *Mapping {
	m := *Builtin()["zendesk"]
	return &m
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

// ZendeskKnows reports whether a source value is in the profile's vocabulary for status or
// priority (the Go pass rejects a ticket before DuckDB sees an unknown one).
func ZendeskKnows(f Field, v string) bool {
	m := Builtin()["zendesk"]
	switch f {
	case Status:
		_, ok := m.Status[strings.ToLower(v)]
		return ok
	case Priority:
		_, ok := m.Priority[strings.ToLower(v)]
		return ok
	}
	return true
}
