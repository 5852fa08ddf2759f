package sandbox

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"time"
)

// Evaluation is the result of an AWS Config rule for one resource, as tests
// and demos set it: the sandbox evaluates nothing itself, and the rules of a
// new conformance pack have no result until one is set.
type Evaluation struct {
	// Account is the account of the rule; empty means Options.AccountID.
	Account string `json:"account"`
	Region  string `json:"region"`
	// RuleName is the rule's name in the account
	// (s3-bucket-versioning-enabled-conformance-pack-abc123xyz) or its
	// ConfigRuleName in the pack's template; the latter sets the result in
	// every pack of the Region that deploys such a rule.
	RuleName     string `json:"ruleName"`
	ResourceType string `json:"resourceType"`
	ResourceID   string `json:"resourceId"`
	// Compliance is COMPLIANT, NON_COMPLIANT or NOT_APPLICABLE; empty
	// removes the result.
	Compliance string `json:"compliance"`
	Annotation string `json:"annotation,omitempty"`
}

// SetCompliance sets the result of a rule for one resource; see Evaluation.
func (s *Server) SetCompliance(account, region, ruleName, resourceType, resourceID, status string) error {
	return s.SetEvaluation(Evaluation{Account: account, Region: region, RuleName: ruleName, ResourceType: resourceType, ResourceID: resourceID, Compliance: status})
}

// SetEvaluation sets the result of a rule for one resource: a rule deployed
// by a conformance pack, or a standalone rule (PutConfigRule). It fails when
// the account's Region has no such rule.
func (s *Server) SetEvaluation(ev Evaluation) error {
	if ev.Account == "" {
		ev.Account = s.opts.AccountID
	}
	switch {
	case ev.Region == "" || ev.RuleName == "" || ev.ResourceType == "" || ev.ResourceID == "":
		return fmt.Errorf("sandbox: an evaluation needs a region, a rule name, a resource type and a resource ID")
	case ev.Compliance != "" && !slices.Contains([]string{"COMPLIANT", "NON_COMPLIANT", "NOT_APPLICABLE"}, ev.Compliance):
		return fmt.Errorf("sandbox: compliance %q is not COMPLIANT, NON_COMPLIANT or NOT_APPLICABLE", ev.Compliance)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	s.advanceConfig(s.st, ev.Region, now)
	rules := findRules(s.st.region(ev.Account, ev.Region), ev.RuleName)
	if len(rules) == 0 {
		return fmt.Errorf("sandbox: account %s has no rule %s in %s, neither standalone nor deployed by a completed conformance pack", ev.Account, ev.RuleName, ev.Region)
	}
	key := ev.ResourceType + "/" + ev.ResourceID
	for _, r := range rules {
		if ev.Compliance == "" {
			delete(r.Evaluations, key)
			continue
		}
		if r.Evaluations == nil {
			r.Evaluations = map[string]*evaluation{}
		}
		r.Evaluations[key] = &evaluation{ResourceType: ev.ResourceType, ResourceID: ev.ResourceID, Compliance: ev.Compliance, Annotation: ev.Annotation, Recorded: epoch(now)}
	}
	return s.saveLocked()
}

// findRules returns the rules of a Region's packs with that name in the
// account or in their template, and the standalone rule of that name.
func findRules(rs *regionState, name string) []*packRule {
	var out []*packRule
	for _, p := range rs.Packs {
		for _, r := range p.Rules {
			if r.Name == name || r.TemplateName == name {
				out = append(out, r)
			}
		}
	}
	if r, ok := rs.ConfigRules[name]; ok {
		out = append(out, &r.packRule)
	}
	return out
}

// ruleCompliance sums up a rule's results: NON_COMPLIANT when a resource is,
// COMPLIANT when some are and none is not, INSUFFICIENT_DATA without a
// result that counts.
func ruleCompliance(r *packRule) string {
	out := "INSUFFICIENT_DATA"
	for _, ev := range r.Evaluations {
		switch ev.Compliance {
		case "NON_COMPLIANT":
			return "NON_COMPLIANT"
		case "COMPLIANT":
			out = "COMPLIANT"
		}
	}
	return out
}

// packCompliance sums up a pack's rules the same way.
func packCompliance(p *conformancePack) string {
	out := "INSUFFICIENT_DATA"
	for _, r := range p.Rules {
		switch ruleCompliance(r) {
		case "NON_COMPLIANT":
			return "NON_COMPLIANT"
		case "COMPLIANT":
			out = "COMPLIANT"
		}
	}
	return out
}

// packScore is the pack's compliance score: the share of compliant
// rule-resource results among compliant and non-compliant ones, in percent.
func packScore(p *conformancePack) string {
	compliant, total := 0, 0
	for _, r := range p.Rules {
		for _, ev := range r.Evaluations {
			switch ev.Compliance {
			case "COMPLIANT":
				compliant++
				total++
			case "NON_COMPLIANT":
				total++
			}
		}
	}
	if total == 0 {
		return "INSUFFICIENT_DATA"
	}
	score := float64(compliant) * 100 / float64(total)
	return strconv.FormatFloat(float64(int(score*100+0.5))/100, 'f', -1, 64)
}

// lookupPackRules finds a pack and checks the rule names of a filter.
func lookupPackRules(c *call, name string, ruleNames []string) (*conformancePack, *apiError) {
	p, ok := c.st.region(c.account, c.region).Packs[name]
	if !ok {
		return nil, cfgError("NoSuchConformancePackException", "The conformance pack %s does not exist.", name)
	}
	for _, rn := range ruleNames {
		if !slices.ContainsFunc(p.Rules, func(r *packRule) bool { return r.Name == rn }) {
			return nil, cfgError("NoSuchConfigRuleInConformancePackException", "The conformance pack %s has no rule %s.", name, rn)
		}
	}
	return p, nil
}

func sortedRules(p *conformancePack) []*packRule {
	rules := slices.Clone(p.Rules)
	sort.Slice(rules, func(i, j int) bool { return rules[i].Name < rules[j].Name })
	return rules
}

func (s *Server) cfgDescribeConformancePackCompliance(c *call) (any, error) {
	var req struct {
		Name    *string `json:"ConformancePackName"`
		Filters *struct {
			ConfigRuleNames []string `json:"ConfigRuleNames"`
			ComplianceType  string   `json:"ComplianceType"`
		} `json:"Filters"`
		Limit     int    `json:"Limit"`
		NextToken string `json:"NextToken"`
	}
	if err := cfgDecode(c, &req); err != nil {
		return nil, err
	}
	var v validationError
	v.reqStr("conformancePackName", req.Name, 1, 256, cfgPackNameRe, cfgPackNameShown)
	limit := cfgPageLimit(&v, req.Limit, 1000)
	var ruleNames []string
	compliance := ""
	if f := req.Filters; f != nil {
		v.count("filters.configRuleNames", len(f.ConfigRuleNames), 0, 10)
		if f.ComplianceType != "" {
			v.enum("filters.complianceType", f.ComplianceType, "COMPLIANT", "NON_COMPLIANT", "INSUFFICIENT_DATA")
		}
		ruleNames, compliance = f.ConfigRuleNames, f.ComplianceType
	}
	if err := cfgValidation(&v); err != nil {
		return nil, err
	}
	p, err := lookupPackRules(c, *req.Name, ruleNames)
	if err != nil {
		return nil, err
	}
	var all []*packRule
	for _, r := range sortedRules(p) {
		if (len(ruleNames) == 0 || slices.Contains(ruleNames, r.Name)) && (compliance == "" || ruleCompliance(r) == compliance) {
			all = append(all, r)
		}
	}
	items, next, err := cfgPage(all, func(r *packRule) string { return r.Name }, req.NextToken, limit)
	if err != nil {
		return nil, err
	}
	list := make([]map[string]any, len(items))
	for i, r := range items {
		list[i] = map[string]any{"ConfigRuleName": r.Name, "ComplianceType": ruleCompliance(r), "Controls": []string{}}
	}
	out := cfgList("ConformancePackRuleComplianceList", list, next)
	out["ConformancePackName"] = p.Name
	return out, nil
}

func (s *Server) cfgGetConformancePackComplianceDetails(c *call) (any, error) {
	var req struct {
		Name    *string `json:"ConformancePackName"`
		Filters *struct {
			ConfigRuleNames []string `json:"ConfigRuleNames"`
			ComplianceType  string   `json:"ComplianceType"`
			ResourceType    *string  `json:"ResourceType"`
			ResourceIDs     []string `json:"ResourceIds"`
		} `json:"Filters"`
		Limit     int    `json:"Limit"`
		NextToken string `json:"NextToken"`
	}
	if err := cfgDecode(c, &req); err != nil {
		return nil, err
	}
	var v validationError
	v.reqStr("conformancePackName", req.Name, 1, 256, cfgPackNameRe, cfgPackNameShown)
	limit := cfgPageLimit(&v, req.Limit, 100)
	f := req.Filters
	if f == nil {
		f = &struct {
			ConfigRuleNames []string `json:"ConfigRuleNames"`
			ComplianceType  string   `json:"ComplianceType"`
			ResourceType    *string  `json:"ResourceType"`
			ResourceIDs     []string `json:"ResourceIds"`
		}{}
	}
	v.count("filters.configRuleNames", len(f.ConfigRuleNames), 0, 10)
	if f.ComplianceType != "" {
		v.enum("filters.complianceType", f.ComplianceType, "COMPLIANT", "NON_COMPLIANT")
	}
	v.str("filters.resourceType", f.ResourceType, 1, 256, nil, "")
	v.count("filters.resourceIds", len(f.ResourceIDs), 0, 5)
	if len(f.ResourceIDs) > 0 && f.ResourceType == nil {
		v.add("filters.resourceIds", "Filtering by resource IDs needs a resource type")
	}
	if err := cfgValidation(&v); err != nil {
		return nil, err
	}
	p, err := lookupPackRules(c, *req.Name, f.ConfigRuleNames)
	if err != nil {
		return nil, err
	}
	type result struct {
		rule *packRule
		ev   *evaluation
	}
	var all []result
	for _, r := range sortedRules(p) {
		if len(f.ConfigRuleNames) > 0 && !slices.Contains(f.ConfigRuleNames, r.Name) {
			continue
		}
		for _, ev := range r.Evaluations {
			switch {
			case ev.Compliance != "COMPLIANT" && ev.Compliance != "NON_COMPLIANT":
			case f.ComplianceType != "" && ev.Compliance != f.ComplianceType:
			case f.ResourceType != nil && ev.ResourceType != *f.ResourceType:
			case len(f.ResourceIDs) > 0 && !slices.Contains(f.ResourceIDs, ev.ResourceID):
			default:
				all = append(all, result{r, ev})
			}
		}
	}
	key := func(res result) string {
		return res.rule.Name + "\x00" + res.ev.ResourceType + "\x00" + res.ev.ResourceID
	}
	sort.Slice(all, func(i, j int) bool { return key(all[i]) < key(all[j]) })
	items, next, err := cfgPage(all, key, req.NextToken, limit)
	if err != nil {
		return nil, err
	}
	list := make([]map[string]any, len(items))
	for i, res := range items {
		d := map[string]any{
			"ComplianceType": res.ev.Compliance,
			"EvaluationResultIdentifier": map[string]any{
				"EvaluationResultQualifier": map[string]any{
					"ConfigRuleName": res.rule.Name,
					"ResourceType":   res.ev.ResourceType,
					"ResourceId":     res.ev.ResourceID,
					"EvaluationMode": "DETECTIVE",
				},
				"OrderingTimestamp": res.ev.Recorded,
			},
			"ConfigRuleInvokedTime": res.ev.Recorded,
			"ResultRecordedTime":    res.ev.Recorded,
		}
		if res.ev.Annotation != "" {
			d["Annotation"] = res.ev.Annotation
		}
		list[i] = d
	}
	out := cfgList("ConformancePackRuleEvaluationResults", list, next)
	out["ConformancePackName"] = p.Name
	return out, nil
}

func (s *Server) cfgGetConformancePackComplianceSummary(c *call) (any, error) {
	var req packListRequest
	if err := cfgDecode(c, &req); err != nil {
		return nil, err
	}
	var v validationError
	v.count("conformancePackNames", len(req.Names), 1, 5)
	limit := cfgPageLimit(&v, req.Limit, 20)
	if err := cfgValidation(&v); err != nil {
		return nil, err
	}
	packs, err := selectPacks(c.st.region(c.account, c.region), req.Names)
	if err != nil {
		return nil, err
	}
	items, next, err := cfgPage(packs, packKey, req.NextToken, limit)
	if err != nil {
		return nil, err
	}
	list := make([]map[string]string, len(items))
	for i, p := range items {
		list[i] = map[string]string{"ConformancePackName": p.Name, "ConformancePackComplianceStatus": packCompliance(p)}
	}
	return cfgList("ConformancePackComplianceSummaryList", list, next), nil
}

func (s *Server) cfgListConformancePackComplianceScores(c *call) (any, error) {
	var req struct {
		Filters *struct {
			Names []string `json:"ConformancePackNames"`
		} `json:"Filters"`
		SortOrder string `json:"SortOrder"`
		SortBy    string `json:"SortBy"`
		Limit     int    `json:"Limit"`
		NextToken string `json:"NextToken"`
	}
	if err := cfgDecode(c, &req); err != nil {
		return nil, err
	}
	var v validationError
	limit := cfgPageLimit(&v, req.Limit, 20)
	var names []string
	if req.Filters != nil {
		names = req.Filters.Names
		v.count("filters.conformancePackNames", len(names), 1, 25)
	}
	if req.SortOrder != "" {
		v.enum("sortOrder", req.SortOrder, "ASCENDING", "DESCENDING")
	}
	if req.SortBy != "" {
		v.enum("sortBy", req.SortBy, "SCORE")
	}
	if err := cfgValidation(&v); err != nil {
		return nil, err
	}
	rs := c.st.region(c.account, c.region)
	var packs []*conformancePack
	for _, p := range rs.Packs {
		if len(names) == 0 || slices.Contains(names, p.Name) {
			packs = append(packs, p)
		}
	}
	sortKey := func(p *conformancePack) string { return p.Name }
	if req.SortBy == "SCORE" {
		sortKey = func(p *conformancePack) string {
			score, err := strconv.ParseFloat(packScore(p), 64)
			if err != nil {
				score = -1 // INSUFFICIENT_DATA sorts first
			}
			return fmt.Sprintf("%08.2f/%s", score+1, p.Name)
		}
	}
	sort.Slice(packs, func(i, j int) bool { return sortKey(packs[i]) < sortKey(packs[j]) })
	if req.SortOrder == "DESCENDING" {
		slices.Reverse(packs)
	}
	// Page by position in this order: AWS's token is as opaque.
	type indexed struct {
		i int
		p *conformancePack
	}
	all := make([]indexed, len(packs))
	for i, p := range packs {
		all[i] = indexed{i, p}
	}
	items, next, err := cfgPage(all, func(x indexed) string { return fmt.Sprintf("%06d", x.i) }, req.NextToken, limit)
	if err != nil {
		return nil, err
	}
	list := make([]map[string]any, len(items))
	for i, x := range items {
		updated := x.p.LastUpdateRequested
		for _, r := range x.p.Rules {
			for _, ev := range r.Evaluations {
				if ev.Recorded.time().After(updated.time()) {
					updated = ev.Recorded
				}
			}
		}
		list[i] = map[string]any{"ConformancePackName": x.p.Name, "Score": packScore(x.p), "LastUpdatedTime": updated}
	}
	return cfgList("ConformancePackComplianceScores", list, next), nil
}
