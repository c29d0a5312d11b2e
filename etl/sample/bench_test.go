package sample

import (
	"context"
	"testing"
)

// benchTickets is large enough that setup (the calendar) is noise.
const benchTickets = 20000

func benchmarkProfile(b *testing.B, profile string) {
	dir := b.TempDir()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Generate(context.Background(), Options{Tickets: benchTickets, Seed: 1, End: testEnd,
			Profile: profile, OutDir: dir}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(benchTickets)*float64(b.N)/b.Elapsed().Seconds(), "tickets/s")
}

// BenchmarkGenerateEventlog measures the profile `make bench` uses for its
// 1M-ticket data set.
func BenchmarkGenerateEventlog(b *testing.B) { benchmarkProfile(b, ProfileServiceNowEventlog) }

func BenchmarkGenerateServiceNow(b *testing.B) { benchmarkProfile(b, ProfileServiceNow) }

func BenchmarkGenerateGeneric(b *testing.B) { benchmarkProfile(b, ProfileGeneric) }
