package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	resultsFile = "../../report/testdata/results.json"
	actorsFile  = "../../examples/actors.yaml"
)

// TestReportAndGuaranteesCommands runs report, guarantees and export
// --format oscal-catalog as a user would, checking the exit code, what
// reaches stdout and what stderr says.
func TestReportAndGuaranteesCommands(t *testing.T) {
	dir := t.TempDir()
	foreign := filepath.Join(dir, "foreign.json")
	os.WriteFile(foreign, []byte(`{"Findings": [{"Id": "x"}]}`), 0o644)
	truncated := filepath.Join(dir, "truncated.json")
	os.WriteFile(truncated, []byte("{\n  \"schema\": 1,\n  \"framework\": \"hds-v2\",\n  \"controls\": [\n"), 0o644)
	badSoA := filepath.Join(dir, "applicability.yaml")
	os.WriteFile(badSoA, []byte("controls:\n  A.8.11:\n    applicable: false\n  A.9.1:\n    applicable: true\n"), 0o644)
	badActors := filepath.Join(dir, "actors.yaml")
	os.WriteFile(badActors, []byte("service:\n  name: x\nactors:\n  - legalName: Exemple\n    role: host\n    activities: [9]\n"), 0o644)

	tests := []struct {
		name   string
		args   []string
		code   int
		stdout []string
		stderr []string
	}{
		{"html", []string{"report", resultsFile, "--format", "html"}, exitOK,
			[]string{`<html lang="en">`, `id="f-FAIL"`}, nil},
		{"soa defaults to French", []string{"report", resultsFile, "--format", "soa"}, exitOK,
			[]string{`<html lang="fr">`, `Déclaration d&#39;applicabilité`, "État de mise en œuvre"}, nil},
		{"French CSV uses semicolons", []string{"report", resultsFile, "--format", "csv", "--lang", "fr"}, exitOK,
			[]string{"\uFEFFset_id;set_name;control_id"}, nil},
		{"separator", []string{"report", resultsFile, "--format", "soa", "--soa-format", "csv", "--separator", "\t"}, exitOK,
			[]string{"\uFEFFMesure\tIntitulé\tApplicable"}, nil},
		{"oscal", []string{"report", resultsFile, "--format", "oscal"}, exitOK,
			[]string{`"assessment-results"`, `"oscal-version": "1.2.1"`}, nil},
		{"oscal catalog", []string{"export", "../../export/testdata/demo", "--format", "oscal-catalog", "--lang", "fr"}, exitOK,
			[]string{`"catalog"`, `"name": "assessment-method"`}, nil},
		{"guarantees", []string{"guarantees", actorsFile, "--format", "markdown"}, exitOK,
			// AWS is exposed to US law (EXI 30): the page publishes the chapter 8
			// information, not the no-transfer statement.
			[]string{"CLOUD Act", "Amazon Web Services EMEA SARL"}, nil},
		{"foreign JSON", []string{"report", foreign, "--format", "html"}, exitInvalid, nil,
			[]string{"foreign.json: not hdsctl assessment results", "pass the JSON that hdsctl assess -o json"}},
		{"truncated JSON", []string{"report", truncated, "--format", "html"}, exitInvalid, nil,
			[]string{"truncated.json:5: the JSON ends too early"}},
		{"missing file", []string{"report", filepath.Join(dir, "none.json"), "--format", "html"}, exitInvalid, nil,
			[]string{"reading results"}},
		{"unknown format", []string{"report", resultsFile, "--format", "pdf"}, exitInvalid, nil,
			[]string{`unknown or missing --format "pdf"`}},
		{"soa format without soa", []string{"report", resultsFile, "--format", "html", "--soa-format", "xlsx"}, exitInvalid, nil,
			[]string{"--soa-format applies to --format soa only"}},
		{"all needs a folder", []string{"report", resultsFile, "--format", "all"}, exitInvalid, nil,
			[]string{"name a folder with --out"}},
		{"invalid applicability", []string{"report", resultsFile, "--format", "soa", "--applicability", badSoA}, exitInvalid, nil,
			[]string{"applicability.yaml:3:5: error: control A.8.11 is excluded without a justification",
				`applicability.yaml:4:3: error: "A.9.1" is not an Annex A control`,
				"hdsctl: applicability file " + badSoA + " is invalid: 2 problems"}},
		{"invalid actors", []string{"guarantees", badActors, "--format", "html"}, exitInvalid, nil,
			[]string{"actors.yaml:6:18: error: actor 1 (Exemple): activity 9 does not exist",
				"actors.yaml:4:5: error: actor 1 (Exemple): hdsCertified is missing", "is invalid: 4 problems"}},
		{"guarantees language", []string{"guarantees", actorsFile, "--format", "html", "--lang", "de"}, exitInvalid, nil,
			[]string{`unknown language "de"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tt.args, &stdout, &stderr)
			if code != tt.code {
				t.Errorf("exit code %d, want %d; stderr:\n%s", code, tt.code, stderr.String())
			}
			for _, want := range tt.stdout {
				if !strings.Contains(stdout.String(), want) {
					t.Errorf("stdout lacks %q", want)
				}
			}
			for _, want := range tt.stderr {
				if !strings.Contains(stderr.String(), want) {
					t.Errorf("stderr lacks %q; got:\n%s", want, stderr.String())
				}
			}
			if tt.code != exitOK && stdout.Len() > 0 {
				t.Errorf("a failed command wrote to stdout:\n%s", stdout.String())
			}
		})
	}
}

func TestReportWritesFiles(t *testing.T) {
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	if code := run([]string{"report", resultsFile, "--format", "all", "--lang", "fr", "--out", dir}, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit code %d:\n%s", code, stderr.String())
	}
	for _, name := range []string{"hds-v2-report.fr.html", "hds-v2-soa.fr.xlsx", "hds-v2-assessment-results.fr.oscal.json"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Error(err)
		}
		if !strings.Contains(stderr.String(), "wrote "+filepath.Join(dir, name)) {
			t.Errorf("stderr does not say it wrote %s", name)
		}
	}
	if stdout.Len() > 0 {
		t.Errorf("writing files printed to stdout:\n%s", stdout.String())
	}

	xlsx := filepath.Join(dir, "soa.xlsx")
	if code := run([]string{"report", resultsFile, "--format", "soa", "--soa-format", "xlsx", "--out", xlsx}, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit code %d:\n%s", code, stderr.String())
	}
	if data, err := os.ReadFile(xlsx); err != nil || !bytes.HasPrefix(data, []byte("PK")) {
		t.Errorf("%s is not a workbook (%v)", xlsx, err)
	}
	if code := run([]string{"guarantees", actorsFile, "--format", "html", "--out", dir}, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit code %d:\n%s", code, stderr.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "guarantees.fr.html")); err != nil {
		t.Error(err)
	}
}
