// Package auditmanager deploys a framework to AWS Audit Manager: one custom
// control per control of the framework, one custom framework listing them
// in its control sets, and optionally an assessment built on it. It is a
// deploy.Target; the deploy engine plans, paces and retries.
//
// Ownership and change detection rest on tags set in each Create call:
// hdsctl:managed-by=hdsctl, hdsctl:framework=<framework ID>, hdsctl:key=<the
// control or framework ID>, hdsctl:hash=<digest of the content sent>, and
// hdsctl:lang=<fr|en>, plus the framework's own tags. The content read back
// from AWS is hashed the same way and compared with the hash tag: a
// difference means someone changed the object outside hdsctl.
//
// Plans stay within one read per page of results plus three: the account
// status, the list of custom frameworks, the owned framework (which carries
// every control in full, with its tags), and the list of custom controls,
// where only controls named like the framework's and outside it (left by an
// interrupted apply) are looked at more closely. After an interrupted
// apply, the plan also reads the tags of the custom controls that run may
// have left under other names: every custom control outside the framework
// while the framework is not up to date, else those created after the
// framework was last written.
package auditmanager

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/auditmanager"
	"github.com/aws/aws-sdk-go-v2/service/auditmanager/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/hdsctl/hdsctl/deploy"
	"github.com/hdsctl/hdsctl/deploy/awsclient"
	"github.com/hdsctl/hdsctl/framework"
)

// The kinds of objects the target deploys, and their phases.
const (
	KindControl    deploy.Kind = "control"
	KindFramework  deploy.Kind = "framework"
	KindAssessment deploy.Kind = "assessment"
)

const (
	phaseControl = iota
	phaseFramework
	phaseAssessment
)

// Regions lists the Regions where AWS Audit Manager runs, from the AWS
// General Reference page "AWS Audit Manager endpoints and quotas"
// (docs.aws.amazon.com/general/latest/gr/audit-manager.html) and the
// endpoint table of aws-sdk-go-v2/service/auditmanager v1.46.16. Paris
// (eu-west-3) was never among them, and AWS adds none since Audit Manager
// closed to new customers on 30 April 2026.
var Regions = []string{
	"ap-northeast-1", "ap-south-1", "ap-southeast-1", "ap-southeast-2",
	"ca-central-1", "eu-central-1", "eu-west-1", "eu-west-2",
	"us-east-1", "us-east-2", "us-west-1", "us-west-2",
}

// Options configures the target.
type Options struct {
	// Regions to deploy to; empty means the Region of the AWS configuration.
	Regions []string
	// Lang is the language deployed, fr or en; empty means the framework's
	// first language.
	Lang string
	// Assessment, when set, also creates and keeps an assessment built on
	// the deployed framework. Without it, assessments are left alone, except
	// by destroy, which removes the assessment hdsctl created.
	Assessment *AssessmentOptions
	// Adopt, when set, takes over the objects the Node.js sample created, as
	// listed in its output file.
	Adopt *SampleOutput
	// Limiter paces every call; nil means a limiter at deploy.AuditManagerRPS
	// with bursts of deploy.AuditManagerBurst.
	// Share one between every target of one account.
	Limiter *deploy.Limiter
	// Calls counts the calls made; nil counts nothing.
	Calls  *deploy.Calls
	Logger *slog.Logger
}

// Target deploys frameworks to AWS Audit Manager. It implements
// deploy.Target, deploy.Finder and deploy.DeepScanner.
type Target struct {
	opts    Options
	regions []string
	// clients write, and do not retry: the engine does. readers read, and
	// retry each read on its own (see awsclient.ReadRetryer).
	clients map[string]*auditmanager.Client
	readers map[string]*auditmanager.Client
	sts     *sts.Client
	log     *slog.Logger

	mu   sync.Mutex
	arns map[string]string // AWS ID -> ARN, learnt from reads and writes
	// setIDs holds the control-set IDs of each framework read, by set name,
	// so that updates keep them.
	setIDs map[string]map[string]string
	// account is the caller's account, for the default assessment scope.
	account string
}

// New returns a target calling Audit Manager with cfg. Its SDK clients
// retry reads, each on its own, and never writes: the deploy engine retries
// those.
func New(cfg aws.Config, opts Options) (*Target, error) {
	if opts.Lang != "" && !framework.ValidLang(opts.Lang) {
		return nil, fmt.Errorf("unknown language %q: use fr or en", opts.Lang)
	}
	if opts.Limiter == nil {
		opts.Limiter = deploy.NewLimiter(deploy.AuditManagerRPS, deploy.AuditManagerBurst)
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	t := &Target{opts: opts, regions: opts.Regions, log: opts.Logger,
		clients: map[string]*auditmanager.Client{}, readers: map[string]*auditmanager.Client{},
		arns: map[string]string{}, setIDs: map[string]map[string]string{}}
	if len(t.regions) == 0 {
		if cfg.Region == "" {
			return nil, errors.New("no AWS Region: pass --region or --regions, or set AWS_REGION")
		}
		t.regions = []string{cfg.Region}
	}
	base := awsclient.HTTPClient(cfg)
	paced := &deploy.PacedClient{Base: base, Limiter: opts.Limiter, Calls: opts.Calls,
		Operation: awsclient.OperationName}
	for _, r := range t.regions {
		t.clients[r] = auditmanager.NewFromConfig(cfg, func(o *auditmanager.Options) {
			o.Region = r
			o.HTTPClient = paced
			o.Retryer = aws.NopRetryer{}
		})
		t.readers[r] = auditmanager.NewFromConfig(cfg, func(o *auditmanager.Options) {
			o.Region = r
			o.HTTPClient = paced
			o.Retryer = awsclient.ReadRetryer()
		})
	}
	t.sts = sts.NewFromConfig(cfg, func(o *sts.Options) {
		o.HTTPClient = &deploy.PacedClient{Base: base, Calls: opts.Calls, Operation: awsclient.OperationName}
	})
	return t, nil
}

// Name returns "auditmanager".
func (t *Target) Name() string { return "auditmanager" }

// Regions returns the Regions the target deploys to.
func (t *Target) Regions() []string { return slices.Clone(t.regions) }

// RegionError reports a Region where Audit Manager does not run.
type RegionError struct {
	Region string
}

// Error lists the Regions where Audit Manager runs.
func (e *RegionError) Error() string {
	return fmt.Sprintf("AWS Audit Manager does not run in %s; it runs in %s. Deploy with --regions "+
		"set to one of those, or use --target config, which runs in every Region", e.Region, strings.Join(Regions, ", "))
}

// InactiveError reports an account that is not registered with Audit
// Manager in a Region.
type InactiveError struct {
	Region string
	Status string
}

// Error explains that Audit Manager closed to new customers and points
// to the Config target.
func (e *InactiveError) Error() string {
	return fmt.Sprintf("this AWS account is not registered with AWS Audit Manager in %s (status %s), "+
		"and Audit Manager stopped accepting new customers on 30 April 2026; deploy the framework "+
		"as AWS Config conformance packs instead: hdsctl apply FRAMEWORK --target config", e.Region, e.Status)
}

// CheckRegion returns a *RegionError when Audit Manager does not run in
// region. It makes no call.
func CheckRegion(region string) error {
	if !slices.Contains(Regions, region) {
		return &RegionError{Region: region}
	}
	return nil
}

// Preflight checks, before any other call, that Audit Manager runs in every
// Region asked for, then that the account is registered with it in each
// (GetAccountStatus). With an assessment scoped to the caller's account, it
// also learns that account (STS GetCallerIdentity).
func (t *Target) Preflight(ctx context.Context) error {
	for _, r := range t.regions {
		if err := CheckRegion(r); err != nil {
			return err
		}
	}
	for _, r := range t.regions {
		out, err := t.readers[r].GetAccountStatus(ctx, &auditmanager.GetAccountStatusInput{})
		if err != nil {
			return explain(err, "checking the Audit Manager account status in "+r)
		}
		if status := string(out.Status); status != "ACTIVE" {
			return &InactiveError{Region: r, Status: status}
		}
	}
	if a := t.opts.Assessment; a != nil && len(a.Accounts) == 0 && t.callerAccount() == "" {
		out, err := t.sts.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
		if err != nil {
			return explain(err, "finding the account to assess")
		}
		t.mu.Lock()
		t.account = aws.ToString(out.Account)
		t.mu.Unlock()
	}
	return nil
}

func (t *Target) callerAccount() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.account
}

// lang returns the language deployed for fw.
func (t *Target) lang(fw *framework.Framework) string {
	if t.opts.Lang != "" {
		return t.opts.Lang
	}
	if len(fw.Languages) > 0 {
		return fw.Languages[0]
	}
	return framework.English
}

func (t *Target) rememberARN(id, arn *string) {
	if id == nil || arn == nil {
		return
	}
	t.mu.Lock()
	t.arns[*id] = *arn
	t.mu.Unlock()
}

func (t *Target) rememberSets(f *types.Framework) {
	ids := map[string]string{}
	for _, set := range f.ControlSets {
		ids[aws.ToString(set.Name)] = aws.ToString(set.Id)
	}
	t.mu.Lock()
	t.setIDs[aws.ToString(f.Id)] = ids
	t.mu.Unlock()
}

func (t *Target) setID(frameworkID, name string) *string {
	t.mu.Lock()
	defer t.mu.Unlock()
	if id := t.setIDs[frameworkID][name]; id != "" {
		return aws.String(id)
	}
	return nil
}

func (t *Target) arn(id string) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.arns[id]
}
