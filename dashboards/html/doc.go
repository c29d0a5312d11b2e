// Package html writes a dashboards.Report as one self-contained HTML file: the ECharts
// library (5.6.0, from the npm package pinned at the repository root and embedded at build
// time by `make assets`) is inlined with the chart options, styles and the page script, so the
// file opens with no network. A Content-Security-Policy allows only those exact scripts (by
// hash) and no requests at all.
//
// Every string from the data (group, agent, vendor names) is escaped for where it lands: the
// page is an html/template, the chart options are JSON with <, >, & and U+2028/U+2029 escaped
// inside a non-executed <script type="application/json">, and ECharts draws labels as SVG text.
// Output is deterministic: fixed chart ids, sorted JSON keys, no clock.
//
// It is the only package that imports go-echarts, whose option types build the chart options;
// go-echarts' own page templates are not used (they embed options without escaping). It does
// not compute anything: numbers come from the Report.
package html
