// Package etl loads help desk exports into the warehouse: it checks each file with an
// independent pass in Go, stages and converts it through DuckDB's own readers, derives events
// and tier and status intervals, and merges it in one transaction per file. It does not
// compute KPIs and does not know the formats itself (package profiles describes them).
package etl

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/tierlens/tierlens/config"
	"github.com/tierlens/tierlens/etl/profiles"
	"github.com/tierlens/tierlens/etl/warehouse"
	"github.com/tierlens/tierlens/queries"
)

// ErrRejected is returned (wrapped) when --strict refuses a file with rejected records.
var ErrRejected = errors.New("records rejected")

// Loader loads files into one open warehouse.
type Loader struct {
	W       *warehouse.Warehouse
	Config  *config.Config
	Log     *slog.Logger
	Now     func() time.Time // injected clock, for the loads ledger
	Version string           // tool version, for the loads ledger
	// Progress, when set, is told which step of which file is running.
	Progress func(file, step string)
	// Deriving, when set, is told as RefreshDerived starts each derived table: its name, and
	// how many of its total tables came before; table "" (done = total) once every table is
	// built and the derivation commits.
	Deriving func(table string, done, total int)
	// DeriveBatch bounds the tickets one derivation statement covers; 0 = DefaultDeriveBatch.
	DeriveBatch int
}

// FileOptions say how to read one file.
type FileOptions struct {
	Profile  string // "" = detect from the header
	Mapping  string // generic mapping file (implies profile generic)
	Source   string // source name; "" = the profile (or mapping file) name
	Strict   bool   // any reject fails the file
	TimeZone string // zone of naive timestamps; "" = mapping, then config source_time_zone
	// MaxRejects is the share of the file's records (0..1) that may be rejected before the
	// whole file fails and nothing of it loads; 0 = DefaultMaxRejects, negative = no limit.
	MaxRejects float64
	// Encoding of the file: utf-8, windows-1252 or latin-1; "" = the mapping's, else detect
	// (UTF-8, with records that are not read as Windows-1252). A byte order mark wins.
	Encoding string
	Sheet    string // XLSX: the sheet to read; "" = the first
	// With are files read together with this one: a Zendesk tickets export's audits and
	// metrics (see ZendeskCompanions). Other profiles ignore them.
	With []string
}

// Result is what loading one file did.
type Result struct {
	File      string
	Profile   string
	Source    string
	Status    string // loaded, already loaded
	LoadID    int
	Records   int64 // records in the file (independent count)
	Loaded    int64
	Rejected  int64
	New       int64
	Updated   int64
	Unchanged int64
	Events    int64
	Rejects   []Reject // the first rejects, for the summary
	// Offending are the distinct values behind the rejects, when the file failed for them.
	Offending []Offending
	Encoding  string // the encoding the file was converted from, "" = UTF-8
	// Notes are facts about the file a user should know though nothing failed: what was
	// fixed without rejecting a record (encoding, NULs), a file of exactly the product's
	// export limit, dates whose day and month the values could not tell.
	Notes   []Note
	Elapsed time.Duration

	started time.Time // by the injected clock, for the ledger
}

// Reject is one quarantined problem of one record.
type Reject struct {
	Line   int64
	Column string
	Value  string
	Reason string
}

// maxShownRejects bounds the rejects a Result carries for display; all go to the table.
const maxShownRejects = 20

// Load loads one file all-or-nothing: on any error nothing of it is in the warehouse.
func (l *Loader) Load(ctx context.Context, path string, opts FileOptions) (*Result, error) {
	start := time.Now()
	res, err := l.load(ctx, path, opts)
	if res != nil {
		res.Elapsed = time.Since(start)
	}
	if err != nil {
		return res, fmt.Errorf("load %s: %w", path, err)
	}
	return res, nil
}

func (l *Loader) step(file, s string) {
	if l.Progress != nil {
		l.Progress(file, s)
	}
	if l.Log != nil {
		l.Log.Debug("load step", "file", file, "step", s)
	}
}

// timed logs how long one statement group took, at debug level (tierlens -v).
func (l *Loader) timed(what string, start time.Time) {
	if l.Log != nil {
		l.Log.Debug("timing", "what", what, "seconds", time.Since(start).Seconds())
	}
}

func (l *Loader) load(ctx context.Context, path string, opts FileOptions) (*Result, error) {
	started := l.now()
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, fmt.Errorf("is a directory: name the export files (e.g. exports/*.csv)")
	}
	m, err := l.mapping(path, opts)
	if err != nil {
		return nil, err
	}
	format := m.Format
	// A built-in profile reads its export saved as a workbook too: the .xlsx name decides.
	if format == "" || (opts.Mapping == "" && formatOf(path) == profiles.XLSX) {
		format = formatOf(path)
	}
	// A Zendesk export is a JSON document: a Go pass writes its canonical rows first.
	readPath := path
	zd, err := l.zendesk(ctx, path, opts)
	if err != nil {
		return nil, err
	}
	if zd != nil {
		defer zd.cleanup()
		m, format, readPath = zd.mapping, profiles.JSONL, zd.tmp
	}
	conn, err := l.W.DB.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	defer dropTemps(conn)

	l.step(path, "checking")
	t0i := time.Now()
	enc, err := ParseEncoding(opts.Encoding)
	if err == nil && opts.Encoding == "" {
		if enc, err = ParseEncoding(m.Encoding); err != nil {
			err = fmt.Errorf("%s: %w", opts.Mapping, err)
		}
	}
	if err != nil {
		return nil, err
	}
	in, err := inspect(ctx, conn, readPath, format, m, readOptions{encoding: enc, tempDir: filepath.Dir(l.W.Path), sheet: opts.Sheet})
	l.timed("inspect", t0i)
	if in != nil {
		defer in.cleanup()
	}
	if err != nil {
		return nil, err
	}
	if zd != nil {
		in.zd, in.sha256, in.bytes = zd, zd.sha256, zd.bytes
	} else if m.Name == "" || (opts.Profile == "" && opts.Mapping == "") {
		det, ok := profiles.Detect(in.header)
		if !ok {
			return nil, unknownFormat(in.header)
		}
		m = det
	}
	source := opts.Source
	if source == "" {
		source = m.Name
		if opts.Mapping != "" {
			source = strings.TrimSuffix(filepath.Base(opts.Mapping), filepath.Ext(opts.Mapping))
		}
	}
	res := &Result{File: path, Profile: m.Name, Source: source, started: started}

	// The ledger is keyed by sha256, which the Go pass computes while DuckDB reads. A file of
	// a size never loaded cannot be a loaded one, so only then do both run side by side.
	var sameSize bool
	if err := conn.QueryRowContext(ctx, "SELECT count(*) > 0 FROM loads WHERE bytes = ?", in.bytes).Scan(&sameSize); err != nil {
		return nil, err
	}
	if sameSize {
		if err := in.finish(); err != nil {
			return nil, err
		}
		var done bool
		if err := conn.QueryRowContext(ctx, "SELECT count(*) > 0 FROM loads WHERE sha256 = ?", in.sha256).Scan(&done); err != nil {
			return nil, err
		}
		if done {
			res.Status, res.Records = "already loaded", in.records
			if zd != nil {
				res.Records = zd.tickets
			}
			if format == profiles.XLSX {
				// The sheet's rows are not read yet: the ledger has their count.
				var n sql.NullInt64
				if err := conn.QueryRowContext(ctx, "SELECT max(records_counted) FROM loads WHERE sha256 = ?", in.sha256).Scan(&n); err == nil {
					res.Records = n.Int64
				}
			}
			return res, nil
		}
	}
	cols, err := resolveColumns(m, in.header, filepath.Base(path))
	if err != nil {
		return nil, err
	}

	zone := opts.TimeZone
	if zone == "" {
		zone = m.TimeZone
	}
	if zone == "" {
		zone = l.Config.SourceTimeZone
	}
	if zd != nil {
		zone = "UTC" // the Go pass wrote Zendesk's zoned times as UTC: --tz cannot apply
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return nil, fmt.Errorf("time zone %q: %v", zone, err)
	}

	l.step(path, "reading")
	vocabArgs, err := l.prepareSession(ctx, conn, m, loc)
	if err != nil {
		return nil, err
	}
	if format == profiles.XLSX {
		t0x := time.Now()
		if err := in.stageXLSX(ctx, conn, cols); err != nil {
			return nil, err
		}
		l.timed("stage xlsx", t0x)
		defer dropXLSXStage(context.Background(), conn)
	}
	layouts := m.TimeLayouts
	// Parquet timestamps and XLSX serial dates arrive as this text, whatever the profile's layouts.
	if format == profiles.Parquet || format == profiles.XLSX {
		layouts = append([]string{"%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S.%f"}, layouts...)
	}
	layouts, dayNotes, err := chooseDayOrder(ctx, conn, layouts, timeValues(in.source(cols)), in.args(m))
	if err != nil {
		return nil, err
	}
	if len(layouts) != len(m.TimeLayouts) {
		mc := *m // the layouts this file reads with, for the rejects' reasons
		mc.TimeLayouts = layouts
		m = &mc
	}
	convSQL := strings.Replace(queries.MustRead("etl/convert.sql"), "/*SOURCE*/", in.source(cols), 1)
	convert := func(ctx context.Context) error {
		args := append(in.args(m),
			sql.Named("layouts", layouts),
			sql.Named("shape", string(m.Shape)),
		)
		return execScript(ctx, conn, convSQL, append(args, vocabArgs...)...)
	}
	t0 := time.Now()
	readFrom := in.readPath()
	// DuckDB reads the file beside the Go pass; once the pass finds the file needs a cleaned
	// copy, that read is wasted: stop it.
	rctx, stopRead := context.WithCancel(ctx)
	if readFrom == in.path {
		go func() {
			select {
			case <-in.dirty():
				stopRead()
			case <-rctx.Done():
			}
		}()
	}
	rerr := convert(rctx)
	stopRead()
	l.timed("convert", t0)
	t0 = time.Now()
	if err := in.finish(); err != nil {
		return nil, err
	}
	l.timed("check (waited)", t0)
	if in.readPath() != readFrom {
		// The Go pass found what DuckDB reads differently (broken records, NULs, another
		// encoding) and wrote a cleaned copy: read that instead. Clean files never get here.
		t0 = time.Now()
		if _, err := conn.ExecContext(ctx, "DROP TABLE IF EXISTS temp.conv"); err != nil {
			return nil, err
		}
		rerr = convert(ctx)
		l.timed("convert (cleaned copy)", t0)
	}
	if rerr != nil {
		return nil, fmt.Errorf("read records: %w", rerr)
	}
	// The conversion kept the file's order (rowid = record position, stage.go); every later
	// step orders explicitly.
	if err := insertionOrder(ctx, conn, false); err != nil {
		return nil, err
	}
	defer insertionOrder(context.Background(), conn, true)
	res.Records, res.Encoding = in.records, in.encoding
	res.Notes = append(append(res.Notes, in.notes...), dayNotes...)
	if m.ExportCap > 0 && in.records == m.ExportCap {
		res.Notes = append(res.Notes, Note{Finding: "the file holds exactly the export limit of its product: it was probably cut short",
			Detail: fmt.Sprintf("%d records, the default limit of a %s export; export the rest (e.g. by a date filter) or raise the limit, and load those files too", in.records, m.Name)})
	}
	// Reconcile: DuckDB's records plus the structurally broken ones Go found must be every
	// record Go counted.
	var read, bad int64
	if err := conn.QueryRowContext(ctx, "SELECT count(*), count(*) FILTER (bad) FROM conv").Scan(&read, &bad); err != nil {
		return nil, err
	}
	if read+int64(len(in.bad)) != in.records {
		return nil, fmt.Errorf("reconciliation failed: the file has %d records, DuckDB read %d and %d are malformed; nothing was loaded (please report this with the file's first lines)", in.records, read, len(in.bad))
	}
	rejects, err := l.collectRejects(ctx, conn, in, m, cols)
	if err != nil {
		return nil, err
	}
	res.Rejected = bad + int64(len(in.bad))
	res.Loaded = read - bad
	if zd != nil {
		if rejects, err = zd.tally(ctx, conn, in, res, rejects); err != nil {
			return nil, err
		}
	}
	for i := 0; i < len(rejects) && i < maxShownRejects; i++ {
		res.Rejects = append(res.Rejects, rejects[i])
	}
	if opts.Strict && res.Rejected > 0 {
		r := rejects[0]
		return res, fmt.Errorf("%w (--strict): %d of %d records, first at line %d, column %s: %s", ErrRejected, res.Rejected, in.records, r.Line, r.Column, r.Reason)
	}
	limit := opts.MaxRejects
	if limit == 0 {
		limit = DefaultMaxRejects
	}
	if limit >= 0 && float64(res.Rejected) > limit*float64(in.records) {
		res.Offending = offending(rejects)
		return res, fmt.Errorf("%w: %d of %d records (%.1f%%), over --max-rejects %g%%; nothing of the file was loaded\n%s",
			ErrTooManyRejects, res.Rejected, in.records, 100*float64(res.Rejected)/float64(in.records), 100*limit, OffendingReport(res.Offending))
	}

	l.step(path, "deriving")
	if err := l.derive(ctx, conn, m, source, cols); err != nil {
		return nil, err
	}

	l.step(path, "merging")
	if err := l.commit(ctx, conn, res, in, rejects, m); err != nil {
		return nil, err
	}
	res.Status = "loaded"
	return res, nil
}

// mapping resolves the profile the options name (nil Name = detect later).
func (l *Loader) mapping(path string, opts FileOptions) (*profiles.Mapping, error) {
	switch {
	case opts.Mapping != "":
		if opts.Profile != "" && opts.Profile != "generic" {
			return nil, fmt.Errorf("--mapping goes with the generic profile, not %q", opts.Profile)
		}
		return profiles.ReadMapping(opts.Mapping)
	case opts.Profile != "":
		return profiles.Lookup(opts.Profile)
	}
	return &profiles.Mapping{Format: formatOf(path)}, nil
}

func formatOf(path string) profiles.Format {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".jsonl", ".ndjson", ".json":
		return profiles.JSONL
	case ".parquet", ".pq":
		return profiles.Parquet
	case ".xlsx", ".xlsm", ".xls":
		// .xls too: the workbook reader tells an old binary or XML .xls apart and says how to save it.
		return profiles.XLSX
	}
	return profiles.CSV
}

func unknownFormat(header []string) error {
	h := strings.Join(header, ", ")
	if len(h) > 200 {
		h = h[:200] + "…"
	}
	hint := ""
	if len(header) == 1 {
		for _, d := range []string{";", "\t", "|"} {
			if strings.Contains(header[0], d) {
				hint = fmt.Sprintf("\n  the header looks %q-separated: say so with delimiter: %q in a mapping", d, d)
				break
			}
		}
	}
	return fmt.Errorf(`unrecognised export: no profile matches its header (%s)%s
  profiles: %s
  name one with --profile NAME, or describe the file in a mapping and load it with
  --mapping FILE.yaml (the generic profile; examples in sample-data/mappings/), e.g.
      shape: events            # or tickets
      time_layout: "%%d/%%m/%%Y %%H:%%M"
      columns: {number: Case ID, event_time: Timestamp, status: Status, assignment_group: Team}`,
		h, hint, strings.Join(profiles.Names(), ", "))
}

func (l *Loader) now() time.Time {
	if l.Now != nil {
		return l.Now().UTC()
	}
	return time.Now().UTC()
}

// insertionOrder turns DuckDB's preserve_insertion_order on or off. It is on (DuckDB's
// default) while a file is read, so the converted records keep the file's order, and off for
// the steps after it and for the derivation, which each restore it. Those steps order
// explicitly where order matters; their inserts then run in parallel without keeping batches
// in order (8% of the CPU time of a 1M-ticket load). DuckDB has this setting per database,
// not per connection; one process loads one file at a time.
func insertionOrder(ctx context.Context, conn execer, keep bool) error {
	_, err := conn.ExecContext(ctx, fmt.Sprintf("SET preserve_insertion_order = %t", keep))
	return err
}
