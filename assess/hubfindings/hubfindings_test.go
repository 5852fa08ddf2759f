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
}
