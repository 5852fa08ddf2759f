package report

import (
	"io"
	"os"
	"strings"
	"testing"

	"github.com/hdsctl/hdsctl/internal/oscal/oscaltest"
	"github.com/hdsctl/hdsctl/results"
)

func TestOSCALIsValidAgainstNISTSchema(t *testing.T) {
	r := loadResults(t)
	for _, lang := range []string{"fr", "en"} {
		t.Run(lang, func(t *testing.T) {
			oscaltest.Validate(t, oscaltest.AssessmentResultsSchema, render(t, func(w io.Writer) error { return OSCAL(w, r, lang) }))
		})
	}
	t.Run("no controls", func(t *testing.T) {
		empty := &results.Results{Schema: 1, Framework: "hds-v2", Controls: []results.Control{}}
		oscaltest.Validate(t, oscaltest.AssessmentResultsSchema, render(t, func(w io.Writer) error { return OSCAL(w, empty, "en") }))
	})
}

// TestOSCALSchemaCheckCatchesErrors makes sure the validation above can
// fail: NIST's own example passes, and hdsctl's document with a bad UUID,
// a missing required field or a bad date does not.
func TestOSCALSchemaCheckCatchesErrors(t *testing.T) {
	example, err := os.ReadFile("../../shared/reference/oscal/ifa_assessment-results-example.json")
	if err != nil {
		t.Skipf("NIST example absent (%v): not checking the validator", err)
	}
	oscaltest.Validate(t, oscaltest.AssessmentResultsSchema, example)
	doc := string(render(t, func(w io.Writer) error { return OSCAL(w, loadResults(t), "en") }))
	for name, broken := range map[string]string{
		"bad uuid":     strings.Replace(doc, `"uuid": "`, `"uuid": "x`, 1),
		"no import-ap": strings.Replace(doc, `"import-ap"`, `"import-xx"`, 1),
		"bad date":     strings.Replace(doc, `"start": "2026-11-30T09:15:42Z"`, `"start": "30/11/2026"`, 1),
	} {
		if broken == doc {
			t.Fatalf("%s: the replacement did not apply", name)
		}
		if oscaltest.Check(t, oscaltest.AssessmentResultsSchema, []byte(broken)) == nil {
			t.Errorf("%s: the schema check accepted a broken document", name)
		}
	}
}
