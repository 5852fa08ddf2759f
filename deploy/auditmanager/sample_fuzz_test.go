package auditmanager

import (
	"strings"
	"testing"
)

// FuzzParseSampleOutput feeds arbitrary bytes to the reader of the Node.js
// sample's output file (--adopt): it must never panic, an error must name
// the file, and an accepted file lists only Audit Manager IDs.
func FuzzParseSampleOutput(f *testing.F) {
	id := "0b5c4e0a-7d7c-4f5e-9c55-3f6d0e0b1a2c"
	f.Add([]byte(`{"security_framework_control_set": [{"name": "ANS", "controls": [{"id": "` + id + `", "name": "c"}]}], ` +
		`"framework_id": "` + id + `", "framework_name": "France-HDS"}`))
	f.Add([]byte(`{"security_framework_control_set": [], "framework_id": ""}`))
	f.Add([]byte(`{"frameworks": []}`))
	f.Add([]byte(`{`))
	f.Add([]byte(`[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		out, err := ParseSampleOutput("out.json", data)
		if err != nil {
			if !strings.Contains(err.Error(), "out.json") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		if out.FrameworkID != "" && !uuidRe.MatchString(out.FrameworkID) {
			t.Fatalf("accepted framework ID %q", out.FrameworkID)
		}
		for _, set := range out.ControlSets {
			for _, c := range set.Controls {
				if !uuidRe.MatchString(c.ID) {
					t.Fatalf("accepted control ID %q", c.ID)
				}
			}
		}
	})
}
