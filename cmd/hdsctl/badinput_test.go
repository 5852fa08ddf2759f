package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBadInputs feeds hdsctl the corpus of broken inputs in
// testdata/badinputs. Each must exit with code 2 and a message naming the
// file, the place and the fix. Commands that would call AWS are pointed at an
// endpoint that counts requests, to prove none is made.
func TestBadInputs(t *testing.T) {
	corpus := filepath.Join("testdata", "badinputs")
	tmp := t.TempDir()

	// A file of 100 MB must be refused without being read whole.
	huge := filepath.Join(tmp, "huge")
	if err := os.MkdirAll(huge, 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(filepath.Join(huge, "framework.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(100 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()

	// Symbolic links that point at each other.
	loop := filepath.Join(tmp, "symlink-loop")
	if err := os.CopyFS(loop, os.DirFS(filepath.Join(corpus, "symlink-loop"))); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(loop, "sets"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("b.yaml", filepath.Join(loop, "sets", "a.yaml")); err != nil {
		t.Skipf("cannot create symbolic links here: %v", err)
	}
	if err := os.Symlink("a.yaml", filepath.Join(loop, "sets", "b.yaml")); err != nil {
		t.Fatal(err)
	}

	in := func(name string) string { return filepath.Join(corpus, name) }
	tests := []struct {
		name string
		args []string
		want []string // each must appear on stderr
	}{
		{"malformed YAML", []string{"validate", in("malformed-yaml")},
			[]string{"malformed-yaml/framework.yaml:7:", "invalid YAML", "indent with spaces"}},
		{"wrong types", []string{"validate", in("wrong-types")},
			[]string{"wrong-types/sets/a.yaml:12:14: error: sources must be a list, found a text", "wrong-types/sets/a.yaml:13:34: error: an activity must be a whole number"}},
		{"UTF-16", []string{"validate", in("utf16")},
			[]string{"utf16/framework.yaml:1:1: error: file is UTF-16", "save the file as UTF-8"}},
		{"Latin-1 bytes", []string{"validate", in("latin1")},
			[]string{"latin1/sets/a.yaml:6:24: error: byte 0xE9 is not UTF-8 text", "Latin-1"}},
		{"deep nesting", []string{"validate", in("deep-nesting")},
			[]string{"deep-nesting/sets/a.yaml:3:", "nests deeper than 32 levels", "flatten"}},
		{"duplicate IDs", []string{"validate", in("duplicate-ids")},
			[]string{"duplicate-ids/sets/a.yaml:13:5: error: C1: control id \"C1\" is already used at", "give each a distinct value"}},
		{"malformed upstream JSON", []string{"validate", in("upstream-json")},
			[]string{"upstream-json/Set_control_set/c.json:3:3: error: invalid JSON", "missing comma"}},
		{"wrong upstream types", []string{"validate", in("upstream-types")},
			[]string{"upstream-types/Set_control_set/c.json:1:40: error: Set/c: controlMappingSources must be an array", "write a list of sources"}},
		{"100 MB file", []string{"validate", huge},
			[]string{"huge/framework.yaml: error: file is larger than 4 MiB", "split it"}},
		{"symbolic link loop", []string{"validate", loop},
			[]string{"symlink-loop/sets/a.yaml: error: cannot open", "too many levels of symbolic links"}},
		{"results from another tool", []string{"report", in("sarif.json"), "--format", "html"},
			[]string{"sarif.json", "not hdsctl assessment results", "hdsctl assess"}},
		{"truncated results", []string{"report", in("truncated-results.json"), "--format", "html"},
			[]string{"truncated-results.json:1", "hdsctl assess"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tt.args, &stdout, &stderr)
			if code != exitInvalid {
				t.Errorf("exit code %d, want %d; stderr:\n%s", code, exitInvalid, stderr.String())
			}
			got := filepath.ToSlash(stderr.String())
			for _, want := range tt.want {
				if !strings.Contains(got, want) {
					t.Errorf("stderr lacks %q; got:\n%s", want, got)
				}
			}
			if stdout.Len() > 0 {
				t.Errorf("stdout must stay empty on bad input, got:\n%s", stdout.String())
			}
		})
	}
}
