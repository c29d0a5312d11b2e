package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestAnyDuckDBClient: another DuckDB client, the Node.js one (@duckdb/node-api, pinned in
// package-lock.json at the DuckDB version tierlens links), opens the warehouse read-only and
// runs what `tierlens metrics show NAME` prints for three metrics, and gets the values
// `tierlens metrics run` prints. Skipped without node or the npm package locally; a failure
// in CI (.ci/run installs both).
func TestAnyDuckDBClient(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", "..", "..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	node, err := exec.LookPath("node")
	if err == nil {
		_, err = os.Stat(filepath.Join(root, "node_modules", "@duckdb", "node-api", "package.json"))
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("node or @duckdb/node-api missing and CI=true (make assets runs npm ci): %v", err)
		}
		t.Skipf("node or @duckdb/node-api missing (run make assets): %v", err)
	}
	dir := dashboardWarehouse(t)
	var linked string
	if r := dashCLI(dir, "version"); r.code == 0 { // "… DuckDB 1.5.6, …"
		if _, after, ok := strings.Cut(r.stdout, "DuckDB "); ok {
			linked = "v" + strings.TrimRight(strings.Fields(after)[0], ",")
		}
	}
	if linked == "" {
		t.Fatal("tierlens version does not say which DuckDB it links")
	}
	for _, name := range []string{"created", "fcr", "resolution_time"} {
		sqlFile := filepath.Join(t.TempDir(), name+".sql")
		r := dashCLI(dir, "metrics", "show", name, "--sql")
		if r.code != 0 {
			t.Fatalf("metrics show %s --sql: %s", name, r.stderr)
		}
		if err := os.WriteFile(sqlFile, []byte(r.stdout), 0o644); err != nil {
			t.Fatal(err)
		}
		var execute string
		for _, l := range strings.Split(dashCLI(dir, "metrics", "show", name).stdout, "\n") {
			if l = strings.TrimSpace(l); strings.HasPrefix(l, "EXECUTE ") {
				execute = l
			}
		}
		if execute == "" {
			t.Fatalf("metrics show %s prints no EXECUTE statement", name)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		out, err := exec.CommandContext(ctx, node, filepath.Join("testdata", "nodeclient.mjs"), filepath.Join(dir, "tierlens.duckdb"), sqlFile, execute).CombinedOutput()
		cancel()
		if err != nil {
			t.Fatalf("node client on %s: %v\n%s", name, err, out)
		}
		var res struct {
			Version string           `json:"version"`
			Rows    []map[string]any `json:"rows"`
		}
		if err := json.Unmarshal(out, &res); err != nil {
			t.Fatalf("node client output: %v\n%s", err, out)
		}
		if linked != "" && res.Version != linked {
			t.Errorf("the node client runs DuckDB %s, tierlens links %s", res.Version, linked)
		}
		fromNode := map[string]string{}
		for _, row := range res.Rows {
			fromNode[fmt.Sprint(row["tier"])] = fmt.Sprint(row["value"])
		}
		run := dashCLI(dir, "metrics", "run", name, "--week", "last", "--format", "csv")
		recs := readCSV(t, run.stdout)
		compared := 0
		for _, rec := range recs[1:] { // metric, period, tier, value, …
			got, ok := fromNode[rec[2]]
			if !ok {
				t.Errorf("%s: tier %s from metrics run, not from the node client (%v)", name, rec[2], fromNode)
				continue
			}
			if !sameText(got, rec[3]) {
				t.Errorf("%s %s: node client %s, metrics run %s", name, rec[2], got, rec[3])
			}
			compared++
		}
		if compared < 3 || len(res.Rows) != len(recs)-1 {
			t.Errorf("%s: %d cells compared, node gave %d rows, metrics run %d", name, compared, len(res.Rows), len(recs)-1)
		}
	}
}

// sameText compares two printed numbers (or two empty values) to 9 significant digits.
func sameText(a, b string) bool {
	if a == "<nil>" || a == "null" {
		a = ""
	}
	if a == "" || b == "" {
		return a == b
	}
	x, err1 := strconv.ParseFloat(a, 64)
	y, err2 := strconv.ParseFloat(b, 64)
	if err1 != nil || err2 != nil {
		return a == b
	}
	return math.Abs(x-y) <= 1e-9*math.Max(1, math.Abs(y))
}
