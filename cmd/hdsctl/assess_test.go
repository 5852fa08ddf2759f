package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/hdsctl/hdsctl/internal/testenv"
	"github.com/hdsctl/hdsctl/results"
	"github.com/hdsctl/hdsctl/sandbox"
)

// hdsctl runs the command with args and returns its exit code, stdout and
// stderr.
func hdsctl(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// isolate gives the command an empty home, cache and AWS configuration, so
// that it neither reads the machine's credentials nor its sandbox state.
func isolate(t *testing.T) string {
	t.Helper()
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CACHE_HOME", filepath.Join(home, ".cache"))
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(home, "no-config"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(home, "no-credentials"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "AWS_ACCESS_KEY") || strings.HasPrefix(name, "AWS_SECRET") ||
			strings.HasPrefix(name, "AWS_SESSION") || strings.HasPrefix(name, "AWS_PROFILE") ||
			strings.HasPrefix(name, "AWS_ENDPOINT_URL") || name == "AWS_REGION" || name == "AWS_DEFAULT_REGION" {
			t.Setenv(name, "")
			os.Unsetenv(name)
		}
	}
	return home
}

func decodeResults(t *testing.T, stdout string) *results.Results {
	t.Helper()
	r, err := results.Decode("stdout", []byte(stdout))
	if err != nil {
		t.Fatalf("stdout is not results JSON: %v\n%s", err, stdout)
	}
	return r
}

func controlOf(r *results.Results, id string) results.Control {
	i := slices.IndexFunc(r.Controls, func(c results.Control) bool { return c.ID == id })
	if i < 0 {
		return results.Control{}
	}
	return r.Controls[i]
}

func TestAssessTheSandboxDemoAccount(t *testing.T) {
	isolate(t)
	code, stdout, stderr := hdsctl(t, "assess", "hds-v2", "--sandbox", "--organization", "-o", "json",
		"--regions", "eu-west-3,eu-central-1,us-east-1")
	if code != exitFailing {
		t.Fatalf("exit code %d, want %d (a control fails in the demo account)\nstderr:\n%s", code, exitFailing, stderr)
	}
	if !strings.Contains(stderr, "running against the sandbox") {
		t.Errorf("stderr does not say it runs against the sandbox:\n%s", stderr)
	}
	var shape struct {
		Framework   string `json:"framework"`
		Account     string `json:"account"`
		GeneratedAt string `json:"generatedAt"`
		Sandbox     bool   `json:"sandbox"`
		Controls    []struct {
			ID       string `json:"id"`
			Status   string `json:"status"`
			Findings []map[string]any
		} `json:"controls"`
		Summary map[string]int `json:"summary"`
	}
	if err := json.Unmarshal([]byte(stdout), &shape); err != nil {
		t.Fatalf("stdout is not JSON: %v", err)
	}
	if shape.Framework != "hds-v2" || shape.Account == "" || shape.GeneratedAt == "" || !shape.Sandbox || len(shape.Controls) == 0 {
		t.Errorf("results = %.300s, want framework, account, generatedAt, sandbox and controls", stdout)
	}
	for _, c := range shape.Controls {
		for _, f := range c.Findings {
			for _, key := range []string{"resource", "region", "status", "message", "source"} {
				if _, ok := f[key]; !ok {
					t.Fatalf("control %s: finding %v lacks %q", c.ID, f, key)
				}
			}
		}
	}
	for _, key := range []string{"total", "pass", "fail", "manual", "notApplicable", "error"} {
		if _, ok := shape.Summary[key]; !ok {
			t.Errorf("summary %v lacks %q", shape.Summary, key)
		}
	}
	r := decodeResults(t, stdout)
	exi28 := controlOf(r, "HDS-EXI-28")
	if exi28.Status != results.Fail || !slices.ContainsFunc(exi28.Findings, func(f results.Finding) bool {
		return f.Status == results.Fail && f.Region == "us-east-1"
	}) {
		t.Errorf("HDS-EXI-28 = %s with %v, want FAIL naming the demo's bucket in us-east-1", exi28.Status, exi28.Findings)
	}
	if len(r.Accounts) != 3 {
		t.Errorf("accounts %v, want the demo Organization's three", r.Accounts)
	}
	if r.Summary.Error != 0 {
		t.Errorf("%d controls in error on the demo Organization, want none", r.Summary.Error)
	}
	if len(r.AWSReports) == 0 {
		t.Error("no AWS Artifact report recorded")
	}
	for _, c := range r.Controls {
		for _, f := range c.Findings {
			if f.MessageFR == "" {
				t.Errorf("%s: finding %s %s from %s has no French message: %q",
					c.ID, f.Status, f.Resource, f.Source, f.Message)
			}
		}
	}
}

func TestAssessWritesEveryDocument(t *testing.T) {
	isolate(t)
	out := filepath.Join(t.TempDir(), "hds-audit")
	code, stdout, stderr := hdsctl(t, "assess", "hds-v2", "--sandbox", "--organization", "--out", out, "--regions", "eu-west-3,us-east-1")
	if code != exitFailing {
		t.Fatalf("exit code %d, want %d\nstderr:\n%s", code, exitFailing, stderr)
	}
	for _, name := range []string{"results.json", "hds-v2-report.en.html", "hds-v2-report.en.md", "hds-v2-report.en.csv",
		"hds-v2-assessment-results.en.oscal.json", "hds-v2-soa.fr.html", "hds-v2-soa.fr.xlsx"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Errorf("%s not written: %v", name, err)
		}
	}
	for _, want := range []string{"Control set", "Total", "Failing controls:", "HDS-EXI-28"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
}

func TestAssessFallsBackToTheSandboxWithoutCredentials(t *testing.T) {
	isolate(t)
	code, stdout, stderr := hdsctl(t, "assess", "hds-v2", "--regions", "eu-west-3,us-east-1", "-o", "json")
	if code != exitFailing {
		t.Fatalf("exit code %d, want %d\nstderr:\n%s", code, exitFailing, stderr)
	}
	if r := decodeResults(t, stdout); !r.Sandbox || len(r.Accounts) != 3 || controlOf(r, "HDS-EXI-28").Status != results.Fail {
		t.Errorf("results: sandbox %v, accounts %v, EXI 28 %s; want the demo Organization, failing EXI 28",
			r.Sandbox, r.Accounts, controlOf(r, "HDS-EXI-28").Status)
	}
	if !strings.Contains(stderr, "no AWS credentials are configured; running against the hdsctl sandbox") {
		t.Errorf("stderr does not say it fell back to the sandbox:\n%s", stderr)
	}
}

func TestAssessRefusesBadInputBeforeAnyCall(t *testing.T) {
	home := isolate(t)
	badAttestations := filepath.Join(home, "attestations.yaml")
	os.WriteFile(badAttestations, []byte("attestations:\n  - control: HDS-EXI-02\n    status: MAYBE\n    owner: RSSI\n    date: 2026-10-01\n"), 0o644)
	badScope := filepath.Join(home, "scope.yaml")
	os.WriteFile(badScope, []byte("activities: [7]\n"), 0o644)
	// An endpoint nobody answers on: a call would fail with code 1.
	t.Setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:1")
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "example")
	for _, tc := range []struct {
		name   string
		args   []string
		stderr string
	}{
		{"attestations", []string{"--attestations", badAttestations}, badAttestations + `:3:13: error: status "MAYBE"`},
		{"missing attestations", []string{"--attestations", filepath.Join(home, "none.yaml")}, "reading the attestation file"},
		{"scope file", []string{"--scope", badScope}, badScope + ":1:14: error: activity 7 does not exist"},
		{"activities", []string{"--activities", "3,x"}, `activity "x" is not a number`},
		{"condition", []string{"--conditions", "stores-data"}, `condition "stores-data" is unknown`},
		{"accounts", []string{"--accounts", "12345"}, `account ID "12345" is not 12 digits`},
		{"regions", []string{"--regions", "eu-paris-1"}, `Region "eu-paris-1" does not exist`},
		{"output", []string{"-o", "yaml"}, `unknown output "yaml"`},
		{"inventory", []string{"--inventory", "cmdb"}, `unknown --inventory "cmdb"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := hdsctl(t, append([]string{"assess", "hds-v2"}, tc.args...)...)
			if code != exitInvalid || !strings.Contains(stderr, tc.stderr) || stdout != "" {
				t.Errorf("exit %d, stdout %q, stderr:\n%s\nwant exit %d and %q", code, stdout, stderr, exitInvalid, tc.stderr)
			}
		})
	}
}

func TestAssessFailsWhenAWSIsUnreachable(t *testing.T) {
	isolate(t)
	t.Setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:1")
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "example")
	t.Setenv("AWS_MAX_ATTEMPTS", "1")
	code, _, stderr := hdsctl(t, "assess", "hds-v2", "--regions", "eu-west-3")
	if code != exitFailure || !strings.Contains(stderr, "sts GetCallerIdentity") || strings.Contains(stderr, "example") {
		t.Errorf("exit %d, stderr:\n%s\nwant exit %d naming the identity call, and no secret", code, stderr, exitFailure)
	}
}

// TestAssessMotoAccount is the acceptance test: on a moto account
// with a bucket in us-east-1 and one in eu-west-3, hdsctl assess hds-v2
// fails EXI 28 naming the first bucket only, and each other check behaves
// as the catalog says. moto serves the service APIs; the sandbox serves AWS
// Config, Security Hub and AWS Artifact, which moto lacks.
// useMoto points the command at a moto account holding the buckets given
// (name to Region), with the sandbox standing in for the services moto
// lacks (AWS Config, Security Hub, AWS Artifact).
func useMoto(t *testing.T, buckets map[string]string) {
	t.Helper()
	isolate(t)
	moto := testenv.Moto(t)
	_, sb := testenv.Sandbox(t, sandbox.Options{})
	for name, region := range buckets {
		in := &s3.CreateBucketInput{Bucket: aws.String(name)}
		if region != "us-east-1" {
			in.CreateBucketConfiguration = &s3types.CreateBucketConfiguration{LocationConstraint: s3types.BucketLocationConstraint(region)}
		}
		c := moto.Copy()
		c.Region = region
		if _, err := s3.NewFromConfig(c, func(o *s3.Options) { o.UsePathStyle = true }).CreateBucket(t.Context(), in); err != nil {
			t.Fatalf("creating %s in moto: %v", name, err)
		}
	}
	t.Setenv("AWS_ENDPOINT_URL", aws.ToString(moto.BaseEndpoint))
	for _, service := range []string{"CONFIG_SERVICE", "SECURITYHUB", "ARTIFACT"} {
		t.Setenv("AWS_ENDPOINT_URL_"+service, aws.ToString(sb.BaseEndpoint))
	}
	t.Setenv("AWS_ACCESS_KEY_ID", "testing")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "testing")
	t.Setenv("AWS_REGION", "us-east-1")
}

func TestAssessMotoAccount(t *testing.T) {
	useMoto(t, map[string]string{"patients-us": "us-east-1", "patients-eu": "eu-west-3"})

	code, stdout, stderr := hdsctl(t, "assess", "hds-v2", "-o", "json")
	if code != exitFailing {
		t.Fatalf("exit code %d, want %d\nstderr:\n%s", code, exitFailing, stderr)
	}
	r := decodeResults(t, stdout)
	if os.Getenv("HDSCTL_SHOW_ASSESSMENT") != "" {
		_, text, _ := hdsctl(t, "assess", "hds-v2")
		t.Log(text)
	}
	if r.Sandbox || r.Account != testenv.MotoAccount {
		t.Errorf("results from account %s (sandbox %v), want moto's %s", r.Account, r.Sandbox, testenv.MotoAccount)
	}

	exi28 := controlOf(r, "HDS-EXI-28")
	var failing []string
	for _, f := range exi28.Findings {
		if f.Status == results.Fail {
			failing = append(failing, f.Resource)
		}
	}
	if exi28.Status != results.Fail || !slices.Equal(failing, []string{"arn:aws:s3:::patients-us"}) {
		t.Errorf("HDS-EXI-28 = %s failing %v, want FAIL naming arn:aws:s3:::patients-us only\nfindings: %v",
			exi28.Status, failing, exi28.Findings)
	}

	// Each other check, on an account with two buckets and nothing else.
	account := "AWS::::Account:" + testenv.MotoAccount
	want := map[string]struct {
		status   results.Status
		resource string
	}{
		"cloudtrail-multi-region-validated": {results.Fail, account},
		"encryption-at-rest-default":        {results.Fail, account},
		"s3-public-access-blocked":          {results.Fail, "arn:aws:s3:::patients-us"},
		"kms-key-rotation":                  {results.Pass, account},
		"root-account-mfa":                  {results.Fail, account},
		"iam-password-policy":               {results.Fail, account},
		"backup-plan-coverage":              {results.Fail, account},
		"aws-artifact-certifications":       {results.Pass, ""},
	}
	for check, w := range want {
		source := "HDSCTL_CHECK:" + check
		var got []results.Finding
		for _, c := range r.Controls {
			for _, f := range c.Findings {
				if f.Source == source {
					got = append(got, f)
				}
			}
		}
		if !slices.ContainsFunc(got, func(f results.Finding) bool {
			return f.Status == w.status && (w.resource == "" || f.Resource == w.resource)
		}) {
			t.Errorf("%s: findings %v, want %s on %q", check, got, w.status, w.resource)
		}
		if slices.ContainsFunc(got, func(f results.Finding) bool { return f.Status == results.Error }) {
			t.Errorf("%s: findings %v hold errors", check, got)
		}
	}
}

func TestArtifactDownloadsTheReportsOnceTermsAreAccepted(t *testing.T) {
	isolate(t)
	out := filepath.Join(t.TempDir(), "evidence")
	code, _, stderr := hdsctl(t, "artifact", "--sandbox", "--out", out)
	if code != exitInvalid || !strings.Contains(stderr, "--accept-terms") {
		t.Errorf("without a terminal nor --accept-terms: exit %d, stderr:\n%s\nwant exit %d asking for --accept-terms", code, stderr, exitInvalid)
	}
	code, stdout, stderr := hdsctl(t, "artifact", "--sandbox", "--out", out, "--accept-terms")
	if code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	data, err := os.ReadFile(filepath.Join(out, artifactIndex))
	if err != nil {
		t.Fatal(err)
	}
	var saved []results.AWSReport
	if err := json.Unmarshal(data, &saved); err != nil || len(saved) != 2 {
		t.Fatalf("%s holds %s, want two reports", artifactIndex, data)
	}
	for _, r := range saved {
		if r.File == "" || r.Version == "" || r.PeriodEnd.IsZero() {
			t.Errorf("report %+v lacks its file, version or period", r)
		}
		if pdf, err := os.ReadFile(r.File); err != nil || !strings.HasPrefix(string(pdf), "%PDF") {
			t.Errorf("%s is not a saved PDF: %v", r.File, err)
		}
		if !strings.Contains(stdout, r.Title) {
			t.Errorf("stdout does not list %q:\n%s", r.Title, stdout)
		}
	}
	if !strings.Contains(stderr, "The terms of") || strings.Contains(stderr+stdout, "X-Amz-") {
		t.Errorf("stderr:\n%s\nwant the terms named, and no presigned URL", stderr)
	}
}

// TestAssessAllPasses checks that passing resources over the default
// detail are counted in one finding, and that --all-passes lists each.
func TestAssessAllPasses(t *testing.T) {
	const n = results.DefaultPassDetail + 3
	buckets := map[string]string{}
	for i := range n {
		buckets[fmt.Sprintf("records-%03d", i)] = "eu-west-3"
	}
	useMoto(t, buckets)
	residency := func(args ...string) (listed []string, counted int) {
		t.Helper()
		_, stdout, stderr := hdsctl(t, append([]string{"assess", "hds-v2", "-o", "json", "--regions", "eu-west-3"}, args...)...)
		r := decodeResults(t, stdout)
		if r == nil {
			t.Fatalf("no results; stderr:\n%s", stderr)
		}
		for _, f := range controlOf(r, "HDS-EXI-28").Findings {
			if f.Source != "HDSCTL_CHECK:eea-data-residency" || f.Status != results.Pass {
				continue
			}
			if f.Count > 0 {
				counted += f.Count
			} else {
				listed = append(listed, f.Resource)
			}
		}
		return listed, counted
	}

	// Over the default detail, one finding counts the passing buckets.
	listed, counted := residency()
	if len(listed) != 0 || counted != n {
		t.Errorf("by default: %d buckets listed and %d counted, want all %d counted", len(listed), counted, n)
	}
	listed, counted = residency("--all-passes")
	if len(listed) != n || counted != 0 {
		t.Errorf("with --all-passes: %d buckets listed and %d counted, want all %d listed", len(listed), counted, n)
	}
	if !slices.Contains(listed, "arn:aws:s3:::records-102") {
		t.Errorf("with --all-passes, the last bucket is not listed: %v", listed)
	}
}

// TestAssessAfterADeploymentToTheSandbox follows the README's tour: a
// deployment to the sandbox first, an assessment next. Both see the demo
// Organization, so the assessment finds its data rather than errors.
func TestAssessAfterADeploymentToTheSandbox(t *testing.T) {
	isolate(t)
	if code, _, stderr := hdsctl(t, "apply", "hds-v2", "--target", "config", "--regions", "eu-west-3",
		"--sandbox", "--auto-approve"); code != exitOK {
		t.Fatalf("apply: exit code %d\n%s", code, stderr)
	}
	code, stdout, stderr := hdsctl(t, "assess", "hds-v2", "--sandbox", "-o", "json", "--regions", "eu-west-3,us-east-1")
	if code != exitFailing {
		t.Fatalf("assess: exit code %d, want %d\n%s", code, exitFailing, stderr)
	}
	r := decodeResults(t, stdout)
	if len(r.Accounts) != 3 || r.Summary.Error != 0 || r.Summary.Fail == 0 {
		t.Errorf("assessed %d accounts with %d errors and %d failures; want the demo's 3 accounts, "+
			"failures and no error", len(r.Accounts), r.Summary.Error, r.Summary.Fail)
	}
}
