package etl

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/tierlens/tierlens/config"
	"github.com/tierlens/tierlens/etl/profiles"
	"github.com/tierlens/tierlens/etl/warehouse"
)

// tierlensFigures are the figures of the independent computations, read from tierlens's own
// tables: the same names and keys as the `figures` table the independent SQL builds.
const tierlensFigures = `
SELECT 'tickets' AS figure, '' AS key, count(*) AS value FROM tickets
UNION ALL SELECT 'events', '', count(*) FROM ticket_events WHERE NOT synthesized
UNION ALL SELECT 'final status', status, count(*) FROM tickets GROUP BY ALL
UNION ALL SELECT 'created per month', strftime(created_at, '%Y-%m'), count(*) FROM tickets GROUP BY ALL
UNION ALL SELECT 'resolved per month', strftime(resolved_at, '%Y-%m'), count(*) FROM tickets WHERE resolved_at IS NOT NULL GROUP BY ALL
UNION ALL SELECT 'reopened tickets', '', count(*) FROM tickets WHERE reopens_seen > 0
UNION ALL SELECT 'entry tier', tier, count(*) FROM tier_intervals WHERE seq = 1 GROUP BY ALL
UNION ALL SELECT 'moves', entered_by, count(*) FROM tier_intervals GROUP BY ALL
UNION ALL SELECT 'max tier', t, count(*) FROM (
    SELECT ticket_key, coalesce(arg_max(i.tier, r.rank), 'unmapped') AS t
    FROM tier_intervals i LEFT JOIN tiers r USING (tier) GROUP BY ALL) GROUP BY ALL
ORDER BY ALL`

// independentFigures runs an independent computation (a SQL file of testdata/independent) over
// the raw file on its own connection, with the configuration's tier of each group.
func independentFigures(t *testing.T, w *warehouse.Warehouse, script, path string, cfg *config.Config, source string, groupsSQL string) []string {
	t.Helper()
	ctx := context.Background()
	conn, err := w.DB.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	rows, err := conn.QueryContext(ctx, groupsSQL, sql.Named("path", path))
	if err != nil {
		t.Fatal(err)
	}
	rank := map[string]int32{}
	for i, id := range cfg.TierIDs() {
		rank[id] = int32(i)
	}
	var groups [][]driver.Value
	for rows.Next() {
		var g string
		if err := rows.Scan(&g); err != nil {
			t.Fatal(err)
		}
		tier, _, _ := cfg.MatchGroup(source, g)
		r, ok := rank[tier]
		if tier == "unmapped" || !ok {
			groups = append(groups, []driver.Value{g, nil, nil})
			continue
		}
		groups = append(groups, []driver.Value{g, tier, r})
	}
	rows.Close()
	if _, err := conn.ExecContext(ctx, "CREATE OR REPLACE TEMP TABLE group_tier (grp VARCHAR, tier VARCHAR, rank INTEGER)"); err != nil {
		t.Fatal(err)
	}
	if err := warehouse.Append(ctx, conn, "temp", "group_tier", groups); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{script, "figures.sql"} {
		b, err := os.ReadFile(filepath.Join("testdata", "independent", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := execScript(ctx, conn, string(b), sql.Named("path", path)); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
	}
	out, err := conn.QueryContext(ctx, "SELECT figure, key, value FROM figures ORDER BY ALL")
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	var lines []string
	for out.Next() {
		var f, k string
		var v int64
		if err := out.Scan(&f, &k, &v); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, f+"|"+k+"|"+itoa(v))
	}
	return lines
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }

// compareFigures fails for every figure that differs, naming it.
func compareFigures(t *testing.T, what string, independent, ours []string) {
	t.Helper()
	if len(independent) < 5 {
		t.Fatalf("%s: only %d independent figures: nothing compared", what, len(independent))
	}
	a := map[string]bool{}
	for _, l := range independent {
		a[l] = true
	}
	b := map[string]bool{}
	for _, l := range ours {
		b[l] = true
	}
	for _, l := range independent {
		if !b[l] {
			t.Errorf("%s: independent %s, tierlens differs", what, l)
		}
	}
	for _, l := range ours {
		if !a[l] {
			t.Errorf("%s: tierlens %s, independent differs", what, l)
		}
	}
}

// checkUCIIndependently compares the loaded UCI log with an independent computation in plain
// SQL over the raw file, and checks every invariant for all 24,918 incidents.
func checkUCIIndependently(t *testing.T, w *warehouse.Warehouse, path string, cfg *config.Config) {
	t.Helper()
	ind := independentFigures(t, w, "uci.sql", path, cfg, "servicenow-eventlog",
		"SELECT DISTINCT assignment_group FROM read_csv($path, header = true, all_varchar = true) WHERE assignment_group <> '?'")
	compareFigures(t, "UCI", ind, dump(t, w.DB, tierlensFigures))
	checkInvariants(t, "UCI", w.DB)
}

// checkItalianIndependently does the same for the Italian help desk log, through its mapping.
func checkItalianIndependently(t *testing.T, w *warehouse.Warehouse, path, mapping string) {
	t.Helper()
	m, err := profiles.ReadMapping(mapping)
	if err != nil {
		t.Fatal(err)
	}
	ind := independentFigures(t, w, "italian.sql", path, config.Default().WithExtraRules(m.TierMap), "helpdesk-italian",
		"SELECT DISTINCT workgroup FROM read_csv($path, header = true, all_varchar = true) UNION SELECT 'Development'")
	compareFigures(t, "Italian help desk", ind, dump(t, w.DB, tierlensFigures))
	checkInvariants(t, "Italian help desk", w.DB)
}
