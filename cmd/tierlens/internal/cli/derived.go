package cli

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/tierlens/tierlens/config"
	"github.com/tierlens/tierlens/etl/warehouse"
)

// derivedNotes says why the derived tables cannot be trusted as they are, one sentence each:
// tickets loaded but not derived (a load stopped before its last step), tables that miss
// tickets or were built by another tierlens, or a configuration changed since the derivation.
// None when they are current.
func derivedNotes(ctx context.Context, env *Env, w *warehouse.Warehouse) []string {
	var parts map[string]string
	file := "the configuration"
	if cfg, err := env.Config(); err == nil {
		parts = cfg.PartHashes()
		if cfg.Path != "" {
			file = cfg.Path
		}
	}
	s, err := w.Derived(ctx, parts)
	if err != nil {
		return nil
	}
	var notes []string
	switch {
	case !s.SameVersion:
		notes = append(notes, "another version of tierlens built the derived tables: run tierlens load --rebuild before trusting the KPIs")
	case s.Pending > 0:
		notes = append(notes, fmt.Sprintf("%d tickets were loaded but not derived yet (the load stopped before its last step): the KPIs show them as before that load; the next tierlens load derives them, or run tierlens load --rebuild", s.Pending))
	case s.Covered != s.Tickets:
		notes = append(notes, fmt.Sprintf("the derived tables cover %d of %d tickets: the KPIs miss the others (run tierlens load --rebuild)", s.Covered, s.Tickets))
	}
	// Targets are read from the configuration file by every report: a change needs no load.
	changed := slices.DeleteFunc(slices.Clone(s.ConfigChanged), func(p string) bool { return p == config.PartTargets })
	if len(changed) > 0 {
		notes = append(notes, fmt.Sprintf("%s changed since the warehouse was derived (%s): the KPIs still use the old settings until the next tierlens load (or tierlens load --rebuild) applies them", file, strings.Join(changed, ", ")))
	}
	return notes
}

// warnStaleDerived prints derivedNotes on stderr as warnings and returns them (the
// dashboard shows them on its page too).
func warnStaleDerived(ctx context.Context, env *Env, w *warehouse.Warehouse) []string {
	notes := derivedNotes(ctx, env, w)
	for _, n := range notes {
		fmt.Fprintf(env.Err, "warning: %s\n", n)
	}
	return notes
}
