package cli

import (
	"strings"

	"github.com/spf13/cobra"
)

type metricsListOptions struct {
	format string
}

func newMetricsListCmd(env *Env) *cobra.Command {
	o := &metricsListOptions{}
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the metrics of the catalog",
		Long: `List every metric of the catalog: the built-in ones and those in metrics_dir. A variant
is a labelled alternative definition of another metric (e.g. fcr_first_group of fcr); the
target is the one in tierlens.yaml, else the metric file's default.`,
		Example: `  tierlens metrics list
  tierlens metrics list --format csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runMetricsList(env, o) },
	}
	cmd.Flags().StringVar(&o.format, "format", "table", "output format: table, csv or json")
	return cmd
}

func runMetricsList(env *Env, o *metricsListOptions) error {
	if err := checkFormat(o.format); err != nil {
		return err
	}
	_, cat, err := loadCatalog(env)
	if err != nil {
		return err
	}
	t := &Table{Columns: []string{"name", "title", "unit", "direction", "target", "variant_of", "needs", "file"}}
	for _, m := range cat.Metrics() {
		t.Rows = append(t.Rows, []any{m.Name, m.Title, m.Unit, m.Direction, targetText(m.EffectiveTarget), m.VariantOf, strings.Join(m.Needs, " "), m.File})
	}
	return t.Write(env.Out, o.format)
}
