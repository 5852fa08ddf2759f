package conformance

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/configservice/types"

	"github.com/hdsctl/hdsctl/deploy"
	"github.com/hdsctl/hdsctl/framework"
)

// Page sizes of the AWS Config API (AWS Config API Reference):
// DescribeConformancePacks and DescribeConformancePackStatus return at most
// 20 packs a page; the latter takes up to 25 names, which hdsctl sends 20 at
// a time so that one page answers each call.
const (
	packPage  = 20
	namesPage = 20
)

// currentPacks returns the framework's packs that hdsctl owns in a Region.
func (t *Target) currentPacks(ctx context.Context, region string, fw *framework.Framework, want map[string]string) ([]deploy.Existing, error) {
	client := t.client(region)
	nameRe := packNameRe(fw.ID)
	var found []types.ConformancePackDetail
	in := &configservice.DescribeConformancePacksInput{Limit: packPage}
	p := configservice.NewDescribeConformancePacksPaginator(client, in)
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("listing the conformance packs of %s: %w", region, err)
		}
		for _, d := range page.ConformancePackDetails {
			if nameRe.MatchString(aws.ToString(d.ConformancePackName)) {
				found = append(found, d)
			}
		}
	}
	if len(found) == 0 {
		return nil, nil
	}
	states, err := packStates(ctx, client, region, found)
	if err != nil {
		return nil, err
	}

	var out []deploy.Existing
	for _, d := range found {
		name, arn := aws.ToString(d.ConformancePackName), aws.ToString(d.ConformancePackArn)
		hash, extra := recordedHash(d.ConformancePackInputParameters)
		st, known := states[name]
		drifted := hash == "" || extra || d.DeliveryS3Bucket != nil ||
			d.TemplateSSMDocumentDetails != nil || (known && !healthyPack(st.ConformancePackState))
		if wanted, ok := want[name]; !ok || drifted || hash != wanted {
			keep, err := t.claim(ctx, client, region, name, arn, fw.ID)
			if err != nil {
				return nil, err
			}
			if !keep {
				continue
			}
		}
		if drifted {
			t.log.Info("conformance pack changed outside hdsctl", "region", region, "pack", name,
				"state", st.ConformancePackState,
				"reason", aws.ToString(st.ConformancePackStatusReason))
		}
		out = append(out, deploy.Existing{Kind: KindPack, Key: name, Name: name, Region: region,
			ID: arn, Hash: hash, Drifted: drifted})
	}
	return out, nil
}

// healthyPack reports whether a pack's state is one hdsctl leaves alone:
// deployed, or being deployed.
func healthyPack(s types.ConformancePackState) bool {
	return s == types.ConformancePackStateCreateComplete ||
		s == types.ConformancePackStateCreateInProgress
}

// packStates reads the status of the packs found, by name.
func packStates(ctx context.Context, client *configservice.Client, region string, packs []types.ConformancePackDetail) (map[string]types.ConformancePackStatusDetail, error) {
	out := map[string]types.ConformancePackStatusDetail{}
	for start := 0; start < len(packs); start += namesPage {
		var names []string
		for _, d := range packs[start:min(len(packs), start+namesPage)] {
			names = append(names, aws.ToString(d.ConformancePackName))
		}
		in := &configservice.DescribeConformancePackStatusInput{ConformancePackNames: names, Limit: namesPage}
		page, err := client.DescribeConformancePackStatus(ctx, in)
		var gone *types.NoSuchConformancePackException
		if errors.As(err, &gone) {
			// One was deleted since the listing: read them one by one.
			return packStatesOneByOne(ctx, client, region, names, out)
		}
		if err != nil {
			return nil, fmt.Errorf("reading the status of the conformance packs of %s: %w", region, err)
		}
		for _, s := range page.ConformancePackStatusDetails {
			out[aws.ToString(s.ConformancePackName)] = s
		}
	}
	return out, nil
}

func packStatesOneByOne(ctx context.Context, client *configservice.Client, region string, names []string, out map[string]types.ConformancePackStatusDetail) (map[string]types.ConformancePackStatusDetail, error) {
	for _, name := range names {
		st, found, err := packStatus(ctx, client, name)
		if err != nil {
			return nil, fmt.Errorf("reading the status of conformance pack %s in %s: %w", name, region, err)
		}
		if found {
			out[name] = st
		}
	}
	return out, nil
}

// packStatus reads the status of one pack; found is false when it does not
// exist.
func packStatus(ctx context.Context, client *configservice.Client, name string) (types.ConformancePackStatusDetail, bool, error) {
	in := &configservice.DescribeConformancePackStatusInput{ConformancePackNames: []string{name}}
	out, err := client.DescribeConformancePackStatus(ctx, in)
	var gone *types.NoSuchConformancePackException
	switch {
	case errors.As(err, &gone):
		return types.ConformancePackStatusDetail{}, false, nil
	case err != nil:
		return types.ConformancePackStatusDetail{}, false, err
	case len(out.ConformancePackStatusDetails) == 0:
		return types.ConformancePackStatusDetail{}, false, nil
	}
	return out.ConformancePackStatusDetails[0], true, nil
}

// accountPacks is the API of the conformance packs of the calling account.
type accountPacks struct{}

func (accountPacks) noun() string { return "conformance pack" }

func (accountPacks) put(ctx context.Context, client *configservice.Client, spec *packSpec, hash string) (string, error) {
	in := &configservice.PutConformancePackInput{
		ConformancePackName:            aws.String(spec.pack.Name),
		TemplateBody:                   aws.String(spec.pack.Template),
		ConformancePackInputParameters: inputParameters(hash),
		// Tags are set when the pack is created; AWS Config ignores them
		// on an update.
		Tags: spec.tags,
	}
	out, err := client.PutConformancePack(ctx, in, writeOnce)
	if err != nil {
		return "", err
	}
	return aws.ToString(out.ConformancePackArn), nil
}

func (accountPacks) remove(ctx context.Context, client *configservice.Client, name string) error {
	in := &configservice.DeleteConformancePackInput{ConformancePackName: aws.String(name)}
	_, err := client.DeleteConformancePack(ctx, in, writeOnce)
	var gone *types.NoSuchConformancePackException
	if errors.As(err, &gone) {
		return nil
	}
	return err
}

func (accountPacks) phase(ctx context.Context, client *configservice.Client, name string) (packPhase, bool, error) {
	st, found, err := packStatus(ctx, client, name)
	if err != nil || !found {
		return packPhase{}, found, err
	}
	s := st.ConformancePackState
	return packPhase{
		busy:         s == types.ConformancePackStateCreateInProgress || s == types.ConformancePackStateDeleteInProgress,
		deployed:     s == types.ConformancePackStateCreateComplete,
		deployFailed: s == types.ConformancePackStateCreateFailed,
		deleteFailed: s == types.ConformancePackStateDeleteFailed,
		why:          func() string { return aws.ToString(st.ConformancePackStatusReason) },
	}, true, nil
}
