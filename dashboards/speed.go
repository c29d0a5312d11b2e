// The speed section: resolution and first response times per tier.

package dashboards

func (b *builder) speed() Section {
	s := Section{ID: "speed", Title: b.t("section.speed")}
	for _, p := range []tierPair{
		{id: "mttr", title: b.t("chart.mttr"), refs: [2]Ref{b.lay.MTTRPerTier.Median, b.lay.MTTRPerTier.P90}},
		{id: "frt", title: b.t("chart.frt"), refs: [2]Ref{b.lay.FRTPerTier.Median, b.lay.FRTPerTier.P90}},
	} {
		p.names = [2]string{b.t("s.median"), b.t("s.p90")}
		p.set = b.in.Results.Period
		ch, tb := b.tierPairChart(p)
		s.Charts = append(s.Charts, ch)
		s.Tables = append(s.Tables, tb)
	}
	return s
}
