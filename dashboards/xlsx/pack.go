package xlsx

import (
	"time"

	"github.com/tierlens/tierlens/dashboards"
)

// Units of a column or a number in a Pack. The first four are the report model's units (ratios
// as fractions, times in hours); dates and date-times are time.Time values, written as real
// Excel dates in the pack's time zone.
const (
	UnitText     = ""
	UnitCount    = dashboards.UnitCount
	UnitPercent  = dashboards.UnitPercent
	UnitHours    = dashboards.UnitHours
	UnitScore    = dashboards.UnitScore
	UnitNumber   = "number"   // any other number, two decimals
	UnitDate     = "date"     // a day: yyyy-mm-dd
	UnitDateTime = "datetime" // a moment: yyyy-mm-dd hh:mm
)

// States of a Summary row, as the metrics evaluator judges it.
const (
	StateMet          = "met"
	StateMissed       = "missed"
	StateNoData       = "no_data"
	StateNotAvailable = "not_available"
)

// Directions of a metric: which way is better.
const (
	Up   = "up"   // higher is better
	Down = "down" // lower is better
)

// Pack is everything the KPI pack shows, in reading order. The caller fills it from the report
// model; Write renders it and computes nothing but layout.
type Pack struct {
	Lang        string              // en or es: the labels of the workbook
	Zone        *time.Location      // the report time zone every time.Time is converted to; nil is UTC
	Header      Header              // what the numbers were computed from
	Summary     []SummaryRow        // one row per KPI × tier, in display order
	Notices     []dashboards.Notice // data-quality findings that limit the numbers
	Trend       []TrendBlock        // one block (table + chart) per headline KPI
	Tiers       []Table             // per-tier tables, in display order
	Flow        *FlowMatrix         // the escalation-flow matrix; nil when there is none
	Vendors     []VendorRow         // the L4 scorecard (sorted worst first by Write)
	Definitions []DefinitionRow     // every metric in the pack
	Tickets     Tickets             // every ticket of the period, streamed
}

// Header is the provenance of the numbers, shown at the top of the Summary.
type Header struct {
	Title           string    // the pack's title (also the document title)
	Period          string    // the period's label: 2026-Q4, 2026-10, 2026-W46
	First, Last     time.Time // first and last day of the period (inclusive), as days
	DataFirst       time.Time // first ticket created; zero when unknown
	DataLast        time.Time // last change seen; zero when unknown
	Tickets         int64     // tickets in the warehouse
	Sources         []string  // one line per source ("jira: 1,234 tickets, event history")
	ConfigHash      string    // hash of the effective configuration
	DefinitionsHash string    // hash of the metric definitions (also on the Definitions sheet)
	Version         string    // tierlens version
	Filters         []string  // filters applied ("priority=P1,P2"); empty: none
	Stamp           time.Time // when the pack was generated; zero: not written (deterministic)
}

// SummaryRow is one KPI for one tier (Tier "" is all tiers) in the period.
type SummaryRow struct {
	Metric      string // the metric's name (its SQL file's stem)
	Title       string
	Tier        string // "" is all tiers
	Unit        string // count, percent, hours, score
	Direction   string // up or down
	Value       *float64
	Target      *float64
	Previous    *float64
	Delta       *float64 // Value - Previous
	Numerator   *float64
	Denominator *float64
	SampleSize  *int64
	State       string  // met, missed, no_data or not_available (the metrics evaluator's verdict)
	Amber       float64 // tolerance around the target, in the value's unit: a miss within it is amber
	Note        string  // why there is no value, or anything the reader must know
}

// TrendBlock is one KPI over the trend periods, per tier, drawn as a native chart: a line
// chart for ratios, times and scores, a column chart for counts; the target as a line.
type TrendBlock struct {
	Metric  string
	Title   string
	Unit    string
	Periods []string      // labels, oldest first
	Series  []TrendSeries // one per tier, each aligned with Periods
	Target  *float64      // drawn as a line series when set
}

// TrendSeries is one tier's values over the trend periods (nil: no data).
type TrendSeries struct {
	Name   string
	Values []*float64
}

// Table is a titled table of exact figures (the Tiers sheet's blocks).
type Table struct {
	Title   string
	Note    string // shown under the title, e.g. why the table is empty
	Columns []Column
	Rows    [][]any // values as in Tickets rows
}

// Column is a table column: its label and the unit its numbers are formatted with.
type Column struct {
	Label string
	Unit  string // UnitText, UnitCount, UnitPercent, UnitHours, UnitScore, UnitNumber, UnitDate, UnitDateTime
}

// FlowMatrix counts the escalations from one tier (row) to another (column).
type FlowMatrix struct {
	Tiers  []string
	Counts [][]int64 // Counts[from][to], len(Tiers) × len(Tiers)
}

// VendorRow is one vendor's scorecard line.
type VendorRow struct {
	Vendor           string
	Tickets          int64
	Attainment       *float64 // share of tickets within the contract time limit
	Response         *float64 // hours from escalation to the vendor's first response (median)
	ResolutionMedian *float64 // hours
	ResolutionP90    *float64 // hours
	ReopenRate       *float64
	CSAT             *float64 // CSAT positive rate: share of positive responses (a fraction)
}

// DefinitionRow explains one metric of the pack.
type DefinitionRow struct {
	Metric      string
	Title       string
	Description string
	Unit        string
	Direction   string
	Formula     string // in plain words
	File        string // the SQL file
	Hash        string // the file's hash
}

// Tickets is the ticket detail: the columns and an iterator over the rows, so that millions of
// rows stream from the warehouse to the workbook. Rows calls yield once per ticket with one
// value per column: nil, string, bool, int, int64, float64, *float64, *int64, time.Time or
// *time.Time; it stops and returns yield's error if yield fails.
type Tickets struct {
	Columns []Column
	Rows    func(yield func(row []any) error) error
}

// Options tunes Write.
type Options struct {
	// WidthSample is how many ticket rows are looked at to fit the Tickets column widths
	// (they are held in memory until then); 0 is 1000.
	WidthSample int
}
