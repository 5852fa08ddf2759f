package configrules

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	cstypes "github.com/aws/aws-sdk-go-v2/service/configservice/types"

	"github.com/hdsctl/hdsctl/assess/estate"
	"github.com/hdsctl/hdsctl/internal/pace"
	"github.com/hdsctl/hdsctl/results"
)

// Reader reads Config rule compliance in every account and Region of an
// estate. It implements assess.Collector; see the package documentation for
// what it reads and the findings it gives.
type Reader struct {
	accounts []estate.Account
	regions  []string
	opts     Options
}

// New returns a reader of the given accounts, in the given Regions.
func New(accounts []estate.Account, regions []string, opts Options) *Reader {
	opts.defaults()
	return &Reader{accounts: accounts, regions: slices.Clone(regions), opts: opts}
}

// maxRuleNames is how many rule names DescribeComplianceByConfigRule takes
// at once.
const maxRuleNames = 25

// Collect reads the rules running the managed rules named by keywords. It
// returns an error only when ctx ends.
func (r *Reader) Collect(ctx context.Context, keywords []string) (map[string][]results.Finding, error) {
	rep := &report{opts: r.opts, covered: map[string][]string{}}
	limits := pace.New(r.opts.RPS, int(r.opts.RPS))
	var mu sync.Mutex
	estate.ForEachRegion(r.accounts, r.regions, r.opts.Accounts, r.opts.Progress,
		func(a estate.Account, region string) {
			rules, fail := readRegion(ctx, a, region, keywords, limits)
			mu.Lock()
			defer mu.Unlock()
			if fail != nil {
				rep.failed = append(rep.failed, *fail)
				return
			}
			rep.rules = append(rep.rules, rules...)
			rep.covered[a.ID] = append(rep.covered[a.ID], region)
		})
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("reading AWS Config rules: %w", err)
	}
	for _, regions := range rep.covered {
		slices.Sort(regions)
	}
	return rep.findings(keywords), nil
}

// readRegion reads the rules of one account and Region that run one of
// keywords, with their compliance.
func readRegion(ctx context.Context, a estate.Account, region string, keywords []string, limits *pace.Limits,
) ([]rule, *regionError) {
	client := configservice.NewFromConfig(a.Config, func(o *configservice.Options) {
		o.Region = region
		o.APIOptions = append(o.APIOptions, limits.APIOption(a.ID+"/"+region))
	})
	var rules []rule
	pages := configservice.NewDescribeConfigRulesPaginator(client, &configservice.DescribeConfigRulesInput{})
	for pages.HasMorePages() {
		out, err := pages.NextPage(ctx)
		if err != nil {
			return nil, &regionError{account: a.ID, region: region, operation: "DescribeConfigRules", err: err}
		}
		for _, cr := range out.ConfigRules {
			if cr.Source == nil || cr.ConfigRuleState == cstypes.ConfigRuleStateDeleting {
				continue
			}
			id := identifierOf(string(cr.Source.Owner), aws.ToString(cr.Source.SourceIdentifier))
			if slices.Contains(keywords, id) {
				rules = append(rules, rule{account: a.ID, region: region, name: aws.ToString(cr.ConfigRuleName), identifier: id})
			}
		}
	}
	if err := compliance(ctx, client, rules); err != nil {
		return nil, &regionError{account: a.ID, region: region, operation: "DescribeComplianceByConfigRule", err: err}
	}
	for i := range rules {
		if rules[i].compliance == nonCompliant {
			rules[i].atFault, rules[i].err = atFault(ctx, client, rules[i].name)
		}
	}
	return rules, nil
}

// compliance reads the compliance of each rule, 25 rules a call. A rule
// AWS Config says nothing about has no result.
func compliance(ctx context.Context, client *configservice.Client, rules []rule) error {
	byName := map[string]*rule{}
	var names []string
	for i := range rules {
		rules[i].compliance = insufficientData
		byName[rules[i].name] = &rules[i]
		names = append(names, rules[i].name)
	}
	for batch := range slices.Chunk(names, maxRuleNames) {
		pages := configservice.NewDescribeComplianceByConfigRulePaginator(client,
			&configservice.DescribeComplianceByConfigRuleInput{ConfigRuleNames: batch})
		for pages.HasMorePages() {
			out, err := pages.NextPage(ctx)
			if err != nil {
				return err
			}
			for _, c := range out.ComplianceByConfigRules {
				if ru := byName[aws.ToString(c.ConfigRuleName)]; ru != nil && c.Compliance != nil {
					ru.compliance = string(c.Compliance.ComplianceType)
				}
			}
		}
	}
	return nil
}

// atFault lists the resources a rule finds non-compliant.
func atFault(ctx context.Context, client *configservice.Client, name string) ([]evaluation, error) {
	var out []evaluation
	pages := configservice.NewGetComplianceDetailsByConfigRulePaginator(client,
		&configservice.GetComplianceDetailsByConfigRuleInput{
			ConfigRuleName:  aws.String(name),
			ComplianceTypes: []cstypes.ComplianceType{cstypes.ComplianceTypeNonCompliant},
			Limit:           100,
		})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("config GetComplianceDetailsByConfigRule: %w", err)
		}
		for _, e := range page.EvaluationResults {
			out = append(out, evaluationOf(e.EvaluationResultIdentifier, string(e.ComplianceType), aws.ToString(e.Annotation)))
		}
	}
	return out, nil
}

func evaluationOf(id *cstypes.EvaluationResultIdentifier, compliance, annotation string) evaluation {
	e := evaluation{compliance: compliance, annotation: annotation}
	if id != nil && id.EvaluationResultQualifier != nil {
		e.resourceType = aws.ToString(id.EvaluationResultQualifier.ResourceType)
		e.resourceID = aws.ToString(id.EvaluationResultQualifier.ResourceId)
	}
	return e
}
