package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// badInput is a broken input of the corpus in testdata/badinputs, with what
// the message about it must say: the file, the place and the fix.
type badInput struct {
	name string
	// path is the input, a framework folder or a file.
	path string
	want []string // each must appear on stderr
}

// frameworkCommands are the commands every broken framework goes through:
// validate, and the commands that would call AWS after reading it.
var frameworkCommands = [][]string{
	{"validate"},
	{"plan", "--target", "auditmanager"},
	{"apply", "--target", "auditmanager", "--auto-approve"},
	{"destroy", "--target", "config", "--auto-approve"},
}

// TestBadInputs feeds hdsctl the corpus of broken inputs in
// testdata/badinputs: frameworks through validate, plan, apply and destroy,
// attestation and scope files through assess, results, actors and
// applicability files through report and guarantees. Each must exit with
// code 2 and a message naming the file, the place and the fix. AWS is an
// endpoint that counts requests, and must see none.
func TestBadInputs(t *testing.T) {
	url, calls := countingServer(t)
	awsEnv(t, url)
	corpus := filepath.Join("testdata", "badinputs")
	in := func(name string) string { return filepath.Join(corpus, name) }
	gen := generatedInputs(t, corpus)

	frameworks := []badInput{
		{"malformed YAML", in("malformed-yaml"),
			[]string{"malformed-yaml/framework.yaml:7:", "invalid YAML", "indent with spaces"}},
		{"wrong types", in("wrong-types"),
			[]string{"wrong-types/sets/a.yaml:12:14: error: sources must be a list, found a text",
				"wrong-types/sets/a.yaml:13:34: error: an activity must be a whole number"}},
		{"UTF-16", in("utf16"),
			[]string{"utf16/framework.yaml:1:1: error: file is UTF-16", "save the file as UTF-8"}},
		{"Latin-1 bytes", in("latin1"),
			[]string{"latin1/sets/a.yaml:6:24: error: byte 0xE9 is not UTF-8 text", "Latin-1"}},
		{"deep nesting", in("deep-nesting"),
			[]string{"deep-nesting/sets/a.yaml:3:", "nests deeper than 32 levels", "flatten"}},
		{"duplicate IDs", in("duplicate-ids"),
			[]string{"duplicate-ids/sets/a.yaml:13:5: error: C1: control id \"C1\" is already used at", "give each a distinct value"}},
		{"malformed upstream JSON", in("upstream-json"),
			[]string{"upstream-json/Set_control_set/c.json:3:3: error: invalid JSON", "missing comma"}},
		{"wrong upstream types", in("upstream-types"),
			[]string{"upstream-types/Set_control_set/c.json:1:40: error: Set/c: controlMappingSources must be an array", "write a list of sources"}},
		{"deep upstream JSON", in("upstream-deep"),
			[]string{"upstream-deep/Set_control_set/c.json:1:72: error: invalid JSON: JSON nests deeper than 32 levels; flatten the structure"}},
		{"100 MB file", gen.hugeFramework,
			[]string{"huge/framework.yaml: error: file is larger than 4 MiB", "split it"}},
		{"symbolic link loop", gen.linkLoop,
			[]string{"symlink-loop/sets/a.yaml: error: cannot open", "too many levels of symbolic links"}},
		{"control set linked to its framework folder", gen.upstreamLoop,
			[]string{"upstream-loop/Loop_control_set: error: symbolic link to \".\" loops back to the framework folder",
				"make it a real folder"}},
		{"control set linked to the folder above", gen.upstreamParent,
			[]string{"upstream-parent/Up_control_set: error: symbolic link to \"..\" loops back to the framework folder"}},
	}
	for _, fw := range frameworks {
		for _, command := range frameworkCommands {
			args := append([]string{command[0], fw.path}, command[1:]...)
			t.Run(fw.name+"/"+command[0], func(t *testing.T) {
				checkBadInput(t, args, append(fw.want, "hdsctl: framework ", " is invalid: "))
			})
		}
	}

	assess := func(flag, file string) []string { return []string{"assess", "hds-v2", flag, file} }
	report := func(file string) []string { return []string{"report", file, "--format", "html"} }
	files := []struct {
		name string
		args []string
		want []string
	}{
		{"attestation dates", assess("--attestations", in("attest-bad-dates.yaml")), []string{
			"attest-bad-dates.yaml:6:11: error: date \"2026-13-45\" is not a date; write the date as YYYY-MM-DD",
			"attest-bad-dates.yaml:10:11: error: date \"01/10/2026\" is not a date; write the date as YYYY-MM-DD",
			"attest-bad-dates.yaml:15:14: error: expires 2025-10-01 is before the date 2026-10-01; write an expiry after the date",
			"is invalid: 3 problems"}},
		{"attestation twice", assess("--attestations", in("attest-duplicate.yaml")), []string{
			"attest-duplicate.yaml:6:14: error: control HDS-EXI-02 is attested twice (first at line 2); keep one attestation per control"}},
		{"attestation wrong types", assess("--attestations", in("attest-wrong-types.yaml")), []string{
			"attest-wrong-types.yaml:3:13: error: status must be a text, found a list; write it as one value"}},
		{"attestation Latin-1 bytes", assess("--attestations", in("attest-latin1.yaml")), []string{
			"attest-latin1.yaml:4:15: error: byte 0xE9 is not UTF-8 text; save the file as UTF-8 (it looks like Latin-1"}},
		{"attestation UTF-16", assess("--attestations", in("attest-utf16.yaml")), []string{
			"attest-utf16.yaml:1:1: error: file is UTF-16 (it starts with a UTF-16 byte-order mark); save the file as UTF-8"}},
		{"attestation malformed YAML", assess("--attestations", in("attest-malformed.yaml")), []string{
			"attest-malformed.yaml:2: error: invalid YAML", "indent with spaces"}},
		{"attestation deep nesting", assess("--attestations", in("attest-deep.yaml")), []string{
			"attest-deep.yaml:1:31: error: YAML nests deeper than 16 levels; flatten the structure"}},
		{"attestation of 100 MB", assess("--attestations", gen.hugeFile), []string{
			"huge.yaml: error: file is larger than 1 MiB; split or shorten it"}},
		{"scope activities", assess("--scope", in("scope-bad-activities.yaml")), []string{
			"scope-bad-activities.yaml:2:14: error: activity 0 does not exist; name hosting activities 1 to 6",
			"scope-bad-activities.yaml:2:17: error: activity 7 does not exist",
			"scope-bad-activities.yaml:2:20: error: an activity must be a whole number, found \"three\"; write a whole number",
			"scope-bad-activities.yaml:3:34: error: condition \"stores-patient-data\" is unknown; use one of stores-health-data,",
			"hdsctl: invalid scope: 4 problems"}},
		{"scope of 100 MB", assess("--scope", gen.hugeFile), []string{
			"huge.yaml: error: file is larger than 1 MiB; split or shorten it"}},
		{"results from SARIF", report(in("sarif.json")), []string{
			"sarif.json: not hdsctl assessment results", "hdsctl assess"}},
		{"results from Prowler", report(in("results-prowler.json")), []string{
			"results-prowler.json:1: not hdsctl assessment results: the file holds a list, not an object with schema, framework and controls",
			"pass the JSON that hdsctl assess -o json"}},
		{"truncated results", report(in("truncated-results.json")), []string{
			"truncated-results.json:1: the JSON ends too early (a truncated file?)", "hdsctl assess"}},
		{"results wrong types", report(in("results-wrong-types.json")), []string{
			"results-wrong-types.json:2: field schema holds a text, expected a number", "hdsctl assess"}},
		{"actors values", []string{"guarantees", in("actors-bad-values.yaml"), "--format", "html"}, []string{
			"actors-bad-values.yaml:3:8: error: service url \"www.exemple-sante.fr\" is not a web address; write the page's full address",
			"actors-bad-values.yaml:6:11: error: actor 1 (Exemple Santé SAS): unknown role \"landlord\"; write host or subcontractor",
			"actors-bad-values.yaml:8:19: error: actor 1 (Exemple Santé SAS): hdsCertified must be true or false, found \"yes please\"",
			"actors-bad-values.yaml:10:18: error: actor 1 (Exemple Santé SAS): activity 0 does not exist",
			"actors-bad-values.yaml:10:24: error: actor 1 (Exemple Santé SAS): activity 5 appears twice; keep one",
			"is invalid: 6 problems"}},
		{"applicability values", []string{"report", in("results-valid.json"), "--format", "soa",
			"--applicability", in("applicability-bad-values.yaml")}, []string{
			"applicability-bad-values.yaml:3:3: error: \"A.9.1\" is not an Annex A control; did you mean A.5.1?",
			"applicability-bad-values.yaml:6:17: error: control A.7.4: applicable must be true or false, found \"maybe\"; write true or false",
			"applicability-bad-values.yaml:8:5: error: control A.7.5 is excluded without a justification; add justification:",
			"is invalid: 3 problems"}},
	}
	for _, f := range files {
		t.Run(f.name, func(t *testing.T) { checkBadInput(t, f.args, f.want) })
	}

	if n := calls.Load(); n != 0 {
		t.Errorf("%d AWS calls made, want none", n)
	}
}

// checkBadInput runs hdsctl with args and checks that it exits with code 2,
// says each of want on stderr, prints nothing on stdout and calls no AWS.
func checkBadInput(t *testing.T, args, want []string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	if code != exitInvalid {
		t.Errorf("hdsctl %s: exit code %d, want %d; stderr:\n%s", strings.Join(args, " "), code, exitInvalid, stderr.String())
	}
	got := filepath.ToSlash(stderr.String())
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("stderr lacks %q; got:\n%s", w, got)
		}
	}
	if stdout.Len() > 0 {
		t.Errorf("stdout must stay empty on bad input, got:\n%s", stdout.String())
	}
}

// generated are the inputs of the corpus made when the test runs: files too
// large to keep in the repository, and symbolic links.
type generated struct {
	hugeFramework, hugeFile                string
	linkLoop, upstreamLoop, upstreamParent string
}

// generatedInputs makes the generated inputs, skipping the test where
// symbolic links cannot be made.
func generatedInputs(t *testing.T, corpus string) generated {
	t.Helper()
	tmp := t.TempDir()
	g := generated{hugeFramework: filepath.Join(tmp, "huge"), hugeFile: filepath.Join(tmp, "huge.yaml"),
		linkLoop: filepath.Join(tmp, "symlink-loop"), upstreamLoop: filepath.Join(tmp, "upstream-loop"),
		upstreamParent: filepath.Join(tmp, "upstream-parent")}

	// Files of 100 MB must be refused without being read whole.
	if err := os.MkdirAll(g.hugeFramework, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{filepath.Join(g.hugeFramework, "framework.yaml"), g.hugeFile} {
		f, err := os.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.Truncate(100 << 20); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}

	copyDir := func(from, to string) {
		t.Helper()
		if err := os.CopyFS(to, os.DirFS(filepath.Join(corpus, from))); err != nil {
			t.Fatal(err)
		}
	}
	link := func(target, name string) {
		t.Helper()
		if err := os.Symlink(target, name); err != nil {
			t.Skipf("cannot create symbolic links here: %v", err)
		}
	}
	// Control-set files that point at each other.
	copyDir("symlink-loop", g.linkLoop)
	if err := os.MkdirAll(filepath.Join(g.linkLoop, "sets"), 0o755); err != nil {
		t.Fatal(err)
	}
	link("b.yaml", filepath.Join(g.linkLoop, "sets", "a.yaml"))
	link("a.yaml", filepath.Join(g.linkLoop, "sets", "b.yaml"))
	// Control-set folders of an upstream framework that link back to the
	// framework folder, and to the folder above it.
	copyDir("upstream-loop", g.upstreamLoop)
	link(".", filepath.Join(g.upstreamLoop, "Loop_control_set"))
	copyDir("upstream-loop", g.upstreamParent)
	link("..", filepath.Join(g.upstreamParent, "Up_control_set"))
	return g
}

// TestUTF8ByteOrderMarkIsAccepted keeps a deliberate choice: editors on
// Windows save UTF-8 with a byte-order mark, and such files are read as if
// it were not there, where UTF-16 is refused.
func TestUTF8ByteOrderMarkIsAccepted(t *testing.T) {
	dir := filepath.Join("testdata", "badinputs", "utf8-bom")
	for _, f := range []string{"framework.yaml", "sets/a.yaml"} {
		data, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(data, []byte("\uFEFF")) {
			t.Fatalf("%s lost its byte-order mark; the test proves nothing", f)
		}
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"validate", dir}, &stdout, &stderr); code != exitOK {
		t.Errorf("validate of a framework saved with a UTF-8 byte-order mark: exit %d\n%s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "utf8-bom: valid (1 control sets, 1 controls)") {
		t.Errorf("stderr = %q, want the framework valid", stderr.String())
	}
}
