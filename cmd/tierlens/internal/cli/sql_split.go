package cli

import "strings"

// sqlPiece is one complete statement of the shell's input, without its ';', and the input
// line its first word is on (for the error of a script).
type sqlPiece struct {
	text string
	line int
}

// lexKind is what a run of SQL text is, as far as the shell needs to know.
type lexKind int

const (
	lexSpace   lexKind = iota // white space
	lexCode                   // anything a statement is made of, strings included
	lexComment                // a -- comment (without its newline) or a /* */ comment
	lexEnd                    // a ';' that ends a statement
)

// lexSQL walks src and calls visit for each run of one kind, in order: strings ('…', "…",
// $tag$…$tag$) are code, ';' inside them or inside comments (-- to the end of the line, /* */
// nested as DuckDB's parser nests them) ends nothing. It returns whether src ends inside a
// string or a /* comment. The shell only splits; what a statement may be is CheckQuery's to
// decide.
func lexSQL(src string, visit func(start, end int, kind lexKind)) (open bool) {
	i := 0
	for i < len(src) {
		start := i
		c := src[i]
		switch {
		case strings.HasPrefix(src[i:], "--"):
			if j := strings.IndexByte(src[i:], '\n'); j >= 0 {
				i += j
			} else {
				i = len(src)
			}
			visit(start, i, lexComment)
		case strings.HasPrefix(src[i:], "/*"):
			depth := 0
			for i < len(src) && (depth > 0 || i == start) {
				switch {
				case strings.HasPrefix(src[i:], "/*"):
					depth++
					i += 2
				case strings.HasPrefix(src[i:], "*/"):
					depth--
					i += 2
				default:
					i++
				}
			}
			visit(start, i, lexComment)
			if depth > 0 {
				return true
			}
		case c == '\'' || c == '"':
			i++
			for {
				j := strings.IndexByte(src[i:], c)
				if j < 0 {
					visit(start, len(src), lexCode)
					return true
				}
				i += j + 1
				// '' and "" inside a string are an escaped quote, not its end.
				if i < len(src) && src[i] == c {
					i++
					continue
				}
				break
			}
			visit(start, i, lexCode)
		case c == '$':
			tag, ok := dollarTag(src[i:])
			if !ok {
				i++
				visit(start, i, lexCode)
				break
			}
			j := strings.Index(src[i+len(tag):], tag)
			if j < 0 {
				visit(start, len(src), lexCode)
				return true
			}
			i += len(tag) + j + len(tag)
			visit(start, i, lexCode)
		case c == ';':
			i++
			visit(start, i, lexEnd)
		case isSpace(c):
			for i < len(src) && isSpace(src[i]) {
				i++
			}
			visit(start, i, lexSpace)
		default:
			for i < len(src) && !isSpace(src[i]) && !strings.ContainsRune(";'\"$-/", rune(src[i])) {
				i++
			}
			if i == start { // a lone - or /
				i++
			}
			visit(start, i, lexCode)
		}
	}
	return false
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'
}

// splitStatements cuts src, whose first line is line firstLine of the input, at every ';'
// that ends a statement. Statements of only space and comments (";;") are dropped. rest is
// what follows the last ';' when it holds more than space and comments (a statement still
// being typed, or an open string or comment), else "", and restLine the input line rest
// starts on.
func splitStatements(src string, firstLine int) (stmts []sqlPiece, rest string, restLine int) {
	start, first := 0, -1 // the current statement's start and its first code, -1 while none
	open := lexSQL(src, func(s, e int, kind lexKind) {
		switch kind {
		case lexCode:
			if first < 0 {
				first = s
			}
		case lexEnd:
			if first >= 0 {
				stmts = append(stmts, sqlPiece{text: src[start:s], line: firstLine + strings.Count(src[:first], "\n")})
			}
			start, first = e, -1
		}
	})
	if first >= 0 || open {
		rest = src[start:]
	}
	return stmts, rest, firstLine + strings.Count(src[:start], "\n")
}

// oneLine is a statement of several lines as one line, for the history (an entry is a line):
// line breaks become spaces and -- comments go, since they would swallow what follows.
func oneLine(src string) string {
	var b strings.Builder
	lexSQL(src, func(s, e int, kind lexKind) {
		switch {
		case kind == lexComment && strings.HasPrefix(src[s:], "--"):
		case kind == lexSpace && strings.Contains(src[s:e], "\n"):
			b.WriteByte(' ')
		default:
			b.WriteString(src[s:e])
		}
	})
	return strings.TrimSpace(b.String())
}

// dollarTag is the $tag$ (or $$) that opens a dollar-quoted string at the start of s; a
// parameter such as $start or $1 opens none.
func dollarTag(s string) (string, bool) {
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '$':
			return s[:i+1], true
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 1 && c >= '0' && c <= '9':
		default:
			return "", false
		}
	}
	return "", false
}
