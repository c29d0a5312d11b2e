// Package xlsx writes the Excel KPI pack (tierlens pack) from a Pack: Summary, Trend, Tiers,
// Vendors (L4), Definitions and Tickets sheets, in that order, with real numbers and dates
// under number formats, red/amber/green by conditional formatting, native Excel charts whose
// series point at the sheet's cells, frozen headers, autofilter tables and print setup. The
// Tickets sheet is streamed, so a quarter of a million tickets never sits in memory.
//
// It is the only package importing excelize for writing (etl/xlsxread reads with it). It
// renders what it is given and computes no KPI: the caller fills the Pack from the report
// model and the warehouse. Text is always written as text: a ticket title such as
// "=HYPERLINK(…)" or "+cmd|' /C calc'!A0" stays a string cell, never a formula; the workbook
// holds no cell formula at all (the only formulas are those of the conditional formats).
// The output is deterministic: the same Pack gives the same bytes, and no wall-clock time is
// written unless Header.Stamp is set.
//
// Tests reopen the workbook with excelize and compare every sheet's shown cells with golden
// CSVs in testdata/golden (go test ./dashboards/xlsx -run TestGolden -update rewrites them),
// and have LibreOffice (soffice, skipped when absent unless CI=true) convert it to PDF and to
// CSV per sheet, which must show the same cells. testdata/packbench and
// testdata/bench_openpyxl.py time the Tickets sheet against openpyxl on the same CSV.
package xlsx
