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
	if iamOnly(k) {
		out = oncePerResource(out)
	}
	for _, fe := range r.failed {
		f := results.Finding{
			Resource: accountResource(fe.account), Account: fe.account, Region: fe.region,
			Status: results.Error, Source: source,
		}
		f.Say(results.Sayf(
			"could not read the AWS Config rules running %s: config %s failed: %v; "+
				"allow hdsctl's identity config:Describe* and config:Get* "+
				"(the ReadOnlyAccess managed policy does), and make sure the Region is enabled",
			"Impossible de lire les règles AWS Config qui exécutent %s : l'appel config %s a échoué : %v ; "+
				"accordez à l'identité de hdsctl les autorisations config:Describe* et config:Get* "+
				"(la politique gérée ReadOnlyAccess les accorde), et vérifiez que la Région est activée",
			k, fe.operation, awserr.Concise(fe.err)))
		out = append(out, f)
	}
	for _, account := range sortedKeys(r.covered) {
		regions := r.covered[account]
		have := deployed[account]
		switch {
		case len(regions) == 0:
		case len(have) == 0:
			f := results.Finding{
				Resource: accountResource(account), Account: account, Status: results.Error, Source: source,
			}
			f.Say(results.Sayf(
				"no AWS Config rule runs the managed rule %[1]s in this account, in the Regions read (%[2]s), "+
					"so nothing evaluates it: deploy the framework's rules with "+
					"hdsctl apply %[3]s --target config (AWS Config must be recording there), "+
					"or deploy %[1]s yourself",
				"Aucune règle AWS Config n'exécute la règle gérée %[1]s dans ce compte, "+
					"dans les Régions lues (%[2]s), si bien que rien ne l'évalue : déployez les règles "+
					"du référentiel avec hdsctl apply %[3]s --target config (l'enregistreur de configuration "+
					"AWS Config doit y être démarré), ou déployez vous-même %[1]s",
				k, strings.Join(regions, ", "), r.opts.Framework))
			out = append(out, f)
		case len(have) < len(regions) && regional(k):
			var missing []string
			for _, region := range regions {
				if !slices.Contains(have, region) {
					missing = append(missing, region)
				}
			}
			f := results.Finding{
				Resource: accountResource(account), Account: account, Status: results.Manual, Source: source,
			}
			f.Say(results.Sayf(
				"the managed rule %[1]s runs in %[2]s but not in %[3]s, where the resources it checks "+
					"are not evaluated: deploy it there (hdsctl apply %[4]s --target config --regions %[5]s), "+
					"or keep such resources out of those Regions",
				"La règle gérée %[1]s s'exécute dans %[2]s mais pas dans %[3]s, où les ressources "+
					"qu'elle vérifie ne sont pas évaluées : déployez-la dans ces Régions "+
					"(hdsctl apply %[4]s --target config --regions %[5]s), ou n'y placez pas de telles ressources",
				k, strings.Join(have, ", "), strings.Join(missing, ", "), r.opts.Framework,
				strings.Join(missing, ",")))
			out = append(out, f)
		}
	}
	sortFindings(out)
	return out
}

// ruleFindings returns the findings of one rule.
func ruleFindings(ru rule, source string) []results.Finding {
	base := results.Finding{Resource: ruleResource(ru), Account: ru.account, Region: ru.region, Source: source}
	if ru.err != nil {
		base.Status = results.Error
		base.Say(results.Sayf(
			"could not read the compliance of AWS Config rule %s (%s): %v; "+
				"allow hdsctl's identity config:Get* and config:Describe*, then assess again",
			"Impossible de lire la conformité de la règle AWS Config %s (%s) : %v ; accordez à l'identité "+
				"de hdsctl les autorisations config:Get* et config:Describe*, puis relancez l'évaluation",
			ru.name, ru.identifier, awserr.Concise(ru.err)))
		return []results.Finding{base}
	}
	switch ru.compliance {
	case compliant:
		base.Status = results.Pass
		base.Say(results.Sayf(
			"AWS Config rule %s (%s) finds every resource it evaluates compliant",
			"La règle AWS Config %s (%s) juge conformes toutes les ressources qu'elle évalue",
			ru.name, ru.identifier))
		return []results.Finding{base}
	case nonCompliant:
		if len(ru.atFault) == 0 {
			base.Status = results.Fail
			base.Say(results.Sayf(
				"AWS Config rule %s (%s) is non-compliant; AWS Config listed no resource at fault: "+
					"see the rule in the AWS Config console",
				"La règle AWS Config %s (%s) est non conforme ; AWS Config n'a indiqué aucune ressource "+
					"en cause : consultez la règle dans la console AWS Config",
				ru.name, ru.identifier))
			return []results.Finding{base}
		}
		var out []results.Finding
		for _, e := range ru.atFault {
			f := base
			f.Resource = resourceName(ru.region, e.resourceType, e.resourceID)
			f.Status = results.Fail
			f.Say(faultMessage(ru, e))
			out = append(out, f)
		}
		return out
	}
	base.Status = results.Manual
	base.Say(results.Sayf(
		"AWS Config rule %[1]s (%[2]s) has no current result (%[3]s): no resource it checks exists here, "+
			"or the rule has not run yet (aws configservice describe-config-rule-evaluation-status "+
			"--config-rule-names %[1]s); it decides nothing until it has",
		"La règle AWS Config %[1]s (%[2]s) n'a pas de résultat actuel (%[3]s) : aucune ressource "+
			"qu'elle vérifie n'existe ici, ou elle ne s'est pas encore exécutée "+
			"(aws configservice describe-config-rule-evaluation-status --config-rule-names %[1]s) ; "+
			"d'ici là, elle ne permet de rien conclure",
		ru.name, ru.identifier, cmp.Or(ru.compliance, insufficientData)))
	return []results.Finding{base}
}

// faultMessage says that a rule found a resource non-compliant, with AWS
// Config's annotation as AWS gives it.
func faultMessage(ru rule, e evaluation) framework.Text {
	m := results.Sayf(
		"AWS Config rule %s (%s) evaluates %s %s as NON_COMPLIANT",
		"La règle AWS Config %s (%s) évalue la ressource %s %s comme NON_COMPLIANT",
		ru.name, ru.identifier, e.resourceType, e.resourceID)
	if e.annotation != "" {
		note := strings.TrimSuffix(e.annotation, ".")
		m.EN += ": " + note
		m.FR += " : " + note
	}
	m.EN += "; fix the resource, or see the rule's documentation for what it checks"
	m.FR += " ; corrigez la ressource, ou voyez dans la documentation de la règle ce qu'elle vérifie"
	return m
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

// iamAccountRules are the managed rules that judge an account's IAM
// settings (its password policy, its root user) rather than a resource of
// a Region.
var iamAccountRules = map[string]bool{
	"IAM_PASSWORD_POLICY":               true,
	"IAM_ROOT_ACCESS_KEY_CHECK":         true,
	"ROOT_ACCOUNT_MFA_ENABLED":          true,
	"ROOT_ACCOUNT_HARDWARE_MFA_ENABLED": true,
}

// iamOnly reports whether a managed rule judges IAM alone. IAM is global: a
// rule deployed in several Regions, as conformance packs deploy it, judges
// the same user or account in each.
func iamOnly(identifier string) bool {
	if iamAccountRules[identifier] {
		return true
	}
	r, ok := awsref.LookupConfigRule(identifier)
	if !ok || len(r.ResourceTypes) == 0 {
		return false
	}
	for _, t := range r.ResourceTypes {
		if !strings.HasPrefix(t, "AWS::IAM::") {
			return false
		}
	}
	return true
}

// oncePerResource keeps one failure per account and resource of a rule
// judging IAM, the first in the findings' order, so that a user without
// MFA fails once rather than once per Region. The other findings, about the
// rules themselves, stay as they are.
func oncePerResource(findings []results.Finding) []results.Finding {
	sortFindings(findings)
	type key struct{ account, resource string }
	seen := map[key]bool{}
	out := findings[:0]
	for _, f := range findings {
		if f.Status == results.Fail {
			k := key{f.Account, f.Resource}
			if seen[k] {
				continue
			}
			seen[k] = true
		}
		out = append(out, f)
	}
	return out
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
