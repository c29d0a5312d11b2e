package etl

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"sync/atomic"

	"io"
	"os"
	"unicode/utf8"
)

// csvScan is what one pass of Go over a CSV file learns, independently of DuckDB: the header,
// the number of records (the reconciliation count), structurally broken records with their
// lines, and where records start on other lines than their number suggests (quoted newlines).
type csvScan struct {
	SHA256  string
	Bytes   int64
	Header  []string
	BOM     bool
	CRLF    bool
	Records int64 // data records, header excluded
	Bad     []badRecord
	// drift lists (record, line) for records that do not start on line record+2; records in
	// between start on the line of the previous checkpoint plus the records since.
	drift []recordLine
}

type badRecord struct {
	Record int64 // 0-based data record
	Line   int64
	Reason string
}

type recordLine struct{ record, line int64 }

// line returns the 1-based file line where data record r (0-based) starts.
func (s *csvScan) line(r int64) int64 {
	base, line := int64(0), int64(2)
	for _, d := range s.drift {
		if d.record > r {
			break
		}
		base, line = d.record, d.line
	}
	return line + (r - base)
}

// goodRecord maps the k-th record DuckDB returned (0-based; DuckDB skips the bad ones) to its
// data record number.
func (s *csvScan) goodRecord(k int64) int64 {
	r := k
	for _, b := range s.Bad {
		if b.Record <= r {
			r++
		} else {
			break
		}
	}
	return r
}

// hashFile computes the sha256 and size of a file in one read.
func hashFile(path string) (string, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// scanCSV reads the file once: hash, header, record count and structure. It fails only for
// files that cannot be a CSV export at all (empty, binary, no header); broken records are
// returned in Bad for the caller to quarantine.
func scanCSV(path string, delim, quote byte) (*csvScan, error) {
	return scanCSVWith(path, delim, quote, nil, nil)
}

// csvJob is a Go pass running beside DuckDB's read of the same file: the header is known
// early (the staging SELECT needs it), the count and the hash at the end.
type csvJob struct {
	hdr    chan struct{} // closed once header (or err) is set
	done   chan struct{} // closed once res (or err) is set
	header []string
	res    *csvScan
	err    error
	stop   atomic.Bool // set by Cancel: the caller gave up on the file
}

// errStopped is the scan's error after Cancel.
var errStopped = errors.New("scan stopped")

// Cancel stops a scan whose result nobody will read.
func (j *csvJob) Cancel() { j.stop.Store(true) }

// startCSVScan runs scanCSV in the background.
func startCSVScan(path string, delim, quote byte) *csvJob {
	j := &csvJob{hdr: make(chan struct{}), done: make(chan struct{})}
	go func() {
		var once bool
		res, err := scanCSVWith(path, delim, quote, func(h []string) {
			j.header, once = h, true
			close(j.hdr)
		}, &j.stop)
		j.res, j.err = res, err
		if !once {
			close(j.hdr)
		}
		close(j.done)
	}()
	return j
}

// Header waits for the header; an error here means the file is no CSV export at all.
func (j *csvJob) Header() ([]string, error) {
	<-j.hdr
	if j.header == nil {
		<-j.done
		return nil, j.err
	}
	return j.header, nil
}

// Wait waits for the whole pass.
func (j *csvJob) Wait() (*csvScan, error) {
	<-j.done
	return j.res, j.err
}

func scanCSVWith(path string, delim, quote byte, onHeader func([]string), stop *atomic.Bool) (*csvScan, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	h := sha256.New()
	r := bufio.NewReaderSize(io.TeeReader(f, h), 1<<20)
	s := &csvScan{}

	head, err := r.Peek(3)
	if len(head) == 0 && err != nil {
		return nil, fmt.Errorf("the file is empty: expected a header line and records")
	}
	if bytes.Equal(head, []byte{0xEF, 0xBB, 0xBF}) {
		s.BOM = true
		r.Discard(3)
	}
	if err := checkText(r); err != nil {
		return nil, err
	}

	st := &splitter{delim: delim, quote: quote}
	// The header is one record; parse it with encoding/csv for exact quoting rules.
	hdrBytes, hdrLines, err := st.nextRecord(r)
	if err != nil && len(hdrBytes) == 0 {
		return nil, fmt.Errorf("the file is empty: expected a header line and records")
	}
	if st.junk {
		return nil, junkError(1)
	}
	if bytes.HasSuffix(hdrBytes, []byte("\r\n")) {
		s.CRLF = true
	}
	cr := csv.NewReader(bytes.NewReader(hdrBytes))
	cr.Comma = rune(delim)
	cr.LazyQuotes = true
	hdr, perr := cr.Read()
	if perr != nil {
		return nil, fmt.Errorf("line 1: cannot read the header: %v", perr)
	}
	if !utf8.Valid(hdrBytes) {
		return nil, fmt.Errorf("line 1: the header is not UTF-8 text: save the export as UTF-8 CSV")
	}
	s.Header = hdr
	if onHeader != nil {
		onHeader(hdr)
	}
	width := len(hdr)

	line := int64(1 + hdrLines)
	for rec := int64(0); ; rec++ {
		if rec&0xFFFF == 0 && stop != nil && stop.Load() {
			return nil, errStopped
		}
		b, lines, err := st.nextRecord(r)
		if len(b) == 0 && err != nil {
			if err != io.EOF {
				return nil, err
			}
			break
		}
		if isBlank(b) {
			// A trailing blank line is not a record (DuckDB skips it too).
			line += int64(lines)
			rec--
			continue
		}
		if line != rec+2 {
			if n := len(s.drift); n == 0 || s.drift[n-1].line-s.drift[n-1].record != line-rec {
				s.drift = append(s.drift, recordLine{rec, line})
			}
		}
		if st.junk {
			return nil, junkError(line)
		}
		switch {
		case st.unterminated:
			s.Bad = append(s.Bad, badRecord{rec, line, "unterminated quoted field: a \" opens here and is never closed"})
		case !utf8.Valid(b):
			// DuckDB skips such a record too; a legacy-encoded export has many of them.
			s.Bad = append(s.Bad, badRecord{rec, line, "not UTF-8 text: save the export as UTF-8 CSV"})
		case st.fields > width && emptyExtra(b, delim, quote, width):
			// "a,b,c,," for a 3-column header: DuckDB reads it as a,b,c, so it is no broken record.
		case st.fields != width:
			s.Bad = append(s.Bad, badRecord{rec, line, fmt.Sprintf("has %d fields but the header has %d (check the delimiter and quoting)", st.fields, width)})
		}
		s.Records++
		line += int64(lines)
		if err == io.EOF {
			break
		}
	}
	if _, err := io.Copy(io.Discard, r); err != nil {
		return nil, err
	}
	s.SHA256 = hex.EncodeToString(h.Sum(nil))
	s.Bytes = st.bytes + boolInt(s.BOM)*3
	return s, nil
}

// junkError refuses a file with text after a closing quote ("a"b): DuckDB's reader gives up
// on the rest of the file there, so no record after it could be loaded.
func junkError(line int64) error {
	return fmt.Errorf("line %d: text after the closing quote of a field: quote the whole field (\"say \"\"hi\"\" there\") or none of it, then load the file again", line)
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func isBlank(b []byte) bool {
	return len(bytes.TrimRight(b, "\r\n")) == 0
}

// emptyExtra reports whether every field of a raw record after the first width is empty (no
// text, or "" quoted), which DuckDB's reader accepts as a record of width fields.
func emptyExtra(b []byte, delim, quote byte, width int) bool {
	b = bytes.TrimRight(b, "\r\n")
	sp := splitter{delim: delim, quote: quote, fields: 1, fieldStart: true}
	inQuote := false
	for i, c := range b {
		sp.step(c, &inQuote)
		if sp.fields > width {
			// c is the delimiter that opens field width+1.
			for _, f := range bytes.Split(b[i+1:], []byte{delim}) {
				if len(f) != 0 && !(len(f) == 2 && f[0] == quote && f[1] == quote) {
					return false
				}
			}
			return true
		}
	}
	return false
}

// checkText refuses binary files up front: a NUL byte in the first 64 KiB never occurs in a
// text export but always does in spreadsheets, archives and images.
func checkText(r *bufio.Reader) error {
	b, _ := r.Peek(64 << 10)
	if bytes.IndexByte(b, 0) >= 0 {
		hint := ""
		if bytes.HasPrefix(b, []byte("PK\x03\x04")) {
			hint = " (it looks like a zip or XLSX file: export as CSV)"
		}
		return fmt.Errorf("not a text file: it contains binary data%s", hint)
	}
	return nil
}

// splitter cuts a stream into CSV records, fast: a line without quotes is counted with
// bytes.Count; only lines with quotes walk byte by byte.
type splitter struct {
	delim, quote byte
	bytes        int64
	fields       int
	unterminated bool
	fieldStart   bool // the next byte starts a field
	justClosed   bool // the previous byte closed a quoted field (a quote now is an escaped one)
	spaced       bool // one space came at the start of the field (DuckDB still lets a quote open it)
	afterClose   bool // a quoted field closed: only spaces may come before the delimiter
	junk         bool // text came after a closing quote: DuckDB stops reading the file there
	buf          []byte
}

// nextRecord returns the raw bytes of the next record, how many lines it spans, and io.EOF
// with the last record.
func (s *splitter) nextRecord(r *bufio.Reader) ([]byte, int, error) {
	s.buf = s.buf[:0]
	s.fields = 1
	s.unterminated = false
	s.fieldStart, s.justClosed, s.spaced, s.afterClose, s.junk = true, false, false, false, false
	inQuote := false
	lines := 0
	for {
		chunk, err := r.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			// A very long line: keep reading until its end.
			s.buf = append(s.buf, chunk...)
			s.bytes += int64(len(chunk))
			s.count(chunk, &inQuote)
			continue
		}
		s.bytes += int64(len(chunk))
		if len(chunk) > 0 {
			s.buf = append(s.buf, chunk...)
			s.count(chunk, &inQuote)
			lines++
		}
		if err != nil {
			if inQuote {
				s.unterminated = true
			}
			return s.buf, lines, err
		}
		if !inQuote {
			return s.buf, lines, nil
		}
	}
}

func (s *splitter) count(b []byte, inQuote *bool) {
	// The fast path ends a record (a whole line outside quotes), so the field state it skips
	// is not needed after it; a piece of a longer line walks byte by byte.
	if !*inQuote && len(b) > 0 && b[len(b)-1] == '\n' && bytes.IndexByte(b, s.quote) < 0 {
		s.fields += bytes.Count(b, []byte{s.delim})
		return
	}
	for _, c := range b {
		s.step(c, inQuote)
	}
}

// step reads one byte as DuckDB does: a quote opens a quoted field only at the start of a
// field; inside one, a doubled quote is a quote; elsewhere a quote is just a character.
func (s *splitter) step(c byte, inQuote *bool) {
	switch {
	case *inQuote:
		if c == s.quote {
			*inQuote, s.justClosed, s.afterClose = false, true, true
		}
	case c == s.quote && s.justClosed:
		*inQuote, s.justClosed, s.afterClose = true, false, false
	case c == s.delim:
		s.fields++
		s.fieldStart, s.justClosed, s.spaced, s.afterClose = true, false, false, false
	case s.afterClose:
		s.justClosed = false
		if c != ' ' && c != '\r' && c != '\n' {
			s.junk = true
		}
	case c == s.quote && s.fieldStart:
		*inQuote, s.fieldStart, s.spaced = true, false, false
	case c == ' ' && s.fieldStart && !s.spaced:
		// DuckDB reads `a, "b,c"` as two fields: one space may precede the opening quote.
		s.spaced = true
	default:
		s.fieldStart, s.justClosed, s.spaced = false, false, false
	}
}
