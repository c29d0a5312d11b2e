package lake

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckOut: a missing or empty directory is fine; a non-empty one only with force; a file
// never.
func TestCheckOut(t *testing.T) {
	dir := t.TempDir()
	if err := checkOut(filepath.Join(dir, "new"), false); err != nil {
		t.Errorf("missing dir: %v", err)
	}
	if err := checkOut(dir, false); err != nil {
		t.Errorf("empty dir: %v", err)
	}
	os.WriteFile(filepath.Join(dir, "x"), nil, 0o644)
	if err := checkOut(dir, false); !errors.Is(err, ErrNotEmpty) || !strings.Contains(err.Error(), "--force") {
		t.Errorf("non-empty dir without force: %v", err)
	}
	if err := checkOut(dir, true); err != nil {
		t.Errorf("non-empty dir with force: %v", err)
	}
	if err := checkOut(filepath.Join(dir, "x"), true); err == nil || !strings.Contains(err.Error(), "is a file") {
		t.Errorf("a file: %v", err)
	}
}

// TestNotInside: the lake may not hold the warehouse or the working directory, which a
// --force replacement would delete; a sibling whose name starts the same is fine.
func TestNotInside(t *testing.T) {
	dir := t.TempDir()
	wd, _ := os.Getwd()
	for _, c := range []struct {
		out, db string
		ok      bool
	}{
		{filepath.Join(dir, "lake"), filepath.Join(dir, "tierlens.duckdb"), true},
		{filepath.Join(dir, "lake"), filepath.Join(dir, "lake2", "tierlens.duckdb"), true},
		{dir, filepath.Join(dir, "tierlens.duckdb"), false},
		{filepath.Dir(dir), filepath.Join(dir, "tierlens.duckdb"), false},
		{wd, filepath.Join(dir, "tierlens.duckdb"), false},
		{filepath.Dir(wd), filepath.Join(dir, "tierlens.duckdb"), false},
	} {
		if err := notInside(c.out, c.db); (err == nil) != c.ok {
			t.Errorf("out %s, warehouse %s: %v, want ok=%t", c.out, c.db, err, c.ok)
		}
	}
}

// TestViewsSQL: paths relative to the lake (or tl_lake), the hive keys typed, an empty
// partitioned table an empty relation of its columns, and the macros and views after the tables.
func TestViewsSQL(t *testing.T) {
	m := &Manifest{SchemaVersion: 1, Tables: []Table{
		{Name: "tickets", PartitionedBy: PartitionKeys, Files: []string{"tickets/source=a/year=2026/month=1/data_0.parquet"},
			Columns: []Column{{"ticket_key", "VARCHAR"}, {"source", "VARCHAR"}}},
		{Name: "ticket_events", PartitionedBy: PartitionKeys, Columns: []Column{{"ticket_key", "VARCHAR"}, {"seq", "INTEGER"}}},
		{Name: "tiers", Files: []string{"tiers.parquet"}, Columns: []Column{{"tier", "VARCHAR"}}},
	}}
	v := ViewsSQL(m)
	for _, want := range []string{
		`CREATE OR REPLACE VIEW "tickets" AS SELECT CAST("ticket_key" AS VARCHAR) AS "ticket_key", CAST("source" AS VARCHAR) AS "source"` + "\n" +
			`FROM read_parquet(coalesce(getvariable('tl_lake'), '.') || '/tickets/*/*/*/*.parquet', hive_partitioning = true, hive_types = {'source': VARCHAR, 'year': INTEGER, 'month': INTEGER});`,
		`CREATE OR REPLACE VIEW "ticket_events" AS SELECT CAST(NULL AS VARCHAR) AS "ticket_key", CAST(NULL AS INTEGER) AS "seq"` + "\nFROM (SELECT 1) WHERE false;",
		`FROM read_parquet(coalesce(getvariable('tl_lake'), '.') || '/tiers.parquet');`,
		"-- schema/004_macros.sql\n",
		"-- views/001_ticket_paths.sql\n",
	} {
		if !strings.Contains(v, want) {
			t.Errorf("views.sql lacks\n%s\n--- in ---\n%s", want, v[:min(len(v), 2000)])
		}
	}
	if strings.Index(v, "-- schema/004_macros.sql") < strings.Index(v, `VIEW "tiers"`) {
		t.Errorf("the macros come before the tables")
	}
	if strings.Contains(v, "/tmp/") || strings.Contains(v, "CREATE TABLE") {
		t.Errorf("views.sql has an absolute path or a table")
	}
}
