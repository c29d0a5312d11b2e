package cli

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
)

func newTiersCmd(env *Env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "tiers",
		Short: "Inspect and propose the assignment group to tier map",
		Example: `  tierlens tiers suggest
  tierlens tiers suggest --all > tier_map.yaml`,
	}
	cmd.AddCommand(newTiersSuggestCmd(env))
	return cmd
}

type suggestOptions struct {
	all        bool
	source     string
	minTickets int
}

func newTiersSuggestCmd(env *Env) *cobra.Command {
	o := &suggestOptions{}
	cmd := &cobra.Command{
		Use:   "suggest",
		Short: "Propose tiers for unmapped groups from how tickets flow through them",
		Long: `Propose a tier for each unmapped assignment group from the loaded tickets' flow: groups
that are most often a ticket's first assignee are the front line (L1); groups reached later in
escalation paths are higher tiers, by their median position in the paths and by whether they
receive more tickets than they pass on; groups holding vendor tickets are L4.

The output is a tier_map block for tierlens.yaml with the evidence per group as comments.
Review it: the flow shows where a group sits, not what it is.`,
		Example: `  tierlens tiers suggest
  tierlens tiers suggest --all --min-tickets 20 > tier_map.yaml
  tierlens tiers suggest --source servicenow-eventlog`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runSuggest(cmd.Context(), env, o) },
	}
	cmd.Flags().BoolVar(&o.all, "all", false, "propose for every group, not only unmapped ones")
	cmd.Flags().StringVar(&o.source, "source", "", "only this source's groups")
	cmd.Flags().IntVar(&o.minTickets, "min-tickets", 1, "leave out groups with fewer tickets")
	return cmd
}

// groupEvidence is one row of the group_flow view.
type groupEvidence struct {
	source, group, tier             string
	tickets, first                  int64
	firstShare, median, mean        float64
	resolved                        int64
	resolvedShare                   float64
	received, passedOn, vendorStays int64
}

// suggestTier applies the heuristic; the reason says which evidence decided.
func suggestTier(g groupEvidence) (string, string) {
	switch {
	case g.vendorStays > 0 && float64(g.vendorStays) >= 0.5*float64(g.tickets):
		return "L4", "holds vendor tickets"
	case g.firstShare >= 0.5:
		return "L1", "first assignee of most of its tickets"
	case g.median <= 2:
		return "L2", "usually the second group in a ticket's path"
	case g.received > 2*g.passedOn || g.median >= 3:
		return "L3", "reached late in escalation paths and mostly keeps what it receives"
	}
	return "L2", "reached after the first group"
}

func runSuggest(ctx context.Context, env *Env, o *suggestOptions) error {
	w, err := env.OpenReader(ctx)
	if err != nil {
		return err
	}
	defer w.Close()
	rows, err := w.DB.QueryContext(ctx, `
SELECT source, assignment_group, coalesce(tier, 'unmapped'), tickets, first_assignee, first_share,
       median_position, mean_position, resolved_here, resolved_share, received, passed_on, vendor_stays
FROM group_flow
WHERE ($all OR coalesce(tier, 'unmapped') = 'unmapped')
  AND ($source = '' OR source = $source)
  AND tickets >= $min
ORDER BY source, first_share DESC, median_position, tickets DESC, assignment_group`,
		sql.Named("all", o.all), sql.Named("source", o.source), sql.Named("min", o.minTickets))
	if err != nil {
		return err
	}
	defer rows.Close()
	var gs []groupEvidence
	for rows.Next() {
		var g groupEvidence
		if err := rows.Scan(&g.source, &g.group, &g.tier, &g.tickets, &g.first, &g.firstShare, &g.median, &g.mean,
			&g.resolved, &g.resolvedShare, &g.received, &g.passedOn, &g.vendorStays); err != nil {
			return err
		}
		gs = append(gs, g)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(gs) == 0 {
		fmt.Fprintln(env.Err, "no unmapped groups: every group matches a tier_map rule (use --all to review them all)")
		return nil
	}
	writeSuggestion(env.Out, gs)
	return nil
}

func writeSuggestion(out io.Writer, gs []groupEvidence) {
	fmt.Fprintln(out, "# tier_map proposed by `tierlens tiers suggest` from the loaded ticket flow.")
	fmt.Fprintln(out, "# Evidence per group: tickets, share where it was the first assignee, median position in")
	fmt.Fprintln(out, "# the ticket's path (1 = first group), share of its stays that ended resolved, tickets")
	fmt.Fprintln(out, "# received from / passed on to other groups. Review before pasting into tierlens.yaml.")
	fmt.Fprintln(out, "tier_map:")
	for _, g := range gs {
		tier, why := suggestTier(g)
		fmt.Fprintf(out, "  # %s: %d tickets, first assignee %.0f%%, median position %s, resolved %.0f%%, received %d, passed on %d: %s\n",
			g.source, g.tickets, 100*g.firstShare, strconv.FormatFloat(g.median, 'f', -1, 64), 100*g.resolvedShare, g.received, g.passedOn, why)
		fmt.Fprintf(out, "  - exact: %s\n    tier: %s\n", yamlQuote(g.group), tier)
		if tier == "L4" {
			fmt.Fprintln(out, "    vendor: true")
		}
		if g.source != "" {
			fmt.Fprintf(out, "    source: %s\n", yamlQuote(g.source))
		}
	}
}

// yamlQuote writes a group name as a double-quoted YAML scalar, safe for any text.
func yamlQuote(s string) string {
	q := strconv.Quote(s)
	return strings.ReplaceAll(q, `\'`, `'`)
}
