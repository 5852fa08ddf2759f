package configrules

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	cstypes "github.com/aws/aws-sdk-go-v2/service/configservice/types"

	"github.com/hdsctl/hdsctl/awsref"
	"github.com/hdsctl/hdsctl/internal/awserr"
	"github.com/hdsctl/hdsctl/internal/pace"
	"github.com/hdsctl/hdsctl/results"
)

// AggregatorReader reads Config rule compliance through an AWS Config
// aggregator. It implements assess.Collector.
//
// The aggregator's answers name rules, not the managed rules they run, so a
// rule is recognised by its name: a name the aggregator's own account uses
// for a rule it runs (DescribeConfigRules, DescribeOrganizationConfigRules),
// stripped of the suffix a conformance pack adds (-conformance-pack-xxxx) or
// of the OrgConfigRule- prefix and suffix of an organization rule; or the
// managed rule's documented name (s3-bucket-versioning-enabled) or
// identifier. A rule renamed otherwise in a member account only is not
// recognised.
type AggregatorReader struct {
	cfg      aws.Config
	name     string
	accounts []string
	regions  []string
	opts     Options
}

// NewAggregator returns a reader of the aggregator called name, in cfg's
// account and Region. accounts and regions restrict what is read; nil reads
// every source of the aggregator. When both are given, every account is
// expected in every Region, so that a rule missing there is reported.
func NewAggregator(cfg aws.Config, name string, accounts, regions []string, opts Options) *AggregatorReader {
	opts.defaults()
	return &AggregatorReader{cfg: cfg, name: name, accounts: slices.Clone(accounts), regions: slices.Clone(regions), opts: opts}
}

// Collect reads the compliance of the rules running the managed rules named
// by keywords, in every account and Region of the aggregator. It fails when
// the aggregator cannot be read at all.
func (r *AggregatorReader) Collect(ctx context.Context, keywords []string) (map[string][]results.Finding, error) {
	limits := pace.New(r.opts.RPS, int(r.opts.RPS))
	client := configservice.NewFromConfig(r.cfg, func(o *configservice.Options) {
		o.APIOptions = append(o.APIOptions, limits.APIOption("aggregator"))
	})
	r.opts.Progress.Add(1)
	defer r.opts.Progress.Done(1)
	names := knownNames(ctx, client)
	rep := &report{opts: r.opts, covered: map[string][]string{}}
	pages := configservice.NewDescribeAggregateComplianceByConfigRulesPaginator(client,
		&configservice.DescribeAggregateComplianceByConfigRulesInput{ConfigurationAggregatorName: aws.String(r.name)})
	for pages.HasMorePages() {
		out, err := pages.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("reading the AWS Config aggregator %s in %s (config "+
				"DescribeAggregateComplianceByConfigRules): %w", r.name, r.cfg.Region, awserr.Concise(err))
		}
		for _, c := range out.AggregateComplianceByConfigRules {
			ru := rule{account: aws.ToString(c.AccountId), region: aws.ToString(c.AwsRegion),
				name: aws.ToString(c.ConfigRuleName), compliance: insufficientData}
			if !r.wants(ru.account, ru.region) {
				continue
			}
			if !slices.Contains(rep.covered[ru.account], ru.region) {
				rep.covered[ru.account] = append(rep.covered[ru.account], ru.region)
			}
			ru.identifier = identify(ru.name, names)
			if !slices.Contains(keywords, ru.identifier) {
				continue
			}
			if c.Compliance != nil {
				ru.compliance = string(c.Compliance.ComplianceType)
			}
			rep.rules = append(rep.rules, ru)
		}
	}
	r.details(ctx, client, rep.rules)
	// The accounts and Regions asked for are covered, rules or not: a
	// keyword no rule runs there is reported as for Reader.
	if len(r.accounts) > 0 && len(r.regions) > 0 {
		for _, a := range r.accounts {
			rep.covered[a] = slices.Clone(r.regions)
		}
	}
	for _, regions := range rep.covered {
		slices.Sort(regions)
	}
	return rep.findings(keywords), nil
}

// wants reports whether the account and Region are to be read.
func (r *AggregatorReader) wants(account, region string) bool {
	return (len(r.accounts) == 0 || slices.Contains(r.accounts, account)) &&
		(len(r.regions) == 0 || slices.Contains(r.regions, region))
}

// details reads the resources at fault of the non-compliant rules, a few at
// a time.
func (r *AggregatorReader) details(ctx context.Context, client *configservice.Client, rules []rule) {
	slots := make(chan struct{}, 4)
	var wg sync.WaitGroup
	for i := range rules {
		if rules[i].compliance != nonCompliant {
			continue
		}
		slots <- struct{}{}
		wg.Go(func() {
			defer func() { <-slots }()
			ru := &rules[i]
			pages := configservice.NewGetAggregateComplianceDetailsByConfigRulePaginator(client,
				&configservice.GetAggregateComplianceDetailsByConfigRuleInput{
					ConfigurationAggregatorName: aws.String(r.name),
					ConfigRuleName:              aws.String(ru.name),
					AccountId:                   aws.String(ru.account),
					AwsRegion:                   aws.String(ru.region),
					ComplianceType:              cstypes.ComplianceTypeNonCompliant,
					Limit:                       100,
				})
			for pages.HasMorePages() {
				out, err := pages.NextPage(ctx)
				if err != nil {
					ru.err = fmt.Errorf("config GetAggregateComplianceDetailsByConfigRule: %w", err)
					return
				}
				for _, e := range out.AggregateEvaluationResults {
					ru.atFault = append(ru.atFault, evaluationOf(e.EvaluationResultIdentifier,
						string(e.ComplianceType), aws.ToString(e.Annotation)))
				}
			}
		})
	}
	wg.Wait()
}

// knownNames returns the managed rule run by each rule name the
// aggregator's own account knows: its rules, and its organization rules.
// What cannot be read is left out: the names are only hints.
func knownNames(ctx context.Context, client *configservice.Client) map[string]string {
	names := map[string]string{}
	rules := configservice.NewDescribeConfigRulesPaginator(client, &configservice.DescribeConfigRulesInput{})
	for rules.HasMorePages() {
		out, err := rules.NextPage(ctx)
		if err != nil {
			break
		}
		for _, cr := range out.ConfigRules {
			if cr.Source != nil {
				if id := identifierOf(string(cr.Source.Owner), aws.ToString(cr.Source.SourceIdentifier)); id != "" {
					names[baseName(aws.ToString(cr.ConfigRuleName))] = id
				}
			}
		}
	}
	org := configservice.NewDescribeOrganizationConfigRulesPaginator(client,
		&configservice.DescribeOrganizationConfigRulesInput{})
	for org.HasMorePages() {
		out, err := org.NextPage(ctx)
		if err != nil {
			break
		}
		for _, or := range out.OrganizationConfigRules {
			if m := or.OrganizationManagedRuleMetadata; m != nil {
				names[aws.ToString(or.OrganizationConfigRuleName)] = aws.ToString(m.RuleIdentifier)
			}
		}
	}
	return names
}

var (
	packSuffix = regexp.MustCompile(`-conformance-pack-[a-z0-9]+$`)
	orgRule    = regexp.MustCompile(`^OrgConfigRule-(.+)-[a-z0-9]+$`)
)

// baseName strips what AWS adds to the name of a rule deployed for a
// conformance pack or an organization rule.
func baseName(name string) string {
	name = packSuffix.ReplaceAllString(name, "")
	if m := orgRule.FindStringSubmatch(name); m != nil {
		return m[1]
	}
	return name
}

// identify returns the managed rule a rule of the given name runs, or "".
func identify(name string, known map[string]string) string {
	base := baseName(name)
	if id, ok := known[base]; ok {
		return id
	}
	if r, ok := awsref.ConfigRuleByName(strings.ToLower(base)); ok {
		return r.Identifier
	}
	id := strings.ToUpper(strings.ReplaceAll(strings.TrimPrefix(base, "hdsctl-"), "-", "_"))
	if r, ok := awsref.LookupConfigRule(id); ok {
		return r.Identifier
	}
	return ""
}
