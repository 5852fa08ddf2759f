package awsref

import (
	"sort"
	"strings"
	"sync"
)

// ConfigRule is an AWS Config managed rule, named by its source identifier.
type ConfigRule struct {
	// Identifier is the rule's source identifier, the value Audit Manager and
	// conformance packs expect (INCOMING_SSH_DISABLED, not restricted-ssh).
	Identifier string
	// Name is the rule's documented name (restricted-ssh).
	Name string
	// AuditManager reports whether Audit Manager accepts the identifier as an
	// AWS_Config keyword.
	AuditManager bool
	// ResourceTypes lists the AWS::Service::Type values the rule evaluates.
	ResourceTypes []string
	// Parameters lists the rule's input parameters.
	Parameters []RuleParameter
	// PackScope lists the resource types AWS's own sample conformance packs
	// most often scope the rule to (ComplianceResourceTypes). It is empty for
	// rules those packs leave unscoped, periodic rules for the most part, and
	// for rules they do not deploy.
	PackScope []string
}

// RuleParameter is an input parameter of a managed rule.
type RuleParameter struct {
	Name     string
	Type     string
	Default  string
	Optional bool
}

// SecurityHubControl is a Security Hub CSPM security control.
type SecurityHubControl struct {
	// ID is the control ID as AWS spells it (S3.1, Autoscaling.5).
	ID       string
	Title    string
	Severity string
	// FSBP reports whether the control is part of the AWS Foundational
	// Security Best Practices standard, whose IDs Audit Manager accepts as
	// AWS_Security_Hub keywords.
	FSBP bool
	// ConfigRules lists the identifiers of the Config rules behind the control.
	ConfigRules []string
	// Aliases lists other spellings seen in the wild (AutoScaling.5).
	Aliases []string
}

// APICallKeyword is an AWS_API_Call keyword that Audit Manager accepts.
type APICallKeyword struct {
	Keyword   string // iam_GetAccountPasswordPolicy
	Service   string // iam
	Operation string // GetAccountPasswordPolicy
}

// Region is an AWS Region and where its data is stored.
type Region struct {
	Code      string
	Name      string
	Partition string
	Country   string
	// EEA reports whether the Region stores data inside the European Economic
	// Area, as HDS requirement EXI 28 demands.
	EEA bool
	EU  bool
	// OptIn reports whether an account must enable the Region before use.
	OptIn bool
}

var (
	indexOnce    sync.Once
	ruleIndex    map[string]*ConfigRule
	ruleByName   map[string]*ConfigRule
	hubIndex     map[string]*SecurityHubControl
	apiCallIndex map[string]bool
	regionIndex  map[string]*Region
)

func buildIndexes() {
	ruleIndex = make(map[string]*ConfigRule, len(configRules))
	ruleByName = make(map[string]*ConfigRule, len(configRules))
	for i := range configRules {
		r := &configRules[i]
		ruleIndex[r.Identifier] = r
		ruleByName[r.Name] = r
	}
	hubIndex = make(map[string]*SecurityHubControl, len(securityHubControls))
	for i := range securityHubControls {
		c := &securityHubControls[i]
		hubIndex[c.ID] = c
	}
	apiCallIndex = make(map[string]bool, len(apiCallKeywords))
	for _, k := range apiCallKeywords {
		apiCallIndex[k.Keyword] = true
	}
	regionIndex = make(map[string]*Region, len(regions))
	for i := range regions {
		regionIndex[regions[i].Code] = &regions[i]
	}
}

// LookupConfigRule returns the managed rule with the given source identifier.
func LookupConfigRule(identifier string) (ConfigRule, bool) {
	indexOnce.Do(buildIndexes)
	r, ok := ruleIndex[identifier]
	if !ok {
		return ConfigRule{}, false
	}
	return *r, true
}

// ConfigRuleByName returns the managed rule whose documented name is name
// (restricted-ssh), so that a message can name the identifier to use instead.
func ConfigRuleByName(name string) (ConfigRule, bool) {
	indexOnce.Do(buildIndexes)
	r, ok := ruleByName[strings.ToLower(name)]
	if !ok {
		return ConfigRule{}, false
	}
	return *r, true
}

// ConfigRules returns every managed rule, sorted by identifier.
func ConfigRules() []ConfigRule { return append([]ConfigRule(nil), configRules...) }

// LookupSecurityHubControl returns the Security Hub control with the given ID.
func LookupSecurityHubControl(id string) (SecurityHubControl, bool) {
	indexOnce.Do(buildIndexes)
	c, ok := hubIndex[id]
	if !ok {
		return SecurityHubControl{}, false
	}
	return *c, true
}

// SecurityHubControls returns every Security Hub control, sorted by ID.
func SecurityHubControls() []SecurityHubControl {
	return append([]SecurityHubControl(nil), securityHubControls...)
}

// IsAPICallKeyword reports whether Audit Manager accepts keyword as an
// AWS_API_Call data source.
func IsAPICallKeyword(keyword string) bool {
	indexOnce.Do(buildIndexes)
	return apiCallIndex[keyword]
}

// APICallKeywords returns every AWS_API_Call keyword, sorted.
func APICallKeywords() []APICallKeyword { return append([]APICallKeyword(nil), apiCallKeywords...) }

// LookupRegion returns the Region with the given code.
func LookupRegion(code string) (Region, bool) {
	indexOnce.Do(buildIndexes)
	r, ok := regionIndex[code]
	if !ok {
		return Region{}, false
	}
	return *r, true
}

// Regions returns every known Region, sorted by code.
func Regions() []Region { return append([]Region(nil), regions...) }

// EEARegions returns the codes of the commercial-partition Regions that store
// data inside the European Economic Area, sorted.
func EEARegions() []string {
	var out []string
	for _, r := range regions {
		if r.EEA && r.Partition == "aws" {
			out = append(out, r.Code)
		}
	}
	sort.Strings(out)
	return out
}

// InEEA reports whether the Region stores data inside the European Economic
// Area. Unknown Regions are outside: a check must never pass on a guess.
func InEEA(code string) bool {
	r, ok := LookupRegion(code)
	return ok && r.EEA
}
