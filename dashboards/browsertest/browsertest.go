// Package browsertest opens a dashboard file in headless Chromium, with the network off, and
// reports what a person would see: which charts ECharts drew and with how much data, the
// console errors, page exceptions, dialogs and network requests, and the page text. It is a
// test helper: only tests (of dashboards/html and of the CLI) import it, so chromedp never
// ends up in the tierlens binary.
//
// It drives Chromium through the DevTools protocol with chromedp, which speaks the protocol
// (a WebSocket or pipe transport plus typed commands and events) so the tests need no driver
// binary. Every request other than the file itself is failed on purpose (Fetch interception)
// and recorded, and host names resolve nowhere, so a page that tries to reach out fails its
// test instead of silently working online.
package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/fetch"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Chromium returns the browser to use: $TIERLENS_CHROMIUM, else chromium (Debian's package,
// which .ci/run installs) or chromium-browser on the PATH. When there is none the test is
// skipped, except in CI (CI=true), where it fails: CI must never pass by skipping.
func Chromium(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("TIERLENS_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "/usr/bin/chromium"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed: the dashboard's browser test cannot run (.ci/run installs Debian's chromium)")
	}
	t.Skip("chromium is not installed (apt-get install chromium): skipping the browser test")
	return ""
}

// Page is what the browser saw.
type Page struct {
	URL            string
	EChartsVersion string   `json:"version"`
	Charts         []Chart  `json:"charts"`
	Empty          int      `json:"empty"`   // "no data" boxes
	Images         int      `json:"images"`  // <img> elements (a dashboard has none)
	Scripts        int      `json:"scripts"` // <script> elements
	Text           string   `json:"text"`    // document.body.innerText
	ImagesAfterTip int      `json:"-"`       // <img> elements after every tooltip was shown
	Console        []string `json:"-"`       // console errors and error log entries (CSP violations among them)
	Exceptions     []string `json:"-"`       // uncaught exceptions
	Dialogs        []string `json:"-"`       // alert, confirm, prompt
	Requests       []string `json:"-"`       // every request the page tried, other than file:// and data:
	Screenshot     []byte   `json:"-"`       // full page, PNG
}

// Chart is one chart element of the page.
type Chart struct {
	ID       string   `json:"id"`
	Instance bool     `json:"instance"` // echarts.getInstanceByDom found one
	Series   int      `json:"series"`
	Points   int      `json:"points"` // data points (and Sankey links) that are not gaps
	Names    []string `json:"names"`  // category and node names, as ECharts holds them
}

// Options tune Open.
type Options struct {
	Width, Height int    // the window; default 1400×1000
	PrintMedia    bool   // emulate print media (to look at the print layout)
	PDF           string // when set, also print the page to this PDF file (A4 landscape from CSS)
}

// inspect reads the page after the charts were drawn.
const inspect = `(() => {
  const out = {version: (window.echarts && echarts.version) || "", charts: [], empty: document.querySelectorAll("[data-empty]").length,
    images: document.images.length, scripts: document.scripts.length, text: document.body.innerText};
  document.querySelectorAll("[data-chart]").forEach(el => {
    const inst = window.echarts ? echarts.getInstanceByDom(el) : null;
    const c = {id: el.getAttribute("data-chart"), instance: !!inst, series: 0, points: 0, names: []};
    if (inst) {
      const o = inst.getOption();
      (o.xAxis || []).forEach(a => (a.data || []).forEach(n => c.names.push(String(n && n.value !== undefined ? n.value : n))));
      (o.series || []).forEach(s => {
        c.series++;
        (s.data || []).forEach(d => {
          const v = (d !== null && typeof d === "object" && !Array.isArray(d)) ? d.value : d;
          if (d && d.name) { c.names.push(String(d.name)); }
          if (s.type === "sankey" || (v !== undefined && v !== null && v !== "-")) { c.points++; }
        });
        c.points += (s.links || []).length;
      });
    }
    out.charts.push(c);
  });
  return out;
})()`

// showTips shows every data point's tooltip of every chart, so the test sees that names from
// the data stay text in tooltips too.
const showTips = `(() => {
  document.querySelectorAll("[data-chart]").forEach(el => {
    const inst = echarts.getInstanceByDom(el);
    if (!inst) { return; }
    const o = inst.getOption();
    (o.series || []).forEach((s, si) => {
      const n = (s.data || []).length;
      for (let i = 0; i < n; i++) { inst.dispatchAction({type: "showTip", seriesIndex: si, dataIndex: i}); }
    });
    inst.dispatchAction({type: "hideTip"});
  });
  return document.images.length;
})()`

// Open loads file (a path on disk) in a fresh headless Chromium with the network off and
// returns what it saw. It fails t when the browser cannot run.
func Open(t testing.TB, file string, o Options) *Page {
	t.Helper()
	bin := Chromium(t)
	abs, err := filepath.Abs(file)
	if err != nil {
		t.Fatal(err)
	}
	if o.Width == 0 {
		o.Width, o.Height = 1400, 1000
	}
	p := &Page{URL: "file://" + abs}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(bin),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND"),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(o.Width, o.Height),
	)
	defer cancelAlloc()

	var mu sync.Mutex
	record := func(dst *[]string, s string) {
		mu.Lock()
		defer mu.Unlock()
		*dst = append(*dst, s)
	}
	listener := func(ev any) {
		switch e := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeAssert {
				var parts []string
				for _, a := range e.Args {
					if a.Description != "" {
						parts = append(parts, a.Description)
					} else {
						parts = append(parts, string(a.Value))
					}
				}
				record(&p.Console, "console."+string(e.Type)+": "+strings.Join(parts, " "))
			}
		case *runtime.EventExceptionThrown:
			d := e.ExceptionDetails
			msg := d.Text
			if d.Exception != nil && d.Exception.Description != "" {
				msg += " " + d.Exception.Description
			}
			record(&p.Exceptions, fmt.Sprintf("%s (line %d)", msg, d.LineNumber+1))
		case *cdplog.EventEntryAdded:
			if e.Entry.Level == cdplog.EntryLevelError {
				record(&p.Console, "log: "+e.Entry.Text+" "+e.Entry.URL)
			}
		case *network.EventRequestWillBeSent:
			if u := e.Request.URL; !local(u) {
				record(&p.Requests, u)
			}
		}
	}
	ctx, cancel := chromedp.NewContext(allocCtx, chromedp.WithListener(listener))
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	defer cancelTimeout()
	// Start the browser before the timeout matters for anything else.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start %s: %v", bin, err)
	}

	paused := chromedp.Events(ctx, fetch.RequestPaused)
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for ev, err := range paused {
			if err != nil {
				return
			}
			if local(ev.Request.URL) {
				_, _ = chromedp.Call(ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
				continue
			}
			record(&p.Requests, ev.Request.URL)
			_, _ = chromedp.Call(ctx, fetch.FailRequest, fetch.FailRequestParams{RequestID: ev.RequestID, ErrorReason: network.ErrorReasonBlockedByClient})
		}
	}()
	go func() {
		defer wg.Done()
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			record(&p.Dialogs, string(ev.Type)+": "+ev.Message)
			_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	}()

	steps := []func() error{
		func() error { _, err := chromedp.Call(ctx, cdplog.Enable, cdp.Empty{}); return err },
		func() error { _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); return err },
		func() error {
			_, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*"}}})
			return err
		},
	}
	if o.PrintMedia {
		steps = append(steps, func() error {
			_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
			return err
		})
	}
	steps = append(steps, func() error { return chromedp.Do(ctx, chromedp.Navigate(p.URL)) })
	for _, s := range steps {
		if err := s(); err != nil {
			t.Fatalf("open %s in chromium: %v", file, err)
		}
	}
	// the page script marks the document when every chart is drawn
	deadline := time.Now().Add(20 * time.Second)
	for {
		ready, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.getAttribute("data-charts") || ""`))
		if err == nil && ready != "" {
			break
		}
		if time.Now().After(deadline) {
			p.Exceptions = append(p.Exceptions, "the page script never finished drawing the charts (no data-charts attribute)")
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](inspect))
	if err != nil {
		t.Fatalf("inspect %s: %v", file, err)
	}
	if err := json.Unmarshal(raw, p); err != nil {
		t.Fatalf("inspect %s: %v", file, err)
	}
	if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](showTips)); err == nil {
		p.ImagesAfterTip = n
	} else {
		p.Exceptions = append(p.Exceptions, "showing the tooltips: "+err.Error())
	}
	time.Sleep(300 * time.Millisecond) // let late console messages and requests arrive
	if p.Screenshot, err = chromedp.Run(ctx, chromedp.FullScreenshot(100)); err != nil {
		t.Logf("screenshot of %s: %v", file, err)
	}
	if o.PDF != "" {
		pdf, err := chromedp.Run(ctx, func(ctx context.Context, t *chromedp.Target) ([]byte, error) {
			r, err := cdp.Call(ctx, t, page.PrintToPDF, page.PrintToPDFParams{PreferCSSPageSize: ptr(true), PrintBackground: ptr(true)})
			if err != nil {
				return nil, err
			}
			return r.Data, nil
		})
		if err != nil {
			t.Errorf("print %s to PDF: %v", file, err)
		} else if err := os.WriteFile(o.PDF, pdf, 0o644); err != nil {
			t.Error(err)
		}
	}
	cancelTimeout()
	cancel()
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	return p
}

func ptr[T any](v T) *T { return &v }

// local reports whether a URL stays on this machine's file (file: and data: URLs).
func local(u string) bool {
	return strings.HasPrefix(u, "file://") || strings.HasPrefix(u, "data:") || u == "about:blank"
}

// Check asserts what every dashboard must satisfy: ECharts 5.6.0 loaded, every chart element
// has an ECharts instance with data, no console error, exception, dialog or request, the
// wanted strings appear as text, and nothing from the data became an element (no <img>, only
// the page's own three scripts). On failure it saves the screenshot and says where.
func (p *Page) Check(t testing.TB, wantText []string) {
	t.Helper()
	var problems []string
	add := func(format string, a ...any) { problems = append(problems, fmt.Sprintf(format, a...)) }
	if p.EChartsVersion != "5.6.0" {
		add("ECharts version is %q, want 5.6.0", p.EChartsVersion)
	}
	if len(p.Charts) == 0 {
		add("the page has no chart")
	}
	for _, c := range p.Charts {
		if !c.Instance {
			add("chart %s has no ECharts instance", c.ID)
		} else if c.Series == 0 || c.Points == 0 {
			add("chart %s has no data (series %d, points %d)", c.ID, c.Series, c.Points)
		}
	}
	for _, s := range p.Console {
		add("console error: %s", s)
	}
	for _, s := range p.Exceptions {
		add("page exception: %s", s)
	}
	for _, s := range p.Dialogs {
		add("a dialog opened: %s", s)
	}
	for _, s := range p.Requests {
		add("a request left the file: %s", s)
	}
	if p.Images != 0 || p.ImagesAfterTip != 0 {
		add("the page has <img> elements (%d, %d after the tooltips): data became markup", p.Images, p.ImagesAfterTip)
	}
	if p.Scripts != 3 {
		add("the page has %d <script> elements, want its own 3", p.Scripts)
	}
	for _, w := range wantText {
		if !strings.Contains(p.Text, w) {
			add("the text %q does not appear on the page", w)
		}
	}
	if len(problems) > 0 {
		path := p.SaveScreenshot(t, "failed")
		t.Errorf("%s:\n  %s\nscreenshot: %s", p.URL, strings.Join(problems, "\n  "), path)
	}
}

// SaveScreenshot writes the page's screenshot into the artifacts directory
// ($TIERLENS_TEST_ARTIFACTS, else tierlens-test-artifacts in the temporary directory, kept
// after the test) and returns its path.
func (p *Page) SaveScreenshot(t testing.TB, suffix string) string {
	t.Helper()
	dir := ArtifactsDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Logf("artifacts: %v", err)
		return ""
	}
	name := regexp.MustCompile(`[^A-Za-z0-9_.-]+`).ReplaceAllString(t.Name()+"-"+suffix, "_") + ".png"
	path := filepath.Join(dir, name)
	if len(p.Screenshot) == 0 {
		return "(no screenshot)"
	}
	if err := os.WriteFile(path, p.Screenshot, 0o644); err != nil {
		t.Logf("artifacts: %v", err)
		return ""
	}
	t.Logf("screenshot: %s", path)
	return path
}

// ArtifactsDir is where tests leave screenshots.
func ArtifactsDir() string {
	if d := os.Getenv("TIERLENS_TEST_ARTIFACTS"); d != "" {
		return d
	}
	return filepath.Join(os.TempDir(), "tierlens-test-artifacts")
}
