package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/tierlens/tierlens/etl/warehouse"
	"github.com/tierlens/tierlens/metrics"
)

func newMetricsLintCmd(env *Env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "lint",
		Short: "Check every metric file: header, SQL, result contract",
		Long: `Check the metric catalog (queries/metrics and metrics_dir): each header (known keys only,
valid units, grains and dimensions), then each metric run against the warehouse, or against an
empty one when there is none: the result columns and their types, every period × tier cell
present, rows in order, no cell twice, and value = numerator / denominator for ratios.
Problems are listed all at once as file:line: message; the exit code is 1 when there are any.

As information, never a failure, lint then lists the metric files that use DuckDB-only
functions or syntax (::, GROUP BY ALL, quantile_cont, …) or tierlens's macros and views: what
would need rewriting to run them with Spark SQL or Trino over the lake (tierlens export).`,
		Example: `  tierlens metrics lint
  tierlens --config tierlens.yaml metrics lint     # with your metrics_dir
  tierlens --db archive/2026.duckdb metrics lint`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runMetricsLint(cmd.Context(), env) },
	}
	return cmd
}

func runMetricsLint(ctx context.Context, env *Env) error {
	cfg, err := env.Config()
	if err != nil {
		return err
	}
	cat, err := metrics.LoadCatalog(cfg)
	var probs metrics.Problems
	if err != nil && !errors.As(err, &probs) {
		return err
	}
	w, where, cleanup, err := lintWarehouse(ctx, env)
	if err != nil {
		return err
	}
	defer cleanup()
	probs = append(probs, metrics.Lint(ctx, w.DB, cat, cfg, env.Now())...)
	for _, p := range probs {
		fmt.Fprintln(env.Err, p.String())
	}
	if len(probs) > 0 {
		writeDialect(env.Out, cat)
		return &exitError{code: ExitError, err: fmt.Errorf("metrics lint: %d problem(s) in the metric files (checked against %s)", len(probs), where)}
	}
	fmt.Fprintf(env.Out, "%d metrics ok (checked against %s)\n", len(cat.Metrics()), where)
	writeDialect(env.Out, cat)
	return nil
}

// lintWarehouse opens the warehouse read-only, or, when there is none yet, a new empty one
// in a temporary directory (removed by cleanup).
func lintWarehouse(ctx context.Context, env *Env) (*warehouse.Warehouse, string, func(), error) {
	path := env.DB()
	if _, err := os.Stat(path); err == nil {
		w, err := env.OpenReader(ctx)
		if err != nil {
			return nil, "", nil, err
		}
		return w, path, func() { w.Close() }, nil
	}
	dir, err := os.MkdirTemp("", "tierlens-lint-")
	if err != nil {
		return nil, "", nil, fmt.Errorf("metrics lint: %w", err)
	}
	w, err := warehouse.Open(ctx, filepath.Join(dir, "empty.duckdb"), warehouse.Options{Logger: env.Logger()})
	if err != nil {
		os.RemoveAll(dir)
		return nil, "", nil, err
	}
	return w, "an empty warehouse", func() { w.Close(); os.RemoveAll(dir) }, nil
}
