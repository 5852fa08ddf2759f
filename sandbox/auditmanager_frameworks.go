package sandbox

import (
	"slices"
	"strings"
)

// framework is an Audit Manager assessment framework as stored: its control
// sets hold control IDs, which answers resolve to the controls as they are
// now.
type framework struct {
	ARN            string            `json:"arn"`
	ID             string            `json:"id"`
	Type           string            `json:"type"`
	Name           string            `json:"name"`
	Description    *string           `json:"description,omitempty"`
	ComplianceType *string           `json:"complianceType,omitempty"`
	Logo           *string           `json:"logo,omitempty"`
	ControlSets    []frameworkSet    `json:"controlSets"`
	CreatedAt      epoch             `json:"createdAt"`
	LastUpdatedAt  epoch             `json:"lastUpdatedAt"`
	CreatedBy      string            `json:"createdBy,omitempty"`
	LastUpdatedBy  string            `json:"lastUpdatedBy,omitempty"`
	Tags           map[string]string `json:"tags,omitempty"`
}

type frameworkSet struct {
	ID         string   `json:"id"`
	Name       string   `json:"name"`
	ControlIDs []string `json:"controlIds"`
}

func (fw *framework) controlCount() int {
	n := 0
	for _, set := range fw.ControlSets {
		n += len(set.ControlIDs)
	}
	return n
}

// frameworkRequest is the body of CreateAssessmentFramework and
// UpdateAssessmentFramework.
type frameworkRequest struct {
	Name           *string           `json:"name"`
	Description    *string           `json:"description"`
	ComplianceType *string           `json:"complianceType"`
	ControlSets    []controlSetInput `json:"controlSets"`
	Tags           map[string]string `json:"tags"`
}

type controlSetInput struct {
	ID       *string `json:"id"`
	Name     *string `json:"name"`
	Controls []struct {
		ID *string `json:"id"`
	} `json:"controls"`
}

// validate checks the request; update says whether it is an
// UpdateAssessmentFramework, whose control sets must list their controls.
func (f *frameworkRequest) validate(v *validationError, update bool) {
	v.reqStr("name", f.Name, 1, 300, amNameRe, `^[^\\]*$`)
	v.str("description", f.Description, 1, 1000, nil, "")
	v.str("complianceType", f.ComplianceType, 0, 100, nil, "")
	if v.required("controlSets", f.ControlSets != nil) {
		v.count("controlSets", len(f.ControlSets), 1, -1)
	}
	names := map[string]bool{}
	for i, set := range f.ControlSets {
		field := func(name string) string { return memberName("controlSets", i, name) }
		v.reqStr(field("name"), set.Name, 1, 300, amControlSetRe, `^[^\\\_]*$`)
		if update {
			v.str(field("id"), set.ID, 1, 300, amControlSetRe, `^[^\\\_]*$`)
			v.required(field("controls"), set.Controls != nil)
		}
		if set.Controls != nil {
			v.count(field("controls"), len(set.Controls), 1, -1)
		}
		for j, ctl := range set.Controls {
			v.reqStr(memberName(field("controls"), j, "id"), ctl.ID, 36, 36, amUUIDRe, uuidPatternShown)
		}
		if set.Name != nil {
			if names[*set.Name] {
				v.add(field("name"), "The control set name %q appears more than once in the framework", *set.Name)
			}
			names[*set.Name] = true
		}
	}
	checkTags(v, "tags", f.Tags)
}

// resolveSets checks that every control exists for the caller and that the
// framework stays within the quota of controls, and returns the control
// sets, keeping the IDs of the sets of previous that the request names.
func resolveSets(rs *regionState, in []controlSetInput, previous []frameworkSet) ([]frameworkSet, *apiError) {
	total := 0
	sets := make([]frameworkSet, len(in))
	for i, set := range in {
		ids := make([]string, 0, len(set.Controls))
		for _, ctl := range set.Controls {
			if _, ok := rs.Controls[*ctl.ID]; !ok {
				return nil, notFound("control", *ctl.ID)
			}
			ids = append(ids, *ctl.ID)
		}
		total += len(ids)
		id := newUUID()
		if set.ID != nil && slices.ContainsFunc(previous, func(p frameworkSet) bool { return p.ID == *set.ID }) {
			id = *set.ID
		}
		sets[i] = frameworkSet{ID: id, Name: *set.Name, ControlIDs: ids}
	}
	if total > maxControlsPerFramework {
		return nil, quotaExceeded("A framework holds at most %d controls; this one would hold %d.", maxControlsPerFramework, total)
	}
	return sets, nil
}

func (s *Server) amCreateFramework(c *call) (any, error) {
	var req frameworkRequest
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	var v validationError
	req.validate(&v, false)
	if err := v.err(); err != nil {
		return nil, err
	}
	rs := s.amRegion(c)
	if n := countFrameworks(rs, "Custom"); n >= maxCustomFrameworks {
		return nil, quotaExceeded("You've reached the quota of %d custom frameworks in account %s and Region %s.", maxCustomFrameworks, c.account, c.region)
	}
	sets, err := resolveSets(rs, req.ControlSets, nil)
	if err != nil {
		return nil, err
	}
	id := newUUID()
	fw := &framework{
		ARN:            amARN(c.region, c.account, "assessmentFramework", id),
		ID:             id,
		Type:           "Custom",
		Name:           *req.Name,
		Description:    req.Description,
		ComplianceType: req.ComplianceType,
		ControlSets:    sets,
		CreatedAt:      epoch(c.now),
		LastUpdatedAt:  epoch(c.now),
		CreatedBy:      caller(c),
		LastUpdatedBy:  caller(c),
		Tags:           cloneTags(req.Tags),
	}
	rs.Frameworks[id] = fw
	c.mutated = true
	return map[string]any{"framework": renderFramework(rs, fw)}, nil
}

func countFrameworks(rs *regionState, typ string) int {
	n := 0
	for _, fw := range rs.Frameworks {
		if fw.Type == typ {
			n++
		}
	}
	return n
}

func (s *Server) lookupFramework(c *call) (*regionState, *framework, *apiError) {
	if err := checkUUIDParam(c, "frameworkId"); err != nil {
		return nil, nil, err
	}
	rs := s.amRegion(c)
	fw, ok := rs.Frameworks[c.params["frameworkId"]]
	if !ok {
		return nil, nil, notFound("assessmentFramework", c.params["frameworkId"])
	}
	return rs, fw, nil
}

func (s *Server) amGetFramework(c *call) (any, error) {
	rs, fw, err := s.lookupFramework(c)
	if err != nil {
		return nil, err
	}
	return map[string]any{"framework": renderFramework(rs, fw)}, nil
}

// amUpdateFramework replaces the name, description, compliance type and
// control sets of a custom framework; its ID, ARN and tags stay.
func (s *Server) amUpdateFramework(c *call) (any, error) {
	var req frameworkRequest
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	var v validationError
	req.Tags = nil // UpdateAssessmentFramework has no tags member
	req.validate(&v, true)
	if err := v.err(); err != nil {
		return nil, err
	}
	rs, fw, err := s.lookupFramework(c)
	if err != nil {
		return nil, err
	}
	if fw.Type != "Custom" {
		return nil, badRequest("The framework %s is a %s framework; only custom frameworks can be updated.", fw.ID, fw.Type)
	}
	sets, err := resolveSets(rs, req.ControlSets, fw.ControlSets)
	if err != nil {
		return nil, err
	}
	fw.Name = *req.Name
	fw.Description = req.Description
	fw.ComplianceType = req.ComplianceType
	fw.ControlSets = sets
	fw.LastUpdatedAt = epoch(c.now)
	fw.LastUpdatedBy = caller(c)
	c.mutated = true
	return map[string]any{"framework": renderFramework(rs, fw)}, nil
}

// amDeleteFramework deletes a custom framework. Assessments created from it
// keep their own copy of it, so AWS lets it go.
func (s *Server) amDeleteFramework(c *call) (any, error) {
	rs, fw, err := s.lookupFramework(c)
	if err != nil {
		return nil, err
	}
	if fw.Type != "Custom" {
		return nil, badRequest("The framework %s is a %s framework; only custom frameworks can be deleted.", fw.ID, fw.Type)
	}
	delete(rs.Frameworks, fw.ID)
	c.mutated = true
	return nil, nil
}

type frameworkMetadata struct {
	ARN              string  `json:"arn"`
	ID               string  `json:"id"`
	Type             string  `json:"type"`
	Name             string  `json:"name"`
	Description      *string `json:"description,omitempty"`
	Logo             *string `json:"logo,omitempty"`
	ComplianceType   *string `json:"complianceType,omitempty"`
	ControlsCount    int     `json:"controlsCount"`
	ControlSetsCount int     `json:"controlSetsCount"`
	CreatedAt        epoch   `json:"createdAt"`
	LastUpdatedAt    epoch   `json:"lastUpdatedAt"`
}

func (s *Server) amListFrameworks(c *call) (any, error) {
	var v validationError
	q := c.r.URL.Query()
	typ := q.Get("frameworkType")
	if v.required("frameworkType", q.Has("frameworkType")) {
		v.enum("frameworkType", typ, "Standard", "Custom")
	}
	limit, token := pageParams(c, &v)
	if err := v.err(); err != nil {
		return nil, err
	}
	rs := s.amRegion(c)
	var all []*framework
	for _, fw := range rs.Frameworks {
		if fw.Type == typ {
			all = append(all, fw)
		}
	}
	sortByCreation(all, func(fw *framework) (epoch, string) { return fw.CreatedAt, fw.ID })
	items, next, ok := page(all, func(fw *framework) string { return creationKey(fw.CreatedAt, fw.ID) }, token, limit)
	if !ok {
		return nil, invalidToken("nextToken")
	}
	list := make([]frameworkMetadata, len(items))
	for i, fw := range items {
		list[i] = frameworkMetadata{
			ARN: fw.ARN, ID: fw.ID, Type: fw.Type, Name: fw.Name, Description: fw.Description, Logo: fw.Logo,
			ComplianceType: fw.ComplianceType, ControlsCount: fw.controlCount(), ControlSetsCount: len(fw.ControlSets),
			CreatedAt: fw.CreatedAt, LastUpdatedAt: fw.LastUpdatedAt,
		}
	}
	return listResponse("frameworkMetadataList", list, next), nil
}

// renderedFramework is a framework as the API answers it, each control set
// with its controls in full.
type renderedFramework struct {
	ARN            string            `json:"arn"`
	ID             string            `json:"id"`
	Type           string            `json:"type"`
	Name           string            `json:"name"`
	Description    *string           `json:"description,omitempty"`
	ComplianceType *string           `json:"complianceType,omitempty"`
	Logo           *string           `json:"logo,omitempty"`
	ControlSources string            `json:"controlSources,omitempty"`
	ControlSets    []renderedSet     `json:"controlSets"`
	CreatedAt      epoch             `json:"createdAt"`
	LastUpdatedAt  epoch             `json:"lastUpdatedAt"`
	CreatedBy      string            `json:"createdBy,omitempty"`
	LastUpdatedBy  string            `json:"lastUpdatedBy,omitempty"`
	Tags           map[string]string `json:"tags,omitempty"`
}

type renderedSet struct {
	ID       string     `json:"id"`
	Name     string     `json:"name"`
	Controls []*control `json:"controls"`
}

func renderFramework(rs *regionState, fw *framework) renderedFramework {
	out := renderedFramework{
		ARN: fw.ARN, ID: fw.ID, Type: fw.Type, Name: fw.Name, Description: fw.Description,
		ComplianceType: fw.ComplianceType, Logo: fw.Logo, CreatedAt: fw.CreatedAt, LastUpdatedAt: fw.LastUpdatedAt,
		CreatedBy: fw.CreatedBy, LastUpdatedBy: fw.LastUpdatedBy, Tags: fw.Tags,
		ControlSets: make([]renderedSet, len(fw.ControlSets)),
	}
	var sources []string
	for i, set := range fw.ControlSets {
		rendered := renderedSet{ID: set.ID, Name: set.Name, Controls: []*control{}}
		for _, id := range set.ControlIDs {
			if ctl, ok := rs.Controls[id]; ok {
				rendered.Controls = append(rendered.Controls, ctl)
				for _, src := range strings.Split(ctl.ControlSources, ", ") {
					if src != "" && !slices.Contains(sources, src) {
						sources = append(sources, src)
					}
				}
			}
		}
		out.ControlSets[i] = rendered
	}
	out.ControlSources = strings.Join(sources, ", ")
	return out
}
