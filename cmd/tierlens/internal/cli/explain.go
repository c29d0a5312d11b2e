package cli

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/tierlens/tierlens/config"
	"github.com/tierlens/tierlens/metrics"
)

type explainOptions struct {
	format string
	grain  string
}

func newExplainCmd(env *Env) *cobra.Command {
	o := &explainOptions{}
	cmd := &cobra.Command{
		Use:   "explain TICKET",
		Short: "Show one ticket's timeline: tiers, statuses, SLA clocks, and the KPIs it counts in",
		Long: `Show one ticket's whole story as tierlens sees it: its header, every event, its stays in
the tiers (escalations ↑, de-escalations ↓, reassignments →) with business time and OLA, its
statuses with the SLA clock running, paused or stopped, its SLA clocks with elapsed business
time, target and breach moment, the facts the tier KPIs look at, and the KPIs it counts in
for each period from its creation to its last change, computed by the metric definitions
themselves on this one ticket.

TICKET is a ticket number (INC0010234) or, when several sources share numbers, its key
(servicenow:INC0010234). Times are shown in the reporting time zone (time_zone).`,
		Example: `  tierlens explain INC0010234
  tierlens explain servicenow:INC0010234 --format json
  tierlens explain T-000042 --grain month`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return runExplain(cmd.Context(), env, o, args[0]) },
	}
	cmd.Flags().StringVar(&o.format, "format", "table", "output format: table or json")
	cmd.Flags().StringVar(&o.grain, "grain", "week", "periods of the KPIs: day, week, month or quarter")
	return cmd
}

// explanation is everything explain shows about one ticket.
type explanation struct {
	zone           *time.Location
	ticket         *Table
	events         *Table
	tierIntervals  *Table
	statusInterval *Table
	sla            *Table
	facts          *Table
	kpis           *Table
	notes          []string
}

// explainSections are the table macros of queries/views/016_explain.sql, in display order.
var explainSections = []struct {
	key, title, query string
}{
	{"events", "Events", "SELECT * FROM explain_events($1)"},
	{"tier_intervals", "Tier intervals (↑ escalation, ↓ de-escalation, → reassignment; minutes are business minutes)", "SELECT * FROM explain_tier_intervals($1)"},
	{"status_intervals", "Status intervals (the SLA clock: running, paused or stopped)", "SELECT * FROM explain_status_intervals($1)"},
	{"sla", "SLA clocks (business minutes on the policy's calendar, paused time excluded)", "SELECT * FROM explain_sla($1)"},
	{"facts", "Facts the tier KPIs look at", "SELECT * FROM explain_facts($1)"},
}

// shadowTables are the per-ticket tables copied for the KPI run: the metric definitions then
// see this ticket only, and the configuration and calendars as they are.
var shadowTables = []string{"tickets", "ticket_events", "tier_intervals", "status_intervals",
	"sla_clock", "sla_instances", "tier_stay_clock", "ticket_clock", "ticket_facts", "backlog_spans", "sla_spans"}

func runExplain(ctx context.Context, env *Env, o *explainOptions, ref string) error {
	if o.format != "table" && o.format != "json" {
		return usageError("--format %q: use table or json", o.format)
	}
	// a ticket's KPIs by the period it counts in: year and all (metrics run's) say nothing more
	grain, err := metrics.ParseGrain(o.grain)
	if err != nil || grain == metrics.Year || grain == metrics.All {
		return usageError("--grain %q: use day, week, month or quarter", o.grain)
	}
	cfg, err := env.Config()
	if err != nil {
		return err
	}
	w, err := env.OpenReader(ctx)
	if err != nil {
		return err
	}
	defer w.Close()
	warnStaleDerived(ctx, env, w)
	// One connection: the KPI run reads temporary copies that only it can see.
	w.DB.SetMaxOpenConns(1)
	w.DB.SetMaxIdleConns(1)

	key, err := lookupTicket(ctx, w.DB, ref)
	if err != nil {
		return err
	}
	x, err := explainTicket(ctx, w.DB, cfg, key, grain)
	if err != nil {
		return err
	}
	if o.format == "json" {
		return x.writeJSON(env.Out)
	}
	return x.writeTable(env.Out)
}

// lookupTicket finds the ticket a reference names: a key, or a number unique across sources.
func lookupTicket(ctx context.Context, db *sql.DB, ref string) (string, error) {
	rows, err := db.QueryContext(ctx, "SELECT ticket_key FROM explain_lookup($1)", ref)
	if err != nil {
		return "", viewError("explain", err)
	}
	var keys []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			rows.Close()
			return "", fmt.Errorf("explain: %w", err)
		}
		keys = append(keys, k)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return "", fmt.Errorf("explain: %w", err)
	}
	for _, k := range keys {
		if k == ref {
			return k, nil
		}
	}
	switch len(keys) {
	case 0:
		return "", &exitError{code: ExitError, err: fmt.Errorf("explain: no ticket %q: give its number (e.g. INC0010234) or its key (source:number)", printable(ref))}
	case 1:
		return keys[0], nil
	}
	return "", usageError("explain: ticket number %q is in %d sources: give its key, one of %s", printable(ref), len(keys), strings.Join(keys, ", "))
}

// viewError explains a missing explain macro: the warehouse's views predate this tierlens.
func viewError(op string, err error) error {
	if strings.Contains(err.Error(), "does not exist") {
		return fmt.Errorf("%s: the warehouse's views are older than this tierlens: load a file again (tierlens load) to refresh them (%w)", op, err)
	}
	return fmt.Errorf("%s: %w", op, err)
}

func explainTicket(ctx context.Context, db *sql.DB, cfg *config.Config, key string, grain metrics.Grain) (*explanation, error) {
	x := &explanation{zone: cfg.Location()}
	if x.zone == nil {
		x.zone = time.UTC
	}
	query := func(q string) (*Table, error) {
		rows, err := db.QueryContext(ctx, q, key)
		if err != nil {
			return nil, viewError("explain "+key, err)
		}
		t, err := ScanRows(rows)
		if err != nil {
			return nil, fmt.Errorf("explain %s: %w", key, err)
		}
		return t, nil
	}
	var err error
	if x.ticket, err = query("SELECT * FROM explain_ticket($1)"); err != nil {
		return nil, err
	}
	if len(x.ticket.Rows) != 1 {
		return nil, fmt.Errorf("explain: no ticket %q", key)
	}
	for _, s := range explainSections {
		t, err := query(s.query)
		if err != nil {
			return nil, err
		}
		switch s.key {
		case "events":
			x.events = t
		case "tier_intervals":
			x.tierIntervals = t
		case "status_intervals":
			x.statusInterval = t
		case "sla":
			x.sla = t
		case "facts":
			x.facts = t
		}
	}
	head := x.header()
	if clocked, _ := head["clocked"].(bool); !clocked {
		x.notes = append(x.notes, "the SLA tables were built before this ticket was loaded: SLA clocks, business times and OLA are missing (load again to rebuild them)")
	} else if head["policy"] == nil {
		x.notes = append(x.notes, "no SLA policy matches this ticket (priority, tier, channel, vendor): it has no SLA clocks")
	}
	created, _ := head["created_at"].(time.Time)
	last, _ := head["updated_at"].(time.Time)
	if last.Before(created) {
		last = created
	}
	if x.kpis, err = ticketKPIs(ctx, db, cfg, key, grain, created, last, x.factsMap()); err != nil {
		return nil, err
	}
	return x, nil
}

// header is the ticket row as a map.
func (x *explanation) header() map[string]any {
	m := map[string]any{}
	for i, c := range x.ticket.Columns {
		m[c] = x.ticket.Rows[0][i]
	}
	return m
}

func (x *explanation) factsMap() map[string]any {
	m := map[string]any{}
	if x.facts == nil || len(x.facts.Rows) == 0 {
		return m
	}
	for i, c := range x.facts.Columns {
		m[c] = x.facts.Rows[0][i]
	}
	return m
}

// ticketKPIs runs the whole metric catalog, by tier, over the periods from the ticket's
// creation to its last change, on copies of the ticket's rows that shadow the warehouse's
// tables for this connection: each metric's own definition decides whether the ticket counts
// and how. The copies are temporary; the warehouse is not changed.
func ticketKPIs(ctx context.Context, db *sql.DB, cfg *config.Config, key string, grain metrics.Grain, from, to time.Time, facts map[string]any) (*Table, error) {
	for _, t := range shadowTables {
		// t comes from the closed list above; the key is a bound parameter.
		if _, err := db.ExecContext(ctx, "CREATE TEMP TABLE "+t+" AS SELECT * FROM "+t+" WHERE ticket_key = $1", key); err != nil {
			return nil, viewError("explain "+key+": copy "+t, err)
		}
	}
	defer func() {
		for _, t := range shadowTables {
			db.ExecContext(context.WithoutCancel(ctx), "DROP TABLE IF EXISTS temp.main."+t)
		}
	}()
	cat, err := metrics.LoadCatalog(cfg)
	if err != nil {
		var probs metrics.Problems
		if !errors.As(err, &probs) {
			return nil, err
		}
		// a broken user metric does not hide the others
	}
	p := metrics.PeriodsOf(cfg)
	start, end := p.Span(grain, from, to.Add(time.Nanosecond))
	results, err := cat.Run(ctx, db, cfg, nil, metrics.Query{Grain: grain, From: start, To: end, By: []string{"tier"}, ByDefault: true})
	if err != nil {
		return nil, fmt.Errorf("explain %s: KPIs: %w", key, err)
	}
	t := &Table{Columns: []string{"metric", "period", "tier", "in_numerator", "result", "why"}}
	for _, r := range results {
		tierAt := -1
		for i, d := range r.Dimensions {
			if d == "tier" {
				tierAt = i
			}
		}
		for _, row := range r.Rows {
			if !counted(r.Metric, row) {
				continue
			}
			tier := ""
			if tierAt >= 0 {
				tier = row.Dims[tierAt]
			}
			yes, result := kpiResult(r.Metric, row)
			t.Rows = append(t.Rows, []any{r.Metric.Name, p.Label(grain, row.Period), tier, yes, result, kpiWhy(r.Metric, facts)})
		}
	}
	return t, nil
}

// counted reports whether the ticket is in a metric's cell: in the denominator of a ratio,
// in the sample of any other unit.
func counted(m *metrics.Metric, row metrics.Row) bool {
	if m.Ratio() {
		return row.Denominator != nil && *row.Denominator != 0
	}
	return row.SampleSize != nil && *row.SampleSize > 0
}

// kpiResult says how the ticket counts: for a ratio over the ticket alone, yes (in the
// numerator) or no; else the value with its unit.
func kpiResult(m *metrics.Metric, row metrics.Row) (string, string) {
	num := func(v float64) string { return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) }
	if m.Ratio() {
		n, d := *row.Numerator, *row.Denominator
		s := num(n) + " of " + num(d)
		switch {
		case n == d:
			return "yes", s
		case n == 0:
			return "no", s
		}
		return "partly", s
	}
	if row.Value == nil {
		return "", ""
	}
	switch m.Unit {
	case metrics.UnitMinutes:
		return "", num(*row.Value) + " min"
	case metrics.UnitHours:
		return "", num(*row.Value) + " h"
	}
	return "", num(*row.Value)
}

// kpiWhy explains a KPI's outcome for the ticket from the facts its definition tests: the
// metric file's `explain:` list (metrics.ExplainFacts), in its order; the rules themselves
// live in the metric's SQL, not here.
func kpiWhy(m *metrics.Metric, f map[string]any) string {
	str := func(k string) string {
		if v, ok := f[k]; ok && v != nil {
			return fmt.Sprint(v)
		}
		return ""
	}
	plural := func(n, one, many string) string {
		if n == "1" {
			return n + " " + one
		}
		return n + " " + many
	}
	var why []string
	for _, fact := range m.Explain {
		switch fact {
		case metrics.ExplainEntry:
			if entry := str("entry_tier"); entry != "" {
				why = append(why, "entered "+entry)
			}
		case metrics.ExplainPath:
			highest := str("highest_tier_before_resolution")
			switch {
			case str("unmapped_before_resolution") == "true":
				why = append(why, "unmapped group")
			case highest != "" && highest != str("front_line"):
				why = append(why, "reached "+highest)
			case highest != "":
				why = append(why, "stayed "+highest)
			}
		case metrics.ExplainAgentReplies:
			why = append(why, plural(str("agent_replies_before_resolution"), "agent reply", "agent replies"))
		case metrics.ExplainCustomerReplies:
			why = append(why, plural(str("customer_replies_before_resolution"), "customer reply", "customer replies"))
		case metrics.ExplainGroups:
			why = append(why, plural(str("groups_before_resolution"), "group", "groups"))
		case metrics.ExplainReopen:
			if str("reopened_within_7_days") == "true" {
				why = append(why, "reopened within 7d")
			} else {
				why = append(why, "no reopen within 7d")
			}
		}
	}
	return strings.Join(why, ", ")
}

// localTimes turns every time of t into text in the zone: "2006-01-02 15:04:05" for tables,
// RFC 3339 with the zone's offset for JSON. Minutes get one decimal for tables.
func localTimes(t *Table, zone *time.Location, forJSON bool) *Table {
	out := &Table{Columns: t.Columns}
	for _, row := range t.Rows {
		rec := make([]any, len(row))
		for i, v := range row {
			switch x := v.(type) {
			case time.Time:
				if forJSON {
					rec[i] = x.In(zone).Format(time.RFC3339)
				} else {
					rec[i] = x.In(zone).Format("2006-01-02 15:04:05")
				}
			case float64:
				if !forJSON && strings.HasSuffix(t.Columns[i], "minutes") {
					rec[i] = math.Round(x*10) / 10
				} else {
					rec[i] = x
				}
			default:
				rec[i] = v
			}
		}
		out.Rows = append(out.Rows, rec)
	}
	return out
}

// entryMarks shows how a stay began: ↑ escalation from L1, ↓ de-escalation from L3, → reassignment.
func entryMarks(t *Table) *Table {
	out := &Table{Columns: t.Columns}
	by, from := -1, -1
	for i, c := range t.Columns {
		switch c {
		case "entered_by":
			by = i
		case "from_tier":
			from = i
		}
	}
	for _, row := range t.Rows {
		rec := append([]any(nil), row...)
		if by >= 0 {
			s, _ := row[by].(string)
			f := ""
			if from >= 0 && row[from] != nil {
				f = " from " + fmt.Sprint(row[from])
			}
			switch s {
			case "escalation":
				rec[by] = "↑ escalation" + f
			case "de-escalation":
				rec[by] = "↓ de-escalation" + f
			case "reassignment":
				rec[by] = "→ reassignment"
			}
		}
		out.Rows = append(out.Rows, rec)
	}
	return out
}

func (x *explanation) writeTable(w io.Writer) error {
	h := x.header()
	text := func(k string) string {
		v := h[k]
		if v == nil {
			return "-"
		}
		if t, ok := v.(time.Time); ok {
			return t.In(x.zone).Format("2006-01-02 15:04:05")
		}
		return printable(fmt.Sprint(v))
	}
	both := func(canon, src string) string {
		s := text(canon)
		if o := text(src); o != "-" && o != s {
			s += " (" + o + ")"
		}
		return s
	}
	fmt.Fprintf(w, "Ticket %s: %s\n\n", text("ticket_key"), text("title"))
	for _, kv := range [][2]string{
		{"priority", both("priority", "source_priority")},
		{"channel", text("channel")},
		{"category", text("category")},
		{"status", both("status", "source_status")},
		{"group", text("assignment_group") + " (" + text("tier") + ")"},
		{"vendor", text("vendor")},
		{"created", text("created_at")},
		{"first response", text("first_response_at")},
		{"first resolved", text("first_resolved_at")},
		{"resolved", text("resolved_at")},
		{"closed", text("closed_at")},
		{"SLA policy", text("policy") + " on calendar " + text("calendar")},
		{"history", text("history")},
	} {
		fmt.Fprintf(w, "  %-15s %s\n", kv[0]+":", kv[1])
	}
	fmt.Fprintf(w, "  (times in %s)\n", x.zone)
	for _, n := range x.notes {
		fmt.Fprintf(w, "\nnote: %s\n", n)
	}
	sections := []struct {
		title string
		t     *Table
	}{
		{explainSections[0].title, x.events},
		{explainSections[1].title, entryMarks(x.tierIntervals)},
		{explainSections[2].title, x.statusInterval},
		{explainSections[3].title, x.sla},
		{explainSections[4].title, x.facts},
		{"KPIs it counts in (each metric's definition run on this ticket alone)", x.kpis},
	}
	for _, s := range sections {
		fmt.Fprintf(w, "\n%s\n", s.title)
		if err := localTimes(s.t, x.zone, false).Write(w, "table"); err != nil {
			return err
		}
	}
	return nil
}

func (x *explanation) writeJSON(w io.Writer) error {
	ticket := localTimes(x.ticket, x.zone, true).records()[0]
	facts := map[string]any{}
	if r := localTimes(x.facts, x.zone, true).records(); len(r) > 0 {
		facts = r[0]
	}
	doc := map[string]any{
		"time_zone":        x.zone.String(),
		"ticket":           ticket,
		"events":           localTimes(x.events, x.zone, true).records(),
		"tier_intervals":   localTimes(x.tierIntervals, x.zone, true).records(),
		"status_intervals": localTimes(x.statusInterval, x.zone, true).records(),
		"sla":              localTimes(x.sla, x.zone, true).records(),
		"facts":            facts,
		"kpis":             x.kpis.records(),
		"notes":            append([]string{}, x.notes...),
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}
