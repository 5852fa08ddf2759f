package assess

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/hdsctl/hdsctl/framework"
)

// FuzzParseScope feeds arbitrary bytes to the scope file reader: it must
// never panic, an invalid file gives a *ScopeError with at least one
// diagnostic, and a valid one holds known activities, sorted, once each,
// and known conditions.
func FuzzParseScope(f *testing.F) {
	example, err := os.ReadFile(filepath.Join("..", "examples", "scope.yaml"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(example)
	f.Add([]byte("activities: [0, 7, three]\nconditions: [nope]\n"))
	f.Add([]byte("activities: 3\n"))
	f.Add([]byte("\uFEFFactivities: [6, 5, 5]\n"))
	f.Add([]byte("\xff\xfea\x00"))
	f.Add([]byte("activities: &a [1]\nconditions: *a\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ParseScope("scope.yaml", data)
		if err != nil {
			var se *ScopeError
			if !errors.As(err, &se) || len(se.Diagnostics.Errors()) == 0 {
				t.Fatalf("error %v is not a *ScopeError with diagnostics", err)
			}
			return
		}
		if !s.Declared || !slices.IsSorted(s.Activities) || len(slices.Compact(slices.Clone(s.Activities))) != len(s.Activities) {
			t.Fatalf("accepted scope %+v", s)
		}
		for _, a := range s.Activities {
			if _, ok := framework.Activities[a]; !ok {
				t.Fatalf("accepted activity %d", a)
			}
		}
		for _, c := range s.Conditions {
			if _, ok := framework.LookupCondition(c); !ok {
				t.Fatalf("accepted condition %q", c)
			}
		}
	})
}
