package warehouse

import (
	"context"
	"testing"
)

// TestWriterKeepsBlocksUpToItsMemoryLimit: a writer with a memory limit keeps DuckDB's freed
// blocks up to that limit (block_allocator_memory) on every connection, so a load does not
// fault its pages in again and again; a reader, or a writer without a limit, keeps none.
func TestWriterKeepsBlocksUpToItsMemoryLimit(t *testing.T) {
	ctx := context.Background()
	path := newWarehouse(t)
	setting := func(w *Warehouse, name string) string {
		t.Helper()
		// a second connection of the pool, not only the first one opened
		c1, err := w.DB.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer c1.Close()
		c2, err := w.DB.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer c2.Close()
		var v string
		if err := c2.QueryRowContext(ctx, "SELECT current_setting('"+name+"')::VARCHAR").Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	open := func(o Options) *Warehouse {
		t.Helper()
		w, err := Open(ctx, path, o)
		if err != nil {
			t.Fatal(err)
		}
		return w
	}

	w := open(Options{MemoryLimit: "300MB"})
	limit, blocks := setting(w, "memory_limit"), setting(w, "block_allocator_memory")
	w.Close()
	if blocks != limit {
		t.Errorf("writer with memory_limit %s: block_allocator_memory is %s, want the limit", limit, blocks)
	}

	w = open(Options{})
	if b := setting(w, "block_allocator_memory"); b != "0 bytes" {
		t.Errorf("writer without a memory limit: block_allocator_memory is %s, want 0 bytes", b)
	}
	w.Close()

	r := open(Options{ReadOnly: true, MemoryLimit: "300MB"})
	defer r.Close()
	if b := setting(r, "block_allocator_memory"); b != "0 bytes" {
		t.Errorf("reader: block_allocator_memory is %s, want 0 bytes (a reader may live long: it keeps nothing)", b)
	}
}
