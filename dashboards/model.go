package dashboards

import "github.com/tierlens/tierlens/metrics"

// Units of the numbers in a Report. Ratios stay fractions (0.853 = 85.3%); the metrics'
// minutes are converted to hours.
const (
	UnitCount   = "count"
	UnitPercent = "percent"
	UnitHours   = "hours"
	UnitScore   = "score"
)

// Tile and cell states.
const (
	StateOK           = ""              // a value
	StateNoData       = "no_data"       // the metric ran but the period has nothing to measure
	StateNotAvailable = "not_available" // the source does not record what the metric needs
	StateMissing      = "missing"       // the metric is not in the catalog (yet)
	StateFailed       = "failed"        // the metric's query failed (see the notices)
)

// RAG statuses of a tile against its target (metrics.Judge decides them).
const (
	Green = metrics.Green
	Amber = metrics.Amber
	Red   = metrics.Red
)

// Report is everything a dashboard shows, in reading order.
type Report struct {
	Lang        string       `json:"lang"`
	Title       string       `json:"title"`
	Period      Period       `json:"period"`
	Header      Header       `json:"header"`
	Notices     []Notice     `json:"notices"`
	Tiles       []Tile       `json:"tiles"`
	Sections    []Section    `json:"sections"`
	Definitions []Definition `json:"definitions"`
	Tiers       []Tier       `json:"tiers"`
}

// Period is the reporting period and the trend window before it.
type Period struct {
	Grain    string   `json:"grain"`     // week, month, day or quarter
	Label    string   `json:"label"`     // 2026-W46, 2026-10
	First    string   `json:"first"`     // first day, YYYY-MM-DD (reporting zone)
	Last     string   `json:"last"`      // last day, inclusive
	Previous string   `json:"previous"`  // label of the period before, for deltas
	Trend    []string `json:"trend"`     // labels of the trend periods, oldest first, ending with Label
	TimeZone string   `json:"time_zone"` // the reporting zone
}

// Header is what the numbers were computed from.
type Header struct {
	DataFirst       string   `json:"data_first"` // first ticket created (reporting zone), YYYY-MM-DD
	DataLast        string   `json:"data_last"`  // last change seen
	Tickets         int64    `json:"tickets"`
	Sources         []Source `json:"sources"`
	Loads           int      `json:"loads"`
	Rejected        int64    `json:"rejected"` // records rejected by all loads
	ConfigHash      string   `json:"config_hash"`
	DefinitionsHash string   `json:"definitions_hash"`
	Version         string   `json:"version"`
	Filter          string   `json:"filter,omitempty"`    // the report's --filter, e.g. "priority=P1,P2; source=jira"
	Generated       string   `json:"generated,omitempty"` // only when asked for (--stamp)
}

// Source is one loaded source.
type Source struct {
	Name    string `json:"name"`
	Tickets int64  `json:"tickets"`
	History string `json:"history"` // events, flat or mixed
}

// Notice is one data-quality finding that limits the numbers.
type Notice struct {
	Kind  string   `json:"kind"` // stale, unmapped, flat, rejects, limited
	Text  string   `json:"text"`
	Items []string `json:"items,omitempty"` // names from the data (escaped by renderers)
}

// Tile is one headline KPI for the period.
type Tile struct {
	Metric      string     `json:"metric"`
	Title       string     `json:"title"`
	Unit        string     `json:"unit"`
	Direction   string     `json:"direction"` // up: higher is better; down: lower is better
	State       string     `json:"state,omitempty"`
	Note        string     `json:"note,omitempty"`
	Value       *float64   `json:"value"`
	Target      *float64   `json:"target,omitempty"`
	RAG         string     `json:"rag,omitempty"`
	Previous    *float64   `json:"previous"`
	Delta       *float64   `json:"delta"`
	Better      string     `json:"better,omitempty"` // better, worse or same: the delta judged by Direction
	Numerator   *float64   `json:"numerator,omitempty"`
	Denominator *float64   `json:"denominator,omitempty"`
	SampleSize  *int64     `json:"sample_size,omitempty"`
	Spark       []*float64 `json:"spark"` // the trend, aligned with Period.Trend
}

// Section is a group of charts with the tables of their exact figures.
type Section struct {
	ID     string  `json:"id"`
	Title  string  `json:"title"`
	Charts []Chart `json:"charts"`
	Tables []Table `json:"tables"`
}

// Chart kinds.
const (
	KindBar    = "bar"    // categories × series of bars (stacked when series share a Stack)
	KindLine   = "line"   // categories (periods) × lines
	KindCombo  = "combo"  // bars and lines, possibly on two value axes
	KindSankey = "sankey" // Flow
)

// Chart is one chart, described independently of any charting library.
type Chart struct {
	ID         string   `json:"id"` // fixed, unique in the report
	Title      string   `json:"title"`
	Note       string   `json:"note,omitempty"`
	Kind       string   `json:"kind"`
	Unit       string   `json:"unit"`            // the value axis
	Unit2      string   `json:"unit2,omitempty"` // the second value axis (Series.Axis 1)
	Stacked100 bool     `json:"stacked100,omitempty"`
	Categories []string `json:"categories,omitempty"`
	Series     []Series `json:"series,omitempty"`
	Flow       *Flow    `json:"flow,omitempty"`
	// Empty, when set, says why there is nothing to draw; the chart is then not drawn.
	Empty string `json:"empty,omitempty"`
}

// Series is one series of a chart, aligned with the chart's categories.
type Series struct {
	Name   string     `json:"name"`
	Kind   string     `json:"kind"` // bar or line
	Stack  string     `json:"stack,omitempty"`
	Axis   int        `json:"axis,omitempty"`
	Color  string     `json:"color"`            // legend colour
	Colors []string   `json:"colors,omitempty"` // per category (tier colours), overriding Color
	Light  bool       `json:"light,omitempty"`  // drawn pale: a secondary measure (p90, escalated)
	Values []*float64 `json:"values"`
	Target *float64   `json:"target,omitempty"` // drawn as a line
	Band   []float64  `json:"band,omitempty"`   // [low, high] drawn as a shaded band
}

// Flow is a directed acyclic flow between nodes (the escalation Sankey).
type Flow struct {
	Nodes []FlowNode `json:"nodes"`
	Links []FlowLink `json:"links"`
}

// FlowNode is a tier at one step of the tickets' paths, or an outcome.
type FlowNode struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	Color string `json:"color"`
	Depth int    `json:"depth"`
}

// FlowLink is a number of tickets moving from one node to another.
type FlowLink struct {
	Source string  `json:"source"`
	Target string  `json:"target"`
	Value  float64 `json:"value"`
}

// Table holds exact figures.
type Table struct {
	ID      string   `json:"id"`
	Title   string   `json:"title"`
	Columns []Column `json:"columns"`
	Rows    [][]Cell `json:"rows"`
	Empty   string   `json:"empty,omitempty"`
}

// Column is a table column; numeric columns align right.
type Column struct {
	Label   string `json:"label"`
	Numeric bool   `json:"numeric,omitempty"`
}

// Cell is text or a number with its unit (nil: no data).
type Cell struct {
	Text  string   `json:"text,omitempty"`
	Value *float64 `json:"value,omitempty"`
	Unit  string   `json:"unit,omitempty"`
	Color string   `json:"color,omitempty"` // a tier swatch beside the text
	Note  string   `json:"note,omitempty"`  // why there is no number
}

// Definition explains one metric shown.
type Definition struct {
	Metric      string `json:"metric"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Formula     string `json:"formula"`
	Unit        string `json:"unit"`
	Direction   string `json:"direction"`
	Target      string `json:"target,omitempty"`
	File        string `json:"file,omitempty"`
}

// Tier is a tier as charts show it, with its fixed colour.
type Tier struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	Color string `json:"color"`
}
