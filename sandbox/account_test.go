package sandbox

import (
	"errors"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/account"
	accounttypes "github.com/aws/aws-sdk-go-v2/service/account/types"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/smithy-go"
)

func TestListRegionsReportsOptInRegions(t *testing.T) {
	sb := startSandbox(t, Options{OptInRegions: []string{"eu-south-1"}})
	client := account.NewFromConfig(clientConfig(sb.URL, "us-east-1", "AKIATEST"))

	status := map[string]accounttypes.RegionOptStatus{}
	p := account.NewListRegionsPaginator(client, &account.ListRegionsInput{MaxResults: aws.Int32(7)})
	pages := 0
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			t.Fatalf("ListRegions: %v", err)
		}
		pages++
		for _, r := range out.Regions {
			status[*r.RegionName] = r.RegionOptStatus
		}
	}
	if pages < 2 {
		t.Errorf("ListRegions answered in %d page, want several of 7", pages)
	}
	for region, want := range map[string]accounttypes.RegionOptStatus{
		"eu-west-3":  accounttypes.RegionOptStatusEnabledByDefault,
		"eu-south-1": accounttypes.RegionOptStatusEnabled,
		"eu-south-2": accounttypes.RegionOptStatusDisabled,
	} {
		if status[region] != want {
			t.Errorf("%s is %q, want %q", region, status[region], want)
		}
	}

	out, err := client.ListRegions(ctx, &account.ListRegionsInput{RegionOptStatusContains: []accounttypes.RegionOptStatus{
		accounttypes.RegionOptStatusEnabled, accounttypes.RegionOptStatusEnabledByDefault}})
	if err != nil {
		t.Fatal(err)
	}
	if slices.ContainsFunc(out.Regions, func(r accounttypes.Region) bool { return *r.RegionName == "eu-south-2" }) {
		t.Error("the filter on enabled Regions listed the disabled eu-south-2")
	}

	got, err := client.GetRegionOptStatus(ctx, &account.GetRegionOptStatusInput{RegionName: aws.String("eu-south-2")})
	if err != nil || got.RegionOptStatus != accounttypes.RegionOptStatusDisabled {
		t.Errorf("GetRegionOptStatus(eu-south-2) = %+v, %v; want DISABLED", got, err)
	}
}

func TestConfigRefusesDisabledRegions(t *testing.T) {
	sb := startSandbox(t, Options{})
	_, err := sb.config("eu-south-2", "AKIATEST").DescribeConformancePacks(ctx, &configservice.DescribeConformancePacksInput{})
	var api smithy.APIError
	if !errors.As(err, &api) || api.ErrorCode() != "UnrecognizedClientException" {
		t.Errorf("a call to a disabled Region gave %v, want UnrecognizedClientException", err)
	}
	if _, err := sb.config("eu-west-3", "AKIATEST").DescribeConformancePacks(ctx, &configservice.DescribeConformancePacksInput{}); err != nil {
		t.Errorf("a call to a Region enabled by default failed: %v", err)
	}
}

func TestUnknownOptInRegionIsRefused(t *testing.T) {
	if _, err := New(Options{OptInRegions: []string{"eu-west-1"}}); err == nil {
		t.Error("eu-west-1 is enabled by default, not an opt-in Region; New accepted it")
	}
}
