// The escalation flow section: the Sankey of the tickets' paths between tiers and its table.

package dashboards

import (
	"slices"
	"sort"
	"strconv"
)

// maxFlowSteps caps the steps of the escalation flow; longer paths end at the last step shown.
const maxFlowSteps = 6

// ordinal is "1st" / "1.º".
func ordinal(n int, lang string) string {
	if lang == "es" {
		return strconv.Itoa(n) + ".º"
	}
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return strconv.Itoa(n) + suffix
}

func (b *builder) flow() Section {
	s := Section{ID: "flow", Title: b.t("section.flow")}
	ch := Chart{ID: "flow", Title: b.t("chart.flow"), Note: b.t("note.flow"), Kind: KindSankey, Unit: UnitCount}
	tb := Table{ID: "flow", Title: b.t("table.flow"), Columns: []Column{{Label: b.t("c.from")}, {Label: b.t("c.to")}, {Label: b.t("c.tickets"), Numeric: true}}}
	type nodeKey struct {
		step    int
		tier    string
		outcome string
	}
	nodes := map[nodeKey]FlowNode{}
	links := map[[2]string]float64{}
	maxStep := 0
	node := func(k nodeKey) FlowNode {
		if n, ok := nodes[k]; ok {
			return n
		}
		var n FlowNode
		if k.outcome != "" {
			n = FlowNode{ID: "o:" + k.outcome, Label: b.t("flow." + k.outcome), Color: colorOutcome[k.outcome]}
		} else {
			n = FlowNode{ID: "s" + strconv.Itoa(k.step) + ":" + k.tier, Label: k.tier + " (" + ordinal(k.step, b.lang) + ")", Color: b.tierColor(k.tier), Depth: k.step - 1}
		}
		nodes[k] = n
		return n
	}
	for _, f := range b.in.Facts.Flow {
		if f.Tickets <= 0 || f.FromStep < 1 || f.FromStep > maxFlowSteps {
			continue
		}
		from := node(nodeKey{step: f.FromStep, tier: f.FromTier})
		var to FlowNode
		switch {
		case f.ToTier != "" && f.FromStep < maxFlowSteps:
			to = node(nodeKey{step: f.FromStep + 1, tier: f.ToTier})
		case f.ToTier != "":
			continue // beyond the last step shown
		default:
			o := f.Outcome
			if _, ok := colorOutcome[o]; !ok {
				o = "open"
			}
			to = node(nodeKey{outcome: o})
		}
		if f.FromStep+1 > maxStep {
			maxStep = f.FromStep + 1
		}
		links[[2]string{from.ID, to.ID}] += float64(f.Tickets)
	}
	if len(links) > 0 {
		keys := make([]nodeKey, 0, len(nodes))
		for k := range nodes {
			keys = append(keys, k)
		}
		rank := func(tier string) int {
			for i, t := range b.tiers {
				if t.ID == tier {
					return i
				}
			}
			return len(b.tiers)
		}
		outcomes := []string{"resolved", "open", "cancelled"}
		sort.Slice(keys, func(i, j int) bool {
			a, c := keys[i], keys[j]
			if (a.outcome == "") != (c.outcome == "") {
				return a.outcome == ""
			}
			if a.outcome != "" {
				return slices.Index(outcomes, a.outcome) < slices.Index(outcomes, c.outcome)
			}
			if a.step != c.step {
				return a.step < c.step
			}
			if rank(a.tier) != rank(c.tier) {
				return rank(a.tier) < rank(c.tier)
			}
			return a.tier < c.tier
		})
		f := &Flow{}
		label := map[string]string{}
		order := map[string]int{}
		for i, k := range keys {
			n := nodes[k]
			if k.outcome != "" {
				n.Depth = maxStep - 1
			}
			f.Nodes = append(f.Nodes, n)
			label[n.ID] = n.Label
			order[n.ID] = i
		}
		for k, v := range links {
			f.Links = append(f.Links, FlowLink{Source: k[0], Target: k[1], Value: v})
		}
		sort.Slice(f.Links, func(i, j int) bool {
			a, c := f.Links[i], f.Links[j]
			if order[a.Source] != order[c.Source] {
				return order[a.Source] < order[c.Source]
			}
			return order[a.Target] < order[c.Target]
		})
		ch.Flow = f
		for _, l := range f.Links {
			tb.Rows = append(tb.Rows, []Cell{{Text: label[l.Source]}, {Text: label[l.Target]}, {Value: num(l.Value), Unit: UnitCount}})
		}
	} else {
		ch.Empty, tb.Empty = b.t("empty.period"), b.t("empty.period")
	}
	s.Charts = append(s.Charts, ch)
	s.Tables = append(s.Tables, tb)
	return s
}
