// Package oscaltest validates hdsctl's OSCAL documents against NIST's OSCAL
// JSON schemas in tests. The schemas are not part of the repository: they
// are read from ../shared/reference/oscal beside it, and tests skip, saying
// why, when that folder is absent. Only test binaries import this package.
package oscaltest

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// The schema files of the models hdsctl writes.
const (
	CatalogSchema           = "oscal_catalog_schema.json"
	AssessmentResultsSchema = "oscal_assessment-results_schema.json"
)

// schemaDir returns the folder of the OSCAL schemas: ../shared/reference/oscal
// from the module root, found by walking up from the test's folder.
func schemaDir(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "..", "shared", "reference", "oscal")
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("oscaltest: no go.mod above the test's folder")
		}
		dir = parent
	}
}

// Validate checks doc against the named OSCAL 1.2.1 JSON schema and
// reports every violation as a test error. It skips the test when the
// schemas are absent.
func Validate(t testing.TB, schema string, doc []byte) {
	t.Helper()
	if err := Check(t, schema, doc); err != nil {
		t.Errorf("document is not valid against %s:\n%v", schema, err)
	}
}

// Check returns the violations of doc against the named OSCAL 1.2.1 JSON
// schema, formats asserted, or nil. It skips the test when the schemas are
// absent.
func Check(t testing.TB, schema string, doc []byte) error {
	t.Helper()
	path := filepath.Join(schemaDir(t), schema)
	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		t.Skipf("OSCAL schema %s is absent (../shared/reference/oscal is not beside the repository): not validating", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	sdoc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(schema, sdoc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(schema)
	if err != nil {
		t.Fatalf("compiling %s: %v", path, err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return err
	}
	return sch.Validate(inst)
}
