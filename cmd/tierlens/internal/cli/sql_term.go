package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"strings"

	"github.com/peterh/liner"
)

// Prompts of the terminal session: a new statement, and the next line of an unfinished one.
const (
	promptNew  = "tierlens> "
	promptMore = "     ...> "
)

// terminal is the interactive session. The line editor is liner: history, completion,
// editing keys and Ctrl-C at the prompt are its job. A running query is cancelled by Ctrl-C
// through its context (DuckDB interrupts it); the session itself never ends on Ctrl-C.
func (sh *shell) terminal(ctx context.Context, historyFile string) error {
	// Ctrl-C ends other commands through ctx; here it only ends the query it interrupts.
	base := context.WithoutCancel(ctx)
	ln := liner.NewLiner()
	defer ln.Close()
	ln.SetCtrlCAborts(true)
	ln.SetTabCompletionStyle(liner.TabCircular)
	ln.SetWordCompleter(func(line string, pos int) (string, []string, string) {
		return sh.names.complete(line, pos)
	})
	if historyFile != "" {
		if err := readHistory(ln, historyFile); err != nil {
			fmt.Fprintf(sh.env.Err, "warning: history %s: %v\n", historyFile, err)
		}
		defer func() {
			if err := writeHistory(ln, historyFile); err != nil {
				fmt.Fprintf(sh.env.Err, "warning: history not saved: %v\n", err)
			}
		}()
	}
	// SIGINT is watched for the whole session, so one that comes between the Enter and the
	// start of the query is not lost.
	sh.interrupts = make(chan os.Signal, 1)
	signal.Notify(sh.interrupts, os.Interrupt)
	defer signal.Stop(sh.interrupts)
	fmt.Fprintf(sh.env.Err, "tierlens %s sql on %s (read-only). End statements with ';'. .help for help, Ctrl-D to leave.\n", Version, sh.env.DB())

	buf := ""   // the statement being typed, its lines joined by \n
	typed := "" // every line since the buffer was last empty, for one history entry
	for {
		sh.release() // nothing held while a person types: a load may run meanwhile
		prompt := promptNew
		if buf != "" {
			prompt = promptMore
		}
		line, err := ln.Prompt(prompt)
		// A SIGINT from before this line was entered is not for what it runs (liner reads
		// Ctrl-C as a key while it prompts; a terminal it cannot drive sends the signal).
		select {
		case <-sh.interrupts:
		default:
		}
		switch {
		case errors.Is(err, liner.ErrPromptAborted):
			buf, typed = "", "" // Ctrl-C at the prompt drops what was typed, like psql
			continue
		case errors.Is(err, io.EOF):
			fmt.Fprintln(sh.env.Out)
			return nil
		case err != nil:
			return fmt.Errorf("sql: %w", err)
		}
		if buf == "" && isDotCommand(line) {
			ln.AppendHistory(strings.TrimSpace(line))
			err := sh.interruptible(base, func(ctx context.Context) error { return sh.dot(ctx, line) })
			if errors.Is(err, errQuit) {
				return nil
			}
			if err != nil {
				sh.say(err)
			}
			continue
		}
		if buf == "" {
			buf, typed = line, line
		} else {
			buf += "\n" + line
			typed += "\n" + line
		}
		var stmts []sqlPiece
		stmts, buf, _ = splitStatements(buf, 1)
		if buf == "" {
			// A statement of several lines is one entry: Up brings it back whole.
			if entry := oneLine(typed); entry != "" {
				ln.AppendHistory(entry)
			}
			typed = ""
		}
		for _, s := range stmts {
			if err := sh.interruptible(base, func(ctx context.Context) error { return sh.run(ctx, s.text) }); err != nil {
				sh.say(err)
			}
		}
	}
}

// errCancelled is a query ended by Ctrl-C.
var errCancelled = errors.New("cancelled")

// interruptible runs one statement or dot-command; Ctrl-C (SIGINT: the line editor is not
// reading then, so the terminal sends the signal) cancels its context, and DuckDB interrupts
// the query.
func (sh *shell) interruptible(base context.Context, do func(ctx context.Context) error) error {
	ctx, cancel := context.WithCancel(base)
	defer cancel()
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-sh.interrupts:
			cancel()
		case <-done:
		}
	}()
	err := do(ctx)
	if err != nil && ctx.Err() != nil {
		return errCancelled
	}
	return err
}

// say prints an error of the terminal session; the session goes on.
func (sh *shell) say(err error) {
	if errors.Is(err, errCancelled) {
		fmt.Fprintln(sh.env.Err, "cancelled")
		return
	}
	fmt.Fprintln(sh.env.Err, "error: "+err.Error())
}

// readHistory loads the history file; a missing one is a first session.
func readHistory(ln *liner.State, file string) error {
	f, err := os.Open(file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = ln.ReadHistory(f)
	return err
}

// writeHistory replaces the history file with the session's history (what it read plus this
// session's entries; liner keeps the last 1000). Private: queries may name customers.
func writeHistory(ln *liner.State, file string) error {
	dir := filepath.Dir(file)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(file)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := ln.WriteHistory(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), file)
}
