package xlsx

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// Write renders p as an XLSX workbook to w: the sheets Summary, Trend, Tiers, Vendors (L4),
// Definitions and Tickets, in that order (Spanish names with Lang es). The same Pack gives the
// same bytes. The ticket rows are streamed: only the first opts.WidthSample are held at once.
func Write(w io.Writer, p *Pack, opts Options) error {
	if err := p.check(); err != nil {
		return fmt.Errorf("pack: %w", err)
	}
	zone := p.Zone
	if zone == nil {
		zone = time.UTC
	}
	b, err := newBook(p.Lang, zone, p.title())
	if err != nil {
		return err
	}
	defer b.f.Close()
	f := b.f
	names := b.sheetNames()
	if err := f.SetSheetName("Sheet1", names[0]); err != nil {
		return err
	}
	for _, n := range names[1:] {
		if _, err := f.NewSheet(n); err != nil {
			return err
		}
	}
	// Before the Tickets sheet is streamed: afterwards excelize would read the whole streamed
	// sheet back into memory to unselect its tab.
	f.SetActiveSheet(0)
	steps := []struct {
		name string
		fn   func(*sheet, *Pack) error
	}{
		{names[0], b.summary},
		{names[1], b.trend},
		{names[2], b.tiers},
		{names[3], b.vendors},
		{names[4], b.definitions},
	}
	for _, s := range steps {
		sh := b.sheet(s.name)
		if err := s.fn(sh, p); err != nil {
			return fmt.Errorf("sheet %s: %w", s.name, err)
		}
		if err := sh.finish(); err != nil {
			return fmt.Errorf("sheet %s: %w", s.name, err)
		}
	}
	if err := b.tickets(names[5], p, opts); err != nil {
		return fmt.Errorf("sheet %s: %w", names[5], err)
	}
	if err := b.properties(p); err != nil {
		return err
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("write workbook: %w", err)
	}
	return nil
}

// check rejects a Pack that cannot be rendered faithfully.
func (p *Pack) check() error {
	if !slices.Contains(Languages, p.Lang) {
		return fmt.Errorf("language %q: use en or es", p.Lang)
	}
	var errs []error
	for _, t := range p.Trend {
		for _, s := range t.Series {
			if len(s.Values) != len(t.Periods) {
				errs = append(errs, fmt.Errorf("trend %s: series %q has %d values for %d periods", t.Metric, s.Name, len(s.Values), len(t.Periods)))
			}
		}
	}
	for _, t := range p.Tiers {
		for i, r := range t.Rows {
			if len(r) != len(t.Columns) {
				errs = append(errs, fmt.Errorf("table %q: row %d has %d values for %d columns", t.Title, i+1, len(r), len(t.Columns)))
			}
		}
	}
	if m := p.Flow; m != nil {
		if len(m.Counts) != len(m.Tiers) {
			errs = append(errs, fmt.Errorf("flow matrix: %d rows for %d tiers", len(m.Counts), len(m.Tiers)))
		}
		for i, r := range m.Counts {
			if len(r) != len(m.Tiers) {
				errs = append(errs, fmt.Errorf("flow matrix: row %d has %d counts for %d tiers", i+1, len(r), len(m.Tiers)))
			}
		}
	}
	for i, r := range p.Summary {
		if r.Direction != Up && r.Direction != Down {
			errs = append(errs, fmt.Errorf("summary row %d (%s): direction %q: use up or down", i+1, r.Metric, r.Direction))
		}
		switch r.State {
		case "", StateMet, StateMissed, StateNoData, StateNotAvailable:
		default:
			errs = append(errs, fmt.Errorf("summary row %d (%s): state %q: use met, missed, no_data or not_available", i+1, r.Metric, r.State))
		}
	}
	if len(p.Tickets.Columns) == 0 {
		errs = append(errs, errors.New("tickets: no columns"))
	}
	return errors.Join(errs...)
}

// title is the pack's title: the header's, else the default label.
func (p *Pack) title() string {
	if p.Header.Title != "" {
		return p.Header.Title
	}
	return text(p.Lang, "title")
}

// book is the workbook being written.
type book struct {
	f     *excelize.File
	st    *styles
	lang  string
	zone  *time.Location
	title string
}

func (b *book) sheetNames() []string {
	var n []string
	for _, k := range []string{"summary", "trend", "tiers", "vendors", "definitions", "tickets"} {
		n = append(n, text(b.lang, "sheet."+k))
	}
	return n
}

func (b *book) t(key string) string { return text(b.lang, key) }

// properties sets the document properties: title and subject, and times only from the stamp.
func (b *book) properties(p *Pack) error {
	props := &excelize.DocProperties{
		Title:       safeText(b.title),
		Subject:     safeText(textf(b.lang, "subject", p.Header.Period)),
		Creator:     "tierlens",
		Description: safeText(p.Header.Version),
		Language:    b.lang,
		Keywords:    safeText(p.Header.DefinitionsHash),
	}
	// The template's fixed 2006 times stay unless a stamp is asked for: no wall clock.
	if !p.Header.Stamp.IsZero() {
		s := p.Header.Stamp.UTC().Format(time.RFC3339)
		props.Created, props.Modified = s, s
	}
	if err := b.f.SetDocProps(props); err != nil {
		return fmt.Errorf("document properties: %w", err)
	}
	return nil
}

// sheet is a normal (not streamed) sheet being written, tracking the widths of its columns.
type sheet struct {
	b      *book
	name   string
	widths map[int]int
	// header is the row of column headers repeated on printed pages and frozen (0: row 1).
	header int
	// wrapped are the texts of wrapped cells by row and column: their rows get the height of
	// their lines once the widths are known (no reader fits row heights on opening).
	wrapped map[int]map[int]string
}

func (b *book) sheet(name string) *sheet {
	return &sheet{b: b, name: name, widths: map[int]int{}, wrapped: map[int]map[int]string{}}
}

func cellName(col, row int) string {
	n, _ := excelize.CoordinatesToCellName(col, row)
	return n
}

// escapeCode matches what OOXML readers decode in a string as a character code (_x0041_ is A).
var escapeCode = regexp.MustCompile(`_x[0-9A-Fa-f]{4}_`)

// sharedText protects literal _xHHHH_ sequences in text bound for the shared strings by
// escaping their underscore (_x005F_): excelize v2.11.1 escapes them in streamed cells but
// not in shared strings, so "_x0041_" in a ticket would read back as "A" (FuzzText).
func sharedText(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	return escapeCode.ReplaceAllStringFunc(s, func(m string) string { return "_x005F" + m })
}

// quote is a sheet name as formulas and chart references spell it.
func quote(name string) string {
	return "'" + strings.ReplaceAll(name, "'", "''") + "'"
}

// put writes v (converted for unit) at col,row with style, counting its width when fitted.
func (s *sheet) put(col, row int, v any, unit string, style int, fitted bool) error {
	x, w, err := value(v, unit, s.b.zone)
	if err != nil {
		return fmt.Errorf("%s: %w", cellName(col, row), err)
	}
	ref := cellName(col, row)
	switch x := x.(type) {
	case float64:
		err = s.b.f.SetCellFloat(s.name, ref, x, -1, 64)
	case string:
		// Always a string cell: text is never parsed as a formula or a number.
		err = s.b.f.SetCellStr(s.name, ref, sharedText(x))
	}
	if err != nil {
		return err
	}
	if str, ok := x.(string); ok && fitted && style == s.b.st.text && wraps(str) {
		style = s.b.st.wrap
		if s.wrapped[row] == nil {
			s.wrapped[row] = map[int]string{}
		}
		s.wrapped[row][col] = str
	}
	if style != 0 {
		if err := s.b.f.SetCellStyle(s.name, ref, ref, style); err != nil {
			return err
		}
	}
	if fitted {
		s.widths[col] = max(s.widths[col], w)
	}
	return nil
}

// str writes text at col,row (not fitted: titles and notes may run over empty cells).
func (s *sheet) str(col, row int, v string, style int) error {
	return s.put(col, row, v, UnitText, style, false)
}

// headers writes column labels at row from col, fitted, and returns the next row.
func (s *sheet) headers(col, row int, labels []string) error {
	for i, l := range labels {
		if err := s.put(col+i, row, l, UnitText, s.b.st.header, false); err != nil {
			return err
		}
		s.widths[col+i] = max(s.widths[col+i], textWidth(l)+2) // and the filter button
	}
	return nil
}

// table makes rows first..last of columns col..col+n-1 an Excel table (autofilter, banding).
func (s *sheet) table(name string, col, first, n, last int) error {
	if last <= first {
		last = first + 1 // a table needs a row under its header
	}
	off := false
	return s.b.f.AddTable(s.name, &excelize.Table{
		Range:          cellName(col, first) + ":" + cellName(col+n-1, last),
		Name:           name,
		StyleName:      "TableStyleLight1",
		ShowRowStripes: &off,
	})
}

// finish sets the fitted widths, freezes the header and sets up printing.
func (s *sheet) finish() error {
	cols := make([]int, 0, len(s.widths))
	for c := range s.widths {
		cols = append(cols, c)
	}
	slices.Sort(cols)
	for _, c := range cols {
		name, _ := excelize.ColumnNumberToName(c)
		if err := s.b.f.SetColWidth(s.name, name, name, fit(s.widths[c])); err != nil {
			return err
		}
	}
	rows := make([]int, 0, len(s.wrapped))
	for r := range s.wrapped {
		rows = append(rows, r)
	}
	slices.Sort(rows)
	for _, r := range rows {
		n := 1
		for c, str := range s.wrapped[r] {
			n = max(n, lines(str, fit(s.widths[c])))
		}
		if err := s.b.f.SetRowHeight(s.name, r, rowHeight(n)); err != nil {
			return err
		}
	}
	header := max(s.header, 1)
	if err := s.b.f.SetPanes(s.name, &excelize.Panes{
		Freeze: true, YSplit: header, TopLeftCell: cellName(1, header+1), ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: cellName(1, header+1), ActiveCell: cellName(1, header+1), Pane: "bottomLeft"}},
	}); err != nil {
		return err
	}
	return s.b.printSetup(s.name, header)
}

// printSetup prints name landscape, one page wide, with rows up to header repeated on every
// page and a footer with the title and page numbers.
func (b *book) printSetup(name string, header int) error {
	land, one, any := "landscape", 1, 0
	if err := b.f.SetPageLayout(name, &excelize.PageLayoutOptions{Orientation: &land, FitToWidth: &one, FitToHeight: &any}); err != nil {
		return err
	}
	yes := true
	if err := b.f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: &yes}); err != nil {
		return err
	}
	if err := b.f.SetHeaderFooter(name, &excelize.HeaderFooterOptions{
		OddFooter: "&L" + footerText(b.title) + "&R" + b.t("footer.page"),
	}); err != nil {
		return err
	}
	return b.f.SetDefinedName(&excelize.DefinedName{
		Name:     "_xlnm.Print_Titles",
		RefersTo: fmt.Sprintf("%s!$%d:$%d", quote(name), header, header),
		Scope:    name,
	})
}

// footerText escapes & (a header/footer code) in text and keeps it short.
func footerText(s string) string {
	s = strings.ReplaceAll(safeText(s), "&", "&&")
	if r := []rune(s); len(r) > 80 {
		s = string(r[:80])
	}
	return s
}
