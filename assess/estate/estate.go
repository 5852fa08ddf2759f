// Package estate finds what an assessment covers: the AWS accounts (the
// caller's own, a list of accounts reached by assuming a role, or every
// active account of the AWS Organization) and the Regions (those given, or
// every Region enabled for the account).
//
// It only reads: sts GetCallerIdentity and AssumeRole, organizations
// ListAccounts, ec2 DescribeRegions. Credentials of assumed roles are
// fetched when first used and refreshed before they expire; they are never
// logged.
package estate

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3control"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	smithyendpoints "github.com/aws/smithy-go/endpoints"

	"github.com/hdsctl/hdsctl/awsref"
)

// DefaultRole is the role assumed in each account of an Organization when
// none is named: the one AWS Organizations creates in the accounts it
// creates.
const DefaultRole = "OrganizationAccountAccessRole"

// Account is one AWS account to assess, with the configuration its calls
// are made with.
type Account struct {
	ID     string
	Config aws.Config
}

// Estate is the accounts and Regions an assessment covers.
type Estate struct {
	// Caller is the account hdsctl runs as.
	Caller Account
	// Accounts lists the accounts to assess, the caller's first when it is
	// one of them.
	Accounts []Account
	// Regions lists the Regions to assess.
	Regions []string
}

// IDs returns the IDs of the accounts assessed.
func (e *Estate) IDs() []string {
	ids := make([]string, len(e.Accounts))
	for i, a := range e.Accounts {
		ids[i] = a.ID
	}
	return ids
}

// Options says which accounts and Regions to assess.
type Options struct {
	// Accounts lists the account IDs to assess; empty means the caller's
	// account, unless Organization is set.
	Accounts []string
	// Organization assesses every active account of the caller's AWS
	// Organization.
	Organization bool
	// Role is the name of the role assumed in every account other than the
	// caller's; DefaultRole when empty.
	Role string
	// Regions lists the Regions to assess; empty means every Region enabled
	// for the caller's account.
	Regions []string
	Logger  *slog.Logger
}

var accountIDRe = regexp.MustCompile(`^[0-9]{12}$`)

// CheckOptions reports what is wrong with opts before any call: account IDs
// that are not 12 digits, Regions hdsctl does not know, a role name that
// cannot be one.
func CheckOptions(opts Options) error {
	var problems []string
	for _, id := range opts.Accounts {
		if !accountIDRe.MatchString(id) {
			problems = append(problems, fmt.Sprintf("account ID %q is not 12 digits", id))
		}
	}
	if opts.Organization && len(opts.Accounts) > 0 {
		problems = append(problems, "name accounts or ask for the whole Organization, not both")
	}
	for _, r := range opts.Regions {
		if _, ok := awsref.LookupRegion(r); !ok {
			problems = append(problems, fmt.Sprintf("Region %q does not exist (Regions look like eu-west-3)", r))
		}
	}
	if strings.ContainsAny(opts.Role, ":/ ") {
		problems = append(problems, fmt.Sprintf("role %q must be a role name, not an ARN or a path", opts.Role))
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}

// Discover reads who cfg's credentials belong to, and returns the accounts
// and Regions opts asks for. It fails when the caller's identity, the
// Organization's accounts or the enabled Regions cannot be read.
func Discover(ctx context.Context, cfg aws.Config, opts Options) (*Estate, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	cfg = LocalEndpoints(cfg)
	id, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return nil, fmt.Errorf("reading who the AWS credentials belong to (sts GetCallerIdentity in %s): %w",
			cfg.Region, err)
	}
	e := &Estate{Caller: Account{ID: aws.ToString(id.Account), Config: cfg}}
	ids := opts.Accounts
	if opts.Organization {
		if ids, err = organizationAccounts(ctx, cfg); err != nil {
			return nil, err
		}
	}
	if len(ids) == 0 {
		ids = []string{e.Caller.ID}
	}
	role := opts.Role
	if role == "" {
		role = DefaultRole
	}
	for _, acct := range ids {
		if acct == e.Caller.ID {
			e.Accounts = slices.Insert(e.Accounts, 0, e.Caller)
			continue
		}
		e.Accounts = append(e.Accounts, assume(cfg, acct, role))
	}
	opts.Logger.Debug("accounts to assess", "caller", e.Caller.ID, "accounts", len(e.Accounts), "role", role)

	e.Regions = slices.Clone(opts.Regions)
	if len(e.Regions) == 0 {
		if e.Regions, err = enabledRegions(ctx, cfg); err != nil {
			return nil, err
		}
	}
	return e, nil
}

// assume returns the account reached by assuming role in it.
func assume(cfg aws.Config, account, role string) Account {
	arn := fmt.Sprintf("arn:%s:iam::%s:role/%s", Partition(cfg.Region), account, role)
	provider := stscreds.NewAssumeRoleProvider(sts.NewFromConfig(cfg), arn, func(o *stscreds.AssumeRoleOptions) {
		o.RoleSessionName = "hdsctl-assess"
	})
	c := cfg.Copy()
	c.Credentials = aws.NewCredentialsCache(provider)
	return Account{ID: account, Config: c}
}

// organizationAccounts lists the active accounts of the caller's
// Organization.
func organizationAccounts(ctx context.Context, cfg aws.Config) ([]string, error) {
	var ids []string
	pages := organizations.NewListAccountsPaginator(organizations.NewFromConfig(cfg), &organizations.ListAccountsInput{})
	for pages.HasMorePages() {
		out, err := pages.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("listing the accounts of the AWS Organization (organizations ListAccounts; "+
				"run from the management account or a delegated administrator): %w", err)
		}
		for _, a := range out.Accounts {
			if a.State == orgtypes.AccountStateActive || (a.State == "" && a.Status == orgtypes.AccountStatusActive) {
				ids = append(ids, aws.ToString(a.Id))
			}
		}
	}
	return ids, nil
}

// enabledRegions lists the Regions enabled for the account: DescribeRegions
// without AllRegions returns those only.
func enabledRegions(ctx context.Context, cfg aws.Config) ([]string, error) {
	out, err := ec2.NewFromConfig(cfg).DescribeRegions(ctx, &ec2.DescribeRegionsInput{})
	if err != nil {
		return nil, fmt.Errorf("listing the Regions enabled for the account (ec2 DescribeRegions in %s; "+
			"or name them with --regions): %w", cfg.Region, err)
	}
	var regions []string
	for _, r := range out.Regions {
		regions = append(regions, aws.ToString(r.RegionName))
	}
	slices.Sort(regions)
	return regions, nil
}

// Partition returns the partition of a Region: aws, aws-cn or aws-us-gov.
func Partition(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	}
	return "aws"
}

// Progress counts units of work as they are planned and done, for a
// progress bar: the collectors that visit the estate count one unit per
// account. *assess.Progress implements it.
type Progress interface {
	Add(n int)
	Done(n int)
}

// NoProgress counts nothing: the Progress of a caller that shows none.
type NoProgress struct{}

// Add does nothing.
func (NoProgress) Add(int) {}

// Done does nothing.
func (NoProgress) Done(int) {}

// ForEach calls fn for every account, with at most width calls at once,
// and returns when all are done.
func ForEach(accounts []Account, width int, fn func(a Account)) {
	slots := make(chan struct{}, max(1, width))
	var wg sync.WaitGroup
	for _, a := range accounts {
		slots <- struct{}{}
		wg.Go(func() {
			defer func() { <-slots }()
			fn(a)
		})
	}
	wg.Wait()
}

// ForEachRegion calls fn for every account and Region: width accounts at
// once, and every Region of an account at once. Each account is one unit
// of progress, planned before the first call and done when the calls of all
// its Regions have returned. It returns when all are done.
func ForEachRegion(accounts []Account, regions []string, width int, progress Progress, fn func(a Account, region string)) {
	progress.Add(len(accounts))
	ForEach(accounts, width, func(a Account) {
		defer progress.Done(1)
		var wg sync.WaitGroup
		for _, region := range regions {
			wg.Go(func() { fn(a, region) })
		}
		wg.Wait()
	})
}

// LocalEndpoints adapts cfg to an endpoint on a local host or an IP address
// (the sandbox, moto), given as its BaseEndpoint or by AWS_ENDPOINT_URL_S3 /
// AWS_ENDPOINT_URL_S3_CONTROL: S3 requests are path-style, and S3 Control
// calls go to the endpoint as it is, since the SDK would put the account ID
// in front of a host name that cannot take it. Other endpoints are left
// alone.
func LocalEndpoints(cfg aws.Config) aws.Config {
	base := aws.ToString(cfg.BaseEndpoint)
	s3URL := firstNonEmpty(os.Getenv("AWS_ENDPOINT_URL_S3"), base)
	controlURL := firstNonEmpty(os.Getenv("AWS_ENDPOINT_URL_S3_CONTROL"), base)
	if !isLocal(s3URL) && !isLocal(controlURL) {
		return cfg
	}
	c := cfg.Copy()
	c.ServiceOptions = append(slices.Clone(cfg.ServiceOptions), func(_ string, options any) {
		switch o := options.(type) {
		case *s3.Options:
			if isLocal(s3URL) {
				o.UsePathStyle = true
			}
		case *s3control.Options:
			if isLocal(controlURL) {
				o.EndpointResolverV2 = fixedEndpoint(controlURL)
			}
		}
	})
	return c
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

// isLocal reports whether endpoint is on localhost or an IP address.
func isLocal(endpoint string) bool {
	u, err := url.Parse(endpoint)
	if err != nil || u.Host == "" {
		return false
	}
	host := u.Hostname()
	return host == "localhost" || net.ParseIP(host) != nil
}

// fixedEndpoint resolves every S3 Control call to one endpoint.
type fixedEndpoint string

// ResolveEndpoint returns the endpoint, whatever the parameters.
func (e fixedEndpoint) ResolveEndpoint(context.Context, s3control.EndpointParameters) (
	smithyendpoints.Endpoint, error) {
	u, err := url.Parse(string(e))
	if err != nil {
		return smithyendpoints.Endpoint{}, err
	}
	return smithyendpoints.Endpoint{URI: *u}, nil
}
