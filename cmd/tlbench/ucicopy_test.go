package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Every copy holds the original's records with numbers of its own: distinct across copies,
// records = copies × the original's, everything but the number unchanged.
func TestCopyLogDistinctNumbers(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "log.csv")
	if err := os.WriteFile(src, []byte(closedLog), 0o644); err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(dir, "x12", "log.csv")
	n, err := copyLog(src, dst, 12)
	if err != nil {
		t.Fatal(err)
	}
	sh, srecs := readCSV(t, src)
	dh, drecs := readCSV(t, dst)
	if !slices.Equal(sh, dh) || n != 12*int64(len(srecs)) || len(drecs) != 12*len(srecs) {
		t.Fatalf("copied %d records (%d in the file), want %d; header %v", n, len(drecs), 12*len(srecs), dh)
	}
	st, _ := byTicket(t, sh, srecs)
	dt, col := byTicket(t, dh, drecs)
	if len(dt) != 12*len(st) {
		t.Errorf("%d distinct numbers, want %d", len(dt), 12*len(st))
	}
	for i, r := range drecs {
		orig := srecs[i%len(srecs)]
		if st[r[col["number"]]] != nil {
			t.Errorf("copy %d keeps the original number %s", i/len(srecs), r[col["number"]])
		}
		if !strings.HasPrefix(r[col["number"]], "INC") || !strings.HasSuffix(r[col["number"]], strings.TrimPrefix(orig[col["number"]], "INC")) {
			t.Errorf("record %d: number %s is not a tagged %s", i, r[col["number"]], orig[col["number"]])
		}
		r = slices.Clone(r)
		r[col["number"]] = orig[col["number"]]
		if !slices.Equal(r, orig) {
			t.Errorf("record %d: %v, want the original's %v but its number", i, r, orig)
		}
	}
	if got := drecs[5*len(srecs)][col["number"]]; got != "INC050000045" {
		t.Errorf("copy 5 of INC0000045 is %s, want INC050000045", got)
	}
}

func TestCopyLogBadNumber(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "log.csv")
	if err := os.WriteFile(src, []byte(strings.Replace(closedLog, "INC0000047,Closed", "INC0000047x,Closed", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := copyLog(src, filepath.Join(dir, "out.csv"), 2)
	if err == nil || !strings.Contains(err.Error(), "log.csv: line 6: number: \"INC0000047x\" does not end in digits") {
		t.Fatalf("error %v", err)
	}
	if _, serr := os.Stat(filepath.Join(dir, "out.csv")); serr == nil {
		t.Errorf("a failed copy left a file behind")
	}
}

// The real log, copied twice: the published 141,712 records and 24,918 incidents, twice.
func TestCopyLogUCI(t *testing.T) {
	if testing.Short() {
		t.Skip("copies the 46 MB UCI log")
	}
	src := filepath.Join("..", "..", "..", "shared", "datasets", "uci-incident-event-log", "incident_event_log.csv")
	if _, err := os.Stat(src); err != nil {
		t.Skipf("real data set not available at %s (it lives beside the repository in ../shared/datasets): %v", src, err)
	}
	dst := filepath.Join(t.TempDir(), "x2.csv")
	n, err := copyLog(src, dst, 2)
	if err != nil {
		t.Fatal(err)
	}
	s, err := scanLog(dst)
	if err != nil {
		t.Fatal(err)
	}
	if n != 2*141_712 || s.records != 2*141_712 || len(s.tickets) != 2*24_918 {
		t.Errorf("copied %d records, read back %d records of %d incidents; want %d of %d", n, s.records, len(s.tickets), 2*141_712, 2*24_918)
	}
}
