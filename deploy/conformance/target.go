package conformance

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/account"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/configservice/types"

	"github.com/hdsctl/hdsctl/awsref"
	"github.com/hdsctl/hdsctl/deploy"
	"github.com/hdsctl/hdsctl/deploy/awsclient"
	"github.com/hdsctl/hdsctl/framework"
)

// The kinds of objects the target deploys.
const (
	// KindPack is a conformance pack of one account and Region.
	KindPack deploy.Kind = "conformance-pack"
	// KindOrgPack is an organization conformance pack, kept in the
	// management (or delegated administrator) account's Region and deployed
	// by AWS Config to every account of the organization but the excluded
	// ones.
	KindOrgPack deploy.Kind = "organization-conformance-pack"
)

// The tags that mark a pack as hdsctl's. A pack is hdsctl's when its name
// follows hdsctl's pattern for the framework and it carries both tags.
const (
	TagManagedBy = "hdsctl:managed-by"
	TagFramework = "hdsctl:framework"
	managedBy    = "hdsctl"
)

// Defaults of Options.
const (
	// DefaultPollInterval is the first wait between two reads of a pack's
	// status; the wait doubles up to eight times as much. AWS Config takes
	// minutes to deploy a pack.
	DefaultPollInterval = 5 * time.Second
	// DefaultWaitTimeout bounds the wait for one pack to be deployed or
	// deleted.
	DefaultWaitTimeout = 30 * time.Minute
)

// Options configures a Target.
type Options struct {
	// Regions are the Regions to deploy to. Empty means the Regions of the
	// European Economic Area that the account has enabled (account:
	// ListRegions).
	Regions []string
	// Organization deploys organization conformance packs, from the
	// management account or a delegated administrator, instead of packs of
	// the calling account.
	Organization bool
	// ExcludedAccounts are the accounts an organization pack leaves out.
	ExcludedAccounts []string
	// IAMRegion is the Region that holds the periodic rules judging IAM,
	// which the other Regions leave out (see periodicIAMRules). Empty means
	// IAMRegion of the Regions deployed to.
	IAMRegion string
	// PollInterval and WaitTimeout tune the wait for AWS Config's
	// asynchronous work; zero means DefaultPollInterval and
	// DefaultWaitTimeout.
	PollInterval time.Duration
	WaitTimeout  time.Duration
	// Limits overrides AWS Config's limits; zero fields keep DefaultLimits.
	Limits Limits
	// Limiter paces every call to AWS Config; nil means a limiter at
	// ConfigRPS. Share one between every target of one account.
	Limiter *deploy.Limiter
	// Calls counts the calls made; nil counts nothing.
	Calls *deploy.Calls
	// Logger receives the target's log; nil discards it.
	Logger *slog.Logger
}

// ConfigRPS is the pace hdsctl keeps on the AWS Config API, across the
// Regions of one account. AWS publishes no request-rate quota for AWS
// Config (its quotas page, docs.aws.amazon.com/general/latest/gr/awsconfig.html,
// lists none, and the Service Quotas console lists none either); it
// throttles each operation at a rate of its own with ThrottlingException.
// A plan makes a handful of reads per Region and an apply mostly waits, so
// a modest pace costs nothing, and the limiter halves it at the first
// throttling answer.
const ConfigRPS = 8

var accountIDRe = regexp.MustCompile(`^[0-9]{12}$`)

// Validate checks the options before any AWS call.
func (o Options) Validate() error {
	var problems []string
	for _, r := range o.Regions {
		if _, ok := awsref.LookupRegion(r); !ok {
			problems = append(problems, fmt.Sprintf("%q is not an AWS Region code", r))
		}
	}
	if len(o.ExcludedAccounts) > 0 && !o.Organization {
		problems = append(problems, "excluded accounts apply to an organization deployment only (--organization)")
	}
	for _, a := range o.ExcludedAccounts {
		if !accountIDRe.MatchString(a) {
			problems = append(problems, fmt.Sprintf("excluded account %q is not a 12-digit account ID", a))
		}
	}
	if o.IAMRegion != "" {
		if _, ok := awsref.LookupRegion(o.IAMRegion); !ok {
			problems = append(problems, fmt.Sprintf("IAM rules Region %q is not an AWS Region code", o.IAMRegion))
		} else if len(o.Regions) > 0 && !slices.Contains(o.Regions, o.IAMRegion) {
			problems = append(problems, fmt.Sprintf("the IAM rules Region %s is not among the Regions deployed to (%s)",
				o.IAMRegion, strings.Join(o.Regions, ", ")))
		}
	}
	// PutOrganizationConformancePack takes at most 1,000 excluded accounts.
	if n := len(o.ExcludedAccounts); n > 1000 {
		problems = append(problems, fmt.Sprintf("%d excluded accounts; AWS Config takes at most 1,000", n))
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}

// Target deploys a framework's AWS Config evidence as conformance packs. It
// implements deploy.Target and deploy.DeepScanner; its methods are safe for
// concurrent use.
//
// Apply waits until AWS Config has finished the work it started (a pack
// deployed, a pack deleted), and waits for work in progress on a pack
// (ResourceInUseException) before it starts its own. It never writes to a
// pack without ownership tags: updates and deletions read the pack's tags
// first, and a pack that has hdsctl's name but not its tags stops the apply
// with an error.
type Target struct {
	cfg  aws.Config
	opts Options
	log  *slog.Logger

	http    *deploy.PacedClient
	account *account.Client

	mu      sync.Mutex
	regions []string
	// iamRegion holds the periodic IAM rules, once Preflight resolved it.
	iamRegion string
	clients   map[string]*configservice.Client
	// foreign holds region/name of the packs that have hdsctl's names but
	// not its tags, as Current found them.
	foreign map[string]bool
	// framework is the ID of the framework Desired or Current saw last.
	framework string
}

// New returns a target that calls AWS with cfg. Its SDK clients retry
// reads, each on its own (see awsclient.ReadRetryer), and never writes: the deploy
// engine retries those.
func New(cfg aws.Config, opts Options) (*Target, error) {
	if err := opts.Validate(); err != nil {
		return nil, fmt.Errorf("config target: %w", err)
	}
	if opts.PollInterval <= 0 {
		opts.PollInterval = DefaultPollInterval
	}
	if opts.WaitTimeout <= 0 {
		opts.WaitTimeout = DefaultWaitTimeout
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Limiter == nil {
		opts.Limiter = deploy.NewLimiter(ConfigRPS, 1)
	}
	opts.ExcludedAccounts = slices.Compact(slices.Sorted(slices.Values(opts.ExcludedAccounts)))
	base := awsclient.HTTPClient(cfg)
	t := &Target{
		cfg:  cfg,
		opts: opts,
		log:  opts.Logger,
		http: &deploy.PacedClient{Base: base, Limiter: opts.Limiter, Calls: opts.Calls,
			Operation: awsclient.OperationName},
		clients: map[string]*configservice.Client{},
		foreign: map[string]bool{},
	}
	t.account = account.NewFromConfig(cfg, func(o *account.Options) {
		o.HTTPClient = &deploy.PacedClient{Base: base, Calls: opts.Calls, Operation: awsclient.OperationName}
		o.Retryer = awsclient.ReadRetryer()
	})
	return t, nil
}

// Name is the target's name on the command line.
func (t *Target) Name() string { return "config" }

// Regions returns the Regions the target deploys to, once Preflight has
// resolved them.
func (t *Target) Regions() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return slices.Clone(t.regions)
}

// Preflight resolves the Regions to deploy to: those of Options, or the
// EEA Regions the account has enabled.
func (t *Target) Preflight(ctx context.Context) error {
	regions := t.opts.Regions
	if len(regions) == 0 {
		var err error
		if regions, err = t.defaultRegions(ctx); err != nil {
			return err
		}
	}
	for _, r := range regions {
		if !awsref.InEEA(r) {
			t.log.Info("deploying Config rules outside the European Economic Area, as asked", "region", r)
		}
	}
	regions = slices.Compact(slices.Sorted(slices.Values(regions)))
	iamRegion := t.opts.IAMRegion
	if iamRegion == "" {
		iamRegion = IAMRegion(regions)
	}
	if !slices.Contains(regions, iamRegion) {
		return fmt.Errorf("config target: the IAM rules Region %s is not among the Regions deployed to (%s)",
			iamRegion, strings.Join(regions, ", "))
	}
	t.mu.Lock()
	t.regions, t.iamRegion = regions, iamRegion
	t.mu.Unlock()
	t.log.Debug("config target regions", "regions", regions, "iamRegion", iamRegion, "organization", t.opts.Organization)
	return nil
}

// resolvedIAMRegion returns the Region that holds the periodic IAM rules,
// once Preflight has resolved it.
func (t *Target) resolvedIAMRegion() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.iamRegion
}

// renderings renders the framework for the Region that holds the periodic
// IAM rules and for the others, which leave them out.
func (t *Target) renderings(fw *framework.Framework) (withIAM, withoutIAM *Rendering, err error) {
	if withIAM, err = Render(fw, RenderOptions{Limits: t.opts.Limits}); err != nil {
		return nil, nil, err
	}
	if withoutIAM, err = Render(fw, RenderOptions{Limits: t.opts.Limits, LeaveOutIAM: true}); err != nil {
		return nil, nil, err
	}
	return withIAM, withoutIAM, nil
}

// rendering returns the rendering of a Region.
func (t *Target) rendering(region string, withIAM, withoutIAM *Rendering) *Rendering {
	if region == t.resolvedIAMRegion() {
		return withIAM
	}
	return withoutIAM
}

// packSpec is what the target deploys for one pack in one Region.
type packSpec struct {
	pack     Pack
	excluded []string
	tags     []types.Tag
}

// Desired renders the framework and returns one pack per Region and part.
// It makes no AWS call; the Regions are those Preflight resolved.
func (t *Target) Desired(fw *framework.Framework) ([]deploy.Resource, []deploy.Note, error) {
	regions := t.Regions()
	if len(regions) == 0 {
		return nil, nil, errors.New("config target: no Region to deploy to (Preflight resolves them)")
	}
	withIAM, withoutIAM, err := t.renderings(fw)
	if err != nil {
		return nil, nil, err
	}
	t.setFramework(fw.ID)
	kind := KindPack
	if t.opts.Organization {
		kind = KindOrgPack
	}
	tags := packTags(fw)
	var out []deploy.Resource
	for _, region := range regions {
		for _, p := range t.rendering(region, withIAM, withoutIAM).Packs {
			out = append(out, deploy.Resource{
				Kind:   kind,
				Key:    p.Name,
				Name:   p.Name,
				Region: region,
				Hash:   t.contentHash(p),
				Spec:   &packSpec{pack: p, excluded: t.opts.ExcludedAccounts, tags: tags},
			})
		}
	}
	notes := withIAM.Notes
	if len(regions) > 1 {
		if left := iamRulesIn(withIAM); len(left) > 0 {
			notes = append(notes, deploy.Note{Message: fmt.Sprintf("the periodic rules that judge IAM (%s) deploy to %s "+
				"only: IAM is global, and AWS advises one Region for them (--iam-rules-region chooses it)",
				strings.Join(left, ", "), t.resolvedIAMRegion())})
		}
	}
	return out, notes, nil
}

// iamRulesIn lists the periodic IAM rules of a rendering, by identifier.
func iamRulesIn(r *Rendering) []string {
	var out []string
	for _, p := range r.Packs {
		for _, rule := range p.Rules {
			if periodicIAMRules[rule.Identifier] && !slices.Contains(out, rule.Identifier) {
				out = append(out, rule.Identifier)
			}
		}
	}
	slices.Sort(out)
	return out
}

// contentHash is the digest of what hdsctl deploys for a pack: its
// template and, for an organization pack, the accounts it leaves out.
func (t *Target) contentHash(p Pack) string {
	if !t.opts.Organization {
		return p.Hash
	}
	return digest(p.Hash + "\x00" + strings.Join(t.opts.ExcludedAccounts, ","))
}

// wantedHashes returns the content hash of every pack the framework wants
// in a Region, by pack name.
func (t *Target) wantedHashes(region string, withIAM, withoutIAM *Rendering) map[string]string {
	r := t.rendering(region, withIAM, withoutIAM)
	out := make(map[string]string, len(r.Packs))
	for _, p := range r.Packs {
		out[p.Name] = t.contentHash(p)
	}
	return out
}

// packTags returns the tags every pack of the framework carries: the
// framework's own and hdsctl's ownership tags, sorted by key.
func packTags(fw *framework.Framework) []types.Tag {
	tags := maps.Clone(fw.Tags)
	if tags == nil {
		tags = map[string]string{}
	}
	tags[TagManagedBy] = managedBy
	tags[TagFramework] = fw.ID
	out := make([]types.Tag, 0, len(tags))
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		out = append(out, types.Tag{Key: aws.String(k), Value: aws.String(tags[k])})
	}
	return out
}

// Current returns the packs of the framework that hdsctl owns, in every
// Region to deploy to, reading each Region's list of packs and of their
// statuses.
//
// A pack named as hdsctl names the framework's packs, recording the content
// hash the framework wants, and deployed as hdsctl left it, is returned
// without reading its tags: nothing will be written to it, and Apply reads
// the tags of every pack before it changes or deletes it. Any other pack
// with hdsctl's name is returned only when its tags say hdsctl owns it.
func (t *Target) Current(ctx context.Context, fw *framework.Framework) ([]deploy.Existing, error) {
	regions := t.Regions()
	if len(regions) == 0 {
		return nil, errors.New("config target: no Region to read (Preflight resolves them)")
	}
	return t.currentIn(ctx, fw, regions)
}

// CurrentAll is Current over every Region the account has enabled, for
// destroy, so that packs deployed earlier with --regions outside the
// default Regions go too. When Options names the Regions, it reads those
// only.
func (t *Target) CurrentAll(ctx context.Context, fw *framework.Framework) ([]deploy.Existing, error) {
	if len(t.opts.Regions) > 0 {
		return t.Current(ctx, fw)
	}
	enabled, err := enabledRegions(ctx, t.account)
	if err != nil {
		t.log.Warn("cannot list the account's enabled Regions; destroy looks in the default Regions only", "err", err)
		return t.Current(ctx, fw)
	}
	return t.currentIn(ctx, fw, enabled)
}

// currentIn reads the packs hdsctl owns in the Regions given, at once.
func (t *Target) currentIn(ctx context.Context, fw *framework.Framework, regions []string) ([]deploy.Existing, error) {
	withIAM, withoutIAM, err := t.renderings(fw)
	if err != nil {
		// Nothing of the framework can be deployed; its packs are still
		// found, to be destroyed.
		t.log.Debug("config target: the framework renders no pack", "err", err)
		withIAM, withoutIAM = &Rendering{}, &Rendering{}
	}
	t.setFramework(fw.ID)
	results := make([][]deploy.Existing, len(regions))
	errs := make([]error, len(regions))
	var wg sync.WaitGroup
	for i, region := range regions {
		wg.Go(func() {
			want := t.wantedHashes(region, withIAM, withoutIAM)
			if t.opts.Organization {
				results[i], errs[i] = t.currentOrgPacks(ctx, region, fw, want)
				t.warnAccountPacks(ctx, region, fw)
			} else {
				results[i], errs[i] = t.currentPacks(ctx, region, fw, want)
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	var out []deploy.Existing
	for _, r := range results {
		out = append(out, r...)
	}
	return out, nil
}

// Apply carries out one change on one pack and returns the pack's ARN.
func (t *Target) Apply(ctx context.Context, ch deploy.Change, _ deploy.IDs) (string, error) {
	switch ch.Kind {
	case KindPack:
		return t.applyChange(ctx, accountPacks{}, ch)
	case KindOrgPack:
		return t.applyChange(ctx, orgPacks{}, ch)
	}
	return "", fmt.Errorf("config target: unknown kind %q", ch.Kind)
}

// writeOnce is the option of every call that changes AWS Config: the SDK
// does not retry it.
func writeOnce(o *configservice.Options) { o.Retryer = aws.NopRetryer{} }

// client returns the AWS Config client of a Region. Its reads are retried
// (awsclient.ReadRetryer); its writes must pass writeOnce.
func (t *Target) client(region string) *configservice.Client {
	t.mu.Lock()
	defer t.mu.Unlock()
	c, ok := t.clients[region]
	if !ok {
		c = configservice.NewFromConfig(t.cfg, func(o *configservice.Options) {
			o.Region = region
			o.HTTPClient = t.http
			o.Retryer = awsclient.ReadRetryer()
		})
		t.clients[region] = c
	}
	return c
}

// markForeign records a pack that has hdsctl's name but not its tags.
func (t *Target) markForeign(region, name string) {
	t.mu.Lock()
	t.foreign[region+"/"+name] = true
	t.mu.Unlock()
	t.log.Warn("a conformance pack has hdsctl's name but not its ownership tags; hdsctl leaves it alone",
		"region", region, "pack", name)
}

func (t *Target) isForeign(region, name string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.foreign[region+"/"+name]
}

// foreignError says why hdsctl will not write to a pack it does not own.
func foreignError(kind deploy.Kind, region, name string) error {
	return fmt.Errorf("%s %s in %s has hdsctl's name but not its tags (%s=%s, %s), so hdsctl does not touch it; "+
		"delete or rename it, or tag it if hdsctl did create it", kind, name, region, TagManagedBy, managedBy, TagFramework)
}

// ownedBy reports whether tags mark a pack as hdsctl's for the framework.
func ownedBy(tags []types.Tag, frameworkID string) bool {
	var byHdsctl, forFramework bool
	for _, tg := range tags {
		switch aws.ToString(tg.Key) {
		case TagManagedBy:
			byHdsctl = aws.ToString(tg.Value) == managedBy
		case TagFramework:
			forFramework = aws.ToString(tg.Value) == frameworkID
		}
	}
	return byHdsctl && forFramework
}

// readTags returns the tags of a pack; found is false when AWS Config does
// not know the ARN any more.
func readTags(ctx context.Context, client *configservice.Client, arn string) (tags []types.Tag, found bool, err error) {
	in := &configservice.ListTagsForResourceInput{ResourceArn: aws.String(arn), Limit: 50}
	p := configservice.NewListTagsForResourcePaginator(client, in)
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		var nf *types.ResourceNotFoundException
		if errors.As(err, &nf) {
			return nil, false, nil
		}
		if err != nil {
			return nil, false, fmt.Errorf("reading the tags of %s: %w", arn, err)
		}
		tags = append(tags, page.Tags...)
	}
	return tags, true, nil
}

// planned returns the ID of the framework whose packs the target last read
// or rendered, which ownership checks compare tags to.
func (t *Target) planned() (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.framework == "" {
		return "", errors.New("config target: Apply before Current or Desired told the framework")
	}
	return t.framework, nil
}

func (t *Target) setFramework(id string) {
	t.mu.Lock()
	t.framework = id
	t.mu.Unlock()
}

// checkOwned reads the tags of an existing pack before a change writes to
// it. found is false when the pack is gone.
func (t *Target) checkOwned(ctx context.Context, client *configservice.Client, ch deploy.Change) (found bool, err error) {
	frameworkID, err := t.planned()
	if err != nil {
		return false, err
	}
	tags, found, err := readTags(ctx, client, ch.ID)
	if err != nil || !found {
		return found, err
	}
	if !ownedBy(tags, frameworkID) {
		return true, foreignError(ch.Kind, ch.Region, ch.Key)
	}
	return true, nil
}

// inputParameters returns the input parameters hdsctl passes to a pack.
func inputParameters(hash string) []types.ConformancePackInputParameter {
	return []types.ConformancePackInputParameter{
		{ParameterName: aws.String(HashParameter), ParameterValue: aws.String(hash)},
	}
}

// recordedHash reads the hash hdsctl recorded among a pack's input
// parameters; extra reports other parameters, which hdsctl never passes.
func recordedHash(params []types.ConformancePackInputParameter) (hash string, extra bool) {
	for _, p := range params {
		if aws.ToString(p.ParameterName) == HashParameter {
			hash = aws.ToString(p.ParameterValue)
		} else {
			extra = true
		}
	}
	return hash, extra
}

// sameAccounts reports whether two lists hold the same account IDs.
func sameAccounts(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	sort.Strings(a)
	sort.Strings(b)
	return slices.Equal(slices.Compact(a), slices.Compact(b))
}
