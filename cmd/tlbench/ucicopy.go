package main

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// copyLog writes copies of an event log one after another, each with its own incident
// numbers, and returns the records written: the real UCI log's shape (its mix of groups,
// states, reopenings and times) at the volume of a large help desk. Copy k tags every number
// with k after its prefix (INC0000045 → INC050000045 in copy 5 of 40): the tag has a fixed
// width, so distinct numbers stay distinct within a copy and never meet another copy's.
// Everything else, times included, is the original's.
func copyLog(src, dst string, copies int) (int64, error) {
	if copies < 1 {
		return 0, fmt.Errorf("copy %s: %d copies; give 1 or more", src, copies)
	}
	l, err := openLog(src)
	if err != nil {
		return 0, err
	}
	defer l.Close()
	// The log is small (the UCI one is 46 MB): read it once, write it copies times.
	type record struct {
		prefix, digits string
		fields         []string
	}
	var recs []record
	col := l.cols.number
	for {
		rec, line, err := l.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return 0, err
		}
		prefix, digits, ok := splitNumber(strings.TrimSpace(rec[col]))
		if !ok {
			return 0, fmt.Errorf("%s: line %d: number: %q does not end in digits (each copy tags the digits)", src, line, rec[col])
		}
		recs = append(recs, record{prefix, digits, slices.Clone(rec)})
	}
	w, err := createCSV(dst)
	if err != nil {
		return 0, err
	}
	defer w.abort()
	if err := w.Write(l.header); err != nil {
		return 0, err
	}
	width := len(strconv.Itoa(copies - 1))
	var n int64
	for k := range copies {
		tag := fmt.Sprintf("%0*d", width, k)
		for _, r := range recs {
			r.fields[col] = r.prefix + tag + r.digits
			if err := w.Write(r.fields); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, w.commit()
}
