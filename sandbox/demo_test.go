package sandbox

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	cfgtypes "github.com/aws/aws-sdk-go-v2/service/configservice/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	shtypes "github.com/aws/aws-sdk-go-v2/service/securityhub/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

func TestDemoIsOptIn(t *testing.T) {
	sb := startSandbox(t, Options{})
	cfg := sb.config("eu-west-3", "AKIATEST")
	rules, err := cfg.DescribeConfigRules(ctx, &configservice.DescribeConfigRulesInput{})
	if err != nil || len(rules.ConfigRules) != 0 {
		t.Errorf("without Demo, DescribeConfigRules = %d rules, %v; want none", len(rules.ConfigRules), err)
	}
	if _, err := sb.securityHub("eu-west-3", "AKIATEST").DescribeHub(ctx, &securityhub.DescribeHubInput{}); errorCode(err) != "InvalidAccessException" {
		t.Errorf("without Demo, Security Hub answered %v; want not subscribed", err)
	}
	if !sb.st.empty() {
		t.Error("without Demo, the state is not empty")
	}
}

// aggregateBuckets lists the demo's buckets through its aggregator.
func aggregateBuckets(t *testing.T, cfg *configservice.Client) []cfgtypes.AggregateResourceIdentifier {
	t.Helper()
	var out []cfgtypes.AggregateResourceIdentifier
	pages := configservice.NewListAggregateDiscoveredResourcesPaginator(cfg, &configservice.ListAggregateDiscoveredResourcesInput{
		ConfigurationAggregatorName: aws.String("medisante-organisation"), ResourceType: cfgtypes.ResourceTypeBucket})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			t.Fatalf("ListAggregateDiscoveredResources: %v", err)
		}
		out = append(out, page.ResourceIdentifiers...)
	}
	return out
}

func TestDemoHoldsOneBucketOutsideTheEEA(t *testing.T) {
	sb := startSandbox(t, Options{Demo: true})
	cfg := sb.config("eu-west-3", "AKIATEST")
	var outside []string
	buckets := aggregateBuckets(t, cfg)
	for _, b := range buckets {
		if r := aws.ToString(b.SourceRegion); r != "eu-west-3" && r != "eu-central-1" {
			outside = append(outside, aws.ToString(b.SourceAccountId)+"/"+r+"/"+aws.ToString(b.ResourceId))
		}
	}
	if want := []string{"345678901234/us-east-1/medisante-analytics-exports-us"}; !slices.Equal(outside, want) {
		t.Errorf("buckets outside the EEA = %v, want %v (of %d buckets)", outside, want, len(buckets))
	}
	// The patient records replicate to Frankfurt, whose bucket the
	// aggregator also lists.
	items, err := cfg.BatchGetAggregateResourceConfig(ctx, &configservice.BatchGetAggregateResourceConfigInput{
		ConfigurationAggregatorName: aws.String("medisante-organisation"),
		ResourceIdentifiers: []cfgtypes.AggregateResourceIdentifier{{SourceAccountId: aws.String(DemoProductionAccountID), SourceRegion: aws.String("eu-west-3"),
			ResourceId: aws.String("medisante-prod-dossiers-patients"), ResourceType: cfgtypes.ResourceTypeBucket}}})
	if err != nil || len(items.BaseConfigurationItems) != 1 {
		t.Fatalf("BatchGetAggregateResourceConfig = %+v, %v", items, err)
	}
	repl := items.BaseConfigurationItems[0].SupplementaryConfiguration["BucketReplicationConfiguration"]
	if !strings.Contains(repl, `"bucketARN":"arn:aws:s3:::medisante-prod-dossiers-patients-pra"`) {
		t.Errorf("replication = %s", repl)
	}
}

func TestDemoConfigResultsTellTheStory(t *testing.T) {
	sb := startSandbox(t, Options{Demo: true})
	cfg := sb.config("eu-west-3", "AKIATEST")
	failing := map[string]bool{}
	pages := configservice.NewDescribeAggregateComplianceByConfigRulesPaginator(cfg, &configservice.DescribeAggregateComplianceByConfigRulesInput{
		ConfigurationAggregatorName: aws.String("medisante-organisation"),
		Filters:                     &cfgtypes.ConfigRuleComplianceFilters{ComplianceType: cfgtypes.ComplianceTypeNonCompliant}})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range page.AggregateComplianceByConfigRules {
			failing[aws.ToString(r.AccountId)+"/"+aws.ToString(r.AwsRegion)+"/"+aws.ToString(r.ConfigRuleName)] = true
		}
	}
	for _, want := range []string{
		"210987654321/eu-west-3/encrypted-volumes",
		"210987654321/eu-west-3/db-instance-backup-enabled",
		"210987654321/eu-west-3/cmk-backing-key-rotation-enabled",
		"210987654321/eu-west-3/ec2-ebs-encryption-by-default",
		"210987654321/eu-west-3/s3-bucket-versioning-enabled",
		"345678901234/eu-west-3/cloud-trail-log-file-validation-enabled",
		"345678901234/eu-west-3/iam-password-policy",
		"345678901234/eu-west-3/root-account-mfa-enabled",
	} {
		if !failing[want] {
			t.Errorf("%s is not NON_COMPLIANT", want)
		}
	}
	for _, passing := range []string{"123456789012/eu-west-3/iam-password-policy", "123456789012/eu-west-3/cloud-trail-log-file-validation-enabled",
		"210987654321/eu-central-1/ec2-ebs-encryption-by-default"} {
		if failing[passing] {
			t.Errorf("%s is NON_COMPLIANT", passing)
		}
	}
	details, err := cfg.GetAggregateComplianceDetailsByConfigRule(ctx, &configservice.GetAggregateComplianceDetailsByConfigRuleInput{
		ConfigurationAggregatorName: aws.String("medisante-organisation"), ConfigRuleName: aws.String("encrypted-volumes"),
		AccountId: aws.String(DemoProductionAccountID), AwsRegion: aws.String("eu-west-3"), ComplianceType: cfgtypes.ComplianceTypeNonCompliant})
	if err != nil || len(details.AggregateEvaluationResults) != 1 ||
		aws.ToString(details.AggregateEvaluationResults[0].EvaluationResultIdentifier.EvaluationResultQualifier.ResourceId) != "vol-0d3e5a1c2b4f60002" {
		t.Errorf("the unencrypted volume: %+v, %v", details, err)
	}
}

func TestDemoSecurityHubFindings(t *testing.T) {
	sb := startSandbox(t, Options{Demo: true})
	sh := sb.securityHub("eu-west-3", "AKIATEST")
	var failed []string
	pages := securityhub.NewGetFindingsPaginator(sh, &securityhub.GetFindingsInput{Filters: &shtypes.AwsSecurityFindingFilters{
		ComplianceStatus: eq("FAILED"), RecordState: eq("ACTIVE"), WorkflowStatus: eq("NEW"), Region: eq("eu-west-3"),
	}})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range page.Findings {
			failed = append(failed, aws.ToString(f.AwsAccountId)+"/"+aws.ToString(f.Compliance.SecurityControlId))
		}
	}
	sort.Strings(failed)
	want := []string{"210987654321/EC2.19", "210987654321/IAM.1", "210987654321/RDS.38", "210987654321/SSM.2",
		"345678901234/CloudTrail.4", "345678901234/GuardDuty.10", "345678901234/IAM.6", "345678901234/IAM.9", "345678901234/Lambda.2"}
	if !slices.Equal(failed, want) {
		t.Errorf("active new failed findings in Paris = %v, want %v (the suppressed IAM.6 and the archived EC2.19 of production left out)", failed, want)
	}
	us, err := sb.securityHub("us-east-1", "AKIATEST").GetFindings(ctx, &securityhub.GetFindingsInput{})
	if err != nil || len(us.Findings) != 6 {
		t.Fatalf("the N. Virginia hub lists %d findings (%v), want Config.1 and GuardDuty.1 of 3 accounts", len(us.Findings), err)
	}
	for _, f := range us.Findings {
		if aws.ToString(f.Region) != "us-east-1" {
			t.Errorf("the N. Virginia hub lists a finding of %s", aws.ToString(f.Region))
		}
	}
}

func TestDemoServiceAPIs(t *testing.T) {
	sb := startSandbox(t, Options{Demo: true})
	analytics := clientConfig(sb.URL, "us-east-1", "AKIADEMOANALYTICS001")
	policy, err := iam.NewFromConfig(analytics).GetAccountPasswordPolicy(ctx, &iam.GetAccountPasswordPolicyInput{})
	if err != nil || aws.ToInt32(policy.PasswordPolicy.MinimumPasswordLength) != 8 {
		t.Errorf("the analytics password policy = %+v, %v", policy, err)
	}
	summary, err := iam.NewFromConfig(analytics).GetAccountSummary(ctx, &iam.GetAccountSummaryInput{})
	if err != nil || summary.SummaryMap["AccountMFAEnabled"] != 0 {
		t.Errorf("analytics root MFA = %v, %v", summary.SummaryMap["AccountMFAEnabled"], err)
	}

	prod := clientConfig(sb.URL, "eu-west-3", "AKIADEMOPRODUCTION01")
	key, err := kms.NewFromConfig(prod).GetKeyRotationStatus(ctx, &kms.GetKeyRotationStatusInput{KeyId: aws.String("alias/medisante-imagerie")})
	if err != nil || key.KeyRotationEnabled {
		t.Errorf("rotation of alias/medisante-imagerie = %+v, %v; want off", key, err)
	}
	def, err := ec2.NewFromConfig(prod).GetEbsEncryptionByDefault(ctx, &ec2.GetEbsEncryptionByDefaultInput{})
	if err != nil || aws.ToBool(def.EbsEncryptionByDefault) {
		t.Errorf("production's EBS encryption by default in Paris = %v, %v; want off", def, err)
	}
	snaps, err := ec2.NewFromConfig(prod).DescribeSnapshots(ctx, &ec2.DescribeSnapshotsInput{OwnerIds: []string{"self"}})
	if err != nil || len(snaps.Snapshots) != 2 {
		t.Errorf("production's snapshots in Paris = %+v, %v", snaps, err)
	}
	accounts, err := organizations.NewFromConfig(clientConfig(sb.URL, "us-east-1", "AKIATEST")).ListAccounts(ctx, &organizations.ListAccountsInput{})
	if err != nil || len(accounts.Accounts) != 3 || !strings.Contains(aws.ToString(accounts.Accounts[2].Name), "(demo)") {
		t.Errorf("ListAccounts = %+v, %v", accounts, err)
	}
	// The members answer through AssumeRole as well as their own keys.
	role, err := sb.sts("AKIATEST").AssumeRole(ctx, assumeRoleInput("arn:aws:iam::"+DemoAnalyticsAccountID+":role/hdsctl-assess"))
	if err != nil {
		t.Fatal(err)
	}
	rc := clientConfig(sb.URL, "eu-west-3", aws.ToString(role.Credentials.AccessKeyId))
	rules, err := configservice.NewFromConfig(rc).DescribeConfigRules(ctx, &configservice.DescribeConfigRulesInput{ConfigRuleNames: []string{"iam-password-policy"}})
	if err != nil || len(rules.ConfigRules) != 1 {
		t.Errorf("the analytics rules through AssumeRole: %+v, %v", rules, err)
	}
}

// catalogKeywords reads the keywords of one source type from the hds-v2
// catalog, or skips the test when the catalog is not beside the sandbox.
func catalogKeywords(t *testing.T, sourceType string) []string {
	t.Helper()
	files, _ := filepath.Glob("../frameworks/hds-v2/sets/*.yaml")
	if len(files) == 0 {
		t.Skip("the hds-v2 catalog is not at ../frameworks/hds-v2/sets")
	}
	re := regexp.MustCompile(`type: ` + sourceType + `\s+keyword: (\S+)`)
	seen := map[string]bool{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(data), -1) {
			seen[m[1]] = true
		}
	}
	var out []string
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestDemoCoversTheCatalog(t *testing.T) {
	var ids []string
	for _, r := range demoRules {
		ids = append(ids, r.id)
	}
	for _, k := range catalogKeywords(t, "AWS_Config") {
		if !slices.Contains(ids, k) {
			t.Errorf("the catalog names the Config rule %s, which demoRules does not deploy", k)
		}
	}
	sb := startSandbox(t, Options{Demo: true})
	controls := map[string]bool{}
	for _, a := range sb.st.Accounts {
		for _, rs := range a.Regions {
			if rs.Hub == nil {
				continue
			}
			for _, raw := range rs.Hub.Findings {
				for _, id := range regexp.MustCompile(`"SecurityControlId":"([^"]+)"`).FindAllStringSubmatch(string(raw), -1) {
					controls[id[1]] = true
				}
			}
		}
	}
	for _, k := range catalogKeywords(t, "AWS_Security_Hub") {
		if !controls[k] && k != "RDS.39" { // RDS.39 is for MySQL, which the demo does not run
			t.Errorf("the catalog names the Security Hub control %s, for which the demo has no finding", k)
		}
	}
}

func TestDemoIsSeededOnceAndOnReset(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sandbox.json")
	first, err := New(Options{StatePath: path, Demo: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := first.SetIAMSettings(DemoAnalyticsAccountID, IAMSettings{RootMFA: true}); err != nil {
		t.Fatal(err)
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}

	sb := startSandbox(t, Options{StatePath: path, Demo: true})
	analytics := iam.NewFromConfig(clientConfig(sb.URL, "us-east-1", "AKIADEMOANALYTICS001"))
	if _, err := analytics.GetAccountPasswordPolicy(ctx, &iam.GetAccountPasswordPolicyInput{}); errorCode(err) != "NoSuchEntity" {
		t.Errorf("a restart seeded the demo over the saved state: %v", err)
	}
	if err := sb.Reset(); err != nil {
		t.Fatal(err)
	}
	if _, err := analytics.GetAccountPasswordPolicy(ctx, &iam.GetAccountPasswordPolicyInput{}); err != nil {
		t.Errorf("after Reset, the demo's policy is missing: %v", err)
	}
	info, err := os.Stat(path)
	if err != nil || info.Size() > 4<<20 {
		t.Errorf("the demo's state file is %d bytes (%v); keep it under 4 MB", info.Size(), err)
	}
}

func TestDemoIsDeterministic(t *testing.T) {
	items := func() []string {
		sb := startSandbox(t, Options{Demo: true})
		cfg := sb.config("eu-west-3", "AKIATEST")
		var ids []cfgtypes.AggregateResourceIdentifier
		for _, typ := range []cfgtypes.ResourceType{cfgtypes.ResourceTypeBucket, cfgtypes.ResourceTypeVolume, cfgtypes.ResourceTypeDBInstance, cfgtypes.ResourceType("AWS::KMS::Key")} {
			out, err := cfg.ListAggregateDiscoveredResources(ctx, &configservice.ListAggregateDiscoveredResourcesInput{
				ConfigurationAggregatorName: aws.String("medisante-organisation"), ResourceType: typ})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, out.ResourceIdentifiers...)
		}
		var got []string
		for start := 0; start < len(ids); start += 100 {
			out, err := cfg.BatchGetAggregateResourceConfig(ctx, &configservice.BatchGetAggregateResourceConfigInput{
				ConfigurationAggregatorName: aws.String("medisante-organisation"), ResourceIdentifiers: ids[start:min(start+100, len(ids))]})
			if err != nil {
				t.Fatal(err)
			}
			for _, it := range out.BaseConfigurationItems {
				got = append(got, aws.ToString(it.Arn)+" "+aws.ToString(it.ConfigurationStateId)+" "+aws.ToString(it.Configuration))
			}
		}
		return got
	}
	first, second := items(), items()
	if len(first) < 20 || !slices.Equal(first, second) {
		t.Errorf("two demo seeds differ or are small: %d and %d items", len(first), len(second))
	}
}

func TestDemoNeedsNoTwoMembers(t *testing.T) {
	sb := startSandbox(t, Options{Demo: true, Accounts: []Account{{ID: "111122223333"}}})
	cfg := sb.config("eu-west-3", "AKIATEST")
	for _, b := range aggregateBuckets(t, cfg) {
		if a := aws.ToString(b.SourceAccountId); a != DefaultAccountID && a != "111122223333" {
			t.Errorf("a bucket in account %s, which the options do not name", a)
		}
	}
	_, err := sb.sts("AKIATEST").AssumeRole(ctx, assumeRoleInput("arn:aws:iam::"+DemoAnalyticsAccountID+":role/x"))
	var denied interface{ ErrorCode() string }
	if !errors.As(err, &denied) || denied.ErrorCode() != "AccessDenied" {
		t.Errorf("assuming a role in an account the options do not name gave %v", err)
	}
}

func assumeRoleInput(roleARN string) *sts.AssumeRoleInput {
	return &sts.AssumeRoleInput{RoleArn: aws.String(roleARN), RoleSessionName: aws.String("hdsctl-test")}
}
