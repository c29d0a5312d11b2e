package sample

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"
)

// Options configure one generation run.
type Options struct {
	// Tickets is the number of tickets to generate (0 writes header-only files).
	Tickets int
	// Seed selects the run: the same Seed and Options give byte-identical files.
	Seed uint64
	// End is the export's "now": tickets are created in the Weeks weeks
	// before End's UTC date (up to End itself) and nothing happens after
	// End, so tickets whose flow would pass it are left open or pending.
	// It is required: no wall clock is read.
	End time.Time
	// Weeks is the span of creation dates before End; 0 means 16.
	Weeks int
	// Profile names the export format, one of Profiles().
	Profile string
	// OutDir is the directory the files are written to; it is created when
	// missing.
	OutDir string
	// Progress, when not nil, is called now and then with the number of
	// tickets written so far, and once at the end with done == total.
	Progress func(done, total int)
}

// Profile names accepted by Generate.
const (
	ProfileServiceNow         = "servicenow"
	ProfileServiceNowEventlog = "servicenow-eventlog"
	ProfileGeneric            = "generic"
	ProfileJira               = "jira"
	ProfileFreshdesk          = "freshdesk"
	ProfileFreshservice       = "freshservice"
	ProfileZendesk            = "zendesk"
)

// DefaultWeeks is the span of creation dates used when Options.Weeks is 0.
const DefaultWeeks = 16

// MaxWeeks bounds Options.Weeks (ten years) so a typo cannot ask for a
// calendar of millions of hours.
const MaxWeeks = 520

// ErrUnknownProfile is returned (wrapped) when Options.Profile is not one of Profiles().
var ErrUnknownProfile = errors.New("unknown sample profile")

// ErrInvalidOptions is returned (wrapped) for any other unusable option.
var ErrInvalidOptions = errors.New("invalid sample options")

// Profiles lists the profile names Generate accepts, sorted.
func Profiles() []string {
	return []string{ProfileFreshdesk, ProfileFreshservice, ProfileGeneric, ProfileJira, ProfileServiceNow, ProfileServiceNowEventlog, ProfileZendesk}
}

// File names written per profile.
const (
	fileServiceNow     = "servicenow_incidents.csv"
	fileEventlog       = "servicenow_eventlog.csv"
	fileGenericCSV     = "generic_events.csv"
	fileGenericJSONL   = "generic_events.jsonl"
	fileGenericParquet = "generic_events.parquet"
	fileServiceNowList = "servicenow_list.csv"
	fileJira           = "jira_issues.csv"
	fileFreshdesk      = "freshdesk_tickets.csv"
	fileFreshservice   = "freshservice_tickets.csv"
	fileZendeskTickets = "zendesk_tickets.json"
	fileZendeskAudits  = "zendesk_audits.json"
)

// How often, in tickets, Generate reports progress and checks ctx.
const (
	progressEvery       = 10000
	cancelCheckInterval = 1024
)

// validate checks opts and returns the span of creation dates in weeks.
func (o *Options) validate() (weeks int, err error) {
	if !slices.Contains(Profiles(), o.Profile) {
		return 0, fmt.Errorf("%w %q: use one of %s", ErrUnknownProfile, o.Profile, strings.Join(Profiles(), ", "))
	}
	if o.Tickets < 0 {
		return 0, fmt.Errorf("%w: tickets must be 0 or more, got %d", ErrInvalidOptions, o.Tickets)
	}
	weeks = o.Weeks
	if weeks == 0 {
		weeks = DefaultWeeks
	}
	if weeks < 0 || weeks > MaxWeeks {
		return 0, fmt.Errorf("%w: weeks must be between 1 and %d, got %d", ErrInvalidOptions, MaxWeeks, o.Weeks)
	}
	if o.End.IsZero() {
		return 0, fmt.Errorf("%w: an end time is required (runs never read the clock, so the same options always give the same files)", ErrInvalidOptions)
	}
	// Madrid's UTC offset is a whole number of hours in this range, which
	// the calendar relies on.
	if y := o.End.UTC().Year(); y < 1971 || y > 2199 {
		return 0, fmt.Errorf("%w: end year must be between 1971 and 2199, got %d", ErrInvalidOptions, y)
	}
	if o.OutDir == "" {
		return 0, fmt.Errorf("%w: an output directory is required", ErrInvalidOptions)
	}
	return weeks, nil
}

// Generate writes the export file(s) for opts.Profile into opts.OutDir and
// returns their paths, sorted. Files appear complete or not at all: each is
// written to a temporary name and renamed when done, and removed when
// generation fails or ctx is cancelled.
func Generate(ctx context.Context, opts Options) ([]string, error) {
	weeks, err := opts.validate()
	if err != nil {
		return nil, err
	}
	end := opts.End.Unix()
	u := opts.End.UTC()
	from := time.Date(u.Year(), u.Month(), u.Day()-7*weeks, 0, 0, 0, 0, time.UTC).Unix()
	cal, err := newCalendar(from, end, opts.Seed)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(opts.OutDir, 0o755); err != nil {
		return nil, fmt.Errorf("create output directory: %w", err)
	}

	var files []*outFile
	var renderers []renderer
	defer func() {
		for _, f := range files {
			f.abort() // no-op once committed
		}
	}()
	open := func(name string) (*outFile, error) {
		f, err := createOut(opts.OutDir, name)
		if err == nil {
			files = append(files, f)
		}
		return f, err
	}
	switch opts.Profile {
	case ProfileServiceNow:
		f, err := open(fileServiceNow)
		if err != nil {
			return nil, err
		}
		renderers = append(renderers, newServiceNowWriter(f, cal))
		fl, err := open(fileServiceNowList)
		if err != nil {
			return nil, err
		}
		renderers = append(renderers, newFlatWriter(fl, cal, end, serviceNowListColumns(cal), true))
	case ProfileJira, ProfileFreshdesk, ProfileFreshservice:
		name, cols := fileJira, jiraColumns(cal)
		switch opts.Profile {
		case ProfileFreshdesk:
			name, cols = fileFreshdesk, freshdeskColumns(cal)
		case ProfileFreshservice:
			name, cols = fileFreshservice, freshserviceColumns(cal)
		}
		f, err := open(name)
		if err != nil {
			return nil, err
		}
		renderers = append(renderers, newFlatWriter(f, cal, end, cols, false))
	case ProfileServiceNowEventlog:
		f, err := open(fileEventlog)
		if err != nil {
			return nil, err
		}
		renderers = append(renderers, newEventlogWriter(f, cal))
	case ProfileGeneric:
		fc, err := open(fileGenericCSV)
		if err != nil {
			return nil, err
		}
		fj, err := open(fileGenericJSONL)
		if err != nil {
			return nil, err
		}
		fp, err := open(fileGenericParquet)
		if err != nil {
			return nil, err
		}
		renderers = append(renderers, newGenericWriter(fc, fj, fp, cal))
	case ProfileZendesk:
		ft, err := open(fileZendeskTickets)
		if err != nil {
			return nil, err
		}
		fa, err := open(fileZendeskAudits)
		if err != nil {
			return nil, err
		}
		renderers = append(renderers, newZendeskWriter(ft, fa))
	}

	sim := newSimulator(cal, end, opts.Seed, opts.Tickets)
	var t ticket
	for i := range opts.Tickets {
		if i%cancelCheckInterval == 0 {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("generate %s sample: %w", opts.Profile, err)
			}
		}
		if opts.Progress != nil && i > 0 && i%progressEvery == 0 {
			opts.Progress(i, opts.Tickets)
		}
		sim.next(&t)
		for _, r := range renderers {
			if err := r.write(&t); err != nil {
				return nil, err
			}
		}
	}
	for _, r := range renderers {
		if err := r.close(); err != nil {
			return nil, err
		}
	}
	paths := make([]string, 0, len(files))
	for _, f := range files {
		if err := f.commit(); err != nil {
			return nil, err
		}
		paths = append(paths, f.path)
	}
	if opts.Progress != nil {
		opts.Progress(opts.Tickets, opts.Tickets)
	}
	slices.Sort(paths)
	return paths, nil
}

// renderer writes tickets in one export format.
type renderer interface {
	write(t *ticket) error
	// close writes any trailer and flushes; it does not close the files.
	close() error
}
