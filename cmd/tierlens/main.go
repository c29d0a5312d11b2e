// Command tierlens is help desk analytics per support tier: see README.md.
package main

import (
	"os"

	"github.com/tierlens/tierlens/cmd/tierlens/internal/cli"
)

func main() { os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }
