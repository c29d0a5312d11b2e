// Package lake writes the warehouse out as a Parquet lake (tierlens export) and opens a lake
// for the metrics (metrics run --lake). A lake is a directory of Parquet files, tickets and
// their events hive-partitioned by source, year and month, beside a manifest.json that says
// what is in it and a views.sql that recreates the warehouse's tables (as views over the
// files), macros and views in DuckDB. The files are written by DuckDB's own COPY … TO on
// tierlens's connection, never by user SQL.
package lake

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/tierlens/tierlens/etl/warehouse"
	"github.com/tierlens/tierlens/queries"
)

// Format names a tierlens lake in its manifest; FormatVersion changes when the layout does.
const (
	Format        = "tierlens-lake"
	FormatVersion = 1
	ManifestFile  = "manifest.json"
	ViewsFile     = "views.sql"
)

// ErrNotEmpty means export's output directory holds files and --force was not given.
var ErrNotEmpty = errors.New("output directory not empty")

// ErrNotLake means a directory has no tierlens manifest.
var ErrNotLake = errors.New("not a tierlens lake")

// Manifest is manifest.json: what a lake holds and what wrote it.
type Manifest struct {
	Format          string `json:"format"`
	FormatVersion   int    `json:"format_version"`
	SchemaVersion   int    `json:"schema_version"`
	DerivedVersion  string `json:"derived_version"` // warehouse.DerivedVersion of the exporting tierlens
	TierlensVersion string `json:"tierlens_version"`
	DuckDBVersion   string `json:"duckdb_version"`
	// ExportedAt is when the export started (UTC); the tables are one snapshot of that moment.
	ExportedAt time.Time `json:"exported_at"`
	Warehouse  string    `json:"warehouse"` // the warehouse file's base name
	Data       DataRange `json:"data"`
	// ConfigHash identifies the configuration the derived tables were derived with: the
	// SHA-256 of ConfigParts (part=hash lines, sorted); ConfigParts are the parts' own hashes.
	ConfigHash  string            `json:"config_hash"`
	ConfigParts map[string]string `json:"config_parts"`
	Tables      []Table           `json:"tables"`
	Rows        int64             `json:"rows"`  // all tables
	Bytes       int64             `json:"bytes"` // all Parquet files
	Views       string            `json:"views"` // ViewsFile
}

// DataRange is the span of the data: tickets' creation and events' times (UTC); nil when
// there is none.
type DataRange struct {
	TicketsCreatedFirst *time.Time `json:"tickets_created_first"`
	TicketsCreatedLast  *time.Time `json:"tickets_created_last"`
	EventsFirst         *time.Time `json:"events_first"`
	EventsLast          *time.Time `json:"events_last"`
}

// Table is one warehouse table in the lake.
type Table struct {
	Name string `json:"name"`
	// PartitionedBy lists the hive partition keys, outermost first; empty: one file.
	PartitionedBy []string `json:"partitioned_by,omitempty"`
	Rows          int64    `json:"rows"`
	Bytes         int64    `json:"bytes"`
	Files         []string `json:"files"` // relative to the lake, '/'-separated, sorted
	Columns       []Column `json:"columns"`
}

// Column is a table column with its DuckDB type.
type Column struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

// partitioned are the tables written hive-partitioned: the SELECT that adds the partition
// columns. A ticket's events go where the ticket goes (its source, the year and month of its
// creation), so one partition holds whole tickets with all their events; an event whose
// ticket is missing goes by its own key's source and time.
var partitioned = map[string]string{
	"tickets": `SELECT *, year(created_at) AS year, month(created_at) AS month FROM tickets`,
	"ticket_events": `SELECT e.*, coalesce(t.source, split_part(e.ticket_key, ':', 1)) AS source,
       year(coalesce(t.created_at, e.event_at)) AS year, month(coalesce(t.created_at, e.event_at)) AS month
FROM ticket_events e LEFT JOIN (SELECT ticket_key, source, created_at FROM tickets) t ON t.ticket_key = e.ticket_key`,
}

// PartitionKeys are the hive keys of the partitioned tables, outermost first.
var PartitionKeys = []string{"source", "year", "month"}

// CopySQL is the COPY … TO statement export runs for table into dir (an absolute path): the
// hive-partitioned ones for tickets and events, one Parquet file for the others. Exported for
// the benchmark, which runs the same statements in DuckDB itself.
func CopySQL(table, dir string) string {
	if sel, ok := partitioned[table]; ok {
		return fmt.Sprintf("COPY (%s) TO %s (FORMAT parquet, PARTITION_BY (%s), RETURN_STATS)",
			sel, warehouse.SQLString(filepath.Join(dir, table)), strings.Join(PartitionKeys, ", "))
	}
	return fmt.Sprintf("COPY (FROM %s) TO %s (FORMAT parquet, RETURN_STATS)", ident(table), warehouse.SQLString(filepath.Join(dir, table+".parquet")))
}

// ExportOptions say what to export where.
type ExportOptions struct {
	Warehouse string // the warehouse file
	Out       string // the lake directory
	Force     bool   // replace a non-empty Out
	Version   string // tierlens version, for the manifest
	Open      warehouse.Options
	// Progress, when set, is told of each table once it is written.
	Progress func(t Table, took time.Duration)
	Now      func() time.Time
}

// Export writes the warehouse as a lake into o.Out. It writes into a temporary directory
// beside Out and renames it at the end, so Out is either the old content or the whole new
// lake, never half of one. The warehouse is opened read-only (readers may stay open; a load
// waits), sandboxed but for the temporary directory, and every table is copied in one
// transaction, so the lake is one consistent snapshot.
func Export(ctx context.Context, o ExportOptions) (*Manifest, error) {
	out, err := filepath.Abs(o.Out)
	if err != nil {
		return nil, err
	}
	if err := checkOut(out, o.Force); err != nil {
		return nil, err
	}
	if err := notInside(out, o.Warehouse); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(out), "."+filepath.Base(out)+".export-")
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	keep := false
	defer func() {
		if !keep {
			os.RemoveAll(tmp)
		}
	}()
	now := time.Now
	if o.Now != nil {
		now = o.Now
	}
	opts := o.Open
	opts.ReadOnly = true
	opts.WriteDir = tmp
	w, err := warehouse.Open(ctx, o.Warehouse, opts)
	if err != nil {
		return nil, err
	}
	m, err := write(ctx, w, tmp, o, now().UTC())
	if cerr := w.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	if err := writeFiles(tmp, m); err != nil {
		return nil, err
	}
	if err := replace(tmp, out); err != nil {
		return nil, err
	}
	keep = true
	return m, nil
}

// checkOut refuses an Out that is a file, or a directory with anything in it unless force.
func checkOut(out string, force bool) error {
	st, err := os.Stat(out)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("export: %w", err)
	case !st.IsDir():
		return fmt.Errorf("export: %s is a file, not a directory", out)
	}
	ents, err := os.ReadDir(out)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if len(ents) > 0 && !force {
		return fmt.Errorf("%w: %s holds %d entries (e.g. %s); export into a new or empty directory, or add --force to replace its content",
			ErrNotEmpty, out, len(ents), ents[0].Name())
	}
	return nil
}

// notInside refuses an Out that holds the warehouse or the working directory: replacing it
// (--force) would delete them with the old content.
func notInside(out, db string) error {
	within := func(p string) bool {
		abs, err := filepath.Abs(p)
		if err != nil {
			return true
		}
		rel, err := filepath.Rel(out, abs)
		return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
	}
	if within(db) {
		return fmt.Errorf("export: --out %s holds the warehouse %s: write the lake into a directory of its own", out, db)
	}
	if wd, err := os.Getwd(); err == nil && within(wd) {
		return fmt.Errorf("export: --out %s holds the working directory %s: write the lake into a directory of its own", out, wd)
	}
	return nil
}

// replace puts the finished lake tmp at out: an old out (empty, or replaced with --force) is
// moved aside first and removed once the new one is in place.
func replace(tmp, out string) error {
	old := ""
	if _, err := os.Stat(out); err == nil {
		old = tmp + ".old"
		if err := os.Rename(out, old); err != nil {
			return fmt.Errorf("export: move the old %s aside: %w", out, err)
		}
	}
	if err := os.Rename(tmp, out); err != nil {
		if old != "" {
			os.Rename(old, out)
		}
		return fmt.Errorf("export: %w", err)
	}
	if old != "" {
		if err := os.RemoveAll(old); err != nil {
			return fmt.Errorf("export: remove the old content of %s (now in %s): %w", out, old, err)
		}
	}
	return nil
}

// write copies every table of w into dir within one transaction and returns the manifest.
func write(ctx context.Context, w *warehouse.Warehouse, dir string, o ExportOptions, started time.Time) (*Manifest, error) {
	conn, err := w.DB.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	engine, err := warehouse.EngineVersion(ctx)
	if err != nil {
		return nil, err
	}
	m := &Manifest{
		Format: Format, FormatVersion: FormatVersion, SchemaVersion: warehouse.SchemaVersion,
		DerivedVersion: warehouse.DerivedVersion(), TierlensVersion: o.Version, DuckDBVersion: engine,
		ExportedAt: started, Warehouse: filepath.Base(o.Warehouse), Views: ViewsFile,
	}
	derived, err := warehouse.ReadDerivedWith(ctx, tx)
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	m.ConfigParts = derived.Parts
	m.ConfigHash = configHash(derived.Parts)
	if err := tx.QueryRowContext(ctx, `SELECT (SELECT min(created_at) FROM tickets), (SELECT max(created_at) FROM tickets),
		(SELECT min(event_at) FROM ticket_events), (SELECT max(event_at) FROM ticket_events)`).Scan(
		&m.Data.TicketsCreatedFirst, &m.Data.TicketsCreatedLast, &m.Data.EventsFirst, &m.Data.EventsLast); err != nil {
		return nil, fmt.Errorf("export: data range: %w", err)
	}
	for _, p := range []**time.Time{&m.Data.TicketsCreatedFirst, &m.Data.TicketsCreatedLast, &m.Data.EventsFirst, &m.Data.EventsLast} {
		if *p != nil {
			t := (*p).UTC()
			*p = &t
		}
	}
	tables, err := baseTables(ctx, tx)
	if err != nil {
		return nil, err
	}
	for _, t := range tables {
		began := time.Now()
		if _, ok := partitioned[t.Name]; ok {
			t.PartitionedBy = PartitionKeys
		}
		rows, err := tx.QueryContext(ctx, CopySQL(t.Name, dir))
		if err != nil {
			return nil, fmt.Errorf("export %s: %w", t.Name, err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			// RETURN_STATS: filename, count, file_size_bytes, … one row per file
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return nil, fmt.Errorf("export %s: %w", t.Name, err)
			}
			stat := map[string]any{}
			for i, c := range cols {
				stat[c] = vals[i]
			}
			name, _ := stat["filename"].(string)
			rel, err := filepath.Rel(dir, name)
			if err != nil || strings.HasPrefix(rel, "..") {
				rows.Close()
				return nil, fmt.Errorf("export %s: DuckDB wrote %q outside %s", t.Name, name, dir)
			}
			t.Files = append(t.Files, filepath.ToSlash(rel))
			t.Rows += toInt(stat["count"])
			t.Bytes += toInt(stat["file_size_bytes"])
		}
		if err := rows.Err(); err != nil {
			rows.Close()
			return nil, fmt.Errorf("export %s: %w", t.Name, err)
		}
		rows.Close()
		sort.Strings(t.Files)
		m.Tables = append(m.Tables, *t)
		m.Rows += t.Rows
		m.Bytes += t.Bytes
		if o.Progress != nil {
			o.Progress(*t, time.Since(began))
		}
	}
	return m, tx.Commit()
}

func toInt(v any) int64 {
	switch n := v.(type) {
	case int64:
		return n
	case uint64:
		return int64(n)
	case int32:
		return int64(n)
	case float64:
		return int64(n)
	}
	return 0
}

// baseTables lists the warehouse's tables (every one the schema made, in name order) with
// their columns.
func baseTables(ctx context.Context, tx *sql.Tx) ([]*Table, error) {
	rows, err := tx.QueryContext(ctx, `SELECT table_name, column_name, data_type FROM duckdb_columns()
		WHERE database_name = current_database() AND schema_name = 'main'
		  AND table_name IN (SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' AND NOT temporary)
		ORDER BY table_name, column_index`)
	if err != nil {
		return nil, fmt.Errorf("export: list the tables: %w", err)
	}
	defer rows.Close()
	var out []*Table
	for rows.Next() {
		var tn string
		var c Column
		if err := rows.Scan(&tn, &c.Name, &c.Type); err != nil {
			return nil, err
		}
		if len(out) == 0 || out[len(out)-1].Name != tn {
			out = append(out, &Table{Name: tn})
		}
		out[len(out)-1].Columns = append(out[len(out)-1].Columns, c)
	}
	return out, rows.Err()
}

// configHash is one hash of the configuration parts' hashes.
func configHash(parts map[string]string) string {
	if len(parts) == 0 {
		return ""
	}
	keys := make([]string, 0, len(parts))
	for k := range parts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	h := sha256.New()
	for _, k := range keys {
		fmt.Fprintf(h, "%s=%s\n", k, parts[k])
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// writeFiles writes manifest.json and views.sql into the lake.
func writeFiles(dir string, m *Manifest) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, ManifestFile), append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, ViewsFile), []byte(ViewsSQL(m)), 0o644); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

// ViewsSQL is the lake's views.sql: a view per table over its Parquet files (paths relative
// to the lake, or under the variable tl_lake when set), then tierlens's macros and views.
func ViewsSQL(m *Manifest) string {
	var b strings.Builder
	fmt.Fprintf(&b, `-- tierlens Parquet lake: the warehouse's tables as views over the Parquet files, then
-- tierlens's macros and views, so metric files and queries run unchanged.
-- Written by tierlens %s (schema version %d) at %s.
-- Run it in DuckDB started in this directory (duckdb -c ".read views.sql" …), or from anywhere
-- after SET VARIABLE %s = '/path/to/this/lake'; the paths are relative, so the lake can move.
SET TimeZone = 'UTC';

`, m.TierlensVersion, m.SchemaVersion, m.ExportedAt.Format(time.RFC3339), warehouse.LakeVariable)
	base := "coalesce(getvariable('" + warehouse.LakeVariable + "'), '.')"
	for _, t := range m.Tables {
		cols := make([]string, len(t.Columns))
		for i, c := range t.Columns {
			cols[i] = fmt.Sprintf("CAST(%s AS %s) AS %s", ident(c.Name), c.Type, ident(c.Name))
		}
		var from string
		switch {
		case len(t.Files) == 0:
			// a partitioned table without rows has no file: an empty relation of its columns
			from = "(SELECT 1) WHERE false"
			for i, c := range t.Columns {
				cols[i] = fmt.Sprintf("CAST(NULL AS %s) AS %s", c.Type, ident(c.Name))
			}
		case len(t.PartitionedBy) > 0:
			types := make([]string, len(t.PartitionedBy))
			for i, k := range t.PartitionedBy {
				typ := "INTEGER"
				if k == "source" {
					typ = "VARCHAR"
				}
				types[i] = fmt.Sprintf("'%s': %s", k, typ)
			}
			from = fmt.Sprintf("read_parquet(%s || '/%s/%s*.parquet', hive_partitioning = true, hive_types = {%s})",
				base, t.Name, strings.Repeat("*/", len(t.PartitionedBy)), strings.Join(types, ", "))
		default:
			from = fmt.Sprintf("read_parquet(%s || '/%s.parquet')", base, t.Name)
		}
		fmt.Fprintf(&b, "CREATE OR REPLACE VIEW %s AS SELECT %s\nFROM %s;\n\n", ident(t.Name), strings.Join(cols, ", "), from)
	}
	for _, name := range MacroFiles() {
		fmt.Fprintf(&b, "-- %s\n%s\n\n", name, strings.TrimSpace(queries.MustRead(name)))
	}
	return b.String()
}

// MacroFiles are the embedded SQL files views.sql repeats after the tables: the schema file
// of macros and every view file, in the order the warehouse runs them. The other schema files
// only create tables, which the lake has as Parquet files.
func MacroFiles() []string {
	views, _ := fs.Glob(queries.FS(), "views/*.sql")
	sort.Strings(views)
	return append([]string{"schema/004_macros.sql"}, views...)
}

// ident quotes a name from the warehouse's catalog as a SQL identifier.
func ident(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
