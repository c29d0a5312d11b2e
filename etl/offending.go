package etl

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/tierlens/tierlens/etl/profiles"
)

// ErrTooManyRejects is returned (wrapped) when a file's rejects exceed FileOptions.MaxRejects:
// a file most of whose records cannot be read is a misread file, not a file with a few bad
// records, and loading the rest would read as success.
var ErrTooManyRejects = errors.New("too many records rejected")

// DefaultMaxRejects is the share of a file's records that may be rejected before the file fails.
const DefaultMaxRejects = 0.05

// Offending is one distinct value that made records rejects, and how many.
type Offending struct {
	Field  string // the tierlens field (status, priority, created …)
	Column string // the file's column
	Value  string
	Reason string
	Count  int64
}

// maxOffending bounds the distinct values listed per field.
const maxOffending = 15

// offending counts the distinct offending values of the file's rejects, most frequent first,
// the structural problems found by the Go pass included.
func offending(ctx context.Context, conn *sql.Conn, in *input, cols map[profiles.Field]int) ([]Offending, error) {
	rows, err := conn.QueryContext(ctx, `
SELECT p.field, coalesce(p.value, ''), p.reason, count(*) AS n
FROM (SELECT unnest(problems) AS p FROM conv WHERE bad)
GROUP BY ALL
ORDER BY n DESC, 1, 2`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	header := dedupeHeader(in.header)
	perField := map[string]int{}
	var out []Offending
	for rows.Next() {
		var o Offending
		if err := rows.Scan(&o.Field, &o.Value, &o.Reason, &o.Count); err != nil {
			return nil, err
		}
		if perField[o.Field]++; perField[o.Field] > maxOffending {
			continue
		}
		o.Column = o.Field
		if i, ok := cols[profiles.Field(o.Field)]; ok && i < len(header) {
			o.Column = header[i]
		}
		out = append(out, o)
	}
	reasons := map[string]int64{}
	for _, b := range in.bad {
		reasons[b.Reason]++
	}
	for _, r := range sortedKeys(reasons) {
		out = append(out, Offending{Field: "record", Column: "(whole record)", Reason: r, Count: reasons[r]})
	}
	return out, rows.Err()
}

// OffendingReport renders the offending values and, for vocabularies, a block to paste into
// the mapping with a guess for each value that the user checks.
func OffendingReport(off []Offending) string {
	var b strings.Builder
	b.WriteString("  the values that made records rejects (count, column, value, reason):\n")
	for _, o := range off {
		v := o.Value
		if o.Field == "record" {
			v = "-"
		}
		fmt.Fprintf(&b, "    %7d  %s  %q  %s\n", o.Count, o.Column, v, o.Reason)
	}
	vocab := map[string][]Offending{}
	for _, o := range off {
		if strings.HasPrefix(o.Reason, "unknown ") {
			vocab[o.Field] = append(vocab[o.Field], o)
		}
	}
	if len(vocab) == 0 {
		return b.String()
	}
	b.WriteString("  add the unknown values to the mapping (check each guess), then load the file again:\n")
	fields := make([]string, 0, len(vocab))
	for f := range vocab {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	for _, f := range fields {
		key := f
		if f == "activity" {
			key = "activities"
		}
		fmt.Fprintf(&b, "    %s:\n", key)
		for _, o := range vocab[f] {
			fmt.Fprintf(&b, "      %q: %s\n", o.Value, guessVocabulary(f, o.Value))
		}
	}
	return b.String()
}

// guessVocabulary proposes the canonical value a source value most likely means; the
// comment beside it in the report asks the user to check.
func guessVocabulary(field, v string) string {
	l := strings.ToLower(v)
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(l, w) {
				return true
			}
		}
		return false
	}
	switch field {
	case "status":
		switch {
		case has("cancel", "reject", "duplicate", "invalid", "withdraw", "anulad", "cancelad"):
			return "cancelled"
		case has("clos", "cerrad", "done", "complet", "fechad", "chius"):
			return "closed"
		case has("resol", "solved", "fixed", "resuelt", "risolt"):
			return "resolved"
		case has("wait", "hold", "pend", "await", "esper", "sospes"):
			return "pending"
		case has("new", "nuev", "nuov", "novo", "to do", "todo", "open", "abiert"):
			if has("new", "nuev", "nuov", "novo") {
				return "new"
			}
			return "open"
		}
		return "open        # new, open, pending, resolved, closed or cancelled"
	case "priority":
		switch {
		case has("1", "critical", "urgent", "highest", "blocker", "crític", "urgente"):
			return "P1"
		case has("2", "high", "alta", "major"):
			return "P2"
		case has("4", "5", "low", "baja", "minor", "trivial", "planning"):
			return "P4"
		}
		return "P3          # P1, P2, P3 or P4"
	case "activity":
		return "{ kind: status }   # created, assigned, status, reply, reopened, resolved, closed, csat or updated; status: the status after it"
	}
	return "?"
}
