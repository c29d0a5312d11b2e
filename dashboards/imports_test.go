package dashboards_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The layout's rules (STYLE.md): the dashboards model holds no SQL and touches no warehouse;
// dashboards/html is the only importer of go-echarts; chromedp stays in the test helper.
func TestImportRules(t *testing.T) {
	root := filepath.Join("..")
	sql := regexp.MustCompile(`(?i)\b(SELECT|INSERT|CREATE)\s+[\w*(]`)
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); n == "node_modules" || n == ".git" || n == "testdata" || n == "out" {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		dir := filepath.ToSlash(filepath.Dir(rel))
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			switch {
			case strings.Contains(p, "go-echarts") && dir != "dashboards/html":
				t.Errorf("%s imports %s: only dashboards/html may", rel, p)
			case strings.Contains(p, "chromedp") && dir != "dashboards/browsertest":
				t.Errorf("%s imports %s: only the browser test helper may", rel, p)
			case strings.HasPrefix(dir, "dashboards") && (strings.Contains(p, "duckdb") || strings.Contains(p, "tierlens/etl") || p == "database/sql" || strings.Contains(p, "tierlens/queries")):
				t.Errorf("%s imports %s: dashboards get results and facts, never the warehouse", rel, p)
			}
		}
		if strings.HasPrefix(dir, "dashboards") {
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			if m := sql.Find(b); m != nil {
				t.Errorf("%s holds SQL (%q): SQL lives in queries/", rel, m)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
