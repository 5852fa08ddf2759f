package configinventory

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/hdsctl/hdsctl/assess/estate"
	"github.com/hdsctl/hdsctl/assess/inventory"
	"github.com/hdsctl/hdsctl/assess/serviceapi"
)

// Mode says where the inventory comes from.
type Mode string

// The inventory modes.
const (
	// ModeAuto reads from AWS Config what it records where it records it,
	// and everything else from the service APIs.
	ModeAuto Mode = "auto"
	// ModeConfig reads from AWS Config what it records; what it does not
	// record where it should stays a gap, which the checks report as an
	// error. The facts AWS Config never records come from the service APIs.
	ModeConfig Mode = "config"
	// ModeAPI reads everything from the service APIs.
	ModeAPI Mode = "api"
)

// Modes lists the modes.
var Modes = []Mode{ModeAuto, ModeConfig, ModeAPI}

// ReaderOptions tunes Reader.
type ReaderOptions struct {
	Mode Mode
	// Aggregator names an AWS Config aggregator to read the items of every
	// account through, in AggregatorConfig's account and Region.
	Aggregator       string
	AggregatorConfig aws.Config
	// Accounts is how many accounts are read at once; 4 when zero.
	Accounts int
	// Progress counts one unit per account; nil counts nothing.
	Progress estate.Progress
	Logger   *slog.Logger
}

// Reader returns a function that reads the inventory of the accounts in the
// Regions, restricted to the facts asked, as ReaderOptions.Mode says: the
// assess.InventoryReader of hdsctl's checks.
//
// In ModeAuto, for each account: the facts AWS Config records come from its
// configuration items (through the aggregator when one is named); a Region
// or resource type Config leaves out is read from the service APIs instead;
// S3 buckets come from Config only when Config sees every bucket that s3
// ListBuckets lists, since a bucket lives in one Region but the list is
// account-wide; and the facts Config never records (EBS encryption by
// default, EBS snapshots, KMS key rotation, IAM settings) come from the
// service APIs. The inventories are merged. An account that cannot be read
// at all (its role cannot be assumed) gets a gap on every fact, which the
// checks report as errors for that account alone; the function fails only
// when ctx ends or the aggregator cannot be read.
func Reader(accounts []estate.Account, regions []string, opts ReaderOptions) func(context.Context, []inventory.Fact) (*inventory.Inventory, error) {
	stream := Stream(accounts, regions, opts)
	return func(ctx context.Context, facts []inventory.Fact) (*inventory.Inventory, error) {
		total := &inventory.Inventory{}
		if err := stream(ctx, facts, total.Merge); err != nil {
			return nil, err
		}
		return total, nil
	}
}

// Stream returns a function that reads the inventory as Reader does, but
// hands the inventory of each account to part as soon as it is read, one
// call at a time, and keeps nothing: the assess.InventoryStream of
// hdsctl's checks, whose memory then grows with the accounts read at once
// (ReaderOptions.Accounts), not with the estate. Through an aggregator, the
// items of every account are read at once, then handed over account by
// account.
func Stream(accounts []estate.Account, regions []string, opts ReaderOptions,
) func(context.Context, []inventory.Fact, func(*inventory.Inventory)) error {
	if opts.Mode == "" {
		opts.Mode = ModeAuto
	}
	if opts.Accounts <= 0 {
		opts.Accounts = 4
	}
	if opts.Progress == nil {
		opts.Progress = estate.NoProgress{}
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return func(ctx context.Context, facts []inventory.Fact, part func(*inventory.Inventory)) error {
		r := &reader{accounts: accounts, regions: regions, opts: opts}
		return r.read(ctx, facts, part)
	}
}

type reader struct {
	accounts []estate.Account
	regions  []string
	opts     ReaderOptions
}

// read reads the inventory of every account and hands each to part, one
// call at a time.
func (r *reader) read(ctx context.Context, facts []inventory.Fact, part func(*inventory.Inventory)) error {
	var configFacts, apiFacts []inventory.Fact
	for _, f := range facts {
		if r.opts.Mode != ModeAPI && Recorded(f) {
			configFacts = append(configFacts, f)
		} else {
			apiFacts = append(apiFacts, f)
		}
	}
	var fromAggregator *inventory.Inventory
	if r.opts.Aggregator != "" && len(configFacts) > 0 {
		p := NewAggregator(r.opts.AggregatorConfig, r.opts.Aggregator, r.accounts, r.regions,
			Options{Facts: configFacts, Logger: r.opts.Logger})
		var err error
		if fromAggregator, err = p.Collect(ctx); err != nil {
			return err
		}
	}

	var mu sync.Mutex
	r.opts.Progress.Add(len(r.accounts))
	estate.ForEach(r.accounts, r.opts.Accounts, func(a estate.Account) {
		defer r.opts.Progress.Done(1)
		inv, err := r.account(ctx, a, configFacts, apiFacts, fromAggregator)
		if err != nil {
			inv = unreachable(a.ID, r.regions, facts, err)
		}
		mu.Lock()
		defer mu.Unlock()
		part(inv)
	})
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("reading the inventory: %w", err)
	}
	return nil
}

// unreachable is the inventory of an account that could not be read at all
// (its role could not be assumed, say): every fact is unknown, so that the
// checks report it for that account and judge the others.
func unreachable(account string, regions []string, facts []inventory.Fact, err error) *inventory.Inventory {
	return &inventory.Inventory{
		Accounts: []inventory.Account{{ID: account, Regions: slices.Clone(regions), Facts: slices.Clone(facts)}},
		Gaps: []inventory.Gap{{Location: inventory.Location{Account: account, Region: inventory.GlobalRegion},
			Facts: slices.Clone(facts), Service: "sts", Operation: "GetCallerIdentity", Err: err}},
	}
}

// account reads the inventory of one account.
func (r *reader) account(ctx context.Context, a estate.Account, configFacts, apiFacts []inventory.Fact,
	fromAggregator *inventory.Inventory) (*inventory.Inventory, error) {
	inv := &inventory.Inventory{}
	if len(configFacts) > 0 {
		var err error
		if fromAggregator != nil {
			inv = only(fromAggregator, a.ID)
		} else if inv, err = New(a.Config, r.regions, Options{Facts: configFacts, Logger: r.opts.Logger}).Collect(ctx); err != nil {
			return nil, err
		}
		if r.opts.Mode == ModeAuto {
			if err := r.fillGaps(ctx, a, inv, configFacts); err != nil {
				return nil, err
			}
		}
	}
	if len(apiFacts) > 0 {
		more, err := serviceapi.New(a.Config, r.regions, serviceapi.Options{Facts: apiFacts, Logger: r.opts.Logger}).Collect(ctx)
		if err != nil {
			return nil, err
		}
		inv.Merge(more)
	}
	return inv, nil
}

// fillGaps reads from the service APIs what AWS Config left unknown in inv:
// the buckets when Config does not see them all, and every Region's facts
// a gap covers.
func (r *reader) fillGaps(ctx context.Context, a estate.Account, inv *inventory.Inventory, facts []inventory.Fact) error {
	bucketFacts := slices.DeleteFunc(slices.Clone(facts), func(f inventory.Fact) bool { return !isBucketFact(f) })
	var global []inventory.Fact
	if len(bucketFacts) > 0 && !r.configSeesEveryBucket(ctx, a, inv) {
		r.opts.Logger.Debug("AWS Config does not see every bucket; reading them from S3", "account", a.ID)
		inv.Buckets = slices.DeleteFunc(inv.Buckets, func(b inventory.Bucket) bool { return b.Account == a.ID })
		dropGaps(inv, a.ID, "", bucketFacts)
		global = append(global, bucketFacts...)
	}
	regional := map[string][]inventory.Fact{}
	for _, g := range inv.Gaps {
		if g.Account != a.ID || g.Service != "config" {
			continue
		}
		for _, f := range g.Facts {
			switch {
			case isBucketFact(f):
			case f == inventory.FactAccountPublicAccess:
				if !slices.Contains(global, f) {
					global = append(global, f)
				}
			case !slices.Contains(regional[g.Region], f):
				regional[g.Region] = append(regional[g.Region], f)
			}
		}
	}
	if slices.Contains(global, inventory.FactAccountPublicAccess) {
		dropGaps(inv, a.ID, inventory.GlobalRegion, []inventory.Fact{inventory.FactAccountPublicAccess})
	}
	runs := map[string][]inventory.Fact{}
	for region, fs := range regional {
		dropGaps(inv, a.ID, region, fs)
		runs[region] = fs
	}
	if len(global) > 0 {
		// The account-wide facts: read once, in the first Region.
		runs[""] = global
	}
	for region, fs := range runs {
		regions := []string{region}
		if region == "" {
			regions = r.regions[:min(1, len(r.regions))]
		}
		more, err := serviceapi.New(a.Config, regions, serviceapi.Options{Facts: fs, Logger: r.opts.Logger}).Collect(ctx)
		if err != nil {
			return fmt.Errorf("reading what AWS Config does not record: %w", err)
		}
		if region == "" {
			more.Accounts[0].Regions = nil
		}
		inv.Merge(more)
	}
	return nil
}

// configSeesEveryBucket reports whether the buckets AWS Config gave are all
// the account's buckets, as s3 ListBuckets lists them. When the list cannot
// be read, Config's view stands, with its gaps.
func (r *reader) configSeesEveryBucket(ctx context.Context, a estate.Account, inv *inventory.Inventory) bool {
	for _, g := range inv.GapsFor(inventory.FactBuckets) {
		if g.Account == a.ID {
			return false
		}
	}
	seen := map[string]bool{}
	for _, b := range inv.Buckets {
		if b.Account == a.ID {
			seen[b.Name] = true
		}
	}
	pages := s3.NewListBucketsPaginator(s3.NewFromConfig(a.Config), &s3.ListBucketsInput{})
	for pages.HasMorePages() {
		out, err := pages.NextPage(ctx)
		if err != nil {
			r.opts.Logger.Debug("s3 ListBuckets failed; keeping AWS Config's buckets", "account", a.ID, "err", err)
			return true
		}
		for _, b := range out.Buckets {
			if !seen[aws.ToString(b.Name)] {
				return false
			}
		}
	}
	return true
}

func isBucketFact(f inventory.Fact) bool {
	switch f {
	case inventory.FactBuckets, inventory.FactBucketEncryption, inventory.FactBucketPublicAccess,
		inventory.FactBucketReplication:
		return true
	}
	return false
}

// dropGaps removes the facts from the gaps of account in region (every
// Region when empty), and the gaps left with none.
func dropGaps(inv *inventory.Inventory, account, region string, facts []inventory.Fact) {
	var kept []inventory.Gap
	for _, g := range inv.Gaps {
		if g.Account == account && (region == "" || g.Region == region) {
			g.Facts = slices.DeleteFunc(slices.Clone(g.Facts), func(f inventory.Fact) bool { return slices.Contains(facts, f) })
			if len(g.Facts) == 0 {
				continue
			}
		}
		kept = append(kept, g)
	}
	inv.Gaps = kept
}

// only returns the part of inv about one account.
func only(inv *inventory.Inventory, account string) *inventory.Inventory {
	out := &inventory.Inventory{}
	keep := func(l inventory.Location) bool { return l.Account == account }
	for _, a := range inv.Accounts {
		if a.ID == account {
			out.Accounts = append(out.Accounts, a)
		}
	}
	out.Buckets = filter(inv.Buckets, func(b inventory.Bucket) bool { return keep(b.Location) })
	out.Volumes = filter(inv.Volumes, func(v inventory.Volume) bool { return keep(v.Location) })
	out.DBInstances = filter(inv.DBInstances, func(v inventory.DBInstance) bool { return keep(v.Location) })
	out.DBClusters = filter(inv.DBClusters, func(v inventory.DBCluster) bool { return keep(v.Location) })
	out.DBSnapshots = filter(inv.DBSnapshots, func(v inventory.DBSnapshot) bool { return keep(v.Location) })
	out.Tables = filter(inv.Tables, func(v inventory.Table) bool { return keep(v.Location) })
	out.FileSystems = filter(inv.FileSystems, func(v inventory.FileSystem) bool { return keep(v.Location) })
	out.BackupVaults = filter(inv.BackupVaults, func(v inventory.BackupVault) bool { return keep(v.Location) })
	out.BackupPlans = filter(inv.BackupPlans, func(v inventory.BackupPlan) bool { return keep(v.Location) })
	out.Trails = filter(inv.Trails, func(v inventory.Trail) bool { return keep(v.Location) })
	out.Gaps = filter(inv.Gaps, func(g inventory.Gap) bool { return keep(g.Location) })
	return out
}

func filter[T any](in []T, keep func(T) bool) []T {
	var out []T
	for _, v := range in {
		if keep(v) {
			out = append(out, v)
		}
	}
	return out
}
