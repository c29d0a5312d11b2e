package browsertest

import (
	"os"
	"path/filepath"
	"testing"
)

// The harness itself must see what it is there to catch: a dialog, a request leaving the file,
// a console error, an exception, an injected element.
func TestOpenSeesTrouble(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	Chromium(t)
	page := `<!DOCTYPE html><html><body><p>hello</p>
<img src=x onerror="alert('injected')">
<script src="http://tierlens.invalid/lib.js"></script>
<script>console.error("broken"); document.documentElement.setAttribute("data-charts", "0"); throw new Error("boom");</script>
</body></html>`
	path := filepath.Join(t.TempDir(), "bad.html")
	if err := os.WriteFile(path, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	p := Open(t, path, Options{})
	if len(p.Dialogs) == 0 {
		t.Error("the alert was not seen")
	}
	if len(p.Requests) == 0 {
		t.Error("the request to another host was not seen")
	}
	if len(p.Console) == 0 {
		t.Error("the console error was not seen")
	}
	if len(p.Exceptions) == 0 {
		t.Error("the exception was not seen")
	}
	if p.Images != 1 {
		t.Errorf("images = %d, want 1", p.Images)
	}
	if p.Text != "hello" {
		t.Errorf("text = %q", p.Text)
	}
	t.Logf("dialogs %q\nrequests %q\nconsole %q\nexceptions %q", p.Dialogs, p.Requests, p.Console, p.Exceptions)
}
