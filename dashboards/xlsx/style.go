package xlsx

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// Number formats by unit. Ratios are fractions shown as percentages; times are hours.
var numFmts = map[string]string{
	UnitCount:    "#,##0",
	UnitPercent:  "0.0%",
	UnitHours:    "0.0",
	UnitScore:    "0.00",
	UnitNumber:   "#,##0.00",
	UnitDate:     "yyyy-mm-dd",
	UnitDateTime: "yyyy-mm-dd hh:mm",
}

// deltaFmts show the sign of a change; a ratio's change reads as percentage points.
var deltaFmts = map[string]string{
	UnitCount:   "+#,##0;-#,##0;0",
	UnitPercent: "+0.0%;-0.0%;0.0%",
	UnitHours:   "+0.0;-0.0;0.0",
	UnitScore:   "+0.00;-0.00;0.00",
	UnitNumber:  "+#,##0.00;-#,##0.00;0.00",
}

// styles are the workbook's cell styles and conditional-format styles, made once.
type styles struct {
	title, bold, header, label, text, wrap int
	num, delta                             map[string]int
	green, amber, red                      int // conditional formats (dxf ids)
}

func newStyles(f *excelize.File) (*styles, error) {
	s := &styles{num: map[string]int{}, delta: map[string]int{}}
	var err error
	mk := func(st *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = f.NewStyle(st)
		return id
	}
	s.title = mk(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	s.bold = mk(&excelize.Style{Font: &excelize.Font{Bold: true}})
	s.header = mk(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
		Border:    []excelize.Border{{Type: "bottom", Color: "8EA9DB", Style: 1}},
		Alignment: &excelize.Alignment{Vertical: "top"},
	})
	s.label = mk(&excelize.Style{Font: &excelize.Font{Color: "595959"}})
	s.text = mk(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top"}})
	s.wrap = mk(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	for _, u := range []string{UnitCount, UnitPercent, UnitHours, UnitScore, UnitNumber, UnitDate, UnitDateTime} {
		nf := numFmts[u]
		s.num[u] = mk(&excelize.Style{CustomNumFmt: &nf, Alignment: &excelize.Alignment{Vertical: "top"}})
		if df, ok := deltaFmts[u]; ok {
			s.delta[u] = mk(&excelize.Style{CustomNumFmt: &df, Alignment: &excelize.Alignment{Vertical: "top"}})
		}
	}
	cf := func(font, fill string) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = f.NewConditionalStyle(&excelize.Style{
			Font: &excelize.Font{Color: font},
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{fill}},
		})
		return id
	}
	// Excel's own good / neutral / bad colours.
	s.green = cf("006100", "C6EFCE")
	s.amber = cf("9C5700", "FFEB9C")
	s.red = cf("9C0006", "FFC7CE")
	if err != nil {
		return nil, fmt.Errorf("styles: %w", err)
	}
	return s, nil
}

// numStyle is the style of a number in unit (text style for text and unknown units).
func (s *styles) numStyle(unit string) int {
	if id, ok := s.num[unit]; ok {
		return id
	}
	return s.text
}

// deltaStyle is the style of a change in unit.
func (s *styles) deltaStyle(unit string) int {
	if id, ok := s.delta[unit]; ok {
		return id
	}
	return s.numStyle(unit)
}
