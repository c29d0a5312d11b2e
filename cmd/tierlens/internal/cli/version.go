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
			// the linked library, not a constant: a driver upgrade must show here
			engine, err := warehouse.EngineVersion(cmd.Context())
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "tierlens %s (warehouse schema %d, DuckDB %s, %s %s/%s)\n",
				Version, warehouse.SchemaVersion, engine, runtime.Version(), runtime.GOOS, runtime.GOARCH)
			return nil
		},
	}
}
