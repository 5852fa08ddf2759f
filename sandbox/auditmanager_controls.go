package sandbox

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// control is an Audit Manager control, stored and answered in the API's JSON
// shape.
type control struct {
	ARN                    string            `json:"arn"`
	ID                     string            `json:"id"`
	Type                   string            `json:"type"`
	Name                   string            `json:"name"`
	Description            *string           `json:"description,omitempty"`
	TestingInformation     *string           `json:"testingInformation,omitempty"`
	ActionPlanTitle        *string           `json:"actionPlanTitle,omitempty"`
	ActionPlanInstructions *string           `json:"actionPlanInstructions,omitempty"`
	ControlSources         string            `json:"controlSources,omitempty"`
	ControlMappingSources  []mappingSource   `json:"controlMappingSources"`
	CreatedAt              epoch             `json:"createdAt"`
	LastUpdatedAt          epoch             `json:"lastUpdatedAt"`
	CreatedBy              string            `json:"createdBy,omitempty"`
	LastUpdatedBy          string            `json:"lastUpdatedBy,omitempty"`
	Tags                   map[string]string `json:"tags,omitempty"`
	State                  string            `json:"state,omitempty"`
}

// mappingSource is a data source of a control.
type mappingSource struct {
	SourceID            string         `json:"sourceId,omitempty"`
	SourceName          *string        `json:"sourceName,omitempty"`
	SourceDescription   *string        `json:"sourceDescription,omitempty"`
	SourceSetUpOption   string         `json:"sourceSetUpOption,omitempty"`
	SourceType          string         `json:"sourceType,omitempty"`
	SourceKeyword       *sourceKeyword `json:"sourceKeyword,omitempty"`
	SourceFrequency     string         `json:"sourceFrequency,omitempty"`
	TroubleshootingText *string        `json:"troubleshootingText,omitempty"`
}

type sourceKeyword struct {
	KeywordInputType string  `json:"keywordInputType,omitempty"`
	KeywordValue     *string `json:"keywordValue,omitempty"`
}

// controlFields are the members CreateControl and UpdateControl share.
type controlFields struct {
	Name                   *string           `json:"name"`
	Description            *string           `json:"description"`
	TestingInformation     *string           `json:"testingInformation"`
	ActionPlanTitle        *string           `json:"actionPlanTitle"`
	ActionPlanInstructions *string           `json:"actionPlanInstructions"`
	ControlMappingSources  []mappingSource   `json:"controlMappingSources"`
	Tags                   map[string]string `json:"tags"`
}

func (f *controlFields) validate(v *validationError) {
	v.reqStr("name", f.Name, 1, 300, amNameRe, `^[^\\]*$`)
	v.str("description", f.Description, 0, 1000, nil, "")
	v.str("testingInformation", f.TestingInformation, 0, 1000, nil, "")
	v.str("actionPlanTitle", f.ActionPlanTitle, 0, 300, nil, "")
	v.str("actionPlanInstructions", f.ActionPlanInstructions, 0, 1000, nil, "")
	if v.required("controlMappingSources", f.ControlMappingSources != nil) {
		v.count("controlMappingSources", len(f.ControlMappingSources), 1, maxSourcesPerControl)
	}
	for i := range f.ControlMappingSources {
		validateSource(v, i, &f.ControlMappingSources[i])
	}
	checkTags(v, "tags", f.Tags)
}

// validateSource checks one data source: the model's constraints, then the
// combinations Audit Manager accepts (automated sources select a keyword from
// its lists; manual ones take a file or text; only API calls have a
// collection frequency).
func validateSource(v *validationError, i int, src *mappingSource) {
	field := func(name string) string { return memberName("controlMappingSources", i, name) }
	if v.required(field("sourceName"), src.SourceName != nil) {
		v.length(field("sourceName"), *src.SourceName, 1, 300)
	}
	v.str(field("sourceDescription"), src.SourceDescription, 0, 1000, nil, "")
	v.str(field("troubleshootingText"), src.TroubleshootingText, 0, 1000, nil, "")
	if src.SourceSetUpOption != "" {
		v.enum(field("sourceSetUpOption"), src.SourceSetUpOption, "System_Controls_Mapping", "Procedural_Controls_Mapping")
	}
	if src.SourceFrequency != "" {
		v.enum(field("sourceFrequency"), src.SourceFrequency, "DAILY", "WEEKLY", "MONTHLY")
	}
	if !v.required(field("sourceType"), src.SourceType != "") ||
		!v.enum(field("sourceType"), src.SourceType, "AWS_Cloudtrail", "AWS_Config", "AWS_Security_Hub", "AWS_API_Call", "MANUAL", "Common_Control", "Core_Control") {
		return
	}
	kw := src.SourceKeyword
	if kw != nil {
		if kw.KeywordInputType != "" {
			v.enum(field("sourceKeyword.keywordInputType"), kw.KeywordInputType, "SELECT_FROM_LIST", "UPLOAD_FILE", "INPUT_TEXT")
		}
		v.str(field("sourceKeyword.keywordValue"), kw.KeywordValue, 1, 100, amKeywordRe, `^[a-zA-Z_0-9-\s().:\/]+$`)
	}
	automated := src.SourceType != "MANUAL"
	switch {
	case automated && (kw == nil || kw.KeywordValue == nil):
		v.add(field("sourceKeyword"), "A %s data source needs a sourceKeyword with keywordInputType SELECT_FROM_LIST and a keywordValue", src.SourceType)
	case automated && kw.KeywordInputType != "SELECT_FROM_LIST":
		v.add(field("sourceKeyword.keywordInputType"), "A %s data source takes keywordInputType SELECT_FROM_LIST, not %q", src.SourceType, kw.KeywordInputType)
	case !automated && kw != nil && kw.KeywordInputType == "SELECT_FROM_LIST":
		v.add(field("sourceKeyword.keywordInputType"), "A MANUAL data source takes keywordInputType UPLOAD_FILE or INPUT_TEXT, not SELECT_FROM_LIST")
	}
	if want := setUpOption(src.SourceType); src.SourceSetUpOption != "" && src.SourceSetUpOption != want {
		v.add(field("sourceSetUpOption"), "A %s data source takes sourceSetUpOption %s, not %s", src.SourceType, want, src.SourceSetUpOption)
	}
	if src.SourceFrequency != "" && src.SourceType != "AWS_API_Call" {
		v.add(field("sourceFrequency"), "sourceFrequency applies only to AWS_API_Call data sources, not %s", src.SourceType)
	}
}

// setUpOption is the sourceSetUpOption Audit Manager infers from a source
// type.
func setUpOption(sourceType string) string {
	if sourceType == "MANUAL" {
		return "Procedural_Controls_Mapping"
	}
	return "System_Controls_Mapping"
}

// normalizeSources fills what Audit Manager fills in: source IDs (kept when
// an update names an existing one), the set-up option and the default
// frequency of API-call sources.
func normalizeSources(srcs []mappingSource, previous []mappingSource) []mappingSource {
	known := map[string]bool{}
	for _, p := range previous {
		known[p.SourceID] = true
	}
	out := make([]mappingSource, len(srcs))
	for i, src := range srcs {
		if src.SourceID == "" || !known[src.SourceID] {
			src.SourceID = newUUID()
		}
		if src.SourceSetUpOption == "" {
			src.SourceSetUpOption = setUpOption(src.SourceType)
		}
		if src.SourceType == "AWS_API_Call" && src.SourceFrequency == "" {
			src.SourceFrequency = "DAILY"
		}
		out[i] = src
	}
	return out
}

// controlSources lists the distinct source types of a control, as the
// controlSources member does.
func controlSources(srcs []mappingSource) string {
	var types []string
	for _, s := range srcs {
		if !slices.Contains(types, s.SourceType) {
			types = append(types, s.SourceType)
		}
	}
	return strings.Join(types, ", ")
}

func (s *Server) amCreateControl(c *call) (any, error) {
	var req controlFields
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	var v validationError
	req.validate(&v)
	if err := v.err(); err != nil {
		return nil, err
	}
	rs := s.amRegion(c)
	if n := countControls(rs, "Custom"); n >= maxCustomControls {
		return nil, quotaExceeded("You've reached the quota of %d custom controls in account %s and Region %s (%d exist).", maxCustomControls, c.account, c.region, n)
	}
	id := newUUID()
	ctl := &control{
		ARN:                    amARN(c.region, c.account, "control", id),
		ID:                     id,
		Type:                   "Custom",
		Name:                   *req.Name,
		Description:            req.Description,
		TestingInformation:     req.TestingInformation,
		ActionPlanTitle:        req.ActionPlanTitle,
		ActionPlanInstructions: req.ActionPlanInstructions,
		ControlMappingSources:  normalizeSources(req.ControlMappingSources, nil),
		CreatedAt:              epoch(c.now),
		LastUpdatedAt:          epoch(c.now),
		CreatedBy:              caller(c),
		LastUpdatedBy:          caller(c),
		Tags:                   cloneTags(req.Tags),
		State:                  "ACTIVE",
	}
	ctl.ControlSources = controlSources(ctl.ControlMappingSources)
	rs.Controls[id] = ctl
	c.mutated = true
	return map[string]any{"control": ctl}, nil
}

func countControls(rs *regionState, typ string) int {
	n := 0
	for _, ctl := range rs.Controls {
		if ctl.Type == typ {
			n++
		}
	}
	return n
}

// lookupControl finds a control of the caller by the ID in the path.
func (s *Server) lookupControl(c *call) (*regionState, *control, *apiError) {
	if err := checkUUIDParam(c, "controlId"); err != nil {
		return nil, nil, err
	}
	rs := s.amRegion(c)
	ctl, ok := rs.Controls[c.params["controlId"]]
	if !ok {
		return nil, nil, notFound("control", c.params["controlId"])
	}
	return rs, ctl, nil
}

func (s *Server) amGetControl(c *call) (any, error) {
	_, ctl, err := s.lookupControl(c)
	if err != nil {
		return nil, err
	}
	return map[string]any{"control": ctl}, nil
}

// amUpdateControl replaces every member of a custom control, its data
// sources included; tags are left as they are.
func (s *Server) amUpdateControl(c *call) (any, error) {
	var req controlFields
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	var v validationError
	req.Tags = nil // UpdateControl has no tags member
	req.validate(&v)
	if err := v.err(); err != nil {
		return nil, err
	}
	_, ctl, err := s.lookupControl(c)
	if err != nil {
		return nil, err
	}
	if ctl.Type != "Custom" {
		return nil, badRequest("The control %s is a %s control; only custom controls can be updated.", ctl.ID, ctl.Type)
	}
	ctl.Name = *req.Name
	ctl.Description = req.Description
	ctl.TestingInformation = req.TestingInformation
	ctl.ActionPlanTitle = req.ActionPlanTitle
	ctl.ActionPlanInstructions = req.ActionPlanInstructions
	ctl.ControlMappingSources = normalizeSources(req.ControlMappingSources, ctl.ControlMappingSources)
	ctl.ControlSources = controlSources(ctl.ControlMappingSources)
	ctl.LastUpdatedAt = epoch(c.now)
	ctl.LastUpdatedBy = caller(c)
	c.mutated = true
	return map[string]any{"control": ctl}, nil
}

// amDeleteControl deletes a custom control and removes it from every
// framework and assessment that holds it, as AWS documents.
func (s *Server) amDeleteControl(c *call) (any, error) {
	rs, ctl, err := s.lookupControl(c)
	if err != nil {
		return nil, err
	}
	if ctl.Type != "Custom" {
		return nil, badRequest("The control %s is a %s control; only custom controls can be deleted.", ctl.ID, ctl.Type)
	}
	delete(rs.Controls, ctl.ID)
	for _, fw := range rs.Frameworks {
		for i := range fw.ControlSets {
			fw.ControlSets[i].ControlIDs = slices.DeleteFunc(fw.ControlSets[i].ControlIDs, func(id string) bool { return id == ctl.ID })
		}
	}
	for _, a := range rs.Assessments {
		a.removeControl(ctl.ID)
	}
	c.mutated = true
	return nil, nil
}

type controlMetadata struct {
	ARN            string `json:"arn"`
	ID             string `json:"id"`
	Name           string `json:"name"`
	ControlSources string `json:"controlSources,omitempty"`
	CreatedAt      epoch  `json:"createdAt"`
	LastUpdatedAt  epoch  `json:"lastUpdatedAt"`
}

func (s *Server) amListControls(c *call) (any, error) {
	var v validationError
	q := c.r.URL.Query()
	typ := q.Get("controlType")
	if v.required("controlType", q.Has("controlType")) {
		v.enum("controlType", typ, "Standard", "Custom", "Core")
	}
	if q.Has("controlCatalogId") {
		id := q.Get("controlCatalogId")
		v.str("controlCatalogId", &id, 13, 2048, amCatalogIDRe, `^arn:.*:controlcatalog:.*|UNCATEGORIZED`)
	}
	limit, token := pageParams(c, &v)
	if err := v.err(); err != nil {
		return nil, err
	}
	rs := s.amRegion(c)
	var all []*control
	for _, ctl := range rs.Controls {
		if ctl.Type == typ {
			all = append(all, ctl)
		}
	}
	sortByCreation(all, func(ctl *control) (epoch, string) { return ctl.CreatedAt, ctl.ID })
	items, next, ok := page(all, controlKey, token, limit)
	if !ok {
		return nil, invalidToken("nextToken")
	}
	list := make([]controlMetadata, len(items))
	for i, ctl := range items {
		list[i] = controlMetadata{ARN: ctl.ARN, ID: ctl.ID, Name: ctl.Name, ControlSources: ctl.ControlSources, CreatedAt: ctl.CreatedAt, LastUpdatedAt: ctl.LastUpdatedAt}
	}
	return listResponse("controlMetadataList", list, next), nil
}

func controlKey(ctl *control) string { return creationKey(ctl.CreatedAt, ctl.ID) }

// creationKey orders resources by creation time, then ID.
func creationKey(t epoch, id string) string {
	return fmt.Sprintf("%020d/%s", t.time().UnixMilli(), id)
}

func sortByCreation[T any](items []T, key func(T) (epoch, string)) {
	sort.Slice(items, func(i, j int) bool {
		ti, idi := key(items[i])
		tj, idj := key(items[j])
		return creationKey(ti, idi) < creationKey(tj, idj)
	})
}

// listResponse is the body of a list operation: the list and, when more
// pages follow, nextToken.
func listResponse(name string, list any, next string) map[string]any {
	out := map[string]any{name: list}
	if next != "" {
		out["nextToken"] = next
	}
	return out
}
