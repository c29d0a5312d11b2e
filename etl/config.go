package etl

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/tierlens/tierlens/config"
)

// writeConfig rewrites the configuration tables inside the load's transaction, so the
// warehouse always says which settings its derived data was computed with.
func writeConfig(ctx context.Context, tx *sql.Tx, conn *sql.Conn, c *config.Config) error {
	for _, t := range []string{"tiers", "tier_map", "calendars", "holidays", "sla_policies", "targets"} {
		if _, err := tx.ExecContext(ctx, "DELETE FROM main."+t); err != nil {
			return err
		}
	}
	for i, t := range c.Tiers {
		if _, err := tx.ExecContext(ctx, "INSERT INTO main.tiers VALUES (?, ?, ?, ?, ?)", t.ID, t.Label, i, nullInt(t.TimeLimit.Minutes()), nullInt(t.OLA.Minutes())); err != nil {
			return err
		}
	}
	for i, r := range c.TierMap {
		var src any
		if r.Source != "" {
			src = r.Source
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO main.tier_map VALUES (?, ?, ?, ?, ?, ?)", i+1, r.Text(), r.Kind(), r.Tier, r.Vendor, src); err != nil {
			return err
		}
	}
	for _, name := range c.CalendarNames() {
		cal := c.Calendars[name]
		for _, w := range cal.Windows {
			if _, err := tx.ExecContext(ctx, "INSERT INTO main.calendars VALUES (?, ?, ?, ?::TIME, ?::TIME)", name, cal.TimeZone, w.Weekday, clockString(w.Start), clockString(w.End)); err != nil {
				return err
			}
		}
		for _, h := range cal.Holidays {
			from, to, err := h.Days()
			if err != nil {
				return err
			}
			for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
				if _, err := tx.ExecContext(ctx, "INSERT INTO main.holidays VALUES (?, ?::DATE, ?)", name, d.Format("2006-01-02"), h.Name); err != nil {
					return err
				}
			}
		}
	}
	for i, p := range c.SLAPolicies {
		if _, err := tx.ExecContext(ctx, "INSERT INTO main.sla_policies VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			p.Name, i+1, nullString(p.Priority), nullString(p.Tier), nullString(p.Channel), nullString(p.Vendor), p.Calendar,
			nullInt(p.Response.Minutes()), nullInt(p.Resolution.Minutes()), p.PauseOn, p.Reopen); err != nil {
			return err
		}
	}
	for _, name := range c.TargetNames() {
		t := c.Targets[name]
		if t.All != nil {
			if _, err := tx.ExecContext(ctx, "INSERT INTO main.targets VALUES (?, NULL, ?)", name, *t.All); err != nil {
				return err
			}
		}
		for _, tier := range sortedKeys(t.ByTier) {
			if _, err := tx.ExecContext(ctx, "INSERT INTO main.targets VALUES (?, ?, ?)", name, tier, t.ByTier[tier]); err != nil {
				return err
			}
		}
	}
	return nil
}

// clockString renders a window bound as a TIME literal; 24:00 becomes the last instant of the
// day because TIME stops at 23:59:59.999999.
func clockString(d time.Duration) string {
	if d >= 24*time.Hour {
		return "23:59:59.999999"
	}
	return fmt.Sprintf("%02d:%02d:00", int(d.Hours()), int(d.Minutes())%60)
}

func nullInt(v int) any {
	if v == 0 {
		return nil
	}
	return v
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}
