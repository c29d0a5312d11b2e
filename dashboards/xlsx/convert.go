package xlsx

import "github.com/tierlens/tierlens/dashboards"

// TableFrom turns a table of the report model (a dashboard section's exact figures) into a
// pack Table: a numeric column takes the unit of its first cell that has one (a count when
// none has) and its cells' values; a text column its cells' texts. A cell without a number
// stays empty: its note ("no data") is for the dashboard's reader, and a number column of
// the workbook stays filterable.
func TableFrom(t dashboards.Table) Table {
	out := Table{Title: t.Title, Note: t.Empty}
	for j, c := range t.Columns {
		unit := UnitText
		if c.Numeric {
			unit = UnitCount
			for _, r := range t.Rows {
				if j < len(r) && r[j].Unit != "" {
					unit = r[j].Unit
					break
				}
			}
		}
		out.Columns = append(out.Columns, Column{Label: c.Label, Unit: unit})
	}
	for _, r := range t.Rows {
		row := make([]any, len(t.Columns))
		for j, c := range t.Columns {
			if j >= len(r) {
				continue
			}
			if c.Numeric {
				if r[j].Value != nil {
					row[j] = *r[j].Value
				}
				continue
			}
			if r[j].Text != "" {
				row[j] = r[j].Text
			}
		}
		out.Rows = append(out.Rows, row)
	}
	return out
}
