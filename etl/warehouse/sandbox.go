package warehouse

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// sandboxSettings close a read-only connection to everything outside the warehouse file:
// no file, URL or extension reads and writes (read_text, read_csv, glob, COPY, ATTACH,
// INSTALL, LOAD all fail with a Permission Error), except the temp_directory, which DuckDB
// keeps in allowed_directories so a large sort still spills. The lock comes last: it makes
// every SET fail from then on, so user SQL cannot turn external access back on. SET VARIABLE
// (the metrics' filters) and TEMP macros (dashboard, pack) are not configuration and still
// work. The configuration is per database, so one open warehouse file is sandboxed as a whole.
var sandboxSettings = []string{
	"SET GLOBAL enable_external_access = false",
	"SET GLOBAL lock_configuration = true",
}

// ErrRefused means user SQL was refused before it ran: it is not a single read-only query.
var ErrRefused = errors.New("refused")

// Allowed says, in a sentence, what user SQL may be; refusals end with it.
const Allowed = "tierlens runs one read-only query per call: SELECT (also WITH … SELECT, FROM …, " +
	"VALUES, DESCRIBE, SHOW, SUMMARIZE, PIVOT … in a SELECT) or EXPLAIN of one; nothing that attaches, " +
	"installs, loads, copies, exports, imports, sets, creates, changes or deletes. " +
	"Files are written by tierlens (--format, and -o or a redirect), not by SQL"

// CheckQuery refuses q, before anything of it runs, unless it is exactly one SELECT (or
// EXPLAIN [ANALYZE] of one). DuckDB's own parser decides: json_serialize_sql serializes only
// SELECT statements and lists every statement of the text, so a second statement hidden
// after a ';' or a statement of another kind is seen without running any of it. The driver's
// statement type is then checked too (prepared alone it runs nothing). The sandbox of a
// read-only open is the second line: it refuses what a SELECT could still reach (read_csv of
// an outside file). The error wraps ErrRefused for a refusal, or is DuckDB's syntax error.
func (w *Warehouse) CheckQuery(ctx context.Context, q string) error {
	body, explain := cutExplain(q)
	n, err := w.selectStatements(ctx, body)
	if err != nil {
		return err
	}
	switch {
	case n == 0 && !explain:
		return fmt.Errorf("%w: the query is empty. %s", ErrRefused, Allowed)
	case n == 0:
		return fmt.Errorf("%w: EXPLAIN of nothing. %s", ErrRefused, Allowed)
	case n > 1:
		return fmt.Errorf("%w: %d statements in one call. %s", ErrRefused, n, Allowed)
	}
	want := duckdb.STATEMENT_TYPE_SELECT
	if explain {
		want = duckdb.STATEMENT_TYPE_EXPLAIN
	}
	conn, err := w.DB.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	var got duckdb.StmtType
	err = conn.Raw(func(dc any) error {
		c, ok := dc.(*duckdb.Conn)
		if !ok {
			return fmt.Errorf("check query: unexpected driver connection %T", dc)
		}
		st, err := c.PrepareContext(ctx, q)
		if err != nil {
			return err
		}
		defer st.Close()
		got, err = st.(*duckdb.Stmt).StatementType()
		return err
	})
	if err != nil {
		return err // DuckDB's binder: a Permission Error of the sandbox, a missing table, …
	}
	if got != want {
		return fmt.Errorf("%w: not a query (DuckDB statement type %d). %s", ErrRefused, got, Allowed)
	}
	return nil
}

// selectStatements is how many statements q holds, all of them SELECTs, or a refusal
// naming the first word of q when DuckDB's parser found a statement of another kind.
func (w *Warehouse) selectStatements(ctx context.Context, q string) (int, error) {
	var js string
	if err := w.DB.QueryRowContext(ctx, "SELECT json_serialize_sql(?::VARCHAR)::VARCHAR", q).Scan(&js); err != nil {
		return 0, fmt.Errorf("check query: %w", err)
	}
	var r struct {
		Error        bool              `json:"error"`
		ErrorType    string            `json:"error_type"`
		ErrorMessage string            `json:"error_message"`
		Statements   []json.RawMessage `json:"statements"`
	}
	if err := json.Unmarshal([]byte(js), &r); err != nil {
		return 0, fmt.Errorf("check query: %w", err)
	}
	switch {
	case !r.Error:
		return len(r.Statements), nil
	case r.ErrorType == "parser":
		return 0, fmt.Errorf("Parser Error: %s", r.ErrorMessage)
	case strings.Contains(r.ErrorMessage, "Only SELECT"):
		word := strings.ToUpper(firstWord(q))
		if word == "" || word == "SELECT" || word == "WITH" || word == "FROM" {
			return 0, fmt.Errorf("%w: a statement that is not a query (after a ';'?). %s", ErrRefused, Allowed)
		}
		return 0, fmt.Errorf("%w: %s is not allowed. %s", ErrRefused, word, Allowed)
	}
	return 0, fmt.Errorf("%w: %s. %s", ErrRefused, r.ErrorMessage, Allowed)
}

// cutExplain is q without a leading EXPLAIN [ANALYZE], and whether it had one. What follows
// must then be one SELECT on its own; a text it cuts wrongly is refused, never run.
func cutExplain(q string) (string, bool) {
	rest := skipSpace(q)
	if !strings.EqualFold(firstWord(rest), "EXPLAIN") {
		return q, false
	}
	rest = skipSpace(rest[len("EXPLAIN"):])
	if w := firstWord(rest); strings.EqualFold(w, "ANALYZE") || strings.EqualFold(w, "ANALYSE") {
		rest = skipSpace(rest[len(w):])
	}
	return rest, true
}

// skipSpace drops leading white space and SQL comments (-- to the end of the line, /* */).
func skipSpace(s string) string {
	for {
		t := strings.TrimLeft(s, " \t\r\n\f\v")
		switch {
		case strings.HasPrefix(t, "--"):
			i := strings.IndexByte(t, '\n')
			if i < 0 {
				return ""
			}
			s = t[i+1:]
		case strings.HasPrefix(t, "/*"):
			i := strings.Index(t[2:], "*/")
			if i < 0 {
				return ""
			}
			s = t[i+4:]
		default:
			return t
		}
	}
}

// firstWord is the leading run of letters of s after space and comments.
func firstWord(s string) string {
	s = skipSpace(s)
	i := 0
	for i < len(s) && (s[i] >= 'a' && s[i] <= 'z' || s[i] >= 'A' && s[i] <= 'Z') {
		i++
	}
	return s[:i]
}
