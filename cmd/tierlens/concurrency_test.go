package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestLoadsBesideDashboards is the hourly cron load while managers open dashboards: a loop of
// loads of growing exports runs while other processes make dashboards in a loop. No command
// may fail, and every dashboard must be the one made from the state after one of the loads,
// never a mix (the same warehouse and flags give a byte-identical dashboard, so each is
// compared with a dashboard made from a reference warehouse loaded step by step, alone).
// Nothing is timed: how the processes interleave is up to the machine, the outcome is not.
func TestLoadsBesideDashboards(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the tierlens binary a few dozen times")
	}
	bin, err := exec.LookPath("tierlens") // the test binary, put on PATH by testscript.Main
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	root := t.TempDir()
	run := func(dir string, args ...string) (string, string, error) {
		cmd := exec.CommandContext(ctx, bin, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "HOME="+root, "TIERLENS_MEMORY_LIMIT=1GB", "TIERLENS_DB=", "TIERLENS_CONFIG=")
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		return out.String(), errb.String(), err
	}
	must := func(dir string, args ...string) string {
		t.Helper()
		out, stderr, err := run(dir, args...)
		if err != nil {
			t.Fatalf("tierlens %s: %v\n%s%s", strings.Join(args, " "), err, out, stderr)
		}
		return stderr
	}

	// Four hourly exports of one help desk, each larger than the one before.
	exports := filepath.Join(root, "exports")
	var files []string
	for i, n := range []int{150, 300, 450, 600} {
		out := filepath.Join(exports, fmt.Sprintf("h%d", i+1))
		must(root, "sample", "--tickets", fmt.Sprint(n), "--seed", "11", "--end", "2026-11-20", "--out", out)
		files = append(files, filepath.Join("..", "exports", fmt.Sprintf("h%d", i+1), "servicenow_eventlog.csv"))
	}
	dashboard := []string{"dashboard", "--week", "2026-W47", "--lock-timeout", "2m"}

	// The reference: each load alone, then its dashboard. Both warehouses are ./tierlens.duckdb
	// in a directory of their own and read the same relative paths, so nothing else differs.
	ref := filepath.Join(root, "ref")
	os.Mkdir(ref, 0o755)
	states := map[[32]byte]int{} // dashboard digest → the number of loads behind it
	for i, f := range files {
		must(ref, "load", f)
		must(ref, append(dashboard, "-o", "d.html")...)
		sum := digest(filepath.Join(ref, "d.html"))
		if prev, ok := states[sum]; ok {
			t.Fatalf("the dashboards after load %d and %d are identical: the test could not tell states apart", prev, i+1)
		}
		states[sum] = i + 1
	}

	// The run under test: the first load, then the others while dashboards loop beside them.
	live := filepath.Join(root, "live")
	os.Mkdir(live, 0o755)
	must(live, "load", files[0])
	const readers = 2
	var (
		stop       = make(chan struct{})
		wg         sync.WaitGroup
		mu         sync.Mutex
		made       = map[int]int{} // state → dashboards made from it
		readerWait int             // dashboards that waited for a load
	)
	for r := 0; r < readers; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			last := 0
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				name := fmt.Sprintf("d%d-%d.html", r, i)
				out, stderr, err := run(live, append(dashboard, "-o", name)...)
				if err != nil {
					t.Errorf("dashboard %s beside the loads: %v\n%s%s", name, err, out, stderr)
					return
				}
				state, ok := states[digest(filepath.Join(live, name))]
				if !ok {
					t.Errorf("dashboard %s matches the state after none of the loads: it saw a warehouse mid-load", name)
					return
				}
				if state < last {
					t.Errorf("dashboard %s shows the state after load %d, an earlier one showed load %d", name, state, last)
				}
				last = state
				mu.Lock()
				made[state]++
				if strings.Contains(stderr, "waiting for the load of ") {
					readerWait++
				}
				mu.Unlock()
				os.Remove(filepath.Join(live, name))
			}
		}()
	}
	loadWait := 0
	for _, f := range files[1:] {
		stderr := must(live, "load", "--lock-timeout", "2m", f)
		if strings.Contains(stderr, "waiting for readers of ") {
			loadWait++
		}
	}
	close(stop)
	wg.Wait()

	// After the loop, the warehouse is the reference's, and a dashboard shows it.
	must(live, append(dashboard, "-o", "final.html")...)
	if got := states[digest(filepath.Join(live, "final.html"))]; got != len(files) {
		t.Errorf("the final dashboard shows the state after load %d, want %d", got, len(files))
	}
	t.Logf("dashboards by the loads behind them: %v; %d waited for a load; %d of %d loads waited for readers",
		made, readerWait, loadWait, len(files)-1)
}

// digest is the sha256 of a file; a file that cannot be read gives the zero digest, which is
// no state's, so the caller reports it.
func digest(path string) [32]byte {
	b, err := os.ReadFile(path)
	if err != nil {
		return [32]byte{}
	}
	return sha256.Sum256(b)
}
