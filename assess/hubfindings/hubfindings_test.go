package hubfindings_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hdsctl/hdsctl/assess/estate"
	"github.com/hdsctl/hdsctl/assess/hubfindings"
	"github.com/hdsctl/hdsctl/internal/testenv"
	"github.com/hdsctl/hdsctl/results"
	"github.com/hdsctl/hdsctl/sandbox"
)

const account = sandbox.DefaultAccountID

func must(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("seeding the sandbox: %s: %v", what, err)
	}
}

func put(t *testing.T, srv *sandbox.Server, cf sandbox.ControlFinding) {
	t.Helper()
	_, err := srv.PutControlFinding(cf)
	must(t, "putting a finding of "+cf.ControlID, err)
}

func verdicts(found map[string][]results.Finding, keyword string) []string {
	var out []string
	for _, f := range found[keyword] {
		out = append(out, strings.TrimSpace(fmt.Sprintf("%s %s %s", f.Status, f.Resource, f.Region)))
	}
	slices.Sort(out)
	return out
}

func wantVerdicts(t *testing.T, found map[string][]results.Finding, keyword string, want ...string) {
	t.Helper()
	slices.Sort(want)
	if got := verdicts(found, keyword); !slices.Equal(got, want) {
		t.Errorf("%s:\n  got  %q\n  want %q\nfindings: %+v", keyword, got, want, found[keyword])
	}
}

// wantFrench fails the test for every finding without a French message.
func wantFrench(t *testing.T, found map[string][]results.Finding) {
	t.Helper()
	for k, fs := range found {
		for _, f := range fs {
			if f.MessageFR == "" {
				t.Errorf("%s: finding %s %s has no French message: %q", k, f.Status, f.Resource, f.Message)
			}
		}
	}
}

func TestReaderMapsControlFindings(t *testing.T) {
	srv, cfg := testenv.Sandbox(t, sandbox.Options{})
	must(t, "enabling Security Hub", srv.EnableSecurityHub("", "eu-west-3", sandbox.SecurityHubOptions{}))
	bucket := "arn:aws:s3:::hds-data"
	acct := "AWS::::Account:" + account
	put(t, srv, sandbox.ControlFinding{Region: "eu-west-3", ControlID: "S3.1", Status: "FAILED",
		Title: "S3 general purpose buckets should have block public access settings enabled", ResourceType: "AwsAccount", ResourceID: acct})
	put(t, srv, sandbox.ControlFinding{Region: "eu-west-3", ControlID: "S3.5", Status: "PASSED",
		Title: "S3 buckets should require requests to use SSL", ResourceType: "AwsS3Bucket", ResourceID: bucket})
	put(t, srv, sandbox.ControlFinding{Region: "eu-west-3", ControlID: "IAM.6", Status: "FAILED",
		Title: "Hardware MFA should be enabled for the root user", ResourceType: "AwsAccount", ResourceID: acct,
		WorkflowStatus: "SUPPRESSED"})
	put(t, srv, sandbox.ControlFinding{Region: "eu-west-3", ControlID: "CloudTrail.4", Status: "FAILED",
		Title: "CloudTrail log file validation should be enabled", ResourceType: "AwsCloudTrailTrail",
		ResourceID: "arn:aws:cloudtrail:eu-west-3:" + account + ":trail/old", RecordState: "ARCHIVED"})

	r := hubfindings.New([]estate.Account{{ID: account, Config: cfg}}, []string{"eu-west-3", "us-east-1"}, hubfindings.Options{})
	found, err := r.Collect(t.Context(), []string{"S3.1", "S3.5", "IAM.6", "CloudTrail.4"})
	if err != nil {
		t.Fatalf("Collect: %v", err)
	}
	notEnabled := "MANUAL " + acct
	wantVerdicts(t, found, "S3.1", "FAIL "+acct+" eu-west-3", notEnabled)
	wantVerdicts(t, found, "S3.5", "PASS "+bucket+" eu-west-3", notEnabled)
	// A suppressed failure is a risk accepted: neither pass nor fail.
	wantVerdicts(t, found, "IAM.6", "MANUAL "+acct+" eu-west-3", notEnabled)
	// An archived finding is not current.
	wantVerdicts(t, found, "CloudTrail.4", "NOT_APPLICABLE "+acct, notEnabled)

	if msg := found["S3.1"][0].Message; !strings.Contains(msg, "S3.1 is FAILED") {
		t.Errorf("message %q, want the control and its status", msg)
	}
	wantFrench(t, found)
	want := "Le contrôle Security Hub IAM.6 a le statut FAILED pour la ressource AwsAccount " + acct +
		" : Hardware MFA should be enabled for the root user ; le résultat est supprimé dans Security Hub " +
		"(risque examiné et accepté) : présentez-en la justification à l'auditeur"
	if got := found["IAM.6"][0].MessageFR; got != want {
		t.Errorf("suppressed finding in French:\n  got  %q\n  want %q (Security Hub's title as AWS gives it)", got, want)
	}
}

func TestReaderSaysWhenSecurityHubIsOff(t *testing.T) {
	_, cfg := testenv.Sandbox(t, sandbox.Options{})
	r := hubfindings.New([]estate.Account{{ID: account, Config: cfg}}, []string{"eu-west-3"}, hubfindings.Options{})
	found, err := r.Collect(t.Context(), []string{"S3.1"})
	if err != nil {
		t.Fatalf("Collect: %v", err)
	}
	wantVerdicts(t, found, "S3.1", "ERROR AWS::::Account:"+account)
	if msg := found["S3.1"][0].Message; !strings.Contains(msg, "enable-security-hub") {
		t.Errorf("message %q, want how to enable Security Hub", msg)
	}
	wantFrench(t, found)
	want := "Security Hub n'est activé dans ce compte dans aucune des Régions lues (eu-west-3), si bien que " +
		"le contrôle S3.1 n'est pas évalué : activez-le avec la norme AWS Foundational Security Best Practices " +
		"(aws securityhub enable-security-hub --enable-default-standards, dans chaque Région)"
	if got := found["S3.1"][0].MessageFR; got != want {
		t.Errorf("message in French:\n  got  %q\n  want %q", got, want)
	}
}

// TestAnIAMUserIsJudgedOnceWhateverTheRegions puts the findings Security
// Hub makes in two Regions on one IAM user: the user fails once, with the
// worse of the two; a regional resource keeps its finding per Region.
func TestAnIAMUserIsJudgedOnceWhateverTheRegions(t *testing.T) {
	srv, cfg := testenv.Sandbox(t, sandbox.Options{})
	regions := []string{"eu-west-3", "eu-west-1"}
	user := "arn:aws:iam::" + account + ":user/alice"
	for _, region := range regions {
		must(t, "enabling Security Hub", srv.EnableSecurityHub("", region, sandbox.SecurityHubOptions{}))
		put(t, srv, sandbox.ControlFinding{Region: region, ControlID: "EC2.7", Status: "FAILED",
			Title: "EBS default encryption should be enabled", ResourceType: "AwsAccount",
			ResourceID: "AWS::::Account:" + account})
	}
	put(t, srv, sandbox.ControlFinding{Region: "eu-west-1", ControlID: "IAM.5", Status: "PASSED",
		Title: "MFA should be enabled for all IAM users that have a console password", ResourceType: "AwsIamUser", ResourceID: user})
	put(t, srv, sandbox.ControlFinding{Region: "eu-west-3", ControlID: "IAM.5", Status: "FAILED",
		Title: "MFA should be enabled for all IAM users that have a console password", ResourceType: "AwsIamUser", ResourceID: user})

	r := hubfindings.New([]estate.Account{{ID: account, Config: cfg}}, regions, hubfindings.Options{})
	found, err := r.Collect(t.Context(), []string{"IAM.5", "EC2.7"})
	if err != nil {
		t.Fatalf("Collect: %v", err)
	}
	wantVerdicts(t, found, "IAM.5", "FAIL "+user+" eu-west-3")
	wantVerdicts(t, found, "EC2.7", "FAIL AWS::::Account:"+account+" eu-west-1", "FAIL AWS::::Account:"+account+" eu-west-3")
}
