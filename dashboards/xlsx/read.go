package xlsx

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// Sheet is one worksheet of a written pack read back: its rows of raw cell values (numbers as
// stored, not as formatted) and the cells that hold a formula.
type Sheet struct {
	Name     string
	Rows     [][]string
	Formulas []string // cell references, e.g. "B4"; a pack has none
}

// ReadPack reads every sheet of the workbook at path, in tab order, so that commands and tests
// outside this package can check a pack without importing excelize.
func ReadPack(path string) ([]Sheet, error) {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	defer f.Close()
	var out []Sheet
	for _, name := range f.GetSheetList() {
		rows, err := f.GetRows(name, excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, fmt.Errorf("read %s, sheet %s: %w", path, name, err)
		}
		s := Sheet{Name: name, Rows: rows}
		for i, r := range rows {
			for j := range r {
				ref, _ := excelize.CoordinatesToCellName(j+1, i+1)
				if fm, _ := f.GetCellFormula(name, ref); fm != "" {
					s.Formulas = append(s.Formulas, ref)
				}
			}
		}
		out = append(out, s)
	}
	return out, nil
}
