package sandbox

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/configservice/types"
)

const hdsPackTemplate = `Parameters:
  MaxAccessKeyAge:
    Type: String
    Default: "90"
Resources:
  AccessKeysRotated:
    Type: AWS::Config::ConfigRule
    Properties:
      ConfigRuleName: access-keys-rotated
      InputParameters:
        maxAccessKeyAge: !Ref MaxAccessKeyAge
      Source:
        Owner: AWS
        SourceIdentifier: ACCESS_KEYS_ROTATED
  RestrictedSSH:
    Type: AWS::Config::ConfigRule
    Properties:
      ConfigRuleName: restricted-ssh
      Source:
        Owner: AWS
        SourceIdentifier: INCOMING_SSH_DISABLED
`

// rulesTemplate is a JSON template of n managed rules.
func rulesTemplate(n int, prefix string) string {
	var b strings.Builder
	b.WriteString(`{"Resources": {`)
	for i := range n {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `"R%d": {"Type": "AWS::Config::ConfigRule", "Properties": {"ConfigRuleName": "%s-%d", "Source": {"Owner": "AWS", "SourceIdentifier": "INCOMING_SSH_DISABLED"}}}`, i, prefix, i)
	}
	b.WriteString("}}")
	return b.String()
}

func putPack(t *testing.T, cfg *configservice.Client, name, body string) string {
	t.Helper()
	out, err := cfg.PutConformancePack(ctx, &configservice.PutConformancePackInput{ConformancePackName: aws.String(name), TemplateBody: aws.String(body)})
	if err != nil {
		t.Fatalf("PutConformancePack %s: %v", name, err)
	}
	return *out.ConformancePackArn
}

func packState(t *testing.T, cfg *configservice.Client, name string) types.ConformancePackStatusDetail {
	t.Helper()
	out, err := cfg.DescribeConformancePackStatus(ctx, &configservice.DescribeConformancePackStatusInput{ConformancePackNames: []string{name}})
	if err != nil {
		t.Fatalf("DescribeConformancePackStatus: %v", err)
	}
	return out.ConformancePackStatusDetails[0]
}

// waitPack polls until the pack leaves the state it is in.
func waitPack(t *testing.T, cfg *configservice.Client, name string, from types.ConformancePackState) types.ConformancePackStatusDetail {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		st := packState(t, cfg, name)
		if st.ConformancePackState != from || time.Now().After(deadline) {
			return st
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestConformancePackLifecycle(t *testing.T) {
	sb := startSandbox(t, Options{ConformancePackDelay: 50 * time.Millisecond})
	cfg := sb.config("eu-west-3", "AKIATEST")

	arn := putPack(t, cfg, "hds-v2-part-1", hdsPackTemplate)
	if !strings.HasPrefix(arn, "arn:aws:config:eu-west-3:123456789012:conformance-pack/hds-v2-part-1/conformance-pack-") {
		t.Errorf("ARN = %s", arn)
	}
	if st := packState(t, cfg, "hds-v2-part-1"); st.ConformancePackState != types.ConformancePackStateCreateInProgress {
		t.Errorf("right after the put the pack is %s, want CREATE_IN_PROGRESS", st.ConformancePackState)
	}
	_, err := cfg.DeleteConformancePack(ctx, &configservice.DeleteConformancePackInput{ConformancePackName: aws.String("hds-v2-part-1")})
	var inUse *types.ResourceInUseException
	if !errors.As(err, &inUse) {
		t.Errorf("deleting a pack in progress gave %v, want ResourceInUseException", err)
	}
	if st := waitPack(t, cfg, "hds-v2-part-1", types.ConformancePackStateCreateInProgress); st.ConformancePackState != types.ConformancePackStateCreateComplete || st.LastUpdateCompletedTime == nil {
		t.Fatalf("after the delay the pack is %s, want CREATE_COMPLETE", st.ConformancePackState)
	}

	described, err := cfg.DescribeConformancePacks(ctx, &configservice.DescribeConformancePacksInput{})
	if err != nil || len(described.ConformancePackDetails) != 1 || *described.ConformancePackDetails[0].ConformancePackArn != arn {
		t.Fatalf("DescribeConformancePacks = %+v, %v", described, err)
	}

	compliance, err := cfg.DescribeConformancePackCompliance(ctx, &configservice.DescribeConformancePackComplianceInput{ConformancePackName: aws.String("hds-v2-part-1")})
	if err != nil || len(compliance.ConformancePackRuleComplianceList) != 2 {
		t.Fatalf("DescribeConformancePackCompliance = %+v, %v", compliance, err)
	}
	for _, r := range compliance.ConformancePackRuleComplianceList {
		if r.ComplianceType != types.ConformancePackComplianceTypeInsufficientData || !strings.Contains(*r.ConfigRuleName, "-conformance-pack-") {
			t.Errorf("a new rule: %s %s, want INSUFFICIENT_DATA and a deployed name", *r.ConfigRuleName, r.ComplianceType)
		}
	}

	if err := sb.SetCompliance("", "eu-west-3", "restricted-ssh", "AWS::EC2::SecurityGroup", "sg-1", "NON_COMPLIANT"); err != nil {
		t.Fatal(err)
	}
	if err := sb.SetCompliance("", "eu-west-3", "restricted-ssh", "AWS::EC2::SecurityGroup", "sg-2", "COMPLIANT"); err != nil {
		t.Fatal(err)
	}
	if err := sb.SetCompliance("", "eu-west-3", "access-keys-rotated", "AWS::IAM::User", "alice", "COMPLIANT"); err != nil {
		t.Fatal(err)
	}
	if err := sb.SetCompliance("", "eu-west-3", "no-such-rule", "AWS::IAM::User", "alice", "COMPLIANT"); err == nil {
		t.Error("SetCompliance accepted a rule no pack deploys")
	}

	summary, err := cfg.GetConformancePackComplianceSummary(ctx, &configservice.GetConformancePackComplianceSummaryInput{ConformancePackNames: []string{"hds-v2-part-1"}})
	if err != nil || summary.ConformancePackComplianceSummaryList[0].ConformancePackComplianceStatus != types.ConformancePackComplianceTypeNonCompliant {
		t.Errorf("GetConformancePackComplianceSummary = %+v, %v; want NON_COMPLIANT", summary, err)
	}
	details, err := cfg.GetConformancePackComplianceDetails(ctx, &configservice.GetConformancePackComplianceDetailsInput{
		ConformancePackName: aws.String("hds-v2-part-1"),
		Filters:             &types.ConformancePackEvaluationFilters{ComplianceType: types.ConformancePackComplianceTypeNonCompliant},
	})
	if err != nil || len(details.ConformancePackRuleEvaluationResults) != 1 {
		t.Fatalf("GetConformancePackComplianceDetails NON_COMPLIANT = %+v, %v", details, err)
	}
	q := details.ConformancePackRuleEvaluationResults[0].EvaluationResultIdentifier.EvaluationResultQualifier
	if *q.ResourceId != "sg-1" || *q.ResourceType != "AWS::EC2::SecurityGroup" {
		t.Errorf("non-compliant result: %s %s", *q.ResourceType, *q.ResourceId)
	}
	scores, err := cfg.ListConformancePackComplianceScores(ctx, &configservice.ListConformancePackComplianceScoresInput{})
	if err != nil || len(scores.ConformancePackComplianceScores) != 1 || *scores.ConformancePackComplianceScores[0].Score != "66.67" {
		t.Errorf("ListConformancePackComplianceScores = %+v, %v; want 66.67", scores, err)
	}

	// An update that keeps a rule keeps its results.
	putPack(t, cfg, "hds-v2-part-1", strings.Replace(hdsPackTemplate, "maxAccessKeyAge: !Ref MaxAccessKeyAge", "maxAccessKeyAge: \"30\"", 1))
	waitPack(t, cfg, "hds-v2-part-1", types.ConformancePackStateCreateInProgress)
	summary, _ = cfg.GetConformancePackComplianceSummary(ctx, &configservice.GetConformancePackComplianceSummaryInput{ConformancePackNames: []string{"hds-v2-part-1"}})
	if summary.ConformancePackComplianceSummaryList[0].ConformancePackComplianceStatus != types.ConformancePackComplianceTypeNonCompliant {
		t.Errorf("after an update the pack is %s, want still NON_COMPLIANT", summary.ConformancePackComplianceSummaryList[0].ConformancePackComplianceStatus)
	}

	if _, err := cfg.DeleteConformancePack(ctx, &configservice.DeleteConformancePackInput{ConformancePackName: aws.String("hds-v2-part-1")}); err != nil {
		t.Fatalf("DeleteConformancePack: %v", err)
	}
	if st := packState(t, cfg, "hds-v2-part-1"); st.ConformancePackState != types.ConformancePackStateDeleteInProgress {
		t.Errorf("right after the delete the pack is %s, want DELETE_IN_PROGRESS", st.ConformancePackState)
	}
	time.Sleep(80 * time.Millisecond)
	_, err = cfg.DescribeConformancePackStatus(ctx, &configservice.DescribeConformancePackStatusInput{ConformancePackNames: []string{"hds-v2-part-1"}})
	var noSuch *types.NoSuchConformancePackException
	if !errors.As(err, &noSuch) {
		t.Errorf("after the deletion: %v, want NoSuchConformancePackException", err)
	}
}

func TestPutConformancePackValidation(t *testing.T) {
	sb := startSandbox(t, Options{})
	cfg := sb.config("eu-west-1", "AKIATEST")
	put := func(in *configservice.PutConformancePackInput) error {
		_, err := cfg.PutConformancePack(ctx, in)
		return err
	}
	var ve *types.ValidationException
	if err := put(&configservice.PutConformancePackInput{ConformancePackName: aws.String("9-starts-with-a-digit"), TemplateBody: aws.String(hdsPackTemplate)}); !errors.As(err, &ve) {
		t.Errorf("a name starting with a digit gave %v, want ValidationException", err)
	}
	if err := put(&configservice.PutConformancePackInput{ConformancePackName: aws.String("p")}); !errors.As(err, &ve) {
		t.Errorf("no template gave %v, want ValidationException", err)
	}
	if err := put(&configservice.PutConformancePackInput{ConformancePackName: aws.String("p"), TemplateBody: aws.String(hdsPackTemplate), TemplateS3Uri: aws.String("s3://b/k")}); !errors.As(err, &ve) {
		t.Errorf("two templates gave %v, want ValidationException", err)
	}
	big := hdsPackTemplate + "\n#" + strings.Repeat("x", 51200)
	if err := put(&configservice.PutConformancePackInput{ConformancePackName: aws.String("p"), TemplateBody: aws.String(big)}); !errors.As(err, &ve) {
		t.Errorf("a template of more than 51,200 bytes gave %v, want ValidationException", err)
	}
	var tv *types.ConformancePackTemplateValidationException
	for name, body := range map[string]string{
		"not YAML":      "Resources: [",
		"no resources":  "Parameters: {}",
		"a bucket":      `{"Resources": {"B": {"Type": "AWS::S3::Bucket"}}}`,
		"no identifier": `{"Resources": {"R": {"Type": "AWS::Config::ConfigRule", "Properties": {"Source": {"Owner": "AWS"}}}}}`,
		"131 rules":     rulesTemplate(131, "r"),
	} {
		if err := put(&configservice.PutConformancePackInput{ConformancePackName: aws.String("p"), TemplateBody: aws.String(body)}); !errors.As(err, &tv) {
			t.Errorf("%s gave %v, want ConformancePackTemplateValidationException", name, err)
		}
	}
	if err := put(&configservice.PutConformancePackInput{ConformancePackName: aws.String("p"), TemplateS3Uri: aws.String("s3://missing/pack.yaml")}); !errors.As(err, &ve) {
		t.Errorf("a missing S3 template gave %v, want ValidationException", err)
	}
	if err := sb.PutObject("s3://packs/hds.yaml", []byte(hdsPackTemplate)); err != nil {
		t.Fatal(err)
	}
	if err := put(&configservice.PutConformancePackInput{ConformancePackName: aws.String("from-s3"), TemplateS3Uri: aws.String("s3://packs/hds.yaml")}); err != nil {
		t.Errorf("a template from S3: %v", err)
	}
}

func TestDeploymentFailsOnUnknownRuleOrParameters(t *testing.T) {
	sb := startSandbox(t, Options{})
	cfg := sb.config("eu-west-1", "AKIATEST")
	putPack(t, cfg, "unknown-rule", strings.Replace(hdsPackTemplate, "INCOMING_SSH_DISABLED", "RESTRICTED_SSH_TYPO", 1))
	st := packState(t, cfg, "unknown-rule")
	if st.ConformancePackState != types.ConformancePackStateCreateFailed || !strings.Contains(*st.ConformancePackStatusReason, "RESTRICTED_SSH_TYPO") {
		t.Errorf("a pack with an unknown identifier is %s (%v), want CREATE_FAILED naming it", st.ConformancePackState, st.ConformancePackStatusReason)
	}
	_, err := cfg.PutConformancePack(ctx, &configservice.PutConformancePackInput{
		ConformancePackName:            aws.String("bad-parameter"),
		TemplateBody:                   aws.String(hdsPackTemplate),
		ConformancePackInputParameters: []types.ConformancePackInputParameter{{ParameterName: aws.String("Nope"), ParameterValue: aws.String("1")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if st := packState(t, cfg, "bad-parameter"); st.ConformancePackState != types.ConformancePackStateCreateFailed {
		t.Errorf("a pack with an undeclared parameter is %s, want CREATE_FAILED", st.ConformancePackState)
	}
}

func TestConformancePackQuotas(t *testing.T) {
	sb := startSandbox(t, Options{})
	cfg := sb.config("eu-west-1", "AKIATEST")
	_, err := cfg.PutConformancePack(ctx, &configservice.PutConformancePackInput{ConformancePackName: aws.String("too-big"), TemplateBody: aws.String(rulesTemplate(131, "t"))})
	var invalid *types.ConformancePackTemplateValidationException
	if !errors.As(err, &invalid) {
		t.Errorf("a pack of 131 rules gave %v, want ConformancePackTemplateValidationException", err)
	}
	for i := range 7 {
		putPack(t, cfg, fmt.Sprint("big-", i), rulesTemplate(130, fmt.Sprint("b", i)))
	}
	_, err = cfg.PutConformancePack(ctx, &configservice.PutConformancePackInput{ConformancePackName: aws.String("big-7"), TemplateBody: aws.String(rulesTemplate(91, "c"))})
	var rules *types.MaxNumberOfConfigRulesExceededException
	if !errors.As(err, &rules) {
		t.Errorf("1,001 rules across packs gave %v, want MaxNumberOfConfigRulesExceededException", err)
	}
	putPack(t, cfg, "big-7", rulesTemplate(90, "c"))

	cfg = sb.config("eu-west-3", "AKIATEST") // the quotas hold per Region
	for i := range DefaultConfigLimits.PacksPerAccount {
		putPack(t, cfg, fmt.Sprint("small-", i), rulesTemplate(1, fmt.Sprint("s", i)))
	}
	_, err = cfg.PutConformancePack(ctx, &configservice.PutConformancePackInput{ConformancePackName: aws.String("one-too-many"), TemplateBody: aws.String(rulesTemplate(1, "x"))})
	var packs *types.MaxNumberOfConformancePacksExceededException
	if !errors.As(err, &packs) {
		t.Errorf("pack 51 gave %v, want MaxNumberOfConformancePacksExceededException", err)
	}
	p := configservice.NewDescribeConformancePacksPaginator(cfg, &configservice.DescribeConformancePacksInput{})
	n := 0
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		n += len(out.ConformancePackDetails)
	}
	if n != 50 {
		t.Errorf("the paginator listed %d packs, want 50", n)
	}
}

func TestConfigTags(t *testing.T) {
	sb := startSandbox(t, Options{})
	cfg := sb.config("eu-west-1", "AKIATEST")
	out, err := cfg.PutConformancePack(ctx, &configservice.PutConformancePackInput{ConformancePackName: aws.String("tagged"),
		TemplateBody: aws.String(hdsPackTemplate), Tags: []types.Tag{{Key: aws.String("managed-by"), Value: aws.String("hdsctl")}}})
	if err != nil {
		t.Fatal(err)
	}
	arn := out.ConformancePackArn
	if _, err := cfg.TagResource(ctx, &configservice.TagResourceInput{ResourceArn: arn, Tags: []types.Tag{{Key: aws.String("hdsctl:framework"), Value: aws.String("hds-v2")}}}); err != nil {
		t.Fatalf("TagResource: %v", err)
	}
	if _, err := cfg.UntagResource(ctx, &configservice.UntagResourceInput{ResourceArn: arn, TagKeys: []string{"managed-by"}}); err != nil {
		t.Fatalf("UntagResource: %v", err)
	}
	tags, err := cfg.ListTagsForResource(ctx, &configservice.ListTagsForResourceInput{ResourceArn: arn})
	if err != nil || len(tags.Tags) != 1 || *tags.Tags[0].Key != "hdsctl:framework" {
		t.Errorf("ListTagsForResource = %+v, %v", tags, err)
	}
	_, err = cfg.ListTagsForResource(ctx, &configservice.ListTagsForResourceInput{ResourceArn: aws.String("arn:aws:config:eu-west-1:123456789012:conformance-pack/none/conformance-pack-x")})
	var nf *types.ResourceNotFoundException
	if !errors.As(err, &nf) {
		t.Errorf("tags of a missing pack gave %v, want ResourceNotFoundException", err)
	}
}

func TestOrganizationConformancePack(t *testing.T) {
	const member, excluded = "222222222222", "333333333333"
	sb := startSandbox(t, Options{
		ConformancePackDelay: 30 * time.Millisecond,
		Accounts: []Account{
			{ID: member, AccessKeyIDs: []string{"AKIAMEMBER"}},
			{ID: excluded, AccessKeyIDs: []string{"AKIAEXCLUDED"}},
		},
	})
	mgmt := sb.config("eu-west-1", "AKIAMGMT")
	memberCfg := sb.config("eu-west-1", "AKIAMEMBER")

	_, err := memberCfg.PutOrganizationConformancePack(ctx, &configservice.PutOrganizationConformancePackInput{OrganizationConformancePackName: aws.String("hds"), TemplateBody: aws.String(hdsPackTemplate)})
	var denied *types.OrganizationAccessDeniedException
	if !errors.As(err, &denied) {
		t.Errorf("a member account putting an organization pack gave %v, want OrganizationAccessDeniedException", err)
	}
	out, err := mgmt.PutOrganizationConformancePack(ctx, &configservice.PutOrganizationConformancePackInput{
		OrganizationConformancePackName: aws.String("hds"),
		TemplateBody:                    aws.String(hdsPackTemplate),
		ExcludedAccounts:                []string{excluded},
	})
	if err != nil {
		t.Fatalf("PutOrganizationConformancePack: %v", err)
	}
	if !strings.Contains(*out.OrganizationConformancePackArn, ":organization-conformance-pack/hds-") {
		t.Errorf("ARN = %s", *out.OrganizationConformancePackArn)
	}
	statuses := func() []types.OrganizationConformancePackDetailedStatus {
		out, err := mgmt.GetOrganizationConformancePackDetailedStatus(ctx, &configservice.GetOrganizationConformancePackDetailedStatusInput{OrganizationConformancePackName: aws.String("hds")})
		if err != nil {
			t.Fatalf("GetOrganizationConformancePackDetailedStatus: %v", err)
		}
		return out.OrganizationConformancePackDetailedStatuses
	}
	if s := statuses(); len(s) != 2 || s[0].Status != types.OrganizationResourceDetailedStatusCreateInProgress {
		t.Fatalf("detailed statuses = %+v, want the management and member accounts in progress", s)
	}
	time.Sleep(60 * time.Millisecond)
	for _, s := range statuses() {
		if s.Status != types.OrganizationResourceDetailedStatusCreateSuccessful || *s.AccountId == excluded {
			t.Errorf("account %s: %s", *s.AccountId, s.Status)
		}
	}
	summary, err := mgmt.DescribeOrganizationConformancePackStatuses(ctx, &configservice.DescribeOrganizationConformancePackStatusesInput{})
	if err != nil || summary.OrganizationConformancePackStatuses[0].Status != types.OrganizationResourceStatusCreateSuccessful {
		t.Errorf("DescribeOrganizationConformancePackStatuses = %+v, %v", summary, err)
	}
	described, err := mgmt.DescribeOrganizationConformancePacks(ctx, &configservice.DescribeOrganizationConformancePacksInput{})
	if err != nil || len(described.OrganizationConformancePacks) != 1 || described.OrganizationConformancePacks[0].ExcludedAccounts[0] != excluded {
		t.Errorf("DescribeOrganizationConformancePacks = %+v, %v", described, err)
	}

	packs, err := memberCfg.DescribeConformancePacks(ctx, &configservice.DescribeConformancePacksInput{})
	if err != nil || len(packs.ConformancePackDetails) != 1 || !strings.HasPrefix(*packs.ConformancePackDetails[0].ConformancePackName, "OrgConformsPack-hds-") {
		t.Fatalf("the member's packs = %+v, %v", packs, err)
	}
	if err := sb.SetCompliance(member, "eu-west-1", "restricted-ssh", "AWS::EC2::SecurityGroup", "sg-9", "NON_COMPLIANT"); err != nil {
		t.Errorf("SetCompliance in the member account: %v", err)
	}
	excludedPacks, _ := sb.config("eu-west-1", "AKIAEXCLUDED").DescribeConformancePacks(ctx, &configservice.DescribeConformancePacksInput{})
	if len(excludedPacks.ConformancePackDetails) != 0 {
		t.Errorf("the excluded account received %d packs", len(excludedPacks.ConformancePackDetails))
	}

	if _, err := mgmt.DeleteOrganizationConformancePack(ctx, &configservice.DeleteOrganizationConformancePackInput{OrganizationConformancePackName: aws.String("hds")}); err != nil {
		t.Fatalf("DeleteOrganizationConformancePack: %v", err)
	}
	time.Sleep(60 * time.Millisecond)
	_, err = mgmt.DescribeOrganizationConformancePacks(ctx, &configservice.DescribeOrganizationConformancePacksInput{OrganizationConformancePackNames: []string{"hds"}})
	var noSuch *types.NoSuchOrganizationConformancePackException
	if !errors.As(err, &noSuch) {
		t.Errorf("after the deletion: %v, want NoSuchOrganizationConformancePackException", err)
	}
	packs, _ = memberCfg.DescribeConformancePacks(ctx, &configservice.DescribeConformancePacksInput{})
	if len(packs.ConformancePackDetails) != 0 {
		t.Errorf("the member still has %d packs", len(packs.ConformancePackDetails))
	}
}

func TestParseTemplateReadsRules(t *testing.T) {
	tpl, err := parseTemplate(hdsPackTemplate)
	if err != nil {
		t.Fatal(err)
	}
	if len(tpl.Rules) != 2 || tpl.Rules[1].Name != "restricted-ssh" || tpl.Rules[1].SourceIdentifier != "INCOMING_SSH_DISABLED" || !tpl.Parameters["MaxAccessKeyAge"] {
		t.Errorf("parsed %+v", tpl)
	}
}

func TestDeploymentFailsOnInvalidRuleProperties(t *testing.T) {
	sb := startSandbox(t, Options{})
	cfg := sb.config("eu-west-1", "AKIATEST")
	long := strings.Replace(hdsPackTemplate, "      ConfigRuleName: restricted-ssh\n",
		"      ConfigRuleName: restricted-ssh\n      Description: "+strings.Repeat("é", 257)+"\n", 1)
	putPack(t, cfg, "long-description", long)
	st := packState(t, cfg, "long-description")
	if st.ConformancePackState != types.ConformancePackStateCreateFailed || !strings.Contains(*st.ConformancePackStatusReason, "256") {
		t.Errorf("a rule with a 257-character description is %s (%v), want CREATE_FAILED citing the limit", st.ConformancePackState, st.ConformancePackStatusReason)
	}
	exactly := strings.Replace(long, strings.Repeat("é", 257), strings.Repeat("é", 256), 1)
	putPack(t, cfg, "full-description", exactly)
	if st := packState(t, cfg, "full-description"); st.ConformancePackState != types.ConformancePackStateCreateComplete {
		t.Errorf("a rule with a 256-character description is %s, want CREATE_COMPLETE", st.ConformancePackState)
	}
}

// TestOrganizationPacksCountInTheAccountRuleQuota checks that the rules an
// organization pack deploys into an account count, with the account's own
// packs, in its quota of Config rules per Region.
func TestOrganizationPacksCountInTheAccountRuleQuota(t *testing.T) {
	const member = "222222222222"
	sb := startSandbox(t, Options{
		ConfigLimits: ConfigLimits{RulesPerAccount: 200},
		Accounts:     []Account{{ID: member, AccessKeyIDs: []string{"AKIAMEMBER"}}},
	})
	putPack(t, sb.config("eu-west-1", "AKIAMEMBER"), "own", rulesTemplate(100, "own"))
	mgmt := sb.config("eu-west-1", "AKIAMGMT")
	_, err := mgmt.PutOrganizationConformancePack(ctx, &configservice.PutOrganizationConformancePackInput{
		OrganizationConformancePackName: aws.String("org"), TemplateBody: aws.String(rulesTemplate(101, "org")),
	})
	var rules *types.MaxNumberOfConfigRulesExceededException
	if !errors.As(err, &rules) || !strings.Contains(err.Error(), member) {
		t.Errorf("201 rules in the member account gave %v, want MaxNumberOfConfigRulesExceededException naming it", err)
	}
	if _, err := mgmt.PutOrganizationConformancePack(ctx, &configservice.PutOrganizationConformancePackInput{
		OrganizationConformancePackName: aws.String("org"), TemplateBody: aws.String(rulesTemplate(100, "org")),
	}); err != nil {
		t.Errorf("200 rules in the member account: %v", err)
	}
	// Updating the organization pack replaces its rules; it does not add
	// to them.
	if _, err := mgmt.PutOrganizationConformancePack(ctx, &configservice.PutOrganizationConformancePackInput{
		OrganizationConformancePackName: aws.String("org"), TemplateBody: aws.String(rulesTemplate(99, "org2")),
	}); err != nil {
		t.Errorf("updating the organization pack: %v", err)
	}
}
