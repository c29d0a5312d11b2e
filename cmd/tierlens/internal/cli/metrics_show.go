package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/tierlens/tierlens/metrics"
)

type metricsShowOptions struct {
	sqlOnly bool
}

func newMetricsShowCmd(env *Env) *cobra.Command {
	o := &metricsShowOptions{}
	cmd := &cobra.Command{
		Use:   "show NAME",
		Short: "Show one metric: its definition, target, dimensions and SQL",
		Long: `Show one metric: what it measures, its unit and target, the grains and dimensions it
can run at, what data it needs, and its SQL with the statement that runs it in any DuckDB
client (the parameters filled in for last week).`,
		Example: `  tierlens metrics show fcr
  tierlens metrics show resolution_time --sql > mttr.sql`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return runMetricsShow(env, o, args[0]) },
	}
	cmd.Flags().BoolVar(&o.sqlOnly, "sql", false, "print only the SQL file")
	return cmd
}

func runMetricsShow(env *Env, o *metricsShowOptions, name string) error {
	cfg, cat, err := loadCatalog(env)
	if err != nil {
		return err
	}
	m, err := cat.Get(name)
	if err != nil {
		return metricError(err)
	}
	if o.sqlOnly {
		_, err := io.WriteString(env.Out, m.SQL)
		return err
	}
	w := env.Out
	fmt.Fprintf(w, "%s: %s\n\n", m.Name, m.Title)
	fmt.Fprintf(w, "%s\n\n", wrap(m.Description, 92))
	dir := map[string]string{metrics.Up: "higher is better", metrics.Down: "lower is better"}[m.Direction]
	fmt.Fprintf(w, "unit:        %s (%s)\n", m.Unit, dir)
	if t := m.EffectiveTarget; t != nil {
		fmt.Fprintf(w, "target:      %s (from %s)\n", targetText(t), targetSource(cfg, m))
	} else {
		fmt.Fprintf(w, "target:      none (set one under targets: in tierlens.yaml)\n")
	}
	grains := make([]string, len(m.Grains))
	for i, g := range m.Grains {
		grains[i] = string(g)
	}
	fmt.Fprintf(w, "grains:      %s\n", strings.Join(grains, ", "))
	fmt.Fprintf(w, "dimensions:  %s\n", strings.Join(m.Dimensions, ", "))
	if len(m.Needs) > 0 {
		fmt.Fprintf(w, "needs:       %s (sources without it show \"%s\")\n", strings.Join(m.Needs, ", "), metrics.NotAvailable)
	}
	if m.VariantOf != "" {
		fmt.Fprintf(w, "variant of:  %s\n", m.VariantOf)
	}
	if vs := cat.Variants(m.Name); len(vs) > 0 {
		fmt.Fprintf(w, "variants:    %s\n", strings.Join(vs, ", "))
	}
	where := "metrics_dir"
	if m.Builtin {
		where = "built in"
	}
	fmt.Fprintf(w, "file:        %s (%s)\n", m.File, where)
	fmt.Fprintf(w, "result:      %s\n", strings.Join(m.Columns(), ", "))

	p := metrics.PeriodsOf(cfg)
	from, to, _ := p.Week("last", env.Now())
	by := "[]"
	if m.HasDimension("tier") {
		by = "['tier']"
	}
	fmt.Fprintf(w, "\nIn a DuckDB client on the warehouse (last week, by tier):\n")
	fmt.Fprintf(w, "  PREPARE %s AS <the SQL below>;\n", m.Name)
	fmt.Fprintf(w, "  EXECUTE %s(start := TIMESTAMP '%s', \"end\" := TIMESTAMP '%s', grain := 'week', tz := '%s', by := %s);\n\n",
		m.Name, from.UTC().Format("2006-01-02 15:04:05"), to.UTC().Format("2006-01-02 15:04:05"), cfg.TimeZone, by)
	_, err = io.WriteString(w, m.SQL)
	return err
}

// wrap breaks text into lines of at most width characters.
func wrap(s string, width int) string {
	var b strings.Builder
	n := 0
	for _, word := range strings.Fields(s) {
		if n > 0 && n+1+len(word) > width {
			b.WriteString("\n")
			n = 0
		} else if n > 0 {
			b.WriteString(" ")
			n++
		}
		b.WriteString(word)
		n += len(word)
	}
	return b.String()
}
