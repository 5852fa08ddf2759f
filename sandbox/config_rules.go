package sandbox

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
)

// configRule is a standalone AWS Config rule: one an account put itself,
// not through a conformance pack. Its evaluations live in the embedded
// packRule, so that the compliance sums treat both kinds alike.
type configRule struct {
	packRule
	ARN             string   `json:"arn"`
	ID              string   `json:"id"`
	Description     string   `json:"description,omitempty"`
	InputParameters string   `json:"inputParameters,omitempty"`
	ResourceTypes   []string `json:"resourceTypes,omitempty"`
	Frequency       string   `json:"frequency,omitempty"`
	CreatedBy       string   `json:"createdBy,omitempty"`
}

// ConfigRule is a standalone AWS Config managed rule, as tests and the demo
// put it with PutConfigRule.
type ConfigRule struct {
	// Account is the rule's account; empty means Options.AccountID.
	Account string
	Region  string
	// Name is the rule's name, 1 to 128 characters.
	Name string
	// SourceIdentifier is the managed rule identifier, such as
	// S3_BUCKET_VERSIONING_ENABLED.
	SourceIdentifier string
	Description      string
	InputParameters  map[string]string
	// ResourceTypes is the rule's scope; empty for a periodic rule that
	// evaluates the account.
	ResourceTypes []string
	// MaximumExecutionFrequency is set for periodic rules, such as
	// TwentyFour_Hours.
	MaximumExecutionFrequency string
}

var cfgRuleNameRe = regexp.MustCompile(`.*\S.*`)

// PutConfigRule creates or replaces a standalone rule. A rule replaced with
// the same source identifier keeps its evaluations.
func (s *Server) PutConfigRule(r ConfigRule) error {
	if r.Account == "" {
		r.Account = s.opts.AccountID
	}
	return s.update(func(st *state) error { return st.putConfigRule(r) })
}

func (st *state) putConfigRule(r ConfigRule) error {
	switch {
	case r.Region == "" || r.Name == "" || r.SourceIdentifier == "":
		return fmt.Errorf("a Config rule needs a Region, a name and a source identifier")
	case len(r.Name) > 128 || !cfgRuleNameRe.MatchString(r.Name):
		return fmt.Errorf("rule name %q is not 1 to 128 characters with one that is not a space", r.Name)
	case !managedRule(r.SourceIdentifier):
		return fmt.Errorf("%s is not an AWS Config managed rule identifier", r.SourceIdentifier)
	}
	params := "{}"
	if len(r.InputParameters) > 0 {
		params = string(mustJSON(r.InputParameters))
	}
	rs := st.region(r.Account, r.Region)
	if rs.ConfigRules == nil {
		rs.ConfigRules = map[string]*configRule{}
	}
	id := "config-rule-" + stableUUID("config-rule", r.Account, r.Region, r.Name)[:6]
	rule := &configRule{
		packRule: packRule{
			Name:             r.Name,
			TemplateName:     r.Name,
			Owner:            "AWS",
			SourceIdentifier: r.SourceIdentifier,
		},
		ARN:             "arn:aws:config:" + r.Region + ":" + r.Account + ":config-rule/" + id,
		ID:              id,
		Description:     r.Description,
		InputParameters: params,
		ResourceTypes:   slices.Clone(r.ResourceTypes),
		Frequency:       r.MaximumExecutionFrequency,
	}
	if old, ok := rs.ConfigRules[r.Name]; ok && old.SourceIdentifier == r.SourceIdentifier {
		rule.Evaluations = old.Evaluations
	}
	rs.ConfigRules[r.Name] = rule
	return nil
}

// ruleView is one rule of a Region as the rule and compliance operations
// show it: a standalone rule, or a rule a conformance pack deployed.
type ruleView struct {
	*packRule
	arn, id, createdBy string
	std                *configRule // nil for a pack's rule
}

// regionRules returns every rule of an account's Region, sorted by name.
func regionRules(account, region string, rs *regionState) []ruleView {
	var out []ruleView
	for _, r := range rs.ConfigRules {
		view := ruleView{packRule: &r.packRule, arn: r.ARN, id: r.ID, createdBy: r.CreatedBy, std: r}
		out = append(out, view)
	}
	for _, p := range rs.Packs {
		for _, r := range p.Rules {
			id := "config-rule-" + stableUUID("config-rule", account, region, r.Name)[:6]
			out = append(out, ruleView{
				packRule: r,
				arn: "arn:aws:config:" + region + ":" + account +
					":config-rule/aws-service-rule/config-conforms.amazonaws.com/" + id,
				id:        id,
				createdBy: "config-conforms.amazonaws.com",
			})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// lookupRules returns the rules named, or all of them; an unknown name is
// AWS's NoSuchConfigRuleException.
func lookupRules(c *call, names []string) ([]ruleView, *apiError) {
	all := regionRules(c.account, c.region, c.st.region(c.account, c.region))
	if len(names) == 0 {
		return all, nil
	}
	var out []ruleView
	for _, n := range names {
		i := slices.IndexFunc(all, func(r ruleView) bool { return r.Name == n })
		if i < 0 {
			return nil, cfgError("NoSuchConfigRuleException", "The ConfigRule '%s' provided in the request is invalid. Please check the configRule name.", n)
		}
		if !slices.ContainsFunc(out, func(r ruleView) bool { return r.Name == n }) {
			out = append(out, all[i])
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// inheritEvaluations gives a conformance pack's rule that was never
// evaluated the results of a standalone rule of its Region with the same
// managed identifier: two rules of one identifier judge the same resources
// alike, so a pack deployed over the demo account reports at once what the
// account's own rules found. It reports whether anything changed.
func inheritEvaluations(st *state) bool {
	changed := false
	for _, acct := range st.Accounts {
		for _, rs := range acct.Regions {
			if len(rs.ConfigRules) > 0 && inheritRegion(rs) {
				changed = true
			}
		}
	}
	return changed
}

func inheritRegion(rs *regionState) bool {
	changed := false
	for _, p := range rs.Packs {
		for _, r := range p.Rules {
			if r.Evaluations != nil || r.SourceIdentifier == "" {
				continue
			}
			for _, std := range rs.ConfigRules {
				if std.SourceIdentifier == r.SourceIdentifier && len(std.Evaluations) > 0 {
					r.Evaluations = cloneEvaluations(std.Evaluations)
					changed = true
					break
				}
			}
		}
	}
	return changed
}

func cloneEvaluations(in map[string]*evaluation) map[string]*evaluation {
	out := make(map[string]*evaluation, len(in))
	for k, ev := range in {
		cp := *ev
		out[k] = &cp
	}
	return out
}

// complianceSummary is the Compliance member of AWS Config's answers: the
// compliance type and, when non-compliant, how many resources are (capped
// at 100).
func complianceSummary(compliance string, nonCompliant int) map[string]any {
	out := map[string]any{"ComplianceType": compliance}
	if compliance == "NON_COMPLIANT" {
		out["ComplianceContributorCount"] = map[string]any{
			"CappedCount": min(nonCompliant, 100),
			"CapExceeded": nonCompliant > 100,
		}
	}
	return out
}

func countNonCompliant(r *packRule) int {
	n := 0
	for _, ev := range r.Evaluations {
		if ev.Compliance == "NON_COMPLIANT" {
			n++
		}
	}
	return n
}

// sortedEvaluations returns a rule's evaluations of the given compliance
// types, by resource type and ID.
func sortedEvaluations(r *packRule, types []string) []*evaluation {
	var out []*evaluation
	for _, ev := range r.Evaluations {
		if slices.Contains(types, ev.Compliance) {
			out = append(out, ev)
		}
	}
	sort.Slice(out, func(i, j int) bool { return evalKey(out[i]) < evalKey(out[j]) })
	return out
}

func evalKey(ev *evaluation) string { return ev.ResourceType + "\x00" + ev.ResourceID }

// evaluationResult renders one evaluation as an EvaluationResult.
func evaluationResult(ruleName string, ev *evaluation) map[string]any {
	out := map[string]any{
		"EvaluationResultIdentifier": map[string]any{
			"EvaluationResultQualifier": map[string]any{
				"ConfigRuleName": ruleName,
				"ResourceType":   ev.ResourceType,
				"ResourceId":     ev.ResourceID,
				"EvaluationMode": "DETECTIVE",
			},
			"OrderingTimestamp": ev.Recorded,
		},
		"ComplianceType":        ev.Compliance,
		"ResultRecordedTime":    ev.Recorded,
		"ConfigRuleInvokedTime": ev.Recorded,
	}
	if ev.Annotation != "" {
		out["Annotation"] = ev.Annotation
	}
	return out
}

// checkComplianceTypes validates a ComplianceTypes list against the values
// an operation accepts; AWS answers InvalidParameterValueException.
func checkComplianceTypes(types []string, allowed ...string) *apiError {
	var v validationError
	v.count("complianceTypes", len(types), 0, 3)
	if err := cfgValidation(&v); err != nil {
		return err
	}
	for _, t := range types {
		if !slices.Contains(allowed, t) {
			return cfgError("InvalidParameterValueException", "The compliance type %s is not valid here; use %s.", t, strings.Join(allowed, ", "))
		}
	}
	return nil
}

func checkRuleNames(v *validationError, names []string) {
	v.count("configRuleNames", len(names), 0, 25)
	for i, n := range names {
		v.str(memberName("configRuleNames", i, ""), &n, 1, 128, cfgRuleNameRe, `.*\S.*`)
	}
}

func (s *Server) cfgDescribeConfigRules(c *call) (any, error) {
	var req struct {
		Names   []string `json:"ConfigRuleNames"`
		Filters *struct {
			EvaluationMode string `json:"EvaluationMode"`
		} `json:"Filters"`
		NextToken string `json:"NextToken"`
	}
	if err := cfgDecode(c, &req); err != nil {
		return nil, err
	}
	var v validationError
	checkRuleNames(&v, req.Names)
	if req.Filters != nil && req.Filters.EvaluationMode != "" {
		v.enum("filters.evaluationMode", req.Filters.EvaluationMode, "DETECTIVE", "PROACTIVE")
	}
	if err := cfgValidation(&v); err != nil {
		return nil, err
	}
	rules, err := lookupRules(c, req.Names)
	if err != nil {
		return nil, err
	}
	if req.Filters != nil && req.Filters.EvaluationMode == "PROACTIVE" {
		rules = nil // every rule of the sandbox is detective
	}
	items, next, err := cfgPage(rules, func(r ruleView) string { return r.Name }, req.NextToken, 25)
	if err != nil {
		return nil, err
	}
	list := make([]map[string]any, len(items))
	for i, r := range items {
		list[i] = describeRule(r)
	}
	return cfgList("ConfigRules", list, next), nil
}

func describeRule(r ruleView) map[string]any {
	source := map[string]any{"Owner": r.Owner}
	if r.SourceIdentifier != "" {
		source["SourceIdentifier"] = r.SourceIdentifier
	}
	d := map[string]any{
		"ConfigRuleName":  r.Name,
		"ConfigRuleArn":   r.arn,
		"ConfigRuleId":    r.id,
		"Source":          source,
		"InputParameters": "{}",
		"ConfigRuleState": "ACTIVE",
		"EvaluationModes": []map[string]string{{"Mode": "DETECTIVE"}},
	}
	if r.createdBy != "" {
		d["CreatedBy"] = r.createdBy
	}
	if std := r.std; std != nil {
		if std.Description != "" {
			d["Description"] = std.Description
		}
		if std.InputParameters != "" {
			d["InputParameters"] = std.InputParameters
		}
		if len(std.ResourceTypes) > 0 {
			d["Scope"] = map[string]any{"ComplianceResourceTypes": std.ResourceTypes}
		}
		if std.Frequency != "" {
			d["MaximumExecutionFrequency"] = std.Frequency
		}
	}
	return d
}

func (s *Server) cfgDescribeComplianceByConfigRule(c *call) (any, error) {
	var req struct {
		Names     []string `json:"ConfigRuleNames"`
		Types     []string `json:"ComplianceTypes"`
		NextToken string   `json:"NextToken"`
	}
	if err := cfgDecode(c, &req); err != nil {
		return nil, err
	}
	var v validationError
	checkRuleNames(&v, req.Names)
	if err := cfgValidation(&v); err != nil {
		return nil, err
	}
	if err := checkComplianceTypes(req.Types, "COMPLIANT", "NON_COMPLIANT", "INSUFFICIENT_DATA"); err != nil {
		return nil, err
	}
	rules, err := lookupRules(c, req.Names)
	if err != nil {
		return nil, err
	}
	var kept []ruleView
	for _, r := range rules {
		if len(req.Types) == 0 || slices.Contains(req.Types, ruleCompliance(r.packRule)) {
			kept = append(kept, r)
		}
	}
	items, next, err := cfgPage(kept, func(r ruleView) string { return r.Name }, req.NextToken, 25)
	if err != nil {
		return nil, err
	}
	list := make([]map[string]any, len(items))
	for i, r := range items {
		list[i] = map[string]any{
			"ConfigRuleName": r.Name,
			"Compliance":     complianceSummary(ruleCompliance(r.packRule), countNonCompliant(r.packRule)),
		}
	}
	return cfgList("ComplianceByConfigRules", list, next), nil
}

func (s *Server) cfgGetComplianceDetailsByConfigRule(c *call) (any, error) {
	var req struct {
		Name      *string  `json:"ConfigRuleName"`
		Types     []string `json:"ComplianceTypes"`
		Limit     int      `json:"Limit"`
		NextToken string   `json:"NextToken"`
	}
	if err := cfgDecode(c, &req); err != nil {
		return nil, err
	}
	var v validationError
	// The API model bounds this name at 64 characters, but the rules a
	// conformance pack deploys have longer names, which AWS accepts here: the
	// sandbox checks the 128 of a rule name.
	v.reqStr("configRuleName", req.Name, 1, 128, cfgRuleNameRe, `.*\S.*`)
	limit := cfgPageLimit(&v, req.Limit, 100)
	if req.Limit == 0 {
		limit = 10 // AWS's default page for this operation
	}
	if err := cfgValidation(&v); err != nil {
		return nil, err
	}
	if err := checkComplianceTypes(req.Types, "COMPLIANT", "NON_COMPLIANT", "NOT_APPLICABLE"); err != nil {
		return nil, err
	}
	types := req.Types
	if len(types) == 0 {
		types = []string{"COMPLIANT", "NON_COMPLIANT"}
	}
	rules, err := lookupRules(c, []string{*req.Name})
	if err != nil {
		return nil, err
	}
	items, next, err := cfgPage(sortedEvaluations(rules[0].packRule, types), evalKey, req.NextToken, limit)
	if err != nil {
		return nil, err
	}
	list := make([]map[string]any, len(items))
	for i, ev := range items {
		list[i] = evaluationResult(rules[0].Name, ev)
	}
	return cfgList("EvaluationResults", list, next), nil
}

// resourceCompliance is the compliance of one resource across rules.
type resourceCompliance struct {
	resourceType, resourceID string
	compliance               string
	nonCompliant             int
}

func (s *Server) cfgDescribeComplianceByResource(c *call) (any, error) {
	var req struct {
		ResourceType *string  `json:"ResourceType"`
		ResourceID   *string  `json:"ResourceId"`
		Types        []string `json:"ComplianceTypes"`
		Limit        int      `json:"Limit"`
		NextToken    string   `json:"NextToken"`
	}
	if err := cfgDecode(c, &req); err != nil {
		return nil, err
	}
	var v validationError
	v.str("resourceType", req.ResourceType, 1, 256, nil, "")
	v.str("resourceId", req.ResourceID, 1, 768, nil, "")
	limit := cfgPageLimit(&v, req.Limit, 100)
	if err := cfgValidation(&v); err != nil {
		return nil, err
	}
	if req.ResourceID != nil && req.ResourceType == nil {
		return nil, cfgError("InvalidParameterValueException", "You must specify a resource type when you specify a resource ID.")
	}
	if err := checkComplianceTypes(req.Types, "COMPLIANT", "NON_COMPLIANT", "INSUFFICIENT_DATA"); err != nil {
		return nil, err
	}
	byResource := map[string]*resourceCompliance{}
	for _, r := range regionRules(c.account, c.region, c.st.region(c.account, c.region)) {
		for _, ev := range r.Evaluations {
			if (req.ResourceType != nil && ev.ResourceType != *req.ResourceType) ||
				(req.ResourceID != nil && ev.ResourceID != *req.ResourceID) {
				continue
			}
			rc, ok := byResource[evalKey(ev)]
			if !ok {
				rc = &resourceCompliance{ev.ResourceType, ev.ResourceID, "INSUFFICIENT_DATA", 0}
				byResource[evalKey(ev)] = rc
			}
			switch {
			case ev.Compliance == "NON_COMPLIANT":
				rc.compliance = "NON_COMPLIANT"
				rc.nonCompliant++
			case ev.Compliance == "COMPLIANT" && rc.compliance != "NON_COMPLIANT":
				rc.compliance = "COMPLIANT"
			}
		}
	}
	if req.ResourceType != nil && req.ResourceID != nil && len(byResource) == 0 {
		byResource["x"] = &resourceCompliance{*req.ResourceType, *req.ResourceID, "INSUFFICIENT_DATA", 0}
	}
	var all []*resourceCompliance
	for _, k := range slices.Sorted(maps.Keys(byResource)) {
		if rc := byResource[k]; len(req.Types) == 0 || slices.Contains(req.Types, rc.compliance) {
			all = append(all, rc)
		}
	}
	key := func(rc *resourceCompliance) string { return rc.resourceType + "\x00" + rc.resourceID }
	items, next, err := cfgPage(all, key, req.NextToken, limit)
	if err != nil {
		return nil, err
	}
	list := make([]map[string]any, len(items))
	for i, rc := range items {
		list[i] = map[string]any{
			"ResourceType": rc.resourceType,
			"ResourceId":   rc.resourceID,
			"Compliance":   complianceSummary(rc.compliance, rc.nonCompliant),
		}
	}
	return cfgList("ComplianceByResources", list, next), nil
}

// setRuleEvaluation records the result of a rule for one resource at a
// time.
func setRuleEvaluation(r *packRule, resourceType, resourceID, compliance, annotation string, at time.Time) {
	if r.Evaluations == nil {
		r.Evaluations = map[string]*evaluation{}
	}
	r.Evaluations[resourceType+"/"+resourceID] = &evaluation{
		ResourceType: resourceType, ResourceID: resourceID,
		Compliance: compliance, Annotation: annotation, Recorded: epoch(at),
	}
}
