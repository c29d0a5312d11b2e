package xlsx

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// WriteTable writes one table as a workbook of one sheet named sheet: a header row of the
// columns' labels, then the rows rows yields (values as in Tickets rows: text, numbers and
// time.Time in UTC; nil for an empty cell), streamed like the pack's ticket sheet, with the
// pack's cell code: text is always a string cell (a leading = + - @ stays text, control
// characters cannot break the file) and numbers and dates get their unit's format. Query
// output (`tierlens query -o FILE.xlsx`) is written here so excelize has one writer.
func WriteTable(w io.Writer, sheet string, cols []Column, rows func(yield func([]any) error) error) error {
	if len(cols) == 0 {
		return fmt.Errorf("xlsx table: no columns")
	}
	b, err := newBook("en", time.UTC, "tierlens")
	if err != nil {
		return err
	}
	defer b.f.Close()
	f := b.f
	name := sheetName(sheet)
	if err := f.SetSheetName("Sheet1", name); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	if err := b.stream(name, "tblResult", cols, rows, 1000, "row", "rows"); err != nil {
		return fmt.Errorf("sheet %s: %w", name, err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("write workbook: %w", err)
	}
	return nil
}

// sheetName makes s a valid sheet name: at most 31 characters, none of : \ / ? * [ ], not
// empty and not starting or ending with an apostrophe.
func sheetName(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) || !xmlChar(r) {
			return '_'
		}
		return r
	}, s)
	if r := []rune(s); len(r) > 31 {
		s = string(r[:31])
	}
	s = strings.Trim(s, "'")
	if s == "" {
		s = "Result"
	}
	return s
}
