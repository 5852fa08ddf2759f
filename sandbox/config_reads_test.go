package sandbox

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/configservice/types"
)

// seedReads puts two rules, a few items and their evaluations in the
// default account's eu-west-3.
func seedReads(t *testing.T, sb *sandboxT) {
	t.Helper()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(sb.PutConfigRule(ConfigRule{Region: "eu-west-3", Name: "encrypted-volumes", SourceIdentifier: "ENCRYPTED_VOLUMES", ResourceTypes: []string{"AWS::EC2::Volume"}}))
	must(sb.PutConfigRule(ConfigRule{Region: "eu-west-3", Name: "iam-password-policy", SourceIdentifier: "IAM_PASSWORD_POLICY",
		InputParameters: map[string]string{"MinimumPasswordLength": "14"}, MaximumExecutionFrequency: "TwentyFour_Hours"}))
	must(sb.PutResource("", EBSVolume{ID: "vol-0000000000000001", Region: "eu-west-3", AvailabilityZone: "eu-west-3a", Encrypted: true, SizeGiB: 8}))
	must(sb.PutResource("", EBSVolume{ID: "vol-0000000000000002", Region: "eu-west-3", AvailabilityZone: "eu-west-3b", SizeGiB: 8, InstanceID: "i-01"}))
	must(sb.SetEvaluation(Evaluation{Region: "eu-west-3", RuleName: "encrypted-volumes", ResourceType: "AWS::EC2::Volume", ResourceID: "vol-0000000000000001", Compliance: "COMPLIANT"}))
	must(sb.SetEvaluation(Evaluation{Region: "eu-west-3", RuleName: "encrypted-volumes", ResourceType: "AWS::EC2::Volume", ResourceID: "vol-0000000000000002", Compliance: "NON_COMPLIANT", Annotation: "not encrypted"}))
	must(sb.SetCompliance("", "eu-west-3", "iam-password-policy", "AWS::::Account", DefaultAccountID, "COMPLIANT"))
}

func TestDescribeConfigRulesListsStandaloneAndPackRules(t *testing.T) {
	sb := startSandbox(t, Options{})
	seedReads(t, sb)
	cfg := sb.config("eu-west-3", "AKIATEST")
	putPack(t, cfg, "hds", hdsPackTemplate)

	var rules []types.ConfigRule
	pages := configservice.NewDescribeConfigRulesPaginator(cfg, &configservice.DescribeConfigRulesInput{})
	for pages.HasMorePages() {
		out, err := pages.NextPage(ctx)
		if err != nil {
			t.Fatalf("DescribeConfigRules: %v", err)
		}
		rules = append(rules, out.ConfigRules...)
	}
	byID := map[string]types.ConfigRule{}
	for _, r := range rules {
		byID[aws.ToString(r.Source.SourceIdentifier)] = r
	}
	if len(rules) != 4 {
		t.Fatalf("got %d rules, want 4 (2 standalone, 2 from the pack)", len(rules))
	}
	ev := byID["ENCRYPTED_VOLUMES"]
	if aws.ToString(ev.ConfigRuleName) != "encrypted-volumes" || ev.Scope == nil || ev.Scope.ComplianceResourceTypes[0] != "AWS::EC2::Volume" ||
		!strings.HasPrefix(aws.ToString(ev.ConfigRuleArn), "arn:aws:config:eu-west-3:123456789012:config-rule/config-rule-") {
		t.Errorf("standalone rule = %+v", ev)
	}
	if got := aws.ToString(byID["IAM_PASSWORD_POLICY"].InputParameters); got != `{"MinimumPasswordLength":"14"}` {
		t.Errorf("InputParameters = %s", got)
	}
	ssh := byID["INCOMING_SSH_DISABLED"]
	if !strings.HasPrefix(aws.ToString(ssh.ConfigRuleName), "restricted-ssh-conformance-pack-") || aws.ToString(ssh.CreatedBy) != "config-conforms.amazonaws.com" {
		t.Errorf("pack rule = %s created by %s", aws.ToString(ssh.ConfigRuleName), aws.ToString(ssh.CreatedBy))
	}

	_, err := cfg.DescribeConfigRules(ctx, &configservice.DescribeConfigRulesInput{ConfigRuleNames: []string{"nope"}})
	var noRule *types.NoSuchConfigRuleException
	if !errors.As(err, &noRule) {
		t.Errorf("an unknown rule name gave %v, want NoSuchConfigRuleException", err)
	}
}

func TestComplianceByRuleAndDetails(t *testing.T) {
	sb := startSandbox(t, Options{})
	seedReads(t, sb)
	cfg := sb.config("eu-west-3", "AKIATEST")

	out, err := cfg.DescribeComplianceByConfigRule(ctx, &configservice.DescribeComplianceByConfigRuleInput{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]types.Compliance{}
	for _, c := range out.ComplianceByConfigRules {
		got[aws.ToString(c.ConfigRuleName)] = *c.Compliance
	}
	if c := got["encrypted-volumes"]; c.ComplianceType != types.ComplianceTypeNonCompliant || c.ComplianceContributorCount.CappedCount != 1 {
		t.Errorf("encrypted-volumes: %+v, want NON_COMPLIANT with 1 contributor", c)
	}
	if c := got["iam-password-policy"]; c.ComplianceType != types.ComplianceTypeCompliant {
		t.Errorf("iam-password-policy: %s, want COMPLIANT", c.ComplianceType)
	}

	filtered, err := cfg.DescribeComplianceByConfigRule(ctx, &configservice.DescribeComplianceByConfigRuleInput{ComplianceTypes: []types.ComplianceType{types.ComplianceTypeCompliant}})
	if err != nil || len(filtered.ComplianceByConfigRules) != 1 {
		t.Errorf("filtered on COMPLIANT: %+v, %v", filtered, err)
	}

	details, err := cfg.GetComplianceDetailsByConfigRule(ctx, &configservice.GetComplianceDetailsByConfigRuleInput{
		ConfigRuleName: aws.String("encrypted-volumes"), ComplianceTypes: []types.ComplianceType{types.ComplianceTypeNonCompliant}})
	if err != nil || len(details.EvaluationResults) != 1 {
		t.Fatalf("GetComplianceDetailsByConfigRule = %+v, %v", details, err)
	}
	r := details.EvaluationResults[0]
	q := r.EvaluationResultIdentifier.EvaluationResultQualifier
	if aws.ToString(q.ResourceId) != "vol-0000000000000002" || aws.ToString(q.ResourceType) != "AWS::EC2::Volume" ||
		aws.ToString(r.Annotation) != "not encrypted" || r.ResultRecordedTime == nil || time.Since(*r.ResultRecordedTime) > time.Minute {
		t.Errorf("result = %+v %+v", r, q)
	}

	// Paging at the default of 10 a page, then one at a time.
	page1, err := cfg.GetComplianceDetailsByConfigRule(ctx, &configservice.GetComplianceDetailsByConfigRuleInput{ConfigRuleName: aws.String("encrypted-volumes"), Limit: 1})
	if err != nil || len(page1.EvaluationResults) != 1 || page1.NextToken == nil {
		t.Fatalf("first page: %+v, %v", page1, err)
	}
	page2, err := cfg.GetComplianceDetailsByConfigRule(ctx, &configservice.GetComplianceDetailsByConfigRuleInput{ConfigRuleName: aws.String("encrypted-volumes"), Limit: 1, NextToken: page1.NextToken})
	if err != nil || len(page2.EvaluationResults) != 1 || page2.NextToken != nil {
		t.Fatalf("second page: %+v, %v", page2, err)
	}

	_, err = cfg.GetComplianceDetailsByConfigRule(ctx, &configservice.GetComplianceDetailsByConfigRuleInput{ConfigRuleName: aws.String("encrypted-volumes"), Limit: 101})
	if errorCode(err) != "ValidationException" {
		t.Errorf("Limit 101 gave %v, want ValidationException", err)
	}
	_, err = cfg.GetComplianceDetailsByConfigRule(ctx, &configservice.GetComplianceDetailsByConfigRuleInput{ConfigRuleName: aws.String("encrypted-volumes"),
		ComplianceTypes: []types.ComplianceType{types.ComplianceTypeInsufficientData}})
	if errorCode(err) != "InvalidParameterValueException" {
		t.Errorf("INSUFFICIENT_DATA gave %v, want InvalidParameterValueException", err)
	}

	byResource, err := cfg.DescribeComplianceByResource(ctx, &configservice.DescribeComplianceByResourceInput{ResourceType: aws.String("AWS::EC2::Volume")})
	if err != nil || len(byResource.ComplianceByResources) != 2 {
		t.Fatalf("DescribeComplianceByResource = %+v, %v", byResource, err)
	}
	if c := byResource.ComplianceByResources[1]; aws.ToString(c.ResourceId) != "vol-0000000000000002" || c.Compliance.ComplianceType != types.ComplianceTypeNonCompliant {
		t.Errorf("second resource: %s %s", aws.ToString(c.ResourceId), c.Compliance.ComplianceType)
	}
}

func TestRecordersTellWhatIsRecorded(t *testing.T) {
	sb := startSandbox(t, Options{})
	cfg := sb.config("eu-west-3", "AKIATEST")
	out, err := cfg.DescribeConfigurationRecorders(ctx, &configservice.DescribeConfigurationRecordersInput{})
	if err != nil || len(out.ConfigurationRecorders) != 0 {
		t.Fatalf("a Region without a recorder: %+v, %v", out, err)
	}
	if _, err := cfg.ListDiscoveredResources(ctx, &configservice.ListDiscoveredResourcesInput{ResourceType: types.ResourceTypeBucket}); errorCode(err) != "NoAvailableConfigurationRecorderException" {
		t.Errorf("ListDiscoveredResources without a recorder gave %v", err)
	}
	if err := sb.SetRecorder(Recorder{Region: "eu-west-3", ResourceTypes: []string{"AWS::S3::Bucket", "AWS::EC2::Volume"}}); err != nil {
		t.Fatal(err)
	}
	out, err = cfg.DescribeConfigurationRecorders(ctx, &configservice.DescribeConfigurationRecordersInput{})
	if err != nil || len(out.ConfigurationRecorders) != 1 {
		t.Fatalf("DescribeConfigurationRecorders = %+v, %v", out, err)
	}
	g := out.ConfigurationRecorders[0].RecordingGroup
	if g.AllSupported || len(g.ResourceTypes) != 2 || g.RecordingStrategy.UseOnly != types.RecordingStrategyTypeInclusionByResourceTypes {
		t.Errorf("recording group = %+v", g)
	}
	status, err := cfg.DescribeConfigurationRecorderStatus(ctx, &configservice.DescribeConfigurationRecorderStatusInput{})
	if err != nil || len(status.ConfigurationRecordersStatus) != 1 || !status.ConfigurationRecordersStatus[0].Recording ||
		status.ConfigurationRecordersStatus[0].LastStatus != types.RecorderStatusSuccess {
		t.Errorf("DescribeConfigurationRecorderStatus = %+v, %v", status, err)
	}
	_, err = cfg.DescribeConfigurationRecorderStatus(ctx, &configservice.DescribeConfigurationRecorderStatusInput{ConfigurationRecorderNames: []string{"other"}})
	var noRec *types.NoSuchConfigurationRecorderException
	if !errors.As(err, &noRec) {
		t.Errorf("an unknown recorder gave %v", err)
	}
}

func TestDiscoveredResourcesAndItemShapes(t *testing.T) {
	sb := startSandbox(t, Options{})
	bucket := S3Bucket{Name: "patients", Region: "eu-west-3", SSEAlgorithm: "aws:kms", KMSKeyID: "arn:aws:kms:eu-west-3:123456789012:key/k",
		PublicAccessBlock: &BlockAll, Versioning: "Enabled",
		Replication: []S3ReplicationRule{{ID: "dr", DestinationBucket: "patients-dr"}}, ReplicationRole: "arn:aws:iam::123456789012:role/repl"}
	if err := sb.PutResource("", bucket); err != nil {
		t.Fatal(err)
	}
	if err := sb.PutResource("", S3Bucket{Name: "old", Region: "eu-west-3"}); err != nil {
		t.Fatal(err)
	}
	gone := S3Bucket{Name: "gone", Region: "eu-west-3"}.Item(DefaultAccountID)
	gone.Status = "ResourceDeleted"
	if err := sb.PutConfigurationItem(gone); err != nil {
		t.Fatal(err)
	}
	cfg := sb.config("eu-west-3", "AKIATEST")

	list, err := cfg.ListDiscoveredResources(ctx, &configservice.ListDiscoveredResourcesInput{ResourceType: types.ResourceTypeBucket})
	if err != nil || len(list.ResourceIdentifiers) != 2 {
		t.Fatalf("ListDiscoveredResources = %+v, %v; want the 2 buckets that exist", list, err)
	}
	withDeleted, err := cfg.ListDiscoveredResources(ctx, &configservice.ListDiscoveredResourcesInput{ResourceType: types.ResourceTypeBucket, IncludeDeletedResources: true})
	if err != nil || len(withDeleted.ResourceIdentifiers) != 3 || withDeleted.ResourceIdentifiers[0].ResourceDeletionTime == nil {
		t.Fatalf("with deleted resources: %+v, %v", withDeleted, err)
	}

	got, err := cfg.BatchGetResourceConfig(ctx, &configservice.BatchGetResourceConfigInput{ResourceKeys: []types.ResourceKey{
		{ResourceType: types.ResourceTypeBucket, ResourceId: aws.String("patients")},
		{ResourceType: types.ResourceTypeBucket, ResourceId: aws.String("unknown")},
	}})
	if err != nil || len(got.BaseConfigurationItems) != 1 {
		t.Fatalf("BatchGetResourceConfig = %+v, %v", got, err)
	}
	item := got.BaseConfigurationItems[0]
	if aws.ToString(item.AccountId) != DefaultAccountID || aws.ToString(item.AwsRegion) != "eu-west-3" || aws.ToString(item.Arn) != "arn:aws:s3:::patients" ||
		item.ConfigurationItemStatus != types.ConfigurationItemStatusOk || item.ConfigurationItemCaptureTime == nil {
		t.Errorf("item = %+v", item)
	}
	var conf struct{ Name string }
	if err := json.Unmarshal([]byte(aws.ToString(item.Configuration)), &conf); err != nil || conf.Name != "patients" {
		t.Errorf("configuration = %s (%v)", aws.ToString(item.Configuration), err)
	}
	var sse struct {
		Rules []struct {
			ApplyServerSideEncryptionByDefault struct{ SSEAlgorithm string } `json:"applyServerSideEncryptionByDefault"`
		} `json:"rules"`
	}
	if err := json.Unmarshal([]byte(item.SupplementaryConfiguration["ServerSideEncryptionConfiguration"]), &sse); err != nil || sse.Rules[0].ApplyServerSideEncryptionByDefault.SSEAlgorithm != "aws:kms" {
		t.Errorf("ServerSideEncryptionConfiguration = %s (%v)", item.SupplementaryConfiguration["ServerSideEncryptionConfiguration"], err)
	}
	var repl struct {
		RoleARN string `json:"roleARN"`
		Rules   map[string]struct {
			Status            string `json:"status"`
			DestinationConfig struct {
				BucketARN string `json:"bucketARN"`
			} `json:"destinationConfig"`
		} `json:"rules"`
	}
	if err := json.Unmarshal([]byte(item.SupplementaryConfiguration["BucketReplicationConfiguration"]), &repl); err != nil ||
		repl.Rules["dr"].DestinationConfig.BucketARN != "arn:aws:s3:::patients-dr" || repl.Rules["dr"].Status != "Enabled" {
		t.Errorf("BucketReplicationConfiguration = %s (%v)", item.SupplementaryConfiguration["BucketReplicationConfiguration"], err)
	}
	var pab PublicAccessBlock
	if err := json.Unmarshal([]byte(item.SupplementaryConfiguration["PublicAccessBlockConfiguration"]), &pab); err != nil || pab != BlockAll {
		t.Errorf("PublicAccessBlockConfiguration = %s (%v)", item.SupplementaryConfiguration["PublicAccessBlockConfiguration"], err)
	}
	var acl string // AccessControlList is JSON inside a JSON string, as AWS sends it
	if err := json.Unmarshal([]byte(item.SupplementaryConfiguration["AccessControlList"]), &acl); err != nil || !strings.Contains(acl, `"grantList"`) {
		t.Errorf("AccessControlList = %s (%v)", item.SupplementaryConfiguration["AccessControlList"], err)
	}

	history, err := cfg.GetResourceConfigHistory(ctx, &configservice.GetResourceConfigHistoryInput{ResourceType: types.ResourceTypeBucket, ResourceId: aws.String("patients")})
	if err != nil || len(history.ConfigurationItems) != 1 || aws.ToString(history.ConfigurationItems[0].ResourceName) != "patients" {
		t.Errorf("GetResourceConfigHistory = %+v, %v", history, err)
	}
	_, err = cfg.GetResourceConfigHistory(ctx, &configservice.GetResourceConfigHistoryInput{ResourceType: types.ResourceTypeBucket, ResourceId: aws.String("unknown")})
	var notDiscovered *types.ResourceNotDiscoveredException
	if !errors.As(err, &notDiscovered) {
		t.Errorf("history of an unknown resource gave %v", err)
	}
}

func TestItemShapesOfEveryBuilderAreJSONObjects(t *testing.T) {
	created := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	resources := []Resource{
		S3Bucket{Name: "b", Region: "eu-west-3", Created: created},
		S3AccountPublicAccessBlock{Region: "eu-west-3", PublicAccessBlock: BlockAll},
		EBSVolume{ID: "vol-1", Region: "eu-west-3", Created: created},
		RDSInstance{Identifier: "db", ResourceID: "db-ABC", Region: "eu-west-3", ReadReplicas: []string{"arn:aws:rds:us-east-1:1:db:r"}},
		RDSCluster{Identifier: "c", ResourceID: "cluster-ABC", Region: "eu-west-3"},
		RDSSnapshot{Identifier: "s", Region: "eu-west-3"},
		DynamoDBTable{Name: "t", Region: "eu-west-3", Replicas: []string{"eu-west-3", "us-east-1"}},
		EFSFileSystem{ID: "fs-1", Region: "eu-west-3"},
		BackupVault{Name: "v", Region: "eu-west-3"},
		BackupPlan{ID: "p", Name: "plan", Region: "eu-west-3", Rules: []BackupRule{{Name: "r", TargetVault: "v", CopyTo: []string{"arn:aws:backup:us-east-1:1:backup-vault:x"}}}},
		BackupSelection{ID: "s", PlanID: "p", Name: "sel", Region: "eu-west-3"},
		CloudTrailTrail{Name: "t", Region: "eu-west-3", MultiRegion: true},
		KMSKeyItem{KMSKey: KMSKey{ID: "11111111-2222-4333-8444-555555555555", RotationEnabled: true}, Region: "eu-west-3"},
	}
	want := map[string]string{ // one field of each configuration, in AWS's spelling
		"AWS::S3::Bucket": "creationDate", "AWS::S3::AccountPublicAccessBlock": "blockPublicAcls", "AWS::EC2::Volume": "volumeId",
		"AWS::RDS::DBInstance": "dBInstanceIdentifier", "AWS::RDS::DBCluster": "dbclusterIdentifier", "AWS::RDS::DBSnapshot": "dBSnapshotIdentifier",
		"AWS::DynamoDB::Table": "replicas", "AWS::EFS::FileSystem": "FileSystemId", "AWS::Backup::BackupVault": "BackupVaultName",
		"AWS::Backup::BackupPlan": "BackupPlan", "AWS::Backup::BackupSelection": "BackupSelection", "AWS::CloudTrail::Trail": "logFileValidationEnabled",
		"AWS::KMS::Key": "keyManager",
	}
	for _, r := range resources {
		it := r.Item("123456789012")
		var conf map[string]any
		if err := json.Unmarshal(it.Configuration, &conf); err != nil {
			t.Errorf("%s: configuration is not an object: %v", it.ResourceType, err)
			continue
		}
		if _, ok := conf[want[it.ResourceType]]; !ok {
			t.Errorf("%s: configuration has no %s: %s", it.ResourceType, want[it.ResourceType], it.Configuration)
		}
		if err := checkItem(ConfigurationItem{Account: "123456789012", Region: it.Region, ResourceType: it.ResourceType, ResourceID: it.ResourceID, Status: "OK",
			Configuration: it.Configuration, SupplementaryConfiguration: it.SupplementaryConfiguration}); err != nil {
			t.Errorf("%s: %v", it.ResourceType, err)
		}
	}
	kms := KMSKeyItem{KMSKey: KMSKey{ID: "k", RotationEnabled: true}, Region: "eu-west-3"}.Item("1")
	if string(kms.SupplementaryConfiguration["KeyRotationStatus"]) != "true" {
		t.Errorf("KMS KeyRotationStatus = %s, want true", kms.SupplementaryConfiguration["KeyRotationStatus"])
	}
}

func TestAggregatorReadsTheOrganization(t *testing.T) {
	member := Account{ID: "210987654321", AccessKeyIDs: []string{"AKIAMEMBER"}}
	sb := startSandbox(t, Options{Accounts: []Account{member}})
	if err := sb.PutResource("", S3Bucket{Name: "paris", Region: "eu-west-3"}); err != nil {
		t.Fatal(err)
	}
	if err := sb.PutResource(member.ID, S3Bucket{Name: "virginia", Region: "us-east-1"}); err != nil {
		t.Fatal(err)
	}
	if err := sb.PutConfigRule(ConfigRule{Account: member.ID, Region: "us-east-1", Name: "s3-versioning", SourceIdentifier: "S3_BUCKET_VERSIONING_ENABLED"}); err != nil {
		t.Fatal(err)
	}
	if err := sb.SetCompliance(member.ID, "us-east-1", "s3-versioning", "AWS::S3::Bucket", "virginia", "NON_COMPLIANT"); err != nil {
		t.Fatal(err)
	}
	cfg := sb.config("eu-west-3", "AKIATEST")

	_, err := sb.config("eu-west-3", "AKIAMEMBER").PutConfigurationAggregator(ctx, &configservice.PutConfigurationAggregatorInput{
		ConfigurationAggregatorName:   aws.String("org"),
		OrganizationAggregationSource: &types.OrganizationAggregationSource{RoleArn: aws.String("arn:aws:iam::210987654321:role/x"), AllAwsRegions: true},
	})
	var denied *types.OrganizationAccessDeniedException
	if !errors.As(err, &denied) {
		t.Errorf("an organization aggregator from a member gave %v", err)
	}
	_, err = cfg.PutConfigurationAggregator(ctx, &configservice.PutConfigurationAggregatorInput{ConfigurationAggregatorName: aws.String("org")})
	if errorCode(err) != "InvalidParameterValueException" {
		t.Errorf("an aggregator without sources gave %v", err)
	}
	put, err := cfg.PutConfigurationAggregator(ctx, &configservice.PutConfigurationAggregatorInput{
		ConfigurationAggregatorName:   aws.String("org"),
		OrganizationAggregationSource: &types.OrganizationAggregationSource{RoleArn: aws.String("arn:aws:iam::123456789012:role/x"), AllAwsRegions: true},
	})
	if err != nil || !strings.HasPrefix(aws.ToString(put.ConfigurationAggregator.ConfigurationAggregatorArn), "arn:aws:config:eu-west-3:123456789012:config-aggregator/") {
		t.Fatalf("PutConfigurationAggregator = %+v, %v", put, err)
	}
	described, err := cfg.DescribeConfigurationAggregators(ctx, &configservice.DescribeConfigurationAggregatorsInput{})
	if err != nil || len(described.ConfigurationAggregators) != 1 {
		t.Errorf("DescribeConfigurationAggregators = %+v, %v", described, err)
	}

	resources, err := cfg.ListAggregateDiscoveredResources(ctx, &configservice.ListAggregateDiscoveredResourcesInput{
		ConfigurationAggregatorName: aws.String("org"), ResourceType: types.ResourceTypeBucket})
	if err != nil || len(resources.ResourceIdentifiers) != 2 {
		t.Fatalf("ListAggregateDiscoveredResources = %+v, %v", resources, err)
	}
	v := resources.ResourceIdentifiers[1]
	if aws.ToString(v.SourceAccountId) != member.ID || aws.ToString(v.SourceRegion) != "us-east-1" || aws.ToString(v.ResourceId) != "virginia" {
		t.Errorf("second resource = %+v", v)
	}
	items, err := cfg.BatchGetAggregateResourceConfig(ctx, &configservice.BatchGetAggregateResourceConfigInput{
		ConfigurationAggregatorName: aws.String("org"), ResourceIdentifiers: []types.AggregateResourceIdentifier{{
			SourceAccountId: v.SourceAccountId, SourceRegion: v.SourceRegion, ResourceId: v.ResourceId, ResourceType: v.ResourceType,
		}}})
	if err != nil || len(items.BaseConfigurationItems) != 1 || aws.ToString(items.BaseConfigurationItems[0].AwsRegion) != "us-east-1" {
		t.Fatalf("BatchGetAggregateResourceConfig = %+v, %v", items, err)
	}
	one, err := cfg.GetAggregateResourceConfig(ctx, &configservice.GetAggregateResourceConfigInput{ConfigurationAggregatorName: aws.String("org"),
		ResourceIdentifier: &types.AggregateResourceIdentifier{SourceAccountId: v.SourceAccountId, SourceRegion: v.SourceRegion, ResourceId: v.ResourceId, ResourceType: v.ResourceType}})
	if err != nil || aws.ToString(one.ConfigurationItem.ResourceName) != "virginia" {
		t.Errorf("GetAggregateResourceConfig = %+v, %v", one, err)
	}

	compliance, err := cfg.DescribeAggregateComplianceByConfigRules(ctx, &configservice.DescribeAggregateComplianceByConfigRulesInput{
		ConfigurationAggregatorName: aws.String("org"), Filters: &types.ConfigRuleComplianceFilters{ComplianceType: types.ComplianceTypeNonCompliant}})
	if err != nil || len(compliance.AggregateComplianceByConfigRules) != 1 || aws.ToString(compliance.AggregateComplianceByConfigRules[0].AccountId) != member.ID {
		t.Fatalf("DescribeAggregateComplianceByConfigRules = %+v, %v", compliance, err)
	}
	details, err := cfg.GetAggregateComplianceDetailsByConfigRule(ctx, &configservice.GetAggregateComplianceDetailsByConfigRuleInput{
		ConfigurationAggregatorName: aws.String("org"), ConfigRuleName: aws.String("s3-versioning"), AccountId: aws.String(member.ID), AwsRegion: aws.String("us-east-1")})
	if err != nil || len(details.AggregateEvaluationResults) != 1 || aws.ToString(details.AggregateEvaluationResults[0].AwsRegion) != "us-east-1" {
		t.Errorf("GetAggregateComplianceDetailsByConfigRule = %+v, %v", details, err)
	}

	_, err = cfg.ListAggregateDiscoveredResources(ctx, &configservice.ListAggregateDiscoveredResourcesInput{ConfigurationAggregatorName: aws.String("nope"), ResourceType: types.ResourceTypeBucket})
	var noAgg *types.NoSuchConfigurationAggregatorException
	if !errors.As(err, &noAgg) {
		t.Errorf("an unknown aggregator gave %v", err)
	}
}

func TestSelectSupportsItsDocumentedSubset(t *testing.T) {
	sb := startSandbox(t, Options{})
	for _, v := range []EBSVolume{{ID: "vol-1", Region: "eu-west-3", Encrypted: true}, {ID: "vol-2", Region: "eu-west-3"}} {
		if err := sb.PutResource("", v); err != nil {
			t.Fatal(err)
		}
	}
	if err := sb.PutResource("", S3Bucket{Name: "b", Region: "eu-west-3"}); err != nil {
		t.Fatal(err)
	}
	cfg := sb.config("eu-west-3", "AKIATEST")
	out, err := cfg.SelectResourceConfig(ctx, &configservice.SelectResourceConfigInput{
		Expression: aws.String("SELECT resourceId, configuration.encrypted WHERE resourceType = 'AWS::EC2::Volume' AND configuration.encrypted = false"),
	})
	if err != nil || len(out.Results) != 1 {
		t.Fatalf("SelectResourceConfig = %+v, %v", out, err)
	}
	if out.Results[0] != `{"configuration":{"encrypted":false},"resourceId":"vol-2"}` {
		t.Errorf("result = %s", out.Results[0])
	}
	if len(out.QueryInfo.SelectFields) != 2 || aws.ToString(out.QueryInfo.SelectFields[1].Name) != "configuration.encrypted" {
		t.Errorf("QueryInfo = %+v", out.QueryInfo)
	}
	in, err := cfg.SelectResourceConfig(ctx, &configservice.SelectResourceConfigInput{
		Expression: aws.String("SELECT resourceId WHERE resourceType IN ('AWS::S3::Bucket', 'AWS::EC2::Volume') AND resourceId LIKE 'vol-%'"), Limit: 1})
	if err != nil || len(in.Results) != 1 || in.NextToken == nil {
		t.Errorf("IN and LIKE, one a page: %+v, %v", in, err)
	}
	for _, expr := range []string{"SELECT *", "SELECT resourceId WHERE resourceType = 'a' OR resourceType = 'b'", "SELECT COUNT(*)"} {
		_, err := cfg.SelectResourceConfig(ctx, &configservice.SelectResourceConfigInput{Expression: aws.String(expr)})
		var invalid *types.InvalidExpressionException
		if !errors.As(err, &invalid) {
			t.Errorf("%q gave %v, want InvalidExpressionException", expr, err)
		}
	}
}

func TestPackRulesInheritTheResultsOfTheSameManagedRule(t *testing.T) {
	sb := startSandbox(t, Options{})
	if err := sb.PutConfigRule(ConfigRule{Region: "eu-west-3", Name: "incoming-ssh-disabled", SourceIdentifier: "INCOMING_SSH_DISABLED"}); err != nil {
		t.Fatal(err)
	}
	if err := sb.SetCompliance("", "eu-west-3", "incoming-ssh-disabled", "AWS::EC2::SecurityGroup", "sg-1", "NON_COMPLIANT"); err != nil {
		t.Fatal(err)
	}
	cfg := sb.config("eu-west-3", "AKIATEST")
	putPack(t, cfg, "hds", hdsPackTemplate)
	out, err := cfg.DescribeConformancePackCompliance(ctx, &configservice.DescribeConformancePackComplianceInput{ConformancePackName: aws.String("hds")})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]types.ConformancePackComplianceType{}
	for _, r := range out.ConformancePackRuleComplianceList {
		got[strings.SplitN(aws.ToString(r.ConfigRuleName), "-conformance-pack-", 2)[0]] = r.ComplianceType
	}
	if got["restricted-ssh"] != types.ConformancePackComplianceTypeNonCompliant || got["access-keys-rotated"] != types.ConformancePackComplianceTypeInsufficientData {
		t.Errorf("pack compliance = %v; want restricted-ssh NON_COMPLIANT (inherited) and access-keys-rotated INSUFFICIENT_DATA", got)
	}
}
