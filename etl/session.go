package etl

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/tierlens/tierlens/etl/profiles"
)

// prepareSession creates this connection's helpers: the macro that converts naive times to
// UTC and the boolean reader. It returns the vocabularies as list parameters for the
// conversion.
func (l *Loader) prepareSession(ctx context.Context, conn *sql.Conn, m *profiles.Mapping, loc *time.Location) ([]any, error) {
	ddl := utcMacro(loc, 1990, 2100) + `
CREATE OR REPLACE TEMP MACRO tl_at(x, zoned, zbit) AS CASE WHEN coalesce(zoned & zbit, 0) <> 0 THEN x ELSE tl_utc(x) END;
` + timeMacros + `
CREATE OR REPLACE TEMP MACRO tl_bool(x) AS CASE lower(trim(x))
    WHEN 'true' THEN true WHEN 'yes' THEN true WHEN 'y' THEN true WHEN 't' THEN true WHEN '1' THEN true
    WHEN 'false' THEN false WHEN 'no' THEN false WHEN 'n' THEN false WHEN 'f' THEN false WHEN '0' THEN false
END;`
	if err := execScript(ctx, conn, ddl); err != nil {
		return nil, fmt.Errorf("prepare: %w", err)
	}
	var args []any
	vocab := func(name string, v map[string]string, canon []string) {
		keys, vals := []string{}, []string{}
		seen := map[string]bool{}
		for _, k := range sortedKeys(v) {
			keys, vals = append(keys, k), append(vals, v[k])
			seen[k] = true
		}
		for _, c := range canon {
			if !seen[strings.ToLower(c)] {
				keys, vals = append(keys, strings.ToLower(c)), append(vals, c)
			}
		}
		args = append(args, sql.Named(name+"_keys", keys), sql.Named(name+"_vals", vals))
	}
	exact, globs := splitGlobs(m.Status)
	vocab("status", exact, profiles.Statuses)
	vocab("priority", m.Priority, []string{"P1", "P2", "P3", "P4"})
	vocab("channel", m.Channel, nil)
	args = append(args, vocabArgs(m)...)
	gk, gv := []string{}, []string{}
	for _, k := range sortedKeys(globs) {
		gk, gv = append(gk, k), append(gv, globs[k])
	}
	var keys, kinds, statuses, groups, publics, roles []string
	for _, k := range sortedKeys(m.Activities) {
		a := m.Activities[k]
		pub := ""
		if a.Public != nil {
			pub = fmt.Sprint(*a.Public)
		}
		keys, kinds, statuses = append(keys, k), append(kinds, a.Kind), append(statuses, a.Status)
		groups, publics, roles = append(groups, a.Group), append(publics, pub), append(roles, a.Role)
	}
	// DuckDB cannot type an empty list parameter; a placeholder no value can match keeps it VARCHAR[].
	if len(keys) == 0 {
		keys, kinds, statuses, groups, publics, roles = []string{"\x00"}, []string{""}, []string{""}, []string{""}, []string{""}, []string{""}
	}
	// Patterns in sorted order, the first that matches wins; an empty list gets a
	// placeholder no status can match.
	if len(gk) == 0 {
		gk, gv = []string{"\x00"}, []string{""}
	}
	args = append(args, sql.Named("status_globs", gk), sql.Named("status_glob_vals", gv))
	args = append(args, sql.Named("act_keys", keys), sql.Named("act_kinds", kinds), sql.Named("act_statuses", statuses),
		sql.Named("act_groups", groups), sql.Named("act_publics", publics), sql.Named("act_roles", roles))
	return args, nil
}

// splitGlobs separates a status vocabulary's patterns ("waiting on *") from its exact values.
func splitGlobs(v map[string]string) (exact, globs map[string]string) {
	exact, globs = map[string]string{}, map[string]string{}
	for k, s := range v {
		if strings.ContainsAny(k, "*?") {
			globs[k] = s
		} else {
			exact[k] = s
		}
	}
	return exact, globs
}

// vocabArgs are the list parameters of the vocabularies a mapping may add: the status hint,
// made_sla words and CSAT answers. Each list has entries of its own (true/false, good/bad
// after the mapping's; a placeholder for the hint), since DuckDB cannot type an empty list
// parameter.
func vocabArgs(m *profiles.Mapping) []any {
	hk, hv := []string{"\x00"}, []string{""}
	for _, k := range sortedKeys(m.StatusHint) {
		hk, hv = append(hk, k), append(hv, m.StatusHint[k])
	}
	// The mapping's words first: list_position takes the first match.
	var sk []string
	var sv []bool
	for _, k := range sortedKeys(m.MadeSLA) {
		sk, sv = append(sk, k), append(sv, m.MadeSLA[k])
	}
	sk, sv = append(sk, "true", "false"), append(sv, true, false)
	var ck []string
	var cv []float64
	for _, k := range sortedKeys(m.CSAT) {
		ck, cv = append(ck, k), append(cv, m.CSAT[k])
	}
	ck, cv = append(ck, "good", "bad"), append(cv, 5, 1)
	return []any{sql.Named("hint_keys", hk), sql.Named("hint_vals", hv), sql.Named("sla_keys", sk), sql.Named("sla_vals", sv),
		sql.Named("csat_keys", ck), sql.Named("csat_vals", cv)}
}

func nullStr(s string) driver.Value {
	if s == "" {
		return nil
	}
	return s
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
