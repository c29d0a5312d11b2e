package etl

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strconv"
	"strings"

	"github.com/tierlens/tierlens/etl/profiles"
	"github.com/tierlens/tierlens/etl/warehouse"
	"github.com/tierlens/tierlens/etl/xlsxread"
)

// xlsxStage is the temp table an XLSX sheet's rows are appended to: positional VARCHAR
// columns, so the conversion reads it exactly as it reads a CSV file.
const xlsxStage = "xlsx_stage"

// xlsxBatch is how many rows go through one Appender: memory stays flat however long the sheet.
const xlsxBatch = 8192

// sheetInput is what an XLSX input keeps between its header and its rows.
type sheetInput struct {
	wb     *xlsxread.Workbook
	rows   *xlsxread.Rows
	sheet  string
	lines  []int32 // sheet row of each staged record
	staged bool
}

// scanXLSX opens the workbook, hashes the file and reads the header: the first row with any
// non-empty cell. The rows after it are read by stageXLSX once the columns are known.
func (in *input) scanXLSX(sheet string) error {
	sum, n, err := hashFile(in.path)
	if err != nil {
		return err
	}
	in.sha256, in.bytes = sum, n
	wb, err := xlsxread.Open(in.path)
	if err != nil {
		return err
	}
	rows, err := wb.Rows(sheet)
	if err != nil {
		wb.Close()
		return err
	}
	in.xlsx = &sheetInput{wb: wb, rows: rows, sheet: rows.Sheet()}
	for rows.Next() {
		v, err := rows.Values()
		if err != nil {
			return err
		}
		if !allEmpty(v) {
			in.header = v
			break
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if in.header == nil {
		return fmt.Errorf("sheet %q is empty: the first row must name the columns (pick another sheet with --sheet; the workbook has %s)", in.xlsx.sheet, strings.Join(quoteAll(wb.Sheets()), ", "))
	}
	return nil
}

// closeXLSX releases the workbook (the staged rows' sheet rows stay, for the rejects).
func (in *input) closeXLSX() {
	if in.xlsx != nil && in.xlsx.wb != nil {
		in.xlsx.rows.Close()
		in.xlsx.wb.Close()
		in.xlsx.wb, in.xlsx.rows = nil, nil
	}
}

// stageXLSX streams the rows after the header into the staging table through the Appender.
// It is the independent count as well: a record is a row with any non-empty cell (empty rows
// are no records, as blank lines are none in CSV). Cells of a column mapped to a time field that
// hold a number are Excel serial dates, written as "2006-01-02 15:04:05" text for the usual
// layouts; text dates stay text. A row with a value right of the header is a broken record.
func (in *input) stageXLSX(ctx context.Context, conn *sql.Conn, cols map[profiles.Field]int) error {
	x := in.xlsx
	width := len(in.header)
	timeCol := make([]bool, width)
	for f, i := range cols {
		if f.IsTime() && i < width {
			timeCol[i] = true
		}
	}
	var ddl strings.Builder
	fmt.Fprintf(&ddl, "CREATE OR REPLACE TEMP TABLE %s (", xlsxStage)
	for i := 0; i < width; i++ {
		if i > 0 {
			ddl.WriteString(", ")
		}
		fmt.Fprintf(&ddl, "%s VARCHAR", colName(i))
	}
	ddl.WriteString(")")
	if _, err := conn.ExecContext(ctx, ddl.String()); err != nil {
		return err
	}
	date1904 := x.wb.Date1904()
	batch := make([][]driver.Value, 0, xlsxBatch)
	flush := func() error {
		err := warehouse.Append(ctx, conn, "temp", xlsxStage, batch)
		batch = batch[:0]
		return err
	}
	for x.rows.Next() {
		v, err := x.rows.Values()
		if err != nil {
			return err
		}
		if allEmpty(v) {
			continue
		}
		row := x.rows.Row()
		rec := in.records
		in.records++
		if extra := firstBeyond(v, width); extra >= 0 {
			in.bad = append(in.bad, badRecord{Record: rec, Line: int64(row), Reason: fmt.Sprintf(
				"sheet %q, cell %s%d: a value right of the header's last column (%s): give the column a name in the header row",
				x.sheet, xlsxread.ColumnName(extra), row, xlsxread.ColumnName(width-1))})
			continue
		}
		vals := make([]driver.Value, width)
		for i := 0; i < width && i < len(v); i++ {
			c := v[i]
			if c == "" {
				continue
			}
			if timeCol[i] {
				c = serialText(c, date1904)
			}
			vals[i] = c
		}
		batch = append(batch, vals)
		x.lines = append(x.lines, int32(row))
		if len(batch) == xlsxBatch {
			if err := flush(); err != nil {
				return err
			}
			if err := ctx.Err(); err != nil {
				return err
			}
		}
	}
	if err := x.rows.Err(); err != nil {
		return err
	}
	if err := flush(); err != nil {
		return err
	}
	x.staged = true
	if in.records == 0 {
		return fmt.Errorf("sheet %q has a header but no records", x.sheet)
	}
	return nil
}

// serialText turns a number into the wall-clock time it is as an Excel serial date; anything
// else (a text date, or a number no date can be) is returned unchanged for the layouts to read
// or reject.
func serialText(v string, date1904 bool) string {
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil {
		return v
	}
	t, ok := xlsxread.SerialTime(f, date1904)
	if !ok {
		return v
	}
	return t.Format("2006-01-02 15:04:05")
}

// xlsxFrom reads the staging table; its rowid is the staged record's position.
func xlsxFrom() string { return "temp." + xlsxStage }

// dropXLSXStage frees the staged rows once the conversion has read them.
func dropXLSXStage(ctx context.Context, conn *sql.Conn) error {
	_, err := conn.ExecContext(ctx, "DROP TABLE IF EXISTS temp."+xlsxStage)
	return err
}

// xlsxLine is the sheet row of the k-th staged record.
func (in *input) xlsxLine(k int64) int64 {
	if in.xlsx != nil && k >= 0 && k < int64(len(in.xlsx.lines)) {
		return int64(in.xlsx.lines[k])
	}
	return k + 2
}

// cellRef names a rejected value's cell for the rejects: the header's name and where it is.
func (in *input) cellRef(col int, header string, line int64) string {
	if in.xlsx == nil {
		return header
	}
	return fmt.Sprintf("%s (%s!%s%d)", header, in.xlsx.sheet, xlsxread.ColumnName(col), line)
}

func allEmpty(v []string) bool {
	for _, c := range v {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// firstBeyond is the index of the first non-empty cell at or after width, or -1.
func firstBeyond(v []string, width int) int {
	for i := width; i < len(v); i++ {
		if strings.TrimSpace(v[i]) != "" {
			return i
		}
	}
	return -1
}
