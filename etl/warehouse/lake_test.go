package warehouse

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWriteDirWhileReaderOpen: the export's open (read-only, files only into WriteDir) works
// while another process reads the warehouse, writes into WriteDir, and nowhere else; user SQL
// of that connection still cannot turn the sandbox off.
func TestWriteDirWhileReaderOpen(t *testing.T) {
	path := newWarehouse(t)
	hold(t, "read", path)
	out := t.TempDir()
	w, err := Open(context.Background(), path, Options{ReadOnly: true, WriteDir: out})
	if err != nil {
		t.Fatalf("open with WriteDir while a reader is open: %v", err)
	}
	defer w.Close()
	ctx := context.Background()
	if _, err := w.DB.ExecContext(ctx, "COPY (FROM _meta) TO '"+filepath.Join(out, "meta.parquet")+"' (FORMAT parquet)"); err != nil {
		t.Fatalf("COPY into WriteDir: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, "meta.parquet")); err != nil {
		t.Errorf("COPY into WriteDir wrote nothing: %v", err)
	}
	elsewhere := filepath.Join(t.TempDir(), "meta.parquet")
	if _, err := w.DB.ExecContext(ctx, "COPY (FROM _meta) TO '"+elsewhere+"' (FORMAT parquet)"); err == nil || !strings.Contains(err.Error(), "Permission Error") {
		t.Errorf("COPY outside WriteDir: want a Permission Error, got %v", err)
	}
	if _, err := os.Stat(elsewhere); err == nil {
		t.Errorf("COPY outside WriteDir wrote %s", elsewhere)
	}
	if _, err := w.DB.ExecContext(ctx, "SET enable_external_access = true"); err == nil {
		t.Errorf("SET enable_external_access on the export's connection: want refused, got nil")
	}
}

// TestWriteDirAfterSandboxedReader: in one process DuckDB shares the open file; an open for
// writing files after a plain reader of the same process says why it cannot, instead of
// failing later on a Permission Error.
func TestWriteDirAfterSandboxedReader(t *testing.T) {
	path := newWarehouse(t)
	r, err := Open(context.Background(), path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	w, err := Open(context.Background(), path, Options{ReadOnly: true, WriteDir: t.TempDir()})
	if err == nil {
		w.Close()
		t.Fatal("open with WriteDir after a sandboxed reader of the same process: want an error")
	}
	if !strings.Contains(err.Error(), "already open read-only in this process") {
		t.Errorf("error does not say why: %v", err)
	}
}

// TestOpenLakeSandbox: an in-memory lake database reads under its directory only, with its
// configuration locked once the setup ran; every connection sees the lake variable.
func TestOpenLakeSandbox(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	// a Parquet file written by a DuckDB of its own, as export would
	src := newWarehouse(t)
	ww, err := Open(ctx, src, Options{ReadOnly: true, WriteDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ww.DB.ExecContext(ctx, "COPY (SELECT 42 AS answer) TO '"+filepath.Join(dir, "t.parquet")+"' (FORMAT parquet)"); err != nil {
		t.Fatal(err)
	}
	ww.Close()
	setup := "CREATE VIEW t AS FROM read_parquet(getvariable('" + LakeVariable + "') || '/t.parquet');"
	w, err := OpenLake(ctx, dir, setup, Options{})
	if err != nil {
		t.Fatalf("open lake: %v", err)
	}
	defer w.Close()
	w.DB.SetMaxIdleConns(0) // every query on a new connection: each must get the variable
	for range 3 {
		var n int
		if err := w.DB.QueryRowContext(ctx, "SELECT answer FROM t").Scan(&n); err != nil || n != 42 {
			t.Fatalf("read the lake: %d %v", n, err)
		}
	}
	outside := filepath.Join(filepath.Dir(dir), "x.csv")
	for _, q := range []string{
		"SELECT * FROM read_text('/etc/hostname')",
		"SELECT * FROM read_parquet('" + src + "')",
		"COPY (SELECT 1) TO '" + outside + "'",
		"SET enable_external_access = true",
		"SET allowed_directories = ['/']",
	} {
		if _, err := w.DB.ExecContext(ctx, q); err == nil {
			t.Errorf("%s: want refused by the lake's sandbox, got nil", q)
		}
	}
	// a views.sql of a lake someone else wrote runs before the lock, yet cannot widen the
	// sandbox: DuckDB refuses to change these once external access is off
	for _, setup := range []string{
		"CREATE VIEW u AS FROM read_parquet('/etc/hostname')",
		"SET allowed_directories = ['/']",
		"SET enable_external_access = true",
		"RESET allowed_directories",
	} {
		if w, err := OpenLake(ctx, dir, setup, Options{}); err == nil || !strings.Contains(err.Error(), "views.sql") {
			if w != nil {
				w.Close()
			}
			t.Errorf("views.sql %q: want a views.sql error, got %v", setup, err)
		}
	}
}
