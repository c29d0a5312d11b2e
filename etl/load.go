// Package etl loads help desk exports into the warehouse: it checks each file with an
// independent pass in Go, stages and converts it through DuckDB's own readers, derives events
// and tier and status intervals, and merges it in one transaction per file. It does not
// compute KPIs and does not know the formats itself (package profiles describes them).
package etl

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
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
}

// FileOptions say how to read one file.
type FileOptions struct {
	Profile  string // "" = detect from the header
	Mapping  string // generic mapping file (implies profile generic)
	Source   string // source name; "" = the profile (or mapping file) name
	Strict   bool   // any reject fails the file
	TimeZone string // zone of naive timestamps; "" = mapping, then config source_time_zone
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
	Elapsed   time.Duration

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

// RefreshDerived rebuilds the tables derived from everything loaded (the business calendars
// as instants, SLA clocks and instances, tier stays against their OLA, per-ticket business
// times) in one transaction. Run it once after a batch of loads or a re-tier: the tables
// depend on all tickets and on the newest change of each source, so one rebuild per batch is
// enough. A failure leaves the loaded tickets as they are; the sla_freshness view tells.
func (l *Loader) RefreshDerived(ctx context.Context) error {
	conn, err := l.W.DB.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	t0 := time.Now()
	if err := execScript(ctx, tx, queries.MustRead("etl/sla.sql")); err != nil {
		return fmt.Errorf("rebuild the SLA tables: %w", err)
	}
	l.timed("derived tables", t0)
	return tx.Commit()
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
	if format == "" {
		format = formatOf(path)
	}
	conn, err := l.W.DB.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	defer dropTemps(conn)

	l.step(path, "checking")
	t0i := time.Now()
	in, err := inspect(ctx, conn, path, format, m)
	l.timed("inspect", t0i)
	if in != nil {
		defer in.cancel()
	}
	if err != nil {
		return nil, err
	}
	if m.Name == "" || (opts.Profile == "" && opts.Mapping == "") {
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
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return nil, fmt.Errorf("time zone %q: %v", zone, err)
	}

	l.step(path, "reading")
	vocabArgs, err := l.prepareSession(ctx, conn, m, loc)
	if err != nil {
		return nil, err
	}
	layouts := m.TimeLayouts
	if format == profiles.Parquet {
		layouts = append([]string{"%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S.%f"}, layouts...)
	}
	convSQL := strings.Replace(queries.MustRead("etl/convert.sql"), "/*SOURCE*/", in.source(cols), 1)
	args := append(in.args(m),
		sql.Named("layouts", layouts),
		sql.Named("shape", string(m.Shape)),
	)
	args = append(args, vocabArgs...)
	t0 := time.Now()
	if err := execScript(ctx, conn, convSQL, args...); err != nil {
		return nil, fmt.Errorf("read records: %w", err)
	}
	l.timed("convert", t0)
	t0 = time.Now()
	if err := in.finish(); err != nil {
		return nil, err
	}
	l.timed("check (waited)", t0)
	res.Records = in.records
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
	for i := 0; i < len(rejects) && i < maxShownRejects; i++ {
		res.Rejects = append(res.Rejects, rejects[i])
	}
	if opts.Strict && res.Rejected > 0 {
		r := rejects[0]
		return res, fmt.Errorf("%w (--strict): %d of %d records, first at line %d, column %s: %s", ErrRejected, res.Rejected, in.records, r.Line, r.Column, r.Reason)
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

// prepareSession creates this connection's helpers: the time zone segments, the macro that
// converts naive times to UTC and the boolean reader. It returns the vocabularies as list
// parameters for the conversion.
func (l *Loader) prepareSession(ctx context.Context, conn *sql.Conn, m *profiles.Mapping, loc *time.Location) ([]any, error) {
	ddl := `
CREATE OR REPLACE TEMP TABLE tz (year INTEGER, local_start TIMESTAMP, local_end TIMESTAMP, offset_s INTEGER);
CREATE OR REPLACE TEMP MACRO tl_utc(x) AS (
    SELECT x - to_seconds(z.offset_s) FROM tz z
    WHERE z.year = year(x) AND x >= z.local_start AND x < z.local_end
);
CREATE OR REPLACE TEMP MACRO tl_bool(x) AS CASE lower(trim(x))
    WHEN 'true' THEN true WHEN 'yes' THEN true WHEN 'y' THEN true WHEN 't' THEN true WHEN '1' THEN true
    WHEN 'false' THEN false WHEN 'no' THEN false WHEN 'n' THEN false WHEN 'f' THEN false WHEN '0' THEN false
END;`
	if err := execScript(ctx, conn, ddl); err != nil {
		return nil, fmt.Errorf("prepare: %w", err)
	}
	var segs [][]driver.Value
	for _, s := range zoneSegments(loc, 1990, 2100) {
		segs = append(segs, []driver.Value{int32(s.Year), s.Start, s.End, int32(s.Offset)})
	}
	if err := warehouse.Append(ctx, conn, "temp", "tz", segs); err != nil {
		return nil, err
	}
	var args []any
	vocab := func(name string, v map[string]string, canon []string) {
		keys, vals := []string{}, []string{}
		seen := map[string]bool{}
		for _, k := range sortedKeys(v) {
			keys, vals = append(keys, k), append(vals, v[k])
			seen[k] = true
		}
		for _, c := range canon {
			if !seen[strings.ToLower(c)] {
				keys, vals = append(keys, strings.ToLower(c)), append(vals, c)
			}
		}
		args = append(args, sql.Named(name+"_keys", keys), sql.Named(name+"_vals", vals))
	}
	vocab("status", m.Status, profiles.Statuses)
	vocab("priority", m.Priority, []string{"P1", "P2", "P3", "P4"})
	vocab("channel", m.Channel, nil)
	var keys, kinds, statuses, groups, publics, roles []string
	for _, k := range sortedKeys(m.Activities) {
		a := m.Activities[k]
		pub := ""
		if a.Public != nil {
			pub = fmt.Sprint(*a.Public)
		}
		keys, kinds, statuses = append(keys, k), append(kinds, a.Kind), append(statuses, a.Status)
		groups, publics, roles = append(groups, a.Group), append(publics, pub), append(roles, a.Role)
	}
	// DuckDB cannot type an empty list parameter; a placeholder no value can match keeps it VARCHAR[].
	if len(keys) == 0 {
		keys, kinds, statuses, groups, publics, roles = []string{"\x00"}, []string{""}, []string{""}, []string{""}, []string{""}, []string{""}
	}
	args = append(args, sql.Named("act_keys", keys), sql.Named("act_kinds", kinds), sql.Named("act_statuses", statuses),
		sql.Named("act_groups", groups), sql.Named("act_publics", publics), sql.Named("act_roles", roles))
	return args, nil
}

func nullStr(s string) driver.Value {
	if s == "" {
		return nil
	}
	return s
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// collectRejects gathers every problem: malformed records found by the Go pass, and values
// DuckDB could not convert, each with its file line and the source column's own name.
func (l *Loader) collectRejects(ctx context.Context, conn *sql.Conn, in *input, m *profiles.Mapping, cols map[profiles.Field]int) ([]Reject, error) {
	var out []Reject
	for _, b := range in.bad {
		out = append(out, Reject{Line: b.Line, Reason: b.Reason})
	}
	rows, err := conn.QueryContext(ctx, `
SELECT rn, p.field, p.value, p.reason
FROM (SELECT rowid + 1 AS rn, unnest(problems) AS p FROM conv WHERE bad)
ORDER BY rn, p.field`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	header := dedupeHeader(in.header)
	for rows.Next() {
		var rn int64
		var field string
		var value sql.NullString
		var reason string
		if err := rows.Scan(&rn, &field, &value, &reason); err != nil {
			return nil, err
		}
		col := field
		if i, ok := cols[profiles.Field(field)]; ok && i < len(header) {
			col = header[i]
		}
		if strings.HasPrefix(reason, "not a time") {
			reason = fmt.Sprintf("not a time in the layouts %s", strings.Join(quoteAll(m.TimeLayouts), ", "))
			if ambiguousDayMonth(value.String) {
				reason += " (day and month may be swapped: check whether the export writes day-first dates)"
			}
		}
		out = append(out, Reject{Line: in.line(rn - 1), Column: col, Value: value.String, Reason: reason})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Line < out[j].Line })
	return out, rows.Err()
}

// ambiguousDayMonth spots "13/02/2026"-style values whose first or second number is above 12,
// the usual sign of a day-first file read month-first (or the reverse).
func ambiguousDayMonth(v string) bool {
	var a, b, c int
	for _, sep := range []string{"/", "-", "."} {
		if n, _ := fmt.Sscanf(v, "%d"+sep+"%d"+sep+"%d", &a, &b, &c); n == 3 {
			return (a > 12 && a <= 31 && b <= 12) || (b > 12 && b <= 31 && a <= 12)
		}
	}
	return false
}

// derive builds this file's tickets, events, group tiers and intervals in temp tables.
func (l *Loader) derive(ctx context.Context, conn *sql.Conn, m *profiles.Mapping, source string, cols map[profiles.Field]int) error {
	hasReplies := false
	for _, a := range m.Activities {
		if a.Kind == "reply" {
			hasReplies = true
		}
	}
	if _, ok := cols[profiles.AgentReplies]; ok {
		hasReplies = true
	}
	src := sql.Named("source", source)
	defer l.timed("derive", time.Now())
	if err := l.groupTiers(ctx, conn, m, source); err != nil {
		return err
	}
	if err := l.writeConfigTiers(ctx, conn); err != nil {
		return err
	}
	if m.Shape == profiles.EventRows {
		t0 := time.Now()
		if err := execScript(ctx, conn, queries.MustRead("etl/events.sql"), src); err != nil {
			return fmt.Errorf("derive events: %w", err)
		}
		l.timed("events", t0)
		t0 = time.Now()
		if err := execScript(ctx, conn, queries.MustRead("etl/tickets_from_events.sql"), src, sql.Named("has_replies", hasReplies)); err != nil {
			return fmt.Errorf("derive tickets: %w", err)
		}
	} else {
		if err := execScript(ctx, conn, queries.MustRead("etl/tickets_from_rows.sql"), src); err != nil {
			return fmt.Errorf("derive tickets: %w", err)
		}
	}
	// The converted records are no longer needed: free their memory before the heavy steps.
	if _, err := conn.ExecContext(ctx, "DROP TABLE temp.conv"); err != nil {
		return err
	}
	for _, f := range []string{"etl/intervals.sql", "etl/decide.sql"} {
		t0 := time.Now()
		err := execScript(ctx, conn, queries.MustRead(f))
		l.timed(f, t0)
		if err != nil {
			return fmt.Errorf("derive (%s): %w", f, err)
		}
	}
	return nil
}

// groupTiers maps every group of this file that the warehouse has not seen for this source,
// in Go (globs and regexes are the configuration's), into temp table gt_new; gt is the union
// with the known ones.
func (l *Loader) groupTiers(ctx context.Context, conn *sql.Conn, m *profiles.Mapping, source string) error {
	rows, err := conn.QueryContext(ctx, `
SELECT DISTINCT g FROM (
    SELECT coalesce(act_group, assignment_group) AS g FROM conv WHERE NOT bad
    UNION ALL
    SELECT assignment_group FROM conv WHERE NOT bad
) WHERE g IS NOT NULL
  AND g NOT IN (SELECT assignment_group FROM group_tiers WHERE source = $source)
ORDER BY 1`, sql.Named("source", source))
	if err != nil {
		return err
	}
	var groups []string
	for rows.Next() {
		var g string
		if err := rows.Scan(&g); err != nil {
			rows.Close()
			return err
		}
		groups = append(groups, g)
	}
	rows.Close()
	cfg := l.Config
	if len(m.TierMap) > 0 {
		cfg = cfg.WithExtraRules(m.TierMap)
	}
	var add [][]driver.Value
	for _, g := range groups {
		tier, vendor, rule := cfg.MatchGroup(source, g)
		add = append(add, []driver.Value{source, g, tier, nullStr(vendor), nullStr(rule)})
	}
	if _, err := conn.ExecContext(ctx, `
CREATE OR REPLACE TEMP TABLE gt_new (source VARCHAR, assignment_group VARCHAR, tier VARCHAR, vendor VARCHAR, rule VARCHAR);`); err != nil {
		return err
	}
	if err := warehouse.Append(ctx, conn, "temp", "gt_new", add); err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, `
CREATE OR REPLACE TEMP TABLE gt AS
SELECT assignment_group, tier, vendor FROM group_tiers WHERE source = $source
UNION ALL
SELECT assignment_group, tier, vendor FROM gt_new;`, sql.Named("source", source))
	return err
}

// writeConfigTiers makes the temp table tier_rank (id, rank) the interval SQL compares ranks with.
func (l *Loader) writeConfigTiers(ctx context.Context, conn *sql.Conn) error {
	if _, err := conn.ExecContext(ctx, `CREATE OR REPLACE TEMP TABLE tier_rank (tier VARCHAR, rank INTEGER)`); err != nil {
		return err
	}
	var rows [][]driver.Value
	for i, id := range l.Config.TierIDs() {
		rows = append(rows, []driver.Value{id, int32(i)})
	}
	return warehouse.Append(ctx, conn, "temp", "tier_rank", rows)
}

// commit writes everything in one transaction: tickets, events, intervals, group tiers,
// rejects, the configuration tables and the ledger row. A failure or a cancel rolls it all back.
func (l *Loader) commit(ctx context.Context, conn *sql.Conn, res *Result, in *input, rejects []Reject, m *profiles.Mapping) error {
	if err := conn.QueryRowContext(ctx, `
SELECT count(*) FILTER (action = 'new'), count(*) FILTER (action = 'update'), count(*) FILTER (action = 'unchanged')
FROM decision`).Scan(&res.New, &res.Updated, &res.Unchanged); err != nil {
		return err
	}
	if err := conn.QueryRowContext(ctx, `
SELECT count(*) FROM e_final WHERE number IN (SELECT number FROM decision WHERE action <> 'unchanged')`).Scan(&res.Events); err != nil {
		return err
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(load_id), 0) + 1 FROM loads").Scan(&res.LoadID); err != nil {
		return err
	}
	merge := queries.MustRead("etl/merge.sql")
	keep := ""
	if res.Unchanged > 0 {
		keep = "AND number IN (SELECT number FROM decision WHERE action <> 'unchanged')"
	}
	merge = strings.ReplaceAll(merge, "/*KEEP*/", keep)
	if res.Updated == 0 {
		// Nothing to replace: skip the four DELETE scans of the warehouse.
		var stmts []string
		for _, s := range splitStatements(merge) {
			if !strings.HasPrefix(strings.TrimSpace(stripComments(s)), "DELETE") {
				stmts = append(stmts, s)
			}
		}
		merge = strings.Join(stmts, ";\n")
	}
	t0 := time.Now()
	if err := execScript(ctx, tx, merge, sql.Named("load_id", res.LoadID), sql.Named("source", res.Source)); err != nil {
		return fmt.Errorf("merge: %w", err)
	}
	l.timed("merge", t0)
	// Rule 4: no unique constraints, so prove there are no duplicates instead.
	var dups int64
	if err := tx.QueryRowContext(ctx, `
SELECT count(*) FROM (
    SELECT ticket_key FROM tickets
    WHERE ticket_key IN (SELECT ticket_key FROM decision WHERE action IN ('new', 'update'))
    GROUP BY ticket_key HAVING count(*) > 1)`).Scan(&dups); err != nil {
		return err
	}
	if dups > 0 {
		return fmt.Errorf("merge produced %d duplicate tickets; nothing was loaded (please report this)", dups)
	}
	var rj [][]driver.Value
	for _, r := range rejects {
		rj = append(rj, []driver.Value{int32(res.LoadID), res.File, r.Line, nullStr(r.Column), nullStr(r.Value), r.Reason})
	}
	if err := l.appendTx(ctx, conn, "rejects", rj); err != nil {
		return err
	}
	now := l.now()
	abs, _ := filepath.Abs(res.File)
	if _, err := tx.ExecContext(ctx, `
INSERT INTO loads VALUES ($id, $file, $sha, $bytes, $profile, $source, $started, $finished, 'loaded',
    $read, $counted, $loaded, $rejected, $new, $updated, $unchanged, $events, $version)`,
		sql.Named("id", res.LoadID), sql.Named("file", abs), sql.Named("sha", in.sha256), sql.Named("bytes", in.bytes),
		sql.Named("profile", m.Name), sql.Named("source", res.Source), sql.Named("started", res.started), sql.Named("finished", now),
		sql.Named("read", res.Loaded+res.Rejected), sql.Named("counted", in.records), sql.Named("loaded", res.Loaded),
		sql.Named("rejected", res.Rejected), sql.Named("new", res.New), sql.Named("updated", res.Updated),
		sql.Named("unchanged", res.Unchanged), sql.Named("events", res.Events), sql.Named("version", l.Version)); err != nil {
		return err
	}
	if err := writeConfig(ctx, tx, conn, l.Config); err != nil {
		return err
	}
	t1 := time.Now()
	defer l.timed("commit", t1)
	return tx.Commit()
}

// appendTx appends on the transaction's connection (the Appender joins the open transaction).
func (l *Loader) appendTx(ctx context.Context, conn *sql.Conn, table string, rows [][]driver.Value) error {
	return warehouse.Append(ctx, conn, "", table, rows)
}

func (l *Loader) now() time.Time {
	if l.Now != nil {
		return l.Now().UTC()
	}
	return time.Now().UTC()
}

// dropTemps frees the connection's temp tables before it goes back to the pool.
func dropTemps(conn *sql.Conn) {
	ctx := context.Background()
	for _, t := range []string{"conv", "t_new", "e_final", "ti_new", "si_new", "decision", "gt", "gt_new", "tz", "tier_rank"} {
		_, _ = conn.ExecContext(ctx, "DROP TABLE IF EXISTS temp."+t)
	}
}
