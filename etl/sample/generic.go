package sample

import (
	"fmt"
	"strings"

	"github.com/parquet-go/parquet-go"
)

// genericHeader is the column list of the generic one-row-per-event
// format, shared by the CSV header, the JSON keys and the Parquet columns.
var genericHeader = []string{"ticket_id", "event_time", "event", "status", "assignment_group", "agent",
	"priority", "channel", "category", "title", "requester", "csat", "kb_article", "public"}

// genericRow is one event in the generic format; its Parquet tags give the
// file's schema. event_time holds the Europe/Madrid wall clock as a naive
// timestamp (isAdjustedToUTC=false), the same value the CSV shows.
type genericRow struct {
	TicketID        string `parquet:"ticket_id"`
	EventTime       int64  `parquet:"event_time,timestamp(millisecond:local)"`
	Event           string `parquet:"event,dict"`
	Status          string `parquet:"status,dict"`
	AssignmentGroup string `parquet:"assignment_group,dict"`
	Agent           string `parquet:"agent,dict"`
	Priority        string `parquet:"priority,dict"`
	Channel         string `parquet:"channel,dict"`
	Category        string `parquet:"category,dict"`
	Title           string `parquet:"title,dict"`
	Requester       string `parquet:"requester,dict"`
	CSAT            *int32 `parquet:"csat,optional"`
	KBArticle       string `parquet:"kb_article,dict"`
	Public          bool   `parquet:"public"`
}

const (
	parquetBatch       = 4096
	parquetRowGroupMax = 256 * 1024
)

// genericWriter writes the same events to CSV, JSON lines and Parquet.
type genericWriter struct {
	cal             *calendar
	csv, jsonl, pq  *outFile
	pw              *parquet.GenericWriter[genericRow]
	csvBuf, jsonBuf []byte
	rows            []genericRow
	ticketID, etime []byte
	// scores backs the CSAT pointers so rows need no allocation per answer.
	scores [6]int32
}

func newGenericWriter(csv, jsonl, pq *outFile, cal *calendar) *genericWriter {
	w := &genericWriter{cal: cal, csv: csv, jsonl: jsonl, pq: pq,
		rows: make([]genericRow, 0, parquetBatch), scores: [6]int32{0, 1, 2, 3, 4, 5}}
	w.pw = parquet.NewGenericWriter[genericRow](pq,
		parquet.Compression(&parquet.Snappy),
		parquet.MaxRowsPerRowGroup(parquetRowGroupMax),
		// The default records the parquet-go build, which would make files
		// differ between builds of the same version of tierlens.
		parquet.CreatedBy("tierlens", "1", "sample"),
	)
	w.csvBuf = append(w.csvBuf, strings.Join(genericHeader, ",")...)
	w.csvBuf = append(w.csvBuf, '\n')
	return w
}

// ticketNumber appends T-000001 for ticket 1.
func ticketNumber(b []byte, seq int) []byte {
	b = append(b, "T-"...)
	for d := 100000; d > 1 && seq < d; d /= 10 {
		b = append(b, '0')
	}
	return appendUint(b, seq)
}

var priorityCodes = [...]string{"", "P1", "P2", "P3", "P4"}

// naiveMillis is the local wall clock of s, as milliseconds since the epoch
// of a clock without zone: what a TIMESTAMP without time zone stores.
func (c *calendar) naiveMillis(s int64) int64 {
	lh, ok := c.at(s)
	if !ok {
		y, mo, d, h, mi, sec := c.fields(s)
		return naiveSeconds(y, mo, d, h, mi, sec) * 1000
	}
	r := (s - c.base) % hour
	return (naiveSeconds(int(lh.year), int(lh.month), int(lh.day), int(lh.hour), 0, 0) + r) * 1000
}

// naiveSeconds converts a civil date and time to seconds since 1970-01-01
// 00:00:00 of the same clock (days from civil, proleptic Gregorian).
func naiveSeconds(y, m, d, h, mi, sec int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	days := int64(era)*146097 + int64(doe) - 719468
	return days*86400 + int64(h*3600+mi*60+sec)
}

func (w *genericWriter) write(t *ticket) error {
	w.ticketID = ticketNumber(w.ticketID[:0], t.seq)
	id := string(w.ticketID)
	prio := priorityCodes[t.priority]
	ch := t.channel.String()
	cat := t.issue.category
	cb, jb := w.csvBuf, w.jsonBuf
	kb := ""
	for i := range t.events {
		e := &t.events[i]
		if i == t.kbFrom && t.kb != "" {
			kb = t.kb
		}
		var agent string
		if e.kind == evReply {
			if e.actor == byAgent {
				agent = t.agentName(e.byGroup, e.byAgent)
			}
		} else {
			agent = t.agentName(e.group, e.agent)
		}
		w.etime = w.cal.appendISO(w.etime[:0], e.at, 'T')
		kind, st, grp := e.kind.String(), e.status.String(), groups[e.group].name

		cb = append(cb, id...)
		cb = append(cb, ',')
		cb = append(cb, w.etime...)
		cb = append(cb, ',')
		cb = append(cb, kind...)
		cb = append(cb, ',')
		cb = append(cb, st...)
		cb = append(cb, ',')
		cb = appendCSV(cb, grp)
		cb = append(cb, ',')
		cb = appendCSV(cb, agent)
		cb = append(cb, ',')
		cb = append(cb, prio...)
		cb = append(cb, ',')
		cb = append(cb, ch...)
		cb = append(cb, ',')
		cb = appendCSV(cb, cat)
		cb = append(cb, ',')
		cb = appendCSV(cb, t.title)
		cb = append(cb, ',')
		cb = appendCSV(cb, t.requester)
		cb = append(cb, ',')
		if e.kind == evCSAT {
			cb = appendUint(cb, int(e.csat))
		}
		cb = append(cb, ',')
		cb = append(cb, kb...)
		cb = append(cb, ',')
		cb = append(cb, boolText(e.public)...)
		cb = append(cb, '\n')

		jb = append(jb, `{"ticket_id":`...)
		jb = appendJSONString(jb, id)
		jb = append(jb, `,"event_time":"`...)
		jb = append(jb, w.etime...)
		jb = append(jb, `","event":"`...)
		jb = append(jb, kind...)
		jb = append(jb, `","status":"`...)
		jb = append(jb, st...)
		jb = append(jb, `","assignment_group":`...)
		jb = appendJSONString(jb, grp)
		jb = append(jb, `,"agent":`...)
		jb = appendJSONString(jb, agent)
		jb = append(jb, `,"priority":"`...)
		jb = append(jb, prio...)
		jb = append(jb, `","channel":"`...)
		jb = append(jb, ch...)
		jb = append(jb, `","category":`...)
		jb = appendJSONString(jb, cat)
		jb = append(jb, `,"title":`...)
		jb = appendJSONString(jb, t.title)
		jb = append(jb, `,"requester":`...)
		jb = appendJSONString(jb, t.requester)
		jb = append(jb, `,"csat":`...)
		if e.kind == evCSAT {
			jb = appendUint(jb, int(e.csat))
		} else {
			jb = append(jb, "null"...)
		}
		jb = append(jb, `,"kb_article":`...)
		jb = appendJSONString(jb, kb)
		jb = append(jb, `,"public":`...)
		jb = append(jb, boolText(e.public)...)
		jb = append(jb, "}\n"...)

		row := genericRow{TicketID: id, EventTime: w.cal.naiveMillis(e.at), Event: kind, Status: st,
			AssignmentGroup: grp, Agent: agent, Priority: prio, Channel: ch, Category: cat, Title: t.title,
			Requester: t.requester, KBArticle: kb, Public: e.public}
		if e.kind == evCSAT {
			row.CSAT = &w.scores[e.csat]
		}
		w.rows = append(w.rows, row)
		if len(w.rows) == cap(w.rows) {
			if err := w.flushRows(); err != nil {
				return err
			}
		}
	}
	if _, err := w.csv.Write(cb); err != nil {
		return err
	}
	if _, err := w.jsonl.Write(jb); err != nil {
		return err
	}
	w.csvBuf, w.jsonBuf = cb[:0], jb[:0]
	return nil
}

func (w *genericWriter) flushRows() error {
	if _, err := w.pw.Write(w.rows); err != nil {
		return fmt.Errorf("write %s: %w", w.pq.path, err)
	}
	clear(w.rows) // drop string references before reuse
	w.rows = w.rows[:0]
	return nil
}

func (w *genericWriter) close() error {
	if len(w.csvBuf) > 0 {
		if _, err := w.csv.Write(w.csvBuf); err != nil {
			return err
		}
		w.csvBuf = w.csvBuf[:0]
	}
	if len(w.rows) > 0 {
		if err := w.flushRows(); err != nil {
			return err
		}
	}
	if err := w.pw.Close(); err != nil {
		return fmt.Errorf("write %s: %w", w.pq.path, err)
	}
	return nil
}
