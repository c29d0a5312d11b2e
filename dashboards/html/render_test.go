package html_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/tierlens/tierlens/dashboards"
	"github.com/tierlens/tierlens/dashboards/browsertest"
	"github.com/tierlens/tierlens/dashboards/html"
)

const (
	hostileScript = `</script><script>alert(1)</script>`
	hostileImg    = `<img src=x onerror=alert(1)>`
)

// golden loads a report of the dashboards package's golden tests (testdata/report_*.json),
// which carries vendor and group names built to break HTML.
func golden(t testing.TB, name string) *dashboards.Report {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "report_"+name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var r dashboards.Report
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return &r
}

// stub stands in for ECharts where no browser runs.
var stub = []byte(`/* ECharts stand-in */ window.echarts = {};`)

func render(t testing.TB, r *dashboards.Report, lib []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := html.Render(&b, r, html.Options{ECharts: lib}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Names from the data never become markup or code: not in the HTML, not in attributes, not
// in the chart options (JSON inside a script element).
func TestRenderEscapes(t *testing.T) {
	r := golden(t, "full_en")
	r.Sections[0].Charts[0].Series[0].Name = "line\u2028sep\u2029x & <b>"
	r.Notices = append(r.Notices, dashboards.Notice{Kind: "unmapped", Text: hostileScript, Items: []string{hostileImg, `" onmouseover="alert(1)`}})
	out := render(t, r, stub)
	s := string(out)
	if n := len(regexp.MustCompile(`(?i)<script`).FindAllStringIndex(s, -1)); n != 3 {
		t.Errorf("%d <script elements, want the page's own 3", n)
	}
	for _, bad := range []string{"<img", hostileScript, "<b>", `" onmouseover="`} {
		if strings.Contains(s, bad) {
			t.Errorf("the page contains %q unescaped", bad)
		}
	}
	for _, want := range []string{
		"&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;", // HTML text
		"&lt;img src=x onerror=alert(1)&gt;",
		`\u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e`, // chart options
		`line\u2028sep\u2029x \u0026 \u003cb\u003e`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("the page lacks the escaped form %s", want)
		}
	}
	data := between(s, `<script type="application/json" id="tl-data">`, `</script>`)
	if strings.ContainsAny(data, "\u2028\u2029<>&") {
		t.Error("the chart data carries a raw <, >, & or line separator")
	}
	var parsed map[string]any
	if err := json.Unmarshal([]byte(data), &parsed); err != nil {
		t.Errorf("chart data is not JSON: %v", err)
	}
	// the CSP allows exactly the two scripts
	page, _ := os.ReadFile("page.js")
	for _, script := range [][]byte{stub, page} {
		sum := sha256.Sum256(script)
		if !strings.Contains(s, "sha256-"+base64.StdEncoding.EncodeToString(sum[:])) {
			t.Error("the Content-Security-Policy does not name a script's hash")
		}
	}
	if !strings.Contains(s, "default-src &#39;none&#39;") {
		t.Error("no default-src 'none' policy")
	}
}

func between(s, a, b string) string {
	_, rest, _ := strings.Cut(s, a)
	in, _, _ := strings.Cut(rest, b)
	return in
}

// Same report, same bytes; fixed chart ids.
func TestRenderDeterministic(t *testing.T) {
	for _, name := range []string{"full_en", "full_es", "partial_en"} {
		r := golden(t, name)
		a, b := render(t, r, stub), render(t, golden(t, name), stub)
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two renders differ", name)
		}
		for _, id := range []string{`id="chart-volume"`, `id="chart-mttr"`, `data-chart="fcr"`} {
			if !bytes.Contains(a, []byte(id)) {
				t.Errorf("%s: no %s", name, id)
			}
		}
	}
}

// Charts without data are "no data" boxes, never empty chart elements.
func TestRenderNoData(t *testing.T) {
	out := string(render(t, golden(t, "partial_en"), stub))
	if !strings.Contains(out, `data-empty="sla_tier"`) || strings.Contains(out, `data-chart="sla_tier"`) {
		t.Error("the missing SLA chart is not a no-data box")
	}
	if !strings.Contains(out, "SLA attainment metrics are not in the metric catalog yet.") {
		t.Error("no explanation for the missing SLA metrics")
	}
}

func TestRenderRefusesALibraryThatEndsItsScript(t *testing.T) {
	var b bytes.Buffer
	err := html.Render(&b, golden(t, "full_en"), html.Options{ECharts: []byte(`var s = "</script>";`)})
	if err == nil || !strings.Contains(err.Error(), "cannot be inlined") {
		t.Errorf("err = %v", err)
	}
}

// ECharts is the embedded asset or a clear error naming make assets.
func TestEmbeddedECharts(t *testing.T) {
	lib, err := html.ECharts()
	if errors.Is(err, html.ErrNoECharts) {
		if !strings.Contains(err.Error(), "make assets") {
			t.Errorf("the error does not say how to fix it: %v", err)
		}
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(lib, []byte(`version="5.6.0"`)) {
		t.Error("the embedded ECharts is not 5.6.0")
	}
}

// echartsOrSkip is the embedded library; without it the browser test skips locally and fails
// in CI (make test builds it first).
func echartsOrSkip(t *testing.T) []byte {
	t.Helper()
	lib, err := html.ECharts()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	return lib
}

// The page in a real browser with the network off: every chart drawn with data, nothing in
// the console, no request, no dialog, and the hostile names shown as text.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	browsertest.Chromium(t)
	lib := echartsOrSkip(t)
	for _, c := range []struct {
		name string
		want []string
	}{
		{"full_en", []string{hostileScript, hostileImg, "Key figures", "Vendor scorecard", "Definitions"}},
		{"full_es", []string{hostileScript, hostileImg, "Cifras clave", "Cuadro de proveedores", "Definiciones"}},
		{"partial_en", []string{hostileImg, "SLA attainment metrics are not in the metric catalog yet."}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := golden(t, c.name)
			out := render(t, r, lib)
			if len(out) > 3<<20 {
				t.Errorf("the page is %d bytes, more than 3 MB", len(out))
			}
			path := filepath.Join(t.TempDir(), "dashboard.html")
			if err := os.WriteFile(path, out, 0o644); err != nil {
				t.Fatal(err)
			}
			p := browsertest.Open(t, path, browsertest.Options{})
			p.Check(t, c.want)
			drawn := 0
			for _, s := range r.Sections {
				for _, ch := range s.Charts {
					if ch.Empty == "" {
						drawn++
					}
				}
			}
			if len(p.Charts) != drawn {
				t.Errorf("%d charts on the page, the report draws %d", len(p.Charts), drawn)
			}
			if os.Getenv("TIERLENS_SCREENSHOTS") != "" {
				p.SaveScreenshot(t, "ok")
			}
		})
	}
}

// TestBrowserFile checks a dashboard file made elsewhere, e.g. by make demo, and keeps its
// screenshot in the artifacts directory:
//
//	TIERLENS_DASHBOARD_FILE=$PWD/out/dashboard.html go test ./dashboards/html -run TestBrowserFile -v
func TestBrowserFile(t *testing.T) {
	file := os.Getenv("TIERLENS_DASHBOARD_FILE")
	if file == "" {
		t.Skip("TIERLENS_DASHBOARD_FILE is not set")
	}
	for _, f := range strings.Split(file, string(os.PathListSeparator)) {
		p := browsertest.Open(t, f, browsertest.Options{})
		p.Check(t, nil)
		t.Logf("%s: %d charts drawn, %d no-data boxes, ECharts %s", f, len(p.Charts), p.Empty, p.EChartsVersion)
		p.SaveScreenshot(t, filepath.Base(f))
	}
}
