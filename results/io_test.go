package results

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDecodeSaysWhyAFileIsNotResults(t *testing.T) {
	for _, tc := range []struct {
		name, data, want string
	}{
		{"another tool's list", `[{"CheckID": "x"}]`,
			"f.json:1: not hdsctl assessment results: the file holds a list, not an object with schema, framework and controls"},
		{"wrong type", "{\n\"schema\": \"1\"}", "f.json:2: field schema holds a text, expected a number"},
		{"controls not a list", `{"schema": 1, "framework": "x", "controls": {}}`,
			"f.json:1: field controls holds an object, expected a list"},
		{"truncated", `{"schema": 1, "fram`, "f.json:1: the JSON ends too early (a truncated file?)"},
		{"SARIF", `{"version": "2.1.0", "runs": []}`, "f.json: not hdsctl assessment results (no schema, framework or controls field)"},
		{"negative schema", `{"schema": -1, "framework": "x", "controls": []}`, "not hdsctl assessment results"},
		{"newer", `{"schema": 99, "framework": "x", "controls": []}`, "results schema 99 is newer than this hdsctl reads"},
		{"bad status", `{"schema": 1, "framework": "x", "controls": [{"id": "c", "status": "OK"}]}`,
			`control 1 has no id or an unknown status "OK"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decode("f.json", []byte(tc.data))
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("Decode = %v, want a *FormatError", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %q, want it to say %q", err, tc.want)
			}
		})
	}
}

func TestDecodeAcceptsAUTF8ByteOrderMark(t *testing.T) {
	if _, err := Decode("f.json", []byte("\uFEFF"+`{"schema": 1, "framework": "x", "controls": []}`)); err != nil {
		t.Errorf("Decode of results with a UTF-8 byte-order mark: %v", err)
	}
}

// FuzzDecode feeds arbitrary bytes to the results decoder that hdsctl
// report uses: it must never panic, a rejected file gives a *FormatError
// naming it, and accepted results have a schema this version reads, a
// framework and controls with known statuses.
func FuzzDecode(f *testing.F) {
	valid, err := os.ReadFile(filepath.Join("..", "report", "testdata", "results.json"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(valid)
	f.Add([]byte(`{"version": "2.1.0", "runs": []}`))
	f.Add([]byte(`[{"CheckID": "x"}]`))
	f.Add([]byte(`{"schema": 1, "framework": "hds-v2", "controls": [{"id": "HDS-EXI-28", "status": "FA`))
	f.Add([]byte(`{"schema": 1, "framework": "x", "controls": [[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Decode("f.json", data)
		if err != nil {
			var fe *FormatError
			if !errors.As(err, &fe) || fe.File != "f.json" {
				t.Fatalf("error %v is not a *FormatError naming the file", err)
			}
			return
		}
		if r.Schema < 1 || r.Schema > SchemaVersion || r.Framework == "" || r.Controls == nil {
			t.Fatalf("accepted results with schema %d, framework %q, controls %v", r.Schema, r.Framework, r.Controls)
		}
		for _, c := range r.Controls {
			if c.ID == "" || !c.Status.Valid() {
				t.Fatalf("accepted control %+v", c)
			}
		}
	})
}
