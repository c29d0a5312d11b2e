// Package dashboards builds the renderer-independent report model of tierlens' dashboards:
// which metrics a weekly (or monthly) dashboard needs, how they are computed once over the
// trend window (Collect), and how the results and the warehouse's data facts become a Report
// (Build): header, data-quality notices, KPI tiles with target, red/amber/green, delta and
// trend, chart series and the exact-figure tables under them, and the metric definitions.
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
