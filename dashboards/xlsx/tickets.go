package xlsx

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// maxRows is the last row of a sheet (Excel's limit; a variable so a test can lower it).
var maxRows = excelize.TotalRows

// tickets streams the ticket detail: a header row, then one row per ticket, as an Excel table
// with a filter and the header frozen. Column widths are fitted to the header and the first
// opts.WidthSample rows, which are held until the widths are set (a streamed sheet's widths
// must precede its rows); the rest go straight to the file.
func (b *book) tickets(name string, p *Pack, opts Options) error {
	return b.stream(name, "tblTickets", p.Tickets.Columns, p.Tickets.Rows, opts.WidthSample, "ticket", "tickets")
}

// stream writes a streamed sheet name: a header row of cols, then one row per value row
// given by rows (nil: none), as the Excel table named table. one and many name a row in
// errors ("ticket", "tickets"). See tickets for the widths.
func (b *book) stream(name, table string, cols []Column, rows func(yield func([]any) error) error, sample int, one, many string) error {
	if sample <= 0 {
		sample = 1000
	}
	// Print setup, like the sheet's other properties, must exist before the stream starts.
	if err := b.printSetup(name, 1); err != nil {
		return err
	}
	sw, err := b.f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	labels := make([]string, len(cols))
	widths := make([]int, len(cols))
	for i, c := range cols {
		labels[i] = c.Label
		widths[i] = textWidth(c.Label) + 2 // the filter button
	}
	labels = uniqueLabels(labels)
	styles := make([]int, len(cols))
	for i, c := range cols {
		styles[i] = b.st.numStyle(c.Unit)
	}

	var held [][]any // converted rows of the sample
	row := 1
	buf := make([]any, len(cols))
	cells := make([]excelize.Cell, len(cols))
	write := func(vals []any) error {
		row++
		if row > maxRows {
			return fmt.Errorf("more than %d %s: a sheet holds at most %d rows under its header; narrow the period or add a filter", maxRows-1, many, maxRows-1)
		}
		n := 1 // lines of the row
		for i, v := range vals {
			if v == nil {
				buf[i] = nil
				continue
			}
			st := styles[i]
			if str, ok := v.(string); ok && st == b.st.text && wraps(str) {
				st = b.st.wrap
				n = max(n, lines(str, fit(widths[i])))
			}
			cells[i] = excelize.Cell{StyleID: st, Value: v}
			buf[i] = &cells[i]
		}
		if n > 1 {
			return sw.SetRow(cellName(1, row), buf, excelize.RowOpts{Height: rowHeight(n)})
		}
		return sw.SetRow(cellName(1, row), buf)
	}
	n := 0 // rows seen
	started := false
	scratch := make([]any, len(cols)) // the converted row once the sample is written
	convert := func(r []any) ([]any, error) {
		n++
		if len(r) != len(cols) {
			return nil, fmt.Errorf("%s %d: %d values for %d columns", one, n, len(r), len(cols))
		}
		out := scratch
		if !started {
			out = make([]any, len(cols)) // held until the widths are known
		}
		for i, v := range r {
			x, w, err := value(v, cols[i].Unit, b.zone)
			if err != nil {
				return nil, fmt.Errorf("%s %d: column %q: %w", one, n, cols[i].Label, err)
			}
			out[i] = x
			widths[i] = max(widths[i], w)
		}
		return out, nil
	}
	start := func() error {
		started = true
		// Last column first: excelize puts each new column before the others, and Excel wants
		// the <col> elements in ascending order.
		for i := len(widths) - 1; i >= 0; i-- {
			if err := sw.SetColWidth(i+1, i+1, fit(widths[i])); err != nil {
				return err
			}
		}
		if err := sw.SetPanes(&excelize.Panes{
			Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
			Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
		}); err != nil {
			return err
		}
		head := make([]any, len(cols))
		for i, l := range labels {
			head[i] = excelize.Cell{StyleID: b.st.header, Value: safeText(l)}
		}
		if err := sw.SetRow("A1", head); err != nil {
			return err
		}
		for _, r := range held {
			if err := write(r); err != nil {
				return err
			}
		}
		held = nil
		return nil
	}
	var rowErr error
	if rows != nil {
		rowErr = rows(func(r []any) error {
			x, err := convert(r)
			if err != nil {
				return err
			}
			if !started {
				held = append(held, x)
				if len(held) < sample {
					return nil
				}
				return start()
			}
			return write(x)
		})
	}
	if rowErr != nil {
		return rowErr
	}
	if !started {
		if err := start(); err != nil {
			return err
		}
	}
	if err := sw.AddTable(&excelize.Table{
		Range:     "A1:" + cellName(len(cols), max(row, 2)),
		Name:      table,
		StyleName: "TableStyleLight1",
	}); err != nil {
		return err
	}
	return sw.Flush()
}
