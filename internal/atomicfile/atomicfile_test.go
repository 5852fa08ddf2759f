package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteFileCreatesTheFolderAndTheFile(t *testing.T) {
	name := filepath.Join(t.TempDir(), "out", "report.html")
	err := WriteFile(name, func(w io.Writer) error {
		_, err := io.WriteString(w, "<p>Résumé</p>")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(name)
	if err != nil || string(data) != "<p>Résumé</p>" {
		t.Errorf("read back %q, %v; want the text written", data, err)
	}
	if st, err := os.Stat(name); err != nil || st.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, %v; want 0644", st.Mode().Perm(), err)
	}
}

func TestWriteFileLeavesTheOldFileWhenWriteFails(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "results.json")
	if err := os.WriteFile(name, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	failure := errors.New("encoding failed")
	err := WriteFile(name, func(w io.Writer) error {
		io.WriteString(w, "half")
		return failure
	})
	if !errors.Is(err, failure) || !strings.HasPrefix(err.Error(), "writing "+name+": ") {
		t.Errorf("error %v; want %q wrapped, naming the file", err, failure)
	}
	if data, _ := os.ReadFile(name); string(data) != "old" {
		t.Errorf("file holds %q after a failed write, want the old content", data)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%d entries in the folder, want the file alone (no temporary file left)", len(entries))
	}
}
