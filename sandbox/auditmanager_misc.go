package sandbox

import (
	"maps"
	"slices"
)

func (s *Server) amGetAccountStatus(c *call) (any, error) {
	return map[string]string{"status": c.st.account(c.account).AuditManagerStatus}, nil
}

// taggable returns the tags of the Audit Manager resource an ARN names, in
// the caller's account and Region.
func (s *Server) taggable(c *call) (*map[string]string, *apiError) {
	arn := c.params["resourceArn"]
	var v validationError
	v.reqStr("resourceArn", &arn, 20, 2048, amARNRe, `^arn:.*:auditmanager:.*`)
	if err := v.err(); err != nil {
		return nil, err
	}
	rs := s.amRegion(c)
	for _, ctl := range rs.Controls {
		if ctl.ARN == arn {
			return &ctl.Tags, nil
		}
	}
	for _, fw := range rs.Frameworks {
		if fw.ARN == arn {
			return &fw.Tags, nil
		}
	}
	for _, a := range rs.Assessments {
		if a.ARN == arn {
			return &a.Tags, nil
		}
	}
	return nil, notFound("resource", arn)
}

func (s *Server) amListTags(c *call) (any, error) {
	tags, err := s.taggable(c)
	if err != nil {
		return nil, err
	}
	out := *tags
	if out == nil {
		out = map[string]string{}
	}
	return map[string]any{"tags": out}, nil
}

func (s *Server) amTagResource(c *call) (any, error) {
	var req struct {
		Tags map[string]string `json:"tags"`
	}
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	var v validationError
	v.required("tags", req.Tags != nil)
	checkTags(&v, "tags", req.Tags)
	if err := v.err(); err != nil {
		return nil, err
	}
	tags, err := s.taggable(c)
	if err != nil {
		return nil, err
	}
	merged := maps.Clone(*tags)
	if merged == nil {
		merged = map[string]string{}
	}
	maps.Copy(merged, req.Tags)
	if len(merged) > 50 {
		return nil, badRequest("A resource can have at most 50 tags; this request would give it %d.", len(merged))
	}
	*tags = merged
	c.mutated = true
	return nil, nil
}

func (s *Server) amUntagResource(c *call) (any, error) {
	keys := c.r.URL.Query()["tagKeys"]
	var v validationError
	if v.required("tagKeys", len(keys) > 0) {
		v.count("tagKeys", len(keys), 1, 50)
	}
	for i, k := range keys {
		v.length(memberName("tagKeys", i, ""), k, 1, 128)
	}
	if err := v.err(); err != nil {
		return nil, err
	}
	tags, err := s.taggable(c)
	if err != nil {
		return nil, err
	}
	for _, k := range keys {
		delete(*tags, k)
	}
	c.mutated = true
	return nil, nil
}

// amListKeywords serves the keywords Audit Manager offers for a data source
// type, from the project's reference data (keywords_gen.go). The sandbox has
// no list of CloudTrail event names, so AWS_Cloudtrail, like MANUAL, has
// none.
func (s *Server) amListKeywords(c *call) (any, error) {
	var v validationError
	q := c.r.URL.Query()
	source := q.Get("source")
	if v.required("source", q.Has("source")) {
		v.enum("source", source, "AWS_Cloudtrail", "AWS_Config", "AWS_Security_Hub", "AWS_API_Call", "MANUAL")
	}
	limit, token := pageParams(c, &v)
	if err := v.err(); err != nil {
		return nil, err
	}
	var keywords []string
	switch source {
	case "AWS_Config":
		keywords = auditManagerConfigKeywords
	case "AWS_Security_Hub":
		keywords = auditManagerSecurityHubKeywords
	case "AWS_API_Call":
		keywords = auditManagerAPICallKeywords
	}
	sorted := slices.Sorted(slices.Values(keywords))
	items, next, ok := page(sorted, func(k string) string { return k }, token, limit)
	if !ok {
		return nil, invalidToken("nextToken")
	}
	return listResponse("keywords", nonNil(items), next), nil
}

// amGetSettings answers the account's settings: the defaults of an account
// that never changed them.
func (s *Server) amGetSettings(c *call) (any, error) {
	attr := c.params["attribute"]
	var v validationError
	v.enum("attribute", attr, "ALL", "IS_AWS_ORG_ENABLED", "SNS_TOPIC", "DEFAULT_ASSESSMENT_REPORTS_DESTINATION",
		"DEFAULT_PROCESS_OWNERS", "EVIDENCE_FINDER_ENABLEMENT", "DEREGISTRATION_POLICY", "DEFAULT_EXPORT_DESTINATION")
	if err := v.err(); err != nil {
		return nil, err
	}
	all := map[string]any{
		"isAwsOrgEnabled":          len(s.opts.Accounts) > 0,
		"defaultProcessOwners":     []role{},
		"kmsKey":                   "DEFAULT",
		"evidenceFinderEnablement": map[string]string{"enablementStatus": "DISABLED", "backfillStatus": "NOT_STARTED"},
		"deregistrationPolicy":     map[string]string{"deleteResources": "DEFAULT"},
	}
	if attr == "ALL" {
		return map[string]any{"settings": all}, nil
	}
	key := map[string]string{
		"IS_AWS_ORG_ENABLED":         "isAwsOrgEnabled",
		"DEFAULT_PROCESS_OWNERS":     "defaultProcessOwners",
		"EVIDENCE_FINDER_ENABLEMENT": "evidenceFinderEnablement",
		"DEREGISTRATION_POLICY":      "deregistrationPolicy",
	}[attr]
	settings := map[string]any{}
	if val, ok := all[key]; ok {
		settings[key] = val
	}
	return map[string]any{"settings": settings}, nil
}
