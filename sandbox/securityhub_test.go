package sandbox

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"
)

func (sb *sandboxT) securityHub(region, accessKey string) *securityhub.Client {
	return securityhub.NewFromConfig(clientConfig(sb.URL, region, accessKey))
}

func eq(v string) []types.StringFilter {
	return []types.StringFilter{{Value: aws.String(v), Comparison: types.StringFilterComparisonEquals}}
}

func TestSecurityHubMustBeEnabled(t *testing.T) {
	sb := startSandbox(t, Options{})
	sh := sb.securityHub("eu-west-3", "AKIATEST")
	_, err := sh.GetFindings(ctx, &securityhub.GetFindingsInput{})
	var denied *types.InvalidAccessException
	if !errors.As(err, &denied) || !strings.Contains(err.Error(), "not subscribed") {
		t.Fatalf("GetFindings before EnableSecurityHub gave %v, want InvalidAccessException", err)
	}
	if _, err := sh.EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{}); err != nil {
		t.Fatalf("EnableSecurityHub: %v", err)
	}
	if _, err := sh.EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{}); errorCode(err) != "ResourceConflictException" {
		t.Errorf("enabling twice gave %v, want ResourceConflictException", err)
	}
	hub, err := sh.DescribeHub(ctx, &securityhub.DescribeHubInput{})
	if err != nil || aws.ToString(hub.HubArn) != "arn:aws:securityhub:eu-west-3:123456789012:hub/default" || hub.ControlFindingGenerator != types.ControlFindingGeneratorSecurityControl {
		t.Fatalf("DescribeHub = %+v, %v", hub, err)
	}
	stds, err := sh.GetEnabledStandards(ctx, &securityhub.GetEnabledStandardsInput{})
	if err != nil || len(stds.StandardsSubscriptions) != 2 {
		t.Fatalf("GetEnabledStandards = %+v, %v; want the 2 default standards", stds, err)
	}
	if s := stds.StandardsSubscriptions[0]; s.StandardsStatus != types.StandardsStatusReady || !strings.Contains(aws.ToString(s.StandardsArn), "standards") {
		t.Errorf("subscription = %+v", s)
	}
	enabled, err := sh.BatchEnableStandards(ctx, &securityhub.BatchEnableStandardsInput{StandardsSubscriptionRequests: []types.StandardsSubscriptionRequest{
		{StandardsArn: aws.String("arn:aws:securityhub:eu-west-3::standards/nist-800-53/v/5.0.0")}}})
	if err != nil || len(enabled.StandardsSubscriptions) != 1 {
		t.Errorf("BatchEnableStandards = %+v, %v", enabled, err)
	}
	if _, err := sh.BatchEnableStandards(ctx, &securityhub.BatchEnableStandardsInput{StandardsSubscriptionRequests: []types.StandardsSubscriptionRequest{
		{StandardsArn: aws.String("arn:aws:securityhub:eu-west-3::standards/hds/v/2")}}}); errorCode(err) != "InvalidInputException" {
		t.Errorf("an unknown standard gave %v", err)
	}
}

// importedFinding is a finding of the default product, as an account
// imports its own.
func importedFinding(id, status string) types.AwsSecurityFinding {
	now := time.Now().UTC().Format(time.RFC3339)
	return types.AwsSecurityFinding{
		SchemaVersion: aws.String("2018-10-08"),
		Id:            aws.String(id),
		ProductArn:    aws.String("arn:aws:securityhub:eu-west-3:123456789012:product/123456789012/default"),
		GeneratorId:   aws.String("hdsctl-test"),
		AwsAccountId:  aws.String("123456789012"),
		CreatedAt:     aws.String(now),
		UpdatedAt:     aws.String(now),
		Title:         aws.String("Finding " + id),
		Description:   aws.String("A test finding"),
		Types:         []string{"Software and Configuration Checks"},
		Severity:      &types.Severity{Label: types.SeverityLabelLow},
		Resources:     []types.Resource{{Type: aws.String("AwsAccount"), Id: aws.String("AWS::::Account:123456789012")}},
		Compliance:    &types.Compliance{Status: types.ComplianceStatus(status), SecurityControlId: aws.String("HDS.1")},
	}
}

func TestBatchImportFindingsChecksEachFinding(t *testing.T) {
	sb := startSandbox(t, Options{})
	sh := sb.securityHub("eu-west-3", "AKIATEST")
	if _, err := sh.EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{}); err != nil {
		t.Fatal(err)
	}
	good := importedFinding("f-1", "FAILED")
	noTitle := importedFinding("f-2", "FAILED")
	noTitle.Title = aws.String("")
	otherAccount := importedFinding("f-3", "FAILED")
	otherAccount.AwsAccountId = aws.String("999999999999")
	out, err := sh.BatchImportFindings(ctx, &securityhub.BatchImportFindingsInput{Findings: []types.AwsSecurityFinding{good, noTitle, otherAccount}})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToInt32(out.SuccessCount) != 1 || aws.ToInt32(out.FailedCount) != 2 || aws.ToString(out.FailedFindings[0].Id) != "f-2" ||
		aws.ToString(out.FailedFindings[0].ErrorCode) != "InvalidInput" {
		t.Errorf("BatchImportFindings = success %d, failed %d, %+v", aws.ToInt32(out.SuccessCount), aws.ToInt32(out.FailedCount), out.FailedFindings)
	}
	got, err := sh.GetFindings(ctx, &securityhub.GetFindingsInput{})
	if err != nil || len(got.Findings) != 1 {
		t.Fatalf("GetFindings = %+v, %v", got, err)
	}
	f := got.Findings[0]
	if aws.ToString(f.Region) != "eu-west-3" || f.RecordState != types.RecordStateActive || f.Workflow.Status != types.WorkflowStatusNew ||
		aws.ToString(f.ProductName) != "Default" || f.ProcessedAt == nil {
		t.Errorf("stored finding = %+v", f)
	}
	if _, err := sh.BatchImportFindings(ctx, &securityhub.BatchImportFindingsInput{Findings: []types.AwsSecurityFinding{}}); errorCode(err) != "InvalidInputException" {
		t.Errorf("an empty import gave %v", err)
	}
}

func TestGetFindingsFiltersAsAnAssessmentDoes(t *testing.T) {
	member := Account{ID: "210987654321", AccessKeyIDs: []string{"AKIAMEMBER"}}
	sb := startSandbox(t, Options{Accounts: []Account{member}})
	for _, a := range []string{"", member.ID} {
		if err := sb.EnableSecurityHub(a, "eu-west-3", SecurityHubOptions{Administrator: a == ""}); err != nil {
			t.Fatal(err)
		}
	}
	put := func(f ControlFinding) {
		t.Helper()
		if _, err := sb.PutControlFinding(f); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 7 {
		put(ControlFinding{Region: "eu-west-3", ControlID: "S3.5", Status: "FAILED", ResourceType: "AwsS3Bucket", ResourceID: fmt.Sprintf("arn:aws:s3:::b%d", i)})
	}
	put(ControlFinding{Region: "eu-west-3", ControlID: "S3.5", Status: "PASSED", ResourceType: "AwsS3Bucket", ResourceID: "arn:aws:s3:::ok"})
	put(ControlFinding{Region: "eu-west-3", ControlID: "S3.5", Status: "FAILED", ResourceType: "AwsS3Bucket", ResourceID: "arn:aws:s3:::gone", RecordState: "ARCHIVED"})
	put(ControlFinding{Region: "eu-west-3", ControlID: "S3.5", Status: "FAILED", ResourceType: "AwsS3Bucket", ResourceID: "arn:aws:s3:::accepted", WorkflowStatus: "SUPPRESSED"})
	put(ControlFinding{Account: member.ID, Region: "eu-west-3", ControlID: "IAM.9", Status: "FAILED", Severity: "CRITICAL", ResourceType: "AwsAccount", ResourceID: "AWS::::Account:" + member.ID})

	admin := sb.securityHub("eu-west-3", "AKIATEST")
	filters := &types.AwsSecurityFindingFilters{
		ComplianceSecurityControlId: eq("S3.5"),
		ComplianceStatus:            eq("FAILED"),
		RecordState:                 eq("ACTIVE"),
		WorkflowStatus: []types.StringFilter{
			{Value: aws.String("NEW"), Comparison: types.StringFilterComparisonEquals},
			{Value: aws.String("NOTIFIED"), Comparison: types.StringFilterComparisonEquals},
		},
		AwsAccountId: eq("123456789012"),
		Region:       eq("eu-west-3"),
	}
	var ids []string
	pages := securityhub.NewGetFindingsPaginator(admin, &securityhub.GetFindingsInput{Filters: filters, MaxResults: aws.Int32(3)})
	for pages.HasMorePages() {
		out, err := pages.NextPage(ctx)
		if err != nil {
			t.Fatalf("GetFindings: %v", err)
		}
		if len(out.Findings) > 3 {
			t.Errorf("a page of %d findings, asked for 3", len(out.Findings))
		}
		for _, f := range out.Findings {
			ids = append(ids, aws.ToString(f.Resources[0].Id))
			if aws.ToString(f.Compliance.SecurityControlId) != "S3.5" || f.Compliance.Status != types.ComplianceStatusFailed || aws.ToString(f.GeneratorId) != "security-control/S3.5" {
				t.Errorf("finding %+v", f.Compliance)
			}
		}
	}
	if len(ids) != 7 {
		t.Errorf("got %d active new failed findings, want 7: %v", len(ids), ids)
	}

	// The administrator sees the member's findings; the member sees only its own.
	memberOut, err := admin.GetFindings(ctx, &securityhub.GetFindingsInput{Filters: &types.AwsSecurityFindingFilters{AwsAccountId: eq(member.ID)}})
	if err != nil || len(memberOut.Findings) != 1 || memberOut.Findings[0].Severity.Label != types.SeverityLabelCritical {
		t.Errorf("the administrator's view of the member: %+v, %v", memberOut, err)
	}
	own, err := sb.securityHub("eu-west-3", "AKIAMEMBER").GetFindings(ctx, &securityhub.GetFindingsInput{})
	if err != nil || len(own.Findings) != 1 {
		t.Errorf("the member's view: %d findings, %v; want its 1", len(own.Findings), err)
	}

	notArchived, err := admin.GetFindings(ctx, &securityhub.GetFindingsInput{Filters: &types.AwsSecurityFindingFilters{
		RecordState: []types.StringFilter{{Value: aws.String("ARCHIVED"), Comparison: types.StringFilterComparisonNotEquals}},
		Title:       []types.StringFilter{{Value: aws.String("S3"), Comparison: types.StringFilterComparisonPrefix}},
	}})
	if err != nil || len(notArchived.Findings) != 9 {
		t.Errorf("NOT_EQUALS ARCHIVED and PREFIX: %d findings, %v; want 9", len(notArchived.Findings), err)
	}

	for name, f := range map[string]*types.AwsSecurityFindingFilters{
		"EQUALS with NOT_EQUALS": {RecordState: []types.StringFilter{
			{Value: aws.String("ACTIVE"), Comparison: types.StringFilterComparisonEquals},
			{Value: aws.String("ARCHIVED"), Comparison: types.StringFilterComparisonNotEquals}}},
		"a date filter": {UpdatedAt: []types.DateFilter{{DateRange: &types.DateRange{Unit: types.DateRangeUnitDays, Value: aws.Int32(1)}}}},
	} {
		if _, err := admin.GetFindings(ctx, &securityhub.GetFindingsInput{Filters: f}); errorCode(err) != "InvalidInputException" {
			t.Errorf("%s gave %v, want InvalidInputException", name, err)
		}
	}
	if _, err := admin.GetFindings(ctx, &securityhub.GetFindingsInput{MaxResults: aws.Int32(101)}); err == nil {
		t.Error("MaxResults 101 was accepted")
	}
}

func TestControlFindingWorkflowFollowsItsStatus(t *testing.T) {
	sb := startSandbox(t, Options{})
	if err := sb.EnableSecurityHub("", "eu-west-3", SecurityHubOptions{}); err != nil {
		t.Fatal(err)
	}
	f := ControlFinding{Region: "eu-west-3", ControlID: "IAM.9", Status: "FAILED", ResourceType: "AwsAccount", ResourceID: "AWS::::Account:123456789012"}
	id1, err := sb.PutControlFinding(f)
	if err != nil {
		t.Fatal(err)
	}
	f.Status = "PASSED"
	id2, err := sb.PutControlFinding(f)
	if err != nil || id1 != id2 {
		t.Fatalf("the same control and resource gave IDs %s and %s (%v)", id1, id2, err)
	}
	out, err := sb.securityHub("eu-west-3", "AKIATEST").GetFindings(ctx, &securityhub.GetFindingsInput{})
	if err != nil || len(out.Findings) != 1 || out.Findings[0].Workflow.Status != types.WorkflowStatusResolved {
		t.Errorf("after passing: %+v, %v; want one RESOLVED finding", out.Findings, err)
	}
	if _, err := sb.PutControlFinding(ControlFinding{Region: "us-east-1", ControlID: "IAM.9", Status: "FAILED", ResourceType: "AwsAccount", ResourceID: "x"}); err == nil {
		t.Error("a finding in a Region without Security Hub was accepted")
	}
}
