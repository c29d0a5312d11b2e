package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/tierlens/tierlens/etl"
	"github.com/tierlens/tierlens/etl/profiles"
	"github.com/tierlens/tierlens/etl/warehouse"
)

type loadOptions struct {
	profile     string
	mapping     string
	source      string
	strict      bool
	tz          string
	lockTimeout time.Duration
	format      string
	rebuild     bool
	maxRejects  string
	encoding    string
	sheet       string
}

func newLoadCmd(env *Env) *cobra.Command {
	o := &loadOptions{}
	cmd := &cobra.Command{
		Use:   "load [FILE...]",
		Short: "Load ticket exports into the warehouse",
		Long: `Load ticket exports into the warehouse. Each file loads all-or-nothing in its own
transaction; a file loaded before (same sha256) is skipped; a newer export of the same tickets
updates them in place (the newest updated time wins, whatever the load order). Records that
cannot be read are quarantined in the rejects table with file, line, column and reason; a
quote that is never closed costs its own record only. Files in Windows-1252, Latin-1 or UTF-16
are converted to UTF-8 (detected, or named by --encoding or the mapping's encoding:), stray NUL
bytes are stripped, and a line after the file's summary says so.

Profiles: ` + strings.Join(profiles.Names(), ", ") + `. Without --profile the header decides;
any other layout loads through the generic profile with a mapping file (--mapping).

Formats go by the file extension (or format: in a mapping): CSV, JSON lines, Parquet and XLSX.
An XLSX workbook is read from its first sheet, or the one --sheet names; the first row with
any value is the header, empty rows are skipped, numbers in time columns are Excel dates,
formulas give their saved result. An old binary .xls must be saved as .xlsx or CSV first.

Zendesk (profile zendesk, recognised without --profile): the incremental tickets export as
saved from the API ({"tickets": [...]} documents, or JSON lines of ticket objects). Its ticket
audits ({"audits": [...]}) and ticket metrics or metric events are read only when they are
named in the same load — files beside the export are never picked up on their own. With
audits, status, group and assignee changes become events and comments become replies;
without them the tickets load flat (no history). Groups, users and metric_sets side-loaded in
the export (include=groups,users,metric_sets) give names for ids and the metrics.

After the files, the derived tables (SLA clocks and instances, tier stays against their OLA,
per-ticket facts, backlog spans) are brought up to date once for the whole run, for the tickets
the run wrote plus those whose clocks still run: a small delta export costs little. Edits of
tierlens.yaml (tiers, tier map, calendars, SLA policies, targets) take effect at the next load;
until then every report warns. --rebuild derives everything again without loading anything; a
load also does when the tables miss tickets or another version of tierlens built them.

Beside reports: a load waits up to --lock-timeout for another load, then for the readers
already open (dashboard, query, status, metrics, …), saying on stderr what it waits for; readers
started meanwhile wait for the load (up to their own --lock-timeout, default 10s), so a steady
stream of reports cannot keep an hourly load out. Past the timeout: exit 4.`,
		Example: `  tierlens load exports/incidents.csv
  tierlens load --profile servicenow-eventlog incident_event_log.csv
  tierlens load --mapping sample-data/mappings/helpdesk-italian.yaml finale.csv
  tierlens load --strict --lock-timeout 2m exports/*.csv
  tierlens load --max-rejects 1% exports/incidents.csv
  tierlens load --encoding windows-1252 legacy-export.csv
  tierlens load --sheet Incidents --profile servicenow incidents.xlsx
  tierlens load incremental_tickets.json ticket_audits.json ticket_metrics.json
  tierlens load --rebuild`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 && !o.rebuild {
				return usageError("name at least one export file, e.g. tierlens load exports/*.csv (or --rebuild to rebuild the derived tables only)")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error { return runLoad(cmd.Context(), env, o, args) },
	}
	f := cmd.Flags()
	f.StringVarP(&o.profile, "profile", "p", "", "export profile: "+strings.Join(profiles.Names(), ", ")+" (default: detect from the header)")
	f.StringVarP(&o.mapping, "mapping", "m", "", "mapping file for the generic profile (YAML)")
	f.StringVar(&o.source, "source", "", "source name, to keep two systems' ticket numbers apart (default: the profile)")
	f.BoolVar(&o.strict, "strict", false, "fail a file when any record is rejected")
	f.StringVar(&o.maxRejects, "max-rejects", "5%", "fail a file (loading nothing of it) when more of its records than this are rejected: a share such as 5% or 0.05, or none")
	f.StringVar(&o.tz, "tz", "", "time zone of naive timestamps in the files (default: config source_time_zone)")
	f.DurationVar(&o.lockTimeout, "lock-timeout", 30*time.Second, "how long to wait for another load and then for the readers already open (dashboard, query, …); readers arriving meanwhile wait for this load")
	f.StringVar(&o.format, "format", "table", "summary format: table, csv or json")
	f.BoolVar(&o.rebuild, "rebuild", false, "rebuild the derived tables (SLA, facts, backlog) even when no file is new")
	f.StringVar(&o.encoding, "encoding", "", "encoding of the files: utf-8, windows-1252 or latin-1 (default: the mapping's, else detect; a byte order mark wins)")
	f.StringVar(&o.sheet, "sheet", "", "XLSX files: the sheet to read (default: the first)")
	return cmd
}

func runLoad(ctx context.Context, env *Env, o *loadOptions, files []string) error {
	if err := checkFormat(o.format); err != nil {
		return err
	}
	maxRejects, err := parseShare(o.maxRejects)
	if err != nil {
		return usageError("--max-rejects %q: %v", o.maxRejects, err)
	}
	if o.profile != "" && o.profile != "generic" {
		if _, err := profiles.Lookup(o.profile); err != nil {
			return usageError("%v", err)
		}
	}
	if strings.ContainsAny(o.source, ": ") {
		return usageError("--source %q: use a name without colons or spaces (it prefixes ticket keys as source:number)", o.source)
	}
	enc, err := etl.ParseEncoding(o.encoding)
	if err != nil {
		return usageError("--%v", err)
	}
	if o.profile == "generic" && o.mapping == "" {
		return usageError("the generic profile needs --mapping FILE.yaml (examples in sample-data/mappings/)")
	}
	for _, f := range files {
		if _, err := os.Stat(f); err != nil {
			return fmt.Errorf("load %s: %w (nothing was loaded)", f, errors.Unwrap(err))
		}
	}
	// Zendesk audits and metrics are read with the tickets export, not as files of their own.
	files, with, err := etl.ZendeskCompanions(files)
	if err != nil {
		return usageError("%v", err)
	}
	cfg, err := env.Config()
	if err != nil {
		return err
	}
	for _, w := range with {
		fmt.Fprintf(env.Err, "%s: read with the Zendesk tickets export of this load\n", w)
	}
	w, err := warehouse.Open(ctx, env.DB(), warehouse.Options{
		LockTimeout: o.lockTimeout, Waiting: env.sayWaiting, Logger: env.Logger(),
		MemoryLimit: memoryLimit(env),
	})
	if err != nil {
		return err
	}
	defer w.Close()

	prog := newProgress(env, max(len(files), 1))
	loader := &etl.Loader{W: w, Config: cfg, Log: env.Logger(), Now: env.Now, Version: Version, Progress: prog.step}
	// A changed tier map applies to what is loaded already, before the new files come in.
	moved, err := loader.Retier(ctx)
	if err != nil {
		return err
	}
	if moved > 0 {
		fmt.Fprintf(env.Err, "tier map changed: %d groups moved to another tier; their loaded tickets were re-tiered\n", moved)
	}
	summary := &Table{Columns: []string{"file", "profile", "status", "read", "new", "updated", "unchanged", "rejected", "events", "seconds"}}
	failed, loaded := 0, 0
	for i, file := range files {
		prog.file(i, file)
		res, err := loader.Load(ctx, file, etl.FileOptions{Profile: o.profile, Mapping: o.mapping, Source: o.source, Strict: o.strict, TimeZone: o.tz, MaxRejects: maxRejects, Encoding: enc, Sheet: o.sheet, With: with})
		prog.done()
		if err != nil {
			if ctx.Err() != nil {
				return fmt.Errorf("interrupted: %s was rolled back; files before it stay loaded", file)
			}
			failed++
			fmt.Fprintf(env.Err, "tierlens: %v\n", err)
			if res != nil && errors.Is(err, etl.ErrRejected) {
				printRejects(env, res, false)
			}
			summary.Rows = append(summary.Rows, []any{filepath.Base(file), profileOf(res, o), "failed", nil, nil, nil, nil, rejectedOf(res), nil, nil})
			continue
		}
		summary.Rows = append(summary.Rows, []any{filepath.Base(file), res.Profile, res.Status, res.Records, res.New, res.Updated, res.Unchanged, res.Rejected, res.Events, round1(res.Elapsed.Seconds())})
		if res.Status == "loaded" {
			loaded++
		}
		printNotes(env, res)
		if res.Rejected > 0 {
			printRejects(env, res, true)
		}
	}
	stale, err := loader.DerivedStale(ctx)
	if err != nil {
		return err
	}
	if loaded > 0 || moved > 0 || o.rebuild || stale {
		// SLA clocks, business times, OLA stays and the per-ticket facts: derived once per
		// run, for the tickets the run touched (all of them with --rebuild).
		prog.derivation()
		loader.Deriving = prog.derive
		t0 := env.Now()
		ref, err := loader.RefreshDerived(ctx, o.rebuild)
		prog.done()
		if err != nil {
			return fmt.Errorf("%w\nthe files above are loaded; run tierlens load --rebuild to derive the derived tables again", err)
		}
		if len(files) == 0 || len(ref.Applied) > 0 {
			fmt.Fprintf(env.Err, "%s\n", refreshText(ref, env.Now().Sub(t0).Seconds()))
		}
	}
	if len(files) == 0 {
		return nil
	}
	if err := summary.Write(env.Out, o.format); err != nil {
		return err
	}
	switch {
	case failed == len(files):
		return &exitError{code: ExitError, err: fmt.Errorf("no file loaded")}
	case failed > 0:
		return &exitError{code: ExitPartial, err: fmt.Errorf("%d of %d files failed; the others are loaded", failed, len(files))}
	}
	return nil
}

// refreshText says what a derivation did: how many tickets, why all, what configuration it
// applied.
func refreshText(r *etl.Refresh, secs float64) string {
	var b strings.Builder
	if r.Full {
		fmt.Fprintf(&b, "derived tables rebuilt in %.1f s (%s)", secs, strings.Join(r.Why, "; "))
	} else {
		fmt.Fprintf(&b, "derived tables: %d tickets derived again in %.1f s", r.Tickets, secs)
	}
	if len(r.Applied) > 0 {
		fmt.Fprintf(&b, "; configuration applied: %s", strings.Join(r.Applied, ", "))
		if len(r.Whole) > 0 {
			fmt.Fprintf(&b, " (rebuilt whole: %s)", strings.Join(r.Whole, ", "))
		}
	}
	return b.String()
}

func profileOf(res *etl.Result, o *loadOptions) any {
	if res != nil && res.Profile != "" {
		return res.Profile
	}
	if o.mapping != "" {
		return "generic"
	}
	if o.profile != "" {
		return o.profile
	}
	return nil
}

func rejectedOf(res *etl.Result) any {
	if res == nil || res.Rejected == 0 {
		return nil
	}
	return res.Rejected
}

// printRejects lists the first rejects; kept says whether the file loaded (and its rejects
// with it) or was refused by --strict, in which case the rejects table does not have them.
func printRejects(env *Env, res *etl.Result, kept bool) {
	if kept {
		fmt.Fprintf(env.Err, "%s: %d records rejected (all are in the rejects table: tierlens query \"SELECT * FROM rejects\")\n", res.File, res.Rejected)
	} else {
		fmt.Fprintf(env.Err, "%s: %d records rejected; nothing of the file was loaded (fix them, or load without --strict to quarantine them in the rejects table)\n", res.File, res.Rejected)
	}
	for _, r := range res.Rejects {
		loc := fmt.Sprintf("%s:%d", res.File, r.Line)
		if r.Column != "" {
			loc += ": " + r.Column
		}
		val := ""
		if r.Value != "" {
			val = fmt.Sprintf(" %q:", printable(r.Value))
		}
		fmt.Fprintf(env.Err, "  %s:%s %s\n", loc, val, r.Reason)
	}
	if res.Rejected > int64(len(res.Rejects)) {
		fmt.Fprintf(env.Err, "  … and %d more\n", res.Rejected-int64(len(res.Rejects)))
	}
}

// printNotes says in one line what a load fixed without rejecting anything (an encoding
// converted, NULs stripped), then each other finding of the file on a line of its own.
func printNotes(env *Env, res *etl.Result) {
	var fixed []string
	for _, n := range res.Notes {
		if n.Finding == etl.NoteEncoding || n.Finding == etl.NoteNUL {
			fixed = append(fixed, n.Detail)
		}
	}
	if len(fixed) > 0 {
		fmt.Fprintf(env.Err, "%s: %s\n", res.File, printable(strings.Join(fixed, "; ")))
	}
	for _, n := range res.Notes {
		if n.Finding != etl.NoteEncoding && n.Finding != etl.NoteNUL {
			fmt.Fprintf(env.Err, "%s: note: %s\n", res.File, printable(n.String()))
		}
	}
}

func round1(f float64) float64 { return float64(int64(f*10+0.5)) / 10 }

// memoryLimit keeps DuckDB well inside the machine (env TIERLENS_MEMORY_LIMIT overrides).
func memoryLimit(env *Env) string {
	if v := env.Getenv("TIERLENS_MEMORY_LIMIT"); v != "" {
		return v
	}
	return "2.5GB"
}

// progress shows the running file and step on a terminal; elsewhere it stays silent.
type progress struct {
	env   *Env
	on    bool
	total int
	mu    sync.Mutex
	idx   int
	name  string
	start time.Time
	// stepText is the running step of the current file, or the derived table being built.
	stepText string
	// deriving: the derived tables are being built, share of them done.
	deriving bool
	share    float64
	stop     chan struct{}
	wg       sync.WaitGroup
}

func newProgress(env *Env, total int) *progress {
	return &progress{env: env, on: IsTerminal(env.Err), total: total}
}

func (p *progress) file(i int, name string) {
	if !p.on {
		return
	}
	p.mu.Lock()
	p.idx, p.name, p.start = i, filepath.Base(name), time.Now()
	p.mu.Unlock()
	p.tick()
}

// derivation shows the derived tables being built after the files (etl.Loader.Deriving
// tells which), the bar advancing by table.
func (p *progress) derivation() {
	if !p.on {
		return
	}
	p.mu.Lock()
	p.deriving, p.share, p.stepText, p.start = true, 0, "", time.Now()
	p.mu.Unlock()
	p.tick()
}

// derive is etl.Loader.Deriving: table starts after done of total tables ("" once all are
// built and the transaction commits).
func (p *progress) derive(table string, done, total int) {
	p.mu.Lock()
	if table == "" {
		p.stepText = "writing"
	} else {
		p.stepText = fmt.Sprintf("%s (%d/%d)", table, done+1, total)
	}
	p.share = float64(done) / float64(max(total, 1))
	p.mu.Unlock()
	p.draw()
}

// tick redraws the line every 200 ms until done.
func (p *progress) tick() {
	p.stop = make(chan struct{})
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-p.stop:
				return
			case <-t.C:
				p.draw()
			}
		}
	}()
}

func (p *progress) step(_, step string) {
	p.mu.Lock()
	p.stepText = step
	p.mu.Unlock()
	p.draw()
}

func (p *progress) draw() {
	if !p.on {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	step := p.stepText
	// DuckDB reports no progress inside a statement, so the bar advances by step, each weighted
	// by its usual share of a load (by table while deriving); the spinner and the clock show
	// it is alive in between.
	done := stepShare[step]
	what := fmt.Sprintf("file %d/%d %s", p.idx+1, p.total, printable(p.name))
	if p.deriving {
		done, what = p.share, "derived tables"
	}
	const width = 24
	n := int(done * width)
	bar := strings.Repeat("=", n) + strings.Repeat(" ", width-n)
	spin := `|/-\`[int(time.Since(p.start)/(200*time.Millisecond))%4]
	fmt.Fprintf(p.env.Err, "\r\033[K%c [%s] %3.0f%%  %s  %s  %.1fs", spin, bar, 100*done, what, step, time.Since(p.start).Seconds())
}

// stepShare is how much of a load is done when a step starts.
var stepShare = map[string]float64{"checking": 0, "reading": 0.05, "deriving": 0.40, "merging": 0.75}

func (p *progress) done() {
	if !p.on {
		return
	}
	close(p.stop)
	p.wg.Wait()
	fmt.Fprint(p.env.Err, "\r\033[K")
}

// parseShare reads a share of records: "5%", "0.05", or "none" (no limit, -1).
func parseShare(s string) (float64, error) {
	s = strings.TrimSpace(s)
	if s == "none" || s == "off" {
		return -1, nil
	}
	pct := strings.HasSuffix(s, "%")
	v, err := strconv.ParseFloat(strings.TrimSuffix(s, "%"), 64)
	if err != nil || v < 0 {
		return 0, fmt.Errorf("write a share such as 5%%, 0.05 or none")
	}
	if pct {
		v /= 100
	}
	if v > 1 {
		return 0, fmt.Errorf("a share is at most 100%%")
	}
	if v == 0 {
		// zero rejects allowed is what --strict says; keep the two apart
		return 0, fmt.Errorf("0 allows no reject: use --strict")
	}
	return v, nil
}
