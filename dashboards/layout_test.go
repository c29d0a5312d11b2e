package dashboards_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/tierlens/tierlens/config"
	"github.com/tierlens/tierlens/dashboards"
	"github.com/tierlens/tierlens/metrics"
)

func shippedCatalog(t *testing.T) *metrics.Catalog {
	t.Helper()
	cat, err := metrics.LoadCatalog(config.Default())
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// The built-in layout and metric texts name only metrics of the built-in catalog and known
// roles, and every layout reference resolves.
func TestLayoutShipped(t *testing.T) {
	cat := shippedCatalog(t)
	if err := dashboards.CheckEmbedded(cat); err != nil {
		t.Fatal(err)
	}
	l, err := dashboards.WeeklyLayout()
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Tiles) != 12 || l.Tiles[7].Role != metrics.RoleSLAResolution || l.Tiles[0].Desk != dashboards.DeskSum {
		t.Errorf("tiles: %+v", l.Tiles)
	}
	for _, r := range append(l.Tiles, l.SLA.Response, l.SLA.Resolution) {
		if r.Role != "" && cat.ByRole(r.Role) == nil {
			t.Errorf("%s:%d: no built-in metric holds role %s", l.File, r.Line, r.Role)
		}
	}
}

// A broken layout is an error naming the file and the line of each problem, all at once.
func TestLayoutErrors(t *testing.T) {
	cat := shippedCatalog(t)
	cases := []struct {
		name, src string
		want      []string
	}{
		{"unknown metric and role", "tiles:\n  - {metric: created}\n  - {metric: ticket_happiness}\n  - {role: sla_mood}\n",
			[]string{`x.yaml:3: unknown metric "ticket_happiness"`}},
		{"unknown role", "tiles:\n  - {role: sla_mood}\nsla:\n  response: {role: sla_response}\n",
			[]string{`x.yaml:2: unknown role "sla_mood" (roles: sla_resolution, sla_response)`}},
		{"unknown part", "tiles: []\nspeedometer: fcr\n", []string{`x.yaml:2: field speedometer not found`}},
		{"unknown key of a part", "csat: {positive: fcr, negative: fcr}\n", []string{`x.yaml:1: field negative not found`}},
		{"unknown key of a reference", "tiles:\n  - {metric: fcr, colour: red}\n", []string{`x.yaml:2: unknown key "colour"`}},
		{"metric and role at once", "tiles:\n  - {metric: fcr, role: sla_response}\n", []string{`x.yaml:2: give a metric or a role`}},
		{"labels and desk", "fcr_trend:\n  - fcr\n  - {metric: first_level_resolution, label: s.nope}\ncsat:\n  positive: {metric: fcr, desk: sum}\ntiles:\n  - {metric: fcr, desk: average}\n",
			[]string{`x.yaml:2: give the fcr a label`, `x.yaml:3: label "s.nope" is not an interface text`, `x.yaml:5: desk: only tiles take it`, `x.yaml:7: desk "average"`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := dashboards.ValidateLayout("x.yaml", []byte(c.src), cat)
			if err == nil {
				t.Fatal("accepted")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("missing %q in:\n%v", w, err)
				}
			}
		})
	}
	// the unknown role of the first case is reported without a catalog, before metrics are
	// looked up
	if _, err := dashboards.ParseLayout("x.yaml", []byte(cases[0].src)); err == nil || !strings.Contains(err.Error(), `x.yaml:4: unknown role "sla_mood"`) {
		t.Errorf("ParseLayout: %v", err)
	}
}

// No metric is picked by name in the Go code of the dashboard: no string literal is a metric
// name (or role:ROLE), and no metric name is searched for substrings. Chart and table ids are
// fixed names of the report format, not metric picks.
func TestNoMetricNamesInGo(t *testing.T) {
	cat := shippedCatalog(t)
	names := map[string]bool{}
	for _, n := range cat.Names() {
		names[n] = true
	}
	for r := range metrics.Roles {
		names["role:"+r] = true
	}
	// a ticket outcome of the escalation flow (FlowFact.Outcome), not the metric
	allowed := map[string]bool{"resolved": true}
	var files []string
	for _, dir := range []string{".", "html"} {
		m, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		files = append(files, m...)
	}
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		file, err := parser.ParseFile(fset, f, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		ids := map[*ast.BasicLit]bool{}
		ast.Inspect(file, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.KeyValueExpr:
				if k, ok := x.Key.(*ast.Ident); ok && k.Name == "ID" {
					if lit, ok := x.Value.(*ast.BasicLit); ok {
						ids[lit] = true
					}
				}
			case *ast.BasicLit:
				if x.Kind != token.STRING || ids[x] {
					return true
				}
				s, err := strconv.Unquote(x.Value)
				if err == nil && names[s] && !allowed[s] {
					t.Errorf("%s: metric name %q in Go: name it in dashboards/layouts/weekly.yaml", fset.Position(x.Pos()), s)
				}
			case *ast.CallExpr:
				sel, ok := x.Fun.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				if pkg, ok := sel.X.(*ast.Ident); ok && pkg.Name == "strings" && (sel.Sel.Name == "Contains" || sel.Sel.Name == "HasPrefix" || sel.Sel.Name == "HasSuffix") && len(x.Args) > 0 {
					if arg, ok := x.Args[0].(*ast.SelectorExpr); ok && arg.Sel.Name == "Name" {
						t.Errorf("%s: a metric picked by a substring of its name", fset.Position(x.Pos()))
					}
				}
			}
			return true
		})
	}
}
