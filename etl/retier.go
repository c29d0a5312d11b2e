package etl

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"

	"github.com/tierlens/tierlens/etl/warehouse"
	"github.com/tierlens/tierlens/queries"
)

// Retier brings loaded data in line with the configuration's tiers and tier map when they
// changed since the last load: every group the map now places elsewhere moves, with its
// tickets, events and tier stays, in one transaction. Groups a generic mapping placed keep
// their tier. It returns how many groups moved.
func (l *Loader) Retier(ctx context.Context) (int, error) {
	conn, err := l.W.DB.Conn(ctx)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	defer dropTemps(conn)
	hash := l.Config.TierHash()
	var stored string
	err = conn.QueryRowContext(ctx, "SELECT value FROM _meta WHERE key = 'tier_config_hash'").Scan(&stored)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, err
	}
	if stored == hash {
		return 0, nil
	}
	rows, err := conn.QueryContext(ctx, "SELECT source, assignment_group, tier, coalesce(vendor, ''), coalesce(rule, '') FROM group_tiers ORDER BY 1, 2")
	if err != nil {
		return 0, err
	}
	var moved [][]driver.Value
	for rows.Next() {
		var source, group, tier, vendor, rule string
		if err := rows.Scan(&source, &group, &tier, &vendor, &rule); err != nil {
			rows.Close()
			return 0, err
		}
		if strings.HasPrefix(rule, "mapping ") {
			continue
		}
		nt, nv, nr := l.Config.MatchGroup(source, group)
		if nt != tier || nv != vendor || nr != rule {
			moved = append(moved, []driver.Value{source, group, nt, nullStr(nv), nullStr(nr), nullStr(vendor)})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	if _, err := conn.ExecContext(ctx, `CREATE OR REPLACE TEMP TABLE retiered (source VARCHAR, assignment_group VARCHAR, tier VARCHAR, vendor VARCHAR, rule VARCHAR, old_vendor VARCHAR)`); err != nil {
		return 0, err
	}
	if err := warehouse.Append(ctx, conn, "temp", "retiered", moved); err != nil {
		return 0, err
	}
	if err := l.writeConfigTiers(ctx, conn); err != nil {
		return 0, err
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	if len(moved) > 0 {
		if err := execScript(ctx, tx, queries.MustRead("etl/retier.sql")); err != nil {
			return 0, fmt.Errorf("re-tier: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM _meta WHERE key = 'tier_config_hash'"); err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO _meta VALUES ('tier_config_hash', ?)", hash); err != nil {
		return 0, err
	}
	if err := writeConfig(ctx, tx, conn, l.Config); err != nil {
		return 0, err
	}
	return len(moved), tx.Commit()
}
