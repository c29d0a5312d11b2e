package etl

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/tierlens/tierlens/etl/profiles"
)

// The zendesk profile reads JSON documents, not rows: a Go pass (this file) reads the tickets
// export and the audits and metrics named in the same load with encoding/json, checks every
// ticket, and writes canonical rows as JSON lines into a temp file that the JSON lines path
// then loads with profiles.Zendesk. Counts and reject lines refer to the original tickets file.

// zdKind is what a Zendesk JSON file holds.
type zdKind int

const (
	zdNone zdKind = iota
	zdTickets
	zdAudits
	zdMetricEvents
	zdMetrics
)

// zdArrays are the document keys that hold each kind's records.
var zdArrays = map[string]zdKind{
	"tickets": zdTickets, "audits": zdAudits, "ticket_metric_events": zdMetricEvents, "ticket_metrics": zdMetrics,
}

var zdKindNames = map[zdKind]string{
	zdTickets: "tickets", zdAudits: "ticket audits", zdMetricEvents: "ticket metric events", zdMetrics: "ticket metrics",
}

// zdFile is a Zendesk file: its kind and whether it is a document ({"tickets": [...]}) or
// JSON lines of records.
type zdFile struct {
	path string
	kind zdKind
	key  string // the document's array key; "" = JSON lines
}

// sniffZendesk recognises a Zendesk export from its start: a document whose first array key is
// tickets, audits, ticket_metric_events or ticket_metrics, or JSON lines whose first record
// has a ticket's, an audit's or a metric's keys.
func sniffZendesk(path string) zdFile {
	out := zdFile{path: path}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".json", ".jsonl", ".ndjson":
	default:
		return out
	}
	f, err := os.Open(path)
	if err != nil {
		return out
	}
	defer f.Close()
	head := make([]byte, 1<<20)
	n, _ := io.ReadFull(f, head)
	head = bytes.TrimLeft(bytes.TrimPrefix(head[:n], []byte{0xEF, 0xBB, 0xBF}), " \t\r\n")
	if len(head) == 0 || head[0] != '{' {
		return out
	}
	// A document: walk its top-level keys until an array we know.
	dec := json.NewDecoder(bytes.NewReader(head))
	if _, err := dec.Token(); err == nil {
		for dec.More() {
			tok, err := dec.Token()
			if err != nil {
				break
			}
			key, _ := tok.(string)
			if k, ok := zdArrays[key]; ok {
				if t, err := dec.Token(); err == nil && t == json.Delim('[') {
					out.kind, out.key = k, key
					return out
				}
				break
			}
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				break
			}
		}
	}
	// JSON lines: the first line's keys.
	line := head
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		line = head[:i]
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(line, &obj) != nil {
		return out
	}
	has := func(keys ...string) bool {
		for _, k := range keys {
			if _, ok := obj[k]; !ok {
				return false
			}
		}
		return true
	}
	switch {
	case has("id", "status", "via", "requester_id", "created_at"):
		out.kind = zdTickets
	case has("ticket_id", "events", "created_at"):
		out.kind = zdAudits
	case has("ticket_id", "metric", "instance_id", "type", "time"):
		out.kind = zdMetricEvents
	case has("ticket_id", "reopens", "replies", "group_stations"):
		out.kind = zdMetrics
	}
	return out
}

// ZendeskCompanions takes the Zendesk audits and metrics files out of a load's file list: they
// are read with the tickets export(s) of the same load (FileOptions.With), not as files of
// their own. It fails when companions come without a Zendesk tickets export.
func ZendeskCompanions(files []string) (main, with []string, err error) {
	tickets := false
	for _, f := range files {
		switch sniffZendesk(f).kind {
		case zdAudits, zdMetricEvents, zdMetrics:
			with = append(with, f)
		case zdTickets:
			tickets = true
			main = append(main, f)
		default:
			main = append(main, f)
		}
	}
	if len(with) > 0 && !tickets {
		k := sniffZendesk(with[0]).kind
		return nil, nil, fmt.Errorf("%s holds Zendesk %s: name the tickets export in the same load, e.g. tierlens load incremental_tickets.json %s", with[0], zdKindNames[k], filepath.Base(with[0]))
	}
	return main, with, nil
}

// zdReject is a problem of one ticket, at its line in the tickets file.
type zdReject struct {
	rec, line             int64 // record of the tickets file (0-based) and its line
	column, value, reason string
}

// zdTicket is one checked ticket: its canonical values as text.
type zdTicket struct {
	line    int64
	id      string
	vals    map[profiles.Field]string
	updated time.Time
}

// zdAudit is one ticket audit: its time and the events that matter.
type zdAudit struct {
	id      int64
	at      time.Time
	author  string
	events  []zdEvent
	problem *zdReject // a value the ticket cannot be loaded with (reported on the ticket)
}

type zdEvent struct {
	typ, field, value string
	public            *bool
	author            string
}

// zdMetric is what the metrics files say of one ticket.
type zdMetric struct {
	firstReply, resolved                   time.Time
	reopens, replies, groupStations, solve string
	replyMinutes                           string
	has                                    bool
}

// zendeskPass is the result of the Go pass: the temp file of canonical rows and the counts.
type zendeskPass struct {
	tmp      string
	mapping  *profiles.Mapping
	sha256   string
	bytes    int64
	tickets  int64 // records of the tickets file (the independent count)
	staged   int64 // distinct tickets written
	dups     int64 // older copies of a ticket listed again (loaded as the newer one)
	rejects  []zdReject
	rowLines []int64 // tickets-file line of each row
	orphans  int64   // audits of tickets not in the tickets file
}

// zdTime is how the canonical rows write times (UTC).
const zdTime = "2006-01-02 15:04:05"

// zendeskPrepass reads a tickets export and its companions and writes the canonical rows.
func (l *Loader) zendeskPrepass(ctx context.Context, file zdFile, with []string) (*zendeskPass, error) {
	zp := &zendeskPass{mapping: profiles.Zendesk()}
	h := sha256.New()
	sum, n, err := hashFile(file.path)
	if err != nil {
		return nil, err
	}
	parts := []string{sum}
	zp.bytes = n
	audits := map[string][]*zdAudit{}
	metrics := map[string]*zdMetric{}
	hasAudits := false
	for _, w := range with {
		cf := sniffZendesk(w)
		s, n, err := hashFile(w)
		if err != nil {
			return nil, err
		}
		parts = append(parts, s)
		zp.bytes += n
		switch cf.kind {
		case zdAudits:
			hasAudits = true
			err = readAudits(cf, audits)
		case zdMetricEvents:
			err = readMetricEvents(cf, metrics)
		case zdMetrics:
			err = readMetrics(cf, metrics)
		default:
			err = fmt.Errorf("not a Zendesk audits or metrics export")
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", w, err)
		}
	}
	sort.Strings(parts[1:])
	h.Write([]byte(strings.Join(parts, "\n")))
	zp.sha256 = hex.EncodeToString(h.Sum(nil))
	if !hasAudits {
		zp.mapping.Shape = profiles.TicketRows
		zp.mapping.Required = []profiles.Field{profiles.Number, profiles.Created, profiles.Status}
	}

	names, err := readSideloads(file, metrics)
	if err != nil {
		return nil, err
	}
	// The tickets, checked one by one; a ticket listed twice keeps its newest copy.
	var tickets []*zdTicket
	pos := map[string]int{}
	err = eachRecord(file, func(line int64, raw json.RawMessage) error {
		rec := zp.tickets
		zp.tickets++
		t, probs := parseTicket(line, raw)
		if t != nil {
			for _, a := range audits[t.id] {
				if a.problem != nil {
					p := *a.problem
					p.line = line
					probs = append(probs, p)
				}
			}
		}
		for i := range probs {
			probs[i].rec = rec
			if file.key != "" {
				// One-line documents put every ticket on line 1: say which element it is.
				probs[i].reason = fmt.Sprintf("%s[%d]: %s", file.key, rec, probs[i].reason)
			}
		}
		if len(probs) > 0 {
			zp.rejects = append(zp.rejects, probs...)
			return nil
		}
		if i, ok := pos[t.id]; ok {
			zp.dups++
			if !t.updated.Before(tickets[i].updated) {
				tickets[i] = t
			}
			return nil
		}
		pos[t.id] = len(tickets)
		tickets = append(tickets, t)
		return ctx.Err()
	})
	if err != nil {
		return nil, err
	}
	if zp.tickets == 0 {
		return nil, fmt.Errorf("the export has no tickets")
	}
	for id := range audits {
		if _, ok := pos[id]; !ok {
			zp.orphans++
		}
	}

	dir := filepath.Join(filepath.Dir(l.W.Path), ".tierlens.tmp")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		dir = ""
	}
	out, err := os.CreateTemp(dir, "zendesk-*.jsonl")
	if err != nil {
		return nil, err
	}
	zp.tmp = out.Name()
	bw := bufio.NewWriterSize(out, 1<<20)
	rw := &zdRowWriter{w: bw, full: true}
	for _, t := range tickets {
		m := metrics[t.id]
		applyMetrics(t, m)
		var rows []zdRow
		if hasAudits {
			rows = ticketEvents(t, audits[t.id])
		} else {
			rows = []zdRow{ticketRow(t)}
		}
		for _, r := range rows {
			names.apply(r)
			rw.write(r)
			zp.rowLines = append(zp.rowLines, t.line)
		}
		zp.staged++
	}
	if err := bw.Flush(); err != nil {
		out.Close()
		return zp, err
	}
	if err := out.Close(); err != nil {
		return zp, err
	}
	if zp.staged == 0 {
		return zp, fmt.Errorf("no ticket of the export can be loaded: %d rejected, the first at line %d: %s: %s", len(zp.rejects), zp.rejects[0].line, zp.rejects[0].column, zp.rejects[0].reason)
	}
	return zp, nil
}

// cleanup removes the temp file.
func (zp *zendeskPass) cleanup() {
	if zp != nil && zp.tmp != "" {
		os.Remove(zp.tmp)
	}
}

// line is the tickets-file line of the k-th row.
func (zp *zendeskPass) line(k int64) int64 {
	if k >= 0 && k < int64(len(zp.rowLines)) {
		return zp.rowLines[k]
	}
	return 0
}

// parseTicket checks one ticket object and returns its canonical values, or its problems.
func parseTicket(line int64, raw json.RawMessage) (*zdTicket, []zdReject) {
	obj, err := decodeObject(raw)
	if err != nil {
		return nil, []zdReject{{line: line, reason: "not a JSON object: " + err.Error()}}
	}
	t := &zdTicket{line: line, vals: map[profiles.Field]string{}}
	var probs []zdReject
	bad := func(path, value, reason string) {
		probs = append(probs, zdReject{line: line, column: path, value: value, reason: reason})
	}
	for _, f := range profiles.Fields {
		path, ok := profiles.ZendeskPaths[f]
		if !ok {
			continue
		}
		v, err := textAt(obj, path)
		if err != nil {
			bad(path, "", err.Error())
			continue
		}
		switch {
		case v == "":
		case f.IsTime():
			tm, err := time.Parse(time.RFC3339, v)
			if err != nil {
				bad(path, v, "not an ISO 8601 time such as 2023-09-18T15:57:42Z")
				continue
			}
			if f == profiles.Updated {
				t.updated = tm
			}
			v = tm.UTC().Format(zdTime)
		case f == profiles.Status || f == profiles.Priority:
			v = strings.ToLower(v)
			if !profiles.ZendeskKnows(f, v) {
				bad(path, v, "unknown "+string(f)+" for the zendesk profile")
				continue
			}
		case f == profiles.CSAT:
			s, ok := profiles.ZendeskScores[strings.ToLower(v)]
			if !ok {
				bad(path, v, "unknown satisfaction score: expected good, bad, offered or unoffered")
				continue
			}
			v = s
		}
		t.vals[f] = v
	}
	t.id = t.vals[profiles.Number]
	if t.id == "" {
		bad("id", "", "missing ticket id")
	}
	if t.vals[profiles.Created] == "" && !hasProblem(probs, "created_at") {
		bad("created_at", "", "missing creation time")
	}
	if t.vals[profiles.Status] == "" && !hasProblem(probs, "status") {
		bad("status", "", "missing status")
	}
	if t.updated.IsZero() {
		t.updated, _ = time.Parse(zdTime, t.vals[profiles.Created])
	}
	// Zendesk never changes a closed ticket again: its last update is its closing.
	if t.vals[profiles.Status] == "closed" {
		t.vals[profiles.Closed] = t.vals[profiles.Updated]
	}
	if len(probs) > 0 {
		return nil, probs
	}
	return t, nil
}

func hasProblem(p []zdReject, col string) bool {
	for _, r := range p {
		if r.column == col {
			return true
		}
	}
	return false
}

// decodeObject decodes a JSON object keeping numbers (ids) exact.
func decodeObject(raw json.RawMessage) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var obj map[string]any
	if err := dec.Decode(&obj); err != nil {
		return nil, err
	}
	if obj == nil {
		return nil, errors.New("null")
	}
	return obj, nil
}

// textAt reads a dotted path of an object as text: "" for null or absent.
func textAt(obj map[string]any, path string) (string, error) {
	var cur any = obj
	for _, p := range strings.Split(path, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return "", nil
		}
		cur = m[p]
	}
	return scalarText(cur)
}

func scalarText(v any) (string, error) {
	switch x := v.(type) {
	case nil:
		return "", nil
	case string:
		return x, nil
	case json.Number:
		return x.String(), nil
	case bool:
		return strconv.FormatBool(x), nil
	}
	return "", fmt.Errorf("expected a single value, found %s", jsonKind(v))
}

func jsonKind(v any) string {
	switch v.(type) {
	case map[string]any:
		return "an object"
	case []any:
		return "a list"
	}
	return "something else"
}

// rawText reads a raw JSON scalar as text ("" for null); lists and objects are no values here.
func rawText(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil {
		return ""
	}
	s, _ := scalarText(v)
	return s
}

// eachRecord calls fn with every record of a Zendesk file and the line it starts on: the
// elements of the document's array, or the non-blank lines of JSON lines. A document that is
// not valid JSON fails whole (no record after the error could be found), naming the line.
func eachRecord(zf zdFile, fn func(line int64, raw json.RawMessage) error) error {
	f, err := os.Open(zf.path)
	if err != nil {
		return err
	}
	defer f.Close()
	if zf.key == "" {
		r := bufio.NewReaderSize(f, 1<<20)
		var line int64
		for {
			b, err := r.ReadBytes('\n')
			if len(b) > 0 {
				line++
				if t := bytes.TrimSpace(b); len(t) > 0 {
					if line == 1 {
						t = bytes.TrimPrefix(t, []byte{0xEF, 0xBB, 0xBF})
					}
					if ferr := fn(line, json.RawMessage(t)); ferr != nil {
						return ferr
					}
				}
			}
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
		}
	}
	return eachArray(f, zf.path, map[string]func(int64, json.RawMessage) error{zf.key: fn})
}

// eachArray walks a JSON document's top-level keys and calls the handler of each key that
// has one with every element of its list, one at a time (a big list never sits in memory);
// other keys are skipped.
func eachArray(f *os.File, path string, fns map[string]func(line int64, raw json.RawMessage) error) error {
	lines, err := newLineAt(path)
	if err != nil {
		return err
	}
	defer lines.close()
	br := bufio.NewReaderSize(f, 1<<20)
	if b, _ := br.Peek(3); bytes.Equal(b, []byte{0xEF, 0xBB, 0xBF}) {
		br.Discard(3)
	}
	dec := json.NewDecoder(br)
	syntax := func(err error) error {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return fmt.Errorf("line %d: not valid JSON: %v", lines.at(se.Offset), err)
		}
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return fmt.Errorf("the JSON document ends too early (a truncated download?)")
		}
		return err
	}
	if _, err := dec.Token(); err != nil {
		return syntax(err)
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return syntax(err)
		}
		key, _ := tok.(string)
		fn := fns[key]
		if fn == nil {
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return syntax(err)
			}
			continue
		}
		if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
			if err != nil {
				return syntax(err)
			}
			return fmt.Errorf("%q is not a list", key)
		}
		for dec.More() {
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return syntax(err)
			}
			start := dec.InputOffset() - int64(len(raw))
			if err := fn(lines.at(start), raw); err != nil {
				return err
			}
		}
		if _, err := dec.Token(); err != nil {
			return syntax(err)
		}
	}
	if _, err := dec.Token(); err != nil {
		return syntax(err)
	}
	return nil
}

// lineAt counts lines up to increasing byte offsets with a second reader of the file, so the
// decoder's read-ahead does not matter and no line index is kept.
type lineAt struct {
	f    *os.File
	r    *bufio.Reader
	pos  int64
	line int64
}

func newLineAt(path string) (*lineAt, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	l := &lineAt{f: f, r: bufio.NewReaderSize(f, 1<<16)}
	if b, _ := l.r.Peek(3); bytes.Equal(b, []byte{0xEF, 0xBB, 0xBF}) {
		l.r.Discard(3)
	}
	return l, nil
}

// at is the 1-based line of offset off (counted after a byte order mark, as the decoder does).
func (l *lineAt) at(off int64) int64 {
	for l.pos < off {
		n := off - l.pos
		if n > 1<<16 {
			n = 1 << 16
		}
		b, err := l.r.Peek(int(n))
		if len(b) == 0 {
			break
		}
		l.line += int64(bytes.Count(b, []byte{'\n'}))
		l.r.Discard(len(b))
		l.pos += int64(len(b))
		if err != nil && !errors.Is(err, bufio.ErrBufferFull) {
			break
		}
	}
	return l.line + 1
}

func (l *lineAt) close() { l.f.Close() }

// zdID is an id as Zendesk writes it (a number) or as other tools write it (a string), as text.
type zdID string

// UnmarshalJSON takes any JSON scalar.
func (z *zdID) UnmarshalJSON(b []byte) error {
	s, err := scalarText(decodeScalar(b))
	*z = zdID(s)
	return err
}

func (z zdID) String() string { return string(z) }

func decodeScalar(b []byte) any {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil {
		return nil
	}
	return v
}

// auditJSON is the part of an audit the events need.
type auditJSON struct {
	ID        zdID   `json:"id"`
	TicketID  zdID   `json:"ticket_id"`
	CreatedAt string `json:"created_at"`
	AuthorID  zdID   `json:"author_id"`
	Events    []struct {
		Type      string          `json:"type"`
		FieldName string          `json:"field_name"`
		Value     json.RawMessage `json:"value"`
		Public    *bool           `json:"public"`
		AuthorID  zdID            `json:"author_id"`
	} `json:"events"`
}

// readAudits reads an audits export into audits by ticket id. A broken audit fails the file;
// a value the ticket cannot be loaded with (a bad time, an unknown status) rejects the ticket.
func readAudits(zf zdFile, audits map[string][]*zdAudit) error {
	name := filepath.Base(zf.path)
	err := eachRecord(zf, func(line int64, raw json.RawMessage) error {
		var a auditJSON
		if err := json.Unmarshal(raw, &a); err != nil {
			return fmt.Errorf("line %d: not a ticket audit: %v", line, err)
		}
		tid := a.TicketID.String()
		if tid == "" {
			return fmt.Errorf("line %d: audit %s has no ticket_id", line, a.ID)
		}
		id, _ := strconv.ParseInt(a.ID.String(), 10, 64)
		au := &zdAudit{id: id, author: a.AuthorID.String()}
		at, err := time.Parse(time.RFC3339, a.CreatedAt)
		if err != nil {
			au.problem = &zdReject{column: "audit " + a.ID.String() + " created_at", value: a.CreatedAt,
				reason: fmt.Sprintf("%s line %d: not an ISO 8601 time such as 2023-09-18T15:57:42Z", name, line)}
		}
		au.at = at.UTC()
		for _, e := range a.Events {
			ev := zdEvent{typ: e.Type, field: e.FieldName, public: e.Public, author: e.AuthorID.String()}
			if e.Type == "Create" || e.Type == "Change" {
				f, ok := profiles.ZendeskAuditFields[e.FieldName]
				if !ok {
					continue
				}
				ev.value = rawText(e.Value)
				if f == profiles.Status {
					ev.value = strings.ToLower(ev.value)
					if ev.value != "" && !profiles.ZendeskKnows(profiles.Status, ev.value) && au.problem == nil {
						au.problem = &zdReject{column: "audit " + a.ID.String() + " status", value: ev.value,
							reason: fmt.Sprintf("%s line %d: unknown status for the zendesk profile", name, line)}
					}
				}
			} else if e.Type != "Comment" {
				continue
			}
			au.events = append(au.events, ev)
		}
		audits[tid] = append(audits[tid], au)
		return nil
	})
	for _, list := range audits {
		sort.SliceStable(list, func(i, j int) bool {
			if !list[i].at.Equal(list[j].at) {
				return list[i].at.Before(list[j].at)
			}
			return list[i].id < list[j].id
		})
	}
	return err
}

// readMetricEvents keeps, per ticket, the first reply (reply_time fulfilled) and the last
// resolution (resolution_time fulfilled).
func readMetricEvents(zf zdFile, metrics map[string]*zdMetric) error {
	return eachRecord(zf, func(line int64, raw json.RawMessage) error {
		var e struct {
			TicketID zdID   `json:"ticket_id"`
			Metric   string `json:"metric"`
			Type     string `json:"type"`
			Time     string `json:"time"`
		}
		if err := json.Unmarshal(raw, &e); err != nil {
			return fmt.Errorf("line %d: not a ticket metric event: %v", line, err)
		}
		if e.Type != "fulfill" || (e.Metric != "reply_time" && e.Metric != "resolution_time") {
			return nil
		}
		t, err := time.Parse(time.RFC3339, e.Time)
		if err != nil {
			return fmt.Errorf("line %d: time %q: not an ISO 8601 time such as 2023-09-18T15:57:42Z", line, e.Time)
		}
		m := metricOf(metrics, e.TicketID.String())
		switch {
		case e.Metric == "reply_time" && (m.firstReply.IsZero() || t.Before(m.firstReply)):
			m.firstReply = t
		case e.Metric == "resolution_time" && t.After(m.resolved):
			m.resolved = t
		}
		return nil
	})
}

// readMetrics keeps the counters of ticket_metrics: reopens, replies, group stations, the
// solved time and the first reply time in calendar minutes.
func readMetrics(zf zdFile, metrics map[string]*zdMetric) error {
	return eachRecord(zf, metricHandler(metrics))
}

// metricHandler reads one ticket_metrics record (also the metric_sets a tickets document
// side-loads).
func metricHandler(metrics map[string]*zdMetric) func(line int64, raw json.RawMessage) error {
	return func(line int64, raw json.RawMessage) error {
		var e struct {
			TicketID      zdID        `json:"ticket_id"`
			Reopens       json.Number `json:"reopens"`
			Replies       json.Number `json:"replies"`
			GroupStations json.Number `json:"group_stations"`
			SolvedAt      *string     `json:"solved_at"`
			ReplyTime     struct {
				Calendar json.Number `json:"calendar"`
			} `json:"reply_time_in_minutes"`
		}
		if err := json.Unmarshal(raw, &e); err != nil {
			return fmt.Errorf("line %d: not a ticket metric: %v", line, err)
		}
		m := metricOf(metrics, e.TicketID.String())
		m.reopens, m.replies, m.replyMinutes = e.Reopens.String(), e.Replies.String(), e.ReplyTime.Calendar.String()
		if g, err := e.GroupStations.Int64(); err == nil {
			m.groupStations = strconv.FormatInt(max(g-1, 0), 10)
		}
		if e.SolvedAt != nil && *e.SolvedAt != "" {
			t, err := time.Parse(time.RFC3339, *e.SolvedAt)
			if err != nil {
				return fmt.Errorf("line %d: solved_at %q: not an ISO 8601 time such as 2023-09-18T15:57:42Z", line, *e.SolvedAt)
			}
			m.solve = t.UTC().Format(zdTime)
		}
		return nil
	}
}

// zdNames are the names of the groups and users a tickets document side-loads
// (include=groups,users): tier maps are written with group names, not ids.
type zdNames struct{ groups, users map[string]string }

// readSideloads reads what a tickets document carries beside the tickets: group and user
// names, and metric_sets (the ticket metrics).
func readSideloads(zf zdFile, metrics map[string]*zdMetric) (*zdNames, error) {
	n := &zdNames{groups: map[string]string{}, users: map[string]string{}}
	if zf.key == "" {
		return n, nil
	}
	f, err := os.Open(zf.path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	named := func(into map[string]string, what string) func(int64, json.RawMessage) error {
		return func(line int64, raw json.RawMessage) error {
			var e struct {
				ID   zdID   `json:"id"`
				Name string `json:"name"`
			}
			if err := json.Unmarshal(raw, &e); err != nil {
				return fmt.Errorf("line %d: not a %s: %v", line, what, err)
			}
			if e.ID != "" && e.Name != "" {
				into[string(e.ID)] = e.Name
			}
			return nil
		}
	}
	err = eachArray(f, zf.path, map[string]func(int64, json.RawMessage) error{
		zf.key:        func(int64, json.RawMessage) error { return nil },
		"groups":      named(n.groups, "group"),
		"users":       named(n.users, "user"),
		"metric_sets": metricHandler(metrics),
	})
	return n, err
}

// apply writes names for ids in a row.
func (n *zdNames) apply(r zdRow) {
	for f, names := range map[profiles.Field]map[string]string{
		profiles.Group: n.groups, profiles.Assignee: n.users, profiles.Requester: n.users, profiles.Agent: n.users,
	} {
		if v, ok := r[f]; ok {
			if name, ok := names[v]; ok {
				r[f] = name
			}
		}
	}
}

func metricOf(metrics map[string]*zdMetric, id string) *zdMetric {
	m := metrics[id]
	if m == nil {
		m = &zdMetric{}
		metrics[id] = m
	}
	m.has = true
	return m
}

// applyMetrics adds what the metrics say to a ticket's values: counters, resolution and first
// reply times.
func applyMetrics(t *zdTicket, m *zdMetric) {
	if m == nil || !m.has {
		return
	}
	set := func(f profiles.Field, v string) {
		if v != "" {
			t.vals[f] = v
		}
	}
	set(profiles.Reopens, m.reopens)
	set(profiles.AgentReplies, m.replies)
	set(profiles.Reassignments, m.groupStations)
	set(profiles.Resolved, m.solve)
	if !m.resolved.IsZero() {
		set(profiles.Resolved, m.resolved.UTC().Format(zdTime))
	}
	if !m.firstReply.IsZero() {
		set(profiles.FirstResponse, m.firstReply.UTC().Format(zdTime))
	} else if mins, err := strconv.ParseInt(m.replyMinutes, 10, 64); err == nil {
		if c, err := time.Parse(zdTime, t.vals[profiles.Created]); err == nil {
			set(profiles.FirstResponse, c.Add(time.Duration(mins)*time.Minute).Format(zdTime))
		}
	}
}

// zdRow is one canonical row: values by field.
type zdRow map[profiles.Field]string

// ticketFields are the ticket's own values, written on its last row.
var ticketFields = []profiles.Field{
	profiles.Number, profiles.Title, profiles.Created, profiles.FirstResponse, profiles.Resolved, profiles.Closed, profiles.Updated,
	profiles.Status, profiles.Priority, profiles.Category, profiles.Channel, profiles.Requester, profiles.Assignee,
	profiles.Group, profiles.Reassignments, profiles.Reopens, profiles.AgentReplies, profiles.CSAT,
}

// ticketRow is a ticket's one row of a ticket-shaped load.
func ticketRow(t *zdTicket) zdRow {
	r := zdRow{}
	for _, f := range ticketFields {
		if v := t.vals[f]; v != "" {
			r[f] = v
		}
	}
	return r
}

// ticketEvents is a ticket's rows of an event-shaped load: one per comment and per audit that
// changes the status, group or assignee, then the ticket's own values on the last row (a row
// of its own at updated_at when the audits end elsewhere: they may be a partial page). A
// ticket without audits is that one row. The creation audit's comment is the ticket's
// description, not a reply.
func ticketEvents(t *zdTicket, audits []*zdAudit) []zdRow {
	var rows []zdRow
	var status, group, assignee string
	requester := t.vals[profiles.Requester]
	last := -1 // index of the last change row
	for _, a := range audits {
		at := a.at.Format(zdTime)
		create := false // only a creation audit (a partial page of audits may start later)
		for _, e := range a.events {
			if e.typ == "Create" {
				create = true
			}
		}
		changed := false
		for _, e := range a.events {
			switch e.typ {
			case "Comment":
				if create {
					continue
				}
				author := e.author
				if author == "" {
					author = a.author
				}
				public := e.public == nil || *e.public
				agent := author == assignee || author != requester
				r := zdRow{profiles.Number: t.id, profiles.Created: t.vals[profiles.Created], profiles.EventTime: at}
				switch {
				case agent && public:
					r[profiles.Activity] = profiles.ZendeskPublicAgent
				case agent:
					r[profiles.Activity] = profiles.ZendeskInternalAgent
				case public:
					r[profiles.Activity] = profiles.ZendeskPublicCustomer
				default:
					r[profiles.Activity] = profiles.ZendeskInternalCustomer
				}
				if agent {
					r[profiles.Agent] = author
				}
				rows = append(rows, r)
			default:
				switch profiles.ZendeskAuditFields[e.field] {
				case profiles.Status:
					if e.value != "" {
						status, changed = e.value, true
					}
				case profiles.Group:
					if e.value != "" {
						group, changed = e.value, true
					}
				case profiles.Assignee:
					assignee, changed = e.value, true
				}
			}
		}
		if changed || create {
			r := zdRow{profiles.Number: t.id, profiles.Created: t.vals[profiles.Created], profiles.EventTime: at,
				profiles.Status: status, profiles.Group: group, profiles.Agent: assignee}
			rows = append(rows, r)
			last = len(rows) - 1
		}
	}
	updated := t.vals[profiles.Updated]
	if updated == "" {
		updated = t.vals[profiles.Created]
	}
	// Without audits, a solved or closed ticket whose metrics say when it was solved gets
	// that moment as an event of its own, before its current state at updated_at.
	// A solved one is then that event.
	st, res := t.vals[profiles.Status], t.vals[profiles.Resolved]
	if len(audits) == 0 && (st == "solved" || st == "closed") && res != "" && res < updated && res >= t.vals[profiles.Created] {
		if st == "solved" {
			updated = res
		} else {
			rows = append(rows, zdRow{profiles.Number: t.id, profiles.Created: t.vals[profiles.Created], profiles.EventTime: res,
				profiles.Status: "solved", profiles.Group: t.vals[profiles.Group], profiles.Agent: t.vals[profiles.Assignee]})
		}
	}
	final := ticketRow(t)
	if last >= 0 && last == len(rows)-1 && rows[last][profiles.EventTime] == updated &&
		status == t.vals[profiles.Status] && (group == t.vals[profiles.Group] || t.vals[profiles.Group] == "") {
		for f, v := range final {
			rows[last][f] = v
		}
		return rows
	}
	if n := len(rows); n > 0 && rows[n-1][profiles.EventTime] > updated {
		updated = rows[n-1][profiles.EventTime]
	}
	final[profiles.EventTime] = updated
	final[profiles.Agent] = t.vals[profiles.Assignee]
	return append(rows, final)
}

// zdRowWriter writes rows as JSON lines; the first row names every field (null where empty)
// so the JSON lines pass, which takes its columns from the first records, sees them all.
type zdRowWriter struct {
	w    *bufio.Writer
	full bool
	buf  []byte
}

func (rw *zdRowWriter) write(r zdRow) {
	b := append(rw.buf[:0], '{')
	first := true
	for _, f := range profiles.Fields {
		v, ok := r[f]
		if !ok || v == "" {
			if !rw.full {
				continue
			}
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = strconv.AppendQuote(b, string(f))
		b = append(b, ':')
		if v == "" {
			b = append(b, "null"...)
		} else {
			q, _ := json.Marshal(v)
			b = append(b, q...)
		}
	}
	b = append(b, '}', '\n')
	rw.w.Write(b)
	rw.buf = b
	rw.full = false
}

// tally turns the row counts of a Zendesk load into ticket counts: a ticket with any row
// DuckDB could not convert is rejected whole (never half loaded), and the tickets DuckDB holds
// plus the rejected ones must be every ticket of the file.
func (zp *zendeskPass) tally(ctx context.Context, conn *sql.Conn, in *input, res *Result, rejects []Reject) ([]Reject, error) {
	if _, err := conn.ExecContext(ctx, `UPDATE conv SET bad = true WHERE NOT bad AND number IN (SELECT number FROM conv WHERE bad)`); err != nil {
		return nil, err
	}
	var good, bad int64
	if err := conn.QueryRowContext(ctx, `SELECT count(DISTINCT number) FILTER (NOT bad), count(DISTINCT number) FILTER (bad) FROM conv`).Scan(&good, &bad); err != nil {
		return nil, err
	}
	if good+bad != zp.staged || zp.staged+zp.dups+int64(len(distinctRecords(zp.rejects))) != zp.tickets {
		return nil, fmt.Errorf("reconciliation failed: the export has %d tickets, %d were staged (%d listed twice), %d rejected, DuckDB read %d; nothing was loaded (please report this)",
			zp.tickets, zp.staged, zp.dups, len(distinctRecords(zp.rejects)), good+bad)
	}
	for _, r := range zp.rejects {
		rejects = append(rejects, Reject{Line: r.line, Column: r.column, Value: r.value, Reason: r.reason})
	}
	sort.SliceStable(rejects, func(i, j int) bool { return rejects[i].Line < rejects[j].Line })
	res.Records = zp.tickets
	res.Rejected = int64(len(distinctRecords(zp.rejects))) + bad
	res.Loaded = zp.tickets - res.Rejected
	in.records = zp.tickets
	return rejects, nil
}

// distinctRecords is the set of rejected tickets (one ticket may have several problems).
func distinctRecords(r []zdReject) map[int64]bool {
	out := map[int64]bool{}
	for _, x := range r {
		out[x.rec] = true
	}
	return out
}

// zendesk runs the Go pass when the file is a Zendesk tickets export: named with --profile
// zendesk, or recognised by its start when no profile is named. nil = not a Zendesk file.
func (l *Loader) zendesk(ctx context.Context, path string, opts FileOptions) (*zendeskPass, error) {
	if opts.Mapping != "" || (opts.Profile != "" && opts.Profile != "zendesk") {
		return nil, nil
	}
	zf := sniffZendesk(path)
	switch {
	case zf.kind == zdTickets:
	case zf.kind != zdNone:
		return nil, fmt.Errorf("it holds Zendesk %s: name the tickets export in the same load, e.g. tierlens load incremental_tickets.json %s", zdKindNames[zf.kind], filepath.Base(path))
	case opts.Profile == "zendesk":
		return nil, fmt.Errorf("not a Zendesk tickets export: expected a JSON document {\"tickets\": [...]} (the incremental tickets export) or JSON lines of ticket objects")
	default:
		return nil, nil
	}
	for _, w := range opts.With {
		if _, err := os.Stat(w); err != nil {
			return nil, err
		}
	}
	l.step(path, "reading JSON")
	t0 := time.Now()
	zp, err := l.zendeskPrepass(ctx, zf, opts.With)
	l.timed("zendesk pass", t0)
	if err != nil {
		zp.cleanup()
		return nil, err
	}
	if zp.orphans > 0 && l.Log != nil {
		l.Log.Info("audits of tickets not in the tickets export were not loaded", "file", path, "tickets", zp.orphans)
	}
	return zp, nil
}
