package warehouse

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// DuckDB takes one fcntl lock on its file and never waits: a read-only open fails while a
// writer has the file, and a writer fails while any reader has it. So tierlens keeps its own
// two advisory locks beside the warehouse, and only opens DuckDB once they say it can:
//
//   - <db>.lock, the gate. A writer holds it exclusively for its whole life and writes its pid
//     and start time into it (for the messages of those who wait). A reader holds it shared
//     only while it registers, so readers arriving while a load waits queue behind the load.
//   - <db>.readers. Every open reader holds it shared until Close. A writer takes it
//     exclusively once it holds the gate: it waits for the readers already in, no longer.
//
// Everyone waits up to its own timeout, polling (flock cannot be given a deadline).

// pollEvery is how often a waiting open retries its lock.
const pollEvery = 25 * time.Millisecond

// locks is what one open warehouse holds; either file may be nil.
type locks struct {
	gate    *os.File // writers: held exclusively until Close
	readers *os.File // writers: exclusive; readers: shared; held until Close
}

// waiter tells the user what an open waits for: once for each thing it waits for (another
// load, then the readers, then another program), not at every retry.
type waiter struct {
	notify func(string)
	told   map[string]bool
}

func (w *waiter) tell(what string, msg func() string) {
	if w.notify == nil || w.told[what] {
		return
	}
	if w.told == nil {
		w.told = map[string]bool{}
	}
	w.told[what] = true
	w.notify(msg())
}

// lockForWrite takes the gate, then waits for the readers already in, until deadline.
func lockForWrite(ctx context.Context, db string, timeout time.Duration, deadline time.Time, wt *waiter) (*locks, error) {
	gate, err := os.OpenFile(db+".lock", os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock warehouse: %w", err)
	}
	got, err := flockUntil(ctx, gate, syscall.LOCK_EX, deadline, func() {
		wt.tell("writer", func() string {
			return fmt.Sprintf("waiting for another load of %s to finish%s …", db, readHolder(gate).paren())
		})
	})
	if err != nil || !got {
		h := readHolder(gate)
		gate.Close()
		if err != nil {
			return nil, err
		}
		return nil, fmt.Errorf("%w: another tierlens%s is writing to %s; waited %s (raise --lock-timeout to wait longer)",
			ErrBusy, h.paren(), db, timeout)
	}
	// The holder line is only advice for the messages of those who wait; the flock is the lock.
	_ = gate.Truncate(0)
	_, _ = gate.WriteAt([]byte(strconv.Itoa(os.Getpid())+" "+time.Now().UTC().Format(time.RFC3339Nano)+"\n"), 0)
	l := &locks{gate: gate}

	readers, err := os.OpenFile(db+".readers", os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		l.release()
		return nil, fmt.Errorf("lock warehouse: %w", err)
	}
	got, err = flockUntil(ctx, readers, syscall.LOCK_EX, deadline, func() {
		wt.tell("readers", func() string {
			return fmt.Sprintf("waiting for readers of %s to close%s; new readers wait until this load is done …", db, describeReaders(readers))
		})
	})
	if err != nil || !got {
		who := describeReaders(readers)
		readers.Close()
		l.release()
		if err != nil {
			return nil, err
		}
		return nil, fmt.Errorf("%w: readers still have %s open%s; waited %s; try again when they close or raise --lock-timeout",
			ErrBusy, db, who, timeout)
	}
	l.readers = readers
	return l, nil
}

// lockForRead passes the gate (waiting while a load holds it) and registers as a reader. A
// reader that cannot open the lock files (a directory it may not write) gets no lock and no
// wait: DuckDB's own lock still stops it from reading a file that is being written.
func lockForRead(ctx context.Context, db string, timeout time.Duration, deadline time.Time, wt *waiter) (*locks, error) {
	gate := openForRead(db + ".lock")
	if gate == nil {
		return &locks{}, nil
	}
	defer gate.Close() // the gate is held only while registering
	got, err := flockUntil(ctx, gate, syscall.LOCK_SH, deadline, func() {
		wt.tell("writer", func() string {
			return fmt.Sprintf("waiting for the load of %s to finish%s …", db, readHolder(gate).paren())
		})
	})
	if err != nil {
		return nil, err
	}
	if !got {
		h := readHolder(gate)
		return nil, fmt.Errorf("%w: a load is running on %s%s; waited %s; try again when it finishes or raise --lock-timeout",
			ErrBusy, db, h.paren(), timeout)
	}
	readers := openForRead(db + ".readers")
	if readers == nil {
		return &locks{}, nil
	}
	// Writers take this one only while holding the gate, which we hold: no wait in practice.
	got, err = flockUntil(ctx, readers, syscall.LOCK_SH, deadline, nil)
	if err != nil || !got {
		readers.Close()
		if err != nil {
			return nil, err
		}
		return nil, fmt.Errorf("%w: %s.readers is held by another process; waited %s", ErrBusy, db, timeout)
	}
	return &locks{readers: readers}, nil
}

// openForRead opens a lock file for a reader: created if need be, read-only where the
// directory or file is not ours to write (flock works on any open file), nil where neither works.
func openForRead(path string) *os.File {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err == nil {
		return f
	}
	if f, err := os.Open(path); err == nil {
		return f
	}
	return nil
}

// flockUntil takes how (LOCK_SH or LOCK_EX) on f, retrying until deadline; waiting runs before
// the first retry. It reports false when the deadline passed first.
func flockUntil(ctx context.Context, f *os.File, how int, deadline time.Time, waiting func()) (bool, error) {
	for {
		err := syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB)
		if err == nil {
			return true, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			return false, fmt.Errorf("lock warehouse: %s: %w", f.Name(), err)
		}
		if !time.Now().Before(deadline) {
			return false, nil
		}
		if waiting != nil {
			waiting()
		}
		select {
		case <-ctx.Done():
			return false, ctx.Err()
		case <-time.After(min(pollEvery, time.Until(deadline))):
		}
	}
}

// holder is what a writer wrote into the gate: its pid and when it started.
type holder struct {
	pid   string
	start time.Time
}

func readHolder(f *os.File) holder {
	b := make([]byte, 128)
	n, _ := f.ReadAt(b, 0)
	fields := strings.Fields(string(b[:n]))
	var h holder
	if len(fields) > 0 {
		h.pid = fields[0]
	}
	if len(fields) > 1 {
		h.start, _ = time.Parse(time.RFC3339Nano, fields[1])
	}
	return h
}

// paren is " (pid 4242, for 2m13s)", or less where the holder wrote less.
func (h holder) paren() string {
	var parts []string
	if h.pid != "" {
		parts = append(parts, "pid "+h.pid)
	}
	if !h.start.IsZero() {
		parts = append(parts, "for "+roundDuration(time.Since(h.start)).String())
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

func roundDuration(d time.Duration) time.Duration {
	switch {
	case d < 0:
		return 0
	case d < time.Second:
		return d.Round(10 * time.Millisecond)
	}
	return d.Round(time.Second)
}

// describeReaders names the processes holding f shared, from /proc/locks (Linux): " (pid 12:
// tierlens dashboard …; …)", or "" where that cannot be known. Only advice for messages.
func describeReaders(f *os.File) string {
	st, err := f.Stat()
	if err != nil {
		return ""
	}
	sys, ok := st.Sys().(*syscall.Stat_t)
	if !ok {
		return ""
	}
	dev := uint64(sys.Dev)
	major := (dev>>8)&0xfff | (dev>>32)&^0xfff
	minor := dev&0xff | (dev>>12)&^0xff
	want := fmt.Sprintf("%02x:%02x:%d", major, minor, sys.Ino)
	pl, err := os.Open("/proc/locks")
	if err != nil {
		return ""
	}
	defer pl.Close()
	seen := map[string]bool{}
	var who []string
	sc := bufio.NewScanner(pl)
	for sc.Scan() {
		// "1: FLOCK  ADVISORY  READ  4242 08:01:1234567 0 EOF"
		fields := strings.Fields(sc.Text())
		if len(fields) < 6 || fields[1] != "FLOCK" || fields[3] != "READ" || fields[5] != want || seen[fields[4]] {
			continue
		}
		seen[fields[4]] = true
		who = append(who, "pid "+fields[4]+commandOf(fields[4]))
		if len(who) == 5 {
			who = append(who, "…")
			break
		}
	}
	if len(who) == 0 {
		return ""
	}
	return " (" + strings.Join(who, "; ") + ")"
}

// commandOf is ": tierlens dashboard --week last" for a pid, shortened; "" when unknown.
func commandOf(pid string) string {
	b, err := os.ReadFile(filepath.Join("/proc", pid, "cmdline"))
	if err != nil || len(b) == 0 {
		return ""
	}
	args := strings.Split(strings.TrimRight(string(b), "\x00"), "\x00")
	args[0] = filepath.Base(args[0])
	s := strings.Join(args, " ")
	if r := []rune(s); len(r) > 60 {
		s = string(r[:59]) + "…"
	}
	return ": " + s
}

func (l *locks) release() {
	if l == nil {
		return
	}
	if l.readers != nil {
		_ = syscall.Flock(int(l.readers.Fd()), syscall.LOCK_UN)
		l.readers.Close()
		l.readers = nil
	}
	if l.gate != nil {
		// No stale holder line for the next one to read while it waits.
		_ = l.gate.Truncate(0)
		_ = syscall.Flock(int(l.gate.Fd()), syscall.LOCK_UN)
		l.gate.Close()
		l.gate = nil
	}
}
