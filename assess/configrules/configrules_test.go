package configrules_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	cstypes "github.com/aws/aws-sdk-go-v2/service/configservice/types"

	"github.com/hdsctl/hdsctl/assess/configrules"
	"github.com/hdsctl/hdsctl/assess/estate"
	"github.com/hdsctl/hdsctl/internal/testenv"
	"github.com/hdsctl/hdsctl/results"
	"github.com/hdsctl/hdsctl/sandbox"
)

const account = sandbox.DefaultAccountID

var regions = []string{"eu-west-3", "us-east-1"}

func must(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("seeding the sandbox: %s: %v", what, err)
	}
}

// seed deploys rules in eu-west-3 only: versioning (one bucket compliant,
// one not), root MFA (compliant), the password policy (no result yet).
func seed(t *testing.T, srv *sandbox.Server) {
	t.Helper()
	for _, r := range []sandbox.ConfigRule{
		{Region: "eu-west-3", Name: "s3-bucket-versioning-enabled-conformance-pack-abc123xyz", SourceIdentifier: "S3_BUCKET_VERSIONING_ENABLED",
			ResourceTypes: []string{"AWS::S3::Bucket"}},
		{Region: "eu-west-3", Name: "root-mfa", SourceIdentifier: "ROOT_ACCOUNT_MFA_ENABLED", MaximumExecutionFrequency: "TwentyFour_Hours"},
		{Region: "eu-west-3", Name: "password-policy", SourceIdentifier: "IAM_PASSWORD_POLICY", MaximumExecutionFrequency: "TwentyFour_Hours"},
	} {
		must(t, "putting rule "+r.Name, srv.PutConfigRule(r))
	}
	rule := "s3-bucket-versioning-enabled-conformance-pack-abc123xyz"
	must(t, "evaluating", srv.SetCompliance("", "eu-west-3", rule, "AWS::S3::Bucket", "hds-good", "COMPLIANT"))
	must(t, "evaluating", srv.SetEvaluation(sandbox.Evaluation{Region: "eu-west-3", RuleName: rule,
		ResourceType: "AWS::S3::Bucket", ResourceID: "hds-bad", Compliance: "NON_COMPLIANT", Annotation: "Versioning is off."}))
	must(t, "evaluating", srv.SetCompliance("", "eu-west-3", "root-mfa", "AWS::::Account", account, "COMPLIANT"))
}

var keywords = []string{"S3_BUCKET_VERSIONING_ENABLED", "ROOT_ACCOUNT_MFA_ENABLED", "IAM_PASSWORD_POLICY", "RDS_STORAGE_ENCRYPTED"}

// verdicts returns "STATUS resource region" for each finding of keyword.
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

func TestReaderJudgesRulesByTheManagedRuleTheyRun(t *testing.T) {
	srv, cfg := testenv.Sandbox(t, sandbox.Options{})
	seed(t, srv)
	r := configrules.New([]estate.Account{{ID: account, Config: cfg}}, regions, configrules.Options{Framework: "hds-v2"})
	found, err := r.Collect(t.Context(), keywords)
	if err != nil {
		t.Fatalf("Collect: %v", err)
	}
	wantVerdicts(t, found, "S3_BUCKET_VERSIONING_ENABLED",
		"FAIL arn:aws:s3:::hds-bad eu-west-3", "MANUAL AWS::::Account:"+account)
	wantVerdicts(t, found, "ROOT_ACCOUNT_MFA_ENABLED", "PASS AWS::Config::ConfigRule:root-mfa eu-west-3")
	wantVerdicts(t, found, "IAM_PASSWORD_POLICY", "MANUAL AWS::Config::ConfigRule:password-policy eu-west-3")
	wantVerdicts(t, found, "RDS_STORAGE_ENCRYPTED", "ERROR AWS::::Account:"+account)

	fail := found["S3_BUCKET_VERSIONING_ENABLED"][0]
	if fail.Status == results.Fail && !strings.Contains(fail.Message, "Versioning is off.") {
		t.Errorf("FAIL message %q, want AWS Config's annotation", fail.Message)
	}
	if msg := found["RDS_STORAGE_ENCRYPTED"][0].Message; !strings.Contains(msg, "hdsctl apply hds-v2 --target config") {
		t.Errorf("ERROR message %q, want how to deploy the rule", msg)
	}
	for _, f := range found["S3_BUCKET_VERSIONING_ENABLED"] {
		if f.Status == results.Manual && !strings.Contains(f.Message, "not in us-east-1") {
			t.Errorf("MANUAL message %q, want the Region left uncovered", f.Message)
		}
	}

	wantFrench(t, found)
	versioning := found["S3_BUCKET_VERSIONING_ENABLED"]
	i := slices.IndexFunc(versioning, func(f results.Finding) bool { return f.Status == results.Fail })
	if i < 0 {
		t.Fatalf("no FAIL finding for S3_BUCKET_VERSIONING_ENABLED: %+v", versioning)
	}
	want := "La règle AWS Config s3-bucket-versioning-enabled-conformance-pack-abc123xyz " +
		"(S3_BUCKET_VERSIONING_ENABLED) évalue la ressource AWS::S3::Bucket hds-bad comme NON_COMPLIANT : " +
		"Versioning is off ; corrigez la ressource, ou voyez dans la documentation de la règle ce qu'elle vérifie"
	if got := versioning[i].MessageFR; got != want {
		t.Errorf("FAIL message in French:\n  got  %q\n  want %q (AWS Config's annotation as AWS gives it)", got, want)
	}
}

func TestReaderReportsADeniedRegionAndGoesOn(t *testing.T) {
	srv, cfg := testenv.Sandbox(t, sandbox.Options{})
	seed(t, srv)
	regions := []string{"eu-west-3", "ap-east-1"} // an opt-in Region the account has not enabled
	found, err := configrules.New([]estate.Account{{ID: account, Config: cfg}}, regions, configrules.Options{}).
		Collect(t.Context(), keywords)
	if err != nil {
		t.Fatalf("Collect: %v", err)
	}
	wantVerdicts(t, found, "ROOT_ACCOUNT_MFA_ENABLED", "PASS AWS::Config::ConfigRule:root-mfa eu-west-3",
		"ERROR AWS::::Account:"+account+" ap-east-1")
	wantFrench(t, found)
}

func TestAggregatorReaderFindsRulesByName(t *testing.T) {
	srv, cfg := testenv.Sandbox(t, sandbox.Options{})
	seed(t, srv)
	client := configservice.NewFromConfig(cfg)
	_, err := client.PutConfigurationAggregator(t.Context(), &configservice.PutConfigurationAggregatorInput{
		ConfigurationAggregatorName: aws.String("org"),
		AccountAggregationSources: []cstypes.AccountAggregationSource{{
			AccountIds: []string{account}, AllAwsRegions: true,
		}},
	})
	must(t, "putting an aggregator", err)
	found, err := configrules.NewAggregator(cfg, "org", nil, nil, configrules.Options{}).Collect(t.Context(), keywords)
	if err != nil {
		t.Fatalf("Collect: %v", err)
	}
	wantVerdicts(t, found, "S3_BUCKET_VERSIONING_ENABLED", "FAIL arn:aws:s3:::hds-bad eu-west-3")
	wantVerdicts(t, found, "ROOT_ACCOUNT_MFA_ENABLED", "PASS AWS::Config::ConfigRule:root-mfa eu-west-3")
	wantVerdicts(t, found, "RDS_STORAGE_ENCRYPTED", "ERROR AWS::::Account:"+account)
	wantFrench(t, found)

	_, err = configrules.NewAggregator(cfg, "missing", nil, nil, configrules.Options{}).Collect(t.Context(), keywords)
	if err == nil || !strings.Contains(err.Error(), "NoSuchConfigurationAggregatorException") {
		t.Errorf("Collect through a missing aggregator: %v, want NoSuchConfigurationAggregatorException", err)
	}
}

// TestAnIAMFailureIsReportedOnceWhateverTheRegions deploys the same rules in
// two Regions, as conformance packs do: a user without MFA and the root user
// fail once each, IAM being global, while a regional setting failing in both
// Regions fails in each.
func TestAnIAMFailureIsReportedOnceWhateverTheRegions(t *testing.T) {
	srv, cfg := testenv.Sandbox(t, sandbox.Options{})
	for _, region := range regions {
		for _, r := range []sandbox.ConfigRule{
			{Region: region, Name: "user-mfa", SourceIdentifier: "IAM_USER_MFA_ENABLED", MaximumExecutionFrequency: "TwentyFour_Hours"},
			{Region: region, Name: "root-mfa", SourceIdentifier: "ROOT_ACCOUNT_MFA_ENABLED", MaximumExecutionFrequency: "TwentyFour_Hours"},
			{Region: region, Name: "ebs-default", SourceIdentifier: "EC2_EBS_ENCRYPTION_BY_DEFAULT", MaximumExecutionFrequency: "TwentyFour_Hours"},
		} {
			must(t, "putting rule "+r.Name, srv.PutConfigRule(r))
		}
		must(t, "evaluating", srv.SetCompliance("", region, "user-mfa", "AWS::IAM::User", "AIDAALICE", "NON_COMPLIANT"))
		must(t, "evaluating", srv.SetCompliance("", region, "root-mfa", "AWS::::Account", account, "NON_COMPLIANT"))
		must(t, "evaluating", srv.SetCompliance("", region, "ebs-default", "AWS::::Account", account, "NON_COMPLIANT"))
	}
	r := configrules.New([]estate.Account{{ID: account, Config: cfg}}, regions, configrules.Options{Framework: "hds-v2"})
	found, err := r.Collect(t.Context(), []string{"IAM_USER_MFA_ENABLED", "ROOT_ACCOUNT_MFA_ENABLED", "EC2_EBS_ENCRYPTION_BY_DEFAULT"})
	if err != nil {
		t.Fatalf("Collect: %v", err)
	}
	wantVerdicts(t, found, "IAM_USER_MFA_ENABLED", "FAIL AWS::IAM::User:AIDAALICE eu-west-3")
	wantVerdicts(t, found, "ROOT_ACCOUNT_MFA_ENABLED", "FAIL AWS::::Account:"+account+" eu-west-3")
	wantVerdicts(t, found, "EC2_EBS_ENCRYPTION_BY_DEFAULT",
		"FAIL AWS::::Account:"+account+" eu-west-3", "FAIL AWS::::Account:"+account+" us-east-1")
}
