package yamlfile

import (
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
