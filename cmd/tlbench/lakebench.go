package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/tierlens/tierlens/etl/lake"
	"github.com/tierlens/tierlens/etl/warehouse"
)

// targetExport is tierlens export of the loaded warehouse (the process) against DuckDB's own
// COPY … TO of the same tables in the same run (issue 10 §5).
const targetExport = 1.2

// lakeRun is what the lake steps measured.
type lakeRun struct {
	copy, export, metrics measure
	same                  bool // metrics run --lake printed what metrics run on the warehouse did
	mb                    float64
}

// copyParquet is the export's baseline: DuckDB's own COPY … TO (FORMAT parquet, PARTITION_BY
// …) of every table of the warehouse into dir, the same statements export runs, on a
// read-only open with the same settings, in one transaction; no manifest, views or rename.
func copyParquet(db, dir string) error {
	ctx := context.Background()
	w, err := warehouse.Open(ctx, db, warehouse.Options{ReadOnly: true, WriteDir: dir, MemoryLimit: os.Getenv("TIERLENS_MEMORY_LIMIT")})
	if err != nil {
		return err
	}
	defer w.Close()
	tx, err := w.DB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	tables, err := queryNames(ctx, tx, "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary ORDER BY 1")
	if err != nil {
		return err
	}
	for _, t := range tables {
		if _, err := tx.ExecContext(ctx, lake.CopySQL(t, dir)); err != nil {
			return fmt.Errorf("%s: %w", t, err)
		}
	}
	return tx.Commit()
}

// lakeBench times DuckDB's COPY of the warehouse's tables against tierlens export of them,
// then metrics run --lake on that lake (the whole catalog, 13 weeks by tier, the process)
// against wh, the same run on the warehouse, and checks the two printed the same.
func (b *bench) lakeBench(db string, wh measure) (*lakeRun, error) {
	r := &lakeRun{}
	copyDir := filepath.Join(b.o.dir, "lake-copy")
	lakeDir := filepath.Join(b.o.dir, "lake")
	os.RemoveAll(copyDir)
	os.RemoveAll(lakeDir)
	defer os.RemoveAll(copyDir)
	defer os.RemoveAll(lakeDir)
	if err := os.MkdirAll(copyDir, 0o755); err != nil {
		return nil, err
	}
	var err error
	fmt.Fprintln(os.Stderr, "duckdb COPY … TO parquet of the warehouse …")
	if r.copy, err = timed("duckdb COPY TO parquet", b.self, "copy", db, copyDir); err != nil {
		return nil, err
	}
	fmt.Fprintln(os.Stderr, "tierlens export …")
	if r.export, err = timed("tierlens export", b.o.bin, "--db", db, "export", "--out", lakeDir); err != nil {
		return nil, err
	}
	if m, err := lake.ReadManifest(lakeDir); err == nil {
		r.mb = float64(m.Bytes) / 1e6
	}
	fmt.Fprintln(os.Stderr, "tierlens metrics run --lake …")
	from, to := thirteenWeeks()
	// as often as the run on the warehouse it is compared with, the fastest counting
	runs, err := repeat(b.o.repeat, func() (measure, error) {
		return timed("tierlens metrics run --lake", b.o.bin, "metrics", "run", "--lake", lakeDir, "--grain", "week",
			"--from", from.Format("2006-01-02"), "--to", to.Format("2006-01-02"))
	})
	if err != nil {
		return nil, err
	}
	r.metrics = runs.measure()
	r.same = r.metrics.out == wh.out && wh.out != ""
	return r, nil
}

// rows are the lake's lines of the workload table.
func (r *lakeRun) rows(wh measure) []row {
	return []row{
		{step: r.copy.name + " (every table; tickets, events by source/year/month)", seconds: r.copy.seconds, ratio: "1.00x", rssMB: r.copy.rssMB},
		{step: fmt.Sprintf("tierlens export (the process, %.0f MB of Parquet)", r.mb), seconds: r.export.seconds,
			ratio: fmt.Sprintf("%.2fx COPY", r.export.seconds/r.copy.seconds), target: fmt.Sprintf("≤ %.1fx", targetExport),
			ok: checked(r.export.seconds <= targetExport*r.copy.seconds), rssMB: r.export.rssMB},
		{step: "metrics run --lake: 13 weeks by tier (the process)", seconds: r.metrics.seconds,
			ratio: fmt.Sprintf("%.2fx on the warehouse", r.metrics.seconds/wh.seconds), rssMB: r.metrics.rssMB},
	}
}

// note says whether the lake's figures are the warehouse's.
func (r *lakeRun) note() string {
	return fmt.Sprintf("metrics run --lake printed the same results as on the warehouse: %s\n", map[bool]string{true: "yes", false: "NO"}[r.same])
}

// lakeAlone runs the lake steps on a loaded warehouse (tlbench lake DB [TIERLENS]), after the
// metrics run on the warehouse they compare with, and prints their rows.
func lakeAlone(args []string) error {
	db := args[0]
	b := &bench{o: options{bin: "bin/tierlens", dir: filepath.Dir(db)}}
	if len(args) > 1 {
		b.o.bin = args[1]
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	b.self = self
	wh, _, _, err := b.metricsRun(db)
	if err != nil {
		return err
	}
	r, err := b.lakeBench(db, wh)
	if err != nil {
		return err
	}
	printTable(os.Stdout, "the Parquet lake of "+db, append([]row{{step: wh.name + " on the warehouse", seconds: wh.seconds, rssMB: wh.rssMB}}, r.rows(wh)...))
	fmt.Print(r.note())
	return nil
}
