package report

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/hdsctl/hdsctl/framework"
	"github.com/hdsctl/hdsctl/internal/yamlfile"
)

// diagnostics returns the one-line diagnostics of an *InvalidError.
func diagnostics(t *testing.T, err error) []string {
	t.Helper()
	var invalid *InvalidError
	if !errors.As(err, &invalid) {
		t.Fatalf("got %v, want an *InvalidError", err)
	}
	var out []string
	for _, d := range invalid.Diagnostics {
		out = append(out, d.String())
	}
	return out
}

// expectAll checks that every wanted fragment is in one of the diagnostics.
func expectAll(t *testing.T, got []string, want []string) {
	t.Helper()
	all := strings.Join(got, "\n")
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Errorf("no diagnostic holds %q; got:\n%s", w, all)
		}
	}
}

func TestActorsFileReportsEveryProblemWithItsPlace(t *testing.T) {
	src := `service:
  url: ftp://exemple.fr
  updated: 15/11/2026
actors:
  - legalName: Exemple Santé SAS
    role: hébergeur
    hdsCertified: oui
    activities: [5, 7, 5]
  - legalName: Amazon Web Services EMEA SARL
    role: subcontractor
    hdsCertified: true
    secNumCloud: true
    activities: []
    remoteAccess:
      - country: Allemagne
        code: DE
        legalBasis: adequacy
      - country: Inde
        code: IN
        legalBasis: safeguards
        instrument: Clauses contractuelles types
    lawExposure:
      laws: [CLOUD Act]
    certfied: true
`
	_, err := ParseActors("actors.yaml", []byte(src))
	expectAll(t, diagnostics(t, err), []string{
		"actors.yaml:2:3: error: service name is missing",
		`actors.yaml:2:8: error: service url "ftp://exemple.fr" is not a web address`,
		`actors.yaml:3:12: error: service updated is not a date: "15/11/2026"; write the date as YYYY-MM-DD`,
		`actors.yaml:6:11: error: actor 1 (Exemple Santé SAS): unknown role "hébergeur"; write host or subcontractor`,
		`actors.yaml:7:19: error: actor 1 (Exemple Santé SAS): hdsCertified must be true or false, found "oui"`,
		"actors.yaml:5:5: error: actor 1 (Exemple Santé SAS): secNumCloud is missing",
		"actors.yaml:8:21: error: actor 1 (Exemple Santé SAS): activity 7 does not exist",
		"actors.yaml:8:24: error: actor 1 (Exemple Santé SAS): activity 5 appears twice",
		"actors.yaml:13:17: error: actor 2 (Amazon Web Services EMEA SARL): activities is empty",
		"actors.yaml:16:15: error: actor 2 (Amazon Web Services EMEA SARL): remote access 1: DE is in the European Economic Area",
		"actors.yaml:15:9: error: actor 2 (Amazon Web Services EMEA SARL): remote access 1: instrument is missing",
		"actors.yaml:18:9: error: actor 2 (Amazon Web Services EMEA SARL): remote access 2: measures are missing for access under art. 46 safeguards",
		"actors.yaml:23:7: error: actor 2 (Amazon Web Services EMEA SARL): lawExposure: mitigations is missing or empty",
		"actors.yaml:23:7: error: actor 2 (Amazon Web Services EMEA SARL) is SecNumCloud 3.2 qualified yet exposed to non-European law",
		`actors.yaml:24:5: error: unknown field "certfied" in actor 2 (known: legalName,`,
		"no actor has the role host",
	})
}

func TestApplicabilityFileReportsEveryProblemWithItsPlace(t *testing.T) {
	src := `organisation: Exemple
approvedOn: demain
controls:
  A.8.11:
    applicable: false
  A.8.35:
    applicable: true
  ISO-A.5.1:
    applicable: true
  A.5.2:
    applicable: peut-être
  A.5.3:
    justification: {fr: Seulement en français}
  A.5.4: oui
`
	_, err := ParseApplicability("soa.yaml", []byte(src))
	expectAll(t, diagnostics(t, err), []string{
		`soa.yaml:1:1: error: unknown field "organisation" in the applicability file`,
		`did you mean "organization"?`,
		`soa.yaml:2:13: error: approvedOn is not a date: "demain"`,
		"soa.yaml:5:5: error: control A.8.11 is excluded without a justification; add justification",
		`soa.yaml:6:3: error: "A.8.35" is not an Annex A control`,
		`soa.yaml:8:3: error: "ISO-A.5.1" is not an Annex A control; did you mean A.5.1?`,
		`soa.yaml:11:17: error: control A.5.2: applicable must be true or false, found "peut-être"`,
		"soa.yaml:13:5: error: control A.5.3: applicable is missing",
		"soa.yaml:13:20: error: control A.5.3: justification is given in one language only",
		"soa.yaml:14:10: error: control A.5.4 must be a mapping, found a str",
	})
}

func TestInputFilesRejectYAMLTricks(t *testing.T) {
	for name, src := range map[string]string{
		"alias":     "service: &s {name: x}\nactors: [*s]\n",
		"two docs":  "service: {name: x}\n---\nactors: []\n",
		"not yaml":  "service: [\n",
		"empty":     "",
		"too large": "service:\n  name: " + strings.Repeat("x", yamlfile.MaxSize) + "\n",
	} {
		if _, err := ParseActors(name, []byte(src)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// TestEmbeddedCatalogStatesTheMandatedWording checks that the hds-v2
// catalog's EXI 31 control quotes both mandated statements exactly as the
// guarantees page writes them.
func TestEmbeddedCatalogStatesTheMandatedWording(t *testing.T) {
	fw, _, err := framework.Open("hds-v2")
	if err != nil || fw == nil {
		t.Skipf("the embedded hds-v2 framework does not load (%v): not checking EXI 31", err)
	}
	c := fw.Control("HDS-EXI-31")
	if c == nil {
		t.Skip("frameworks/hds-v2/sets/04-sovereignty.yaml has no HDS-EXI-31 control yet: not checking its wording")
	}
	texts := strings.Join([]string{c.Description.FR, c.TestingInformation.FR, c.ActionPlanTitle.FR, c.ActionPlanInstructions.FR}, "\n")
	for _, s := range c.Sources {
		texts += "\n" + s.Instructions.FR
	}
	loose := strings.NewReplacer("’", "'", "\n", " ")
	for _, want := range []string{StatementSecNumCloud, StatementNoTransfer} {
		switch {
		case strings.Contains(texts, want):
		case strings.Contains(strings.ToLower(loose.Replace(texts)), strings.ToLower(want)):
			t.Errorf("HDS-EXI-31 (%s) quotes %q with another capitalisation or apostrophe; "+
				"the catalog and report.Statement* must agree word for word", c.Pos, want)
		default:
			t.Errorf("HDS-EXI-31 (%s) does not quote, word for word: %q", c.Pos, want)
		}
	}
}

// FuzzParseActors feeds the actors loader arbitrary input: it must never
// panic, and what it accepts must hold together.
func FuzzParseActors(f *testing.F) {
	for _, name := range []string{"testdata/actors-snc.yaml", "testdata/actors-publish.yaml", "testdata/actors-no-transfer.yaml"} {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("service: {name: x}\nactors: [{legalName: a, role: host, hdsCertified: true, secNumCloud: false, activities: [1]}]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ParseActors("fuzz.yaml", data)
		if err != nil {
			return
		}
		if len(s.Actors) == 0 || s.Name.IsZero() {
			t.Fatalf("accepted a service without name or actors: %+v", s)
		}
		for _, a := range s.Actors {
			if a.LegalName == "" || len(a.Activities) == 0 || a.SecNumCloud && a.Exposure != nil {
				t.Fatalf("accepted an incoherent actor: %+v", a)
			}
		}
		_ = s.EXI31Case()
	})
}

// FuzzParseApplicability feeds the applicability loader arbitrary input:
// it must never panic, and every control it excludes has a justification.
func FuzzParseApplicability(f *testing.F) {
	data, err := os.ReadFile("testdata/applicability.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte("controls:\n  A.5.1: {applicable: false, justification: x}\n"))
	f.Add([]byte("defaultJustification: {fr: a, en: b}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := ParseApplicability("fuzz.yaml", data)
		if err != nil {
			return
		}
		for id, d := range a.Controls {
			if !d.Applicable && d.Justification.IsZero() {
				t.Fatalf("accepted %s excluded without a justification", id)
			}
		}
	})
}
