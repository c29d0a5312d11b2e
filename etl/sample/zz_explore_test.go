package sample

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"
)

func TestExploreWrite(t *testing.T) {
	dir := os.Getenv("SAMPLE_OUT")
	if dir == "" {
		t.Skip()
	}
	n, _ := strconv.Atoi(os.Getenv("SAMPLE_N"))
	profiles := Profiles()
	if p := os.Getenv("SAMPLE_PROFILE"); p != "" {
		profiles = []string{p}
	}
	for _, p := range profiles {
		start := time.Now()
		if _, err := Generate(context.Background(), Options{Tickets: n, Seed: 7, End: testEnd, Profile: p, OutDir: dir}); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d tickets in %v = %.0f tickets/s", p, n, time.Since(start), float64(n)/time.Since(start).Seconds())
	}
}
