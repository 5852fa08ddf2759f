package framework

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// sampleDir returns a folder of the Node.js sample kept in the shared
// reference data, or skips the test when it is absent.
func sampleDir(t *testing.T, name string) string {
	t.Helper()
	dir := filepath.Join("..", "..", "shared", "reference", "aws-samples-frameworks", name)
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("the Node.js sample's %s folder is not at %s (../shared/reference is not beside the repository): %v", name, dir, err)
	}
	return dir
}

func TestUpstreamSamplesLoadUnchanged(t *testing.T) {
	tests := []struct {
		folder         string
		sets, controls int
		lang           string
		firstSets      []string
		control        string // a control ID to look at
		name           string // its name, accents and all
	}{
		{"HDS", 5, 45, English, []string{"ANS-PPHD-MSP", "ANS-PPHD", "ISO-20000-1", "ISO-27001-MSP", "ISO-27001"},
			"ANS-PPHD/ANS-LOC-data-location-sec_control", "ANS | [GRC] - Data location"},
		{"PSSIE", 13, 181, French, []string{"Architecture-des-SI", "Conformité-Audit-Inspection-contrôle", "Continuité-d'activité"},
			"Continuité-d'activité/PCA-LOCAL_sec_control",
			"PCA-LOCAL | [GRC] - Définition du plan local de continuité d’activité des systèmes d’information"},
	}
	for _, tt := range tests {
		t.Run(tt.folder, func(t *testing.T) {
			fw, diags, err := Read(sampleDir(t, tt.folder), ValidateOptions{Target: TargetAuditManager})
			if err != nil {
				t.Fatalf("Read: %v\n%v", err, diags)
			}
			if len(diags) > 0 {
				t.Errorf("unexpected diagnostics:\n%v", diags)
			}
			if fw.Origin.Format != FormatUpstream {
				t.Errorf("format = %s, want upstream", fw.Origin.Format)
			}
			if len(fw.ControlSets) != tt.sets || len(fw.Controls()) != tt.controls {
				t.Errorf("got %d sets and %d controls, want %d and %d", len(fw.ControlSets), len(fw.Controls()), tt.sets, tt.controls)
			}
			if fw.Languages[0] != tt.lang {
				t.Errorf("language = %s, want %s", fw.Languages[0], tt.lang)
			}
			for i, want := range tt.firstSets {
				if got := fw.ControlSets[i].Name.Get(tt.lang); got != want {
					t.Errorf("set %d = %q, want %q", i, got, want)
				}
			}
			c := fw.Control(tt.control)
			if c == nil {
				t.Fatalf("no control %s", tt.control)
			}
			if got := c.Name.In(tt.lang); got != tt.name {
				t.Errorf("name = %q, want %q", got, tt.name)
			}
			for _, c := range fw.Controls() {
				if len(c.Sources) != 1 || c.Sources[0].Type != SourceManual || c.Sources[0].Name == "" {
					t.Errorf("%s: sources = %+v, want one named MANUAL source", c.ID, c.Sources)
				}
			}
		})
	}
}

func TestUpstreamSameFileNameInTwoSets(t *testing.T) {
	fw, _, err := Read(sampleDir(t, "HDS"), ValidateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	a, b := fw.Control("ANS-PPHD-MSP/ANS-purpose-comp-sec_control"), fw.Control("ANS-PPHD/ANS-purpose-comp-sec_control")
	if a == nil || b == nil || a.Name == b.Name {
		t.Errorf("the two ANS-purpose-comp-sec_control files must give two controls, got %v and %v", a, b)
	}
	if c := fw.Control("ANS-PPHD/ANS-SEC-encryption-communication-sec_control copy"); c == nil {
		t.Error("a file name with a space must load")
	}
}

func TestUpstreamErrorsHavePositions(t *testing.T) {
	control := `{
    "name": "A | [GRC] - Test",
    "description": "ok",
    "controlMappingSources": [{
        "sourceName": "GRC",
        "sourceType": "MANUEL",
        "sourceSetUpOption": "Procedural_Controls_Mapping"
    }],
    "testingInformation": 42
}`
	tests := []struct {
		name, file, content, want string
	}{
		{"trailing comma", "A_control_set/c.json", `{"name": "x",}`, `demo/A_control_set/c.json:1:14: error: invalid JSON`},
		{"wrong type", "A_control_set/c.json", control, `demo/A_control_set/c.json:9:27: error: field "testingInformation" must be a string, found a number`},
		{"unknown source type", "A_control_set/c.json", control, `demo/A_control_set/c.json:4:31: error: A/c: unknown source type "MANUEL"; did you mean "MANUAL"?`},
		{"missing name", "A_control_set/c.json", `{"description": "x"}`, `demo/A_control_set/c.json:1:1: error: missing field "name"`},
		{"latin-1 bytes", "A_control_set/c.json", "{\"name\": \"Donn\xe9es\"}", "demo/A_control_set/c.json:1:15: error: byte 0xE9 is not UTF-8 text; save the file as UTF-8"},
		{"utf-16", "A_control_set/c.json", "\xff\xfe{\x00", "demo/A_control_set/c.json:1:1: error: file is UTF-16"},
		{"not an object", "A_control_set/c.json", `["name"]`, `demo/A_control_set/c.json:1:1: error: file must hold a JSON object, found an array`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"custom_framework.json": {Data: []byte(`{"name": "Demo", "description": "d", "complianceType": "c"}`)},
				tt.file:                 {Data: []byte(tt.content)},
			}
			fw, diags := Load(fsys, "demo")
			if fw != nil {
				diags = append(diags, Validate(fw, ValidateOptions{})...)
			}
			var lines []string
			for _, d := range diags {
				lines = append(lines, d.String())
				if strings.HasPrefix(d.String(), tt.want) {
					return
				}
			}
			t.Errorf("want a diagnostic starting with\n  %s\ngot\n  %s", tt.want, strings.Join(lines, "\n  "))
		})
	}
}

func TestUpstreamBOMIsAccepted(t *testing.T) {
	fsys := fstest.MapFS{
		"custom_framework.json": {Data: []byte("\uFEFF{\"name\": \"Demo\"}")},
		"A_control_set/c.json":  {Data: []byte("\uFEFF" + `{"name": "n", "controlMappingSources": [{"sourceName": "s", "sourceType": "MANUAL"}]}`)},
	}
	fw, diags := Load(fsys, "demo")
	if diags.HasErrors() || fw == nil || len(fw.Controls()) != 1 {
		t.Errorf("a UTF-8 byte-order mark must be accepted, got %v", diags)
	}
}

func TestOpenUnknownReference(t *testing.T) {
	_, _, err := Open("no-such-framework")
	if _, ok := err.(*NotFoundError); !ok || !strings.Contains(err.Error(), "hds-v2") {
		t.Errorf("got %v, want a NotFoundError listing the embedded frameworks", err)
	}
}

func TestFolderWithoutFramework(t *testing.T) {
	_, diags := Load(fstest.MapFS{"README": {Data: []byte("x")}}, "demo")
	if !strings.Contains(diags.String(), "folder holds no framework") {
		t.Errorf("got %v", diags)
	}
}
