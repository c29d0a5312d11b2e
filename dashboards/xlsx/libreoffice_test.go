package xlsx

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// pdfPage matches a page object of a PDF (not the /Pages tree).
var pdfPage = regexp.MustCompile(`/Type\s*/Page[^s]`)

// sofficeCSV is the CSV export filter of LibreOffice 7.2+: comma, double quote, UTF-8, cells
// as shown (number formats applied), every sheet (-1) to its own file NAME-SHEET.csv.
const sofficeCSV = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"

// soffice finds LibreOffice. Locally a missing soffice skips the test; in CI (CI=true) it is a
// failure, because .ci/run installs it and a skipped check would hide a broken pack.
func soffice(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("soffice not found, and CI=true: .ci/run must install libreoffice-calc-nogui")
		}
		t.Skip("soffice not found: the LibreOffice checks need it (apt-get install -y --no-install-recommends libreoffice-calc-nogui)")
	}
	return p
}

// convert runs soffice headless on files with a private profile (so it neither waits for nor
// disturbs another running LibreOffice) and returns its combined output.
func convert(t *testing.T, bin, to, dir string, files ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	profile := "file://" + filepath.ToSlash(filepath.Join(dir, "profile"))
	args := append([]string{"-env:UserInstallation=" + profile, "--headless", "--norestore", "--convert-to", to, "--outdir", dir}, files...)
	cmd := exec.CommandContext(ctx, bin, args...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("soffice --convert-to %s: %v\n%s", to, err, out)
	}
	if bytes.Contains(bytes.ToLower(out), []byte("error")) {
		t.Fatalf("soffice --convert-to %s reported an error:\n%s", to, out)
	}
	return string(out)
}

// LibreOffice opens the pack, converts it to PDF and to CSV per sheet; the CSVs show the same
// cells as the goldens (so LibreOffice agrees with the number formats), and every hostile
// ticket title is literal text, never evaluated.
func TestLibreOffice(t *testing.T) {
	bin := soffice(t)
	dir := t.TempDir()
	var files []string
	for _, lang := range Languages {
		path := filepath.Join(dir, "pack_"+lang+".xlsx")
		if err := os.WriteFile(path, writePack(t, testPack(lang, goldenTickets)), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, path)
	}
	probe, probeRows, probeWant := ragProbe(t, writePack(t, testPack("en", 3)))
	probePath := filepath.Join(dir, "probe.xlsx")
	if err := os.WriteFile(probePath, probe, 0o644); err != nil {
		t.Fatal(err)
	}
	convert(t, bin, sofficeCSV, dir, append(files, probePath)...)
	convert(t, bin, "pdf", dir, files...)

	for _, lang := range Languages {
		pdf, err := os.ReadFile(filepath.Join(dir, "pack_"+lang+".pdf"))
		if err != nil {
			t.Fatalf("no PDF: %v", err)
		}
		if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
			t.Errorf("pack_%s.pdf is not a PDF", lang)
		}
		// One page at least per sheet (the Tickets and Trend sheets take more).
		if pages := len(pdfPage.FindAll(pdf, -1)); pages < len(sheetKeys) {
			t.Errorf("pack_%s.pdf has %d pages, want at least %d", lang, pages, len(sheetKeys))
		}
		for _, key := range sheetKeys {
			sheet := text(lang, "sheet."+key)
			got := normalise(readCSV(t, filepath.Join(dir, "pack_"+lang+"-"+sheet+".csv")))
			diffRows(t, "LibreOffice "+lang+" "+sheet, got, readCSV(t, goldenPath(lang, key)))
			if key != "tickets" {
				continue
			}
			for i, h := range hostile {
				want := esc(safeText(h))
				if row := got[i+1]; len(row) < 3 || row[2] != want {
					t.Errorf("LibreOffice %s: ticket %d title %q, want the literal %q", lang, i, row, want)
				}
			}
		}
	}
	// The conditional formats' rules, computed by LibreOffice: the first that holds is the colour.
	probed := readCSV(t, filepath.Join(dir, "probe-Summary.csv"))
	for i, row := range probeRows {
		got := ""
		for j, colour := range []string{"green", "amber", "red"} {
			if cells := probed[row-1]; len(cells) > 26+j && cells[26+j] == "TRUE" {
				got = colour
				break
			}
		}
		if got != probeWant[i] {
			t.Errorf("LibreOffice RAG of summary row %d (%s): %q, want %q", i+1, probed[row-1][0], got, probeWant[i])
		}
	}
	if testing.Verbose() {
		entries, _ := os.ReadDir(dir)
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Logf("converted: %s", strings.Join(names, ", "))
	}
}
