package main

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestArchitecture keeps the one-way data flow and the one-library-one-package rules of
// STYLE.md true for every non-test Go file of the module.
func TestArchitecture(t *testing.T) {
	const mod = "github.com/tierlens/tierlens/"
	root := filepath.Join("..", "..")
	imports := map[string][]string{} // package dir (slash form) -> imports
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") && path != root) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		dir := filepath.ToSlash(rel)
		for _, im := range f.Imports {
			imports[dir] = append(imports[dir], strings.Trim(im.Path.Value, `"`))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(imports) < 10 {
		t.Fatalf("found only %d packages: is the walk rooted right?", len(imports))
	}
	// only[library] = the packages allowed to import it: one, except excelize, which one
	// package uses for writing (the KPI pack) and one for reading (XLSX input).
	only := map[string][]string{
		"github.com/duckdb/duckdb-go":      {"etl/warehouse"},
		"github.com/go-echarts/go-echarts": {"dashboards/html"},
		"github.com/xuri/excelize":         {"dashboards/xlsx", "etl/xlsxread"},
		"github.com/chromedp":              {"dashboards/browsertest"},
		// the sql shell's line editor
		"github.com/peterh/liner": {"cmd/tierlens/internal/cli"},
	}
	// never[package prefix] = module paths it must not import (the data flows one way).
	never := map[string][]string{
		"config":     {"etl", "metrics", "dashboards", "cmd"},
		"etl":        {"metrics", "dashboards", "cmd"},
		"metrics":    {"etl", "dashboards", "cmd"},
		"dashboards": {"etl", "cmd"},
		"queries":    {"etl", "metrics", "dashboards", "cmd", "config"},
	}
	for dir, ims := range imports {
		for _, im := range ims {
			for lib, owners := range only {
				if strings.HasPrefix(im, lib) && !slices.Contains(owners, dir) {
					t.Errorf("%s imports %s: only %s may", dir, im, strings.Join(owners, " and "))
				}
			}
			if !strings.HasPrefix(im, mod) {
				continue
			}
			target := strings.TrimPrefix(im, mod)
			if strings.HasPrefix(target, "cmd/") && !strings.HasPrefix(dir, "cmd/") {
				t.Errorf("%s imports %s: nothing imports cmd/", dir, im)
			}
			for prefix, banned := range never {
				if dir != prefix && !strings.HasPrefix(dir, prefix+"/") {
					continue
				}
				for _, b := range banned {
					if target == b || strings.HasPrefix(target, b+"/") {
						t.Errorf("%s imports %s: %s must not depend on %s", dir, im, prefix, b)
					}
				}
			}
		}
	}
}
