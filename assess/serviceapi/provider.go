// Package serviceapi fills the inventory of hdsctl's checks from the AWS
// service APIs (S3, RDS, DynamoDB, EC2, EFS, AWS Backup, CloudTrail, KMS,
// IAM), for one account, Region by Region.
//
// It only reads. Every list is paginated; the calls in flight are bounded per
// service across all Regions; a call that fails becomes an inventory.Gap
// naming the Region, service and operation, and collection goes on.
//
// S3 buckets are listed account-wide, whatever the Regions asked for: a
// bucket outside them is exactly what the residency check looks for. Other
// resources are read in the Regions given only, so an RDS snapshot or an EFS
// replica kept in a Region left out is not seen.
package serviceapi

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/hdsctl/hdsctl/assess/inventory"
	"github.com/hdsctl/hdsctl/internal/awserr"
)

// Options tunes a Provider. The zero value reads every fact.
type Options struct {
	// Facts restricts the provider to these facts; nil reads them all.
	Facts []inventory.Fact
	// Workers is how many collection tasks (one service in one Region) run
	// at once; 8 when zero.
	Workers int
	// PerService bounds the calls in flight to one service, all Regions
	// together; 3 when zero.
	PerService int
	// Logger receives a debug record for every failed call; nothing is
	// logged when nil.
	Logger *slog.Logger
}

// Provider reads the inventory of one account from the service APIs. It
// implements inventory.Provider.
type Provider struct {
	cfg     aws.Config
	regions []string
	opts    Options
}

var _ inventory.Provider = (*Provider)(nil)

// New returns a provider that reads the account cfg's credentials belong to,
// in the given Regions. The global services (STS, IAM, the S3 bucket list)
// are called in cfg.Region, or in the first of regions when it is empty.
func New(cfg aws.Config, regions []string, opts Options) *Provider {
	if opts.Workers <= 0 {
		opts.Workers = 8
	}
	if opts.PerService <= 0 {
		opts.PerService = 3
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return &Provider{cfg: cfg, regions: slices.Clone(regions), opts: opts}
}

// Collect reads the inventory. See inventory.Provider for its contract.
func (p *Provider) Collect(ctx context.Context) (*inventory.Inventory, error) {
	home := p.cfg.Region
	if home == "" && len(p.regions) > 0 {
		home = p.regions[0]
	}
	if home == "" {
		return nil, errors.New("collecting the inventory: no Region given")
	}
	r := &run{
		Provider: p,
		home:     home,
		limits:   newLimiter(p.opts.PerService),
		inv:      &inventory.Inventory{},
	}
	id, err := sts.NewFromConfig(p.cfg, func(o *sts.Options) {
		o.Region = home
		o.APIOptions = append(o.APIOptions, r.limits.apiOption("sts"))
	}).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return nil, fmt.Errorf("reading the account identity in %s: sts GetCallerIdentity: %w",
			home, err)
	}
	r.accountID = aws.ToString(id.Account)
	r.account = inventory.Account{
		ID:      r.accountID,
		Regions: slices.Clone(p.regions),
		Facts:   r.facts(),
	}

	runTasks(ctx, p.opts.Workers, r.tasks())
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("collecting the inventory of account %s: %w", r.accountID, err)
	}
	r.inv.Accounts = []inventory.Account{r.account}
	return r.inv, nil
}

// collector reads some facts in one Region, or once per account when global.
type collector struct {
	facts   []inventory.Fact
	global  bool
	collect func(r *run, ctx context.Context, region string)
}

// collectors lists every collector of the provider.
var collectors = []collector{
	{bucketFacts, true, (*run).buckets},
	{facts(inventory.FactAccountPublicAccess), true, (*run).accountPublicAccess},
	{facts(inventory.FactRootMFA, inventory.FactPasswordPolicy), true, (*run).iamSettings},
	{facts(inventory.FactEBSEncryptionDef), false, (*run).ebsEncryptionDefault},
	{facts(inventory.FactVolumes), false, (*run).volumes},
	{facts(inventory.FactVolumeSnapshots), false, (*run).volumeSnapshots},
	{facts(inventory.FactDBInstances), false, (*run).dbInstances},
	{facts(inventory.FactDBClusters), false, (*run).dbClusters},
	{facts(inventory.FactDBSnapshots), false, (*run).dbSnapshots},
	{facts(inventory.FactTables), false, (*run).tables},
	{facts(inventory.FactFileSystems), false, (*run).fileSystems},
	{facts(inventory.FactBackupVaults), false, (*run).backupVaults},
	{facts(inventory.FactBackupPlans, inventory.FactBackupSelections), false, (*run).backupPlans},
	{facts(inventory.FactTrails), false, (*run).trails},
	{facts(inventory.FactKeys), false, (*run).keys},
}

func facts(f ...inventory.Fact) []inventory.Fact { return f }

// run is one collection: the account read, and the inventory being filled.
type run struct {
	*Provider
	home      string
	limits    *limiter
	accountID string

	mu sync.Mutex
	// account gets its account-wide facts from the tasks, under mu.
	account inventory.Account
	inv     *inventory.Inventory
	// trailsSeen holds the ARNs of the trails already claimed by a Region.
	trailsSeen map[string]bool
}

// tasks returns one task per wanted collector and Region.
func (r *run) tasks() []func(context.Context) {
	var tasks []func(context.Context)
	for _, c := range collectors {
		if !r.wants(c.facts...) {
			continue
		}
		regions := r.regions
		if c.global {
			regions = []string{r.home}
		}
		for _, region := range regions {
			tasks = append(tasks, func(ctx context.Context) { c.collect(r, ctx, region) })
		}
	}
	return tasks
}

// wants reports whether any of facts is to be read.
func (r *run) wants(facts ...inventory.Fact) bool {
	if r.opts.Facts == nil {
		return true
	}
	for _, f := range facts {
		if slices.Contains(r.opts.Facts, f) {
			return true
		}
	}
	return false
}

// facts returns the facts the run reads.
func (r *run) facts() []inventory.Fact {
	var facts []inventory.Fact
	for _, f := range inventory.Facts {
		if r.wants(f) {
			facts = append(facts, f)
		}
	}
	return facts
}

// add changes the inventory under the run's lock.
func (r *run) add(change func(inv *inventory.Inventory)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	change(r.inv)
}

// where returns the Location of a resource of the account in region.
func (r *run) where(region string) inventory.Location {
	return inventory.Location{Account: r.accountID, Region: region}
}

// failed records a failed call as a gap. resource is the ARN of the one
// resource concerned, or empty for a listing. A call cut short by the end of
// the collection's context records nothing: Collect fails instead.
func (r *run) failed(ctx context.Context, region, resource, service, op string, err error,
	facts ...inventory.Fact) {
	if ctx.Err() != nil {
		return
	}
	r.opts.Logger.Debug("AWS call failed", "account", r.accountID, "region", region,
		"service", service, "operation", op, "resource", resource, "err", err)
	g := inventory.Gap{
		Location:  r.where(region),
		Resource:  resource,
		Facts:     facts,
		Service:   service,
		Operation: op,
		Err:       awserr.Concise(err),
	}
	r.add(func(inv *inventory.Inventory) { inv.Gaps = append(inv.Gaps, g) })
}
