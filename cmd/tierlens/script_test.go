package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/tierlens/tierlens/cmd/tierlens/internal/cli"
)

// TestMain makes the test binary double as the tierlens command: testscript installs it under
// the name "tierlens" on the scripts' PATH, and running it calls cli.Main like main does.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"tierlens": func() { os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the CLI scenarios in testdata/script/*.txtar. Besides the standard
// commands the scripts can use:
//
//	exits CODE PROG [ARGS...]  run PROG and fail unless it exits with exactly CODE
//	                           (its stdout and stderr are then checked as after exec)
//	crlf SRC DST               copy SRC to DST with every LF turned into CRLF
//	bom SRC DST                copy SRC to DST with a UTF-8 byte order mark in front
//	bytes DST GOSTRING         write DST with the bytes of a Go-quoted string ("a\x00b")
//	holdlock FILE              take the exclusive lock a writer takes on FILE (the
//	                           warehouse's .lock file, the gate) and write its pid and
//	                           start time there as a load does, until the script ends
//
// and $SAMPLEDATA is the repository's sample-data directory (binary fixtures: cp $SAMPLEDATA/xlsx/x.xlsx .).
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		Setup: func(env *testscript.Env) error {
			// DuckDB and the CLI must not touch the real home directory.
			env.Setenv("HOME", env.WorkDir)
			env.Setenv("TIERLENS_MEMORY_LIMIT", "1GB")
			// Binary fixtures (workbooks) cannot live in a txtar: scripts copy them from here.
			samples, err := filepath.Abs(filepath.Join("..", "..", "sample-data"))
			if err != nil {
				return err
			}
			env.Setenv("SAMPLEDATA", samples)
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exits":    cmdExits,
			"crlf":     cmdCRLF,
			"bom":      cmdBOM,
			"bytes":    cmdBytes,
			"holdlock": cmdHoldLock,
		},
	})
}

func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits CODE PROG [ARGS...] (no !: the code says what is expected)")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exits: %q is not an exit code", args[0])
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("exits: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited with code %d, want %d", args[1], got, want)
	}
}

func cmdCRLF(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: crlf SRC DST")
	}
	s := strings.ReplaceAll(ts.ReadFile(args[0]), "\n", "\r\n")
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), []byte(s), 0o644))
}

func cmdBOM(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: bom SRC DST")
	}
	s := "\xEF\xBB\xBF" + ts.ReadFile(args[0])
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), []byte(s), 0o644))
}

func cmdBytes(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: bytes DST GOSTRING")
	}
	b, err := strconv.Unquote(`"` + args[1] + `"`)
	if err != nil {
		ts.Fatalf("bytes: %q is not the inside of a Go string: %v", args[1], err)
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(b), 0o644))
}

func cmdHoldLock(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: holdlock FILE")
	}
	f, err := os.OpenFile(ts.MkAbs(args[0]), os.O_RDWR|os.O_CREATE, 0o644)
	ts.Check(err)
	ts.Check(syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB))
	_, err = f.WriteString(strconv.Itoa(os.Getpid()) + " " + time.Now().UTC().Format(time.RFC3339Nano) + "\n")
	ts.Check(err)
	ts.Defer(func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	})
}
