package sandbox

import (
	"maps"
	"sort"
)

// configTags returns the tags of the AWS Config resource an ARN names: a
// conformance pack of the caller, or an organization conformance pack of
// the caller's organization. Those are the resource types of this sandbox
// that AWS Config tags.
func (s *Server) configTags(c *call, arn string) (*map[string]string, *apiError) {
	rs := c.st.region(c.account, c.region)
	for _, p := range rs.Packs {
		if p.ARN == arn {
			return &p.Tags, nil
		}
	}
	for _, op := range rs.OrgPacks {
		if op.ARN == arn {
			return &op.Tags, nil
		}
	}
	return nil, cfgError("ResourceNotFoundException", "The resource %s does not exist in account %s and Region %s.", arn, c.account, c.region)
}

func (s *Server) cfgTagResource(c *call) (any, error) {
	var req struct {
		ARN  *string `json:"ResourceArn"`
		Tags []tag   `json:"Tags"`
	}
	if err := cfgDecode(c, &req); err != nil {
		return nil, err
	}
	var v validationError
	v.reqStr("resourceArn", req.ARN, 1, 256, nil, "")
	if v.required("tags", req.Tags != nil) {
		checkConfigTags(&v, "tags", req.Tags, 1)
	}
	if err := cfgValidation(&v); err != nil {
		return nil, err
	}
	tags, err := s.configTags(c, *req.ARN)
	if err != nil {
		return nil, err
	}
	merged := maps.Clone(*tags)
	if merged == nil {
		merged = map[string]string{}
	}
	maps.Copy(merged, tagMap(req.Tags))
	if len(merged) > 50 {
		return nil, cfgError("TooManyTagsException", "A resource can have at most 50 tags; this request would give it %d.", len(merged))
	}
	*tags = merged
	c.mutated = true
	return nil, nil
}

func (s *Server) cfgUntagResource(c *call) (any, error) {
	var req struct {
		ARN  *string  `json:"ResourceArn"`
		Keys []string `json:"TagKeys"`
	}
	if err := cfgDecode(c, &req); err != nil {
		return nil, err
	}
	var v validationError
	v.reqStr("resourceArn", req.ARN, 1, 256, nil, "")
	if v.required("tagKeys", req.Keys != nil) {
		v.count("tagKeys", len(req.Keys), 1, 50)
	}
	if err := cfgValidation(&v); err != nil {
		return nil, err
	}
	tags, err := s.configTags(c, *req.ARN)
	if err != nil {
		return nil, err
	}
	for _, k := range req.Keys {
		delete(*tags, k)
	}
	c.mutated = true
	return nil, nil
}

func (s *Server) cfgListTagsForResource(c *call) (any, error) {
	var req struct {
		ARN       *string `json:"ResourceArn"`
		Limit     int     `json:"Limit"`
		NextToken string  `json:"NextToken"`
	}
	if err := cfgDecode(c, &req); err != nil {
		return nil, err
	}
	var v validationError
	v.reqStr("resourceArn", req.ARN, 1, 256, nil, "")
	limit := cfgPageLimit(&v, req.Limit, 50)
	if err := cfgValidation(&v); err != nil {
		return nil, err
	}
	tags, err := s.configTags(c, *req.ARN)
	if err != nil {
		return nil, err
	}
	keys := make([]string, 0, len(*tags))
	for k := range *tags {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	items, next, err := cfgPage(keys, func(k string) string { return k }, req.NextToken, limit)
	if err != nil {
		return nil, err
	}
	list := make([]map[string]string, len(items))
	for i, k := range items {
		list[i] = map[string]string{"Key": k, "Value": (*tags)[k]}
	}
	return cfgList("Tags", list, next), nil
}
