package etl

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// A Jira "all fields" export in English: repeated Comment columns with multi-line text, a
// project status no vocabulary knows (its Status Category decides), None priority, the SLA
// time left as h:mm (negative = breached) and 12-hour day/month-name/2-digit-year times.
const jiraExport = `Summary,Issue key,Issue id,Issue Type,Status,Project key,Priority,Assignee,Reporter,Created,Updated,Resolved,Custom field (Team),Custom field (Time to resolution),Satisfaction rating,Comment,Comment,Status Category
VPN down,HD-1,10001,Incident,Triage,HD,High,Ana,Bob,05/Mar/24 2:13 PM,05/Mar/24 3:00 PM,,Network,-2:18,,"05/Mar/24 2:20 PM;abc;first
line",05/Mar/24 2:30 PM;abc;second,In Progress
Printer,HD-2,10002,Service Request,Completado,HD,None,Ana,Eve,06/Mar/24 9:05 AM,06/Mar/24 11:00 AM,06/Mar/24 10:45 AM,Service Desk,2:18,4,,,Done
Laptop,HD-3,10003,Incident,Waiting for customer,HD,P5,,Eve,2024-03-07 08:00,2024-03-07 09:00,,,,,,,In Progress
`

func TestLoadJira(t *testing.T) {
	dir := t.TempDir()
	w := openTest(t, "")
	l := newLoader(w, nil)
	res := mustLoad(t, l, writeFile(t, dir, "jira.csv", jiraExport), FileOptions{})
	if res.Profile != "jira" || res.Loaded != 3 || res.Rejected != 0 {
		t.Fatalf("load: %+v", res)
	}
	got := dump(t, w.DB, `SELECT number, status, source_status, coalesce(priority, '-'), coalesce(source_made_sla::VARCHAR, '-'),
		created_at, coalesce(resolved_at::VARCHAR, '-'), coalesce(assignment_group, '-'), coalesce(csat_score::VARCHAR, '-'), history
		FROM tickets ORDER BY number`)
	// Times are naive Europe/Madrid (the default source zone), stored in UTC.
	want := []string{
		"HD-1|open|Triage|P2|false|2024-03-05 13:13:00|-|Network|-|flat",
		"HD-2|resolved|Completado|-|true|2024-03-06 08:05:00|2024-03-06 09:45:00|Service Desk|4.0|flat",
		"HD-3|pending|Waiting for customer|P4|-|2024-03-07 07:00:00|-|-|-|flat",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("tickets:\n got %q\nwant %q", got, want)
	}
}

// An unknown status whose Status Category is unknown too is rejected, naming the status.
func TestLoadJiraUnknownStatus(t *testing.T) {
	dir := t.TempDir()
	w := openTest(t, "")
	l := newLoader(w, nil)
	csv := "Issue key,Status,Created,Status Category,Custom field (Time to resolution)\nHD-1,Triage,05/Mar/24 2:13 PM,Somewhere,\nHD-2,Open,05/Mar/24 2:13 PM,To Do,soon\n"
	res := mustLoad(t, l, writeFile(t, dir, "jira.csv", csv), FileOptions{Profile: "jira"})
	if res.Loaded != 0 || res.Rejected != 2 {
		t.Fatalf("load: %+v", res)
	}
	got := dump(t, w.DB, `SELECT line, "column", value, reason FROM rejects ORDER BY line`)
	want := []string{
		"2|Status|Triage|unknown status: add it to the mapping's status vocabulary",
		"3|Custom field (Time to resolution)|soon|not an SLA time left as h:mm (negative when breached)",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rejects:\n got %q\nwant %q", got, want)
	}
}

const freshdeskExport = `Ticket ID,Subject,Status,Priority,Source,Type,Agent,Group,Created time,Due by Time,Resolved time,Closed time,Last update time,Initial response time,Time tracked,First response time (in hrs),Resolution time (in hrs),Agent interactions,Customer interactions,Resolution status,First response status,Tags,Survey results,Association type,Product,Every response status,Full name,Contact ID,Company Name
101,Cannot log in,Closed,High,Email,Incident,Ana,L1 Support,08/01/2025 15:00,09/01/2025 15:00,08/01/2025 17:30,09/01/2025 09:00,09/01/2025 09:00,08/01/2025 15:20,0:45,0:20:00,2:30:00,2,1,Within SLA,Within SLA,,Awesome,,,Within SLA,Carla,77,Acme
102,Invoice wrong,Waiting on Acme Billing,Urgent,Portal,Question,,Billing,13/01/2025 08:15,13/01/2025 12:15,,,13/01/2025 09:00,,,,,0,1,,SLA Violated,,,,,,Dan,78,Acme
103,Slow VPN,Resolved,Low,Phone,Incident,Ben,L2 Network,14/01/2025 10:00,15/01/2025 10:00,15/01/2025 11:00,,15/01/2025 11:00,14/01/2025 10:30,,0:30:00,9:00:00,3,2,SLA Violated,Within SLA,,2,,,,Eve,79,Acme
`

func TestLoadFreshdesk(t *testing.T) {
	dir := t.TempDir()
	w := openTest(t, "")
	l := newLoader(w, nil)
	res := mustLoad(t, l, writeFile(t, dir, "tickets.csv", freshdeskExport), FileOptions{})
	if res.Profile != "freshdesk" || res.Loaded != 3 || res.Rejected != 0 {
		t.Fatalf("load: %+v", res)
	}
	got := dump(t, w.DB, `SELECT number, status, source_status, priority, channel, coalesce(source_made_sla::VARCHAR, '-'),
		coalesce(csat_score::VARCHAR, '-'), agent_replies, customer_replies,
		coalesce(source_first_response_hours::VARCHAR, '-'), coalesce(source_resolution_hours::VARCHAR, '-'),
		created_at, coalesce(first_response_at::VARCHAR, '-')
		FROM tickets ORDER BY number`)
	want := []string{
		"101|closed|Closed|P2|email|true|5.0|2|1|0.3333333333333333|2.5|2025-01-08 14:00:00|2025-01-08 14:20:00",
		"102|pending|Waiting on Acme Billing|P1|portal|-|-|0|1|-|-|2025-01-13 07:15:00|-",
		"103|resolved|Resolved|P4|phone|false|2.0|3|2|0.5|9.0|2025-01-14 09:00:00|2025-01-14 09:30:00",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("tickets:\n got %q\nwant %q", got, want)
	}
}

// Freshservice's Title Case header detects as freshservice and reads the same way.
func TestLoadFreshservice(t *testing.T) {
	dir := t.TempDir()
	w := openTest(t, "")
	l := newLoader(w, nil)
	csv := "Ticket Id,Subject,Status,Priority,Source,Category,Sub-Category,Agent,Group,Requester Name,Department,Created Time,Resolved Time,Closed Time,Last Updated Time,Resolution Time (in Hrs),Agent Interactions,Requester Interactions,Resolution Status\n" +
		"#SR-7,Mouse,Waiting on Logitech,Medium,Walkup,Hardware,Mouse,Ana,Desk,Carla,Sales,02/02/2025 10:00,,,02/02/2025 11:00,,1,1,\n"
	res := mustLoad(t, l, writeFile(t, dir, "fs.csv", csv), FileOptions{})
	if res.Profile != "freshservice" || res.Loaded != 1 {
		t.Fatalf("load: %+v", res)
	}
	got := dump(t, w.DB, "SELECT number, status, priority, channel, category, subcategory, requester, customer_replies FROM tickets")
	if want := []string{"#SR-7|pending|P3|walk-in|Hardware|Mouse|Carla|1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("tickets:\n got %q\nwant %q", got, want)
	}
}

// A ServiceNow list export of a few fields in the user's order, US month-first 24-hour and
// 12-hour times, and XLSX-style labels as column names.
func TestLoadServiceNowListShapes(t *testing.T) {
	dir := t.TempDir()
	w := openTest(t, "")
	l := newLoader(w, nil)
	us := "\"number\",\"incident_state\",\"opened_at\",\"caller_id\",\"short_description\",\"sys_updated_on\",\"assignment_group\",\"calendar_duration\",\"closed_by\"\n" +
		"INC0001,Closed,7/13/2025 7:21,Ann,Mail,7/14/2025 9:00,Service Desk-Level 1-DHTS,3600,Bob\n" +
		"INC0002,In Progress,07/13/2025 02:05:00 PM,Ann,VPN,07/13/2025 03:00:00 PM,SAP Support Level 2,,\n"
	res := mustLoad(t, l, writeFile(t, dir, "us.csv", us), FileOptions{})
	if res.Profile != "servicenow" || res.Loaded != 2 || len(res.Notes) != 0 {
		t.Fatalf("load: %+v", res)
	}
	labels := "Number,Opened,Short description,Caller,Priority,State,Category,Assignment group,Assigned to,Updated,Updated by\n" +
		"INC0003,2025-07-15 10:00:00,Disk full,Ann,2 - High,On Hold,Storage,Storage L2,Carl,2025-07-15 11:00:00,carl\n"
	res = mustLoad(t, l, writeFile(t, dir, "labels.csv", labels), FileOptions{})
	if res.Profile != "servicenow" || res.Loaded != 1 {
		t.Fatalf("load labels: %+v", res)
	}
	got := dump(t, w.DB, "SELECT number, status, created_at, updated_at, assignment_group, coalesce(priority, '-'), coalesce(assignee, '-') FROM tickets ORDER BY number")
	want := []string{
		"INC0001|closed|2025-07-13 05:21:00|2025-07-14 07:00:00|Service Desk-Level 1-DHTS|-|-",
		"INC0002|open|2025-07-13 12:05:00|2025-07-13 13:00:00|SAP Support Level 2|-|-",
		"INC0003|pending|2025-07-15 08:00:00|2025-07-15 09:00:00|Storage L2|P2|Carl",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("tickets:\n got %q\nwant %q", got, want)
	}
}

// A file of exactly the product's export cap says it was probably cut short; one record
// fewer does not.
func TestExportCapNote(t *testing.T) {
	dir := t.TempDir()
	w := openTest(t, "")
	l := newLoader(w, nil)
	for _, n := range []int{9999, 10000} {
		var b strings.Builder
		b.WriteString("number,short_description,opened_at,state,assignment_group\n")
		for i := range n {
			fmt.Fprintf(&b, "INC%07d,x,2025-07-15 10:00:00,New,Desk\n", i)
		}
		res := mustLoad(t, l, writeFile(t, dir, fmt.Sprintf("cap%d.csv", n), b.String()), FileOptions{Source: fmt.Sprint("s", n)})
		if n == 10000 {
			if len(res.Notes) != 1 || !strings.Contains(res.Notes[0].String(), "10000 records, the default limit of a servicenow export") {
				t.Errorf("%d rows: notes %q", n, res.Notes)
			}
			// status shows it, with the file as evidence
			got := dump(t, l.W.DB, "SELECT source, regexp_extract(file, '[^/]+$'), finding FROM data_quality WHERE finding LIKE '%export limit%'")
			if want := "s10000|cap10000.csv|the file holds exactly the export limit of its product: it was probably cut short"; len(got) != 1 || got[0] != want {
				t.Errorf("data_quality: %q, want %q", got, want)
			}
		} else if len(res.Notes) != 0 {
			t.Errorf("%d rows: notes %q", n, res.Notes)
		}
	}
}

// A Spanish Jira export: Spanish headers and statuses, lower-case month abbreviations.
func TestLoadJiraSpanish(t *testing.T) {
	dir := t.TempDir()
	w := openTest(t, "")
	l := newLoader(w, nil)
	csv := "Resumen,Clave de incidencia,ID de la incidencia,Tipo de Incidencia,Estado,Prioridad,Persona asignada,Informador,Creada,Actualizada,Resuelta,Campo personalizado (Team),Comentario,Comentario,Categoría de estado\n" +
		"Correo,SD-9,9,Incidencia,Resuelta,Alta,Ana,Bob,18/jul/26 9:10 AM,18/jul/26 11:10 AM,18/jul/26 11:00 AM,Mesa,,,Listo\n" +
		"Red,SD-10,10,Incidencia,Revisión interna,Media,Ana,Bob,19/jul/26 9:10 PM,19/jul/26 9:30 PM,,Redes,,,En curso\n"
	res := mustLoad(t, l, writeFile(t, dir, "es.csv", csv), FileOptions{})
	if res.Profile != "jira" || res.Loaded != 2 {
		t.Fatalf("load: %+v %v", res, res.Rejects)
	}
	got := dump(t, w.DB, "SELECT number, status, source_status, priority, created_at, coalesce(resolved_at::VARCHAR, '-'), assignment_group FROM tickets ORDER BY number")
	want := []string{
		"SD-10|open|Revisión interna|P3|2026-07-19 19:10:00|-|Redes",
		"SD-9|resolved|Resuelta|P2|2026-07-18 07:10:00|2026-07-18 09:00:00|Mesa",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("tickets:\n got %q\nwant %q", got, want)
	}
}

// A mapping that extends jira names the team column the profile does not know; the rest
// (layouts, vocabularies, the status hint) stays the profile's.
func TestLoadJiraExtended(t *testing.T) {
	dir := t.TempDir()
	w := openTest(t, "")
	l := newLoader(w, nil)
	csv := "Issue key,Summary,Status,Created,Status Category,Custom field (Support Group),Custom field (Request Type)\n" +
		"HD-1,VPN,Triage,05/Mar/24 2:13 PM,To Do,Network L2,Get IT help\n" +
		"HD-2,Mail,Done,05/Mar/24 3:13 PM,Done,,Get IT help\n"
	res := mustLoad(t, l, writeFile(t, dir, "jira.csv", csv), FileOptions{Mapping: "../sample-data/mappings/jira-team.yaml"})
	if res.Profile != "jira" || res.Source != "jira-team" || res.Loaded != 2 {
		t.Fatalf("load: %+v", res)
	}
	got := dump(t, w.DB, "SELECT number, status, assignment_group, tier FROM tickets ORDER BY number")
	want := []string{"HD-1|new|Network L2|L2", "HD-2|resolved|NULL|NULL"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("tickets:\n got %q\nwant %q", got, want)
	}
}
