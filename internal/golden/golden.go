// Package golden holds the golden-file check of hdsctl's tests: the output
// of a writer compared with a file kept under testdata, and rewritten from
// the output with go test -update when a change is intended.
package golden

import (
	"flag"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// Update reports whether the test run rewrites the golden files (-update)
// instead of comparing with them.
func Update() bool { return *update }

// Check compares got with the golden file at path, or rewrites the file
// with got under -update. A difference fails the test with the diff.
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs (-want +got); run go test -update if the change is intended:\n%s", path, diff)
	}
}
