package xlsx

import (
	"io"
	"testing"
)

// BenchmarkWriteTickets writes a pack with 20,000 tickets (the fixture's 14 columns) to
// io.Discard; the openpyxl comparison on a CSV is testdata/packbench with bench_openpyxl.py.
func BenchmarkWriteTickets(b *testing.B) {
	const n = 20000
	rows := make([][]any, n)
	for i := range rows {
		rows[i] = ticketRow(i)
	}
	p := testPack("en", 0)
	p.Tickets.Rows = func(yield func([]any) error) error {
		for _, r := range rows {
			if err := yield(r); err != nil {
				return err
			}
		}
		return nil
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := Write(io.Discard, p, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
