package sample

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
)

// testEnd is inside summer time, and the default 16-week window crosses the
// March clock change.
var testEnd = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

func generate(t testing.TB, profile string, tickets int, seed uint64) []string {
	t.Helper()
	paths, err := Generate(context.Background(), Options{Tickets: tickets, Seed: seed, End: testEnd,
		Profile: profile, OutDir: t.TempDir()})
	if err != nil {
		t.Fatalf("generate %s: %v", profile, err)
	}
	return paths
}

func readAll(t testing.TB, paths []string) [][]byte {
	t.Helper()
	var out [][]byte
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

func TestFileNames(t *testing.T) {
	want := map[string][]string{
		ProfileServiceNow:         {"servicenow_incidents.csv", "servicenow_list.csv"},
		ProfileJira:               {"jira_issues.csv"},
		ProfileFreshdesk:          {"freshdesk_tickets.csv"},
		ProfileFreshservice:       {"freshservice_tickets.csv"},
		ProfileServiceNowEventlog: {"servicenow_eventlog.csv"},
		ProfileGeneric:            {"generic_events.csv", "generic_events.jsonl", "generic_events.parquet"},
		ProfileZendesk:            {"zendesk_audits.json", "zendesk_tickets.json"},
	}
	for _, p := range Profiles() {
		paths := generate(t, p, 10, 1)
		var names []string
		for _, path := range paths {
			names = append(names, filepath.Base(path))
		}
		if !slices.Equal(names, want[p]) {
			t.Errorf("%s wrote %v, want %v", p, names, want[p])
		}
		entries, err := os.ReadDir(filepath.Dir(paths[0]))
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != len(paths) {
			t.Errorf("%s left %d entries in the output directory, want %d (temporary files?)", p, len(entries), len(paths))
		}
	}
}

func TestDeterministic(t *testing.T) {
	for _, p := range Profiles() {
		t.Run(p, func(t *testing.T) {
			a := readAll(t, generate(t, p, 300, 42))
			b := readAll(t, generate(t, p, 300, 42))
			c := readAll(t, generate(t, p, 300, 43))
			for i := range a {
				if !bytes.Equal(a[i], b[i]) {
					t.Errorf("file %d differs between two runs with the same seed", i)
				}
				if bytes.Equal(a[i], c[i]) {
					t.Errorf("file %d is the same for seeds 42 and 43", i)
				}
			}
		})
	}
}

func TestZeroTicketsWritesHeaders(t *testing.T) {
	for _, p := range []string{ProfileServiceNow, ProfileServiceNowEventlog} {
		b := readAll(t, generate(t, p, 0, 1))[0]
		if bytes.Count(b, []byte("\n")) != 1 || !bytes.HasPrefix(b, []byte("number,")) {
			t.Errorf("%s with 0 tickets wrote %q, want the header line only", p, b)
		}
	}
	paths := generate(t, ProfileGeneric, 0, 1)
	files := readAll(t, paths)
	if string(files[0]) != strings.Join(genericHeader, ",")+"\n" || len(files[1]) != 0 {
		t.Errorf("generic with 0 tickets wrote csv %q and jsonl %q", files[0], files[1])
	}
	rows, err := parquet.ReadFile[parquetBack](paths[2])
	if err != nil || len(rows) != 0 {
		t.Errorf("generic parquet with 0 tickets: %d rows, %v", len(rows), err)
	}
}

func TestOptionErrors(t *testing.T) {
	ok := Options{Tickets: 1, End: testEnd, Profile: ProfileGeneric, OutDir: t.TempDir()}
	tests := []struct {
		name   string
		change func(*Options)
		is     error
		want   string
	}{
		{"unknown profile", func(o *Options) { o.Profile = "kayako" }, ErrUnknownProfile,
			`unknown sample profile "kayako": use one of freshdesk, freshservice, generic, jira, servicenow, servicenow-eventlog, zendesk`},
		{"negative tickets", func(o *Options) { o.Tickets = -1 }, ErrInvalidOptions, "tickets must be 0 or more, got -1"},
		{"negative weeks", func(o *Options) { o.Weeks = -2 }, ErrInvalidOptions, "weeks must be between 1 and 520, got -2"},
		{"too many weeks", func(o *Options) { o.Weeks = 10000 }, ErrInvalidOptions, "weeks must be between 1 and 520"},
		{"no end", func(o *Options) { o.End = time.Time{} }, ErrInvalidOptions, "an end time is required"},
		{"ancient end", func(o *Options) { o.End = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC) }, ErrInvalidOptions, "end year must be between 1971 and 2199, got 1900"},
		{"no dir", func(o *Options) { o.OutDir = "" }, ErrInvalidOptions, "an output directory is required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := ok
			tt.change(&o)
			_, err := Generate(context.Background(), o)
			if !errors.Is(err, tt.is) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got error %v, want %v containing %q", err, tt.is, tt.want)
			}
		})
	}
}

func TestCancelLeavesNoFiles(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	dir := t.TempDir()
	_, err := Generate(ctx, Options{Tickets: 5000, End: testEnd, Profile: ProfileGeneric, OutDir: dir})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 0 {
		t.Errorf("cancelled run left %d files", len(entries))
	}
}

func TestProgress(t *testing.T) {
	var calls [][2]int
	_, err := Generate(context.Background(), Options{Tickets: 25000, End: testEnd, Profile: ProfileServiceNow,
		OutDir: t.TempDir(), Progress: func(done, total int) { calls = append(calls, [2]int{done, total}) }})
	if err != nil {
		t.Fatal(err)
	}
	want := [][2]int{{10000, 25000}, {20000, 25000}, {25000, 25000}}
	if !slices.Equal(calls, want) {
		t.Errorf("progress calls %v, want %v", calls, want)
	}
}

func TestEndOutsideWholeHourStillWorks(t *testing.T) {
	end := time.Date(2026, 10, 25, 1, 30, 17, 0, time.UTC) // also the autumn clock change
	_, err := Generate(context.Background(), Options{Tickets: 500, Weeks: 1, End: end, Profile: ProfileGeneric, OutDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
}

func TestCatalog(t *testing.T) {
	total := 0
	for _, is := range issues {
		total += is.weight
		if len(is.titles) == 0 || is.kbBase+3 > 100 {
			t.Errorf("issue %s/%s: %d titles, kbBase %d", is.category, is.subcategory, len(is.titles), is.kbBase)
		}
	}
	if total != issueTotalWeight {
		t.Errorf("issue weights sum to %d, issueTotalWeight is %d", total, issueTotalWeight)
	}
	for g, gr := range groups {
		if gr.tier != tierL0 && len(gr.agents) == 0 {
			t.Errorf("group %s has no agents", gr.name)
		}
		if len(gr.agents) > 127 {
			t.Errorf("group %d has more agents than an int8 can index", g)
		}
	}
}
