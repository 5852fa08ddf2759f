package assess_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hdsctl/hdsctl/assess"
	"github.com/hdsctl/hdsctl/assess/attest"
	"github.com/hdsctl/hdsctl/assess/inventory"
	"github.com/hdsctl/hdsctl/framework"
	"github.com/hdsctl/hdsctl/results"
)

// canned is a collector that answers from a table, for the engine's tests:
// the engine is pure, and its collectors are tested against AWS emulators.
type canned struct {
	found map[string][]results.Finding
	err   error
	asked []string
}

func (c *canned) Collect(_ context.Context, keywords []string) (map[string][]results.Finding, error) {
	c.asked = append(c.asked, keywords...)
	if c.err != nil {
		return nil, c.err
	}
	out := map[string][]results.Finding{}
	for _, k := range keywords {
		out[k] = c.found[k]
	}
	return out, nil
}

type cannedReports struct {
	reports  []results.AWSReport
	findings []results.Finding
	err      error
}

func (c cannedReports) Reports(context.Context) ([]results.AWSReport, []results.Finding, error) {
	return c.reports, c.findings, c.err
}

func finding(status results.Status, source, resource string) results.Finding {
	f := results.Finding{Resource: resource, Status: status, Source: source, Region: "eu-west-3"}
	f.Say(results.Sayf("%s is %s", "%s est %s", resource, status))
	return f
}

// wantFrench fails the test for every finding without a French message.
func wantFrench(t *testing.T, r *results.Results) {
	t.Helper()
	for _, c := range r.Controls {
		for _, f := range c.Findings {
			if f.MessageFR == "" {
				t.Errorf("%s: finding %s %s has no French message: %q", c.ID, f.Status, f.Resource, f.Message)
			}
		}
	}
}

// wantMessageFR fails the test unless a finding of control id says want in
// French.
func wantMessageFR(t *testing.T, r *results.Results, id, want string) {
	t.Helper()
	c := control(r, id)
	if !slices.ContainsFunc(c.Findings, func(f results.Finding) bool { return f.MessageFR == want }) {
		var got []string
		for _, f := range c.Findings {
			got = append(got, f.MessageFR)
		}
		t.Errorf("%s: French messages %q, want one to be %q", id, got, want)
	}
}

func loadDemo(t *testing.T) *framework.Framework {
	t.Helper()
	fw, _, err := framework.Read("testdata/demo", framework.ValidateOptions{})
	if err != nil {
		t.Fatalf("loading the demo framework: %v", err)
	}
	return fw
}

var now = time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)

// demoOptions returns collectors where every automated source passes.
func demoOptions() assess.Options {
	return assess.Options{
		Now: now,
		Collectors: map[framework.SourceType]assess.Collector{
			framework.SourceConfig: &canned{found: map[string][]results.Finding{
				"S3_BUCKET_VERSIONING_ENABLED": {finding(results.Pass, "AWS_Config:S3_BUCKET_VERSIONING_ENABLED", "rule")}}},
			framework.SourceSecurityHub: &canned{found: map[string][]results.Finding{
				"S3.1": {finding(results.Pass, "AWS_Security_Hub:S3.1", "acct")}}},
			framework.SourceCheck: &canned{found: map[string][]results.Finding{
				"eea-data-residency":   {finding(results.Pass, "HDSCTL_CHECK:eea-data-residency", "arn:aws:s3:::b")},
				"backup-plan-coverage": {finding(results.Pass, "HDSCTL_CHECK:backup-plan-coverage", "plan")}}},
		},
		Artifact: cannedReports{
			reports:  []results.AWSReport{{ID: "report-hds", Title: "AWS HDS certificate", Version: "3"}},
			findings: []results.Finding{finding(results.Pass, "HDSCTL_CHECK:aws-artifact-certifications", "report-hds")},
		},
		Estate: assess.Estate{Account: "111111111111", Accounts: []string{"111111111111"}, Regions: []string{"eu-west-3"}},
	}
}

func statuses(r *results.Results) map[string]results.Status {
	out := map[string]results.Status{}
	for _, c := range r.Controls {
		out[c.ID] = c.Status
	}
	return out
}

func run(t *testing.T, fw *framework.Framework, opts assess.Options) *results.Results {
	t.Helper()
	r, err := assess.Run(t.Context(), fw, opts)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return r
}

func wantStatuses(t *testing.T, r *results.Results, want map[string]results.Status) {
	t.Helper()
	got := statuses(r)
	for id, w := range want {
		if got[id] != w {
			c := control(r, id)
			t.Errorf("%s: status %s, want %s (reason %q, findings %v)", id, got[id], w, c.Reason.EN, c.Findings)
		}
	}
}

func control(r *results.Results, id string) results.Control {
	for _, c := range r.Controls {
		if c.ID == id {
			return c
		}
	}
	return results.Control{}
}

func TestStatusesFromAutomatedFindingsAndAttestations(t *testing.T) {
	fw := loadDemo(t)
	r := run(t, fw, demoOptions())
	wantStatuses(t, r, map[string]results.Status{
		"DEMO-RESIDENCY": results.Pass,
		"DEMO-RULES":     results.Pass,
		"DEMO-BACKUP":    results.Pass,
		// An API response is for a person to review: no verdict without
		// an attestation.
		"DEMO-POLICY": results.Manual,
		// AWS's reports evidence AWS's part only.
		"DEMO-PHYSICAL": results.Manual,
	})
	if got := control(r, "DEMO-POLICY").Reason.EN; !strings.Contains(got, "Management: Provide the signed policy.") {
		t.Errorf("DEMO-POLICY reason = %q, want what is expected and from whom", got)
	}
	if got := control(r, "DEMO-PHYSICAL").Reason.EN; !strings.Contains(got, "AWS's part is evidenced") {
		t.Errorf("DEMO-PHYSICAL reason = %q, want it to say AWS's part is evidenced", got)
	}
	if len(r.AWSReports) != 1 || r.AWSReports[0].Title != "AWS HDS certificate" {
		t.Errorf("AWSReports = %v, want the report of the artifact source", r.AWSReports)
	}
	if r.Summary.Total != 5 || r.Summary.Pass != 3 || r.Summary.Manual != 2 {
		t.Errorf("Summary = %+v, want 5 controls, 3 PASS, 2 MANUAL", r.Summary)
	}
	wantFrench(t, r)
}

func TestAnAttestationCannotOutweighAFailingResource(t *testing.T) {
	fw := loadDemo(t)
	opts := demoOptions()
	opts.Collectors[framework.SourceCheck] = &canned{found: map[string][]results.Finding{
		"eea-data-residency": {finding(results.Fail, "HDSCTL_CHECK:eea-data-residency", "arn:aws:s3:::us-bucket")},
	}}
	opts.Attestations = attestations(t, fw, `
attestations:
  - {control: DEMO-RESIDENCY, status: PASS, owner: CISO, date: 2026-11-01}
  - {control: DEMO-POLICY, status: PASS, owner: CEO, date: 2026-11-01, expires: 2027-11-01}
  - {control: DEMO-PHYSICAL, status: PASS, owner: CISO, date: 2026-11-01}
`)
	r := run(t, fw, opts)
	wantStatuses(t, r, map[string]results.Status{
		"DEMO-RESIDENCY": results.Fail,
		"DEMO-POLICY":    results.Pass,
		"DEMO-PHYSICAL":  results.Pass,
	})
	c := control(r, "DEMO-POLICY")
	if c.Attestation == nil || c.Attestation.Owner != "CEO" {
		t.Errorf("DEMO-POLICY attestation = %+v, want the CEO's", c.Attestation)
	}
	if !slices.ContainsFunc(c.Findings, func(f results.Finding) bool { return f.Source == assess.SourceAttestation }) {
		t.Errorf("DEMO-POLICY findings = %v, want one recording the attestation", c.Findings)
	}
	wantFrench(t, r)
	wantMessageFR(t, r, "DEMO-POLICY", "État PASS attesté par CEO le 2026-11-01")
}

func TestAnExpiredAttestationFails(t *testing.T) {
	fw := loadDemo(t)
	opts := demoOptions()
	opts.Attestations = attestations(t, fw, `
attestations:
  - control: DEMO-POLICY
    status: PASS
    owner: CEO
    date: 2025-01-10
    expires: 2026-01-10
    comment: policy v3
`)
	r := run(t, fw, opts)
	wantStatuses(t, r, map[string]results.Status{"DEMO-POLICY": results.Fail})
	c := control(r, "DEMO-POLICY")
	i := slices.IndexFunc(c.Findings, func(f results.Finding) bool { return f.Source == assess.SourceAttestation })
	if i < 0 || !strings.Contains(c.Findings[i].Message, "expired on 2026-01-10") {
		t.Errorf("DEMO-POLICY findings = %v, want a FAIL finding saying the attestation expired on 2026-01-10", c.Findings)
	}
	wantFrench(t, r)
	wantMessageFR(t, r, "DEMO-POLICY", "L'attestation de CEO a expiré le 2026-01-10 : réexaminez le contrôle et "+
		"renouvelez l'attestation avec une nouvelle date et une nouvelle échéance : policy v3")
}

func TestAnAttestationIsValidOnItsExpiryDay(t *testing.T) {
	fw := loadDemo(t)
	opts := demoOptions()
	opts.Attestations = attestations(t, fw, `
attestations:
  - {control: DEMO-POLICY, status: PASS, owner: CEO, date: 2025-12-03, expires: 2026-12-03}
`)
	wantStatuses(t, run(t, fw, opts), map[string]results.Status{"DEMO-POLICY": results.Pass})
}

func TestErrorsOutrankPassesAndFailuresOutrankErrors(t *testing.T) {
	fw := loadDemo(t)
	opts := demoOptions()
	opts.Collectors[framework.SourceSecurityHub] = &canned{err: errors.New("throttled for good")}
	opts.Attestations = attestations(t, fw, `
attestations:
  - {control: DEMO-RULES, status: PASS, owner: CISO, date: 2026-11-01}
`)
	r := run(t, fw, opts)
	wantStatuses(t, r, map[string]results.Status{"DEMO-RULES": results.Error})
	c := control(r, "DEMO-RULES")
	if !slices.ContainsFunc(c.Findings, func(f results.Finding) bool {
		return f.Status == results.Error && strings.Contains(f.Message, "throttled for good")
	}) {
		t.Errorf("DEMO-RULES findings = %v, want an ERROR finding quoting the collector's error", c.Findings)
	}
	wantFrench(t, r)
	wantMessageFR(t, r, "DEMO-RULES", "Impossible de recueillir cette preuve : throttled for good")

	opts.Attestations = attestations(t, fw, `
attestations:
  - {control: DEMO-RULES, status: FAIL, owner: CISO, date: 2026-11-01}
`)
	wantStatuses(t, run(t, fw, opts), map[string]results.Status{"DEMO-RULES": results.Fail})
}

func TestScopeMakesControlsNotApplicableWithTheReasonAndSkipsTheirSources(t *testing.T) {
	fw := loadDemo(t)
	opts := demoOptions()
	scope, err := assess.NewScope([]int{3, 4}, nil)
	if err != nil {
		t.Fatal(err)
	}
	opts.Scope = scope
	checks := opts.Collectors[framework.SourceCheck].(*canned)
	r := run(t, fw, opts)
	wantStatuses(t, r, map[string]results.Status{
		"DEMO-RESIDENCY": results.NotApplicable,
		"DEMO-BACKUP":    results.NotApplicable,
		"DEMO-RULES":     results.Pass,
	})
	if got := control(r, "DEMO-RESIDENCY").Reason.EN; !strings.Contains(got, `"the service stores health data" is not declared`) {
		t.Errorf("DEMO-RESIDENCY reason = %q, want the missing condition", got)
	}
	if got := control(r, "DEMO-BACKUP").Reason.FR; !strings.Contains(got, "concerne les activités 6 et l'hébergeur déclare les activités 3, 4") {
		t.Errorf("DEMO-BACKUP reason = %q, want the activities", got)
	}
	if len(checks.asked) != 0 {
		t.Errorf("checks asked for %v, want nothing: every control using them is out of scope", checks.asked)
	}
	if got := r.Scope; !slices.Equal(got.Activities, []int{3, 4}) || len(got.Conditions) != 0 {
		t.Errorf("results scope = %+v, want the declared one", got)
	}
}

func TestAnUndeclaredScopeAssessesEveryControl(t *testing.T) {
	fw := loadDemo(t)
	r := run(t, fw, demoOptions())
	if r.Summary.NotApplicable != 0 {
		t.Errorf("%d controls not applicable, want none without a scope", r.Summary.NotApplicable)
	}
	if len(r.Scope.Activities) != 6 || len(r.Scope.Conditions) != len(framework.Conditions) {
		t.Errorf("results scope = %+v, want every activity and condition, as assessed", r.Scope)
	}
}

func TestAKeywordWithoutFindingIsAnError(t *testing.T) {
	fw := loadDemo(t)
	opts := demoOptions()
	opts.Collectors[framework.SourceConfig] = &canned{}
	r := run(t, fw, opts)
	wantStatuses(t, r, map[string]results.Status{"DEMO-RULES": results.Error})
	wantFrench(t, r)
	wantMessageFR(t, r, "DEMO-RULES",
		"Le collecteur n'a renvoyé aucun constat pour ce mot-clé : hdsctl ne peut rien en conclure")
}

func TestTheEmbeddedFrameworkAssessesEveryControlOnce(t *testing.T) {
	fw, _, err := framework.Read("hds-v2", framework.ValidateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	everyKeyword := func(t framework.SourceType) *canned {
		c := &canned{found: map[string][]results.Finding{}}
		for _, ctl := range fw.Controls() {
			for _, s := range ctl.SourcesOf(t) {
				c.found[s.Keyword] = []results.Finding{finding(results.Pass, string(t)+":"+s.Keyword, "r")}
			}
		}
		return c
	}
	opts := demoOptions()
	for _, t := range []framework.SourceType{framework.SourceConfig, framework.SourceSecurityHub, framework.SourceCheck} {
		opts.Collectors[t] = everyKeyword(t)
	}
	opts.Collectors[framework.SourceCheck].(*canned).found["eea-data-residency"] = []results.Finding{
		finding(results.Fail, "HDSCTL_CHECK:eea-data-residency", "arn:aws:s3:::us-bucket")}
	r := run(t, fw, opts)
	if len(r.Controls) != len(fw.Controls()) {
		t.Fatalf("%d results for %d controls", len(r.Controls), len(fw.Controls()))
	}
	for i, c := range fw.Controls() {
		if r.Controls[i].ID != c.ID {
			t.Fatalf("result %d is %s, want %s: the framework's order", i, r.Controls[i].ID, c.ID)
		}
	}
	wantStatuses(t, r, map[string]results.Status{"HDS-EXI-28": results.Fail})
	for _, c := range r.Controls {
		if c.Status == results.Error {
			t.Errorf("%s is ERROR: %v", c.ID, c.Findings)
		}
		if c.Status == results.Manual && c.Reason.IsZero() {
			t.Errorf("%s is MANUAL without saying what is expected", c.ID)
		}
	}
	if r.Summary.Fail == 0 || r.Summary.Pass == 0 || r.Summary.Manual == 0 {
		t.Errorf("Summary = %+v, want some of each", r.Summary)
	}
	wantFrench(t, r)
}

func TestAnUnknownCheckIsAnErrorInBothLanguages(t *testing.T) {
	read := func(context.Context, []inventory.Fact) (*inventory.Inventory, error) {
		t.Error("the inventory was read for a check hdsctl does not implement")
		return nil, errors.New("not read")
	}
	found, err := assess.Checks(read).Collect(t.Context(), []string{"no-such-check"})
	if err != nil {
		t.Fatalf("Collect: %v", err)
	}
	fs := found["no-such-check"]
	if len(fs) != 1 || fs[0].Status != results.Error {
		t.Fatalf("findings = %+v, want one ERROR", fs)
	}
	en := `this version of hdsctl does not implement the check "no-such-check": upgrade hdsctl`
	fr := "Cette version de hdsctl n'implémente pas la vérification « no-such-check » : mettez hdsctl à jour"
	if fs[0].Message != en || fs[0].MessageFR != fr {
		t.Errorf("messages:\n  got  %q\n       %q\n  want %q\n       %q", fs[0].Message, fs[0].MessageFR, en, fr)
	}
}

func TestAnUnreadableAWSArtifactIsAnErrorSayingWhatToAllow(t *testing.T) {
	fw := loadDemo(t)
	opts := demoOptions()
	opts.Artifact = cannedReports{err: errors.New("AccessDeniedException: not authorized")}
	r := run(t, fw, opts)
	var got []results.Finding
	for _, c := range r.Controls {
		for _, f := range c.Findings {
			if f.Source == "HDSCTL_CHECK:"+assess.CheckArtifact {
				got = append(got, f)
			}
		}
	}
	if len(got) == 0 {
		t.Fatal("no finding of the AWS Artifact check")
	}
	for _, f := range got {
		if f.Status != results.Error {
			t.Errorf("status %s, want ERROR", f.Status)
		}
		for _, want := range []string{"AccessDeniedException: not authorized", "artifact:ListReports", "artifact:GetReportMetadata"} {
			if !strings.Contains(f.Message, want) || !strings.Contains(f.MessageFR, want) {
				t.Errorf("messages %q / %q do not name %s", f.Message, f.MessageFR, want)
			}
		}
		if !strings.Contains(f.MessageFR, "autorisez l'identité de hdsctl") {
			t.Errorf("the French message gives its advice in another language: %q", f.MessageFR)
		}
	}
	if len(r.AWSReports) != 0 {
		t.Errorf("AWSReports = %v, want none", r.AWSReports)
	}
}

func attestations(t *testing.T, fw *framework.Framework, yaml string) *attest.Set {
	t.Helper()
	set, err := attest.Parse("attestations.yaml", []byte(yaml), fw)
	if err != nil {
		t.Fatalf("parsing attestations: %v", err)
	}
	return set
}
