package configinventory

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	cstypes "github.com/aws/aws-sdk-go-v2/service/configservice/types"

	"github.com/hdsctl/hdsctl/assess/estate"
	"github.com/hdsctl/hdsctl/assess/inventory"
	"github.com/hdsctl/hdsctl/internal/awserr"
	"github.com/hdsctl/hdsctl/internal/pace"
)

// AggregatorProvider reads the inventory of several accounts through an AWS
// Config aggregator: one listing per resource type for every account and
// Region of the aggregator, and, in each account and Region, which types
// its recorders record, with the account's own credentials. It implements
// inventory.Provider.
type AggregatorProvider struct {
	cfg      aws.Config
	name     string
	accounts []estate.Account
	regions  []string
	opts     Options
}

var _ inventory.Provider = (*AggregatorProvider)(nil)

// NewAggregator returns a provider reading the aggregator called name in
// cfg's account and Region, for the given accounts and Regions.
func NewAggregator(cfg aws.Config, name string, accounts []estate.Account, regions []string, opts Options,
) *AggregatorProvider {
	opts.defaults()
	return &AggregatorProvider{cfg: cfg, name: name, accounts: accounts, regions: slices.Clone(regions), opts: opts}
}

// Collect reads the inventory. See inventory.Provider for its contract; it
// also fails when the aggregator cannot be listed at all.
func (p *AggregatorProvider) Collect(ctx context.Context) (*inventory.Inventory, error) {
	coverage := p.coverage(ctx)
	limits := pace.New(p.opts.RPS, int(p.opts.RPS))
	client := configservice.NewFromConfig(p.cfg, func(o *configservice.Options) {
		o.APIOptions = append(o.APIOptions, limits.APIOption("aggregator"))
	})
	b := newBuild()
	ids := make([]string, len(p.accounts))
	for i, a := range p.accounts {
		ids[i] = a.ID
	}
	for _, t := range p.opts.types() {
		// The items are turned into facts a page at a time, those of the
		// accounts and Regions that record the type, and the facts kept
		// once the listing is complete.
		stage := newBuild()
		err := p.list(ctx, client, t, ids, func(items []item) {
			for _, it := range items {
				rec := coverage.of(inventory.Location{Account: it.account, Region: it.region})
				if rec.gap == nil && rec.recorded != nil && rec.recorded(t) {
					stage.add(it)
				}
			}
		})
		if err != nil {
			return nil, fmt.Errorf("reading the AWS Config aggregator %s in %s: %w", p.name, p.cfg.Region, awserr.Concise(err))
		}
		for _, loc := range coverage.locations() {
			switch rec := coverage.of(loc); {
			case rec.gap != nil:
			case !rec.recorded(t):
				b.gap(notRecorded(loc, t, &p.opts))
			default:
				b.listed(loc, t, nil)
			}
		}
		b.merge(stage)
	}
	for _, loc := range coverage.locations() {
		if g := coverage.of(loc).gap; g != nil {
			b.gap(*g)
		}
	}
	return b.done(ids, p.regions, p.opts.Facts), nil
}

// list reads the items of one resource type in the accounts and Regions
// read, a page of up to 100 at a time, and hands each page to each.
func (p *AggregatorProvider) list(ctx context.Context, client *configservice.Client, t string, accounts []string,
	each func([]item)) error {
	pages := configservice.NewListAggregateDiscoveredResourcesPaginator(client,
		&configservice.ListAggregateDiscoveredResourcesInput{
			ConfigurationAggregatorName: aws.String(p.name), ResourceType: cstypes.ResourceType(t), Limit: 100,
		})
	for pages.HasMorePages() {
		out, err := pages.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("config ListAggregateDiscoveredResources: %w", err)
		}
		var ids []cstypes.AggregateResourceIdentifier
		for _, r := range out.ResourceIdentifiers {
			if slices.Contains(accounts, aws.ToString(r.SourceAccountId)) && slices.Contains(p.regions, aws.ToString(r.SourceRegion)) {
				ids = append(ids, r)
			}
		}
		for batch := range slices.Chunk(ids, 100) {
			got, err := client.BatchGetAggregateResourceConfig(ctx, &configservice.BatchGetAggregateResourceConfigInput{
				ConfigurationAggregatorName: aws.String(p.name), ResourceIdentifiers: batch,
			})
			if err != nil {
				return fmt.Errorf("config BatchGetAggregateResourceConfig: %w", err)
			}
			if len(got.UnprocessedResourceIdentifiers) > 0 {
				return fmt.Errorf("config BatchGetAggregateResourceConfig left %d resources unprocessed",
					len(got.UnprocessedResourceIdentifiers))
			}
			items := make([]item, len(got.BaseConfigurationItems))
			for i, ci := range got.BaseConfigurationItems {
				items[i] = itemOf(ci, "", "")
			}
			each(items)
		}
	}
	return nil
}

// recorders is what the recorders of one account and Region record.
type recorders struct {
	recorded func(string) bool
	gap      *inventory.Gap
}

// coverageMap holds the recorders of every account and Region.
type coverageMap struct {
	mu  sync.Mutex
	all map[inventory.Location]recorders
}

func (c *coverageMap) of(loc inventory.Location) recorders {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.all[loc]
}

func (c *coverageMap) locations() []inventory.Location {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []inventory.Location
	for loc := range c.all {
		out = append(out, loc)
	}
	slices.SortFunc(out, func(a, b inventory.Location) int {
		return cmp.Or(cmp.Compare(a.Account, b.Account), cmp.Compare(a.Region, b.Region))
	})
	return out
}

// coverage reads the recorders of every account and Region, with each
// account's credentials, a few accounts at a time.
func (p *AggregatorProvider) coverage(ctx context.Context) *coverageMap {
	c := &coverageMap{all: map[inventory.Location]recorders{}}
	estate.ForEach(p.accounts, 8, func(a estate.Account) {
		limits := pace.New(p.opts.RPS, int(p.opts.RPS))
		var wg sync.WaitGroup
		for _, region := range p.regions {
			wg.Go(func() {
				client := configservice.NewFromConfig(a.Config, func(o *configservice.Options) {
					o.Region = region
					o.APIOptions = append(o.APIOptions, limits.APIOption(region))
				})
				loc := inventory.Location{Account: a.ID, Region: region}
				recorded, gap := recordedTypes(ctx, client, loc, &p.opts)
				c.mu.Lock()
				c.all[loc] = recorders{recorded, gap}
				c.mu.Unlock()
			})
		}
		wg.Wait()
	})
	return c
}
