package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/tierlens/tierlens/metrics"
)

// filterFlag is --filter, shared by every reporting command (dashboard, pack, metrics run,
// check) so the same words narrow each of them the same way.
type filterFlag struct{ args []string }

func (f *filterFlag) register(cmd *cobra.Command) {
	cmd.Flags().StringArrayVar(&f.args, "filter", nil,
		"narrow to KEY=VALUE[,VALUE…] with KEY one of "+strings.Join(metrics.FilterKeys, ", ")+
			" (repeatable; values of one key: any of them; keys together: all; (none) = no value)")
}

// parse reads the flag; the values are checked against the warehouse when the metrics run.
func (f *filterFlag) parse() (metrics.Filter, error) {
	flt, err := metrics.ParseFilter(f.args)
	if err != nil {
		return nil, usageError("--filter: %s", strings.TrimPrefix(err.Error(), metrics.ErrFilter.Error()+" "))
	}
	return flt, nil
}

// filterError turns a filter the warehouse refuses (an unknown value) into a usage error.
func filterError(err error) error {
	if errors.Is(err, metrics.ErrFilter) {
		return usageError("--filter: %s", strings.TrimPrefix(err.Error(), metrics.ErrFilter.Error()+" "))
	}
	return err
}

// filterLine is the line a report for people starts with when a filter applies.
func filterLine(f metrics.Filter) string {
	if len(f) == 0 {
		return ""
	}
	return fmt.Sprintf("Filter: %s\n", f)
}
