// Package configrules reads the compliance of AWS Config rules, the
// AWS_Config evidence of a framework, whose keywords are AWS Config managed
// rule identifiers (S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED).
//
// The rules are found by what they run, not by their names: every rule of
// the account whose source is the AWS-managed rule named by the keyword
// counts, whether hdsctl's conformance packs deployed it or anyone else did.
// Two readers implement assess.Collector:
//
//   - Reader visits each account and Region: config DescribeConfigRules,
//     DescribeComplianceByConfigRule, then GetComplianceDetailsByConfigRule
//     for the rules found non-compliant only;
//   - AggregatorReader reads an AWS Config aggregator in one account and
//     Region, which scales to an Organization of hundreds of accounts
//     without visiting each: DescribeAggregateComplianceByConfigRules, then
//     GetAggregateComplianceDetailsByConfigRule for the non-compliant rules.
//
// The findings follow one rule. A non-compliant rule gives a FAIL finding per
// resource it found at fault, with AWS Config's annotation. A compliant rule
// gives one PASS finding per account and Region. A rule with no current
// result (INSUFFICIENT_DATA: no resource in its scope, or not evaluated yet)
// gives a MANUAL finding, which judges nothing. A keyword no rule runs in an
// account gives an ERROR finding that says how to deploy it (hdsctl apply
// FRAMEWORK --target config); one deployed in some Regions only, for a rule
// over regional resources, adds a MANUAL finding naming the Regions left
// uncovered. A call that fails gives an ERROR finding naming the account,
// Region, call and error.
package configrules

import (
	"cmp"
	"fmt"
	"log/slog"
	"slices"
	"strings"

	"github.com/hdsctl/hdsctl/assess/estate"
	"github.com/hdsctl/hdsctl/awsref"
	"github.com/hdsctl/hdsctl/framework"
	"github.com/hdsctl/hdsctl/internal/awserr"
	"github.com/hdsctl/hdsctl/results"
)

// Options tunes the readers.
type Options struct {
	// Framework is the ID of the framework assessed, named in the advice to
	// deploy missing rules.
	Framework string
	// Accounts is how many accounts Reader reads at once; 4 when zero.
	Accounts int
	// RPS bounds the requests per second to AWS Config in each account and
	// Region; 10 when zero. AWS throttles some compliance calls lower, and
	// the SDK retries what it throttles.
	RPS float64
	// Progress counts one unit per account; nil counts nothing.
	Progress estate.Progress
	Logger   *slog.Logger
}

func (o *Options) defaults() {
	if o.Accounts <= 0 {
		o.Accounts = 4
	}
	if o.RPS <= 0 {
		o.RPS = 10
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Progress == nil {
		o.Progress = estate.NoProgress{}
	}
	if o.Framework == "" {
		o.Framework = "FRAMEWORK"
	}
}

// The compliance types of AWS Config.
const (
	compliant        = "COMPLIANT"
	nonCompliant     = "NON_COMPLIANT"
	insufficientData = "INSUFFICIENT_DATA"
	notApplicable    = "NOT_APPLICABLE"
)

// rule is one deployed rule running a managed rule, in one account and
// Region, with its compliance.
type rule struct {
	account, region string
	name            string
	identifier      string
	compliance      string
	// atFault are the resources a non-compliant rule found at fault.
	atFault []evaluation
	// err is why the compliance could not be read.
	err error
}

// evaluation is a rule's result for one resource.
type evaluation struct {
	resourceType, resourceID string
	compliance               string
	annotation               string
}

// regionError is a Region where the rules of an account could not be
// listed.
type regionError struct {
	account, region, operation string
	err                        error
}

// report turns what was read into findings, by keyword.
type report struct {
	opts   Options
	rules  []rule
	failed []regionError
	// covered lists, per account, the Regions whose rules were listed.
	covered map[string][]string
}

func (r *report) findings(keywords []string) map[string][]results.Finding {
	out := make(map[string][]results.Finding, len(keywords))
	for _, k := range keywords {
		out[k] = r.keyword(k)
	}
	return out
}

// keyword returns the findings of one managed rule identifier.
func (r *report) keyword(k string) []results.Finding {
	source := string(framework.SourceConfig) + ":" + k
	var out []results.Finding
	deployed := map[string][]string{} // account -> Regions with the rule
	for _, ru := range r.rules {
		if ru.identifier != k {
			continue
		}
		if !slices.Contains(deployed[ru.account], ru.region) {
			deployed[ru.account] = append(deployed[ru.account], ru.region)
		}
		out = append(out, ruleFindings(ru, source)...)
	}
	for _, fe := range r.failed {
		out = append(out, results.Finding{
			Resource: accountResource(fe.account), Account: fe.account, Region: fe.region,
			Status: results.Error, Source: source,
			Message: fmt.Sprintf("could not read the AWS Config rules running %s: config %s failed: %v; "+
				"allow hdsctl's identity config:Describe* and config:Get* (the ReadOnlyAccess managed policy does), "+
				"and make sure the Region is enabled", k, fe.operation, awserr.Concise(fe.err)),
		})
	}
	for _, account := range sortedKeys(r.covered) {
		regions := r.covered[account]
		have := deployed[account]
		switch {
		case len(regions) == 0:
		case len(have) == 0:
			out = append(out, results.Finding{
				Resource: accountResource(account), Account: account, Status: results.Error, Source: source,
				Message: fmt.Sprintf("no AWS Config rule runs the managed rule %s in this account, in the Regions read "+
					"(%s), so nothing evaluates it: deploy the framework's rules with hdsctl apply %s --target config "+
					"(AWS Config must be recording there), or deploy %s yourself", k, strings.Join(regions, ", "),
					r.opts.Framework, k),
			})
		case len(have) < len(regions) && regional(k):
			var missing []string
			for _, region := range regions {
				if !slices.Contains(have, region) {
					missing = append(missing, region)
				}
			}
			out = append(out, results.Finding{
				Resource: accountResource(account), Account: account, Status: results.Manual, Source: source,
				Message: fmt.Sprintf("the managed rule %s runs in %s but not in %s, where the resources it checks "+
					"are not evaluated: deploy it there (hdsctl apply %s --target config --regions %s), or keep "+
					"such resources out of those Regions", k, strings.Join(have, ", "), strings.Join(missing, ", "),
					r.opts.Framework, strings.Join(missing, ",")),
			})
		}
	}
	sortFindings(out)
	return out
}

// ruleFindings returns the findings of one rule.
func ruleFindings(ru rule, source string) []results.Finding {
	what := fmt.Sprintf("AWS Config rule %s (%s)", ru.name, ru.identifier)
	base := results.Finding{Resource: ruleResource(ru), Account: ru.account, Region: ru.region, Source: source}
	if ru.err != nil {
		base.Status = results.Error
		base.Message = fmt.Sprintf("could not read the compliance of %s: %v; allow hdsctl's identity "+
			"config:Get* and config:Describe*, then assess again", what, awserr.Concise(ru.err))
		return []results.Finding{base}
	}
	switch ru.compliance {
	case compliant:
		base.Status = results.Pass
		base.Message = what + " finds every resource it evaluates compliant"
		return []results.Finding{base}
	case nonCompliant:
		if len(ru.atFault) == 0 {
			base.Status = results.Fail
			base.Message = what + " is non-compliant; AWS Config listed no resource at fault: see the rule in the AWS Config console"
			return []results.Finding{base}
		}
		var out []results.Finding
		for _, e := range ru.atFault {
			f := base
			f.Resource = resourceName(ru.region, e.resourceType, e.resourceID)
			f.Status = results.Fail
			f.Message = fmt.Sprintf("%s evaluates %s %s as NON_COMPLIANT", what, e.resourceType, e.resourceID)
			if e.annotation != "" {
				f.Message += ": " + strings.TrimSuffix(e.annotation, ".")
			}
			f.Message += "; fix the resource, or see the rule's documentation for what it checks"
			out = append(out, f)
		}
		return out
	}
	base.Status = results.Manual
	base.Message = fmt.Sprintf("%s has no current result (%s): no resource it checks exists here, or the rule "+
		"has not run yet (aws configservice describe-config-rule-evaluation-status --config-rule-names %s); "+
		"it decides nothing until it has", what, cmp.Or(ru.compliance, insufficientData), ru.name)
	return []results.Finding{base}
}

// regional reports whether a managed rule evaluates resources that live in
// a Region, so that each Region needs its own copy. Rules over IAM or over
// the account as a whole need one.
func regional(identifier string) bool {
	r, ok := awsref.LookupConfigRule(identifier)
	if !ok || len(r.ResourceTypes) == 0 {
		return false
	}
	for _, t := range r.ResourceTypes {
		if !strings.HasPrefix(t, "AWS::IAM::") && t != "AWS::::Account" {
			return true
		}
	}
	return false
}

// resourceName names an evaluated resource the way the other sources do:
// an ARN when the ID is one or S3 gives one, AWS::::Account:<id> for an
// account, else type:id.
func resourceName(region, resourceType, id string) string {
	switch {
	case strings.HasPrefix(id, "arn:"):
		return id
	case resourceType == "AWS::::Account":
		return accountResource(id)
	case resourceType == "AWS::S3::Bucket":
		return "arn:" + estate.Partition(region) + ":s3:::" + id
	}
	return resourceType + ":" + id
}

func ruleResource(ru rule) string { return "AWS::Config::ConfigRule:" + ru.name }

func accountResource(account string) string { return "AWS::::Account:" + account }

// identifierOf returns the managed rule a rule runs, from its source.
func identifierOf(owner, identifier string) string {
	if owner != "AWS" {
		return ""
	}
	return identifier
}

func sortFindings(fs []results.Finding) {
	slices.SortStableFunc(fs, func(a, b results.Finding) int {
		return cmp.Or(cmp.Compare(a.Account, b.Account), cmp.Compare(a.Region, b.Region),
			cmp.Compare(a.Resource, b.Resource))
	})
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
