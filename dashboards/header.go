// The report header (data range, sources, hashes) and the data-quality notices.

package dashboards

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/tierlens/tierlens/metrics"
)

func (b *builder) header() Header {
	h := Header{Version: b.in.Spec.Version, DefinitionsHash: DefinitionsHash(b.in.Catalog), Sources: []Source{}, Filter: b.in.Spec.Filter.String()}
	if ch, err := ConfigHash(b.in.Config); err == nil {
		h.ConfigHash = ch
	}
	var first, last time.Time
	for _, s := range b.in.Facts.Sources {
		hist := "events"
		switch {
		case s.Flat == s.Tickets && s.Tickets > 0:
			hist = "flat"
		case s.Flat > 0:
			hist = "mixed"
		}
		h.Sources = append(h.Sources, Source{Name: s.Name, Tickets: s.Tickets, History: hist})
		h.Tickets += s.Tickets
		if !s.FirstCreated.IsZero() && (first.IsZero() || s.FirstCreated.Before(first)) {
			first = s.FirstCreated
		}
		if s.LastChange.After(last) {
			last = s.LastChange
		}
	}
	if !first.IsZero() {
		h.DataFirst, h.DataLast = b.day(first), b.day(last)
	}
	h.Loads = len(b.in.Facts.Loads)
	for _, l := range b.in.Facts.Loads {
		h.Rejected += l.Rejected
	}
	if !b.in.Spec.Stamp.IsZero() {
		h.Generated = b.in.Spec.Stamp.In(b.periods.Loc).Format("2006-01-02 15:04 MST")
	}
	return h
}

// maxItems caps the names a notice lists.
const maxItems = 8

func (b *builder) notices() []Notice {
	out := []Notice{}
	f := b.in.Facts
	if len(f.Stale) > 0 {
		out = append(out, Notice{Kind: "stale", Text: b.tf("notice.stale"), Items: f.Stale})
	}
	if len(f.Unmapped) > 0 {
		var tickets int64
		var items []string
		groups := slices.Clone(f.Unmapped)
		sort.SliceStable(groups, func(i, j int) bool { return groups[i].Tickets > groups[j].Tickets })
		for i, g := range groups {
			tickets += g.Tickets
			if i < maxItems {
				items = append(items, b.tf("notice.tickets", g.Group, g.Tickets))
			}
		}
		if len(groups) > maxItems {
			items = append(items, fmt.Sprintf("… +%d", len(groups)-maxItems))
		}
		out = append(out, Notice{Kind: "unmapped", Text: b.tf("notice.unmapped", len(groups), tickets), Items: items})
	}
	var flat int64
	var flatSources []string
	for _, s := range f.Sources {
		if s.FlatActive > 0 {
			flat += s.FlatActive
			flatSources = append(flatSources, b.tf("notice.tickets", s.Name, s.FlatActive))
		}
	}
	if flat > 0 {
		out = append(out, Notice{Kind: "flat", Text: b.tf("notice.flat", flat), Items: flatSources})
	}
	var rejected int64
	var files []string
	for _, l := range f.Loads {
		if !l.InPeriod || l.Rejected == 0 {
			continue
		}
		rejected += l.Rejected
		var why []string
		for i, r := range l.Reasons {
			if i == 3 {
				why = append(why, "…")
				break
			}
			why = append(why, r.Reason)
		}
		files = append(files, b.tf("notice.records", l.File, l.Rejected, strings.Join(why, "; ")))
	}
	if rejected > 0 {
		out = append(out, Notice{Kind: "rejects", Text: b.tf("notice.rejects", rejected), Items: files})
	}
	if len(f.Findings) > 0 {
		var items []string
		for i, x := range f.Findings {
			if i == maxItems {
				items = append(items, fmt.Sprintf("… +%d", len(f.Findings)-maxItems))
				break
			}
			items = append(items, b.tf("notice.finding", x.Finding, x.Cases))
		}
		out = append(out, Notice{Kind: "findings", Text: b.t("notice.findings"), Items: items})
	}
	var limited []string
	for _, n := range b.shown {
		for _, set := range []map[string]*metrics.Result{b.in.Results.Trend, b.in.Results.Desk, b.in.Results.Period} {
			if r, ok := set[n]; ok && r.Note != "" {
				limited = append(limited, b.metricTitle(r.Metric)+": "+r.Note)
				break
			}
		}
	}
	failed := make([]string, 0, len(b.in.Results.Failed))
	for n, e := range b.in.Results.Failed {
		title := n
		if m, err := b.in.Catalog.Get(n); err == nil {
			title = b.metricTitle(m)
		}
		failed = append(failed, title+": "+e)
	}
	sort.Strings(failed)
	if len(failed) > 0 {
		out = append(out, Notice{Kind: "failed", Text: b.t("notice.failed"), Items: failed})
	}
	if len(limited) > 0 {
		out = append(out, Notice{Kind: "limited", Text: b.t("notice.limited"), Items: limited})
	}
	return out
}
