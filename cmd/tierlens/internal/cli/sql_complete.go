package cli

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"strings"
	"unicode"
)

// relationsSQL lists the tables and views a user reads: the main schema of the warehouse,
// without DuckDB's internal ones and tierlens's own bookkeeping (names starting with _).
const relationsSQL = `
SELECT table_name AS name, 'table' AS kind FROM duckdb_tables()
WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal AND NOT starts_with(table_name, '_')
UNION ALL
SELECT view_name, 'view' FROM duckdb_views()
WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal AND NOT starts_with(view_name, '_')
ORDER BY name`

// columnsSQL lists the columns of those tables and views, in their order.
const columnsSQL = `
SELECT table_name, column_name, data_type FROM duckdb_columns()
WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal AND NOT starts_with(table_name, '_')
ORDER BY table_name, column_index`

// sqlNames is what the shell completes and describes, read once when it starts: the
// warehouse's tables and views with their columns, and the metric catalog's names.
type sqlNames struct {
	relations []sqlRelation
	metrics   []string
}

// sqlRelation is one table or view and its columns.
type sqlRelation struct {
	name, kind string
	columns    []sqlColumn
}

type sqlColumn struct{ name, typ string }

// readNames reads the tables, views and columns of the warehouse behind db.
func readNames(ctx context.Context, db *sql.DB) (*sqlNames, error) {
	n := &sqlNames{}
	rows, err := db.QueryContext(ctx, relationsSQL)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var r sqlRelation
		if err := rows.Scan(&r.name, &r.kind); err != nil {
			rows.Close()
			return nil, err
		}
		n.relations = append(n.relations, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = db.QueryContext(ctx, columnsSQL)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var table string
		var c sqlColumn
		if err := rows.Scan(&table, &c.name, &c.typ); err != nil {
			return nil, err
		}
		if r := n.relation(table); r != nil {
			r.columns = append(r.columns, c)
		}
	}
	return n, rows.Err()
}

// relation is the table or view called name (case-insensitive, as SQL), or nil.
func (n *sqlNames) relation(name string) *sqlRelation {
	for i := range n.relations {
		if strings.EqualFold(n.relations[i].name, name) {
			return &n.relations[i]
		}
	}
	return nil
}

// dotCommands are the shell's own commands, for .help, completion and the message of an
// unknown one.
var dotCommands = []struct{ name, args, help string }{
	{".tables", "", "the tables (with their row counts) and views"},
	{".schema", "NAME", "the columns and types of a table or view"},
	{".metrics", "", "the metric catalog: name, unit, title"},
	{".format", "FORMAT", "the format of results: table, csv, json, jsonl, markdown (parquet, xlsx with .output FILE)"},
	{".output", "[FILE]", "write each result to FILE (replacing it), or back to the terminal without FILE"},
	{".timer", "on|off", "print the time each statement took"},
	{".help", "", "this list"},
	{".quit", "", "leave the shell (also .exit, or Ctrl-D on an empty line)"},
	{".exit", "", ""},
}

// complete is the line editor's word completer: it completes the word under the cursor
// (letters, digits, _) with a dot-command at the start of a line, a dot-command's argument,
// or a table, view, column or metric name. After FROM or JOIN only tables and views are
// offered. Candidates come shortest first, so the first Tab of "tick" gives tickets, not
// ticket_events; more Tabs cycle through the others.
//
// pos counts runes, as liner gives it.
func (n *sqlNames) complete(line string, pos int) (head string, completions []string, tail string) {
	if r := []rune(line); pos < len(r) {
		pos = len(string(r[:max(pos, 0)]))
	} else {
		pos = len(line)
	}
	start := pos
	for start > 0 && isWordByte(line[start-1]) {
		start--
	}
	head, word, tail := line[:start], line[start:pos], line[pos:]
	before := strings.TrimSpace(head)

	var cands []string
	switch {
	case before == ".":
		for _, d := range dotCommands {
			cands = append(cands, d.name[1:])
		}
	case strings.HasPrefix(before, ".") && !strings.ContainsAny(before, " \t"):
		// The argument of a dot-command.
		switch strings.ToLower(before) {
		case ".schema":
			for _, r := range n.relations {
				cands = append(cands, r.name)
			}
		case ".format":
			cands = []string{"table", "csv", "json", "jsonl", "markdown", "parquet", "xlsx"}
		case ".timer":
			cands = []string{"on", "off"}
		}
	case strings.HasPrefix(strings.TrimLeft(line, " \t"), "."):
		return line, nil, "" // a dot-command's file name, or a second argument
	default:
		relationsOnly := false
		if f := strings.Fields(before); len(f) > 0 {
			last := strings.ToUpper(f[len(f)-1])
			relationsOnly = last == "FROM" || last == "JOIN"
		}
		for _, r := range n.relations {
			cands = append(cands, r.name)
		}
		if !relationsOnly {
			for _, r := range n.relations {
				for _, c := range r.columns {
					cands = append(cands, c.name)
				}
			}
			cands = append(cands, n.metrics...)
		}
	}
	lower := strings.ToLower(word)
	var out []string
	for _, c := range cands {
		if strings.HasPrefix(strings.ToLower(c), lower) && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b string) int {
		return cmp.Or(cmp.Compare(len(a), len(b)), cmp.Compare(a, b))
	})
	return head, out, tail
}

func isWordByte(c byte) bool {
	return c == '_' || c < 0x80 && (unicode.IsLetter(rune(c)) || unicode.IsDigit(rune(c)))
}
