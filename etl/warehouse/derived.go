package warehouse

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/tierlens/tierlens/queries"
)

// _meta keys of the derivation: the DerivedVersion, the calendars' span, and one key per
// configuration part (derivedPartPrefix + part name) with the hash it was derived with.
const (
	derivedVersionKey = "derived_version"
	derivedSpanKey    = "derived_span"
	derivedPartPrefix = "derived_config:"
)

var derivedVersion = sync.OnceValue(func() string {
	// views 020 and later are the reports' macros (dashboard, pack): they read the derived
	// tables and build none, so editing them leaves the tables current
	return sqlHash(append([]string{"etl/derived.sql", "etl/derive_scope.sql"}, sqlFiles("schema/*.sql", "views/0[01]*.sql")...))
})

// sqlFiles lists the files of queries/ that match each pattern, each pattern's in name order:
// the order the schema and views are created in, and hashed in (schemaSQL, DerivedVersion).
func sqlFiles(patterns ...string) []string {
	var names []string
	for _, pattern := range patterns {
		more, _ := fs.Glob(queries.FS(), pattern)
		sort.Strings(more)
		names = append(names, more...)
	}
	return names
}

// sqlHash identifies the named files of queries/ as this binary embeds them: 16 hex digits
// of a sha256 over each name and text in turn.
func sqlHash(names []string) string {
	h := sha256.New()
	for _, n := range names {
		h.Write([]byte(n))
		h.Write([]byte(queries.MustRead(n)))
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// DerivedVersion identifies the SQL that builds the derived tables (the derivation script, the
// schema and the *_build views): tables built by another tierlens may be computed differently
// even when they cover every ticket.
func DerivedVersion() string { return derivedVersion() }

// Span is the range of local days the business calendars were derived over (the
// calendar_span view).
type Span struct{ First, Last time.Time }

// DerivedWith is what the derived tables were last derived with.
type DerivedWith struct {
	Version string            // DerivedVersion of the tierlens that derived them; "" = never
	Parts   map[string]string // configuration part → hash (config.PartHashes)
	Span    Span
}

// ChangedParts lists, sorted, the parts whose hash in now differs from the one derived with
// (a part never recorded counts as changed once anything was derived).
func (d DerivedWith) ChangedParts(now map[string]string) []string {
	if d.Version == "" {
		return nil
	}
	var out []string
	for p, h := range now {
		if d.Parts[p] != h {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

// querier is a *sql.DB, *sql.Conn or *sql.Tx.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// ReadDerivedWith reads what the derived tables were derived with from _meta.
func ReadDerivedWith(ctx context.Context, q querier) (DerivedWith, error) {
	d := DerivedWith{Parts: map[string]string{}}
	rows, err := q.QueryContext(ctx, "SELECT key, value FROM _meta WHERE key LIKE 'derived%'")
	if err != nil {
		return d, err
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return d, err
		}
		switch {
		case k == derivedVersionKey:
			d.Version = v
		case k == derivedSpanKey:
			first, last, _ := strings.Cut(v, " ")
			d.Span.First, _ = time.Parse(time.DateOnly, first)
			d.Span.Last, _ = time.Parse(time.DateOnly, last)
		case strings.HasPrefix(k, derivedPartPrefix):
			d.Parts[strings.TrimPrefix(k, derivedPartPrefix)] = v
		}
	}
	return d, rows.Err()
}

// MarkDerived records, inside the derivation's transaction, what the derived tables were
// derived with.
func MarkDerived(ctx context.Context, tx *sql.Tx, d DerivedWith) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM _meta WHERE key LIKE 'derived%'"); err != nil {
		return err
	}
	kv := [][2]string{
		{derivedVersionKey, d.Version},
		{derivedSpanKey, d.Span.First.Format(time.DateOnly) + " " + d.Span.Last.Format(time.DateOnly)},
	}
	for p, h := range d.Parts {
		kv = append(kv, [2]string{derivedPartPrefix + p, h})
	}
	for _, e := range kv {
		if _, err := tx.ExecContext(ctx, "INSERT INTO _meta VALUES (?, ?)", e[0], e[1]); err != nil {
			return err
		}
	}
	return nil
}

// DerivedState says whether the derived tables (SLA tables, ticket_facts, backlog and SLA
// spans) can be trusted.
type DerivedState struct {
	Tickets, Covered int64    // tickets, and tickets the least complete per-ticket table covers
	Pending          int64    // tickets loaded or re-tiered but not derived yet (derive_queue)
	SameVersion      bool     // built by this tierlens's SQL
	ConfigChanged    []string // configuration parts changed since the derivation, sorted
}

// Current reports whether the derived tables cover every ticket as loaded, were built by this
// tierlens and with the configuration as it is now.
func (s DerivedState) Current() bool {
	return s.Tickets == s.Covered && s.Pending == 0 && s.SameVersion && len(s.ConfigChanged) == 0
}

// Derived reads the state of the derived tables against the configuration parts now (nil:
// do not compare the configuration).
func (w *Warehouse) Derived(ctx context.Context, parts map[string]string) (DerivedState, error) {
	var s DerivedState
	if err := w.DB.QueryRowContext(ctx, "SELECT tickets, clocked FROM sla_freshness").Scan(&s.Tickets, &s.Covered); err != nil {
		return s, fmt.Errorf("check the derived tables: %w", err)
	}
	// A warehouse of this schema version written before the queue existed has no such table.
	if err := w.DB.QueryRowContext(ctx, "SELECT count(DISTINCT ticket_key) FROM derive_queue").Scan(&s.Pending); err != nil && !strings.Contains(err.Error(), "does not exist") {
		return s, fmt.Errorf("check the derived tables: %w", err)
	}
	d, err := ReadDerivedWith(ctx, w.DB)
	if err != nil {
		return s, fmt.Errorf("check the derived tables: %w", err)
	}
	// an empty warehouse has nothing to derive
	s.SameVersion = d.Version == DerivedVersion() || s.Tickets == 0
	if parts != nil && s.Tickets > 0 {
		s.ConfigChanged = d.ChangedParts(parts)
	}
	return s, nil
}
