package conformance

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/account"
	accounttypes "github.com/aws/aws-sdk-go-v2/service/account/types"

	"github.com/hdsctl/hdsctl/awsref"
	"github.com/hdsctl/hdsctl/internal/awserr"
)

// defaultRegions returns the Regions of the European Economic Area that the
// account has enabled, as the Account Management API lists them. Without
// the permission account:ListRegions it falls back to the EEA Regions every
// account has (those that need no opt-in), and says so.
func (t *Target) defaultRegions(ctx context.Context) ([]string, error) {
	enabled, err := enabledRegions(ctx, t.account)
	if awserr.HasCode(err, "AccessDeniedException") {
		fallback := defaultEEARegions()
		t.log.Warn("cannot list the account's enabled Regions (account:ListRegions denied); "+
			"using the EEA Regions enabled by default; pass --regions to choose", "regions", fallback, "err", err)
		return fallback, nil
	}
	if err != nil {
		return nil, fmt.Errorf("listing the Regions enabled in the account (pass --regions to name them): %w", err)
	}
	var out []string
	for _, r := range awsref.EEARegions() {
		if slices.Contains(enabled, r) {
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		return nil, errors.New("the account has enabled no Region of the European Economic Area; enable one, or name the Regions with --regions")
	}
	return out, nil
}

// enabledRegions lists the Regions the account can use.
func enabledRegions(ctx context.Context, client *account.Client) ([]string, error) {
	// One page of 50 holds every Region of the aws partition.
	in := &account.ListRegionsInput{
		MaxResults: aws.Int32(50),
		RegionOptStatusContains: []accounttypes.RegionOptStatus{
			accounttypes.RegionOptStatusEnabled, accounttypes.RegionOptStatusEnabledByDefault,
		},
	}
	var out []string
	p := account.NewListRegionsPaginator(client, in)
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, r := range page.Regions {
			if r.RegionName != nil {
				out = append(out, *r.RegionName)
			}
		}
	}
	return out, nil
}

// defaultEEARegions returns the EEA Regions that need no opt-in.
func defaultEEARegions() []string {
	var out []string
	for _, code := range awsref.EEARegions() {
		if r, ok := awsref.LookupRegion(code); ok && !r.OptIn {
			out = append(out, code)
		}
	}
	return out
}
