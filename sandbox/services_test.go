package sandbox

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/s3control"
	s3ctypes "github.com/aws/aws-sdk-go-v2/service/s3control/types"
	smithyendpoints "github.com/aws/smithy-go/endpoints"
)

func TestIAMAccountSummaryAndPasswordPolicy(t *testing.T) {
	sb := startSandbox(t, Options{})
	client := iam.NewFromConfig(clientConfig(sb.URL, "us-east-1", "AKIATEST"))

	_, err := client.GetAccountPasswordPolicy(ctx, &iam.GetAccountPasswordPolicyInput{})
	var none *iamtypes.NoSuchEntityException
	if !errors.As(err, &none) || !strings.Contains(err.Error(), "123456789012") {
		t.Fatalf("a new account's password policy gave %v, want NoSuchEntity", err)
	}
	summary, err := client.GetAccountSummary(ctx, &iam.GetAccountSummaryInput{})
	if err != nil || summary.SummaryMap["AccountMFAEnabled"] != 0 || summary.SummaryMap["UsersQuota"] != 5000 {
		t.Fatalf("GetAccountSummary = %v, %v", summary.SummaryMap, err)
	}

	err = sb.SetIAMSettings("", IAMSettings{RootMFA: true, Users: 4, PasswordPolicy: &PasswordPolicy{
		MinimumPasswordLength: 14, RequireSymbols: true, RequireNumbers: true, MaxPasswordAge: 90, PasswordReusePrevention: 24}})
	if err != nil {
		t.Fatal(err)
	}
	summary, err = client.GetAccountSummary(ctx, &iam.GetAccountSummaryInput{})
	if err != nil || summary.SummaryMap["AccountMFAEnabled"] != 1 || summary.SummaryMap["Users"] != 4 {
		t.Errorf("GetAccountSummary after setting = %v, %v", summary.SummaryMap, err)
	}
	policy, err := client.GetAccountPasswordPolicy(ctx, &iam.GetAccountPasswordPolicyInput{})
	if err != nil {
		t.Fatal(err)
	}
	p := policy.PasswordPolicy
	if aws.ToInt32(p.MinimumPasswordLength) != 14 || !p.RequireSymbols || p.RequireUppercaseCharacters || !p.ExpirePasswords ||
		aws.ToInt32(p.MaxPasswordAge) != 90 || aws.ToInt32(p.PasswordReusePrevention) != 24 {
		t.Errorf("password policy = %+v", p)
	}
	if err := sb.SetIAMSettings("", IAMSettings{PasswordPolicy: &PasswordPolicy{MinimumPasswordLength: 3}}); err == nil {
		t.Error("a minimum length of 3 was accepted")
	}
}

func TestKMSKeysAndRotation(t *testing.T) {
	sb := startSandbox(t, Options{})
	const (
		rotating = "11111111-1111-4111-8111-111111111111"
		still    = "22222222-2222-4222-8222-222222222222"
		managed  = "33333333-3333-4333-8333-333333333333"
		rsa      = "44444444-4444-4444-8444-444444444444"
	)
	for _, k := range []KMSKey{
		{ID: rotating, RotationEnabled: true, Aliases: []string{"alias/hds"}},
		{ID: still},
		{ID: managed, Manager: "AWS", Aliases: []string{"alias/aws/s3"}},
		{ID: rsa, Spec: "RSA_2048"},
	} {
		if err := sb.PutKMSKey("", "eu-west-3", k); err != nil {
			t.Fatal(err)
		}
	}
	client := kms.NewFromConfig(clientConfig(sb.URL, "eu-west-3", "AKIATEST"))
	var arns []string
	pages := kms.NewListKeysPaginator(client, &kms.ListKeysInput{Limit: aws.Int32(3)})
	for pages.HasMorePages() {
		out, err := pages.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range out.Keys {
			arns = append(arns, aws.ToString(k.KeyArn))
		}
	}
	if len(arns) != 4 || arns[0] != "arn:aws:kms:eu-west-3:123456789012:key/"+rotating {
		t.Fatalf("ListKeys = %v", arns)
	}
	desc, err := client.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String("alias/aws/s3")})
	if err != nil || desc.KeyMetadata.KeyManager != kmstypes.KeyManagerTypeAws || desc.KeyMetadata.KeySpec != kmstypes.KeySpecSymmetricDefault ||
		desc.KeyMetadata.KeyState != kmstypes.KeyStateEnabled || desc.KeyMetadata.Origin != kmstypes.OriginTypeAwsKms {
		t.Fatalf("DescribeKey by alias = %+v, %v", desc.KeyMetadata, err)
	}
	for id, want := range map[string]bool{rotating: true, still: false, managed: true} {
		out, err := client.GetKeyRotationStatus(ctx, &kms.GetKeyRotationStatusInput{KeyId: aws.String("arn:aws:kms:eu-west-3:123456789012:key/" + id)})
		if err != nil || out.KeyRotationEnabled != want {
			t.Errorf("rotation of %s = %v, %v; want %v", id, out, err, want)
		}
	}
	_, err = client.GetKeyRotationStatus(ctx, &kms.GetKeyRotationStatusInput{KeyId: aws.String(rsa)})
	var unsupported *kmstypes.UnsupportedOperationException
	if !errors.As(err, &unsupported) {
		t.Errorf("rotation of an RSA key gave %v", err)
	}
	_, err = client.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String("arn:aws:kms:eu-central-1:123456789012:key/" + rotating)})
	var notFound *kmstypes.NotFoundException
	if !errors.As(err, &notFound) {
		t.Errorf("a key of another Region gave %v", err)
	}
}

func TestEC2RegionsEncryptionDefaultAndSnapshots(t *testing.T) {
	sb := startSandbox(t, Options{})
	client := ec2.NewFromConfig(clientConfig(sb.URL, "eu-west-3", "AKIATEST"))

	regions, err := client.DescribeRegions(ctx, &ec2.DescribeRegionsInput{})
	if err != nil {
		t.Fatal(err)
	}
	enabled := map[string]string{}
	for _, r := range regions.Regions {
		enabled[aws.ToString(r.RegionName)] = aws.ToString(r.OptInStatus)
	}
	if enabled["eu-west-3"] != "opt-in-not-required" || enabled["us-east-1"] != "opt-in-not-required" {
		t.Errorf("enabled Regions = %v", enabled)
	}
	if _, ok := enabled["eu-south-1"]; ok {
		t.Error("DescribeRegions lists eu-south-1, an opt-in Region the account has not enabled")
	}
	all, err := client.DescribeRegions(ctx, &ec2.DescribeRegionsInput{AllRegions: aws.Bool(true),
		Filters: []ec2types.Filter{{Name: aws.String("opt-in-status"), Values: []string{"not-opted-in"}}}})
	if err != nil || len(all.Regions) == 0 || aws.ToString(all.Regions[0].OptInStatus) != "not-opted-in" {
		t.Errorf("AllRegions, not opted in: %+v, %v", all.Regions, err)
	}
	if _, err := client.DescribeRegions(ctx, &ec2.DescribeRegionsInput{Filters: []ec2types.Filter{{Name: aws.String("colour"), Values: []string{"x"}}}}); errorCode(err) != "InvalidParameterValue" {
		t.Errorf("an unknown filter gave %v", err)
	}

	def, err := client.GetEbsEncryptionByDefault(ctx, &ec2.GetEbsEncryptionByDefaultInput{})
	if err != nil || aws.ToBool(def.EbsEncryptionByDefault) {
		t.Fatalf("a new Region's default encryption = %v, %v; want off", def, err)
	}
	if err := sb.SetEBSEncryptionByDefault("", "eu-west-3", true); err != nil {
		t.Fatal(err)
	}
	if def, err := client.GetEbsEncryptionByDefault(ctx, &ec2.GetEbsEncryptionByDefaultInput{}); err != nil || !aws.ToBool(def.EbsEncryptionByDefault) {
		t.Errorf("after enabling: %v, %v", def, err)
	}

	for i, enc := range []bool{true, false, true, false, true, false} {
		snap := EBSSnapshot{ID: "snap-0000000000000000" + string(rune('1'+i)), VolumeID: "vol-1", SizeGiB: 8, Encrypted: enc, Started: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
		if err := sb.PutEBSSnapshot("", "eu-west-3", snap); err != nil {
			t.Fatal(err)
		}
	}
	var unencrypted []string
	pages := ec2.NewDescribeSnapshotsPaginator(client, &ec2.DescribeSnapshotsInput{OwnerIds: []string{"self"}, MaxResults: aws.Int32(5),
		Filters: []ec2types.Filter{{Name: aws.String("encrypted"), Values: []string{"false"}}}})
	for pages.HasMorePages() {
		out, err := pages.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range out.Snapshots {
			unencrypted = append(unencrypted, aws.ToString(s.SnapshotId))
			if aws.ToString(s.OwnerId) != "123456789012" || s.State != ec2types.SnapshotStateCompleted || s.StartTime == nil {
				t.Errorf("snapshot = %+v", s)
			}
		}
	}
	if len(unencrypted) != 3 {
		t.Errorf("unencrypted snapshots = %v, want 3", unencrypted)
	}
	if _, err := client.DescribeSnapshots(ctx, &ec2.DescribeSnapshotsInput{SnapshotIds: []string{"snap-0123456789abcdef0"}}); errorCode(err) != "InvalidSnapshot.NotFound" {
		t.Errorf("an unknown snapshot gave %v", err)
	}
	if _, err := client.DescribeSnapshots(ctx, &ec2.DescribeSnapshotsInput{MaxResults: aws.Int32(2)}); errorCode(err) != "InvalidParameterValue" {
		t.Errorf("MaxResults 2 gave %v", err)
	}
}

func TestOrganizationsListsTheConfiguredAccounts(t *testing.T) {
	member := Account{ID: "210987654321", AccessKeyIDs: []string{"AKIAMEMBER"}, Name: "production", Email: "prod@example.com"}
	sb := startSandbox(t, Options{Accounts: []Account{member}, AccountName: "management"})
	client := organizations.NewFromConfig(clientConfig(sb.URL, "us-east-1", "AKIATEST"))
	org, err := client.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})
	if err != nil || aws.ToString(org.Organization.MasterAccountId) != DefaultAccountID || !strings.HasPrefix(aws.ToString(org.Organization.Id), "o-") ||
		org.Organization.FeatureSet != orgtypes.OrganizationFeatureSetAll {
		t.Fatalf("DescribeOrganization = %+v, %v", org, err)
	}
	var accounts []orgtypes.Account
	pages := organizations.NewListAccountsPaginator(client, &organizations.ListAccountsInput{MaxResults: aws.Int32(1)})
	for pages.HasMorePages() {
		out, err := pages.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		accounts = append(accounts, out.Accounts...)
	}
	if len(accounts) != 2 || aws.ToString(accounts[0].Name) != "management" || aws.ToString(accounts[1].Email) != "prod@example.com" ||
		accounts[1].State != orgtypes.AccountStateActive || !strings.HasSuffix(aws.ToString(accounts[1].Arn), "/210987654321") {
		t.Errorf("ListAccounts = %+v", accounts)
	}
	_, err = organizations.NewFromConfig(clientConfig(sb.URL, "us-east-1", "AKIAMEMBER")).ListAccounts(ctx, &organizations.ListAccountsInput{})
	var denied *orgtypes.AccessDeniedException
	if !errors.As(err, &denied) {
		t.Errorf("ListAccounts from a member gave %v", err)
	}
}

// fixedEndpoint sends S3 Control calls to the sandbox as they are, as
// internal/testenv does for moto: the SDK's resolver would put the account
// ID in front of a loopback address.
type fixedEndpoint string

func (e fixedEndpoint) ResolveEndpoint(context.Context, s3control.EndpointParameters) (smithyendpoints.Endpoint, error) {
	u, err := url.Parse(string(e))
	if err != nil {
		return smithyendpoints.Endpoint{}, err
	}
	return smithyendpoints.Endpoint{URI: *u}, nil
}

func TestS3ControlAccountPublicAccessBlock(t *testing.T) {
	sb := startSandbox(t, Options{})
	client := s3control.NewFromConfig(clientConfig(sb.URL, "eu-west-3", "AKIATEST"), func(o *s3control.Options) {
		o.EndpointResolverV2 = fixedEndpoint(sb.URL)
	})
	_, err := client.GetPublicAccessBlock(ctx, &s3control.GetPublicAccessBlockInput{AccountId: aws.String(DefaultAccountID)})
	var none *s3ctypes.NoSuchPublicAccessBlockConfiguration
	if !errors.As(err, &none) {
		t.Fatalf("a new account's block gave %v, want NoSuchPublicAccessBlockConfiguration", err)
	}
	_, err = client.PutPublicAccessBlock(ctx, &s3control.PutPublicAccessBlockInput{AccountId: aws.String(DefaultAccountID),
		PublicAccessBlockConfiguration: &s3ctypes.PublicAccessBlockConfiguration{BlockPublicAcls: aws.Bool(true), BlockPublicPolicy: aws.Bool(true)}})
	if err != nil {
		t.Fatal(err)
	}
	got, err := client.GetPublicAccessBlock(ctx, &s3control.GetPublicAccessBlockInput{AccountId: aws.String(DefaultAccountID)})
	if err != nil {
		t.Fatal(err)
	}
	c := got.PublicAccessBlockConfiguration
	if !aws.ToBool(c.BlockPublicAcls) || aws.ToBool(c.IgnorePublicAcls) || !aws.ToBool(c.BlockPublicPolicy) || aws.ToBool(c.RestrictPublicBuckets) {
		t.Errorf("block = %+v", c)
	}
	if _, err := client.GetPublicAccessBlock(ctx, &s3control.GetPublicAccessBlockInput{AccountId: aws.String("999999999999")}); errorCode(err) != "AccessDenied" {
		t.Errorf("another account's block gave %v", err)
	}
}

func TestCloudTrailShowsTrailsAndTheOrganizationTrail(t *testing.T) {
	member := Account{ID: "210987654321", AccessKeyIDs: []string{"AKIAMEMBER"}}
	sb := startSandbox(t, Options{Accounts: []Account{member}})
	if err := sb.PutResource("", CloudTrailTrail{Name: "org", Region: "eu-west-3", MultiRegion: true, Organization: true, LogFileValidation: true}); err != nil {
		t.Fatal(err)
	}
	if err := sb.PutResource(member.ID, CloudTrailTrail{Name: "own", Region: "eu-west-3"}); err != nil {
		t.Fatal(err)
	}
	client := cloudtrail.NewFromConfig(clientConfig(sb.URL, "eu-central-1", "AKIAMEMBER"))
	out, err := client.DescribeTrails(ctx, &cloudtrail.DescribeTrailsInput{})
	if err != nil || len(out.TrailList) != 1 {
		t.Fatalf("DescribeTrails in Frankfurt = %+v, %v; want the organization trail's shadow", out, err)
	}
	org := out.TrailList[0]
	if aws.ToString(org.HomeRegion) != "eu-west-3" || !aws.ToBool(org.IsMultiRegionTrail) || !aws.ToBool(org.IsOrganizationTrail) ||
		!aws.ToBool(org.LogFileValidationEnabled) || aws.ToString(org.TrailARN) != "arn:aws:cloudtrail:eu-west-3:123456789012:trail/org" {
		t.Errorf("organization trail = %+v", org)
	}
	status, err := client.GetTrailStatus(ctx, &cloudtrail.GetTrailStatusInput{Name: org.TrailARN})
	if err != nil || !aws.ToBool(status.IsLogging) {
		t.Errorf("GetTrailStatus = %+v, %v", status, err)
	}
	paris, err := cloudtrail.NewFromConfig(clientConfig(sb.URL, "eu-west-3", "AKIAMEMBER")).DescribeTrails(ctx, &cloudtrail.DescribeTrailsInput{})
	if err != nil || len(paris.TrailList) != 2 {
		t.Errorf("DescribeTrails in Paris = %d trails, %v; want its own and the organization's", len(paris.TrailList), err)
	}
	_, err = client.GetTrailStatus(ctx, &cloudtrail.GetTrailStatusInput{Name: aws.String("own")})
	var notFound *cttypes.TrailNotFoundException
	if !errors.As(err, &notFound) {
		t.Errorf("a trail of another Region by name gave %v", err)
	}
}
