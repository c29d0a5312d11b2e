package etl

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/parquet-go/parquet-go"

	"github.com/tierlens/tierlens/etl/profiles"
)

// input is one file after the Go pass: its identity, header, independent record count, broken
// records, and how DuckDB is to read it.
type input struct {
	format    profiles.Format
	path      string
	sha256    string
	bytes     int64
	header    []string
	records   int64
	bad       []badRecord
	scan      *csvScan     // CSV only: line numbers
	skip      int          // CSV: header lines
	jsonKey   []string     // JSONL: the key of each column
	jsonLines []int64      // JSONL: line of each record, when blank lines shift them
	job       *csvJob      // CSV: the Go pass, possibly still running
	clean     string       // the cleaned copy DuckDB reads instead of path, "" = none
	encoding  string       // the encoding the file was read in when not UTF-8
	notes     []Note       // what the Go pass fixed without rejecting anything
	xlsx      *sheetInput  // XLSX: the open sheet, then the staged rows' sheet rows
	zd        *zendeskPass // Zendesk: the Go pass whose rows this file holds
}

// readOptions say how to read a file besides its profile.
type readOptions struct {
	encoding string // declared encoding (canonical); "" = detect
	tempDir  string // where a cleaned copy goes ("" = the system's temp dir)
	sheet    string // XLSX: the sheet to read ("" = the first)
}

// inspect runs the independent Go pass over a file.
func inspect(ctx context.Context, conn *sql.Conn, path string, format profiles.Format, m *profiles.Mapping, ro readOptions) (*input, error) {
	in := &input{format: format, path: path}
	switch format {
	case profiles.CSV:
		delim, quote := byte(','), byte('"')
		if m.Delimiter != "" {
			delim = m.Delimiter[0]
		}
		if m.Quote != "" {
			quote = m.Quote[0]
		}
		in.job = startCSVScan(path, scanOptions{delim: delim, quote: quote, encoding: ro.encoding, clean: true, cleanDir: ro.tempDir})
		h, err := in.job.Header()
		if err != nil {
			in.cleanup()
			return nil, err
		}
		in.header = h
		st, err := os.Stat(path)
		if err != nil {
			in.cleanup()
			return nil, err
		}
		in.bytes = st.Size()
		// DuckDB's skip counts rows, not lines (a header with a quoted newline is one row),
		// and DuckDB passes over blank lines itself, however they end: skip the header only.
		in.skip = 1
		if err := checkHeader(in.header); err != nil {
			in.cleanup()
			return nil, err
		}
	case profiles.JSONL:
		if err := in.scanJSONL(ro); err != nil {
			return nil, err
		}
	case profiles.Parquet:
		if err := in.scanParquet(ctx, conn); err != nil {
			return nil, err
		}
	case profiles.XLSX:
		if err := in.scanXLSX(ro.sheet); err != nil {
			return in, err
		}
	default:
		return nil, fmt.Errorf("format %q is not supported", format)
	}
	return in, nil
}

// checkHeader refuses headers that cannot be a real export's: blank names everywhere.
func checkHeader(h []string) error {
	for _, v := range h {
		if strings.TrimSpace(v) != "" {
			return nil
		}
	}
	return fmt.Errorf("line 1: the header is empty: the first line must name the columns")
}

// finish waits for the Go pass over a CSV file and takes its results. Until then sha256,
// records and bad are unknown.
func (in *input) finish() error {
	if in.job == nil || in.scan != nil {
		return nil
	}
	s, err := in.job.Wait()
	if err != nil {
		return err
	}
	if s.Records == 0 {
		return fmt.Errorf("the file has a header but no records")
	}
	in.scan, in.sha256, in.records, in.bad = s, s.SHA256, s.Records, s.Bad
	in.clean, in.encoding, in.notes = s.Clean, s.Encoding, s.Notes
	return nil
}

// cleanup stops a Go pass still running (the load gave up on the file, or is done),
// removes the cleaned copy it wrote and closes a workbook.
func (in *input) cleanup() {
	if in.job != nil {
		in.job.Cancel()
		if s, _ := in.job.Wait(); s != nil && s.Clean != "" {
			os.Remove(s.Clean)
		}
	}
	if in.clean != "" {
		os.Remove(in.clean)
	}
	in.closeXLSX()
}

// dirty is closed once the Go pass knows DuckDB must read a cleaned copy (nil: never, for
// formats checked before the read).
func (in *input) dirty() <-chan struct{} {
	if in.job == nil {
		return nil
	}
	return in.job.Dirty()
}

// readPath is the file DuckDB reads: the cleaned copy once the Go pass wrote one.
func (in *input) readPath() string {
	if in.clean != "" {
		return in.clean
	}
	return in.path
}

// finished reports whether the Go pass is complete (always for JSON lines and Parquet).
func (in *input) finished() bool { return in.job == nil || in.scan != nil }

// line is the file line of the k-th record DuckDB read (0-based).
func (in *input) line(k int64) int64 {
	if in.scan != nil {
		return in.scan.line(in.scan.goodRecord(k))
	}
	if in.zd != nil {
		return in.zd.line(k)
	}
	if in.format == profiles.JSONL {
		return in.jsonLine(k)
	}
	if in.format == profiles.XLSX {
		return in.xlsxLine(k)
	}
	return k + 1 // Parquet: the row number
}

// source returns the staging SELECT for this file.
func (in *input) source(cols map[profiles.Field]int) string {
	switch in.format {
	case profiles.JSONL:
		return stageSelect(cols, "read_ndjson_objects($path, ignore_errors = $ignore) AS j", func(i int) string {
			return fmt.Sprintf("CASE WHEN list_contains($nulls, json_extract_string(j.json, $k%03d)) THEN NULL ELSE json_extract_string(j.json, $k%03d) END", i, i)
		})
	case profiles.Parquet:
		return stageSelect(cols, parquetFrom(len(in.header)), func(i int) string {
			return fmt.Sprintf("CASE WHEN list_contains($nulls, CAST(%s AS VARCHAR)) THEN NULL ELSE CAST(%s AS VARCHAR) END", colName(i), colName(i))
		})
	case profiles.XLSX:
		return stageSelect(cols, xlsxFrom(), func(i int) string {
			return fmt.Sprintf("CASE WHEN list_contains($nulls, %s) THEN NULL ELSE %s END", colName(i), colName(i))
		})
	}
	return stageSelect(cols, csvFrom(len(in.header)), colName)
}

// args are the named parameters the staging SELECT uses.
func (in *input) args(m *profiles.Mapping) []any {
	nulls := append([]string{""}, m.Missing...)
	// While the Go pass still runs, DuckDB skips what it cannot parse; the reconciliation
	// afterwards proves it skipped exactly the records the Go pass found broken.
	ignore := !in.finished() || len(in.bad) > 0
	args := []any{sql.Named("path", in.readPath()), sql.Named("nulls", nulls), sql.Named("ignore", ignore)}
	switch in.format {
	case profiles.CSV:
		delim, quote := ",", `"`
		if m.Delimiter != "" {
			delim = m.Delimiter
		}
		if m.Quote != "" {
			quote = m.Quote
		}
		args = append(args, sql.Named("skip", in.skip), sql.Named("delim", delim), sql.Named("quote", quote))
	case profiles.JSONL:
		for i, k := range in.jsonKey {
			args = append(args, sql.Named(fmt.Sprintf("k%03d", i), jsonPointer(k)))
		}
	}
	return args
}

func jsonPointer(key string) string {
	return "/" + strings.NewReplacer("~", "~0", "/", "~1").Replace(key)
}

// scanJSONL hashes the file, counts its records (non-blank lines), checks each is a JSON
// object, and collects the keys of the first 1,000 records as the header. As for CSV, NULs are
// stripped, text in another encoding converted, and when any of that happened or a line is
// malformed, DuckDB reads a cleaned copy with only the good lines.
func (in *input) scanJSONL(ro readOptions) (err error) {
	f, err := os.Open(in.path)
	if err != nil {
		return err
	}
	defer f.Close()
	hc := &hashCount{h: sha256.New()}
	r := bufio.NewReaderSize(io.TeeReader(f, hc), 1<<20)
	var bomLen int64
	rc := &recoder{mode: recodeDetect}
	switch ro.encoding {
	case encUTF8:
		rc.mode = recodeStrict
	case encCP1252, encLatin1:
		in.encoding, rc.mode = ro.encoding, recodeAll
	}
	if head, _ := r.Peek(3); bytes.Equal(head, []byte{0xEF, 0xBB, 0xBF}) {
		bomLen, rc.mode = 3, recodeStrict
		r.Discard(3)
	}
	sample, _ := r.Peek(64 << 10)
	if err := checkBinary(sample); err != nil {
		return err
	}
	var cc *cleanCopy
	defer func() {
		if err != nil {
			cc.discard()
		}
	}()
	// startClean begins the cleaned copy at stream offset at, with the lines before it.
	startClean := func(at int64) error {
		if cc != nil {
			return nil
		}
		c, err := createClean(ro.tempDir, ".jsonl")
		if err != nil {
			return err
		}
		cc = c
		g, err := os.Open(in.path)
		if err != nil {
			return err
		}
		defer g.Close()
		if _, err := g.Seek(bomLen, io.SeekStart); err != nil {
			return err
		}
		_, err = io.CopyN(cc.w, g, at)
		return err
	}
	if bomLen > 0 {
		if err := startClean(0); err != nil {
			return err
		}
	}
	keys := map[string]bool{}
	var line, pos int64
	var lines []int64 // line of each record, kept only when blank lines shift them
	shifted := false
	for {
		b, rerr := r.ReadBytes('\n')
		if rerr != nil && rerr != io.EOF {
			return rerr
		}
		at := pos
		pos += int64(len(b))
		if len(b) > 0 {
			line++
			out, changed, why := rc.recode(b, line)
			t := bytes.TrimSpace(out)
			if len(t) == 0 {
				if changed {
					if err := startClean(at); err != nil {
						return err
					}
				}
			} else {
				rec := in.records
				in.records++
				if line != rec+1 && !shifted {
					shifted = true
					for i := int64(0); i < rec; i++ {
						lines = append(lines, i+1)
					}
				}
				if shifted {
					lines = append(lines, line)
				}
				if why == "" {
					var obj map[string]json.RawMessage
					if jerr := json.Unmarshal(t, &obj); jerr != nil {
						why = "not a JSON object: " + jerr.Error()
					} else if rec < 1000 {
						for k := range obj {
							keys[k] = true
						}
					}
				}
				if why != "" {
					in.bad = append(in.bad, badRecord{Record: rec, Line: line, Reason: why})
				}
				if why != "" || changed {
					if err := startClean(at); err != nil {
						return err
					}
				}
				if cc != nil && why == "" {
					if !bytes.HasSuffix(out, []byte("\n")) {
						out = append(out, '\n')
					}
					if err := cc.write(out); err != nil {
						return fmt.Errorf("write a cleaned copy of the file: %w", err)
					}
				}
			}
		}
		if rerr == io.EOF {
			break
		}
	}
	if in.records == 0 {
		return fmt.Errorf("the file is empty: expected one JSON object per line")
	}
	if cc != nil {
		if err := cc.close(); err != nil {
			cc = nil
			return err
		}
		in.clean = cc.path
	}
	in.bytes = hc.n
	in.sha256 = hex.EncodeToString(hc.h.Sum(nil))
	sc := &csvScan{Encoding: in.encoding}
	in.notes = rc.notes(sc)
	in.encoding = sc.Encoding
	for k := range keys {
		in.jsonKey = append(in.jsonKey, k)
	}
	sort.Strings(in.jsonKey)
	in.header = in.jsonKey
	in.jsonLines = lines
	return nil
}

func (in *input) jsonLine(k int64) int64 {
	rec := k
	for _, b := range in.bad {
		if b.Record <= rec {
			rec++
		}
	}
	if in.jsonLines != nil && rec < int64(len(in.jsonLines)) {
		return in.jsonLines[rec]
	}
	return rec + 1
}

// scanParquet hashes the file and counts rows from its footer with parquet-go, independently
// of DuckDB; the header is the file's column names.
func (in *input) scanParquet(ctx context.Context, conn *sql.Conn) error {
	sum, n, err := hashFile(in.path)
	if err != nil {
		return err
	}
	in.sha256, in.bytes = sum, n
	f, err := os.Open(in.path)
	if err != nil {
		return err
	}
	defer f.Close()
	pf, err := parquet.OpenFile(f, n)
	if err != nil {
		return fmt.Errorf("not a Parquet file: %v", err)
	}
	in.records = pf.NumRows()
	for _, field := range pf.Schema().Fields() {
		in.header = append(in.header, field.Name())
	}
	if in.records == 0 {
		return fmt.Errorf("the Parquet file has no rows")
	}
	return nil
}
