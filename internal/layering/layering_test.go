// Package layering holds the test that keeps the project's architecture
// visible: which package may import which.
package layering

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/hdsctl/hdsctl"

// rules says, for each package (a path relative to the module, matched as a
// prefix), which imports it must not have. The arrows point one way: cmd
// imports everything; deploy, assess and report read frameworks; the sandbox
// stands alone; AWS SDK types stay inside the adapters and collectors.
var rules = []struct {
	pkg    string
	forbid []string
	why    string
}{
	{"sandbox", []string{module + "/"}, "the sandbox emulates AWS and imports no other package of the project"},
	{"framework", []string{module + "/deploy", module + "/assess", module + "/report", module + "/export", module + "/results", "github.com/aws/"}, "the model depends on nothing but its data"},
	{"awsref", []string{module + "/", "github.com/aws/"}, "reference tables stand alone"},
	{"results", []string{module + "/deploy", module + "/assess", module + "/report", "github.com/aws/"}, "the results model is plain data"},
	{"report", []string{module + "/deploy", module + "/assess", module + "/sandbox", "github.com/aws/"}, "reports are written from results alone"},
	{"export", []string{module + "/deploy", module + "/assess", module + "/sandbox", "github.com/aws/"}, "exports are written from frameworks alone"},
	{"deploy", []string{module + "/assess", module + "/report", module + "/sandbox"}, "deploying needs neither assessments nor the emulator"},
	{"assess", []string{module + "/deploy", module + "/report", module + "/sandbox"}, "assessing needs neither deployments nor the emulator"},
	{"", []string{module + "/cmd"}, "nothing imports the command"},
}

func TestLayering(t *testing.T) {
	root := filepath.Join("..", "..")
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); name == "testdata" || (strings.HasPrefix(name, ".") && path != root) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		rel = filepath.ToSlash(rel)
		for _, imp := range f.Imports {
			ip, _ := strconv.Unquote(imp.Path.Value)
			for _, r := range rules {
				if r.pkg != "" && rel != r.pkg && !strings.HasPrefix(rel, r.pkg+"/") {
					continue
				}
				for _, bad := range r.forbid {
					if strings.HasPrefix(ip, bad) && (r.pkg == "" || !strings.HasPrefix(ip, module+"/"+r.pkg)) {
						t.Errorf("%s imports %s: %s", path, ip, r.why)
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
