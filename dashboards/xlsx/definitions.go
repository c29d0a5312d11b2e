package xlsx

// definitions writes every metric of the pack with its plain-words formula, SQL file and hash,
// under the definitions hash of the whole catalog.
func (b *book) definitions(s *sheet, p *Pack) error {
	if err := s.str(1, 1, b.t("d.title"), b.st.title); err != nil {
		return err
	}
	if err := s.str(1, 2, b.t("h.defs")+": "+p.Header.DefinitionsHash, b.st.label); err != nil {
		return err
	}
	t := Table{Columns: []Column{
		{b.t("c.metric"), UnitText},
		{b.t("c.kpi"), UnitText},
		{b.t("d.description"), UnitText},
		{b.t("c.unit"), UnitText},
		{b.t("c.direction"), UnitText},
		{b.t("d.formula"), UnitText},
		{b.t("d.file"), UnitText},
		{b.t("d.hash"), UnitText},
	}}
	for _, d := range p.Definitions {
		unit := ""
		if d.Unit != "" {
			unit = b.t("unit." + d.Unit)
		}
		dir := ""
		if d.Direction != "" {
			dir = b.t("dir." + d.Direction)
		}
		t.Rows = append(t.Rows, []any{d.Metric, d.Title, d.Description, unit, dir, d.Formula, d.File, d.Hash})
	}
	s.header = 3
	_, err := b.block(s, 3, "tblDefinitions", t)
	return err
}
