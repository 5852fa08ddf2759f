package auditmanager

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/hdsctl/hdsctl/awsref"
	"github.com/hdsctl/hdsctl/framework"
)

func TestDesiredLeavesOutWhatAuditManagerRefusesAndSaysWhy(t *testing.T) {
	var rule, accepted string
	for _, r := range awsref.ConfigRules() {
		switch {
		case !r.AuditManager && rule == "":
			rule = r.Identifier
		case r.AuditManager && accepted == "":
			accepted = r.Identifier
		}
	}
	var hub string
	for _, c := range awsref.SecurityHubControls() {
		if !c.FSBP {
			hub = c.ID
			break
		}
	}
	if rule == "" || hub == "" {
		t.Skip("the reference lists have no source Audit Manager refuses")
	}
	fw := &framework.Framework{ID: "f", Languages: []string{"en"}, Name: framework.Text{EN: "F"}, ControlSets: []*framework.ControlSet{{
		ID: "S", Name: framework.Text{EN: "S"}, Controls: []*framework.Control{
			{ID: "mixed", Name: framework.Text{EN: "Mixed"}, Sources: []framework.Source{
				{Type: framework.SourceConfig, Keyword: accepted},
				{Type: framework.SourceConfig, Keyword: rule},
				{Type: framework.SourceSecurityHub, Keyword: hub},
			}},
			{ID: "none", Name: framework.Text{EN: "None"}, Sources: []framework.Source{
				{Type: framework.SourceCheck, Keyword: "eea-data-residency"},
			}},
		}}}}
	tg, err := New(aws.Config{Region: testRegion}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, notes, err := tg.Desired(fw)
	if err != nil {
		t.Fatal(err)
	}
	mixed := res[0].Spec.(*controlSpec)
	if len(mixed.Sources) != 1 || mixed.Sources[0].Keyword != accepted {
		t.Errorf("mixed sends %+v, want only %s", mixed.Sources, accepted)
	}
	none := res[1].Spec.(*controlSpec)
	if len(none.Sources) != 1 || none.Sources[0].Type != "MANUAL" || !strings.Contains(none.Sources[0].Description, "hdsctl assess f") {
		t.Errorf("none sends %+v, want one manual source pointing to hdsctl assess", none.Sources)
	}
	if len(notes) != 2 {
		t.Fatalf("notes = %+v, want one per control", notes)
	}
	for _, want := range []string{rule, "--target config", hub, "Foundational Security Best Practices"} {
		if !strings.Contains(notes[0].Message, want) {
			t.Errorf("note on mixed %q lacks %q", notes[0].Message, want)
		}
	}
	if !strings.Contains(notes[1].Message, "manual source") {
		t.Errorf("note on none %q does not say it gets a manual source", notes[1].Message)
	}
	// The warnings of validation name the same sources.
	for _, d := range framework.Validate(fw, framework.ValidateOptions{Target: framework.TargetAuditManager}).Warnings() {
		if d.Control == "mixed" && !strings.Contains(d.Message, rule) && !strings.Contains(d.Message, hub) {
			t.Errorf("validation warns about %q, which the notes do not leave out", d.Message)
		}
	}
}

func TestHashCoversWhatIsSentAndNothingElse(t *testing.T) {
	fw := &framework.Framework{ID: "f", Languages: []string{"fr", "en"}, Name: framework.Text{FR: "Cadre", EN: "Framework"}}
	c := &framework.Control{ID: "c", Name: framework.Text{FR: "Un", EN: "One"}, Tags: map[string]string{"team": "a"},
		Sources: []framework.Source{{Type: framework.SourceAPICall, Keyword: "iam_GetAccountPasswordPolicy"}}}
	base := controlSpecOf(fw, c, "fr").hash()

	c.Tags["team"] = "b"
	if controlSpecOf(fw, c, "fr").hash() != base {
		t.Errorf("the hash changed with a tag, which is not content")
	}
	c.Sources[0].Frequency = "DAILY" // what Audit Manager fills in by default
	if controlSpecOf(fw, c, "fr").hash() != base {
		t.Errorf("the hash changed with the default frequency made explicit")
	}
	if controlSpecOf(fw, c, "en").hash() == base {
		t.Errorf("the hash is the same in English and in French")
	}
	c.Description.FR = "Nouveau"
	if controlSpecOf(fw, c, "fr").hash() == base {
		t.Errorf("the hash did not change with the description")
	}
}
