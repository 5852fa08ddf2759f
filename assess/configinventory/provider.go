// Package configinventory fills the inventory of hdsctl's checks from AWS
// Config configuration items, per account or through an aggregator, as the
// mapping table of package inventory describes; and Reader combines it with
// the service-API provider of package serviceapi for what AWS Config does
// not record, so that a check gives the same verdict either way.
//
// Provider reads one account, Region by Region: config
// DescribeConfigurationRecorders and DescribeConfigurationRecorderStatus, to
// know which resource types are recorded, then ListDiscoveredResources and
// BatchGetResourceConfig for each resource type recorded. A resource type
// the recorder does not record in a Region, or a call that fails, is a Gap
// for that Region, never an empty list. AggregatorProvider reads the same
// items through an aggregator (ListAggregateDiscoveredResources,
// BatchGetAggregateResourceConfig), one listing per resource type for the
// whole Organization, and each account's recorders with that account's own
// credentials.
//
// Items of deleted or unrecorded resources are left out. Two facts of the
// mapping table are read from the service APIs even where AWS Config
// records their resource type: CloudTrail trails, whose items do not say
// whether the trail is logging (cloudtrail GetTrailStatus), and KMS keys,
// whose rotation the checks read from kms GetKeyRotationStatus.
package configinventory

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	cstypes "github.com/aws/aws-sdk-go-v2/service/configservice/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/hdsctl/hdsctl/assess/inventory"
	"github.com/hdsctl/hdsctl/internal/awserr"
	"github.com/hdsctl/hdsctl/internal/pace"
)

// The resource types read.
const (
	typeBucket              = "AWS::S3::Bucket"
	typeAccountPublicAccess = "AWS::S3::AccountPublicAccessBlock"
	typeVolume              = "AWS::EC2::Volume"
	typeDBInstance          = "AWS::RDS::DBInstance"
	typeDBCluster           = "AWS::RDS::DBCluster"
	typeDBSnapshot          = "AWS::RDS::DBSnapshot"
	typeDBClusterSnapshot   = "AWS::RDS::DBClusterSnapshot"
	typeTable               = "AWS::DynamoDB::Table"
	typeFileSystem          = "AWS::EFS::FileSystem"
	typeBackupVault         = "AWS::Backup::BackupVault"
	typeBackupPlan          = "AWS::Backup::BackupPlan"
	typeBackupSelection     = "AWS::Backup::BackupSelection"
)

// typesOf gives, for each fact AWS Config records, the resource types it
// comes from.
var typesOf = map[inventory.Fact][]string{
	inventory.FactBuckets:             {typeBucket},
	inventory.FactBucketEncryption:    {typeBucket},
	inventory.FactBucketPublicAccess:  {typeBucket},
	inventory.FactBucketReplication:   {typeBucket},
	inventory.FactAccountPublicAccess: {typeAccountPublicAccess},
	inventory.FactVolumes:             {typeVolume},
	inventory.FactDBInstances:         {typeDBInstance},
	inventory.FactDBClusters:          {typeDBCluster},
	inventory.FactDBSnapshots:         {typeDBSnapshot, typeDBClusterSnapshot},
	inventory.FactTables:              {typeTable},
	inventory.FactFileSystems:         {typeFileSystem},
	inventory.FactBackupVaults:        {typeBackupVault},
	inventory.FactBackupPlans:         {typeBackupPlan},
	inventory.FactBackupSelections:    {typeBackupSelection},
}

// Recorded reports whether AWS Config records fact, so that this package
// can read it.
func Recorded(fact inventory.Fact) bool { _, ok := typesOf[fact]; return ok }

// ErrNotRecorded is the error of the gaps for a resource type the
// configuration recorder does not record in a Region.
var ErrNotRecorded = errors.New("the AWS Config recorder does not record this resource type here")

// Options tunes the providers.
type Options struct {
	// Facts restricts the provider to these facts; nil reads every fact
	// AWS Config records. Facts it does not record are ignored.
	Facts []inventory.Fact
	// RPS bounds the calls to AWS Config per account and Region; 10 when
	// zero.
	RPS    float64
	Logger *slog.Logger
}

func (o *Options) defaults() {
	if o.RPS <= 0 {
		o.RPS = 10
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Facts == nil {
		for f := range typesOf {
			o.Facts = append(o.Facts, f)
		}
	}
	o.Facts = slices.DeleteFunc(slices.Clone(o.Facts), func(f inventory.Fact) bool { return !Recorded(f) })
	slices.SortFunc(o.Facts, func(a, b inventory.Fact) int {
		return slices.Index(inventory.Facts, a) - slices.Index(inventory.Facts, b)
	})
}

// types returns the resource types the facts come from.
func (o *Options) types() []string {
	var out []string
	for _, f := range o.Facts {
		for _, t := range typesOf[f] {
			if !slices.Contains(out, t) {
				out = append(out, t)
			}
		}
	}
	return out
}

// factsOf returns the facts of opts that come from resource type t.
func (o *Options) factsOf(t string) []inventory.Fact {
	var out []inventory.Fact
	for _, f := range o.Facts {
		if slices.Contains(typesOf[f], t) {
			out = append(out, f)
		}
	}
	return out
}

// Provider reads one account's inventory from its AWS Config configuration
// items. It implements inventory.Provider.
type Provider struct {
	cfg     aws.Config
	regions []string
	opts    Options
}

var _ inventory.Provider = (*Provider)(nil)

// New returns a provider of the account cfg's credentials belong to, in the
// given Regions.
func New(cfg aws.Config, regions []string, opts Options) *Provider {
	opts.defaults()
	return &Provider{cfg: cfg, regions: slices.Clone(regions), opts: opts}
}

// Collect reads the inventory. See inventory.Provider for its contract.
func (p *Provider) Collect(ctx context.Context) (*inventory.Inventory, error) {
	account, err := callerAccount(ctx, p.cfg)
	if err != nil {
		return nil, err
	}
	limits := pace.New(p.opts.RPS, int(p.opts.RPS))
	b := newBuild()
	var wg sync.WaitGroup
	for _, region := range p.regions {
		wg.Go(func() {
			client := configservice.NewFromConfig(p.cfg, func(o *configservice.Options) {
				o.Region = region
				o.APIOptions = append(o.APIOptions, limits.APIOption(region))
			})
			loc := inventory.Location{Account: account, Region: region}
			recorded, gap := recordedTypes(ctx, client, loc, &p.opts)
			if gap != nil {
				b.gap(*gap)
				return
			}
			for _, t := range p.opts.types() {
				if !recorded(t) {
					b.gap(notRecorded(loc, t, &p.opts))
					continue
				}
				// The items are turned into facts a page at a time, and the
				// facts kept once the listing is complete.
				stage := newBuild()
				if err := listItems(ctx, client, t, account, region, stage.addItems); err != nil {
					b.gap(callGap(loc, "ListDiscoveredResources", err, p.opts.factsOf(t)))
					continue
				}
				b.listed(loc, t, nil)
				b.merge(stage)
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("reading the AWS Config inventory of account %s: %w", account, err)
	}
	return b.done([]string{account}, p.regions, p.opts.Facts), nil
}

// gap records a gap, under the build's lock.
func (b *build) gap(g inventory.Gap) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.gaps = append(b.gaps, g)
}

// listed records the items of one resource type read in loc, under the
// build's lock.
func (b *build) listed(loc inventory.Location, t string, items []item) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if t == typeAccountPublicAccess {
		b.blockListed[loc.Account] = true
	}
	for _, it := range items {
		b.add(it)
	}
}

// merge records the facts of another build, a stage where items were
// read, under the build's lock.
func (b *build) merge(stage *build) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.inv.Merge(stage.inv)
	maps.Copy(b.bucketRegions, stage.bucketRegions)
	maps.Copy(b.accountBlocks, stage.accountBlocks)
	b.pendingSelections = append(b.pendingSelections, stage.pendingSelections...)
}

// done finishes the inventory of the accounts read.
//
// The account-level public access block is an account-wide fact: no item in
// a Region that records its type means none is configured; when no Region
// could tell, it is unknown, and one account-wide gap says so instead of
// the Regions' gaps.
func (b *build) done(accounts, regions []string, facts []inventory.Fact) *inventory.Inventory {
	b.finish()
	wantBlock := slices.Contains(facts, inventory.FactAccountPublicAccess)
	var gaps []inventory.Gap
	blockGap := map[string]inventory.Gap{}
	for _, g := range b.gaps {
		if g.Covers(inventory.FactAccountPublicAccess) {
			h := g
			h.Region, h.Facts = inventory.GlobalRegion, []inventory.Fact{inventory.FactAccountPublicAccess}
			blockGap[g.Account] = h
			g.Facts = slices.DeleteFunc(slices.Clone(g.Facts), func(f inventory.Fact) bool {
				return f == inventory.FactAccountPublicAccess
			})
			if len(g.Facts) == 0 {
				continue
			}
		}
		gaps = append(gaps, g)
	}
	for _, id := range accounts {
		a := inventory.Account{ID: id, Regions: slices.Clone(regions), Facts: slices.Clone(facts)}
		switch {
		case !wantBlock:
		case b.accountBlocks[id] != nil:
			a.S3PublicAccessBlock = b.accountBlocks[id]
		case b.blockListed[id]:
			a.S3PublicAccessBlock = &inventory.PublicAccessBlock{}
		default:
			if g, ok := blockGap[id]; ok {
				gaps = append(gaps, g)
			}
		}
		b.inv.Accounts = append(b.inv.Accounts, a)
	}
	b.inv.Gaps = gaps
	return b.inv
}

// recordedTypes reads which resource types the recorders of a Region record.
// A failed call gives a gap on every fact.
func recordedTypes(ctx context.Context, client *configservice.Client, loc inventory.Location, opts *Options,
) (func(string) bool, *inventory.Gap) {
	recs, err := client.DescribeConfigurationRecorders(ctx, &configservice.DescribeConfigurationRecordersInput{})
	if err != nil {
		g := callGap(loc, "DescribeConfigurationRecorders", err, opts.Facts)
		return nil, &g
	}
	status, err := client.DescribeConfigurationRecorderStatus(ctx, &configservice.DescribeConfigurationRecorderStatusInput{})
	if err != nil {
		g := callGap(loc, "DescribeConfigurationRecorderStatus", err, opts.Facts)
		return nil, &g
	}
	recording := map[string]bool{}
	for _, s := range status.ConfigurationRecordersStatus {
		recording[aws.ToString(s.Name)] = s.Recording
	}
	var groups []*cstypes.RecordingGroup
	for _, r := range recs.ConfigurationRecorders {
		if recording[aws.ToString(r.Name)] {
			groups = append(groups, r.RecordingGroup)
		}
	}
	return func(t string) bool {
		return slices.ContainsFunc(groups, func(g *cstypes.RecordingGroup) bool { return records(g, t) })
	}, nil
}

// records reports whether a recording group records resource type t. A
// recorder with no group records every supported type.
func records(g *cstypes.RecordingGroup, t string) bool {
	if g == nil || g.AllSupported {
		return true
	}
	rt := cstypes.ResourceType(t)
	if g.RecordingStrategy != nil && g.RecordingStrategy.UseOnly == cstypes.RecordingStrategyTypeExclusionByResourceTypes {
		return g.ExclusionByResourceTypes == nil || !slices.Contains(g.ExclusionByResourceTypes.ResourceTypes, rt)
	}
	return slices.Contains(g.ResourceTypes, rt)
}

// listItems reads the configuration items of one resource type, a page of
// up to 100 at a time (ListDiscoveredResources, then BatchGetResourceConfig
// for the page), and hands each page to each, so that the items of a large
// account are never all in memory.
func listItems(ctx context.Context, client *configservice.Client, t, account, region string, each func([]item)) error {
	pages := configservice.NewListDiscoveredResourcesPaginator(client, &configservice.ListDiscoveredResourcesInput{
		ResourceType: cstypes.ResourceType(t), Limit: 100,
	})
	for pages.HasMorePages() {
		out, err := pages.NextPage(ctx)
		if err != nil {
			return err
		}
		keys := make([]cstypes.ResourceKey, len(out.ResourceIdentifiers))
		for i, r := range out.ResourceIdentifiers {
			keys[i] = cstypes.ResourceKey{ResourceType: r.ResourceType, ResourceId: r.ResourceId}
		}
		for batch := range slices.Chunk(keys, 100) {
			got, err := client.BatchGetResourceConfig(ctx, &configservice.BatchGetResourceConfigInput{ResourceKeys: batch})
			if err != nil {
				return fmt.Errorf("BatchGetResourceConfig: %w", err)
			}
			if len(got.UnprocessedResourceKeys) > 0 {
				return fmt.Errorf("BatchGetResourceConfig left %d resources unprocessed", len(got.UnprocessedResourceKeys))
			}
			items := make([]item, len(got.BaseConfigurationItems))
			for i, ci := range got.BaseConfigurationItems {
				items[i] = itemOf(ci, account, region)
			}
			each(items)
		}
	}
	return nil
}

func itemOf(ci cstypes.BaseConfigurationItem, account, region string) item {
	return item{
		account:       firstOf(aws.ToString(ci.AccountId), account),
		region:        firstOf(aws.ToString(ci.AwsRegion), region),
		resourceType:  string(ci.ResourceType),
		resourceID:    aws.ToString(ci.ResourceId),
		resourceName:  aws.ToString(ci.ResourceName),
		arn:           aws.ToString(ci.Arn),
		status:        string(ci.ConfigurationItemStatus),
		configuration: aws.ToString(ci.Configuration),
		supplementary: ci.SupplementaryConfiguration,
	}
}

// notRecorded is the gap of a resource type the recorder leaves out.
func notRecorded(loc inventory.Location, t string, opts *Options) inventory.Gap {
	return inventory.Gap{Location: loc, Facts: opts.factsOf(t), Service: "config",
		Operation: "DescribeConfigurationRecorders", Err: fmt.Errorf("%w (%s)", ErrNotRecorded, t)}
}

// callGap is the gap of a call that failed.
func callGap(loc inventory.Location, op string, err error, facts []inventory.Fact) inventory.Gap {
	if strings.HasPrefix(err.Error(), "BatchGetResourceConfig") {
		op = "BatchGetResourceConfig"
	}
	return inventory.Gap{Location: loc, Facts: slices.Clone(facts), Service: "config", Operation: op, Err: awserr.Concise(err)}
}

// callerAccount reads the account cfg's credentials belong to.
func callerAccount(ctx context.Context, cfg aws.Config) (string, error) {
	id, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return "", fmt.Errorf("reading the account identity in %s: sts GetCallerIdentity: %w", cfg.Region, err)
	}
	return aws.ToString(id.Account), nil
}
