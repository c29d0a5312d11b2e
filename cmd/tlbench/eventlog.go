package main

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// The bench's real-shaped workloads are ServiceNow audit exports (the servicenow-eventlog
// profile): one row per update of an incident, every row repeating the incident's fields.
// The generated 1M file and the UCI log share that header, so one reader serves the delta
// generator and the UCI copier. Columns are found by name, never by position.

// logCols holds the indexes of the columns the bench rewrites; -1 when the file lacks one.
type logCols struct {
	number, state, active, reassign, reopen, mods, updatedBy, updatedAt int
	group, agent, resolvedBy, resolvedAt, closedAt, openedAt            int
	// times are every time column: a copied ticket moves all of them together.
	times []int
}

// columnsOf finds the columns in header; number, incident_state and sys_updated_at are
// required (without them a record is not an update of an incident).
func columnsOf(file string, header []string) (logCols, error) {
	idx := map[string]int{}
	for i, h := range header {
		idx[strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))] = i
	}
	get := func(name string) int {
		if i, ok := idx[name]; ok {
			return i
		}
		return -1
	}
	c := logCols{
		number: get("number"), state: get("incident_state"), active: get("active"),
		reassign: get("reassignment_count"), reopen: get("reopen_count"), mods: get("sys_mod_count"),
		updatedBy: get("sys_updated_by"), updatedAt: get("sys_updated_at"),
		group: get("assignment_group"), agent: get("assigned_to"), resolvedBy: get("resolved_by"),
		resolvedAt: get("resolved_at"), closedAt: get("closed_at"), openedAt: get("opened_at"),
	}
	for _, req := range []struct {
		name string
		i    int
	}{{"number", c.number}, {"incident_state", c.state}, {"sys_updated_at", c.updatedAt}} {
		if req.i < 0 {
			return c, fmt.Errorf("%s: line 1: the header has no %q column (an event-log export needs number, incident_state and sys_updated_at)", file, req.name)
		}
	}
	for _, name := range []string{"opened_at", "sys_created_at", "sys_updated_at", "resolved_at", "closed_at"} {
		if i := get(name); i >= 0 {
			c.times = append(c.times, i)
		}
	}
	return c, nil
}

// timeLayouts are the day-first layouts of ServiceNow audit exports (the UCI log writes
// "29/2/2016 01:16", padded or not) and the ISO one; the file's first time picks one, and the
// rewritten times are written back in it so a delta reads exactly like its base.
var timeLayouts = []string{"2/1/2006 15:04", "2/1/2006 15:04:05", "2006-01-02 15:04:05", "2006-01-02 15:04"}

// missing tells a value the export left empty ("?" in ServiceNow audit exports).
func missing(v string) bool {
	v = strings.TrimSpace(v)
	return v == "" || v == "?"
}

// logReader reads an event-log CSV record by record and names file, line and field in its
// errors.
type logReader struct {
	file   string
	f      *os.File
	r      *csv.Reader
	header []string
	cols   logCols
	layout string // the time layout, once a time has been seen
}

func openLog(file string) (*logReader, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	r := csv.NewReader(bufio.NewReaderSize(f, 1<<20))
	r.ReuseRecord = true
	header, err := r.Read()
	if err != nil {
		f.Close()
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s: the file is empty (no header)", file)
		}
		return nil, fmt.Errorf("%s: header: %w", file, err)
	}
	header = append([]string(nil), header...)
	r.FieldsPerRecord = len(header)
	cols, err := columnsOf(file, header)
	if err != nil {
		f.Close()
		return nil, err
	}
	return &logReader{file: file, f: f, r: r, header: header, cols: cols}, nil
}

// next returns the next record (valid until the following call) and its line, or io.EOF.
func (l *logReader) next() ([]string, int, error) {
	rec, err := l.r.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, 0, io.EOF
		}
		return nil, 0, fmt.Errorf("%s: %w", l.file, err)
	}
	line, _ := l.r.FieldPos(0)
	return rec, line, nil
}

func (l *logReader) Close() error { return l.f.Close() }

// parseTime reads field i of rec (line line) as a time; ok is false for a missing value.
func (l *logReader) parseTime(rec []string, i, line int) (t time.Time, ok bool, err error) {
	v := strings.TrimSpace(rec[i])
	if missing(v) {
		return time.Time{}, false, nil
	}
	if l.layout == "" {
		for _, lay := range timeLayouts {
			if t, err := time.Parse(lay, v); err == nil {
				l.layout = lay
				return t, true, nil
			}
		}
		return time.Time{}, false, fmt.Errorf("%s: line %d: %s: %q is not a time in any of the layouts %s", l.file, line, l.header[i], v, strings.Join(timeLayouts, ", "))
	}
	t, err = time.Parse(l.layout, v)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("%s: line %d: %s: %q is not a time like the file's others (%s)", l.file, line, l.header[i], v, l.layout)
	}
	return t, true, nil
}

// splitNumber splits an incident number into its prefix and its trailing digits
// (INC0010042 → "INC", "0010042"); ok is false when it does not end in digits.
func splitNumber(s string) (prefix, digits string, ok bool) {
	i := len(s)
	for i > 0 && s[i-1] >= '0' && s[i-1] <= '9' {
		i--
	}
	if i == len(s) || len(s)-i > 15 {
		return "", "", false
	}
	return s[:i], s[i:], true
}

// atomicCSV writes a CSV file under a temporary name and renames it into place when it is
// complete, so an interrupted run never leaves a partial file that a later run would reuse.
type atomicCSV struct {
	path string
	f    *os.File
	bw   *bufio.Writer
	*csv.Writer
}

func createCSV(path string) (*atomicCSV, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.tmp")
	if err != nil {
		return nil, err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	return &atomicCSV{path: path, f: f, bw: bw, Writer: csv.NewWriter(bw)}, nil
}

// commit flushes and renames the file into place.
func (a *atomicCSV) commit() error {
	a.Flush()
	err := a.Error()
	if err == nil {
		err = a.bw.Flush()
	}
	if cerr := a.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(a.f.Name(), a.path)
	}
	if err != nil {
		os.Remove(a.f.Name())
	}
	return err
}

// abort drops the temporary file; harmless after commit.
func (a *atomicCSV) abort() {
	a.f.Close()
	os.Remove(a.f.Name())
}
