package export

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/hdsctl/hdsctl/framework"
	"github.com/hdsctl/hdsctl/internal/golden"
)

// checkGolden compares got with testdata/<name>, or rewrites it with -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	golden.Check(t, filepath.Join("testdata", name), got)
}

func loadDemo(t *testing.T) *framework.Framework {
	t.Helper()
	fw, diags, err := framework.Read("testdata/demo", framework.ValidateOptions{})
	if err != nil {
		t.Fatalf("%v\n%v", err, diags)
	}
	return fw
}

func TestGoldenExports(t *testing.T) {
	fw := loadDemo(t)
	for _, tt := range []struct {
		file   string
		format Format
		opts   Options
	}{
		{"demo.fr.txt", FormatText, Options{Lang: "fr"}},
		{"demo.en.txt", FormatText, Options{Lang: "en"}},
		{"demo.fr.md", FormatMarkdown, Options{Lang: "fr"}},
		{"demo.en.csv", FormatCSV, Options{Lang: "en"}},
		{"demo.fr.semicolon.csv", FormatCSV, Options{Lang: "fr", Separator: ';'}},
		{"demo.json", FormatJSON, Options{}},
	} {
		t.Run(tt.file, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(&buf, fw, tt.format, tt.opts); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, tt.file, buf.Bytes())
		})
	}
}

func TestMarkdownEscapesMarkup(t *testing.T) {
	fw := loadDemo(t)
	var buf bytes.Buffer
	if err := Markdown(&buf, fw, "en"); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(buf.Bytes(), []byte(`\*not\*`)) {
		t.Error("emphasis markers in control text must be escaped")
	}
}

func TestCSVNeutralisesFormulas(t *testing.T) {
	fw := loadDemo(t)
	var buf bytes.Buffer
	if err := CSV(&buf, fw, Options{Lang: "en"}); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(buf.Bytes(), []byte(",=Move")) || !bytes.Contains(buf.Bytes(), []byte("'=Move the data.")) {
		t.Errorf("a cell starting with = must be neutralised:\n%s", buf.Bytes())
	}
}
