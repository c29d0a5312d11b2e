package warehouse

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	_ "github.com/duckdb/duckdb-go/v2" // the "raw" helper opens the file as another program would
)

// The lock tests hold the warehouse from helper processes (this test binary run again), so
// DuckDB's own per-process file lock is in play exactly as between two tierlens commands.
// Nothing below asserts a duration: every wait is up to a generous timeout, and each step
// waits for an event (the helper says "open", the open under test says it is waiting).

const (
	helperEnv = "TIERLENS_WAREHOUSE_HELPER" // read, write or raw
	helperDB  = "TIERLENS_WAREHOUSE_HELPER_DB"
	patient   = 2 * time.Minute // far longer than any step takes, even on a slow shared machine
)

func TestMain(m *testing.M) {
	if mode := os.Getenv(helperEnv); mode != "" {
		os.Exit(runHelper(mode, os.Getenv(helperDB)))
	}
	os.Exit(m.Run())
}

// runHelper opens the warehouse as mode says, prints "open", holds it until stdin closes.
func runHelper(mode, path string) int {
	var closeIt func() error
	switch mode {
	case "read", "write":
		w, err := Open(context.Background(), path, Options{ReadOnly: mode == "read", LockTimeout: patient})
		if err != nil {
			fmt.Println("error:", err)
			return 1
		}
		closeIt = w.Close
	case "raw": // another program: DuckDB without tierlens' locks, like the duckdb CLI
		db, err := sql.Open("duckdb", path)
		if err == nil {
			err = db.Ping()
		}
		if err != nil {
			fmt.Println("error:", err)
			return 1
		}
		closeIt = db.Close
	default:
		fmt.Println("error: unknown helper mode", mode)
		return 2
	}
	fmt.Println("open")
	_, _ = io.Copy(io.Discard, os.Stdin)
	if err := closeIt(); err != nil {
		fmt.Println("error:", err)
		return 1
	}
	return 0
}

// helperProc is a helper process holding the warehouse.
type helperProc struct {
	t     *testing.T
	cmd   *exec.Cmd
	stdin io.WriteCloser
	done  bool
}

// hold starts a helper that opens path as mode says and returns once it has it open.
func hold(t *testing.T, mode, path string) *helperProc {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"="+mode, helperDB+"="+path)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	h := &helperProc{t: t, cmd: cmd, stdin: stdin}
	t.Cleanup(h.release)
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if strings.TrimSpace(line) != "open" {
		t.Fatalf("%s helper did not open %s: %q %v", mode, path, line, err)
	}
	return h
}

func (h *helperProc) pid() int { return h.cmd.Process.Pid }

// release makes the helper close the warehouse and waits for it to exit.
func (h *helperProc) release() {
	if h.done {
		return
	}
	h.done = true
	h.stdin.Close()
	if err := h.cmd.Wait(); err != nil {
		h.t.Errorf("helper %d: %v", h.pid(), err)
	}
}

// opening is an Open running in the background.
type opening struct {
	waiting chan string // what it says it waits for: every message, in order
	done    chan openResult
}

type openResult struct {
	w   *Warehouse
	err error
}

func openAsync(t *testing.T, path string, opts Options) *opening {
	t.Helper()
	o := &opening{waiting: make(chan string, 64), done: make(chan openResult, 1)}
	opts.Waiting = func(msg string) {
		select {
		case o.waiting <- msg:
		default: // told at every retry: result reports the flood
		}
	}
	go func() {
		w, err := Open(context.Background(), path, opts)
		o.done <- openResult{w, err}
	}()
	t.Cleanup(func() {
		select {
		case r := <-o.done:
			if r.w != nil {
				r.w.Close()
			}
		default:
		}
	})
	return o
}

// waits returns what the open says it waits for; it fails the test if the open ends first.
func (o *opening) waits(t *testing.T) string {
	t.Helper()
	select {
	case msg := <-o.waiting:
		t.Logf("says: %s", msg)
		return msg
	case r := <-o.done:
		if r.w != nil {
			r.w.Close()
		}
		t.Fatalf("the open did not wait: it ended with err = %v", r.err)
	case <-time.After(patient):
		t.Fatal("the open neither waited nor ended")
	}
	return ""
}

// result waits for the open to end; it fails the test if the open said what it waits for
// more than once (a message at every retry would flood the terminal).
func (o *opening) result(t *testing.T) (*Warehouse, error) {
	t.Helper()
	select {
	case r := <-o.done:
		if n := len(o.waiting); n > 0 {
			t.Errorf("the open said what it waits for %d more times, e.g. %q", n, <-o.waiting)
		}
		return r.w, r.err
	case <-time.After(patient):
		t.Fatal("the open did not end")
	}
	return nil, nil
}

// newWarehouse creates an empty warehouse file and returns its path.
func newWarehouse(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	w, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func mustWrite(t *testing.T, w *Warehouse, table string) {
	t.Helper()
	if _, err := w.DB.Exec("CREATE TABLE " + table + " AS SELECT 42 AS answer"); err != nil {
		t.Fatalf("write through the writer: %v", err)
	}
}

func TestWriterWaitsForReaderThenLoads(t *testing.T) {
	path := newWarehouse(t)
	reader := hold(t, "read", path)
	load := openAsync(t, path, Options{LockTimeout: patient})
	msg := load.waits(t)
	for _, want := range []string{"waiting for readers of " + path + " to close", "; new readers wait until this load is done"} {
		if !strings.Contains(msg, want) {
			t.Errorf("waiting message %q lacks %q", msg, want)
		}
	}
	if _, err := os.Stat("/proc/locks"); err == nil {
		if want := "pid " + strconv.Itoa(reader.pid()) + ": "; !strings.Contains(msg, want) {
			t.Errorf("waiting message %q does not name the reader (%q)", msg, want)
		}
	}
	reader.release()
	w, err := load.result(t)
	if err != nil {
		t.Fatalf("writer after the reader closed: %v", err)
	}
	defer w.Close()
	mustWrite(t, w, "after_reader")
}

func TestWriterTimesOutOnReaders(t *testing.T) {
	path := newWarehouse(t)
	hold(t, "read", path)
	_, err := Open(context.Background(), path, Options{LockTimeout: 300 * time.Millisecond})
	t.Logf("gives up: %v", err)
	if !errors.Is(err, ErrBusy) {
		t.Fatalf("writer beside a reader: err = %v, want ErrBusy", err)
	}
	want := "warehouse busy: readers still have " + path + " open"
	if !strings.HasPrefix(err.Error(), want) || !strings.Contains(err.Error(), "waited 300ms; try again when they close or raise --lock-timeout") {
		t.Errorf("error %q\nwant it to start %q and say how long it waited and what to do", err, want)
	}
	// Giving up releases the gate: a new reader gets in at once.
	r, err := Open(context.Background(), path, Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("reader after a writer gave up: %v", err)
	}
	r.Close()
}

func TestReaderWaitsForLoad(t *testing.T) {
	path := newWarehouse(t)
	load := hold(t, "write", path)
	read := openAsync(t, path, Options{ReadOnly: true, LockTimeout: patient})
	msg := read.waits(t)
	if want := fmt.Sprintf("waiting for the load of %s to finish (pid %d, for ", path, load.pid()); !strings.HasPrefix(msg, want) {
		t.Errorf("waiting message %q\nwant it to start %q", msg, want)
	}
	load.release()
	r, err := read.result(t)
	if err != nil {
		t.Fatalf("reader after the load finished: %v", err)
	}
	defer r.Close()
	var n int
	if err := r.DB.QueryRow("SELECT count(*) FROM tickets").Scan(&n); err != nil {
		t.Fatalf("read: %v", err)
	}
}

func TestReaderTimesOutSayingLoadRuns(t *testing.T) {
	path := newWarehouse(t)
	load := hold(t, "write", path)
	_, err := Open(context.Background(), path, Options{ReadOnly: true, LockTimeout: 300 * time.Millisecond})
	t.Logf("gives up: %v", err)
	if !errors.Is(err, ErrBusy) {
		t.Fatalf("reader during a load: err = %v, want ErrBusy", err)
	}
	re := regexp.MustCompile(`^warehouse busy: a load is running on ` + regexp.QuoteMeta(path) + ` \(pid ` + strconv.Itoa(load.pid()) +
		`, for [0-9.]+(ms|s|m[0-9]+s|h[0-9]+m[0-9]+s)\); waited 300ms; try again when it finishes or raise --lock-timeout$`)
	if !re.MatchString(err.Error()) {
		t.Errorf("error %q\ndoes not match %s", err, re)
	}
}

// TestQueuedReaderDoesNotStarveLoad: a reader arriving while a load waits for an older reader
// queues behind the load, so a steady stream of readers cannot keep a load out.
func TestQueuedReaderDoesNotStarveLoad(t *testing.T) {
	path := newWarehouse(t)
	old := hold(t, "read", path)
	load := openAsync(t, path, Options{LockTimeout: patient})
	load.waits(t)
	late := openAsync(t, path, Options{ReadOnly: true, LockTimeout: patient})
	if msg := late.waits(t); !strings.HasPrefix(msg, "waiting for the load of "+path+" to finish") {
		t.Errorf("late reader's waiting message %q: want it to wait for the load", msg)
	}
	old.release()
	w, err := load.result(t)
	if err != nil {
		t.Fatalf("load after the old reader closed, with a new reader waiting: %v", err)
	}
	select {
	case r := <-late.done:
		if r.w != nil {
			r.w.Close()
		}
		t.Fatalf("the late reader got in while the load held the warehouse (err = %v)", r.err)
	default:
	}
	mustWrite(t, w, "loaded")
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	r, err := late.result(t)
	if err != nil {
		t.Fatalf("late reader after the load: %v", err)
	}
	defer r.Close()
	var answer int
	if err := r.DB.QueryRow("SELECT answer FROM loaded").Scan(&answer); err != nil || answer != 42 {
		t.Fatalf("late reader sees the load's result: %d, %v", answer, err)
	}
}

// TestReadersShareTheWarehouse: readers never wait for each other.
func TestReadersShareTheWarehouse(t *testing.T) {
	path := newWarehouse(t)
	hold(t, "read", path)
	r, err := Open(context.Background(), path, Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("second reader: %v", err)
	}
	r.Close()
}

// TestOtherProgramHoldsFile: DuckDB's own lock, held by a program that knows nothing of ours,
// is waited for like a load and then named as another program.
func TestOtherProgramHoldsFile(t *testing.T) {
	path := newWarehouse(t)
	other := hold(t, "raw", path)
	for _, ro := range []bool{false, true} {
		_, err := Open(context.Background(), path, Options{ReadOnly: ro, LockTimeout: 300 * time.Millisecond})
		t.Logf("gives up: %v", err)
		if !errors.Is(err, ErrBusy) {
			t.Fatalf("read-only %v beside another program: err = %v, want ErrBusy", ro, err)
		}
		for _, want := range []string{path + " is open in another program", "not a tierlens command", "waited 300ms", "--lock-timeout"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("read-only %v: error %q lacks %q", ro, err, want)
			}
		}
	}
	load := openAsync(t, path, Options{LockTimeout: patient})
	if msg := load.waits(t); !strings.HasPrefix(msg, "waiting for another program to close "+path) {
		t.Errorf("waiting message %q", msg)
	}
	other.release()
	w, err := load.result(t)
	if err != nil {
		t.Fatalf("writer after the other program closed: %v", err)
	}
	defer w.Close()
	mustWrite(t, w, "after_other")
}

// TestReaderWithoutLockFiles: a reader that may not create the lock files (a directory it
// cannot write) reads without them, as before there were any.
func TestReaderWithoutLockFiles(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root may write any directory; run as another user to test a read-only directory")
	}
	path := newWarehouse(t)
	for _, f := range []string{path + ".lock", path + ".readers"} {
		if err := os.Remove(f); err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
	}
	dir := filepath.Dir(path)
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	r, err := Open(context.Background(), path, Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("reader in a read-only directory: %v", err)
	}
	r.Close()
}

// TestReaderLockFileUnopenable covers the same path where chmod cannot (root): the lock files
// are links into a directory that does not exist, so they can be neither opened nor created.
func TestReaderLockFileUnopenable(t *testing.T) {
	path := newWarehouse(t)
	for _, f := range []string{path + ".lock", path + ".readers"} {
		if err := os.Remove(f); err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		if err := os.Symlink(filepath.Join(t.TempDir(), "gone", "x"), f); err != nil {
			t.Fatal(err)
		}
	}
	if f := openForRead(path + ".lock"); f != nil {
		f.Close()
		t.Fatal("the lock file opened: the test does not cover what it says")
	}
	r, err := Open(context.Background(), path, Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("reader whose lock files cannot be opened: %v", err)
	}
	r.Close()
}
