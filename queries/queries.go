// Package queries embeds every SQL file of tierlens: the warehouse schema, the load
// transformations, the views, the KPI metric definitions and the example analyst queries.
// It only embeds; parsing and running belong to the packages that use them.
package queries

import (
	"embed"
	"io/fs"
)

//go:embed schema/*.sql etl/*.sql views/*.sql metrics/*.sql examples/*.sql
var files embed.FS

// FS is the tree of SQL files (schema/, etl/, views/, metrics/, examples/).
func FS() fs.FS { return files }

// Read returns one file by its path in FS, e.g. "etl/merge.sql".
func Read(path string) (string, error) {
	b, err := fs.ReadFile(files, path)
	return string(b), err
}

// MustRead is Read for files the binary cannot work without; a missing one is a build defect.
func MustRead(path string) string {
	s, err := Read(path)
	if err != nil {
		panic("queries: " + err.Error())
	}
	return s
}
