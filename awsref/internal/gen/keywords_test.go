package gen

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func TestSandboxKeywordsUpToDate(t *testing.T) {
	ref := filepath.Join("..", "..", "..", "..", "shared", "reference", "aws")
	if _, err := os.Stat(ref); err != nil {
		t.Skipf("reference data not found at %s (../shared is not beside the repository), cannot compare: %v", ref, err)
	}
	want, err := GenerateSandboxKeywords(ref)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join("..", "..", "..", "sandbox", "keywords_gen.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("sandbox/keywords_gen.go is out of date with ../shared/reference/aws; run go generate ./sandbox")
	}
}
