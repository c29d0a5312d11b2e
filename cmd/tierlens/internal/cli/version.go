package cli

import (
	"fmt"
	"runtime"

	"github.com/spf13/cobra"

	"github.com/tierlens/tierlens/etl/warehouse"
)

func newVersionCmd(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print the tierlens version",
		Example: "  tierlens version",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			fmt.Fprintf(cmd.OutOrStdout(), "tierlens %s (warehouse schema %d, DuckDB 1.5.6, %s %s/%s)\n",
				Version, warehouse.SchemaVersion, runtime.Version(), runtime.GOOS, runtime.GOARCH)
			return nil
		},
	}
}
