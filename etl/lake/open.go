package lake

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/tierlens/tierlens/etl/warehouse"
)

// ReadManifest reads dir's manifest.json.
func ReadManifest(dir string) (*Manifest, error) {
	b, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s has no %s (write one with tierlens export --out %s)", ErrNotLake, dir, ManifestFile, dir)
	}
	if err != nil {
		return nil, err
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrNotLake, filepath.Join(dir, ManifestFile), err)
	}
	if m.Format != Format {
		return nil, fmt.Errorf("%w: %s: format %q, want %q", ErrNotLake, filepath.Join(dir, ManifestFile), m.Format, Format)
	}
	return &m, nil
}

// Open opens the lake in dir for reading: checks its manifest's format and schema version
// against this binary's, then runs its own views.sql on a sandboxed in-memory DuckDB
// (warehouse.OpenLake), so the metrics read the lake exactly as they read the warehouse.
func Open(ctx context.Context, dir string, opts warehouse.Options) (*warehouse.Warehouse, *Manifest, error) {
	m, err := ReadManifest(dir)
	if err != nil {
		return nil, nil, err
	}
	if m.FormatVersion != FormatVersion {
		return nil, nil, fmt.Errorf("%w: %s has lake format %d but this tierlens reads format %d: export it again with this tierlens",
			warehouse.ErrSchemaVersion, dir, m.FormatVersion, FormatVersion)
	}
	if m.SchemaVersion != warehouse.SchemaVersion {
		return nil, nil, fmt.Errorf("%w: lake %s was exported from a warehouse of schema version %d (tierlens %s) but this tierlens knows version %d: export it again with this tierlens, or use that tierlens",
			warehouse.ErrSchemaVersion, dir, m.SchemaVersion, m.TierlensVersion, warehouse.SchemaVersion)
	}
	setup, err := os.ReadFile(filepath.Join(dir, ViewsFile))
	if err != nil {
		return nil, nil, fmt.Errorf("lake %s: %w", dir, err)
	}
	w, err := warehouse.OpenLake(ctx, dir, string(setup), opts)
	if err != nil {
		return nil, nil, err
	}
	return w, m, nil
}
