package yamlfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseAcceptsAUTF8ByteOrderMark(t *testing.T) {
	r := NewReader("scope.yaml")
	root, ok := r.Parse([]byte("\uFEFFactivities: [3]\n"))
	if !ok || r.Diagnostics().HasErrors() {
		t.Fatalf("Parse of a file with a UTF-8 byte-order mark: %v", r.Diagnostics())
	}
	if f := root.Fields("the scope file", "activities"); len(f["activities"].List("activities")) != 1 {
		t.Errorf("the activities were not read past the byte-order mark")
	}
}

func TestParseRefusesOtherEncodingsWithTheirPlace(t *testing.T) {
	for _, tc := range []struct {
		name, data, want string
	}{
		{"UTF-16", "\xff\xfea\x00:\x00", "f.yaml:1:1: error: file is UTF-16 (it starts with a UTF-16 byte-order mark); save the file as UTF-8"},
		{"Latin-1", "owner: ok\nname: Jos\xe9\n", "f.yaml:2:10: error: byte 0xE9 is not UTF-8 text; save the file as UTF-8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := NewReader("f.yaml")
			if _, ok := r.Parse([]byte(tc.data)); ok {
				t.Fatal("Parse accepted it")
			}
			var got strings.Builder
			for _, d := range r.Diagnostics() {
				got.WriteString(d.String() + "\n")
			}
			if !strings.Contains(got.String(), tc.want) {
				t.Errorf("diagnostics %q, want %q", got.String(), tc.want)
			}
		})
	}
}

func TestFieldsAnswersAnUnknownKeyAsTheReaderAsks(t *testing.T) {
	for _, tc := range []struct {
		name    string
		suggest bool
		data    string
		want    string
	}{
		{"no suggestion", false, "activites: [3]\n", `unknown field "activites" in the scope file (known: activities, conditions); remove it, or check its spelling`},
		{"near key", true, "activites: [3]\n", `unknown field "activites" in the scope file (known: activities, conditions); did you mean "activities"?`},
		{"no near key", true, "owner: me\n", `unknown field "owner" in the scope file (known: activities, conditions); remove it`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := NewReader("f.yaml")
			r.Suggest = tc.suggest
			root, ok := r.Parse([]byte(tc.data))
			if !ok {
				t.Fatalf("Parse: %v", r.Diagnostics())
			}
			root.Fields("the scope file", "activities", "conditions")
			diags := r.Diagnostics()
			if len(diags) != 1 || !strings.HasSuffix(diags[0].String(), tc.want) {
				t.Errorf("diagnostics %v, want one ending %q", diags, tc.want)
			}
		})
	}
}

func TestPairsAndItemsKeepTheOrderWritten(t *testing.T) {
	r := NewReader("f.yaml")
	root, ok := r.Parse([]byte("b: [x, y]\na: 1\n"))
	if !ok {
		t.Fatalf("Parse: %v", r.Diagnostics())
	}
	pairs := root.Pairs()
	if len(pairs) != 2 || pairs[0][0].Value() != "b" || pairs[1][0].Value() != "a" || pairs[1][1].Tag() != "!!int" {
		t.Fatalf("Pairs = %v, want b then a", pairs)
	}
	items := pairs[0][1].Items()
	if len(items) != 2 || items[0].Value() != "x" || items[1].Pos().Line != 1 || items[1].Pos().Col != 8 {
		t.Errorf("Items = %v, want x then y at 1:8", items)
	}
	if pairs[1][1].Items() != nil || pairs[0][1].Pairs() != nil {
		t.Error("Items of a scalar or Pairs of a list gave values")
	}
}

func TestReadFileReadsNoMoreThanParseAccepts(t *testing.T) {
	name := filepath.Join(t.TempDir(), "huge.yaml")
	if err := os.WriteFile(name, make([]byte, 3*MaxSize), 0o644); err != nil {
		t.Fatal(err)
	}
	data, err := ReadFile(name)
	if err != nil || len(data) != MaxSize+1 {
		t.Fatalf("ReadFile read %d bytes (%v), want %d", len(data), err, MaxSize+1)
	}
	r := NewReader(name)
	if _, ok := r.Parse(data); ok || !strings.Contains(fmt.Sprint(r.Diagnostics()), "file is larger than 1 MiB") {
		t.Errorf("Parse of what ReadFile read: %v, want the file refused as too large", r.Diagnostics())
	}
	if _, err := ReadFile(filepath.Join(t.TempDir(), "missing.yaml")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("ReadFile of a missing file: %v, want fs.ErrNotExist", err)
	}
}
