// Package dashboards builds the renderer-independent report model of tierlens' dashboards:
// which metrics a weekly (or monthly) dashboard needs, how they are computed once over the
// trend window (Collect), and how the results and the warehouse's data facts become a Report
// (Build): header, data-quality notices, KPI tiles with target, red/amber/green, delta and
// trend, chart series and the exact-figure tables under them, and the metric definitions.
//
// Which metric fills which tile, chart and table is data, not Go: the embedded layout file
// layouts/weekly.yaml (strictly decoded; see Layout, ValidateLayout) names each metric, or the
// role its header declares; layouts/texts.yaml holds what the dashboard says about a metric
// beyond its header (Spanish titles, formulas). Met, missed and the colours come from
// metrics.Judge. One file per section: build.go (entry), header.go, tiles.go, volume.go,
// speed.go, sla.go, pairs.go, tiers.go, flow.go, vendors.go, csat.go, definitions.go, with
// figures.go holding what they share.
//
// Numbers in a Report are raw: ratios as fractions (0.853), times in hours, counts as they
// are; Format and the message catalog (Text) turn them into English or Spanish text for
// renderers that need words. Everything in a Report is deterministic: the same results,
// facts and Spec give the same Report, in the same order.
//
// What the package does not do: it holds no SQL and opens no warehouse (metrics run through
// a Runner and the data facts arrive as Facts, both supplied by the caller), and it renders
// nothing: dashboards/html writes the self-contained HTML file.
package dashboards
