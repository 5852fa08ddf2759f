package conformance

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/configservice/types"

	"github.com/hdsctl/hdsctl/deploy"
	"github.com/hdsctl/hdsctl/framework"
)

// orgPage is the page size of DescribeOrganizationConformancePacks and
// DescribeOrganizationConformancePackStatuses (at most 100, AWS Config API
// Reference); orgNamesPage bounds the names one call of either takes (25).
const (
	orgPage      = 100
	orgNamesPage = 25
)

// orgAccessError explains the error AWS Config answers to an organization
// call from an account that may not make it.
func orgAccessError(region string, err error) error {
	var denied *types.OrganizationAccessDeniedException
	var allFeatures *types.OrganizationAllFeaturesNotEnabledException
	switch {
	case errors.As(err, &denied):
		return fmt.Errorf("listing the organization conformance packs in %s: --organization needs the credentials of the "+
			"organization's management account or of a delegated administrator for AWS Config "+
			"(config-multiaccountsetup.amazonaws.com): %w", region, err)
	case errors.As(err, &allFeatures):
		return fmt.Errorf("listing the organization conformance packs in %s: "+
			"the organization must enable all features: %w", region, err)
	}
	return fmt.Errorf("listing the organization conformance packs in %s: %w", region, err)
}

// currentOrgPacks returns the framework's organization packs that hdsctl
// owns in a Region.
func (t *Target) currentOrgPacks(ctx context.Context, region string, fw *framework.Framework,
	want map[string]string) ([]deploy.Existing, error) {
	client := t.client(region)
	nameRe := packNameRe(fw.ID)
	var found []types.OrganizationConformancePack
	in := &configservice.DescribeOrganizationConformancePacksInput{Limit: orgPage}
	p := configservice.NewDescribeOrganizationConformancePacksPaginator(client, in)
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, orgAccessError(region, err)
		}
		for _, op := range page.OrganizationConformancePacks {
			if nameRe.MatchString(aws.ToString(op.OrganizationConformancePackName)) {
				found = append(found, op)
			}
		}
	}
	if len(found) == 0 {
		return nil, nil
	}
	statuses, err := orgStatuses(ctx, client, region, found)
	if err != nil {
		return nil, err
	}

	var out []deploy.Existing
	for _, op := range found {
		name := aws.ToString(op.OrganizationConformancePackName)
		arn := aws.ToString(op.OrganizationConformancePackArn)
		hash, extra := recordedHash(op.ConformancePackInputParameters)
		st, known := statuses[name]
		wanted, isWanted := want[name]
		drifted := hash == "" || extra || op.DeliveryS3Bucket != nil ||
			(known && !healthyOrgPack(st.Status)) ||
			(hash == wanted && !sameAccounts(op.ExcludedAccounts, t.opts.ExcludedAccounts))
		if !isWanted || drifted || hash != wanted {
			keep, err := t.claim(ctx, client, region, name, arn, fw.ID)
			if err != nil {
				return nil, err
			}
			if !keep {
				continue
			}
		}
		if drifted {
			t.log.Info("organization conformance pack changed outside hdsctl",
				"region", region, "pack", name, "status", st.Status,
				"excluded", op.ExcludedAccounts, "error", aws.ToString(st.ErrorMessage))
		}
		out = append(out, deploy.Existing{Kind: KindOrgPack, Key: name, Name: name, Region: region,
			ID: arn, Hash: hash, Drifted: drifted})
	}
	return out, nil
}

// orgPackStatus is the status of an organization conformance pack.
type orgPackStatus = types.OrganizationConformancePackStatus

// orgSucceeded reports whether an organization pack is deployed in every
// account it targets.
func orgSucceeded(s types.OrganizationResourceStatus) bool {
	return s == types.OrganizationResourceStatusCreateSuccessful ||
		s == types.OrganizationResourceStatusUpdateSuccessful
}

// healthyOrgPack reports whether an organization pack's status is one
// hdsctl leaves alone: deployed everywhere, or being deployed.
func healthyOrgPack(s types.OrganizationResourceStatus) bool {
	inProgress := strings.HasSuffix(string(s), "_IN_PROGRESS") && s != types.OrganizationResourceStatusDeleteInProgress
	return orgSucceeded(s) || inProgress
}

// orgStatuses reads the status of the organization packs found, by name.
func orgStatuses(ctx context.Context, client *configservice.Client, region string,
	packs []types.OrganizationConformancePack) (map[string]orgPackStatus, error) {
	out := map[string]orgPackStatus{}
	for start := 0; start < len(packs); start += orgNamesPage {
		var names []string
		for _, op := range packs[start:min(len(packs), start+orgNamesPage)] {
			names = append(names, aws.ToString(op.OrganizationConformancePackName))
		}
		in := &configservice.DescribeOrganizationConformancePackStatusesInput{
			OrganizationConformancePackNames: names}
		page, err := client.DescribeOrganizationConformancePackStatuses(ctx, in)
		var gone *types.NoSuchOrganizationConformancePackException
		if errors.As(err, &gone) {
			for _, name := range names {
				st, found, err := orgStatus(ctx, client, name)
				if err != nil {
					return nil, orgAccessError(region, err)
				}
				if found {
					out[name] = st
				}
			}
			continue
		}
		if err != nil {
			return nil, orgAccessError(region, err)
		}
		for _, s := range page.OrganizationConformancePackStatuses {
			out[aws.ToString(s.OrganizationConformancePackName)] = s
		}
	}
	return out, nil
}

// orgStatus reads the status of one organization pack; found is false when
// it does not exist.
func orgStatus(ctx context.Context, client *configservice.Client, name string) (orgPackStatus, bool, error) {
	in := &configservice.DescribeOrganizationConformancePackStatusesInput{
		OrganizationConformancePackNames: []string{name}}
	out, err := client.DescribeOrganizationConformancePackStatuses(ctx, in)
	var gone *types.NoSuchOrganizationConformancePackException
	switch {
	case errors.As(err, &gone):
		return orgPackStatus{}, false, nil
	case err != nil:
		return orgPackStatus{}, false, err
	case len(out.OrganizationConformancePackStatuses) == 0:
		return orgPackStatus{}, false, nil
	}
	return out.OrganizationConformancePackStatuses[0], true, nil
}

// orgPacks is the API of the organization conformance packs, kept in the
// management (or delegated administrator) account and deployed by AWS
// Config in every member account but the excluded ones.
type orgPacks struct{}

func (orgPacks) noun() string { return "organization conformance pack" }

func (orgPacks) put(ctx context.Context, client *configservice.Client, spec *packSpec, hash string) (string, error) {
	in := &configservice.PutOrganizationConformancePackInput{
		OrganizationConformancePackName: aws.String(spec.pack.Name),
		TemplateBody:                    aws.String(spec.pack.Template),
		ConformancePackInputParameters:  inputParameters(hash),
		// Sent even when empty, so that an update clears the accounts
		// excluded before.
		ExcludedAccounts: append([]string{}, spec.excluded...),
		Tags:             spec.tags,
	}
	out, err := client.PutOrganizationConformancePack(ctx, in, writeOnce)
	if err != nil {
		return "", err
	}
	return aws.ToString(out.OrganizationConformancePackArn), nil
}

// remove deletes an organization pack, and with it the packs it deployed
// in the member accounts.
func (orgPacks) remove(ctx context.Context, client *configservice.Client, name string) error {
	in := &configservice.DeleteOrganizationConformancePackInput{OrganizationConformancePackName: aws.String(name)}
	_, err := client.DeleteOrganizationConformancePack(ctx, in, writeOnce)
	var gone *types.NoSuchOrganizationConformancePackException
	if errors.As(err, &gone) {
		return nil
	}
	return err
}

// phase reads an organization pack's status; a failure is explained
// account by account (failedAccounts).
func (orgPacks) phase(ctx context.Context, client *configservice.Client, name string) (packPhase, bool, error) {
	st, found, err := orgStatus(ctx, client, name)
	if err != nil || !found {
		return packPhase{}, found, err
	}
	s := st.Status
	return packPhase{
		busy:         strings.HasSuffix(string(s), "_IN_PROGRESS"),
		deployed:     orgSucceeded(s),
		deployFailed: strings.HasSuffix(string(s), "_FAILED"),
		deleteFailed: s == types.OrganizationResourceStatusDeleteFailed,
		why:          func() string { return failedAccounts(ctx, client, name, st) },
	}, true, nil
}

// failedAccounts says in which accounts an organization pack failed, and
// why, as far as AWS Config tells.
func failedAccounts(ctx context.Context, client *configservice.Client, name string, st orgPackStatus) string {
	msg := aws.ToString(st.ErrorMessage)
	var failures []string
	in := &configservice.GetOrganizationConformancePackDetailedStatusInput{
		OrganizationConformancePackName: aws.String(name), Limit: orgPage}
	p := configservice.NewGetOrganizationConformancePackDetailedStatusPaginator(client, in)
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return msg
		}
		for _, d := range page.OrganizationConformancePackDetailedStatuses {
			if strings.HasSuffix(string(d.Status), "_FAILED") {
				failures = append(failures, fmt.Sprintf("account %s: %s",
					aws.ToString(d.AccountId), aws.ToString(d.ErrorMessage)))
			}
		}
	}
	if len(failures) == 0 {
		return msg
	}
	return strings.Join(failures, "; ")
}

// warnAccountPacks warns when the account still holds packs of the
// framework that an apply without --organization deployed: the organization
// packs reach this account too, unless it is excluded, so its resources
// would be evaluated twice. hdsctl does not delete them itself: which of the
// two deployments the user means to keep is theirs to say.
func (t *Target) warnAccountPacks(ctx context.Context, region string, fw *framework.Framework) {
	nameRe := packNameRe(fw.ID)
	var names []string
	in := &configservice.DescribeConformancePacksInput{Limit: packPage}
	p := configservice.NewDescribeConformancePacksPaginator(t.client(region), in)
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			t.log.Debug("cannot look for account conformance packs", "region", region, "err", err)
			return
		}
		for _, d := range page.ConformancePackDetails {
			if name := aws.ToString(d.ConformancePackName); nameRe.MatchString(name) {
				names = append(names, name)
			}
		}
	}
	if len(names) > 0 {
		t.log.Warn("this account also holds conformance packs of the framework deployed without --organization; "+
			"unless the account is excluded, the organization packs evaluate the same rules here too: "+
			"remove them with destroy --target config --regions "+region+", without --organization",
			"region", region, "packs", strings.Join(names, ","))
	}
}
