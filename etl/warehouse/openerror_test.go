// Tests of what does not depend on the DuckDB version linked in: a file in a storage format
// this DuckDB cannot read gets a clear error, and `tierlens version` names the real library.

package warehouse

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// memDB is a scratch in-memory DuckDB, the way a user's `duckdb` shell would run the
// conversion statements of README "Upgrading DuckDB".
func memDB(t *testing.T) *sql.DB {
	t.Helper()
	c, err := duckdb.NewConnector("", nil)
	if err != nil {
		t.Fatal(err)
	}
	db := sql.OpenDB(c)
	t.Cleanup(func() { db.Close(); c.Close() })
	return db
}

func execAll(t *testing.T, db *sql.DB, stmts ...string) {
	t.Helper()
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// DuckDB's refusal of a storage format becomes ErrFileFormat saying which side is newer and
// what to do. The first text is DuckDB 1.5.6's, recorded verbatim opening a file DuckDB 2.0
// created; the second is DuckDB 2.0's wording (TestOpenUnreadableFileFormat gets it for real).
func TestOpenErrorFileFormat(t *testing.T) {
	for _, c := range []struct {
		name, duck string
		want       []string
	}{
		{
			name: "newer",
			duck: "database/sql/driver: could not connect to database: IO Error: Trying to read a database file with version number 69, but we can only read versions between 64 and 68.\n" +
				"The database file was created with a newer version of DuckDB.\n\n" +
				"Newer DuckDB version might introduce backward incompatible changes (possibly guarded by compatibility settings).\n" +
				"See the storage page for migration strategy and more information: https://duckdb.org/internals/storage",
			want: []string{"w.duckdb was written by a tierlens built on a newer DuckDB", "storage format 69", "reads formats 64 to 68", "--db new.duckdb", `"Upgrading DuckDB"`},
		},
		{
			name: "newer, DuckDB 2.0 wording",
			duck: "database/sql/driver: could not connect to database: IO Error: Trying to read a database file with storage version number 70, but we can only read storage versions between 64 and 69.\n" +
				"The database file was created with a newer version of DuckDB.",
			want: []string{"w.duckdb was written by a tierlens built on a newer DuckDB", "storage format 70", "reads formats 64 to 69"},
		},
		{
			name: "older",
			duck: "IO Error: Trying to read a database file with version number 39, but we can only read versions between 64 and 69.\n" +
				"The database file was created with an older version of DuckDB.",
			want: []string{"w.duckdb was written by a DuckDB older than 0.10", "storage format 39", "--db new.duckdb"},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := openError("w.duckdb", errors.New(c.duck), 0)
			if !errors.Is(err, ErrFileFormat) {
				t.Fatalf("openError = %v, want ErrFileFormat", err)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("message %q lacks %q", err, w)
				}
			}
		})
	}
}

// A file whose header claims a storage format outside this DuckDB's range (a later one, or one
// before 0.10) fails to open with ErrFileFormat from Open itself, not DuckDB's bare text, for
// readers and writers.
func TestOpenUnreadableFileFormat(t *testing.T) {
	for _, c := range []struct {
		version uint64
		want    string
	}{
		{500, "newer DuckDB"},
		{39, "DuckDB older than 0.10"},
	} {
		path := filepath.Join(t.TempDir(), "w.duckdb")
		execAll(t, memDB(t), "ATTACH '"+path+"' AS f (STORAGE_VERSION 'v1.0.0')", "DETACH f")
		setHeaderVersion(t, path, c.version)
		for _, ro := range []bool{true, false} {
			w, err := Open(context.Background(), path, Options{ReadOnly: ro})
			if err == nil {
				w.Close()
				t.Fatalf("read-only %v: opened a file of storage format %d", ro, c.version)
			}
			if !errors.Is(err, ErrFileFormat) || !strings.Contains(err.Error(), fmt.Sprintf("storage format %d;", c.version)) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("read-only %v: %v, want ErrFileFormat naming storage format %d and %q", ro, err, c.version, c.want)
			}
		}
	}
}

// setHeaderVersion rewrites the storage version number in a file's main header. The header
// (4096 bytes) starts with DuckDB's checksum of the rest: the XOR of each 8-byte word times a
// constant, so changing words means changing their terms only.
func setHeaderVersion(t *testing.T, path string, v uint64) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	term := func(x uint64) uint64 { return x * 0xbf58476d1ce4e5b9 }
	before := [2]uint64{binary.LittleEndian.Uint64(b[8:16]), binary.LittleEndian.Uint64(b[16:24])}
	binary.LittleEndian.PutUint64(b[12:20], v)
	sum := binary.LittleEndian.Uint64(b[0:8])
	for i, off := range []int{8, 16} {
		sum ^= term(before[i]) ^ term(binary.LittleEndian.Uint64(b[off:off+8]))
	}
	binary.LittleEndian.PutUint64(b[0:8], sum)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// EngineVersion is the linked library's, so `tierlens version` cannot go stale after a driver
// upgrade.
func TestEngineVersion(t *testing.T) {
	v, err := EngineVersion(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var lib string
	if err := memDB(t).QueryRow("SELECT version()").Scan(&lib); err != nil {
		t.Fatal(err)
	}
	if v == "" || "v"+v != lib {
		t.Errorf("EngineVersion = %q, SELECT version() = %q", v, lib)
	}
}
