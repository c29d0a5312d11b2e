package profiles

import (
	"io/fs"
	"os"
	"reflect"
	"strings"
	"testing"
)

// Every embedded profile parses with the validator users' mappings go through, is named
// after its file, and is returned by Builtin.
func TestBuiltinProfiles(t *testing.T) {
	if err := BuiltinErr(); err != nil {
		t.Fatal(err)
	}
	files, err := fs.Glob(builtinFS, "builtin/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 5 || len(Builtin()) != len(files) {
		t.Fatalf("%d profile files, %d built-in profiles", len(files), len(Builtin()))
	}
	for _, f := range files {
		b, err := builtinFS.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		m, err := ParseBuiltin(f, b)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if m.Description == "" {
			t.Errorf("%s: a description is needed: %+v", f, m)
		}
		if len(m.Detect) == 0 {
			// only a profile told by its content, never by a header, has no detect
			if m.Name != "zendesk" {
				t.Errorf("%s: detect and min are needed: %+v", f, m)
			}
			continue
		}
		// A built-in's required columns must be detectable: its own first names score.
		var header []string
		for _, r := range m.Required {
			header = append(header, m.Columns[r][0])
		}
		header = append(header, m.Detect[:m.DetectMin]...)
		if got, ok := Detect(header); !ok || got.Name != m.Name {
			t.Errorf("%s: its own required and signature columns detect as %v", f, got)
		}
		// The same file is not a user's mapping: name and detect belong to built-ins.
		if _, err := ParseMapping(f, b); err == nil || !strings.Contains(err.Error(), "name: only built-in profiles have a name") {
			t.Errorf("%s as a user mapping: %v", f, err)
		}
	}
}

// The built-in servicenow profile keeps the vocabularies and columns it had as Go literals.
func TestServiceNowProfileUnchanged(t *testing.T) {
	sn := ServiceNow()
	for k, want := range map[string]string{"awaiting user info": "pending", "8": "cancelled", "in progress": "open", "new": "new"} {
		if got := sn.Status[k]; got != want {
			t.Errorf("status %q = %q, want %q", k, got, want)
		}
	}
	if sn.Priority["5 - planning"] != "P4" || sn.Channel["web"] != "portal" || sn.Missing[0] != "NULL" {
		t.Errorf("servicenow vocabularies: %v %v %v", sn.Priority, sn.Channel, sn.Missing)
	}
	if got := strings.Join(sn.Columns[Created], ","); !strings.HasPrefix(got, "opened_at,sys_created_on") {
		t.Errorf("created columns %q", got)
	}
	el := ServiceNowEventLog()
	if el.Shape != EventRows || el.Missing[0] != "?" || el.TimeLayouts[0] != "%d/%m/%Y %H:%M" || el.Columns[EventTime][0] != "sys_updated_at" {
		t.Errorf("servicenow-eventlog: %+v", el)
	}
}

func split(s string) []string { return strings.Split(s, ",") }

// Headers as real exports write them (EXPORT-FORMATS.md) detect as their product.
func TestDetectRealHeaders(t *testing.T) {
	jiraEN := split("Summary,Issue key,Issue id,Issue Type,Status,Project key,Project name,Project type,Project lead,Project lead id,Project description,Project url,Priority,Resolution,Assignee,Assignee Id,Reporter,Reporter Id,Creator,Creator Id,Created,Updated,Last Viewed,Resolved,Fix versions,Components,Due date,Votes,Labels,Description,Environment,Watchers,Watchers Id,Original estimate,Remaining Estimate,Time Spent,Work Ratio,Σ Original Estimate,Σ Remaining Estimate,Σ Time Spent,Security Level,Attachment,Custom field (Request Type),Custom field (Team),Custom field (Time to first response),Custom field (Time to resolution),Satisfaction rating,Sprint,Comment,Comment,Parent,Parent key,Parent summary,Status Category,Status Category Changed")
	jiraES := split("Resumen,Clave de incidencia,ID de la incidencia,Tipo de Incidencia,Estado,Clave del proyecto,Nombre del proyecto,Tipo de proyecto,Responsable del proyecto,ID del responsable del proyecto,Descripción del proyecto,Prioridad,Resolución,Persona asignada,ID de la persona asignada,Informador,ID del informador,Creador,ID del creador,Creada,Actualizada,Vista por Última Vez,Resuelta,Fecha de vencimiento,Votos,Descripción,Entorno,Interesados,ID de los interesados,Estimación original,Trabajo restante estimado,Tiempo Trabajado,Relación de trabajo,Σ Estimación original,Σ Trabajo restante estimado,Σ Tiempo empleado,Nivel de Seguridad,Campo personalizado (Actual end),Campo personalizado (Pending reason),Calificación de satisfacción,Campo personalizado (Satisfaction date),Campo personalizado (Source),Campo personalizado (Time to done),Campo personalizado (Time to first response),Campo personalizado (Urgency),Comentario,Comentario,Categoría de estado,Categoría de estado cambiada")
	freshdesk := split("Ticket ID,Subject,Status,Priority,Source,Type,Agent,Group,Created time,Due by Time,Resolved time,Closed time,Last update time,Initial response time,Time tracked,First response time (in hrs),Resolution time (in hrs),Agent interactions,Customer interactions,Resolution status,First response status,Tags,Survey results,Association type,Product,Every response status,Full name,Contact ID,Company Name")
	freshservice := split("Ticket Id,Subject,Description,Status,Priority,Source,Type,Agent,Group,Requester Name,Requester Email,Department,Category,Sub-Category,Item,Impact,Urgency,Created Time,Due by Time,Resolved Time,Closed Time,Last Updated Time,Initial Response Time,Time Tracked,First Response Time (in Hrs),Resolution Time (in Hrs),Agent Interactions,Requester Interactions,Resolution Status,First Response Status,Tags,Survey Results")
	uci := split("number,incident_state,active,reassignment_count,reopen_count,sys_mod_count,made_sla,caller_id,opened_by,opened_at,sys_created_by,sys_created_at,sys_updated_by,sys_updated_at,contact_type,location,category,subcategory,u_symptom,cmdb_ci,impact,urgency,priority,assignment_group,assigned_to,knowledge,u_priority_confirmation,notify,problem_id,rfc,vendor,caused_by,closed_code,resolved_by,resolved_at,closed_at")
	for _, tc := range []struct {
		name   string
		header []string
		want   string
	}{
		{"servicenow list 1", split("number,incident_state,opened_at,caller_id,short_description,sys_updated_on,assignment_group,calendar_duration,closed_by"), "servicenow"},
		{"servicenow list 2", split("number,urgency,correlation_id,correlation_display,sys_created_on,state,assigned_to,cmdb_ci,short_description,description,subcategory,u_boolean_3,category,assignment_group,resolved_at,location"), "servicenow"},
		{"servicenow few fields, other order", split("state,short_description,number,opened_at"), "servicenow"},
		{"servicenow xlsx labels", split("Number,Opened,Short description,Caller,Priority,State,Category,Assignment group,Assigned to,Updated,Updated by"), "servicenow"},
		{"uci event log", uci, "servicenow-eventlog"},
		{"jira english", jiraEN, "jira"},
		{"jira spanish", jiraES, "jira"},
		{"jira current fields", split("Issue key,Summary,Status,Created,Priority,Assignee,Status Category"), "jira"},
		{"freshdesk", freshdesk, "freshdesk"},
		{"freshservice", freshservice, "freshservice"},
		// Not enough of a product's names: no guess.
		{"number and state only", split("number,state,opened_at"), ""},
		{"generic", split("Case ID,Activity,Timestamp"), ""},
		{"ticket id and status only", split("Ticket ID,Status,Created time,Subject"), ""},
	} {
		m, ok := Detect(tc.header)
		got := ""
		if ok {
			got = m.Name
		}
		if got != tc.want {
			t.Errorf("%s: Detect = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestParseMappingNewKeys(t *testing.T) {
	m, err := ParseMapping("m.yaml", []byte(`
shape: tickets
columns: {number: id, created: c, status: s, status_hint: cat, made_sla: sla, made_sla_remaining: left, source_resolution_hours: hrs, priority: p}
required: [priority]
status: {"Waiting on *": pending}
status_hint: {Done: resolved}
made_sla: {Within SLA: true, SLA Violated: false}
csat: {Awesome: 5}
priority: {None: ""}
`))
	if err != nil {
		t.Fatal(err)
	}
	if !m.MadeSLA["sla violated"] == false || !m.MadeSLA["within sla"] || m.StatusHint["done"] != "resolved" || m.CSAT["awesome"] != 5 || m.Priority["none"] != "" {
		t.Errorf("vocabularies: %+v", m)
	}
	if len(m.Required) != 3 || m.Required[2] != Priority {
		t.Errorf("required = %v", m.Required)
	}
	for _, tc := range []struct{ in, want string }{
		{"shape: tickets\ncolumns: {number: id, created: c, status: s}\nname: x\n", "name: only built-in profiles have a name"},
		{"shape: tickets\ncolumns: {number: id, created: c, status: s}\ndetect: {min: 1, columns: [a]}\n", "detect: only built-in profiles are detected"},
		{"shape: tickets\ncolumns: {number: id, created: c, status: s}\nstatus_hint: {Done: finished}\n", `status_hint: "done" maps to "finished"`},
		{"shape: tickets\ncolumns: {number: id, created: c, status: s, status_hint: h}\n", "columns: the status_hint column needs a status_hint vocabulary"},
		{"shape: tickets\ncolumns: {number: id, created: c, status: s}\ncsat: {Great: 9}\n", `csat: "great" maps to 9, which is not a score from 1 to 5`},
		{"shape: tickets\ncolumns: {number: id, created: c, status: s}\nrequired: [vendor]\n", "required: vendor has no column in columns"},
		{"shape: tickets\ncolumns: {number: id, created: c, status: s}\nmade_sla: {Within: maybe}\n", "m.yaml:3: "},
	} {
		_, err := ParseMapping("m.yaml", []byte(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want %q", tc.in, err, tc.want)
		}
	}
	if _, err := ParseBuiltin("b.yaml", []byte("name: generic\nshape: tickets\ncolumns: {number: id, created: c, status: s}\n")); err == nil ||
		!strings.Contains(err.Error(), "name: a built-in profile needs a name other than generic") {
		t.Errorf("built-in without a name: %v", err)
	}
	if _, err := ParseBuiltin("b.yaml", []byte("name: b\nshape: tickets\ncolumns: {number: id, created: c, status: s}\ndetect: {min: 3, columns: [id]}\n")); err == nil ||
		!strings.Contains(err.Error(), "detect: a built-in profile's detect needs columns and a min between 1 and their number") {
		t.Errorf("built-in with a min above its columns: %v", err)
	}
}

// A mapping that extends a built-in keeps everything of it but what it writes.
func TestExtends(t *testing.T) {
	b, err := os.ReadFile("../../sample-data/mappings/jira-team.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m, err := ParseMapping("jira-team.yaml", b)
	if err != nil {
		t.Fatal(err)
	}
	jira := Builtin()["jira"]
	if m.Name != "jira" || m.Shape != TicketRows || !reflect.DeepEqual(m.TimeLayouts, jira.TimeLayouts) || !reflect.DeepEqual(m.Required, jira.Required) {
		t.Errorf("extended mapping lost the profile: %+v", m)
	}
	if got := m.Columns[Group]; !reflect.DeepEqual(got, []string{"Custom field (Support Group)", "Custom field (Request Type)"}) {
		t.Errorf("assignment_group columns = %q", got)
	}
	if !reflect.DeepEqual(m.Columns[StatusHint], jira.Columns[StatusHint]) || m.StatusHint["done"] != "resolved" {
		t.Errorf("status hint not inherited: %q %v", m.Columns[StatusHint], m.StatusHint)
	}
	if m.Status["triage"] != "new" || m.Status["waiting for vendor"] != "pending" || m.Status["resuelta"] != "resolved" {
		t.Errorf("status vocabulary not merged: %v", m.Status)
	}
	if len(m.TierMap) != 2 || m.TierMap[0].Glob != "* L1" {
		t.Errorf("tier_map = %+v", m.TierMap)
	}
	// A user's entry replaces the profile's, whatever its case.
	o, err := ParseMapping("o.yaml", []byte("extends: jira\nstatus: {DONE: closed}\n"))
	if err != nil || o.Status["done"] != "closed" {
		t.Errorf("override: %v %v", err, o)
	}
	for _, tc := range []struct{ in, want string }{
		{"extends: kayako\n", `x.yaml: extends: unknown profile "kayako": use one of freshdesk, freshservice, jira, servicenow, servicenow-eventlog, zendesk`},
		{"extends: jira\ncolumns: {team: X}\n", `x.yaml: columns: "team" is not a tierlens field`},
		{"extends: jira\nstatus: {Triage: later}\n", `x.yaml: status: "triage" maps to "later"`},
	} {
		if _, err := ParseMapping("x.yaml", []byte(tc.in)); err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want %q", tc.in, err, tc.want)
		}
	}
	if _, err := ParseBuiltin("b.yaml", []byte("extends: jira\nname: j2\n")); err == nil || !strings.Contains(err.Error(), "extends: a built-in profile is complete in its own file") {
		t.Errorf("built-in that extends: %v", err)
	}
}
