package etl

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"strings"
	"sync/atomic"
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
	// Encoding is the encoding the file was read in when it was not UTF-8 ("" = UTF-8).
	Encoding string
	// Notes say what the Go pass fixed without rejecting anything.
	Notes []Note
	// NeedsClean says DuckDB must not read the file itself: it has broken records, NULs or
	// text in another encoding. Clean is then the cleaned copy (when one was asked for).
	NeedsClean bool
	Clean      string
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

// scanCSV reads the file once: hash, header, record count and structure, detecting the
// encoding. It fails only for files that cannot be a CSV export at all (empty, binary, no
// header); broken records are returned in Bad for the caller to quarantine. It writes no
// cleaned copy (NeedsClean says whether one would be needed).
func scanCSV(path string, delim, quote byte) (*csvScan, error) {
	return scanCSVWith(path, scanOptions{delim: delim, quote: quote}, nil, nil)
}

// scanOptions say how the Go pass reads a CSV file.
type scanOptions struct {
	delim, quote byte
	encoding     string // declared encoding (ParseEncoding); "" = detect
	clean        bool   // write a cleaned copy when the file needs one
	cleanDir     string // where ("" = the system's temp dir)
	onDirty      func() // called once, when the file is found to need a cleaned copy
}

// csvJob is a Go pass running beside DuckDB's read of the same file: the header is known
// early (the staging SELECT needs it), the count and the hash at the end.
type csvJob struct {
	hdr    chan struct{} // closed once header (or err) is set
	done   chan struct{} // closed once res (or err) is set
	dirty  chan struct{} // closed once the file is known to need a cleaned copy
	header []string
	res    *csvScan
	err    error
	stop   atomic.Bool // set by Cancel: the caller gave up on the file
}

// errStopped is the scan's error after Cancel.
var errStopped = errors.New("scan stopped")

// Cancel stops a scan whose result nobody will read.
func (j *csvJob) Cancel() { j.stop.Store(true) }

// startCSVScan runs scanCSVWith in the background.
func startCSVScan(path string, o scanOptions) *csvJob {
	j := &csvJob{hdr: make(chan struct{}), done: make(chan struct{}), dirty: make(chan struct{})}
	o.onDirty = func() { close(j.dirty) }
	go func() {
		var once bool
		res, err := scanCSVWith(path, o, func(h []string) {
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

// Dirty is closed as soon as the pass knows DuckDB must read a cleaned copy: a read of the
// file itself can stop there.
func (j *csvJob) Dirty() <-chan struct{} { return j.dirty }

// Wait waits for the whole pass.
func (j *csvJob) Wait() (*csvScan, error) {
	<-j.done
	return j.res, j.err
}

// hashCount hashes what goes through it and counts the bytes.
type hashCount struct {
	h hash.Hash
	n int64
}

func (c *hashCount) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return c.h.Write(p)
}

// recoder turns the raw bytes of a record into what DuckDB is to read: NULs stripped, text
// converted to UTF-8. It keeps what it did for the notes.
type recoder struct {
	mode     int // recodeDetect, recodeStrict, recodeAll
	out      []byte
	nulLines []int64
	nulBytes int64
	rel      []int
	decoded  int64 // records read as Windows-1252
	firstDec int64
	utf8Text bool // some record had non-ASCII UTF-8 text
}

const (
	recodeDetect = iota // UTF-8, and a record that is not is read as Windows-1252
	recodeStrict        // UTF-8 only: a record that is not is rejected
	recodeAll           // Windows-1252 (or Latin-1) declared: every record is converted
)

// recode returns the record as DuckDB is to read it (b itself when nothing changes, else a
// buffer reused by the next call), whether it changed, and a reject reason when it cannot be
// read. line is the file line of the record's start.
func (c *recoder) recode(b []byte, line int64) ([]byte, bool, string) {
	changed := false
	if bytes.IndexByte(b, 0) >= 0 {
		n := len(b)
		c.rel = c.rel[:0]
		b, c.rel = stripNUL(b, c.rel)
		c.nulBytes += int64(n - len(b))
		for _, r := range c.rel {
			c.nulLines = append(c.nulLines, line+int64(r))
		}
		changed = true
	}
	switch {
	case isASCII(b):
	case c.mode == recodeAll:
		c.out = decodeCP1252(c.out[:0], b)
		return c.out, true, ""
	case utf8.Valid(b):
		c.utf8Text = true
	case c.mode == recodeStrict:
		return b, changed, "not UTF-8 text: save the export as UTF-8 CSV, or declare its encoding (encoding: windows-1252 in a mapping, or --encoding)"
	default:
		if c.decoded == 0 {
			c.firstDec = line
		}
		c.decoded++
		c.out = decodeCP1252(c.out[:0], b)
		return c.out, true, ""
	}
	return b, changed, ""
}

func scanCSVWith(path string, o scanOptions, onHeader func([]string), stop *atomic.Bool) (res *csvScan, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	hc := &hashCount{h: sha256.New()}
	raw := bufio.NewReaderSize(io.TeeReader(f, hc), 1<<20)
	s := &csvScan{}

	head, _ := raw.Peek(4)
	if len(head) == 0 {
		return nil, fmt.Errorf("the file is empty: expected a header line and records")
	}
	// A byte order mark says what the file is, whatever was declared for it.
	enc := o.encoding
	var bomLen int64
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		s.BOM, bomLen, enc = true, 3, encUTF8
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		bomLen, enc = 2, encUTF16LE
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		bomLen, enc = 2, encUTF16BE
	}
	raw.Discard(int(bomLen))
	sample, _ := raw.Peek(64 << 10)
	if enc == "" {
		enc = sniffUTF16(sample)
	}
	src := raw
	rc := &recoder{mode: recodeDetect}
	switch enc {
	case encUTF16LE, encUTF16BE:
		src = bufio.NewReaderSize(newUTF16Reader(raw, enc == encUTF16BE), 1<<20)
		s.Encoding, rc.mode = enc, recodeStrict
	default:
		if err := checkBinary(sample); err != nil {
			return nil, err
		}
		switch enc {
		case encUTF8:
			rc.mode = recodeStrict
		case encCP1252, encLatin1:
			s.Encoding, rc.mode = enc, recodeAll
		}
	}

	var cc *cleanCopy
	defer func() {
		if err != nil {
			cc.discard()
		}
	}()
	st := &splitter{delim: o.delim, quote: o.quote}
	lr := &lineReader{r: src}
	// The header is one record; parse it with encoding/csv for exact quoting rules.
	hdrBytes, hdrLines, err := st.nextRecord(lr)
	if err != nil && err != io.EOF {
		return nil, err
	}
	if isBlank(hdrBytes) && err == io.EOF {
		return nil, fmt.Errorf("the file is empty: expected a header line and records")
	}
	switch {
	case st.junk && !st.unterminated:
		return nil, junkError(1)
	case st.unterminated:
		return nil, fmt.Errorf("line 1: the header has a quoted field that is never closed: close its quote, then load the file again")
	case st.tooLong || len(hdrBytes) > maxRecordBytes:
		return nil, fmt.Errorf("line 1: the header is longer than %s: is this a CSV export?", mib(maxRecordBytes))
	}
	if bytes.HasSuffix(hdrBytes, []byte("\r\n")) {
		s.CRLF = true
	}
	// DuckDB refuses a file whose records end in both CRLF and LF: the cleaned copy ends
	// every record as the header does.
	hdrEnd := []byte("\n")
	if s.CRLF {
		hdrEnd = []byte("\r\n")
	}
	dataStart := lr.pos
	hdrOut, hdrChanged, why := rc.recode(hdrBytes, 1)
	hdrChanged = hdrChanged || lr.bareCR > 0
	if why != "" {
		return nil, fmt.Errorf("line 1: the header is not UTF-8 text: save the export as UTF-8 CSV, or declare its encoding (encoding: windows-1252 in a mapping, or --encoding)")
	}
	hdrOut = append([]byte(nil), hdrOut...)
	cr := csv.NewReader(bytes.NewReader(hdrOut))
	cr.Comma = rune(o.delim)
	cr.LazyQuotes = true
	hdr, perr := cr.Read()
	if perr != nil {
		return nil, fmt.Errorf("line 1: cannot read the header: %v", perr)
	}
	s.Header = hdr
	if onHeader != nil {
		onHeader(hdr)
	}
	width := len(hdr)

	// startClean begins the cleaned copy at the record starting at stream offset at: the
	// header, then the records before it, which needed nothing, byte for byte.
	startClean := func(at int64) error {
		if !s.NeedsClean && o.onDirty != nil {
			o.onDirty()
		}
		s.NeedsClean = true
		if !o.clean || cc != nil {
			return nil
		}
		c, err := createClean(o.cleanDir, ".csv")
		if err != nil {
			return err
		}
		cc = c
		if err := cc.write(hdrOut); err != nil {
			return err
		}
		if at > dataStart {
			g, err := os.Open(path)
			if err != nil {
				return err
			}
			defer g.Close()
			if _, err := g.Seek(bomLen+dataStart, io.SeekStart); err != nil {
				return err
			}
			if _, err := io.CopyN(cc.w, g, at-dataStart); err != nil {
				return err
			}
		}
		return nil
	}
	if hdrChanged || s.Encoding == encUTF16LE || s.Encoding == encUTF16BE {
		if err := startClean(dataStart); err != nil {
			return nil, err
		}
	}

	line := int64(1 + hdrLines)
	for rec := int64(0); ; rec++ {
		if rec&0xFFFF == 0 && stop != nil && stop.Load() {
			return nil, errStopped
		}
		at, bare := lr.pos, lr.bareCR
		b, lines, err := st.nextRecord(lr)
		if err != nil && err != io.EOF {
			return nil, err
		}
		if len(b) == 0 && err == io.EOF {
			break
		}
		out, changed, why := rc.recode(b, line)
		changed = changed || lr.bareCR != bare
		if end := lineEnd(out); len(end) > 0 && !bytes.Equal(end, hdrEnd) {
			out = append(out[:len(out)-len(end)], hdrEnd...)
			changed = true
		}
		if isBlank(out) && (width > 1 || len(lineEnd(out)) == 0) && !st.unterminated && !st.tooLong {
			// A blank line is not a record: DuckDB skips it too, unless the file has one
			// column, where a blank line (not the end of the file) is an empty value.
			if changed {
				if err := startClean(at); err != nil {
					return nil, err
				}
			}
			line += int64(lines)
			rec--
			if err == io.EOF {
				break
			}
			continue
		}
		if line != rec+2 {
			if n := len(s.drift); n == 0 || s.drift[n-1].line-s.drift[n-1].record != line-rec {
				s.drift = append(s.drift, recordLine{rec, line})
			}
		}
		if st.junk && !st.unterminated && !st.tooLong {
			return nil, junkError(line)
		}
		switch {
		case st.unterminated:
			open := line + int64(st.openLine)
			why = fmt.Sprintf("unterminated quoted field: the %c opened on line %d is not closed %s", o.quote, open, st.runaway)
		case st.tooLong || int64(len(bytes.TrimSuffix(b, []byte("\n")))) > maxRecordBytes:
			why = fmt.Sprintf("the record on line %d is longer than %s, the most a record may have (is a field missing its closing quote?)", line, mib(maxRecordBytes))
		case why != "":
			// not UTF-8 in a file declared UTF-8
		case st.fields > width && emptyExtra(out, o.delim, o.quote, width):
			// "a,b,c,," for a 3-column header: DuckDB reads it as a,b,c, so it is no broken record.
		case st.fields != width:
			why = fmt.Sprintf("has %d fields but the header has %d (check the delimiter and quoting)", st.fields, width)
		}
		if why != "" {
			s.Bad = append(s.Bad, badRecord{rec, line, why})
		}
		if why != "" || changed {
			if err := startClean(at); err != nil {
				return nil, err
			}
		}
		if cc != nil && why == "" {
			if err := cc.write(out); err != nil {
				return nil, fmt.Errorf("write a cleaned copy of the file: %w", err)
			}
		}
		s.Records++
		line += int64(lines)
		if err == io.EOF {
			break
		}
	}
	if _, err := io.Copy(io.Discard, raw); err != nil {
		return nil, err
	}
	if cc != nil {
		if err := cc.close(); err != nil {
			cc = nil
			return nil, err
		}
		s.Clean = cc.path
	}
	s.SHA256 = hex.EncodeToString(hc.h.Sum(nil))
	s.Bytes = hc.n
	s.Notes = rc.notes(s)
	return s, nil
}

// notes describe what recoding did to the file.
func (c *recoder) notes(s *csvScan) []Note {
	var out []Note
	switch {
	case s.Encoding == encUTF16LE || s.Encoding == encUTF16BE:
		out = append(out, Note{Finding: NoteEncoding, Detail: fmt.Sprintf("read as %s and converted to UTF-8", strings.ToUpper(s.Encoding))})
	case s.Encoding != "":
		out = append(out, Note{Finding: NoteEncoding, Detail: fmt.Sprintf("read as %s (declared) and converted to UTF-8", s.Encoding)})
	case c.decoded > 0:
		s.Encoding = encCP1252
		d := plural(c.decoded, "record is", "records are") + " not UTF-8: read as Windows-1252 and converted to UTF-8"
		if c.utf8Text {
			d += " (other records are UTF-8: the file mixes encodings, check the converted text)"
		}
		out = append(out, Note{Finding: NoteEncoding, Line: c.firstDec, Detail: d})
	}
	switch n := len(c.nulLines); {
	case n == 1:
		out = append(out, Note{Finding: NoteNUL, Line: c.nulLines[0], Detail: fmt.Sprintf("stripped %s on line %d", plural(c.nulBytes, "NUL byte", "NUL bytes"), c.nulLines[0])})
	case n > 1:
		out = append(out, Note{Finding: NoteNUL, Line: c.nulLines[0], Detail: fmt.Sprintf("stripped %s on %d lines: %s", plural(c.nulBytes, "NUL byte", "NUL bytes"), n, lineList(c.nulLines, 20))})
	}
	return out
}

// plural renders "1 record is" or "3 records are".
func plural(n int64, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// lineEnd returns the line end of a record: CRLF, LF, or none at the end of the file.
func lineEnd(b []byte) []byte {
	switch {
	case bytes.HasSuffix(b, []byte("\r\n")):
		return b[len(b)-2:]
	case bytes.HasSuffix(b, []byte("\n")):
		return b[len(b)-1:]
	}
	return nil
}

// mib renders a size limit for messages ("16 MiB").
func mib(n int) string { return fmt.Sprintf("%d MiB", n>>20) }

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

// Limits of one CSV record. maxRecordBytes is the longest record the Go pass lets DuckDB read
// (csvFrom gives DuckDB a little more, so that DuckDB's own count, which takes line ends and
// the end of the file a byte or two differently, never drops a record the Go pass kept); a
// longer one is a reject. A quoted field still open after maxQuotedLines physical lines or
// maxQuotedBytes bytes is taken for a quote that is never closed: real multi-line text is far
// shorter, and reading on would swallow the rest of the file into one record.
const (
	maxRecordBytes = 16 << 20
	maxQuotedLines = 1000
	maxQuotedBytes = 2 * maxRecordBytes
)

// lineReader hands out physical lines (or pieces of longer ones), from bytes pushed back first.
// A line ends with LF; a CR not followed by LF (classic Mac line ends) ends one too, as in
// DuckDB's reader: it is turned into LF, and counted so that the file gets a cleaned copy.
type lineReader struct {
	r       *bufio.Reader
	pending []byte // pushed back, or a piece with bare CRs: read before r
	own     []byte // buffer reused for pieces with bare CRs
	pos     int64  // stream offset of the next byte handed out
	bareCR  int64  // bare CRs read as line ends so far
}

// errPartial marks a piece of a line that goes on in the next piece.
var errPartial = errors.New("partial line")

func (lr *lineReader) readSlice() ([]byte, error) {
	if len(lr.pending) == 0 {
		b, err := lr.r.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			err = errPartial
		}
		if i := bytes.IndexByte(b, '\r'); i < 0 || (i == len(b)-2 && b[i+1] == '\n') || lr.crlfAtEnd(b, i) {
			lr.pos += int64(len(b))
			return b, err
		}
		lr.own = append(lr.own[:0], b...)
		lr.pending = lr.own
	}
	p := lr.pending
	for i := 0; i < len(p); i++ {
		switch p[i] {
		case '\n':
		case '\r':
			if i+1 < len(p) && p[i+1] == '\n' {
				continue
			}
			if i+1 == len(p) {
				if next, _ := lr.r.Peek(1); len(next) == 1 && next[0] == '\n' {
					continue
				}
			}
			p[i] = '\n'
			lr.bareCR++
		default:
			continue
		}
		lr.pending = p[i+1:]
		lr.pos += int64(i + 1)
		return p[:i+1], nil
	}
	lr.pending = nil
	lr.pos += int64(len(p))
	return p, errPartial
}

// crlfAtEnd reports whether the only CR of a piece, at i, is its last byte and the next piece
// starts with the LF that makes it a CRLF.
func (lr *lineReader) crlfAtEnd(b []byte, i int) bool {
	if i != len(b)-1 {
		return false
	}
	next, _ := lr.r.Peek(1)
	return len(next) == 1 && next[0] == '\n'
}

// unread pushes b back: the next reads return it again.
func (lr *lineReader) unread(b []byte) {
	lr.pending = append(append([]byte(nil), b...), lr.pending...)
	lr.pos -= int64(len(b))
}

// splitter cuts a stream into CSV records, fast: a line without quotes is counted with
// bytes.Count; only lines with quotes walk byte by byte.
type splitter struct {
	delim, quote byte
	fields       int
	unterminated bool   // a quoted field ran away (see maxQuotedLines): the record ends after the line it opened on
	runaway      string // how it ran away, for the reject
	junkLine     int    // line of the record where junk followed a closing quote
	junkSpan     bool   // that quoted field had opened on an earlier line
	tooLong      bool   // the record is longer than maxQuotedBytes (its rest was skipped)
	openLine     int    // line of the record (0-based) where the open quoted field started
	curLine      int    // line of the record being walked
	fieldStart   bool   // the next byte starts a field
	justClosed   bool   // the previous byte closed a quoted field (a quote now is an escaped one)
	spaced       bool   // one space came at the start of the field (DuckDB still lets a quote open it)
	afterClose   bool   // a quoted field closed: only spaces may come before the delimiter
	junk         bool   // text came after a closing quote: DuckDB stops reading the file there
	dropping     bool   // skipping the rest of an over-long line
	ends         []int  // offset in buf after each complete line of the record
	buf          []byte
}

// nextRecord returns the raw bytes of the next record, how many lines it spans, and io.EOF
// with the last record. A quoted field that runs away ends the record after the line where it
// opened; the lines after it are read again as records.
func (s *splitter) nextRecord(lr *lineReader) ([]byte, int, error) {
	s.buf, s.ends = s.buf[:0], s.ends[:0]
	s.fields = 1
	s.unterminated, s.tooLong, s.dropping, s.runaway, s.junkSpan = false, false, false, "", false
	s.fieldStart, s.justClosed, s.spaced, s.afterClose, s.junk = true, false, false, false, false
	s.openLine = 0
	inQuote := false
	lines, mid := 0, false
	for {
		chunk, err := lr.readSlice()
		if err != nil && err != errPartial && err != io.EOF {
			return s.buf, lines, err
		}
		eof := err == io.EOF
		full := len(chunk) > 0 && chunk[len(chunk)-1] == '\n'
		if !s.dropping {
			s.curLine = lines
			s.buf = append(s.buf, chunk...)
			s.count(chunk, &inQuote)
		}
		switch {
		case full:
			lines, mid = lines+1, false
			s.ends = append(s.ends, len(s.buf))
		case len(chunk) > 0:
			mid = true
		}
		if eof && mid {
			lines++ // the last line, without a line end
		}
		var end error
		if eof {
			end = io.EOF
		}
		if s.dropping {
			if full || eof {
				return s.buf, lines, end
			}
			continue
		}
		if s.junk && s.junkSpan {
			// A quote closed a field lines after it opened, and text follows it: the field
			// was never closed where it should have been, a later field's quote closed it.
			s.runaway = fmt.Sprintf("on its line (the quote that closes it %d lines later is followed by text)", s.junkLine-s.openLine)
			inQuote = true
		}
		if !inQuote {
			if full || eof {
				return s.buf, lines, end
			}
			if len(s.buf) > maxQuotedBytes {
				// One enormous line: a reject in any case, its rest is not kept.
				s.tooLong, s.dropping = true, true
			}
			continue
		}
		switch {
		case s.runaway != "":
		case eof:
			s.runaway = "before the end of the file"
		case lines-s.openLine > maxQuotedLines:
			s.runaway = fmt.Sprintf("within %d lines", maxQuotedLines)
		case len(s.buf) > maxQuotedBytes:
			s.runaway = "within " + mib(maxQuotedBytes)
		default:
			continue
		}
		s.unterminated = true
		if s.openLine < len(s.ends) {
			// Cut after the line where the quote opened and read the rest again.
			cut := s.ends[s.openLine]
			lr.unread(s.buf[cut:])
			s.buf = s.buf[:cut]
			return s.buf, s.openLine + 1, nil
		}
		// The quote opened on the line still being read: the record ends with that line.
		if full || eof {
			return s.buf, lines, end
		}
		s.dropping = true
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
// field; inside one, a doubled quote is a quote; elsewhere a quote is just a character. A NUL
// byte is skipped: the Go pass strips them before DuckDB reads the record.
func (s *splitter) step(c byte, inQuote *bool) {
	switch {
	case c == 0:
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
		if c != ' ' && c != '\r' && c != '\n' && !s.junk {
			s.junk, s.junkLine, s.junkSpan = true, s.curLine, s.curLine > s.openLine
		}
	case c == s.quote && s.fieldStart:
		*inQuote, s.fieldStart, s.spaced = true, false, false
		s.openLine = s.curLine
	case c == ' ' && s.fieldStart && !s.spaced:
		// DuckDB reads `a, "b,c"` as two fields: one space may precede the opening quote.
		s.spaced = true
	default:
		s.fieldStart, s.justClosed, s.spaced = false, false, false
	}
}
