// Package xlsxread reads the cells of one worksheet of an XLSX workbook as raw text, one row at
// a time, with excelize's streaming row reader, so a sheet of a million rows never sits in
// memory. It also recognises what is not an XLSX workbook (an old binary .xls, an encrypted
// workbook, Excel 2003 XML, any other zip) and says how to save it instead. It knows nothing of
// tickets or profiles; package etl maps the cells. It is the only package importing excelize
// for reading (dashboards/xlsx writes with it).
package xlsxread

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// ErrNotXLSX is wrapped by every error saying a file is not a readable XLSX workbook.
var ErrNotXLSX = errors.New("not an XLSX workbook")

// Workbook is an open workbook.
type Workbook struct {
	f      *excelize.File
	sheets []string
	date   bool
}

// Open opens the workbook at path after checking its first bytes: an old binary .xls, an
// encrypted workbook and Excel 2003 XML get an error that says how to save them instead.
func Open(path string) (*Workbook, error) {
	if err := sniff(path); err != nil {
		return nil, err
	}
	// Worksheets larger than the unzip limit go to temp files, not memory: that is what lets
	// the row reader stream a big sheet.
	f, err := excelize.OpenFile(path, excelize.Options{UnzipXMLSizeLimit: 16 << 20})
	if err != nil {
		if errors.Is(err, excelize.ErrWorkbookPassword) || errors.Is(err, excelize.ErrWorkbookFileFormat) {
			return nil, fmt.Errorf("%w: it is encrypted (password-protected): remove the password in Excel and save again, or save it as CSV", ErrNotXLSX)
		}
		return nil, fmt.Errorf("%w: a zip archive that cannot be read as a workbook (%v): save the export again as .xlsx, or as CSV", ErrNotXLSX, err)
	}
	w := &Workbook{f: f, sheets: f.GetSheetList()}
	if len(w.sheets) == 0 {
		f.Close()
		return nil, fmt.Errorf("%w: a zip archive with no worksheets: save the export as .xlsx or CSV", ErrNotXLSX)
	}
	props, err := f.GetWorkbookProps()
	if err == nil && props.Date1904 != nil {
		w.date = *props.Date1904
	}
	return w, nil
}

// Close releases the workbook and its temp files.
func (w *Workbook) Close() error { return w.f.Close() }

// Sheets lists the worksheets in workbook order.
func (w *Workbook) Sheets() []string { return append([]string(nil), w.sheets...) }

// Date1904 reports whether the workbook counts serial dates from 1904 (old Mac Excel) instead
// of 1900.
func (w *Workbook) Date1904() bool { return w.date }

// Rows starts reading a sheet; "" is the first one. A name that is not there gets an error
// listing the sheets.
func (w *Workbook) Rows(sheet string) (*Rows, error) {
	if sheet == "" {
		sheet = w.sheets[0]
	}
	found := false
	for _, s := range w.sheets {
		if s == sheet {
			found = true
			break
		}
	}
	if !found {
		q := make([]string, len(w.sheets))
		for i, s := range w.sheets {
			q[i] = fmt.Sprintf("%q", s)
		}
		return nil, fmt.Errorf("sheet %q not found: the workbook has %s", sheet, strings.Join(q, ", "))
	}
	r, err := w.f.Rows(sheet)
	if err != nil {
		return nil, fmt.Errorf("sheet %q: %v", sheet, err)
	}
	return &Rows{r: r, sheet: sheet}, nil
}

// Rows reads one sheet row by row, empty rows included.
type Rows struct {
	r     *excelize.Rows
	sheet string
	row   int
	err   error
}

// Sheet is the name of the sheet being read.
func (r *Rows) Sheet() string { return r.sheet }

// Next moves to the next row; false at the end or on an error (see Err).
func (r *Rows) Next() bool {
	if r.err != nil || !r.r.Next() {
		return false
	}
	r.row++
	return true
}

// Row is the current row's number in the sheet (1-based, as Excel shows it).
func (r *Rows) Row() int { return r.row }

// Values returns the current row's cells as stored: shared and inline strings as their text,
// numbers (dates included) as the number Excel wrote, booleans as 1 or 0, formulas as their
// cached result (never evaluated, so text such as "=cmd|..." is only text). Trailing empty
// cells are left out.
func (r *Rows) Values() ([]string, error) {
	v, err := r.r.Columns(excelize.Options{RawCellValue: true})
	if err != nil {
		r.err = fmt.Errorf("sheet %q, row %d: %v", r.sheet, r.row, err)
		return nil, r.err
	}
	return v, nil
}

// Err is the first error the reader met.
func (r *Rows) Err() error {
	if r.err != nil {
		return r.err
	}
	if err := r.r.Error(); err != nil {
		return fmt.Errorf("sheet %q, after row %d: %v", r.sheet, r.row, err)
	}
	return nil
}

// Close ends the reading.
func (r *Rows) Close() error { return r.r.Close() }

// ColumnName is the column's letters (0 → A, 26 → AA).
func ColumnName(i int) string {
	s, err := excelize.ColumnNumberToName(i + 1)
	if err != nil {
		return fmt.Sprintf("column %d", i+1)
	}
	return s
}

// maxSerial is 9999-12-31, the last day Excel can show.
const maxSerial = 2958466

// SerialTime converts an Excel serial date (days since the epoch, the fraction being the time
// of day) to a wall-clock time, rounded to the second. In the 1900 system serial 1 is
// 1900-01-01 and Excel counts a 29 February 1900 that never was (serial 60), so later serials
// count from 1899-12-30; the 1904 system counts from 1904-01-01. Values outside Excel's range
// are not dates.
func SerialTime(v float64, date1904 bool) (time.Time, bool) {
	if math.IsNaN(v) || v < 0 || v >= maxSerial {
		return time.Time{}, false
	}
	var epoch time.Time
	switch {
	case date1904:
		epoch = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	case v >= 61:
		epoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	default:
		epoch = time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC)
	}
	days := math.Floor(v)
	secs := math.Round((v - days) * 86400)
	t := epoch.AddDate(0, 0, int(days)).Add(time.Duration(secs) * time.Second)
	if t.Year() > 9999 {
		return time.Time{}, false // the last second of 9999 rounded up
	}
	return t, true
}

var (
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	zipMagic = []byte("PK\x03\x04")
	// encryptionInfo is the stream name, in UTF-16LE, that an encrypted OOXML file's OLE
	// container holds; a binary .xls has a "Workbook" stream instead.
	encryptionInfo = []byte("E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o\x00")
)

// sniff recognises the files an .xlsx reader cannot read from their first bytes.
func sniff(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	head := make([]byte, 4096)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	switch {
	case n == 0:
		return fmt.Errorf("%w: the file is empty", ErrNotXLSX)
	case bytes.HasPrefix(head, zipMagic):
		return nil
	case bytes.HasPrefix(head, oleMagic):
		if _, err := f.Seek(0, io.SeekStart); err == nil && contains(f, encryptionInfo) {
			return fmt.Errorf("%w: it is encrypted (password-protected): remove the password in Excel and save again, or save it as CSV", ErrNotXLSX)
		}
		return fmt.Errorf("%w: it is an old binary Excel workbook (.xls, Excel 97-2003): open it in Excel or LibreOffice and save it as .xlsx or CSV", ErrNotXLSX)
	case isSpreadsheetML(head):
		return fmt.Errorf("%w: it is an Excel 2003 XML spreadsheet (the .xls some help desks export): open it in Excel or LibreOffice and save it as .xlsx or CSV", ErrNotXLSX)
	}
	hint := ""
	if strings.EqualFold(filepath.Ext(path), ".xls") || strings.EqualFold(filepath.Ext(path), ".xlsx") {
		hint = " (only the name says spreadsheet: check what the export really wrote)"
	}
	return fmt.Errorf("%w: the file does not start like one%s: save the export as .xlsx or CSV", ErrNotXLSX, hint)
}

func isSpreadsheetML(head []byte) bool {
	h := bytes.TrimPrefix(head, []byte{0xEF, 0xBB, 0xBF})
	h = bytes.TrimLeft(h, " \t\r\n")
	return bytes.HasPrefix(h, []byte("<?xml")) && bytes.Contains(head, []byte("urn:schemas-microsoft-com:office:spreadsheet"))
}

// contains searches a stream for a byte pattern without reading it whole.
func contains(r io.Reader, pat []byte) bool {
	br := bufio.NewReaderSize(r, 1<<16)
	var carry []byte
	buf := make([]byte, 1<<16)
	for {
		n, err := br.Read(buf)
		chunk := append(carry, buf[:n]...)
		if bytes.Contains(chunk, pat) {
			return true
		}
		if len(chunk) >= len(pat) {
			carry = append(carry[:0], chunk[len(chunk)-len(pat)+1:]...)
		}
		if err != nil {
			return false
		}
	}
}
