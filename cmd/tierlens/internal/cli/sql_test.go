package cli

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/tierlens/tierlens/etl/warehouse"
)

// The test binary doubles as tierlens when TIERLENS_TEST_MAIN is set: the terminal tests
// start it as the command under a pseudo-terminal (main.go is one line over Main), so the
// session is the real process (signals, the terminal's modes) without a separate go build.
func init() {
	if os.Getenv("TIERLENS_TEST_MAIN") == "1" {
		os.Exit(Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
}

// sqlScript runs tierlens sql in-process in dir with script on standard input (not a
// terminal, so no prompt and no line editor).
func sqlScript(t *testing.T, dir, script string, args ...string) cliRun {
	t.Helper()
	var out, errb bytes.Buffer
	env := &Env{
		In: strings.NewReader(script), Out: &out, Err: &errb,
		Now:    func() time.Time { return time.Date(2026, 11, 18, 10, 0, 0, 0, time.UTC) },
		Getenv: func(string) string { return "" },
	}
	full := append([]string{"--db", filepath.Join(dir, "tierlens.duckdb"), "sql"}, args...)
	code := Run(context.Background(), env, full)
	return cliRun{code, out.String(), errb.String()}
}

func TestSQLSplit(t *testing.T) {
	for _, c := range []struct {
		src   string
		stmts []sqlPiece
		rest  string
	}{
		{"SELECT 1;", []sqlPiece{{"SELECT 1", 1}}, ""},
		{"SELECT 1; SELECT 2;", []sqlPiece{{"SELECT 1", 1}, {" SELECT 2", 1}}, ""},
		{"SELECT 1;\n\n  SELECT\n2;  -- done; really", []sqlPiece{{"SELECT 1", 1}, {"\n\n  SELECT\n2", 3}}, ""},
		{"SELECT 'a;b', \"c;d\" AS \"x\"\"y;\";", []sqlPiece{{"SELECT 'a;b', \"c;d\" AS \"x\"\"y;\"", 1}}, ""},
		{"SELECT 'it''s; fine';", []sqlPiece{{"SELECT 'it''s; fine'", 1}}, ""},
		{"SELECT $$a;b$$, $t$c;$$;d$t$;", []sqlPiece{{"SELECT $$a;b$$, $t$c;$$;d$t$", 1}}, ""},
		{"SELECT * FROM t WHERE a = $start;", []sqlPiece{{"SELECT * FROM t WHERE a = $start", 1}}, ""},
		{"SELECT /* a; /* nested; */ b; */ 1;", []sqlPiece{{"SELECT /* a; /* nested; */ b; */ 1", 1}}, ""},
		{"SELECT 1 - -2 / 1;", []sqlPiece{{"SELECT 1 - -2 / 1", 1}}, ""},
		{";;  ;", nil, ""},
		{"SELECT 1; SELECT", []sqlPiece{{"SELECT 1", 1}}, " SELECT"},
		{"SELECT 'open;\nstill", nil, "SELECT 'open;\nstill"},
		{"/* open;", nil, "/* open;"},
		{"SELECT 1; -- a comment only", []sqlPiece{{"SELECT 1", 1}}, ""},
	} {
		stmts, rest, _ := splitStatements(c.src, 1)
		if !slices.Equal(stmts, c.stmts) || rest != c.rest {
			t.Errorf("%q: %+v rest %q, want %+v rest %q", c.src, stmts, rest, c.stmts, c.rest)
		}
	}
	if _, rest, line := splitStatements("SELECT 1;\nSELECT 2;\nSELECT\n", 10); rest != "\nSELECT\n" || line != 11 {
		t.Errorf("rest %q at line %d, want line 11", rest, line)
	}
	for src, want := range map[string]string{
		"SELECT 'multi' ||\ncount(*) AS r -- the count\nFROM tickets;": "SELECT 'multi' || count(*) AS r  FROM tickets;",
		"SELECT '--not a comment',\n  2;":                              "SELECT '--not a comment', 2;",
		"SELECT 'a  b';":                                               "SELECT 'a  b';",
	} {
		if got := oneLine(src); got != want {
			t.Errorf("oneLine(%q) = %q, want %q", src, got, want)
		}
	}
}

func TestSQLComplete(t *testing.T) {
	n := &sqlNames{
		relations: []sqlRelation{
			{name: "ticket_events", kind: "table", columns: []sqlColumn{{"ticket_key", "VARCHAR"}}},
			{name: "tickets", kind: "table", columns: []sqlColumn{{"ticket_key", "VARCHAR"}, {"tier", "VARCHAR"}}},
			{name: "ticket_paths", kind: "view"},
		},
		metrics: []string{"l0_deflection", "fcr", "fcr_contact"},
	}
	for _, c := range []struct {
		line       string
		pos        int
		head, tail string
		want       []string
	}{
		{"SELECT count(*) FROM tick", -1, "SELECT count(*) FROM ", "", []string{"tickets", "ticket_paths", "ticket_events"}},
		{"SELECT tick", -1, "SELECT ", "", []string{"tickets", "ticket_key", "ticket_paths", "ticket_events"}},
		{"SELECT TI FROM tickets", 9, "SELECT ", " FROM tickets", []string{"tier", "tickets", "ticket_key", "ticket_paths", "ticket_events"}},
		{"SELECT * FROM targets WHERE metric = 'fcr_c", -1, "SELECT * FROM targets WHERE metric = '", "", []string{"fcr_contact"}},
		{"SELECT 'l0_d", -1, "SELECT '", "", []string{"l0_deflection"}},
		{".ta", -1, ".", "", []string{"tables"}},
		{".schema tickets_", -1, ".schema ", "", nil},
		{".schema ticket_e", -1, ".schema ", "", []string{"ticket_events"}},
		{".format j", -1, ".format ", "", []string{"json", "jsonl"}},
		{".output tick", -1, ".output tick", "", nil},
		{"SELECT zzz", -1, "SELECT ", "", nil},
		{"SELECT 'Müller' AS n, tie FROM tickets", 25, "SELECT 'Müller' AS n, ", " FROM tickets", []string{"tier"}},
	} {
		pos := c.pos // in runes, as liner counts
		if pos < 0 {
			pos = len([]rune(c.line))
		}
		head, got, tail := n.complete(c.line, pos)
		if len(got) == 0 {
			got = nil
		}
		if !slices.Equal(got, c.want) || (got != nil && (head != c.head || tail != c.tail)) {
			t.Errorf("%q at %d: %q %q %q, want %q %q %q", c.line, pos, head, got, tail, c.head, c.want, c.tail)
		}
	}
}

// TestSQLPiped: statements and dot-commands on standard input run in turn, each result in
// the format of the moment, to stdout or the .output file; exit 0.
func TestSQLPiped(t *testing.T) {
	dir := metricsWarehouse(t)
	out := filepath.Join(t.TempDir(), "tiers.csv")
	pq := filepath.Join(t.TempDir(), "seven.parquet")
	script := `-- a script of statements
SELECT count(*) AS n FROM tickets; SELECT 'a;b' AS s;
SELECT tier, count(*) AS tickets
  FROM tickets
  GROUP BY ALL ORDER BY 1;
.format csv
SELECT 'x' AS c, 2 AS d;
SELECT 1 AS x,
.5 AS y;
.tables
.schema loads
.metrics
.output ` + out + `
SELECT tier FROM tickets ORDER BY 1;
.output ` + pq + `
.format parquet
SELECT 7 AS seven;
.output
SELECT 'back' AS t;
.format json
SELECT 1 AS one
`
	r := sqlScript(t, dir, script)
	if r.code != 0 {
		t.Fatalf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{
		"n\n-\n3\n", "s\n---\na;b\n", "tier  tickets\n----  -------\nL1          2\nL2          1\n",
		"c,d\nx,2\n",
		"x,y\n1,0.5\n", // a line of a statement that starts with '.' is SQL, not a dot-command
		"tickets,table,3\n", "ticket_events,table,8\n", "ticket_paths,view,\n",
		"column,type\nload_id,INTEGER\n",
		"fcr,ratio,", "l0_deflection,",
		"t\n----\nback\n",
		"[\n  {\n    \"one\": 1\n  }\n]\n",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "seven") || strings.Contains(r.stdout, "_meta") {
		t.Errorf("stdout has what went to files, or an internal table:\n%s", r.stdout)
	}
	// the derivation's plumbing views are not listed, only counted
	if strings.Contains(r.stdout, "ticket_facts_build") || strings.Contains(r.stdout, "scoped_tickets") || !strings.Contains(r.stderr, "views the derivation builds the tables with") {
		t.Errorf(".tables lists the derivation's views:\n%s\n%s", r.stdout, r.stderr)
	}
	if b, err := os.ReadFile(out); err != nil || string(b) != "tier\nL1\nL1\nL2\n" {
		t.Errorf(".output file: %q %v", b, err)
	}
	if b, err := os.ReadFile(pq); err != nil || !bytes.HasPrefix(b, []byte("PAR1")) {
		t.Errorf(".output parquet file: %v %.20q", err, b)
	}
	if !strings.Contains(r.stderr, "format back to table") {
		t.Errorf("stderr does not say the format went back to table: %s", r.stderr)
	}

	// The same statements from a file with -f; the --format flag sets the first format.
	f := filepath.Join(t.TempDir(), "q.sql")
	if err := os.WriteFile(f, []byte("SELECT 'x' AS c, 2 AS d;\nSELECT 3 AS e\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r = sqlScript(t, dir, "SELECT 'not this';", "-f", f, "--format", "markdown")
	if want := "| c | d |\n| --- | ---: |\n| x | 2 |\n| e |\n| ---: |\n| 3 |\n"; r.code != 0 || r.stdout != want {
		t.Errorf("-f: exit %d %q, want %q; %s", r.code, r.stdout, want, r.stderr)
	}
}

// TestSQLScriptErrors: the first error stops a script, names its line (the file's with -f)
// and sets the exit code: 2 for a refused statement, like query, 1 for an SQL error.
// --keep-going runs on and exits with the first error's code.
func TestSQLScriptErrors(t *testing.T) {
	dir := metricsWarehouse(t)
	copied := filepath.Join(t.TempDir(), "x.csv")
	refused := "SELECT 1 AS a;\n\nCOPY tickets TO '" + sqlQuote(copied) + "';\nSELECT 'after' AS b;\n"
	r := sqlScript(t, dir, refused)
	if r.code != 2 || r.stdout != "a\n-\n1\n" || !strings.Contains(r.stderr, "tierlens: line 3: query refused: COPY is not allowed") {
		t.Errorf("refused: exit %d stdout %q stderr %q", r.code, r.stdout, r.stderr)
	}
	if _, err := os.Stat(copied); err == nil {
		t.Errorf("COPY wrote %s", copied)
	}

	bad := "SELECT 1 AS a;\nSELECT\n  nope FROM tickets;\nSELECT 'after' AS b;\n"
	r = sqlScript(t, dir, bad)
	if r.code != 1 || strings.Contains(r.stdout, "after") || !strings.Contains(r.stderr, "tierlens: line 2: query: Binder Error") {
		t.Errorf("sql error: exit %d stdout %q stderr %q", r.code, r.stdout, r.stderr)
	}

	r = sqlScript(t, dir, refused+bad, "--keep-going")
	if r.code != 2 || strings.Count(r.stdout, "after") != 2 ||
		!strings.Contains(r.stderr, "tierlens: line 3: query refused") || !strings.Contains(r.stderr, "tierlens: line 6: query: Binder Error") ||
		!strings.Contains(r.stderr, "2 of the statements failed (line 3, line 6)") {
		t.Errorf("--keep-going: exit %d stdout %q stderr %q", r.code, r.stdout, r.stderr)
	}

	f := filepath.Join(t.TempDir(), "bad.sql")
	if err := os.WriteFile(f, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	r = sqlScript(t, dir, "", "-f", f)
	if r.code != 1 || !strings.Contains(r.stderr, "tierlens: "+f+":2: query: Binder Error") {
		t.Errorf("-f: exit %d stderr %q", r.code, r.stderr)
	}

	for script, want := range map[string]string{
		"SELECT 1;\n.frobnicate\n":   "line 2: unknown command .frobnicate: the shell knows .tables, .schema",
		".format parquet\n":          "line 1: .format parquet writes a file: give it with .output FILE first",
		".format yaml\n":             `line 1: .format "yaml": use table, csv, json, jsonl or markdown`,
		".output /no/such/dir/x\n":   "line 1: .output /no/such/dir/x: no directory /no/such/dir",
		".schema nothing_here\n":     "line 1: .schema nothing_here: no table or view of that name",
		"SELECT 1;\nSELECT 'open;\n": "line 2: the statement is not finished",
		"ATTACH 'x.duckdb' AS x;\n":  "line 1: query refused: ATTACH is not allowed",
	} {
		if r := sqlScript(t, dir, script); r.code != 2 || !strings.Contains(r.stderr, want) {
			t.Errorf("%q: exit %d stderr %q, want %q", script, r.code, r.stderr, want)
		}
	}
	if r := sqlScript(t, dir, "SELECT 1 AS a;\nSELECT 'open;\n", "--keep-going"); r.code != 2 || r.stdout != "a\n-\n1\n" ||
		!strings.Contains(r.stderr, "tierlens: line 2: the statement is not finished") || !strings.Contains(r.stderr, "1 of the statements failed (line 2)") {
		t.Errorf("--keep-going, unfinished: exit %d stdout %q stderr %q", r.code, r.stdout, r.stderr)
	}
	if r := sqlScript(t, dir, "\ufeffSELECT 1 AS a;\r\nSELECT 2 AS b\r\n"); r.code != 0 || r.stdout != "a\n-\n1\nb\n-\n2\n" {
		t.Errorf("BOM and CRLF: exit %d stdout %q stderr %q", r.code, r.stdout, r.stderr)
	}
	if r := sqlScript(t, dir, "SELECT 1;", "--format", "parquet"); r.code != 2 || !strings.Contains(r.stderr, "--format \"parquet\"") {
		t.Errorf("--format parquet: exit %d stderr %q", r.code, r.stderr)
	}
	if r := sqlScript(t, dir, "SELECT 1 AS a;\n.quit\nSELECT 2 AS b;\n"); r.code != 0 || r.stdout != "a\n-\n1\n" {
		t.Errorf(".quit: exit %d stdout %q", r.code, r.stdout)
	}
}

// ptySession is tierlens sql running under a pseudo-terminal, as a person would use it.
type ptySession struct {
	t    *testing.T
	cmd  *exec.Cmd
	tty  *os.File
	mu   sync.Mutex
	out  []byte
	seen int // what expect has consumed
	done chan struct{}
}

// startSQLTerminal starts the shell on the warehouse in dir with history file history.
func startSQLTerminal(t *testing.T, dir, history string) *ptySession {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "--db", filepath.Join(dir, "tierlens.duckdb"), "sql", "--history", history)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TIERLENS_TEST_MAIN=1", "TERM=xterm", "HOME="+dir, "XDG_STATE_HOME="+dir)
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 50, Cols: 200})
	if err != nil {
		t.Fatal(err)
	}
	s := &ptySession{t: t, cmd: cmd, tty: tty, done: make(chan struct{})}
	go func() {
		defer close(s.done)
		buf := make([]byte, 4096)
		for {
			n, err := tty.Read(buf)
			s.mu.Lock()
			s.out = append(s.out, buf[:n]...)
			s.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	t.Cleanup(func() {
		tty.Close()
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	s.expect(promptNew)
	return s
}

// waitTimeout is generous: the machine is slow and shared, and each statement opens DuckDB.
const waitTimeout = 90 * time.Second

// expectRe waits until the output not consumed yet matches re, consumes it up to the match
// and returns the match.
func (s *ptySession) expectRe(re *regexp.Regexp) string {
	s.t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for {
		s.mu.Lock()
		rest := s.out[s.seen:]
		loc := re.FindIndex(rest)
		if loc != nil {
			m := string(rest[loc[0]:loc[1]])
			s.seen += loc[1]
			s.mu.Unlock()
			return m
		}
		s.mu.Unlock()
		select {
		case <-s.done:
			s.mu.Lock()
			defer s.mu.Unlock()
			s.t.Fatalf("the shell ended before %s; its output:\n%q", re, s.out[s.seen:])
		default:
		}
		if time.Now().After(deadline) {
			s.mu.Lock()
			defer s.mu.Unlock()
			s.t.Fatalf("no %s within %s; the output since:\n%q", re, waitTimeout, s.out[s.seen:])
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// expect waits for the text what.
func (s *ptySession) expect(what string) {
	s.t.Helper()
	s.expectRe(regexp.MustCompile(regexp.QuoteMeta(what)))
}

// send types keys (\t is Tab, \r Enter, \x03 Ctrl-C, \x04 Ctrl-D, \x1b[A Up).
func (s *ptySession) send(keys string) {
	s.t.Helper()
	if _, err := s.tty.Write([]byte(keys)); err != nil {
		s.t.Fatal(err)
	}
}

// line types a line and Enter.
func (s *ptySession) line(text string) {
	s.t.Helper()
	s.send(text + "\r")
}

// exit leaves with Ctrl-D on an empty line and waits for the process to end with exit 0.
func (s *ptySession) exit() {
	s.t.Helper()
	s.send("\x04")
	errc := make(chan error, 1)
	go func() { errc <- s.cmd.Wait() }()
	select {
	case err := <-errc:
		if err != nil {
			s.t.Fatalf("the shell ended with %v", err)
		}
	case <-time.After(waitTimeout):
		s.t.Fatal("the shell did not end on Ctrl-D")
	}
}

// TestSQLTerminal drives a session through a pseudo-terminal: tab completion of a table and
// of a metric name, a statement over several lines, .format csv, .timer on, .tables, Ctrl-C
// at the prompt and during a long query, a refused statement; then a second session recalls
// the first one's statements from the history file with the Up arrow.
func TestSQLTerminal(t *testing.T) {
	if testing.Short() {
		t.Skip("starts tierlens under a pseudo-terminal")
	}
	dir := metricsWarehouse(t)
	history := filepath.Join(t.TempDir(), "state", "sql_history")
	s := startSQLTerminal(t, dir, history)

	// Tab completes the word under the cursor: a table after FROM (without completion "tick"
	// is no table and the statement fails), a metric name inside a string.
	s.line("SELECT 'ok' || count(*) AS r FROM tick\t;")
	s.expect("ok3")
	s.line("SELECT upper('l0_defl\t') AS m;")
	s.expect("L0_DEFLECTION")

	// A statement over several lines: the prompt says it goes on, the result comes at ';'.
	s.line("SELECT 'multi' ||")
	s.expect(promptMore)
	s.line("  count(*) AS r -- a comment")
	s.expect(promptMore)
	s.line("FROM tickets;")
	s.expect("multi3")

	s.line(".format csv")
	s.line("SELECT 'a' || 1 AS x, 2 AS y;")
	s.expect("a1,2")
	s.line(".format table")
	s.line(".timer on")
	s.line("SELECT 'timed' || 1 AS x;")
	s.expect("timed1")
	s.expectRe(regexp.MustCompile(`time: \d+\.\d{3}s`))
	s.line(".timer off")
	s.line(".tables")
	s.expectRe(regexp.MustCompile(`tickets +table +3\b`))

	// Ctrl-C at the prompt drops the unfinished statement: the next one runs alone.
	s.line("SELECT 'dropped'")
	s.expect(promptMore)
	s.send("\x03")
	s.expect(promptNew)
	s.line("SELECT 'cc' || 1 AS r;")
	s.expect("cc1")

	// Ctrl-C during a long query cancels it, not the shell.
	s.line("SELECT sum(a.range * b.range) AS never FROM range(1000000) a, range(1000000) b;")
	time.Sleep(2 * time.Second) // let it start
	sent := time.Now()
	s.send("\x03")
	s.expect("cancelled")
	if d := time.Since(sent); d > 30*time.Second {
		t.Errorf("Ctrl-C took %s to cancel the query", d)
	}
	s.line("SELECT 'after' || 1 AS r;")
	s.expect("after1")

	// A refused statement says so and the shell goes on.
	copied := filepath.Join(t.TempDir(), "x.csv")
	s.line("COPY tickets TO '" + sqlQuote(copied) + "';")
	s.expect("COPY is not allowed")
	s.line("SELECT 'still' || 1 AS r;")
	s.expect("still1")
	if _, err := os.Stat(copied); err == nil {
		t.Errorf("COPY wrote %s", copied)
	}

	// At the prompt the shell holds nothing: a load (a writer) opens at once, without waiting.
	s.expect(promptNew)
	wh, err := warehouse.Open(context.Background(), filepath.Join(dir, "tierlens.duckdb"), warehouse.Options{LockTimeout: 0})
	if err != nil {
		t.Fatalf("a writer cannot open the warehouse while the shell waits at its prompt: %v", err)
	}
	wh.Close()

	s.line("SELECT 'hist' || (40 + 2) AS h;")
	s.expect("hist42")
	s.exit()

	b, err := os.ReadFile(history)
	if err != nil {
		t.Fatalf("history file: %v", err)
	}
	if st, err := os.Stat(history); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("history file: %v, want mode 0600 (%v)", st, err)
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	for _, want := range []string{"SELECT 'multi' || count(*) AS r  FROM tickets;", ".format csv", "SELECT 'hist' || (40 + 2) AS h;"} {
		if !slices.Contains(lines, want) {
			t.Errorf("history lacks the entry %q:\n%s", want, b)
		}
	}
	if slices.Contains(lines, "SELECT 'dropped'") {
		t.Errorf("history has the statement Ctrl-C dropped:\n%s", b)
	}

	// A second session: Up recalls the last statement of the first, Up Up the one before
	// (running it again adds no entry: liner skips a repeat of the last one).
	s = startSQLTerminal(t, dir, history)
	s.send("\x1b[A\r")
	s.expect("hist42")
	s.send("\x1b[A\x1b[A\r")
	s.expect("still1")
	s.exit()
}

// TestSQLTerminalRedirected: typed on a terminal with stdout redirected to a file, the
// statements run as a script: the file gets the results, never a prompt or the editor's drawing.
func TestSQLTerminalRedirected(t *testing.T) {
	if testing.Short() {
		t.Skip("starts tierlens under a pseudo-terminal")
	}
	dir := metricsWarehouse(t)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	out, err := os.Create(filepath.Join(t.TempDir(), "out.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	cmd := exec.Command(exe, "--db", filepath.Join(dir, "tierlens.duckdb"), "sql", "--history", "")
	cmd.Env = append(os.Environ(), "TIERLENS_TEST_MAIN=1", "TERM=xterm")
	cmd.Stdout = out // pty.Start leaves a set stream alone
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 50, Cols: 200})
	if err != nil {
		t.Fatal(err)
	}
	defer tty.Close()
	go func() { _, _ = io.Copy(io.Discard, tty) }()
	if _, err := tty.Write([]byte("SELECT 'to' || 'file' AS r;\n\x04")); err != nil {
		t.Fatal(err)
	}
	errc := make(chan error, 1)
	go func() { errc <- cmd.Wait() }()
	select {
	case err := <-errc:
		if err != nil {
			t.Fatalf("exit: %v", err)
		}
	case <-time.After(waitTimeout):
		cmd.Process.Kill()
		t.Fatal("the shell did not end at the end of its input")
	}
	b, err := os.ReadFile(out.Name())
	if err != nil || string(b) != "r\n------\ntofile\n" {
		t.Errorf("stdout file: %q %v", b, err)
	}
}
