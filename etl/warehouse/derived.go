package warehouse

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io/fs"
	"sort"
	"sync"

	"github.com/tierlens/tierlens/queries"
)

// derivedVersionKey is the _meta key holding the DerivedVersion the derived tables were built by.
const derivedVersionKey = "derived_version"

var derivedVersion = sync.OnceValue(func() string {
	h := sha256.New()
	names := []string{"etl/sla.sql"}
	for _, pattern := range []string{"schema/*.sql", "views/*.sql"} {
		more, _ := fs.Glob(queries.FS(), pattern)
		sort.Strings(more)
		names = append(names, more...)
	}
	for _, n := range names {
		h.Write([]byte(n))
		h.Write([]byte(queries.MustRead(n)))
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
})

// DerivedVersion identifies the SQL that builds the derived tables (the rebuild script, the
// schema and the *_build views): tables built by another tierlens may be computed differently
// even when they cover every ticket.
func DerivedVersion() string { return derivedVersion() }

// DerivedState says whether the derived tables (SLA tables, ticket_facts, backlog and SLA spans)
// can be trusted.
type DerivedState struct {
	Tickets, Covered int64 // tickets, and tickets the least complete per-ticket table covers
	SameVersion      bool  // built by this tierlens's SQL
}

// Current reports whether the derived tables cover every ticket and were built by this tierlens.
func (s DerivedState) Current() bool { return s.Tickets == s.Covered && s.SameVersion }

// Derived reads the state of the derived tables (the sla_freshness view and _meta).
func (w *Warehouse) Derived(ctx context.Context) (DerivedState, error) {
	var s DerivedState
	if err := w.DB.QueryRowContext(ctx, "SELECT tickets, clocked FROM sla_freshness").Scan(&s.Tickets, &s.Covered); err != nil {
		return s, fmt.Errorf("check the derived tables: %w", err)
	}
	var v string
	err := w.DB.QueryRowContext(ctx, "SELECT coalesce(max(value), '') FROM _meta WHERE key = ?", derivedVersionKey).Scan(&v)
	if err != nil {
		return s, fmt.Errorf("check the derived tables: %w", err)
	}
	// an empty warehouse has nothing to derive
	s.SameVersion = v == DerivedVersion() || s.Tickets == 0
	return s, nil
}

// MarkDerived records, inside the rebuild's transaction, that this tierlens built the derived
// tables.
func MarkDerived(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM _meta WHERE key = ?", derivedVersionKey); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, "INSERT INTO _meta VALUES (?, ?)", derivedVersionKey, DerivedVersion())
	return err
}
