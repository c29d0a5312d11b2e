package etl

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tierlens/tierlens/config"
	"github.com/tierlens/tierlens/etl/warehouse"
)

// The test binary doubles as a loader process for TestKillMidLoad: with these variables set
// it loads one file into one warehouse, telling each step on stdout.
const (
	helperDB   = "TIERLENS_TEST_HELPER_DB"
	helperFile = "TIERLENS_TEST_HELPER_FILE"
	// helperDerive, set, makes the helper derive the derived tables after the load, as the
	// load command does once its files are in.
	helperDerive = "TIERLENS_TEST_HELPER_DERIVE"
)

func TestMain(m *testing.M) {
	if db := os.Getenv(helperDB); db != "" {
		os.Exit(loadHelper(db, os.Getenv(helperFile)))
	}
	os.Exit(m.Run())
}

func loadHelper(db, file string) int {
	ctx := context.Background()
	w, err := warehouse.Open(ctx, db, warehouse.Options{MemoryLimit: "1GB"})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer w.Close()
	l := &Loader{W: w, Config: config.Default(), Now: func() time.Time { return fixedNow }, Version: "helper",
		Progress: func(_, step string) { fmt.Printf("step %s\n", step) }}
	if _, err := l.Load(ctx, file, FileOptions{}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if os.Getenv(helperDerive) != "" {
		fmt.Println("step derived tables")
		if _, err := l.RefreshDerived(ctx, false); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
	}
	fmt.Println("done")
	return 0
}

// bigExport writes a ServiceNow list export of n tickets; tickets INC1..INC4 of exportA are in
// it too, newer, so a partial load would show as changed tickets. Records at the lines in bad
// have an unreadable opened_at (line 2 is INC1's: it stays as exportA has it).
func bigExport(t *testing.T, path string, n int, bad map[int]bool) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString(snHeader)
	for i := 0; i < n; i++ {
		line := i + 2
		number := fmt.Sprintf("BIG%07d", i)
		if i < 4 {
			number = fmt.Sprintf("INC%d", i+1)
		}
		opened := fmt.Sprintf("2026-01-%02d 09:%02d:00", 1+i%28, i%60)
		if bad[line] {
			opened = "not a date"
		}
		group := []string{"Service Desk", "Network 2nd", "DBA 3rd", "Vendor Acme"}[i%4]
		priority := []string{"1 - Critical", "2 - High", "3 - Moderate", "4 - Low"}[i%4]
		fmt.Fprintf(w, "%s,\"Ticket %d, generated\",%s,Closed,%s,%s,Agent %d,2026-03-%02d 10:00:00,2026-03-%02d 09:00:00,2026-03-%02d 10:00:00\n",
			number, i, opened, priority, group, i%50, 1+i%28, 1+i%28, 1+i%28)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestKillMidLoad kills a loading process with SIGKILL, at two points of its load (while it
// reads and derives, and while it merges inside its transaction), and checks the warehouse
// is exactly as before; then the same file loads in full.
func TestKillMidLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a 200k-record load: skipped in -short mode")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "w.duckdb")
	w := openTest(t, db)
	mustLoad(t, newLoader(w, nil), writeFile(t, dir, "a.csv", exportA), FileOptions{})
	before := snapshot(t, w.DB)
	w.Close()

	big := filepath.Join(dir, "big.csv")
	badLines := map[int]bool{2: true, 77_777: true, 150_001: true, 200_001: true}
	bigExport(t, big, 200_000, badLines)

	for _, kill := range []struct {
		step  string        // the step the helper must have reported
		delay time.Duration // then wait this long
	}{
		{"reading", 300 * time.Millisecond},
		{"merging", 150 * time.Millisecond},
	} {
		t.Run("at "+kill.step, func(t *testing.T) {
			killedMidLoad(t, db, big, kill.step, kill.delay)
			w := openTest(t, db)
			after := snapshot(t, w.DB)
			for tbl := range before {
				if d := diffLines(before[tbl], after[tbl]); d != "" {
					t.Errorf("after the kill %s differs from before the load: %s", tbl, d)
				}
			}
			if n := queryInt(t, w.DB, "SELECT count(*) FROM loads WHERE file LIKE '%big.csv'"); n != 0 {
				t.Errorf("the killed load left %d loads rows", n)
			}
			w.Close()
		})
	}

	// A new load of the file then succeeds, with every record accounted for.
	w = openTest(t, db)
	res := mustLoad(t, newLoader(w, nil), big, FileOptions{})
	if res.Records != 200_000 || res.Loaded != 200_000-int64(len(badLines)) || res.Rejected != int64(len(badLines)) {
		t.Errorf("load after the kills: records %d, loaded %d, rejected %d", res.Records, res.Loaded, res.Rejected)
	}
	if res.New != 200_000-4-3 || res.Updated != 3 || res.Unchanged != 0 {
		t.Errorf("load after the kills: new %d, updated %d, unchanged %d; want %d, 3, 0", res.New, res.Updated, res.Unchanged, 200_000-7)
	}
	lines := dump(t, w.DB, `SELECT line, "column", value FROM rejects ORDER BY line LIMIT 10`)
	want := []string{"2|opened_at|not a date", "77777|opened_at|not a date", "150001|opened_at|not a date", "200001|opened_at|not a date"}
	if !reflect.DeepEqual(lines, want) {
		t.Errorf("rejects of the big file: %q, want %q", lines, want)
	}
	if n := queryInt(t, w.DB, "SELECT count(*) FROM tickets"); n != 200_000-3 {
		t.Errorf("tickets = %d, want %d", n, 200_000-3)
	}
}

// killedMidLoad starts the helper, waits until it holds the lock and reported step, sleeps
// delay and kills it. It fails the test when the load finished before the kill: then the
// test proved nothing.
func killedMidLoad(t *testing.T, db, file, step string, delay time.Duration) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperDB+"="+db, helperFile+"="+file)
	if step == "derived tables" {
		cmd.Env = append(cmd.Env, helperDerive+"=1")
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	steps := make(chan string, 16)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			steps <- sc.Text()
		}
		close(steps)
	}()
	deadline := time.After(2 * time.Minute)
	seen := false
	for !seen {
		select {
		case s, ok := <-steps:
			if !ok {
				cmd.Wait()
				t.Fatalf("inconclusive: the loader ended before step %q (stderr: %s)", step, stderr.String())
			}
			if s == "done" {
				cmd.Wait()
				t.Fatalf("inconclusive: the load finished before step %q was seen", step)
			}
			seen = s == "step "+step
		case <-deadline:
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("the loader never reached step %q", step)
		}
	}
	// It holds the warehouse: the lock file names its pid (then its start time).
	pid, _ := os.ReadFile(db + ".lock")
	if got, _, _ := strings.Cut(strings.TrimSpace(string(pid)), " "); got != strconv.Itoa(cmd.Process.Pid) {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("the lock file holds %q, not the loader's pid %d", got, cmd.Process.Pid)
	}
	time.Sleep(delay)
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatalf("kill: %v", err)
	}
	// Drain what the helper printed before it died.
	var rest []string
	for s := range steps {
		rest = append(rest, s)
	}
	err = cmd.Wait()
	for _, s := range rest {
		if s == "done" {
			t.Fatalf("inconclusive: the load finished before the kill (%d ms after step %q); steps after it: %v", delay.Milliseconds(), step, rest)
		}
	}
	ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus)
	if err == nil || !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("inconclusive: the loader was not killed by SIGKILL (%v; stderr: %s)", err, stderr.String())
	}
	t.Logf("killed %d ms after step %q; steps it reached after that: %v", delay.Milliseconds(), step, rest)
}

// TestKillMidDerivation kills a load after its file is committed, while it derives the
// derived tables: the file's tickets stay loaded, the derived tables are exactly the old ones
// (never a mix), readers are told tickets wait to be derived, and the next derivation brings
// them in, equal to a derivation from scratch.
func TestKillMidDerivation(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a 200k-record load: skipped in -short mode")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "w.duckdb")
	w := openTest(t, db)
	l := newLoader(w, nil)
	mustLoad(t, l, writeFile(t, dir, "a.csv", exportA), FileOptions{})
	if _, err := l.RefreshDerived(context.Background(), false); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, w.DB, derivedTables...)
	if len(before["ticket_facts"]) == 0 {
		t.Fatal("no derived rows before the kill: the test would prove nothing")
	}
	w.Close()

	big := filepath.Join(dir, "big.csv")
	bigExport(t, big, 200_000, nil)
	killedMidLoad(t, db, big, "derived tables", time.Second)

	w = openTest(t, db)
	// The file itself is committed: its ledger row, its tickets, and them in the queue.
	written := queryInt(t, w.DB, "SELECT coalesce(sum(tickets_new + tickets_updated), 0) FROM loads WHERE file LIKE '%big.csv'")
	if written < 199_000 || queryInt(t, w.DB, "SELECT count(*) FROM tickets") < written {
		t.Fatalf("the file's %d tickets are not committed: %v, %v", written, dump(t, w.DB, "SELECT load_id, file, tickets_new FROM loads"), dump(t, w.DB, "SELECT count(*) FROM tickets"))
	}
	after := snapshot(t, w.DB, derivedTables...)
	for _, table := range derivedTables {
		if d := diffLines(before[table], after[table]); d != "" {
			t.Errorf("after the kill %s is not the old table: %s", table, d)
		}
	}
	s, err := w.Derived(context.Background(), config.Default().PartHashes())
	if err != nil {
		t.Fatal(err)
	}
	if s.Current() || s.Pending != written {
		t.Errorf("readers see %+v; want %d tickets pending", s, written)
	}
	r, err := newLoader(w, nil).RefreshDerived(context.Background(), false)
	if err != nil {
		t.Fatal(err)
	}
	// (the big file's tickets are older than the first one's: a whole derivation then)
	if r.Tickets < written {
		t.Errorf("the next derivation: %+v, want at least the %d queued tickets", r, written)
	}
	if s, _ := w.Derived(context.Background(), config.Default().PartHashes()); !s.Current() {
		t.Errorf("after the next derivation: %+v", s)
	}
	w.Close()
}
