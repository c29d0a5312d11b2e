package xlsx

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestWriteTable: one sheet of a table, hostile text kept as text (no formula), numbers and
// dates as numbers, a bad sheet name made valid, a row of the wrong width an error.
func TestWriteTable(t *testing.T) {
	cols := []Column{{Label: "name", Unit: UnitText}, {Label: "n", Unit: UnitCount}, {Label: "at", Unit: UnitDateTime}}
	rows := [][]any{
		{`=HYPERLINK("http://x","y")`, int64(3), time.Date(2026, 11, 3, 9, 15, 0, 0, time.UTC)},
		{"_x0041_ \x1b[2J", nil, nil},
	}
	var b bytes.Buffer
	err := WriteTable(&b, "a/b:c", cols, func(yield func([]any) error) error {
		for _, r := range rows {
			if err := yield(r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "t.xlsx")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	sheets, err := ReadPack(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(sheets) != 1 || sheets[0].Name != "a_b_c" || len(sheets[0].Formulas) != 0 {
		t.Fatalf("sheets: %+v", sheets)
	}
	want := [][]string{{"name", "n", "at"}, {`=HYPERLINK("http://x","y")`, "3", "46329.385416666672"}, {"_x0041_ \uFFFD[2J"}}
	got := sheets[0].Rows
	if len(got) != 3 || !reflect.DeepEqual(got[0], want[0]) || !reflect.DeepEqual(got[1][:2], want[1][:2]) || !strings.HasPrefix(got[1][2], "46329.38") || !reflect.DeepEqual(got[2], want[2]) {
		t.Errorf("rows %q, want %q", got, want)
	}
	err = WriteTable(&b, "x", cols, func(yield func([]any) error) error { return yield([]any{"only one"}) })
	if err == nil || !strings.Contains(err.Error(), "row 1: 1 values for 3 columns") {
		t.Errorf("short row: %v", err)
	}
}
