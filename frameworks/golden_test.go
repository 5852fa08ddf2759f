package frameworks_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/hdsctl/hdsctl/export"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// TestGoldenCatalog keeps the rendered catalog under review: any change to
// the data shows as a diff of these files, in both languages. Refresh them
// with go test ./frameworks -update.
func TestGoldenCatalog(t *testing.T) {
	fw := loadHDS(t)
	for _, tt := range []struct {
		file   string
		format export.Format
		lang   string
	}{
		{"hds-v2.fr.txt", export.FormatText, "fr"},
		{"hds-v2.en.txt", export.FormatText, "en"},
		{"hds-v2.fr.md", export.FormatMarkdown, "fr"},
		{"hds-v2.en.csv", export.FormatCSV, "en"},
		{"hds-v2.json", export.FormatJSON, "en"},
	} {
		t.Run(tt.file, func(t *testing.T) {
			var buf bytes.Buffer
			if err := export.Write(&buf, fw, tt.format, export.Options{Lang: tt.lang}); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", tt.file+".golden")
			if *update {
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./frameworks -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), buf.String()); diff != "" {
				t.Errorf("%s changed (-want +got); if intended, run go test ./frameworks -update:\n%s", tt.file, diff)
			}
		})
	}
}
