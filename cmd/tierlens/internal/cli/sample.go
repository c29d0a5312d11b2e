package cli

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/tierlens/tierlens/etl/sample"
)

type sampleOptions struct {
	tickets int
	seed    uint64
	profile string
	out     string
	end     string
	weeks   int
}

func newSampleCmd(env *Env) *cobra.Command {
	o := &sampleOptions{}
	cmd := &cobra.Command{
		Use:   "sample",
		Short: "Generate realistic sample exports, deterministic by seed",
		Long: `Generate realistic help desk exports: arrivals by hour and weekday, L1 resolving ~75%,
escalations up to L4 vendors, bounces, reassignments, pending states, reopens, SLA breaches,
CSAT, and a few hostile strings (HTML, formulas, emoji) to prove outputs stay safe.
Flat exports come in each product's own shape: Jira's "Export CSV (all fields)", Freshdesk's and
Freshservice's ticket exports, ServiceNow's list export (two files: field names, and a list of
other columns in another order).
The same --seed, --tickets and --end always give byte-identical files.`,
		Example: `  tierlens sample --tickets 2000 --out exports
  tierlens sample --profile servicenow-eventlog --tickets 1000000 --seed 7 --out /tmp/big
  tierlens sample --profile generic --end 2026-11-20 --out sample-data/generic
  tierlens sample --profile jira --tickets 500 --out exports   # also freshdesk, freshservice`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runSample(cmd.Context(), env, o) },
	}
	f := cmd.Flags()
	f.IntVarP(&o.tickets, "tickets", "n", 2000, "number of tickets")
	f.Uint64Var(&o.seed, "seed", 1, "random seed")
	f.StringVarP(&o.profile, "profile", "p", "servicenow-eventlog", "format: "+strings.Join(sample.Profiles(), ", "))
	f.StringVarP(&o.out, "out", "o", "sample-exports", "output directory")
	f.StringVar(&o.end, "end", "", "last day of the data, YYYY-MM-DD, up to its end (default: now)")
	f.IntVar(&o.weeks, "weeks", 16, "weeks of ticket arrivals before --end")
	return cmd
}

func runSample(ctx context.Context, env *Env, o *sampleOptions) error {
	if o.tickets <= 0 {
		return usageError("--tickets must be at least 1")
	}
	// Default: up to now, so a demo shows the recent weeks and nothing in the future.
	end := env.Now().UTC().Truncate(time.Minute)
	if o.end != "" {
		d, err := time.Parse(time.DateOnly, o.end)
		if err != nil {
			return usageError("--end %q: write a date as YYYY-MM-DD", o.end)
		}
		end = time.Date(d.Year(), d.Month(), d.Day(), 23, 59, 59, 0, time.UTC)
	}
	var progress func(done, total int)
	if IsTerminal(env.Err) {
		progress = func(done, total int) {
			fmt.Fprintf(env.Err, "\r\033[Kgenerating %d/%d tickets", done, total)
		}
	}
	files, err := sample.Generate(ctx, sample.Options{
		Tickets: o.tickets, Seed: o.seed, End: end, Weeks: o.weeks, Profile: o.profile, OutDir: o.out, Progress: progress,
	})
	if progress != nil {
		fmt.Fprint(env.Err, "\r\033[K")
	}
	if err != nil {
		return err
	}
	for _, f := range files {
		fmt.Fprintln(env.Out, f)
	}
	return nil
}
