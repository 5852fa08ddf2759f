package sandbox

import (
	"slices"
	"sort"
	"strings"
	"time"
)

// orgPack is an organization conformance pack, kept in the management
// account's Region. It deploys one conformance pack, named
// OrgConformsPack-<name>-<suffix>, into every account of the organization
// (the management account included) but the excluded ones.
type orgPack struct {
	Name                string            `json:"name"`
	ARN                 string            `json:"arn"`
	TemplateBody        string            `json:"templateBody"`
	DeliveryS3Bucket    *string           `json:"deliveryS3Bucket,omitempty"`
	DeliveryS3KeyPrefix *string           `json:"deliveryS3KeyPrefix,omitempty"`
	InputParameters     []inputParameter  `json:"inputParameters,omitempty"`
	ExcludedAccounts    []string          `json:"excludedAccounts,omitempty"`
	LastUpdateTime      epoch             `json:"lastUpdateTime"`
	Tags                map[string]string `json:"tags,omitempty"`
	// Updated tells an update from the first deployment, for the statuses.
	Updated  bool `json:"updated,omitempty"`
	Deleting bool `json:"deleting,omitempty"`
	// Members maps every account that received the pack to the name of its
	// pack there.
	Members map[string]string `json:"members"`
}

// memberPacks returns the member packs of an organization pack that still
// exist, by account.
func (s *Server) memberPacks(st *state, region string, op *orgPack) map[string]*conformancePack {
	out := map[string]*conformancePack{}
	for acct, name := range op.Members {
		a, ok := st.Accounts[acct]
		if !ok {
			continue
		}
		if rs, ok := a.Regions[region]; ok {
			if p, ok := rs.Packs[name]; ok && p.OrgPack == op.Name {
				out[acct] = p
			}
		}
	}
	return out
}

// requireManagement denies the organization operations to member accounts.
func (s *Server) requireManagement(c *call) *apiError {
	if c.account != s.opts.AccountID {
		return cfgError("OrganizationAccessDeniedException",
			"For PutOrganizationConformancePack and the other organization operations, call from the management account %s (this call came from %s).", s.opts.AccountID, c.account)
	}
	return nil
}

func (s *Server) cfgPutOrgPack(c *call) (any, error) {
	var req struct {
		Name     *string  `json:"OrganizationConformancePackName"`
		Excluded []string `json:"ExcludedAccounts"`
		packTemplate
	}
	if err := cfgDecode(c, &req); err != nil {
		return nil, err
	}
	var v validationError
	v.reqStr("organizationConformancePackName", req.Name, 1, 128, cfgPackNameRe, cfgPackNameShown)
	req.validate(&v, s.limits)
	v.count("excludedAccounts", len(req.Excluded), 0, 1000)
	for i, a := range req.Excluded {
		v.pattern(memberName("excludedAccounts", i, ""), a, accountIDRe, `\d{12}`)
	}
	if err := cfgValidation(&v); err != nil {
		return nil, err
	}
	if err := s.requireManagement(c); err != nil {
		return nil, err
	}
	body, t, err := req.load(c.st, s.limits, "OrganizationConformancePackTemplateValidationException")
	if err != nil {
		return nil, err
	}
	if len(t.Rules) > s.limits.RulesPerOrgPack {
		return nil, cfgError("OrganizationConformancePackTemplateValidationException", "The template holds %d rules; an organization conformance pack holds at most %d.", len(t.Rules), s.limits.RulesPerOrgPack)
	}
	mgmt := c.st.region(c.account, c.region)
	op, exists := mgmt.OrgPacks[*req.Name]
	if exists {
		if op.Deleting || s.orgInProgress(c.st, c.region, op) {
			return nil, cfgError("ResourceInUseException", "The organization conformance pack %s is being deployed or deleted; wait until it completes.", op.Name)
		}
	} else if len(mgmt.OrgPacks) >= s.limits.OrgPacks {
		return nil, cfgError("MaxNumberOfOrganizationConformancePacksExceededException", "You have reached the limit of %d organization conformance packs.", s.limits.OrgPacks)
	}
	targets := s.orgTargets(req.Excluded)
	for _, acct := range targets {
		rs := c.st.region(acct, c.region)
		n := accountRules(rs, memberPackName(op, acct)) + len(t.Rules)
		if n > s.limits.RulesPerAccount {
			return nil, rulesExceeded(acct, c.region, n, s.limits.RulesPerAccount)
		}
	}
	if !exists {
		op = &orgPack{
			Name:    *req.Name,
			ARN:     "arn:aws:config:" + c.region + ":" + c.account + ":organization-conformance-pack/" + *req.Name + "-" + randomSuffix(8),
			Tags:    tagMap(req.Tags),
			Members: map[string]string{},
		}
		mgmt.OrgPacks[op.Name] = op
	}
	op.Updated = exists
	op.TemplateBody = body
	op.DeliveryS3Bucket, op.DeliveryS3KeyPrefix = req.DeliveryS3Bucket, req.DeliveryS3KeyPrefix
	op.InputParameters, op.ExcludedAccounts = req.InputParameters, req.Excluded
	op.LastUpdateTime = epoch(c.now)
	s.deployToMembers(c.st, c.region, op, t, targets, c.now)
	c.mutated = true
	return map[string]string{"OrganizationConformancePackArn": op.ARN}, nil
}

// orgTargets lists the accounts of the organization an organization pack
// deploys to.
func (s *Server) orgTargets(excluded []string) []string {
	var out []string
	for _, a := range s.accounts {
		if !slices.Contains(excluded, a) {
			out = append(out, a)
		}
	}
	return out
}

// memberPackName is the name of the pack an organization pack deployed
// into an account, or "" when there is none (op may be nil).
func memberPackName(op *orgPack, account string) string {
	if op == nil {
		return ""
	}
	return op.Members[account]
}

// deployToMembers creates or updates the member packs of the target
// accounts and deletes those of accounts now excluded.
func (s *Server) deployToMembers(st *state, region string, op *orgPack, t *template, targets []string, now time.Time) {
	existing := s.memberPacks(st, region, op)
	for acct, p := range existing {
		if !slices.Contains(targets, acct) {
			s.startDeletion(st.region(acct, region), p, now)
		}
	}
	for _, acct := range targets {
		rs := st.region(acct, region)
		p, ok := existing[acct]
		if !ok {
			p = newPack("OrgConformsPack-"+op.Name+"-"+randomSuffix(8), region, acct, now)
			p.OrgPack = op.Name
			p.CreatedBy = "config-multiaccountsetup.amazonaws.com"
			rs.Packs[p.Name] = p
			op.Members[acct] = p.Name
		}
		p.TemplateBody = op.TemplateBody
		p.DeliveryS3Bucket, p.DeliveryS3KeyPrefix = op.DeliveryS3Bucket, op.DeliveryS3KeyPrefix
		p.InputParameters = op.InputParameters
		s.startDeployment(p, t, now)
	}
}

func (s *Server) orgInProgress(st *state, region string, op *orgPack) bool {
	for _, p := range s.memberPacks(st, region, op) {
		if p.inProgress() {
			return true
		}
	}
	return false
}

// memberStatus is the status of an organization pack in one account.
type memberStatus struct {
	Account, PackName, Status, ErrorCode, ErrorMessage string
	LastUpdate                                         epoch
}

func (s *Server) memberStatuses(st *state, region string, op *orgPack) []memberStatus {
	packs := s.memberPacks(st, region, op)
	verb := "CREATE"
	if op.Updated {
		verb = "UPDATE"
	}
	var out []memberStatus
	for acct, name := range op.Members {
		ms := memberStatus{Account: acct, PackName: name, LastUpdate: op.LastUpdateTime}
		p, ok := packs[acct]
		switch {
		case !ok && !op.Deleting:
			continue // an account excluded by an update, its pack gone
		case !ok:
			ms.Status = "DELETE_SUCCESSFUL"
		case p.State == "DELETE_IN_PROGRESS":
			ms.Status = "DELETE_IN_PROGRESS"
		case p.State == "CREATE_IN_PROGRESS":
			ms.Status = verb + "_IN_PROGRESS"
		case p.State == "CREATE_FAILED":
			ms.Status, ms.ErrorCode, ms.ErrorMessage = verb+"_FAILED", "ConformancePackDeploymentFailed", p.StatusReason
		default:
			ms.Status = verb + "_SUCCESSFUL"
		}
		if p != nil && p.LastUpdateCompleted != nil {
			ms.LastUpdate = *p.LastUpdateCompleted
		}
		out = append(out, ms)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Account < out[j].Account })
	return out
}

// orgStatus sums up the member statuses of an organization pack.
func (s *Server) orgStatus(st *state, region string, op *orgPack) memberStatus {
	out := memberStatus{Status: "CREATE_SUCCESSFUL", LastUpdate: op.LastUpdateTime}
	if op.Updated {
		out.Status = "UPDATE_SUCCESSFUL"
	}
	if op.Deleting {
		out.Status = "DELETE_IN_PROGRESS"
		return out
	}
	for _, ms := range s.memberStatuses(st, region, op) {
		switch {
		case strings.HasSuffix(ms.Status, "_FAILED"):
			out.Status, out.ErrorCode, out.ErrorMessage = ms.Status, ms.ErrorCode, "The pack failed in account "+ms.Account+": "+ms.ErrorMessage
			return out
		case strings.HasSuffix(ms.Status, "_IN_PROGRESS"):
			out.Status = ms.Status
		}
	}
	return out
}

// lookupOrgPacks returns the organization packs named, or all of them,
// sorted by name.
func lookupOrgPacks(rs *regionState, names []string) ([]*orgPack, *apiError) {
	var out []*orgPack
	if len(names) == 0 {
		for _, op := range rs.OrgPacks {
			out = append(out, op)
		}
	}
	for _, n := range names {
		op, ok := rs.OrgPacks[n]
		if !ok {
			return nil, cfgError("NoSuchOrganizationConformancePackException", "The organization conformance pack %s does not exist.", n)
		}
		if !slices.Contains(out, op) {
			out = append(out, op)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

type orgListRequest struct {
	Names     []string `json:"OrganizationConformancePackNames"`
	Limit     int      `json:"Limit"`
	NextToken string   `json:"NextToken"`
}

func (s *Server) orgList(c *call) ([]*orgPack, string, *apiError) {
	var req orgListRequest
	if err := cfgDecode(c, &req); err != nil {
		return nil, "", err
	}
	var v validationError
	v.count("organizationConformancePackNames", len(req.Names), 0, 25)
	limit := cfgPageLimit(&v, req.Limit, 100)
	if err := cfgValidation(&v); err != nil {
		return nil, "", err
	}
	if err := s.requireManagement(c); err != nil {
		return nil, "", err
	}
	packs, err := lookupOrgPacks(c.st.region(c.account, c.region), req.Names)
	if err != nil {
		return nil, "", err
	}
	items, next, err := cfgPage(packs, func(op *orgPack) string { return op.Name }, req.NextToken, limit)
	return items, next, err
}

func (s *Server) cfgDescribeOrgPacks(c *call) (any, error) {
	items, next, err := s.orgList(c)
	if err != nil {
		return nil, err
	}
	list := make([]map[string]any, len(items))
	for i, op := range items {
		d := map[string]any{
			"OrganizationConformancePackName": op.Name,
			"OrganizationConformancePackArn":  op.ARN,
			"ConformancePackInputParameters":  nonNil(op.InputParameters),
			"ExcludedAccounts":                nonNil(op.ExcludedAccounts),
			"LastUpdateTime":                  op.LastUpdateTime,
		}
		if op.DeliveryS3Bucket != nil {
			d["DeliveryS3Bucket"] = *op.DeliveryS3Bucket
		}
		if op.DeliveryS3KeyPrefix != nil {
			d["DeliveryS3KeyPrefix"] = *op.DeliveryS3KeyPrefix
		}
		list[i] = d
	}
	return cfgList("OrganizationConformancePacks", list, next), nil
}

func (s *Server) cfgDescribeOrgPackStatuses(c *call) (any, error) {
	items, next, err := s.orgList(c)
	if err != nil {
		return nil, err
	}
	list := make([]map[string]any, len(items))
	for i, op := range items {
		st := s.orgStatus(c.st, c.region, op)
		d := map[string]any{
			"OrganizationConformancePackName": op.Name,
			"Status":                          st.Status,
			"LastUpdateTime":                  st.LastUpdate,
		}
		if st.ErrorCode != "" {
			d["ErrorCode"], d["ErrorMessage"] = st.ErrorCode, st.ErrorMessage
		}
		list[i] = d
	}
	return cfgList("OrganizationConformancePackStatuses", list, next), nil
}

func (s *Server) cfgGetOrgPackDetailedStatus(c *call) (any, error) {
	var req struct {
		Name    *string `json:"OrganizationConformancePackName"`
		Filters *struct {
			AccountID *string `json:"AccountId"`
			Status    string  `json:"Status"`
		} `json:"Filters"`
		Limit     int    `json:"Limit"`
		NextToken string `json:"NextToken"`
	}
	if err := cfgDecode(c, &req); err != nil {
		return nil, err
	}
	var v validationError
	v.reqStr("organizationConformancePackName", req.Name, 1, 128, cfgPackNameRe, cfgPackNameShown)
	limit := cfgPageLimit(&v, req.Limit, 100)
	if f := req.Filters; f != nil {
		v.str("filters.accountId", f.AccountID, 12, 12, accountIDRe, `\d{12}`)
		if f.Status != "" {
			v.enum("filters.status", f.Status, "CREATE_SUCCESSFUL", "CREATE_IN_PROGRESS", "CREATE_FAILED", "DELETE_SUCCESSFUL",
				"DELETE_FAILED", "DELETE_IN_PROGRESS", "UPDATE_SUCCESSFUL", "UPDATE_IN_PROGRESS", "UPDATE_FAILED")
		}
	}
	if err := cfgValidation(&v); err != nil {
		return nil, err
	}
	if err := s.requireManagement(c); err != nil {
		return nil, err
	}
	packs, err := lookupOrgPacks(c.st.region(c.account, c.region), []string{*req.Name})
	if err != nil {
		return nil, err
	}
	var all []memberStatus
	for _, ms := range s.memberStatuses(c.st, c.region, packs[0]) {
		if f := req.Filters; f != nil && ((f.AccountID != nil && *f.AccountID != ms.Account) || (f.Status != "" && f.Status != ms.Status)) {
			continue
		}
		all = append(all, ms)
	}
	items, next, err := cfgPage(all, func(ms memberStatus) string { return ms.Account }, req.NextToken, limit)
	if err != nil {
		return nil, err
	}
	list := make([]map[string]any, len(items))
	for i, ms := range items {
		d := map[string]any{
			"AccountId":           ms.Account,
			"ConformancePackName": ms.PackName,
			"Status":              ms.Status,
			"LastUpdateTime":      ms.LastUpdate,
		}
		if ms.ErrorCode != "" {
			d["ErrorCode"], d["ErrorMessage"] = ms.ErrorCode, ms.ErrorMessage
		}
		list[i] = d
	}
	return cfgList("OrganizationConformancePackDetailedStatuses", list, next), nil
}

func (s *Server) cfgDeleteOrgPack(c *call) (any, error) {
	var req struct {
		Name *string `json:"OrganizationConformancePackName"`
	}
	if err := cfgDecode(c, &req); err != nil {
		return nil, err
	}
	var v validationError
	v.reqStr("organizationConformancePackName", req.Name, 1, 128, cfgPackNameRe, cfgPackNameShown)
	if err := cfgValidation(&v); err != nil {
		return nil, err
	}
	if err := s.requireManagement(c); err != nil {
		return nil, err
	}
	mgmt := c.st.region(c.account, c.region)
	op, ok := mgmt.OrgPacks[*req.Name]
	if !ok {
		return nil, cfgError("NoSuchOrganizationConformancePackException", "The organization conformance pack %s does not exist.", *req.Name)
	}
	if op.Deleting || s.orgInProgress(c.st, c.region, op) {
		return nil, cfgError("ResourceInUseException", "The organization conformance pack %s is being deployed or deleted; wait until it completes.", op.Name)
	}
	op.Deleting = true
	op.LastUpdateTime = epoch(c.now)
	for acct, p := range s.memberPacks(c.st, c.region, op) {
		s.startDeletion(c.st.region(acct, c.region), p, c.now)
	}
	if len(s.memberPacks(c.st, c.region, op)) == 0 {
		delete(mgmt.OrgPacks, op.Name)
	}
	c.mutated = true
	return nil, nil
}
