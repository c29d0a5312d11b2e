package html

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/tierlens/tierlens/dashboards"
)

//go:embed assets
var assets embed.FS

//go:embed page.html.tmpl style.css page.js
var files embed.FS

// EChartsFile is where the build puts the ECharts library in the embedded assets.
const EChartsFile = "assets/echarts.min.js"

// ErrNoECharts means this binary was built without the ECharts asset.
var ErrNoECharts = errors.New("this tierlens was built without ECharts (dashboards/html/assets/echarts.min.js): run `make assets` and build again")

// Options tune Render.
type Options struct {
	// ECharts is the ECharts library to inline; nil: the embedded asset.
	ECharts []byte
}

// ECharts returns the embedded ECharts library, or ErrNoECharts.
func ECharts() ([]byte, error) {
	b, err := fs.ReadFile(assets, EChartsFile)
	if err != nil || len(b) == 0 {
		return nil, ErrNoECharts
	}
	return b, nil
}

var page = template.Must(template.New("page.html.tmpl").Funcs(template.FuncMap{}).ParseFS(files, "page.html.tmpl"))

// Render writes r as one self-contained HTML page.
func Render(w io.Writer, r *dashboards.Report, o Options) error {
	lib := o.ECharts
	if lib == nil {
		var err error
		if lib, err = ECharts(); err != nil {
			return err
		}
	}
	if err := checkInline(lib); err != nil {
		return fmt.Errorf("render dashboard: ECharts library: %w", err)
	}
	style, _ := files.ReadFile("style.css")
	script, _ := files.ReadFile("page.js")
	data, err := pageData(r)
	if err != nil {
		return fmt.Errorf("render dashboard: %w", err)
	}
	v := view{
		R:       r,
		Lang:    r.Lang,
		CSP:     csp(lib, script),
		Style:   template.CSS(style),
		ECharts: template.JS(lib),
		Data:    template.JS(data),
		Script:  template.JS(script),
	}
	v.build()
	var buf bytes.Buffer
	if err := page.Execute(&buf, &v); err != nil {
		return fmt.Errorf("render dashboard: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// checkInline refuses a script that would end or confuse its <script> element.
func checkInline(b []byte) error {
	low := bytes.ToLower(b)
	for _, bad := range []string{"</script", "<!--", "<script"} {
		if bytes.Contains(low, []byte(bad)) {
			return fmt.Errorf("contains %q and cannot be inlined", bad)
		}
	}
	return nil
}

// csp allows exactly the page's two scripts, inline styles, and no request of any kind.
func csp(scripts ...[]byte) string {
	var hashes []string
	for _, s := range scripts {
		sum := sha256.Sum256(s)
		hashes = append(hashes, "'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'")
	}
	return "default-src 'none'; script-src " + strings.Join(hashes, " ") + "; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
}

// pageData is the JSON the page script reads: the language and each drawn chart's option.
// encoding/json escapes <, >, & and U+2028/U+2029, so no string can end the script element.
func pageData(r *dashboards.Report) ([]byte, error) {
	specs := map[string]chartSpec{}
	for _, s := range r.Sections {
		for _, c := range s.Charts {
			if c.Empty != "" {
				continue
			}
			spec, err := chartOption(c, r.Lang)
			if err != nil {
				return nil, err
			}
			specs[c.ID] = spec
		}
	}
	return json.Marshal(map[string]any{"lang": r.Lang, "charts": specs})
}

// view is the template's data.
type view struct {
	R        *dashboards.Report
	Lang     string
	CSP      string
	Style    template.CSS
	ECharts  template.JS
	Data     template.JS
	Script   template.JS
	Tiles    []tileView
	Sections []sectionView
	Header   headerView
	DefsHash string
	Footer   string
	// T is the interface text in the page's language.
	T func(key string) string
}

type headerView struct {
	PeriodName, Dates, Data, Sources, Loads, Trend string
}

type tileView struct {
	dashboards.Tile
	ValueText, TargetText, RAGText, DeltaText, Arrow, Prev, Sample string
	Spark                                                          template.HTML
}

type sectionView struct {
	ID, Title string
	Cards     []cardView
}

type cardView struct {
	Chart dashboards.Chart
	Table *tableView
	Wide  bool
}

type tableView struct {
	ID      string
	Title   string
	Columns []dashboards.Column
	Rows    [][]cellView
}

type cellView struct {
	Text    string
	Numeric bool
	Swatch  template.CSS
	Title   string
}

func (v *view) t(key string) string { return dashboards.Text(v.Lang, key) }

func (v *view) build() {
	r, lang := v.R, v.Lang
	v.T = v.t
	v.DefsHash = dashboards.Textf(lang, "def.hash", r.Header.DefinitionsHash)
	v.Footer = dashboards.Textf(lang, "footer", r.Header.Version)
	h := r.Header
	v.Header.PeriodName = v.t("period." + r.Period.Grain)
	v.Header.Dates = dashboards.Textf(lang, "period.range", r.Period.First, r.Period.Last)
	if h.DataFirst != "" {
		v.Header.Data = dashboards.Textf(lang, "period.range", h.DataFirst, h.DataLast) + " · " + count(h.Tickets, lang) + " " + v.t("header.tickets")
	} else {
		v.Header.Data = v.t("state.no_data")
	}
	var src []string
	for _, s := range h.Sources {
		src = append(src, s.Name+" ("+count(s.Tickets, lang)+", "+v.t("history."+s.History)+")")
	}
	v.Header.Sources = strings.Join(src, "; ")
	v.Header.Loads = strconv.Itoa(h.Loads) + " · " + count(h.Rejected, lang) + " " + v.t("header.rejected")
	if n := len(r.Period.Trend); n > 0 {
		v.Header.Trend = r.Period.Trend[0] + " – " + r.Period.Trend[n-1] + " (" + strconv.Itoa(n) + ")"
	}
	for _, t := range r.Tiles {
		tv := tileView{Tile: t}
		tv.ValueText = dashboards.Format(t.Value, t.Unit, lang)
		if t.State != dashboards.StateOK {
			tv.ValueText = "–"
		}
		if t.Target != nil {
			tv.TargetText = dashboards.Format(t.Target, t.Unit, lang)
			if t.RAG != "" {
				tv.RAGText = v.t("rag." + t.RAG)
			}
		}
		if t.Delta != nil {
			tv.DeltaText = dashboards.FormatDelta(t.Delta, t.Unit, lang)
			switch {
			case t.Better == "same":
				tv.Arrow = "■"
			case *t.Delta > 0:
				tv.Arrow = "▲"
			case *t.Delta < 0:
				tv.Arrow = "▼"
			default:
				tv.Arrow = "■"
			}
			tv.Prev = dashboards.Textf(lang, "tile.vs", r.Period.Previous) + " (" + dashboards.Format(t.Previous, t.Unit, lang) + ")"
		}
		switch {
		case t.State != dashboards.StateOK:
		case t.Denominator != nil && t.Numerator != nil:
			tv.Sample = count(int64(*t.Numerator), lang) + " / " + count(int64(*t.Denominator), lang)
		case t.SampleSize != nil && t.Unit != dashboards.UnitCount:
			tv.Sample = dashboards.Textf(lang, "tile.n", count(*t.SampleSize, lang))
		}
		tv.Spark = sparkline(t.Spark)
		v.Tiles = append(v.Tiles, tv)
	}
	for _, s := range r.Sections {
		sv := sectionView{ID: s.ID, Title: s.Title}
		for _, c := range s.Charts {
			cv := cardView{Chart: c, Wide: c.Kind == dashboards.KindSankey || c.ID == "vendors"}
			for i := range s.Tables {
				if s.Tables[i].ID == c.ID && len(s.Tables[i].Rows) > 0 {
					cv.Table = tableOf(&s.Tables[i], lang)
				}
			}
			sv.Cards = append(sv.Cards, cv)
		}
		v.Sections = append(v.Sections, sv)
	}
}

func count(n int64, lang string) string {
	f := float64(n)
	return dashboards.Format(&f, dashboards.UnitCount, lang)
}

var hexColor = regexp.MustCompile(`^#[0-9A-Fa-f]{6}$`)

func tableOf(t *dashboards.Table, lang string) *tableView {
	tv := &tableView{ID: t.ID, Title: t.Title, Columns: t.Columns}
	for _, row := range t.Rows {
		var cells []cellView
		for i, c := range row {
			cv := cellView{Text: c.Text, Title: c.Note}
			if i < len(t.Columns) && t.Columns[i].Numeric {
				cv.Numeric = true
				cv.Text = dashboards.Format(c.Value, c.Unit, lang)
			}
			if hexColor.MatchString(c.Color) {
				cv.Swatch = template.CSS("background:" + c.Color)
			}
			cells = append(cells, cv)
		}
		tv.Rows = append(tv.Rows, cells)
	}
	return tv
}

// sparkline draws a trend as a small inline SVG (numbers only; gaps where values are missing).
func sparkline(vals []*float64) template.HTML {
	const w, h, pad = 120.0, 28.0, 3.0
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range vals {
		if v != nil {
			lo, hi = math.Min(lo, *v), math.Max(hi, *v)
		}
	}
	if len(vals) < 2 || math.IsInf(lo, 1) {
		return ""
	}
	if hi == lo {
		hi, lo = hi+1, lo-1
	}
	step := (w - 2*pad) / float64(len(vals)-1)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="spark" viewBox="0 0 %g %g" width="%g" height="%g" aria-hidden="true">`, w, h, w, h)
	var seg []string
	flush := func() {
		if len(seg) > 1 {
			fmt.Fprintf(&b, `<polyline points="%s"/>`, strings.Join(seg, " "))
		}
		seg = seg[:0]
	}
	var lastX, lastY float64
	have := false
	for i, v := range vals {
		if v == nil {
			flush()
			continue
		}
		x := pad + float64(i)*step
		y := h - pad - (*v-lo)/(hi-lo)*(h-2*pad)
		seg = append(seg, strconv.FormatFloat(x, 'f', 1, 64)+","+strconv.FormatFloat(y, 'f', 1, 64))
		lastX, lastY, have = x, y, i == len(vals)-1
	}
	flush()
	if have {
		fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="2.5"/>`, lastX, lastY)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
