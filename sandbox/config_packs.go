package sandbox

import (
	"fmt"
	"net/http"
	"slices"
	"sort"
	"time"
)

// conformancePack is an AWS Config conformance pack of one account and
// Region.
type conformancePack struct {
	Name string `json:"name"`
	ID   string `json:"id"`
	ARN  string `json:"arn"`
	// Suffix ends the names of the rules the pack deploys.
	Suffix              string           `json:"suffix"`
	TemplateBody        string           `json:"templateBody"`
	TemplateS3URI       string           `json:"templateS3Uri,omitempty"`
	DeliveryS3Bucket    *string          `json:"deliveryS3Bucket,omitempty"`
	DeliveryS3KeyPrefix *string          `json:"deliveryS3KeyPrefix,omitempty"`
	InputParameters     []inputParameter `json:"inputParameters,omitempty"`
	CreatedBy           string           `json:"createdBy,omitempty"`
	// OrgPack names the organization conformance pack that deployed this
	// one into a member account.
	OrgPack      string `json:"orgPack,omitempty"`
	State        string `json:"state"`
	StatusReason string `json:"statusReason,omitempty"`
	// ReadyAt is when the operation in progress completes.
	ReadyAt time.Time `json:"readyAt"`
	// PendingRules and PendingFailure are the outcome of the deployment in
	// progress: the rules it will leave, or why it will fail.
	PendingRules        []templateRule    `json:"pendingRules,omitempty"`
	PendingFailure      string            `json:"pendingFailure,omitempty"`
	LastUpdateRequested epoch             `json:"lastUpdateRequested"`
	LastUpdateCompleted *epoch            `json:"lastUpdateCompleted,omitempty"`
	StackARN            string            `json:"stackArn"`
	Rules               []*packRule       `json:"rules,omitempty"`
	Tags                map[string]string `json:"tags,omitempty"`
}

// packRule is a Config rule a conformance pack deployed, with its
// evaluation results.
type packRule struct {
	// Name is the rule's name in the account: the template's name with the
	// pack's suffix.
	Name             string `json:"name"`
	TemplateName     string `json:"templateName"`
	Owner            string `json:"owner"`
	SourceIdentifier string `json:"sourceIdentifier,omitempty"`
	// Evaluations are keyed by resource type and ID.
	Evaluations map[string]*evaluation `json:"evaluations,omitempty"`
}

type evaluation struct {
	ResourceType string `json:"resourceType"`
	ResourceID   string `json:"resourceId"`
	Compliance   string `json:"compliance"`
	Annotation   string `json:"annotation,omitempty"`
	Recorded     epoch  `json:"recorded"`
}

func (p *conformancePack) inProgress() bool {
	return p.State == "CREATE_IN_PROGRESS" || p.State == "DELETE_IN_PROGRESS"
}

// ruleCount is how many rules the pack holds, or will hold once the
// deployment in progress completes.
func (p *conformancePack) ruleCount() int {
	if p.State == "CREATE_IN_PROGRESS" {
		return len(p.PendingRules)
	}
	return len(p.Rules)
}

// complete ends a deployment: the pack's rules become those of the
// template, keeping the evaluations of rules that stay, or it fails and
// keeps the rules it had.
func (p *conformancePack) complete() {
	done := epoch(p.ReadyAt)
	p.LastUpdateCompleted = &done
	if p.PendingFailure != "" {
		p.State, p.StatusReason = "CREATE_FAILED", p.PendingFailure
		p.PendingRules, p.PendingFailure = nil, ""
		return
	}
	old := map[string]*packRule{}
	for _, r := range p.Rules {
		old[r.TemplateName] = r
	}
	rules := make([]*packRule, 0, len(p.PendingRules))
	for _, tr := range p.PendingRules {
		r := &packRule{
			Name:             tr.Name + "-conformance-pack-" + p.Suffix,
			TemplateName:     tr.Name,
			Owner:            tr.Owner,
			SourceIdentifier: tr.SourceIdentifier,
		}
		if prev, ok := old[tr.Name]; ok && prev.SourceIdentifier == tr.SourceIdentifier {
			r.Evaluations = prev.Evaluations
		}
		rules = append(rules, r)
	}
	p.Rules = rules
	p.State, p.StatusReason = "CREATE_COMPLETE", ""
	p.PendingRules = nil
}

// startDeployment puts a pack in CREATE_IN_PROGRESS for the template; with
// no delay configured it completes at once.
func (s *Server) startDeployment(p *conformancePack, t *template, now time.Time) {
	p.State, p.StatusReason = "CREATE_IN_PROGRESS", ""
	p.PendingRules = t.Rules
	p.PendingFailure = t.deploymentProblem(p.InputParameters)
	p.LastUpdateRequested = epoch(now)
	p.ReadyAt = now.Add(max(0, s.opts.ConformancePackDelay))
	if s.opts.ConformancePackDelay < 0 {
		p.complete()
	}
}

// startDeletion puts a pack in DELETE_IN_PROGRESS; with no delay configured
// it is gone at once.
func (s *Server) startDeletion(rs *regionState, p *conformancePack, now time.Time) {
	p.State, p.StatusReason = "DELETE_IN_PROGRESS", ""
	p.LastUpdateRequested = epoch(now)
	p.ReadyAt = now.Add(max(0, s.opts.ConformancePackDelay))
	if s.opts.ConformancePackDelay < 0 {
		delete(rs.Packs, p.Name)
	}
}

func newPack(name, region, account string, now time.Time) *conformancePack {
	id := "conformance-pack-" + randomSuffix(9)
	return &conformancePack{
		Name:     name,
		ID:       id,
		ARN:      "arn:aws:config:" + region + ":" + account + ":conformance-pack/" + name + "/" + id,
		Suffix:   randomSuffix(9),
		StackARN: "arn:aws:cloudformation:" + region + ":" + account + ":stack/awsconfigconforms-" + name + "-" + randomSuffix(8) + "/" + newUUID(),
	}
}

// packTemplate is the template part of PutConformancePack and
// PutOrganizationConformancePack.
type packTemplate struct {
	TemplateBody        *string          `json:"TemplateBody"`
	TemplateS3URI       *string          `json:"TemplateS3Uri"`
	DeliveryS3Bucket    *string          `json:"DeliveryS3Bucket"`
	DeliveryS3KeyPrefix *string          `json:"DeliveryS3KeyPrefix"`
	InputParameters     []inputParameter `json:"ConformancePackInputParameters"`
	Tags                []tag            `json:"Tags"`
}

func (pt *packTemplate) validate(v *validationError, limits ConfigLimits) {
	v.str("templateS3Uri", pt.TemplateS3URI, 1, 1024, cfgS3URIRe, "s3://.*")
	if pt.TemplateBody != nil {
		if n := len(*pt.TemplateBody); n < 1 || n > limits.TemplateBodyBytes {
			v.add("templateBody", "Value at 'templateBody' failed to satisfy constraint: Member must have length between 1 and %d bytes (it has %d)", limits.TemplateBodyBytes, n)
		}
	}
	v.str("deliveryS3Bucket", pt.DeliveryS3Bucket, 0, 63, nil, "")
	v.str("deliveryS3KeyPrefix", pt.DeliveryS3KeyPrefix, 0, 1024, nil, "")
	checkInputParameters(v, pt.InputParameters)
	checkConfigTags(v, "tags", pt.Tags, 0)
	if (pt.TemplateBody == nil) == (pt.TemplateS3URI == nil) {
		v.add("templateBody", "Specify exactly one of TemplateBody and TemplateS3Uri")
	}
}

// load returns the template's text and what it holds.
func (pt *packTemplate) load(st *state, limits ConfigLimits, invalid string) (string, *template, *apiError) {
	body := ""
	if pt.TemplateBody != nil {
		body = *pt.TemplateBody
	} else {
		obj, ok := st.Objects[*pt.TemplateS3URI]
		if !ok {
			return "", nil, cfgError("ValidationException", "The template %s could not be read from Amazon S3 (the sandbox holds no such object; put it with (*sandbox.Server).PutObject).", *pt.TemplateS3URI)
		}
		if len(obj) > limits.TemplateS3Bytes {
			return "", nil, cfgError(invalid, "The template %s is %d bytes; a template in Amazon S3 holds at most %d.", *pt.TemplateS3URI, len(obj), limits.TemplateS3Bytes)
		}
		body = obj
	}
	t, err := parseTemplate(body)
	if err != nil {
		return "", nil, cfgError(invalid, "%v", err)
	}
	return body, t, nil
}

// sameDeployment reports whether a put asks for what the pack already holds.
func (p *conformancePack) sameDeployment(body string, pt *packTemplate) bool {
	return p.State == "CREATE_COMPLETE" && p.TemplateBody == body &&
		equalPtr(p.DeliveryS3Bucket, pt.DeliveryS3Bucket) && equalPtr(p.DeliveryS3KeyPrefix, pt.DeliveryS3KeyPrefix) &&
		slices.EqualFunc(p.InputParameters, pt.InputParameters, func(a, b inputParameter) bool {
			return equalPtr(a.ParameterName, b.ParameterName) && equalPtr(a.ParameterValue, b.ParameterValue)
		})
}

func equalPtr(a, b *string) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func (s *Server) cfgPutConformancePack(c *call) (any, error) {
	var req struct {
		Name *string `json:"ConformancePackName"`
		packTemplate
		SSM any `json:"TemplateSSMDocumentDetails"`
	}
	if err := cfgDecode(c, &req); err != nil {
		return nil, err
	}
	var v validationError
	v.reqStr("conformancePackName", req.Name, 1, 256, cfgPackNameRe, cfgPackNameShown)
	if req.SSM != nil {
		v.add("templateSSMDocumentDetails", "The sandbox does not emulate templates kept in AWS Systems Manager documents; give TemplateBody or TemplateS3Uri")
	} else {
		req.validate(&v, s.limits)
	}
	if err := cfgValidation(&v); err != nil {
		return nil, err
	}
	body, t, err := req.load(c.st, s.limits, "ConformancePackTemplateValidationException")
	if err != nil {
		return nil, err
	}
	if len(t.Rules) > s.limits.RulesPerPack {
		return nil, cfgError("ConformancePackTemplateValidationException", "The template holds %d rules; a conformance pack holds at most %d.", len(t.Rules), s.limits.RulesPerPack)
	}
	rs := c.st.region(c.account, c.region)
	p, exists := rs.Packs[*req.Name]
	switch {
	case exists && p.inProgress():
		return nil, cfgError("ResourceInUseException", "The conformance pack %s is %s; wait until it completes.", p.Name, p.State)
	case exists && p.sameDeployment(body, &req.packTemplate):
		return map[string]string{"ConformancePackArn": p.ARN}, nil
	case !exists && countPacks(rs) >= s.limits.PacksPerAccount:
		return nil, cfgError("MaxNumberOfConformancePacksExceededException", "You have reached the limit of %d conformance packs in account %s and Region %s.", s.limits.PacksPerAccount, c.account, c.region)
	}
	if n := accountRules(rs, *req.Name) + len(t.Rules); n > s.limits.RulesPerAccount {
		return nil, rulesExceeded(c.account, c.region, n, s.limits.RulesPerAccount)
	}
	if !exists {
		p = newPack(*req.Name, c.region, c.account, c.now)
		p.Tags = tagMap(req.Tags) // tags are set at creation only, as AWS does
		rs.Packs[p.Name] = p
	}
	p.TemplateBody, p.TemplateS3URI = body, deref(req.TemplateS3URI)
	p.DeliveryS3Bucket, p.DeliveryS3KeyPrefix = req.DeliveryS3Bucket, req.DeliveryS3KeyPrefix
	p.InputParameters = req.InputParameters
	s.startDeployment(p, t, c.now)
	c.mutated = true
	return map[string]string{"ConformancePackArn": p.ARN}, nil
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// countPacks counts the packs an account created itself in a Region.
func countPacks(rs *regionState) int {
	n := 0
	for _, p := range rs.Packs {
		if p.OrgPack == "" {
			n++
		}
	}
	return n
}

// accountRules counts the rules of every pack of an account in a Region,
// organization packs' included, but those of the pack named except.
func accountRules(rs *regionState, except string) int {
	n := 0
	for _, p := range rs.Packs {
		if p.Name != except {
			n += p.ruleCount()
		}
	}
	return n
}

// rulesExceeded is AWS Config's answer when a deployment would take an
// account over its rule quota.
func rulesExceeded(account, region string, n, limit int) *apiError {
	return cfgError("MaxNumberOfConfigRulesExceededException",
		"Failed to add the Config rules because account %s would hold %d rules in %s; the maximum number is %d. Consider deleting rules or conformance packs first.",
		account, n, region, limit)
}

// selectPacks returns the packs named, or all the packs of the Region, sorted
// by name; an unknown name is an error.
func selectPacks(rs *regionState, names []string) ([]*conformancePack, *apiError) {
	var out []*conformancePack
	if len(names) == 0 {
		for _, p := range rs.Packs {
			out = append(out, p)
		}
	} else {
		for _, n := range names {
			p, ok := rs.Packs[n]
			if !ok {
				return nil, cfgError("NoSuchConformancePackException", "The conformance pack %s does not exist.", n)
			}
			if !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// packListRequest is the body of the Describe operations on packs.
type packListRequest struct {
	Names     []string `json:"ConformancePackNames"`
	Limit     int      `json:"Limit"`
	NextToken string   `json:"NextToken"`
}

// page reads a Describe request on packs and returns the page of packs it
// asks for, by name, with the token of the next page. Both operations take
// at most 20 packs a page.
func (r *packListRequest) page(c *call) ([]*conformancePack, string, *apiError) {
	if err := cfgDecode(c, r); err != nil {
		return nil, "", err
	}
	var v validationError
	v.count("conformancePackNames", len(r.Names), 0, 25)
	for i, n := range r.Names {
		v.str(memberName("conformancePackNames", i, ""), &n, 1, 256, cfgPackNameRe, cfgPackNameShown)
	}
	limit := cfgPageLimit(&v, r.Limit, 20)
	if err := cfgValidation(&v); err != nil {
		return nil, "", err
	}
	packs, err := selectPacks(c.st.region(c.account, c.region), r.Names)
	if err != nil {
		return nil, "", err
	}
	return cfgPage(packs, packKey, r.NextToken, limit)
}

func packKey(p *conformancePack) string { return p.Name }

func (s *Server) cfgDescribeConformancePacks(c *call) (any, error) {
	var req packListRequest
	items, next, err := req.page(c)
	if err != nil {
		return nil, err
	}
	details := make([]map[string]any, len(items))
	for i, p := range items {
		d := map[string]any{
			"ConformancePackName":            p.Name,
			"ConformancePackArn":             p.ARN,
			"ConformancePackId":              p.ID,
			"ConformancePackInputParameters": nonNil(p.InputParameters),
			"LastUpdateRequestedTime":        p.LastUpdateRequested,
		}
		if p.DeliveryS3Bucket != nil {
			d["DeliveryS3Bucket"] = *p.DeliveryS3Bucket
		}
		if p.DeliveryS3KeyPrefix != nil {
			d["DeliveryS3KeyPrefix"] = *p.DeliveryS3KeyPrefix
		}
		if p.CreatedBy != "" {
			d["CreatedBy"] = p.CreatedBy
		}
		details[i] = d
	}
	return cfgList("ConformancePackDetails", details, next), nil
}

func (s *Server) cfgDescribeConformancePackStatus(c *call) (any, error) {
	var req packListRequest
	items, next, err := req.page(c)
	if err != nil {
		return nil, err
	}
	details := make([]map[string]any, len(items))
	for i, p := range items {
		d := map[string]any{
			"ConformancePackName":     p.Name,
			"ConformancePackId":       p.ID,
			"ConformancePackArn":      p.ARN,
			"ConformancePackState":    p.State,
			"StackArn":                p.StackARN,
			"LastUpdateRequestedTime": p.LastUpdateRequested,
		}
		if p.StatusReason != "" {
			d["ConformancePackStatusReason"] = p.StatusReason
		}
		if p.LastUpdateCompleted != nil {
			d["LastUpdateCompletedTime"] = *p.LastUpdateCompleted
		}
		details[i] = d
	}
	return cfgList("ConformancePackStatusDetails", details, next), nil
}

// cfgList is the body of an AWS Config list answer.
func cfgList(name string, list any, next string) map[string]any {
	out := map[string]any{name: list}
	if next != "" {
		out["NextToken"] = next
	}
	return out
}

func (s *Server) cfgDeleteConformancePack(c *call) (any, error) {
	var req struct {
		Name *string `json:"ConformancePackName"`
	}
	if err := cfgDecode(c, &req); err != nil {
		return nil, err
	}
	var v validationError
	v.reqStr("conformancePackName", req.Name, 1, 256, cfgPackNameRe, cfgPackNameShown)
	if err := cfgValidation(&v); err != nil {
		return nil, err
	}
	rs := c.st.region(c.account, c.region)
	p, ok := rs.Packs[*req.Name]
	if !ok {
		return nil, cfgError("NoSuchConformancePackException", "The conformance pack %s does not exist.", *req.Name)
	}
	if p.inProgress() {
		return nil, cfgError("ResourceInUseException", "The conformance pack %s is %s; wait until it completes.", p.Name, p.State)
	}
	if p.OrgPack != "" {
		return nil, errorf(http.StatusBadRequest, "ResourceInUseException", "The conformance pack %s was deployed by the organization conformance pack %s; delete that one from the management account.", p.Name, p.OrgPack)
	}
	s.startDeletion(rs, p, c.now)
	c.mutated = true
	return nil, nil
}

// PutObject stores an object the sandbox's AWS Config reads when a
// conformance pack names it as TemplateS3Uri, such as
// s3://my-bucket/packs/hds.yaml. The sandbox emulates no other part of S3.
func (s *Server) PutObject(uri string, body []byte) error {
	if !cfgS3URIRe.MatchString(uri) || len(uri) <= len("s3://") {
		return fmt.Errorf("sandbox: %q is not an s3:// URI", uri)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.Objects[uri] = string(body)
	return s.saveLocked()
}
