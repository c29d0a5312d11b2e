package xlsx

import (
	"cmp"
	"slices"
)

// vendors writes the L4 scorecard, worst first: lowest contract attainment first (vendors
// without one last), then most tickets, then by name, so the order never depends on input.
func (b *book) vendors(s *sheet, p *Pack) error {
	if err := s.str(1, 1, b.t("v.title"), b.st.title); err != nil {
		return err
	}
	if len(p.Vendors) == 0 {
		return s.str(1, 3, b.t("v.none"), b.st.label)
	}
	rows := slices.Clone(p.Vendors)
	slices.SortStableFunc(rows, func(x, y VendorRow) int {
		switch {
		case x.Attainment == nil && y.Attainment != nil:
			return 1
		case x.Attainment != nil && y.Attainment == nil:
			return -1
		case x.Attainment != nil && *x.Attainment != *y.Attainment:
			return cmp.Compare(*x.Attainment, *y.Attainment)
		case x.Tickets != y.Tickets:
			return cmp.Compare(y.Tickets, x.Tickets)
		}
		return cmp.Compare(x.Vendor, y.Vendor)
	})
	t := Table{Columns: []Column{
		{b.t("v.vendor"), UnitText},
		{b.t("v.tickets"), UnitCount},
		{b.t("v.attainment"), UnitPercent},
		{b.t("v.response"), UnitHours},
		{b.t("v.median"), UnitHours},
		{b.t("v.p90"), UnitHours},
		{b.t("v.reopen"), UnitPercent},
		{b.t("v.csat"), UnitPercent},
	}}
	for _, v := range rows {
		t.Rows = append(t.Rows, []any{v.Vendor, v.Tickets, v.Attainment, v.Response, v.ResolutionMedian, v.ResolutionP90, v.ReopenRate, v.CSAT})
	}
	s.header = 2
	_, err := b.block(s, 2, "tblVendors", t)
	return err
}
