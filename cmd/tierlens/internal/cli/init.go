package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/tierlens/tierlens/config"
)

type initOptions struct {
	path  string
	force bool
}

func newInitCmd(env *Env) *cobra.Command {
	o := &initOptions{}
	cmd := &cobra.Command{
		Use:   "init",
		Short: "Write a commented tierlens.yaml to edit",
		Long: `Write tierlens.yaml with every setting and its default: tiers and the group-to-tier map,
business calendars and holidays, SLA policies and KPI targets. Without the file the same
defaults apply; edit it to match your desk.`,
		Example: `  tierlens init
  tierlens init -o config/tierlens.yaml
  tierlens init --force        # overwrite an existing file`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runInit(env, o) },
	}
	cmd.Flags().StringVarP(&o.path, "output", "o", config.DefaultFile, "file to write")
	cmd.Flags().BoolVar(&o.force, "force", false, "overwrite the file if it exists")
	return cmd
}

func runInit(env *Env, o *initOptions) error {
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if o.force {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	// The help's own example writes into config/: create the folder rather than fail.
	if dir := filepath.Dir(o.path); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	f, err := os.OpenFile(o.path, flags, 0o644)
	if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("%s exists: edit it, or run with --force to overwrite it", o.path)
	}
	if err != nil {
		return err
	}
	if _, err := f.Write(config.DefaultYAML); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(env.Err, "wrote %s: edit the tier_map to match your assignment groups, then run tierlens load\n", o.path)
	return nil
}
