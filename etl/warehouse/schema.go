package warehouse

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/tierlens/tierlens/queries"
)

// SchemaVersion is the version of queries/schema this binary writes and reads.
const SchemaVersion = 1

// checkSchema creates the schema in a new file and refuses a file of another version.
func (w *Warehouse) checkSchema(ctx context.Context) error {
	var v string
	err := w.DB.QueryRowContext(ctx, "SELECT value FROM _meta WHERE key = 'schema_version'").Scan(&v)
	switch {
	case err == nil:
		n, _ := strconv.Atoi(v)
		if n == SchemaVersion {
			if w.ReadOnly {
				return nil
			}
			current, err := w.schemaCurrent(ctx)
			if err != nil || current {
				return err
			}
			return w.refreshSchema(ctx)
		}
		if n > SchemaVersion {
			return fmt.Errorf("%w: %s has schema version %d but this tierlens knows version %d: upgrade tierlens", ErrSchemaVersion, w.Path, n, SchemaVersion)
		}
		return fmt.Errorf("%w: %s has schema version %d but this tierlens needs version %d: load your exports into a new warehouse (--db new.duckdb), then replace the old file", ErrSchemaVersion, w.Path, n, SchemaVersion)
	case errors.Is(err, sql.ErrNoRows) || isMissingTable(err):
		if w.ReadOnly {
			return fmt.Errorf("%s is not a tierlens warehouse (no schema version): load exports into it first", w.Path)
		}
		return w.createSchema(ctx)
	default:
		return fmt.Errorf("read schema version of %s: %w", w.Path, err)
	}
}

func (w *Warehouse) createSchema(ctx context.Context) error { return w.applySchema(ctx, true) }

// refreshSchema runs the schema files again (every statement is CREATE ... IF NOT EXISTS, so
// tables added within this schema version appear in older files) and recreates the views, on
// a writer's open when the file's schema SQL is not this binary's (schemaCurrent).
func (w *Warehouse) refreshSchema(ctx context.Context) error { return w.applySchema(ctx, false) }

// schemaSQLKey is the _meta key of the schema SQL a file's tables, macros and views were last
// created with (schemaSQL).
const schemaSQLKey = "schema_sql"

// schemaSQL identifies queries/schema and queries/views as this binary embeds them.
var schemaSQL = sync.OnceValue(func() string { return sqlHash(sqlFiles("schema/*.sql", "views/*.sql")) })

// schemaCurrent reports whether the file's schema and views were created from this binary's
// SQL, so a writer's open can skip recreating them: the commit of recreated views makes DuckDB
// checkpoint, which took 0.4-0.7 s of every load into a 1M-ticket warehouse.
func (w *Warehouse) schemaCurrent(ctx context.Context) (bool, error) {
	var v string
	err := w.DB.QueryRowContext(ctx, "SELECT value FROM _meta WHERE key = ?", schemaSQLKey).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("read schema version of %s: %w", w.Path, err)
	}
	return v == schemaSQL(), nil
}

// applySchema runs every schema file and view in one transaction; a new file also gets its
// schema version.
func (w *Warehouse) applySchema(ctx context.Context, create bool) error {
	tx, err := w.DB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, name := range sqlFiles("schema/*.sql") {
		if _, err := tx.ExecContext(ctx, queries.MustRead(name)); err != nil {
			return fmt.Errorf("schema (%s): %w", name, err)
		}
	}
	if create {
		if _, err := tx.ExecContext(ctx, "INSERT INTO _meta VALUES ('schema_version', ?)", strconv.Itoa(SchemaVersion)); err != nil {
			return err
		}
	}
	if err := w.createViews(ctx, tx); err != nil {
		return err
	}
	for _, q := range []string{"DELETE FROM _meta WHERE key = $key", "INSERT INTO _meta VALUES ($key, $sql)"} {
		if _, err := tx.ExecContext(ctx, q, sql.Named("key", schemaSQLKey), sql.Named("sql", schemaSQL())); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// createViews (re)creates every view in queries/views, so a newer binary can refresh them.
func (w *Warehouse) createViews(ctx context.Context, tx *sql.Tx) error {
	for _, name := range sqlFiles("views/*.sql") {
		if _, err := tx.ExecContext(ctx, queries.MustRead(name)); err != nil {
			return fmt.Errorf("create view (%s): %w", name, err)
		}
	}
	return nil
}

func isMissingTable(err error) bool {
	return err != nil && strings.Contains(err.Error(), "_meta does not exist")
}
