package xlsx

import (
	"fmt"
	"strings"
)

// tiers writes the per-tier tables one under the other, each an Excel table with a filter,
// then the escalation-flow matrix (from the row's tier to the column's).
func (b *book) tiers(s *sheet, p *Pack) error {
	if err := s.str(1, 1, b.t("tiers.title"), b.st.title); err != nil {
		return err
	}
	row := 3
	if len(p.Tiers) == 0 && p.Flow == nil {
		return s.str(1, row, b.t("tiers.none"), b.st.label)
	}
	for i, t := range p.Tiers {
		next, err := b.block(s, row, fmt.Sprintf("tblTiers%d", i+1), t)
		if err != nil {
			return fmt.Errorf("table %q: %w", t.Title, err)
		}
		row = next + 1
	}
	if p.Flow != nil {
		return b.flow(s, row, p.Flow)
	}
	return nil
}

// block writes a table (under its title and note, when set) from row and returns the row after it. name is the Excel
// table's name, unique in the workbook.
func (b *book) block(s *sheet, row int, name string, t Table) (int, error) {
	if t.Title != "" {
		if err := s.str(1, row, t.Title, b.st.bold); err != nil {
			return 0, err
		}
		row++
	}
	if t.Note != "" {
		if err := s.str(1, row, t.Note, b.st.label); err != nil {
			return 0, err
		}
		row++
	}
	if len(t.Columns) == 0 {
		return row, nil
	}
	labels := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		labels[i] = c.Label
	}
	if err := s.headers(1, row, uniqueLabels(labels)); err != nil {
		return 0, err
	}
	head := row
	for _, r := range t.Rows {
		row++
		for j, c := range t.Columns {
			if err := s.put(1+j, row, r[j], c.Unit, b.st.numStyle(c.Unit), true); err != nil {
				return 0, err
			}
		}
	}
	if len(t.Rows) > 0 {
		if err := s.table(name, 1, head, len(t.Columns), row); err != nil {
			return 0, err
		}
	}
	return row + 1, nil
}

// uniqueLabels makes table headers unique and non-empty, as Excel tables require.
func uniqueLabels(labels []string) []string {
	out := make([]string, len(labels))
	seen := map[string]bool{}
	for i, l := range labels {
		l = strings.TrimSpace(l)
		if l == "" {
			l = fmt.Sprintf("%d", i+1)
		}
		u := l
		for n := 2; seen[strings.ToLower(u)]; n++ {
			u = fmt.Sprintf("%s %d", l, n)
		}
		seen[strings.ToLower(u)] = true
		out[i] = u
	}
	return out
}

// flow writes the escalation-flow matrix from row.
func (b *book) flow(s *sheet, row int, m *FlowMatrix) error {
	if err := s.str(1, row, b.t("flow.title"), b.st.bold); err != nil {
		return err
	}
	row++
	if err := s.headers(1, row, append([]string{b.t("flow.corner")}, m.Tiers...)); err != nil {
		return err
	}
	for i, from := range m.Tiers {
		row++
		if err := s.put(1, row, from, UnitText, b.st.header, true); err != nil {
			return err
		}
		for j := range m.Tiers {
			if err := s.put(2+j, row, m.Counts[i][j], UnitCount, b.st.numStyle(UnitCount), true); err != nil {
				return err
			}
		}
	}
	return nil
}
