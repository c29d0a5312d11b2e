package sample

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
)

// outFile is an export being written under a temporary name in its final
// directory, so a rename publishes it whole.
type outFile struct {
	path string // final path
	f    *os.File
	w    *bufio.Writer
	done bool
}

func createOut(dir, name string) (*outFile, error) {
	path := filepath.Join(dir, name)
	f, err := os.CreateTemp(dir, "."+name+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	return &outFile{path: path, f: f, w: bufio.NewWriterSize(f, 1<<18)}, nil
}

// Write implements io.Writer for the encoders that want one.
func (o *outFile) Write(p []byte) (int, error) {
	n, err := o.w.Write(p)
	if err != nil {
		return n, fmt.Errorf("write %s: %w", o.path, err)
	}
	return n, nil
}

// commit flushes, closes and renames the file to its final name.
func (o *outFile) commit() error {
	if err := o.w.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", o.path, err)
	}
	if err := o.f.Chmod(0o644); err != nil {
		return fmt.Errorf("write %s: %w", o.path, err)
	}
	if err := o.f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", o.path, err)
	}
	if err := os.Rename(o.f.Name(), o.path); err != nil {
		return fmt.Errorf("write %s: %w", o.path, err)
	}
	o.done = true
	return nil
}

// abort drops the temporary file unless the file was committed.
func (o *outFile) abort() {
	if o.done {
		return
	}
	o.done = true
	o.f.Close()
	os.Remove(o.f.Name())
}
