package xlsx

import (
	"bytes"
	"encoding/csv"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

var update = flag.Bool("update", false, "rewrite the golden CSVs in testdata/golden")

// goldenTickets is how many tickets the golden packs hold (every hostile title included).
const goldenTickets = 40

// sheetKeys name the golden files of the sheets, in sheet order.
var sheetKeys = []string{"summary", "trend", "tiers", "vendors", "definitions", "tickets"}

// writePack renders p and fails the test on error.
func writePack(t testing.TB, p *Pack) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, p, Options{WidthSample: 10}); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return b.Bytes()
}

// open reopens a written workbook with excelize.
func open(t testing.TB, b []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// esc shows control characters as Go escapes, so goldens are plain one-line-per-row CSV
// and a tab or carriage return in a ticket title is visible in a diff.
func esc(s string) string {
	return strings.NewReplacer(`\`, `\\`, "\t", `\t`, "\r", `\r`, "\n", `\n`).Replace(s)
}

// normalise trims trailing empty cells (readers differ in how far they pad), escapes control
// characters, and keeps the non-empty rows with their row number first: a CSV reader skips
// blank lines, so an empty row is told by the gap in the numbers.
func normalise(rows [][]string) [][]string {
	var out [][]string
	for i, r := range rows {
		n := len(r)
		for n > 0 && r[n-1] == "" {
			n--
		}
		if n == 0 {
			continue
		}
		row := []string{strconv.Itoa(i + 1)}
		for _, c := range r[:n] {
			row = append(row, esc(c))
		}
		out = append(out, row)
	}
	return out
}

// shown is every cell of sheet as Excel shows it (number formats applied), normalised.
func shown(t testing.TB, f *excelize.File, sheet string) [][]string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatalf("rows of %s: %v", sheet, err)
	}
	return normalise(rows)
}

func goldenPath(lang, key string) string {
	return filepath.Join("testdata", "golden", lang, key+".csv")
}

func readCSV(t testing.TB, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./dashboards/xlsx -run TestGolden -update to create it)", err)
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff"))))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}

func writeCSV(t testing.TB, path string, rows [][]string) {
	t.Helper()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// diffRows reports the first differences between got and want, by row and column.
func diffRows(t testing.TB, what string, got, want [][]string) {
	t.Helper()
	bad := 0
	for i := range max(len(got), len(want)) {
		var g, w []string
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if strings.Join(g, "\x00") == strings.Join(w, "\x00") {
			continue
		}
		t.Errorf("%s row %d:\n got  %q\n want %q", what, i+1, g, w)
		if bad++; bad == 5 {
			t.Errorf("%s: more differences not shown", what)
			return
		}
	}
}

// The workbook reopened with excelize: every sheet, in order, shows the golden cells.
func TestGolden(t *testing.T) {
	for _, lang := range Languages {
		t.Run(lang, func(t *testing.T) {
			f := open(t, writePack(t, testPack(lang, goldenTickets)))
			sheets := f.GetSheetList()
			if len(sheets) != len(sheetKeys) {
				t.Fatalf("sheets %q, want %d", sheets, len(sheetKeys))
			}
			for i, key := range sheetKeys {
				if want := text(lang, "sheet."+key); sheets[i] != want {
					t.Errorf("sheet %d is %q, want %q", i+1, sheets[i], want)
				}
				got := shown(t, f, sheets[i])
				path := goldenPath(lang, key)
				if *update {
					writeCSV(t, path, got)
					continue
				}
				diffRows(t, path, got, readCSV(t, path))
			}
		})
	}
}
