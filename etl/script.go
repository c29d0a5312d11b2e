package etl

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strings"
)

// execer is a *sql.Conn or *sql.Tx.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

var paramRef = regexp.MustCompile(`\$([A-Za-z_][A-Za-z0-9_]*)`)

// execScript runs the statements of a SQL file one by one, giving each only the named
// parameters it uses (the driver binds parameters per statement).
func execScript(ctx context.Context, db execer, script string, args ...any) error {
	for _, stmt := range splitStatements(script) {
		if _, err := db.ExecContext(ctx, stmt, usedArgs(stmt, args)...); err != nil {
			return fmt.Errorf("%w\n  in: %s", err, firstLine(stmt))
		}
	}
	return nil
}

// usedArgs keeps the named parameters a statement uses, each once (the driver binds exactly
// those and refuses others).
func usedArgs(stmt string, args []any) []any {
	named := map[string]sql.NamedArg{}
	for _, a := range args {
		if n, ok := a.(sql.NamedArg); ok {
			named[n.Name] = n
		}
	}
	var use []any
	seen := map[string]bool{}
	for _, m := range paramRef.FindAllStringSubmatch(stripLiterals(stmt), -1) {
		if a, ok := named[m[1]]; ok && !seen[m[1]] {
			use = append(use, a)
			seen[m[1]] = true
		}
	}
	return use
}

func firstLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimSpace(l)
		if l != "" && !strings.HasPrefix(l, "--") {
			if len(l) > 80 {
				l = l[:80] + "…"
			}
			return l
		}
	}
	return ""
}

// splitStatements cuts a script at semicolons outside quotes and comments; statements that
// are only comments are dropped.
func splitStatements(script string) []string {
	var out []string
	var b strings.Builder
	inStr, inIdent, inLine, inBlock := false, false, false, false
	flush := func() {
		s := strings.TrimSpace(b.String())
		if strings.TrimSpace(stripComments(s)) != "" {
			out = append(out, s)
		}
		b.Reset()
	}
	for i := 0; i < len(script); i++ {
		c := script[i]
		next := byte(0)
		if i+1 < len(script) {
			next = script[i+1]
		}
		switch {
		case inLine:
			if c == '\n' {
				inLine = false
			}
		case inBlock:
			if c == '*' && next == '/' {
				inBlock = false
				b.WriteByte(c)
				i++
				c = next
			}
		case inStr:
			if c == '\'' {
				inStr = false
			}
		case inIdent:
			if c == '"' {
				inIdent = false
			}
		case c == '-' && next == '-':
			inLine = true
		case c == '/' && next == '*':
			inBlock = true
		case c == '\'':
			inStr = true
		case c == '"':
			inIdent = true
		case c == ';':
			flush()
			continue
		}
		b.WriteByte(c)
	}
	flush()
	return out
}

// stripComments removes -- comments (enough to tell an empty statement).
func stripComments(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if i := strings.Index(l, "--"); i >= 0 {
			l = l[:i]
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// stripLiterals blanks string literals and comments so a "$x" inside them is not a parameter.
func stripLiterals(s string) string {
	s = stripComments(s)
	var b strings.Builder
	in := false
	for i := 0; i < len(s); i++ {
		if s[i] == '\'' {
			in = !in
		}
		if !in {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}
