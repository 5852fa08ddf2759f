package sandbox

import (
	"slices"
)

// assessment is an Audit Manager assessment. Like AWS, it keeps its own copy
// of the framework it was created from.
type assessment struct {
	ARN                string              `json:"arn"`
	ID                 string              `json:"id"`
	AccountID          string              `json:"accountId"`
	Name               string              `json:"name"`
	Description        *string             `json:"description,omitempty"`
	ComplianceType     *string             `json:"complianceType,omitempty"`
	Status             string              `json:"status"`
	ReportsDestination *reportsDestination `json:"assessmentReportsDestination,omitempty"`
	Scope              assessmentScope     `json:"scope"`
	Roles              []role              `json:"roles"`
	Framework          assessmentFramework `json:"framework"`
	CreationTime       epoch               `json:"creationTime"`
	LastUpdated        epoch               `json:"lastUpdated"`
	Tags               map[string]string   `json:"tags,omitempty"`
}

type reportsDestination struct {
	DestinationType string  `json:"destinationType,omitempty"`
	Destination     *string `json:"destination,omitempty"`
}

type assessmentScope struct {
	AWSAccounts []awsAccount `json:"awsAccounts"`
	// AWSServices is always empty: Audit Manager ignores the services it is
	// given and infers them from the controls.
	AWSServices []struct{} `json:"awsServices"`
}

type awsAccount struct {
	ID           *string `json:"id,omitempty"`
	EmailAddress *string `json:"emailAddress,omitempty"`
	Name         *string `json:"name,omitempty"`
}

type role struct {
	RoleType *string `json:"roleType,omitempty"`
	RoleARN  *string `json:"roleArn,omitempty"`
}

type assessmentFramework struct {
	ID          string          `json:"id"`
	ARN         string          `json:"arn"`
	Metadata    frameworkMeta   `json:"metadata"`
	ControlSets []assessmentSet `json:"controlSets"`
}

type frameworkMeta struct {
	Name           string  `json:"name"`
	Description    *string `json:"description,omitempty"`
	Logo           *string `json:"logo,omitempty"`
	ComplianceType *string `json:"complianceType,omitempty"`
}

type assessmentSet struct {
	ID                  string              `json:"id"`
	Description         string              `json:"description,omitempty"`
	Status              string              `json:"status"`
	Roles               []role              `json:"roles"`
	Controls            []assessmentControl `json:"controls"`
	Delegations         []struct{}          `json:"delegations"`
	SystemEvidenceCount int                 `json:"systemEvidenceCount"`
	ManualEvidenceCount int                 `json:"manualEvidenceCount"`
}

type assessmentControl struct {
	ID                            string     `json:"id"`
	Name                          string     `json:"name"`
	Description                   *string    `json:"description,omitempty"`
	Status                        string     `json:"status"`
	Comments                      []struct{} `json:"comments"`
	EvidenceSources               []string   `json:"evidenceSources"`
	EvidenceCount                 int        `json:"evidenceCount"`
	AssessmentReportEvidenceCount int        `json:"assessmentReportEvidenceCount"`
}

func (a *assessment) removeControl(id string) {
	for i := range a.Framework.ControlSets {
		set := &a.Framework.ControlSets[i]
		set.Controls = slices.DeleteFunc(set.Controls, func(ac assessmentControl) bool { return ac.ID == id })
	}
}

// assessmentRequest is the body of CreateAssessment and UpdateAssessment
// (whose name and description members are assessmentName and
// assessmentDescription).
type assessmentRequest struct {
	Name                  *string             `json:"name"`
	Description           *string             `json:"description"`
	AssessmentName        *string             `json:"assessmentName"`
	AssessmentDescription *string             `json:"assessmentDescription"`
	ReportsDestination    *reportsDestination `json:"assessmentReportsDestination"`
	Scope                 *struct {
		AWSAccounts []awsAccount `json:"awsAccounts"`
		AWSServices []struct {
			ServiceName *string `json:"serviceName"`
		} `json:"awsServices"`
	} `json:"scope"`
	Roles       []role            `json:"roles"`
	FrameworkID *string           `json:"frameworkId"`
	Tags        map[string]string `json:"tags"`
	Status      string            `json:"status"`
}

func validateAssessmentParts(v *validationError, req *assessmentRequest, createOnly bool) {
	if d := req.ReportsDestination; d != nil {
		if d.DestinationType != "" {
			v.enum("assessmentReportsDestination.destinationType", d.DestinationType, "S3")
		}
		v.str("assessmentReportsDestination.destination", d.Destination, 1, 1024, amS3URLRe, `^(S|s)3:\/\/[a-zA-Z0-9\-\.\(\)\'\*\_\!\/]+$`)
	}
	if sc := req.Scope; sc != nil {
		for i, a := range sc.AWSAccounts {
			v.str(memberName("scope.awsAccounts", i, "id"), a.ID, 12, 12, amAccountIDRe, `^[0-9]{12}$`)
			v.str(memberName("scope.awsAccounts", i, "emailAddress"), a.EmailAddress, 1, 320, amEmailRe, `^.*@.*$`)
			v.str(memberName("scope.awsAccounts", i, "name"), a.Name, 1, 50, amAccountNameRe, `^[\u0020-\u007E]+$`)
		}
		for i, svc := range sc.AWSServices {
			v.str(memberName("scope.awsServices", i, "serviceName"), svc.ServiceName, 1, 40, amServiceNameRe, `^[a-zA-Z0-9-\s().]+$`)
		}
	}
	for i, r := range req.Roles {
		if v.required(memberName("roles", i, "roleType"), r.RoleType != nil) &&
			v.enum(memberName("roles", i, "roleType"), *r.RoleType, "PROCESS_OWNER", "RESOURCE_OWNER") &&
			createOnly && *r.RoleType != "PROCESS_OWNER" {
			v.add(memberName("roles", i, "roleType"), "In CreateAssessment, roleType can only be PROCESS_OWNER")
		}
		v.reqStr(memberName("roles", i, "roleArn"), r.RoleARN, 20, 2048, amIAMARNRe, `^arn:.*:iam:.*`)
	}
}

func (s *Server) amCreateAssessment(c *call) (any, error) {
	var req assessmentRequest
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	var v validationError
	v.reqStr("name", req.Name, 1, 300, amNameRe, `^[^\\]*$`)
	v.str("description", req.Description, 0, 1000, nil, "")
	v.required("assessmentReportsDestination", req.ReportsDestination != nil)
	v.required("scope", req.Scope != nil)
	v.required("roles", req.Roles != nil)
	v.reqStr("frameworkId", req.FrameworkID, 36, 36, amUUIDRe, uuidPatternShown)
	validateAssessmentParts(&v, &req, true)
	checkTags(&v, "tags", req.Tags)
	if err := v.err(); err != nil {
		return nil, err
	}
	rs := s.amRegion(c)
	fw, ok := rs.Frameworks[*req.FrameworkID]
	if !ok {
		return nil, notFound("assessmentFramework", *req.FrameworkID)
	}
	id := newUUID()
	a := &assessment{
		ARN:                amARN(c.region, c.account, "assessment", id),
		ID:                 id,
		AccountID:          c.account,
		Name:               *req.Name,
		Description:        req.Description,
		ComplianceType:     fw.ComplianceType,
		Status:             "ACTIVE",
		ReportsDestination: req.ReportsDestination,
		Scope:              assessmentScope{AWSAccounts: nonNil(req.Scope.AWSAccounts), AWSServices: []struct{}{}},
		Roles:              req.Roles,
		Framework:          snapshotFramework(rs, fw, req.Roles),
		CreationTime:       epoch(c.now),
		LastUpdated:        epoch(c.now),
		Tags:               cloneTags(req.Tags),
	}
	rs.Assessments[id] = a
	c.mutated = true
	return map[string]any{"assessment": renderAssessment(a)}, nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// snapshotFramework copies a framework into an assessment, each control set
// named by its name, as AWS does.
func snapshotFramework(rs *regionState, fw *framework, roles []role) assessmentFramework {
	out := assessmentFramework{
		ID:  fw.ID,
		ARN: fw.ARN,
		Metadata: frameworkMeta{
			Name: fw.Name, Description: fw.Description, Logo: fw.Logo, ComplianceType: fw.ComplianceType,
		},
		ControlSets: make([]assessmentSet, len(fw.ControlSets)),
	}
	for i, set := range fw.ControlSets {
		as := assessmentSet{ID: set.Name, Status: "ACTIVE", Roles: nonNil(roles), Controls: []assessmentControl{}, Delegations: []struct{}{}}
		for _, id := range set.ControlIDs {
			ctl, ok := rs.Controls[id]
			if !ok {
				continue
			}
			as.Controls = append(as.Controls, assessmentControl{
				ID: ctl.ID, Name: ctl.Name, Description: ctl.Description, Status: "UNDER_REVIEW",
				Comments: []struct{}{}, EvidenceSources: []string{},
			})
		}
		out.ControlSets[i] = as
	}
	return out
}

func renderAssessment(a *assessment) map[string]any {
	metadata := map[string]any{
		"id":           a.ID,
		"name":         a.Name,
		"status":       a.Status,
		"scope":        a.Scope,
		"roles":        nonNil(a.Roles),
		"delegations":  []struct{}{},
		"creationTime": a.CreationTime,
		"lastUpdated":  a.LastUpdated,
	}
	if a.Description != nil {
		metadata["description"] = *a.Description
	}
	if a.ComplianceType != nil {
		metadata["complianceType"] = *a.ComplianceType
	}
	if a.ReportsDestination != nil {
		metadata["assessmentReportsDestination"] = a.ReportsDestination
	}
	out := map[string]any{
		"arn":        a.ARN,
		"awsAccount": map[string]string{"id": a.AccountID},
		"metadata":   metadata,
		"framework":  a.Framework,
	}
	if len(a.Tags) > 0 {
		out["tags"] = a.Tags
	}
	return out
}

func (s *Server) lookupAssessment(c *call) (*regionState, *assessment, *apiError) {
	if err := checkUUIDParam(c, "assessmentId"); err != nil {
		return nil, nil, err
	}
	rs := s.amRegion(c)
	a, ok := rs.Assessments[c.params["assessmentId"]]
	if !ok {
		return nil, nil, notFound("assessment", c.params["assessmentId"])
	}
	return rs, a, nil
}

func (s *Server) amGetAssessment(c *call) (any, error) {
	_, a, err := s.lookupAssessment(c)
	if err != nil {
		return nil, err
	}
	out := map[string]any{"assessment": renderAssessment(a)}
	if len(a.Roles) > 0 {
		out["userRole"] = a.Roles[0]
	}
	return out, nil
}

// amUpdateAssessment changes the scope (required), and the name,
// description, report destination and roles given.
func (s *Server) amUpdateAssessment(c *call) (any, error) {
	var req assessmentRequest
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	var v validationError
	v.str("assessmentName", req.AssessmentName, 1, 300, amNameRe, `^[^\\]*$`)
	v.str("assessmentDescription", req.AssessmentDescription, 0, 1000, nil, "")
	v.required("scope", req.Scope != nil)
	validateAssessmentParts(&v, &req, false)
	if err := v.err(); err != nil {
		return nil, err
	}
	_, a, err := s.lookupAssessment(c)
	if err != nil {
		return nil, err
	}
	if req.AssessmentName != nil {
		a.Name = *req.AssessmentName
	}
	if req.AssessmentDescription != nil {
		a.Description = req.AssessmentDescription
	}
	if req.ReportsDestination != nil {
		a.ReportsDestination = req.ReportsDestination
	}
	if req.Roles != nil {
		a.Roles = req.Roles
	}
	a.Scope = assessmentScope{AWSAccounts: nonNil(req.Scope.AWSAccounts), AWSServices: []struct{}{}}
	a.LastUpdated = epoch(c.now)
	c.mutated = true
	return map[string]any{"assessment": renderAssessment(a)}, nil
}

func (s *Server) amUpdateAssessmentStatus(c *call) (any, error) {
	var req assessmentRequest
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	var v validationError
	if v.required("status", req.Status != "") {
		v.enum("status", req.Status, "ACTIVE", "INACTIVE")
	}
	if err := v.err(); err != nil {
		return nil, err
	}
	_, a, err := s.lookupAssessment(c)
	if err != nil {
		return nil, err
	}
	a.Status = req.Status
	a.LastUpdated = epoch(c.now)
	c.mutated = true
	return map[string]any{"assessment": renderAssessment(a)}, nil
}

func (s *Server) amDeleteAssessment(c *call) (any, error) {
	rs, a, err := s.lookupAssessment(c)
	if err != nil {
		return nil, err
	}
	delete(rs.Assessments, a.ID)
	c.mutated = true
	return nil, nil
}

type assessmentMetadataItem struct {
	ID             string     `json:"id"`
	Name           string     `json:"name"`
	ComplianceType *string    `json:"complianceType,omitempty"`
	Status         string     `json:"status"`
	Roles          []role     `json:"roles"`
	Delegations    []struct{} `json:"delegations"`
	CreationTime   epoch      `json:"creationTime"`
	LastUpdated    epoch      `json:"lastUpdated"`
}

func (s *Server) amListAssessments(c *call) (any, error) {
	var v validationError
	q := c.r.URL.Query()
	status := q.Get("status")
	if q.Has("status") {
		v.enum("status", status, "ACTIVE", "INACTIVE")
	}
	limit, token := pageParams(c, &v)
	if err := v.err(); err != nil {
		return nil, err
	}
	rs := s.amRegion(c)
	var all []*assessment
	for _, a := range rs.Assessments {
		if status == "" || a.Status == status {
			all = append(all, a)
		}
	}
	sortByCreation(all, func(a *assessment) (epoch, string) { return a.CreationTime, a.ID })
	items, next, ok := page(all, func(a *assessment) string { return creationKey(a.CreationTime, a.ID) }, token, limit)
	if !ok {
		return nil, invalidToken("nextToken")
	}
	list := make([]assessmentMetadataItem, len(items))
	for i, a := range items {
		list[i] = assessmentMetadataItem{
			ID: a.ID, Name: a.Name, ComplianceType: a.ComplianceType, Status: a.Status, Roles: nonNil(a.Roles),
			Delegations: []struct{}{}, CreationTime: a.CreationTime, LastUpdated: a.LastUpdated,
		}
	}
	return listResponse("assessmentMetadata", list, next), nil
}
