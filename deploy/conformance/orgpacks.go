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
			tags, exists, err := readTags(ctx, client, arn)
			if err != nil {
				return nil, err
			}
			if !exists {
				continue
			}
			if !ownedBy(tags, fw.ID) {
				t.markForeign(region, name)
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

// applyOrgPack creates, updates or deletes one organization pack.
func (t *Target) applyOrgPack(ctx context.Context, ch deploy.Change) (string, error) {
	client := t.client(ch.Region)
	switch ch.Action {
	case deploy.Noop:
		return ch.ID, nil
	case deploy.Delete:
		return ch.ID, t.deleteOrgPack(ctx, client, ch)
	case deploy.Create:
		if t.isForeign(ch.Region, ch.Key) {
			return "", foreignError(ch.Kind, ch.Region, ch.Key)
		}
	case deploy.Update:
		if _, err := t.checkOwned(ctx, client, ch); err != nil {
			return "", err
		}
	default:
		return "", fmt.Errorf("config target: unknown action %q", ch.Action)
	}
	spec, ok := ch.Desired.Spec.(*packSpec)
	if !ok {
		return "", fmt.Errorf("config target: %s %s has no pack to deploy", ch.Kind, ch.Key)
	}
	in := &configservice.PutOrganizationConformancePackInput{
		OrganizationConformancePackName: aws.String(spec.pack.Name),
		TemplateBody:                    aws.String(spec.pack.Template),
		ConformancePackInputParameters:  inputParameters(ch.Desired.Hash),
		// Sent even when empty, so that an update clears the accounts
		// excluded before.
		ExcludedAccounts: append([]string{}, spec.excluded...),
		Tags:             spec.tags,
	}
	var arn string
	err := t.retryInUse(ctx, func() error {
		out, err := client.PutOrganizationConformancePack(ctx, in, writeOnce)
		if err == nil {
			arn = aws.ToString(out.OrganizationConformancePackArn)
		}
		return err
	}, func() error { return t.waitOrgSettled(ctx, client, ch.Region, spec.pack.Name) })
	if err != nil {
		return "", fmt.Errorf("deploying organization conformance pack %s in %s: %w",
			spec.pack.Name, ch.Region, err)
	}
	if err := t.waitOrgDeployed(ctx, client, ch.Region, spec.pack.Name); err != nil {
		return arn, err
	}
	return arn, nil
}

// deleteOrgPack deletes one organization pack, and with it the packs it
// deployed in the member accounts, and waits until it is gone.
func (t *Target) deleteOrgPack(ctx context.Context, client *configservice.Client, ch deploy.Change) error {
	found, err := t.checkOwned(ctx, client, ch)
	if err != nil || !found {
		return err
	}
	err = t.retryInUse(ctx, func() error {
		in := &configservice.DeleteOrganizationConformancePackInput{
			OrganizationConformancePackName: aws.String(ch.Key)}
		_, err := client.DeleteOrganizationConformancePack(ctx, in, writeOnce)
		var gone *types.NoSuchOrganizationConformancePackException
		if errors.As(err, &gone) {
			return nil
		}
		return err
	}, func() error { return t.waitOrgSettled(ctx, client, ch.Region, ch.Key) })
	if err != nil {
		return fmt.Errorf("deleting organization conformance pack %s in %s: %w",
			ch.Key, ch.Region, err)
	}
	return t.waitOrgGone(ctx, client, ch.Region, ch.Key)
}

// waitOrgDeployed waits until an organization pack is deployed in every
// account it targets.
func (t *Target) waitOrgDeployed(ctx context.Context, client *configservice.Client, region, name string) error {
	pack := fmt.Sprintf("organization conformance pack %s in %s", name, region)
	return t.poll(ctx, pack+" to be deployed", func() (bool, error) {
		st, found, err := orgStatus(ctx, client, name)
		switch {
		case err != nil:
			return false, err
		case !found:
			return false, permanent(fmt.Errorf("%s disappeared while it was being deployed", pack))
		case strings.HasSuffix(string(st.Status), "_FAILED"):
			why := failedAccounts(ctx, client, name, st)
			return false, permanent(fmt.Errorf("AWS Config failed to deploy %s: %s", pack, why))
		}
		return orgSucceeded(st.Status), nil
	})
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

// waitOrgSettled waits until no work is in progress on an organization
// pack.
func (t *Target) waitOrgSettled(ctx context.Context, client *configservice.Client, region, name string) error {
	what := fmt.Sprintf("the work in progress on organization conformance pack %s in %s to end",
		name, region)
	return t.poll(ctx, what, func() (bool, error) {
		st, found, err := orgStatus(ctx, client, name)
		if err != nil {
			return false, err
		}
		return !found || !strings.HasSuffix(string(st.Status), "_IN_PROGRESS"), nil
	})
}

// waitOrgGone waits until an organization pack no longer exists.
func (t *Target) waitOrgGone(ctx context.Context, client *configservice.Client, region, name string) error {
	pack := fmt.Sprintf("organization conformance pack %s in %s", name, region)
	return t.poll(ctx, pack+" to be deleted", func() (bool, error) {
		st, found, err := orgStatus(ctx, client, name)
		switch {
		case err != nil:
			return false, err
		case found && st.Status == types.OrganizationResourceStatusDeleteFailed:
			why := failedAccounts(ctx, client, name, st)
			return false, permanent(fmt.Errorf("AWS Config failed to delete %s: %s", pack, why))
		}
		return !found, nil
	})
}
