package etl

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"time"

	"github.com/tierlens/tierlens/etl/profiles"
	"github.com/tierlens/tierlens/etl/warehouse"
	"github.com/tierlens/tierlens/queries"
)

// derive builds this file's tickets, events, group tiers and intervals in temp tables.
func (l *Loader) derive(ctx context.Context, conn *sql.Conn, m *profiles.Mapping, source string, cols map[profiles.Field]int) error {
	hasReplies := false
	for _, a := range m.Activities {
		if a.Kind == "reply" {
			hasReplies = true
		}
	}
	if _, ok := cols[profiles.AgentReplies]; ok {
		hasReplies = true
	}
	src := sql.Named("source", source)
	defer l.timed("derive", time.Now())
	if err := l.groupTiers(ctx, conn, m, source); err != nil {
		return err
	}
	if err := l.writeConfigTiers(ctx, conn); err != nil {
		return err
	}
	if m.Shape == profiles.EventRows {
		t0 := time.Now()
		dir := 1
		if m.RowOrder == profiles.RowNewestFirst {
			dir = -1
		}
		if err := execScript(ctx, conn, queries.MustRead("etl/row_order.sql")); err != nil {
			return fmt.Errorf("derive row order: %w", err)
		}
		if err := execScript(ctx, conn, queries.MustRead("etl/events.sql"), src, sql.Named("row_order", dir)); err != nil {
			return fmt.Errorf("derive events: %w", err)
		}
		l.timed("events", t0)
		t0 = time.Now()
		if err := execScript(ctx, conn, queries.MustRead("etl/tickets_from_events.sql"), src, sql.Named("has_replies", hasReplies)); err != nil {
			return fmt.Errorf("derive tickets: %w", err)
		}
		l.timed("etl/tickets_from_events.sql", t0)
	} else {
		_, hasResolved := cols[profiles.Resolved]
		if err := execScript(ctx, conn, queries.MustRead("etl/tickets_from_rows.sql"), src, sql.Named("has_resolved", hasResolved)); err != nil {
			return fmt.Errorf("derive tickets: %w", err)
		}
	}
	// The converted records are no longer needed: free their memory before the heavy steps.
	if _, err := conn.ExecContext(ctx, "DROP TABLE temp.conv"); err != nil {
		return err
	}
	for _, f := range []string{"etl/intervals.sql", "etl/decide.sql"} {
		t0 := time.Now()
		err := execScript(ctx, conn, queries.MustRead(f))
		l.timed(f, t0)
		if err != nil {
			return fmt.Errorf("derive (%s): %w", f, err)
		}
	}
	return nil
}

// groupTiers maps every group of this file that the warehouse has not seen for this source,
// in Go (globs and regexes are the configuration's), into temp table gt_new; gt is the union
// with the known ones.
func (l *Loader) groupTiers(ctx context.Context, conn *sql.Conn, m *profiles.Mapping, source string) error {
	rows, err := conn.QueryContext(ctx, `
SELECT DISTINCT g FROM (
    SELECT coalesce(act_group, assignment_group) AS g FROM conv WHERE NOT bad
    UNION ALL
    SELECT assignment_group FROM conv WHERE NOT bad
) WHERE g IS NOT NULL
  AND g NOT IN (SELECT assignment_group FROM group_tiers WHERE source = $source)
ORDER BY 1`, sql.Named("source", source))
	if err != nil {
		return err
	}
	var groups []string
	for rows.Next() {
		var g string
		if err := rows.Scan(&g); err != nil {
			rows.Close()
			return err
		}
		groups = append(groups, g)
	}
	rows.Close()
	cfg := l.Config
	if len(m.TierMap) > 0 {
		cfg = cfg.WithExtraRules(m.TierMap)
	}
	var add [][]driver.Value
	for _, g := range groups {
		tier, vendor, rule := cfg.MatchGroup(source, g)
		add = append(add, []driver.Value{source, g, tier, nullStr(vendor), nullStr(rule)})
	}
	if _, err := conn.ExecContext(ctx, `
CREATE OR REPLACE TEMP TABLE gt_new (source VARCHAR, assignment_group VARCHAR, tier VARCHAR, vendor VARCHAR, rule VARCHAR);`); err != nil {
		return err
	}
	if err := warehouse.Append(ctx, conn, "temp", "gt_new", add); err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, `
CREATE OR REPLACE TEMP TABLE gt AS
SELECT assignment_group, tier, vendor FROM group_tiers WHERE source = $source
UNION ALL
SELECT assignment_group, tier, vendor FROM gt_new;`, sql.Named("source", source))
	return err
}

// writeConfigTiers makes the temp table tier_rank (id, rank) the interval SQL compares ranks with.
func (l *Loader) writeConfigTiers(ctx context.Context, conn *sql.Conn) error {
	if _, err := conn.ExecContext(ctx, `CREATE OR REPLACE TEMP TABLE tier_rank (tier VARCHAR, rank INTEGER)`); err != nil {
		return err
	}
	var rows [][]driver.Value
	for i, id := range l.Config.TierIDs() {
		rows = append(rows, []driver.Value{id, int32(i)})
	}
	return warehouse.Append(ctx, conn, "temp", "tier_rank", rows)
}
