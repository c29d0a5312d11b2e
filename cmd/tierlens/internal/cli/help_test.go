package cli

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
)

// TestEveryCommandHasExamples walks the command tree: every tierlens command has real
// examples (lines running tierlens) and runs through RunE, so errors reach the exit codes.
func TestEveryCommandHasExamples(t *testing.T) {
	env := &Env{In: strings.NewReader(""), Out: &bytes.Buffer{}, Err: &bytes.Buffer{}, Now: time.Now, Getenv: func(string) string { return "" }}
	root := NewRootCmd(env)
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	n := 0
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Name() == "help" || c.Name() == "completion" {
			return // cobra's own
		}
		n++
		path := c.CommandPath()
		if strings.TrimSpace(c.Example) == "" {
			t.Errorf("%s has no Example", path)
		}
		for _, l := range strings.Split(strings.TrimRight(c.Example, "\n"), "\n") {
			if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "tierlens ") && !strings.Contains(l, "| tierlens ") {
				t.Errorf("%s: example line %q does not run tierlens", path, l)
			}
		}
		if c.Short == "" {
			t.Errorf("%s has no Short description", path)
		}
		if c.Run != nil {
			t.Errorf("%s uses Run: use RunE so its errors map to exit codes", path)
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	if n < 8 {
		t.Fatalf("walked only %d commands", n)
	}
}
