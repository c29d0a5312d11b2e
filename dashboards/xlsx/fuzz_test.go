package xlsx

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// FuzzText writes any text as a ticket title (streamed) and as a table cell (shared string):
// it must read back as safeText made it, as a string cell, and the sheets hold no formula.
func FuzzText(f *testing.F) {
	for _, h := range hostile {
		f.Add(h)
	}
	f.Add("_x0041_ looks like an escape")
	f.Add(" leading and trailing spaces ")
	f.Add("\u2028\u0085\ufeff")
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 4000 {
			return // far below the cell limit; keeps the run fast
		}
		p := testPack("en", 0)
		p.Summary, p.Trend, p.Vendors, p.Definitions, p.Flow, p.Notices = nil, nil, nil, nil, nil, nil
		p.Tiers = []Table{{Title: "t", Columns: []Column{{"Text", UnitText}}, Rows: [][]any{{s}}}}
		p.Tickets = Tickets{Columns: []Column{{"Title", UnitText}}, Rows: func(yield func([]any) error) error {
			return yield([]any{s})
		}}
		var b bytes.Buffer
		if err := Write(&b, p, Options{}); err != nil {
			t.Fatal(err)
		}
		for name, xml := range parts(t, b.Bytes()) {
			if strings.HasPrefix(name, "xl/worksheets/") && (strings.Contains(xml, "<f>") || strings.Contains(xml, "<f ")) {
				t.Fatalf("%s holds a formula", name)
			}
		}
		wb, err := excelize.OpenReader(bytes.NewReader(b.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		defer wb.Close()
		want := safeText(s)
		for _, c := range []struct{ sheet, cell string }{{"Tickets", "A2"}, {"Tiers", "A5"}} {
			got, err := wb.GetCellValue(c.sheet, c.cell, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("%s!%s = %q, want %q", c.sheet, c.cell, got, want)
			}
		}
	})
}
