package framework

import (
	"testing"
	"testing/fstest"
)

// FuzzLoadCatalog feeds arbitrary bytes to the catalog loader as a control-set
// file. Loading and validation must never panic, and a rejected file must
// come with at least one error.
func FuzzLoadCatalog(f *testing.F) {
	f.Add([]byte(validSet))
	f.Add([]byte("id: [\n"))
	f.Add([]byte("controls:\n  - sources: [{type: MANUAL, owner: {fr: x}}]\n"))
	f.Add([]byte("a: &x [*x, *x]\n"))
	f.Add([]byte("\xff\xfe\x00"))
	f.Add([]byte("controls: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n"))
	f.Fuzz(func(t *testing.T, set []byte) {
		fsys := fstest.MapFS{
			"framework.yaml": {Data: []byte(validFramework)},
			"sets/a.yaml":    {Data: set},
		}
		fw, diags := Load(fsys, "demo")
		if fw == nil && !diags.HasErrors() {
			t.Fatal("no framework and no error")
		}
		if fw != nil {
			Validate(fw, ValidateOptions{Target: TargetAuditManager})
		}
	})
}

// FuzzLoadUpstream feeds arbitrary bytes to the upstream loader as a control
// file.
func FuzzLoadUpstream(f *testing.F) {
	f.Add([]byte(`{"name": "n", "controlMappingSources": [{"sourceName": "s", "sourceType": "MANUAL"}]}`))
	f.Add([]byte(`{"name": "n", "controlMappingSources": [{"sourceType": "AWS_Config", "sourceKeyword": {"keywordValue": "X"}}]}`))
	f.Add([]byte(`{"name": "x",}`))
	f.Add([]byte(`[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]`))
	f.Add([]byte("{\"name\": \"Donn\xe9es\"}"))
	f.Fuzz(func(t *testing.T, control []byte) {
		fsys := fstest.MapFS{
			"custom_framework.json": {Data: []byte(`{"name": "Demo"}`)},
			"A_control_set/c.json":  {Data: control},
		}
		fw, diags := Load(fsys, "demo")
		if fw == nil && !diags.HasErrors() {
			t.Fatal("no framework and no error")
		}
		if fw != nil {
			Validate(fw, ValidateOptions{})
		}
	})
}
