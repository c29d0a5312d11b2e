package etl

import (
	"errors"
	"fmt"
	"sort"
	"strings"
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

// offending counts the distinct values behind a file's rejects (every problem of every
// record, the Go pass's structural ones included), most frequent first, at most maxOffending
// per column.
func offending(rejects []Reject) []Offending {
	type key struct{ col, val, reason string }
	counts := map[key]int64{}
	var order []key
	for _, r := range rejects {
		k := key{r.Column, r.Value, r.Reason}
		if k.col == "" {
			k.col = "(whole record)"
		}
		if counts[k] == 0 {
			order = append(order, k)
		}
		counts[k]++
	}
	sort.SliceStable(order, func(i, j int) bool {
		if counts[order[i]] != counts[order[j]] {
			return counts[order[i]] > counts[order[j]]
		}
		return order[i].col+order[i].val < order[j].col+order[j].val
	})
	perCol := map[string]int{}
	var out []Offending
	for _, k := range order {
		if perCol[k.col]++; perCol[k.col] > maxOffending {
			continue
		}
		field := k.col
		for _, f := range []string{"status", "priority", "activity"} {
			if strings.HasPrefix(k.reason, "unknown "+f) {
				field = f
			}
		}
		out = append(out, Offending{Field: field, Column: k.col, Value: k.val, Reason: k.reason, Count: counts[k]})
	}
	return out
}

// OffendingReport renders the offending values and, for vocabularies, a block to paste into
// the mapping with a guess for each value that the user checks.
func OffendingReport(off []Offending) string {
	var b strings.Builder
	b.WriteString("  the values that made records rejects (count, column, value, reason):\n")
	for _, o := range off {
		fmt.Fprintf(&b, "    %7d  %s  %q  %s\n", o.Count, o.Column, o.Value, o.Reason)
	}
	vocab := map[string][]Offending{}
	for _, o := range off {
		if o.Field == "status" || o.Field == "priority" || o.Field == "activity" {
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
		case has("new", "nuev", "nuov", "novo"):
			return "new"
		case has("to do", "todo", "open", "abiert"):
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
