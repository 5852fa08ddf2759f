package sandbox

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
)

// aggregator is an AWS Config configuration aggregator: it reads the
// rules, compliance and items of the accounts and Regions of its sources
// from the account and Region that owns it.
type aggregator struct {
	Name           string             `json:"name"`
	ARN            string             `json:"arn"`
	AccountSources []aggAccountSource `json:"accountSources,omitempty"`
	Org            *aggOrgSource      `json:"organizationSource,omitempty"`
	Created        epoch              `json:"created"`
	Updated        epoch              `json:"updated"`
	Tags           map[string]string  `json:"tags,omitempty"`
}

type aggAccountSource struct {
	AccountIDs []string `json:"accountIds"`
	AllRegions bool     `json:"allRegions,omitempty"`
	Regions    []string `json:"regions,omitempty"`
}

type aggOrgSource struct {
	RoleARN    string   `json:"roleArn"`
	AllRegions bool     `json:"allRegions,omitempty"`
	Regions    []string `json:"regions,omitempty"`
}

// maxAggregators is AWS Config's limit of configuration aggregators per
// account and Region (Service Limits, AWS Config Developer Guide).
const maxAggregators = 50

var cfgAggregatorNameRe = regexp.MustCompile(`^[\w\-]+$`)

// source is one account and Region an aggregator reads.
type source struct {
	account, region string
	rs              *regionState
}

// covers reports whether the aggregator reads an account's Region.
func (s *Server) covers(ag *aggregator, account, region string) bool {
	if ag.Org != nil {
		return slices.Contains(s.accounts, account) && (ag.Org.AllRegions || slices.Contains(ag.Org.Regions, region))
	}
	for _, src := range ag.AccountSources {
		if slices.Contains(src.AccountIDs, account) && (src.AllRegions || slices.Contains(src.Regions, region)) {
			return true
		}
	}
	return false
}

// sources lists the accounts and Regions an aggregator reads that hold any
// state, sorted by account and Region.
func (s *Server) sources(st *state, ag *aggregator) []source {
	var out []source
	for _, account := range slices.Sorted(maps.Keys(st.Accounts)) {
		regions := st.Accounts[account].Regions
		for _, region := range slices.Sorted(maps.Keys(regions)) {
			if s.covers(ag, account, region) {
				out = append(out, source{account, region, regions[region]})
			}
		}
	}
	return out
}

// lookupAggregator finds an aggregator of the caller's Region.
func lookupAggregator(c *call, name *string) (*aggregator, *apiError) {
	var v validationError
	v.reqStr("configurationAggregatorName", name, 1, 256, cfgAggregatorNameRe, `[\w\-]+`)
	if err := cfgValidation(&v); err != nil {
		return nil, err
	}
	ag, ok := c.st.region(c.account, c.region).Aggregators[*name]
	if !ok {
		return nil, noSuchAggregator()
	}
	return ag, nil
}

func noSuchAggregator() *apiError {
	return cfgError("NoSuchConfigurationAggregatorException", "The configuration aggregator does not exist. Check the configuration aggregator name and try again.")
}

func (s *Server) cfgPutConfigurationAggregator(c *call) (any, error) {
	var req struct {
		Name           *string `json:"ConfigurationAggregatorName"`
		AccountSources []struct {
			AccountIDs []string `json:"AccountIds"`
			AllRegions bool     `json:"AllAwsRegions"`
			Regions    []string `json:"AwsRegions"`
		} `json:"AccountAggregationSources"`
		Org *struct {
			RoleARN    *string  `json:"RoleArn"`
			AllRegions bool     `json:"AllAwsRegions"`
			Regions    []string `json:"AwsRegions"`
		} `json:"OrganizationAggregationSource"`
		Tags []tag `json:"Tags"`
	}
	if err := cfgDecode(c, &req); err != nil {
		return nil, err
	}
	var v validationError
	v.reqStr("configurationAggregatorName", req.Name, 1, 256, cfgAggregatorNameRe, `[\w\-]+`)
	v.count("accountAggregationSources", len(req.AccountSources), 0, 1)
	for i, src := range req.AccountSources {
		v.count(memberName("accountAggregationSources", i, "accountIds"), len(src.AccountIDs), 1, -1)
		for j, a := range src.AccountIDs {
			v.pattern(memberName("accountAggregationSources", i, "accountIds")+fmt.Sprintf(".%d", j+1), a, accountIDRe, `\d{12}`)
		}
	}
	if req.Org != nil {
		v.required("organizationAggregationSource.roleArn", req.Org.RoleARN != nil)
	}
	checkConfigTags(&v, "tags", req.Tags, 0)
	if err := cfgValidation(&v); err != nil {
		return nil, err
	}
	if (len(req.AccountSources) == 0) == (req.Org == nil) {
		return nil, cfgError("InvalidParameterValueException", "The configuration aggregator cannot be created because your request contains both or neither of AccountAggregationSources and OrganizationAggregationSource. Include exactly one and try again.")
	}
	ag := &aggregator{Name: *req.Name}
	for _, src := range req.AccountSources {
		if src.AllRegions == (len(src.Regions) > 0) {
			return nil, cfgError("InvalidParameterValueException", "Your request must set either AllAwsRegions or AwsRegions in AccountAggregationSources, not both.")
		}
		ag.AccountSources = append(ag.AccountSources, aggAccountSource{src.AccountIDs, src.AllRegions, src.Regions})
	}
	if o := req.Org; o != nil {
		if o.AllRegions == (len(o.Regions) > 0) {
			return nil, cfgError("InvalidParameterValueException", "Your request must set either AllAwsRegions or AwsRegions in OrganizationAggregationSource, not both.")
		}
		if c.account != s.opts.AccountID {
			return nil, cfgError("OrganizationAccessDeniedException", "An organization aggregator can be created only from the management account %s of the organization (or a delegated administrator).", s.opts.AccountID)
		}
		ag.Org = &aggOrgSource{RoleARN: *o.RoleARN, AllRegions: o.AllRegions, Regions: o.Regions}
	}
	rs := c.st.region(c.account, c.region)
	if rs.Aggregators == nil {
		rs.Aggregators = map[string]*aggregator{}
	}
	old, exists := rs.Aggregators[ag.Name]
	switch {
	case exists:
		ag.ARN, ag.Created, ag.Tags = old.ARN, old.Created, old.Tags
	case len(rs.Aggregators) >= maxAggregators:
		return nil, cfgError("LimitExceededException", "You have reached the limit of %d configuration aggregators in this account and Region.", maxAggregators)
	default:
		ag.ARN = "arn:aws:config:" + c.region + ":" + c.account + ":config-aggregator/config-aggregator-" + randomSuffix(8)
		ag.Created = epoch(c.now)
		ag.Tags = tagMap(req.Tags)
	}
	ag.Updated = epoch(c.now)
	rs.Aggregators[ag.Name] = ag
	c.mutated = true
	return map[string]any{"ConfigurationAggregator": describeAggregator(ag)}, nil
}

func describeAggregator(ag *aggregator) map[string]any {
	d := map[string]any{
		"ConfigurationAggregatorName": ag.Name,
		"ConfigurationAggregatorArn":  ag.ARN,
		"CreationTime":                ag.Created,
		"LastUpdatedTime":             ag.Updated,
	}
	if len(ag.AccountSources) > 0 {
		var list []map[string]any
		for _, src := range ag.AccountSources {
			m := map[string]any{"AccountIds": src.AccountIDs, "AllAwsRegions": src.AllRegions}
			if len(src.Regions) > 0 {
				m["AwsRegions"] = src.Regions
			}
			list = append(list, m)
		}
		d["AccountAggregationSources"] = list
	}
	if o := ag.Org; o != nil {
		m := map[string]any{"RoleArn": o.RoleARN, "AllAwsRegions": o.AllRegions}
		if len(o.Regions) > 0 {
			m["AwsRegions"] = o.Regions
		}
		d["OrganizationAggregationSource"] = m
	}
	return d
}

func (s *Server) cfgDescribeConfigurationAggregators(c *call) (any, error) {
	var req struct {
		Names     []string `json:"ConfigurationAggregatorNames"`
		Limit     int      `json:"Limit"`
		NextToken string   `json:"NextToken"`
	}
	if err := cfgDecode(c, &req); err != nil {
		return nil, err
	}
	var v validationError
	v.count("configurationAggregatorNames", len(req.Names), 0, 10)
	for i, n := range req.Names {
		v.str(memberName("configurationAggregatorNames", i, ""), &n, 1, 256, cfgAggregatorNameRe, `[\w\-]+`)
	}
	limit := cfgPageLimit(&v, req.Limit, 100)
	if err := cfgValidation(&v); err != nil {
		return nil, err
	}
	rs := c.st.region(c.account, c.region)
	var all []*aggregator
	for _, name := range slices.Sorted(maps.Keys(rs.Aggregators)) {
		if len(req.Names) == 0 || slices.Contains(req.Names, name) {
			all = append(all, rs.Aggregators[name])
		}
	}
	for _, n := range req.Names {
		if _, ok := rs.Aggregators[n]; !ok {
			return nil, noSuchAggregator()
		}
	}
	items, next, err := cfgPage(all, func(ag *aggregator) string { return ag.Name }, req.NextToken, limit)
	if err != nil {
		return nil, err
	}
	list := make([]map[string]any, len(items))
	for i, ag := range items {
		list[i] = describeAggregator(ag)
	}
	return cfgList("ConfigurationAggregators", list, next), nil
}

func (s *Server) cfgDeleteConfigurationAggregator(c *call) (any, error) {
	var req struct {
		Name *string `json:"ConfigurationAggregatorName"`
	}
	if err := cfgDecode(c, &req); err != nil {
		return nil, err
	}
	ag, err := lookupAggregator(c, req.Name)
	if err != nil {
		return nil, err
	}
	delete(c.st.region(c.account, c.region).Aggregators, ag.Name)
	c.mutated = true
	return nil, nil
}

// aggRule is one rule of one source of an aggregator.
type aggRule struct {
	source
	ruleView
}

func (r aggRule) key() string { return r.account + "/" + r.region + "/" + r.Name }

func (s *Server) cfgDescribeAggregateComplianceByConfigRules(c *call) (any, error) {
	var req struct {
		Name    *string `json:"ConfigurationAggregatorName"`
		Filters *struct {
			RuleName   *string `json:"ConfigRuleName"`
			Compliance string  `json:"ComplianceType"`
			AccountID  *string `json:"AccountId"`
			Region     *string `json:"AwsRegion"`
		} `json:"Filters"`
		Limit     int    `json:"Limit"`
		NextToken string `json:"NextToken"`
	}
	if err := cfgDecode(c, &req); err != nil {
		return nil, err
	}
	var v validationError
	limit := cfgPageLimit(&v, req.Limit, 1000)
	if f := req.Filters; f != nil {
		v.str("filters.configRuleName", f.RuleName, 1, 128, cfgRuleNameRe, `.*\S.*`)
		if f.Compliance != "" {
			v.enum("filters.complianceType", f.Compliance, "COMPLIANT", "NON_COMPLIANT", "NOT_APPLICABLE", "INSUFFICIENT_DATA")
		}
		v.str("filters.accountId", f.AccountID, 12, 12, accountIDRe, `\d{12}`)
		v.str("filters.awsRegion", f.Region, 1, 64, nil, "")
	}
	if err := cfgValidation(&v); err != nil {
		return nil, err
	}
	ag, err := lookupAggregator(c, req.Name)
	if err != nil {
		return nil, err
	}
	var all []aggRule
	for _, src := range s.sources(c.st, ag) {
		for _, r := range regionRules(src.account, src.region, src.rs) {
			if f := req.Filters; f != nil && ((f.RuleName != nil && *f.RuleName != r.Name) ||
				(f.Compliance != "" && f.Compliance != ruleCompliance(r.packRule)) ||
				(f.AccountID != nil && *f.AccountID != src.account) ||
				(f.Region != nil && *f.Region != src.region)) {
				continue
			}
			all = append(all, aggRule{src, r})
		}
	}
	items, next, err := cfgPage(all, aggRule.key, req.NextToken, limit)
	if err != nil {
		return nil, err
	}
	list := make([]map[string]any, len(items))
	for i, r := range items {
		list[i] = map[string]any{
			"ConfigRuleName": r.Name,
			"Compliance":     complianceSummary(ruleCompliance(r.packRule), countNonCompliant(r.packRule)),
			"AccountId":      r.account,
			"AwsRegion":      r.region,
		}
	}
	return cfgList("AggregateComplianceByConfigRules", list, next), nil
}

func (s *Server) cfgGetAggregateComplianceDetailsByConfigRule(c *call) (any, error) {
	var req struct {
		Name       *string `json:"ConfigurationAggregatorName"`
		RuleName   *string `json:"ConfigRuleName"`
		AccountID  *string `json:"AccountId"`
		Region     *string `json:"AwsRegion"`
		Compliance string  `json:"ComplianceType"`
		Limit      int     `json:"Limit"`
		NextToken  string  `json:"NextToken"`
	}
	if err := cfgDecode(c, &req); err != nil {
		return nil, err
	}
	var v validationError
	v.reqStr("configRuleName", req.RuleName, 1, 128, cfgRuleNameRe, `.*\S.*`)
	v.reqStr("accountId", req.AccountID, 12, 12, accountIDRe, `\d{12}`)
	v.reqStr("awsRegion", req.Region, 1, 64, nil, "")
	if req.Compliance != "" {
		v.enum("complianceType", req.Compliance, "COMPLIANT", "NON_COMPLIANT", "NOT_APPLICABLE", "INSUFFICIENT_DATA")
	}
	limit := cfgPageLimit(&v, req.Limit, 100)
	if req.Limit == 0 {
		limit = 50
	}
	if err := cfgValidation(&v); err != nil {
		return nil, err
	}
	if req.Compliance == "INSUFFICIENT_DATA" {
		return nil, cfgError("InvalidParameterValueException", "The compliance type INSUFFICIENT_DATA is not valid here; use COMPLIANT, NON_COMPLIANT or NOT_APPLICABLE.")
	}
	ag, err := lookupAggregator(c, req.Name)
	if err != nil {
		return nil, err
	}
	types := []string{"COMPLIANT", "NON_COMPLIANT"}
	if req.Compliance != "" {
		types = []string{req.Compliance}
	}
	var evs []*evaluation
	if acct, ok := c.st.Accounts[*req.AccountID]; ok && s.covers(ag, *req.AccountID, *req.Region) {
		if rs, ok := acct.Regions[*req.Region]; ok {
			for _, r := range regionRules(*req.AccountID, *req.Region, rs) {
				if r.Name == *req.RuleName {
					evs = sortedEvaluations(r.packRule, types)
				}
			}
		}
	}
	items, next, err := cfgPage(evs, evalKey, req.NextToken, limit)
	if err != nil {
		return nil, err
	}
	list := make([]map[string]any, len(items))
	for i, ev := range items {
		d := evaluationResult(*req.RuleName, ev)
		d["AccountId"], d["AwsRegion"] = *req.AccountID, *req.Region
		list[i] = d
	}
	return cfgList("AggregateEvaluationResults", list, next), nil
}

// aggItem is one configuration item of one source of an aggregator.
type aggItem struct {
	account, region string
	ci              *configItem
}

func (it aggItem) key() string { return it.account + "/" + it.region + "/" + it.ci.ResourceID }

func (s *Server) cfgListAggregateDiscoveredResources(c *call) (any, error) {
	var req struct {
		Name         *string `json:"ConfigurationAggregatorName"`
		ResourceType *string `json:"ResourceType"`
		Filters      *struct {
			AccountID    *string `json:"AccountId"`
			ResourceID   *string `json:"ResourceId"`
			ResourceName *string `json:"ResourceName"`
			Region       *string `json:"Region"`
		} `json:"Filters"`
		Limit     int    `json:"Limit"`
		NextToken string `json:"NextToken"`
	}
	if err := cfgDecode(c, &req); err != nil {
		return nil, err
	}
	var v validationError
	checkResourceType(&v, "resourceType", req.ResourceType)
	limit := cfgPageLimit(&v, req.Limit, 100)
	if f := req.Filters; f != nil {
		v.str("filters.accountId", f.AccountID, 12, 12, accountIDRe, `\d{12}`)
		v.str("filters.resourceId", f.ResourceID, 1, 768, nil, "")
		v.str("filters.region", f.Region, 1, 64, nil, "")
	}
	if err := cfgValidation(&v); err != nil {
		return nil, err
	}
	ag, err := lookupAggregator(c, req.Name)
	if err != nil {
		return nil, err
	}
	var all []aggItem
	for _, src := range s.sources(c.st, ag) {
		for _, ci := range sortedItems(src.rs, *req.ResourceType) {
			f := req.Filters
			switch {
			case ci.deleted():
			case f != nil && f.AccountID != nil && *f.AccountID != src.account:
			case f != nil && f.Region != nil && *f.Region != src.region:
			case f != nil && f.ResourceID != nil && *f.ResourceID != ci.ResourceID:
			case f != nil && f.ResourceName != nil && *f.ResourceName != ci.ResourceName:
			default:
				all = append(all, aggItem{src.account, src.region, ci})
			}
		}
	}
	items, next, err := cfgPage(all, aggItem.key, req.NextToken, limit)
	if err != nil {
		return nil, err
	}
	list := make([]map[string]any, len(items))
	for i, it := range items {
		d := map[string]any{
			"SourceAccountId": it.account,
			"SourceRegion":    it.region,
			"ResourceId":      it.ci.ResourceID,
			"ResourceType":    it.ci.ResourceType,
		}
		setIf(d, "ResourceName", it.ci.ResourceName)
		list[i] = d
	}
	return cfgList("ResourceIdentifiers", list, next), nil
}

// aggIdentifier is an AggregateResourceIdentifier of a request.
type aggIdentifier struct {
	SourceAccountID *string `json:"SourceAccountId"`
	SourceRegion    *string `json:"SourceRegion"`
	ResourceID      *string `json:"ResourceId"`
	ResourceType    *string `json:"ResourceType"`
	ResourceName    *string `json:"ResourceName,omitempty"`
}

func (id aggIdentifier) validate(v *validationError, name string) {
	v.reqStr(name+".sourceAccountId", id.SourceAccountID, 12, 12, accountIDRe, `\d{12}`)
	v.reqStr(name+".sourceRegion", id.SourceRegion, 1, 64, nil, "")
	v.reqStr(name+".resourceId", id.ResourceID, 1, 768, nil, "")
	checkResourceType(v, name+".resourceType", id.ResourceType)
}

// findAggItem returns the item an identifier names, and whether the aggregator
// reads its account and Region.
func (s *Server) findAggItem(st *state, ag *aggregator, id aggIdentifier) (*configItem, bool) {
	if !s.covers(ag, *id.SourceAccountID, *id.SourceRegion) {
		return nil, false
	}
	acct, ok := st.Accounts[*id.SourceAccountID]
	if !ok {
		return nil, true
	}
	rs, ok := acct.Regions[*id.SourceRegion]
	if !ok {
		return nil, true
	}
	ci, ok := rs.Items[itemKey(*id.ResourceType, *id.ResourceID)]
	if !ok || ci.deleted() {
		return nil, true
	}
	return ci, true
}

func (s *Server) cfgBatchGetAggregateResourceConfig(c *call) (any, error) {
	var req struct {
		Name        *string         `json:"ConfigurationAggregatorName"`
		Identifiers []aggIdentifier `json:"ResourceIdentifiers"`
	}
	if err := cfgDecode(c, &req); err != nil {
		return nil, err
	}
	var v validationError
	if v.required("resourceIdentifiers", req.Identifiers != nil) {
		v.count("resourceIdentifiers", len(req.Identifiers), 1, 100)
	}
	for i, id := range req.Identifiers {
		id.validate(&v, fmt.Sprintf("resourceIdentifiers.%d.member", i+1))
	}
	if err := cfgValidation(&v); err != nil {
		return nil, err
	}
	ag, err := lookupAggregator(c, req.Name)
	if err != nil {
		return nil, err
	}
	items, unprocessed := []map[string]any{}, []aggIdentifier{}
	for _, id := range req.Identifiers {
		ci, inScope := s.findAggItem(c.st, ag, id)
		switch {
		case !inScope:
			unprocessed = append(unprocessed, id)
		case ci != nil:
			items = append(items, baseItem(*id.SourceAccountID, *id.SourceRegion, ci))
		}
	}
	return map[string]any{"BaseConfigurationItems": items, "UnprocessedResourceIdentifiers": unprocessed}, nil
}

func (s *Server) cfgGetAggregateResourceConfig(c *call) (any, error) {
	var req struct {
		Name *string        `json:"ConfigurationAggregatorName"`
		ID   *aggIdentifier `json:"ResourceIdentifier"`
	}
	if err := cfgDecode(c, &req); err != nil {
		return nil, err
	}
	var v validationError
	if v.required("resourceIdentifier", req.ID != nil) {
		req.ID.validate(&v, "resourceIdentifier")
	}
	if err := cfgValidation(&v); err != nil {
		return nil, err
	}
	ag, err := lookupAggregator(c, req.Name)
	if err != nil {
		return nil, err
	}
	ci, _ := s.findAggItem(c.st, ag, *req.ID)
	if ci == nil {
		return nil, cfgError("ResourceNotDiscoveredException", "The resource %s of type %s in account %s and Region %s is not discovered by the aggregator %s.",
			*req.ID.ResourceID, *req.ID.ResourceType, *req.ID.SourceAccountID, *req.ID.SourceRegion, ag.Name)
	}
	return map[string]any{"ConfigurationItem": fullItem(*req.ID.SourceAccountID, *req.ID.SourceRegion, ci)}, nil
}

// aggregateItems returns the items of every source of an aggregator, by
// account, Region, resource type and ID.
func (s *Server) aggregateItems(st *state, ag *aggregator) []aggItem {
	var out []aggItem
	for _, src := range s.sources(st, ag) {
		for _, k := range slices.Sorted(maps.Keys(src.rs.Items)) {
			out = append(out, aggItem{src.account, src.region, src.rs.Items[k]})
		}
	}
	return out
}
