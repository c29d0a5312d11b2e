package etl

import (
	"io/fs"
	"reflect"
	"strings"
	"testing"

	"github.com/tierlens/tierlens/queries"
)

func TestSplitStatements(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"one", "SELECT 1", []string{"SELECT 1"}},
		{"two with trailing semicolon", "SELECT 1;\nSELECT 2;\n", []string{"SELECT 1", "SELECT 2"}},
		{"empty statements dropped", ";;\n ; SELECT 1;;", []string{"SELECT 1"}},
		{"semicolon in a string", "SELECT 'a;b'; SELECT 2", []string{"SELECT 'a;b'", "SELECT 2"}},
		{"escaped quote in a string", "SELECT 'it''s; fine'; SELECT 2", []string{"SELECT 'it''s; fine'", "SELECT 2"}},
		{"semicolon in a quoted identifier", `SELECT 1 AS "a;b"; SELECT 2`, []string{`SELECT 1 AS "a;b"`, "SELECT 2"}},
		{"semicolon in a line comment", "SELECT 1 -- not; here\n; SELECT 2", []string{"SELECT 1 -- not; here", "SELECT 2"}},
		{"semicolon in a block comment", "SELECT /* a; b */ 1; SELECT 2", []string{"SELECT /* a; b */ 1", "SELECT 2"}},
		{"quote in a comment", "-- don't\nSELECT 1; SELECT 2", []string{"-- don't\nSELECT 1", "SELECT 2"}},
		{"comment-only statements dropped", "-- header\n-- more\n;\nSELECT 1;\n-- trailer\n", []string{"SELECT 1"}},
		{"block comment end", "SELECT 1 /* x */; SELECT 2", []string{"SELECT 1 /* x */", "SELECT 2"}},
		{"empty", "", nil},
		{"only whitespace", " \n\t ", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := splitStatements(tc.in)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("splitStatements(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestStripLiterals(t *testing.T) {
	got := paramRef.FindAllString(stripLiterals("SELECT $a, '$b', x -- $c\nFROM t WHERE y = $d"), -1)
	want := []string{"$a", "$d"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("parameters = %q, want %q", got, want)
	}
}

func TestQueriesSplit(t *testing.T) {
	// Every embedded load script splits into whole statements: each starts with a keyword.
	names, err := fs.Glob(queries.FS(), "etl/*.sql")
	if err != nil || len(names) == 0 {
		t.Fatalf("no etl scripts: %v", err)
	}
	for _, name := range names {
		stmts := splitStatements(queries.MustRead(name))
		if len(stmts) == 0 {
			t.Errorf("%s: no statements", name)
		}
		for _, s := range stmts {
			switch first := strings.ToUpper(strings.Fields(stripComments(s))[0]); first {
			case "CREATE", "INSERT", "DELETE", "UPDATE", "WITH", "SELECT", "DROP":
			default:
				t.Errorf("%s: a statement starts with %q:\n%s", name, first, s)
			}
		}
	}
}

// FuzzSplitStatements: never panics; every statement is a trimmed piece of the script with
// more than comments in it; a script without quotes or comments splits exactly at semicolons.
func FuzzSplitStatements(f *testing.F) {
	for _, s := range []string{
		"SELECT 1; SELECT 2",
		"SELECT 'a;b' AS \"c;d\"; -- x;\n/* y; */ SELECT 3;",
		"-- only a comment",
		"SELECT '';;",
		"/* unterminated",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, script string) {
		stmts := splitStatements(script)
		for _, s := range stmts {
			if s == "" || s != strings.TrimSpace(s) {
				t.Fatalf("statement %q is empty or untrimmed", s)
			}
			if !strings.Contains(script, s) {
				t.Fatalf("statement %q is not a piece of the script", s)
			}
			if strings.TrimSpace(stripComments(s)) == "" {
				t.Fatalf("statement %q is only comments", s)
			}
		}
		if !strings.ContainsAny(script, `'"-/`) {
			var want []string
			for _, p := range strings.Split(script, ";") {
				if p = strings.TrimSpace(p); p != "" {
					want = append(want, p)
				}
			}
			if !reflect.DeepEqual(stmts, want) {
				t.Fatalf("splitStatements(%q) = %q, want %q", script, stmts, want)
			}
		}
	})
}
