package frameworks_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hdsctl/hdsctl/framework"
)

// The HDS v2 catalog is data reviewed like code; these tests hold it to what
// the product promises: every requirement present, every text translated,
// every keyword valid, and automation where AWS can evidence a control.

func loadHDS(t *testing.T) *framework.Framework {
	t.Helper()
	fw, diags, err := framework.Read("hds-v2", framework.ValidateOptions{})
	if err != nil {
		t.Fatalf("hds-v2 does not validate: %v\n%s", err, diagList(diags))
	}
	if len(diags) > 0 {
		t.Errorf("hds-v2 has warnings:\n%s", diagList(diags))
	}
	return fw
}

func diagList(ds framework.Diagnostics) string {
	var b strings.Builder
	for _, d := range ds {
		fmt.Fprintln(&b, d)
	}
	return b.String()
}

func TestHDSRequirementsEachPresent(t *testing.T) {
	fw := loadHDS(t)
	seen := map[string]int{}
	for _, c := range fw.Controls() {
		for _, id := range c.ReferencesOf(framework.SchemeHDS) {
			if strings.HasPrefix(c.ID, "HDS-") {
				seen[id]++
			}
		}
	}
	for _, id := range framework.HDSRequirements() {
		if seen[id] == 0 {
			t.Errorf("no HDS control references %s", id)
		}
	}
	for _, id := range []string{"HDS-EXI-01", "HDS-EXI-28", "HDS-EXI-31", "HDS-CH-8"} {
		if fw.Control(id) == nil {
			t.Errorf("control %s is missing", id)
		}
	}
	for _, s := range "ABCDEFGH" {
		if id := fmt.Sprintf("HDS-EXI-05-%c", s); fw.Control(id) == nil {
			t.Errorf("EXI 05 scenario %c has no control %s", s, id)
		}
	}
}

func TestISOControlsEachPresentExactlyOnce(t *testing.T) {
	fw := loadHDS(t)
	count := map[string]int{}
	for _, c := range fw.Controls() {
		if id, ok := strings.CutPrefix(c.ID, "ISO-"); ok {
			count[id]++
			if !contains(c.ReferencesOf(framework.SchemeISO), id) {
				t.Errorf("%s does not reference %s itself", c.ID, id)
			}
		}
	}
	want := framework.ISOAnnexA()
	want = append(want, "4.1", "4.2", "4.3", "4.4", "5.1", "5.2", "5.3", "6.1.1", "6.1.2", "6.1.3", "6.2", "6.3",
		"7.1", "7.2", "7.3", "7.4", "7.5", "8.1", "8.2", "8.3", "9.1", "9.2", "9.3", "10.1", "10.2")
	for _, id := range want {
		if count[id] != 1 {
			t.Errorf("ISO-%s appears %d times, want exactly once", id, count[id])
		}
	}
	if got := len(count); got != len(want) {
		t.Errorf("%d ISO controls, want %d (93 Annex A and 25 clauses)", got, len(want))
	}
}

func TestEveryTextInFrenchAndEnglish(t *testing.T) {
	fw := loadHDS(t)
	for _, c := range fw.Controls() {
		texts := map[string]framework.Text{
			"name": c.Name, "description": c.Description, "testingInformation": c.TestingInformation,
			"actionPlan.title": c.ActionPlanTitle, "actionPlan.instructions": c.ActionPlanInstructions,
		}
		for field, text := range texts {
			if text.FR == "" || text.EN == "" {
				t.Errorf("%s: %s lacks a language: %+v", c.ID, field, text)
			}
			if text.FR != "" && text.FR == text.EN && field != "name" {
				t.Errorf("%s: %s is the same in French and English", c.ID, field)
			}
		}
		for _, s := range c.SourcesOf(framework.SourceManual) {
			if s.Owner.FR == "" || s.Owner.EN == "" || s.Instructions.FR == "" || s.Instructions.EN == "" {
				t.Errorf("%s: a manual source does not say who provides what in both languages", c.ID)
			}
		}
	}
}

func TestKeywordsValidForEveryTarget(t *testing.T) {
	fw := loadHDS(t)
	for _, target := range []framework.Target{framework.TargetAuditManager, framework.TargetConfig} {
		if d := framework.Validate(fw, framework.ValidateOptions{Target: target}); d.HasErrors() {
			t.Errorf("target %s:\n%s", target, diagList(d.Errors()))
		}
	}
}

func TestEXI31StatementsWordForWord(t *testing.T) {
	fw := loadHDS(t)
	c := fw.Control("HDS-EXI-31")
	if c == nil {
		t.Fatal("HDS-EXI-31 is missing")
	}
	for _, s := range []string{
		"Aucun risque d’accès imposé par la législation d’un pays tiers en violation du droit de l’Union",
		"Aucun transfert de données de santé à caractère personnel vers un pays tiers à l’espace économique européen",
	} {
		if !strings.Contains(strings.ReplaceAll(c.Description.FR, "\u00a0", " "), s) {
			t.Errorf("the French description of EXI 31 must hold the mandated statement « %s »", s)
		}
	}
}

// notEvidencedByAWS lists the technological controls (A.8) whose evidence is
// documents and records of the host, not AWS configuration, with the reason.
// Every other A.8 control must have an automated source.
var notEvidencedByAWS = map[string]string{
	"A.8.1":  "staff end-point devices are outside AWS",
	"A.8.11": "no AWS signal shows that data is masked",
	"A.8.18": "no managed rule shows who may use privileged utilities",
	"A.8.23": "web filtering of staff browsing is outside AWS",
	"A.8.25": "secure development is shown by policies and pipeline records",
	"A.8.26": "application security requirements are specifications",
	"A.8.27": "architecture principles are a document and its reviews",
	"A.8.28": "secure coding is shown by rules and code reviews",
	"A.8.29": "security testing is shown by test plans and reports",
	"A.8.30": "outsourced development is governed by contracts",
	"A.8.31": "account separation has no managed rule that judges it",
	"A.8.33": "test data rules are documentary",
	"A.8.34": "audit testing is governed by agreements",
}

// TestAutomationCoverage holds the catalog to its promise: at least half of
// the Annex A controls have automated evidence, and so does every
// technological control (A.8) that AWS can evidence.
func TestAutomationCoverage(t *testing.T) {
	fw := loadHDS(t)
	automated := 0
	for _, id := range framework.ISOAnnexA() {
		c := fw.Control("ISO-" + id)
		if c == nil {
			t.Fatalf("ISO-%s is missing", id)
		}
		if c.Automated() {
			automated++
		}
		if !strings.HasPrefix(id, "A.8.") {
			continue
		}
		_, manual := notEvidencedByAWS[id]
		switch {
		case manual && c.Automated():
			t.Errorf("%s has automated evidence now; remove it from notEvidencedByAWS", id)
		case !manual && !c.Automated():
			t.Errorf("%s (%s) has no automated source; AWS can evidence it", id, c.Name.EN)
		}
	}
	if automated*2 < len(framework.ISOAnnexA()) {
		t.Errorf("%d of 93 Annex A controls have automated evidence; the catalog promises at least half", automated)
	}
}

func TestAWSCarriedControlsNameTheirEvidence(t *testing.T) {
	fw := loadHDS(t)
	n := 0
	for _, c := range fw.Controls() {
		if c.EffectiveResponsibility() == framework.ResponsibilityCustomer {
			continue
		}
		n++
		has := false
		for _, s := range c.SourcesOf(framework.SourceCheck) {
			has = has || s.Keyword == "aws-artifact-certifications"
		}
		if !has {
			t.Errorf("%s is carried by AWS but does not take AWS's certificates from AWS Artifact as evidence", c.ID)
		}
	}
	if n == 0 {
		t.Error("no control is carried by AWS; the physical controls of AWS data centres are")
	}
}

func TestFitsOneAuditManagerFramework(t *testing.T) {
	fw := loadHDS(t)
	if n := len(fw.Controls()); n > framework.MaxCustomControls {
		t.Errorf("%d controls; Audit Manager allows %d custom controls per account", n, framework.MaxCustomControls)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
