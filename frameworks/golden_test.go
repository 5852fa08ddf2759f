package frameworks_test

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/hdsctl/hdsctl/export"
	"github.com/hdsctl/hdsctl/internal/golden"
)

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
			golden.Check(t, filepath.Join("testdata", tt.file+".golden"), buf.Bytes())
		})
	}
}
