// Package atomicfile writes files whole or not at all: through a temporary
// file in the same folder, renamed over the file once complete, so that
// neither a reader nor an interrupted run ever sees half a document.
package atomicfile

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// WriteFile writes the file name with what write writes, creating its
// folder if needed. The file is readable by all (0644), as os.Create would
// leave it. When write or the file system fails, name is left as it was and
// the temporary file is removed; the error names the file: "writing NAME:
// ...", or "creating FOLDER: ..." when the folder cannot be made.
func WriteFile(name string, write func(io.Writer) error) error {
	dir := filepath.Dir(name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", dir, err)
	}
	if err := replace(name, write); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	return nil
}

// replace writes a temporary file beside name and renames it over name.
func replace(name string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), ".hdsctl-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}
