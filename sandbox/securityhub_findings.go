package sandbox

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"
)

// findingFields maps the string filters of GetFindings the sandbox supports
// to the path of their value in a finding; a path crosses lists, so
// ResourceType matches the Type of any of the finding's Resources.
var findingFields = map[string][]string{
	"AwsAccountId":                    {"AwsAccountId"},
	"AwsAccountName":                  {"AwsAccountName"},
	"CompanyName":                     {"CompanyName"},
	"ComplianceAssociatedStandardsId": {"Compliance", "AssociatedStandards", "StandardsId"},
	"ComplianceSecurityControlId":     {"Compliance", "SecurityControlId"},
	"ComplianceStatus":                {"Compliance", "Status"},
	"Description":                     {"Description"},
	"GeneratorId":                     {"GeneratorId"},
	"Id":                              {"Id"},
	"ProductArn":                      {"ProductArn"},
	"ProductName":                     {"ProductName"},
	"RecommendationText":              {"Remediation", "Recommendation", "Text"},
	"RecordState":                     {"RecordState"},
	"Region":                          {"Region"},
	"ResourceId":                      {"Resources", "Id"},
	"ResourcePartition":               {"Resources", "Partition"},
	"ResourceRegion":                  {"Resources", "Region"},
	"ResourceType":                    {"Resources", "Type"},
	"SeverityLabel":                   {"Severity", "Label"},
	"SourceUrl":                       {"SourceUrl"},
	"Title":                           {"Title"},
	"Type":                            {"Types"},
	"VerificationState":               {"VerificationState"},
	"WorkflowState":                   {"WorkflowState"},
	"WorkflowStatus":                  {"Workflow", "Status"},
}

// sortFields are the fields GetFindings sorts on in the sandbox, beyond the
// string fields.
var sortFields = map[string][]string{
	"CreatedAt":       {"CreatedAt"},
	"UpdatedAt":       {"UpdatedAt"},
	"FirstObservedAt": {"FirstObservedAt"},
	"LastObservedAt":  {"LastObservedAt"},
	"ProcessedAt":     {"ProcessedAt"},
}

// fieldValues returns the strings found at a path of a decoded finding.
func fieldValues(v any, path []string) []string {
	switch x := v.(type) {
	case []any:
		var out []string
		for _, e := range x {
			out = append(out, fieldValues(e, path)...)
		}
		return out
	case map[string]any:
		if len(path) == 0 {
			return nil
		}
		return fieldValues(x[path[0]], path[1:])
	case string:
		if len(path) == 0 {
			return []string{x}
		}
	}
	return nil
}

// stringFilter is a StringFilter of GetFindings.
type stringFilter struct {
	Value      *string `json:"Value"`
	Comparison string  `json:"Comparison"`
}

func (f stringFilter) matches(v string) bool {
	w := *f.Value
	switch f.Comparison {
	case "EQUALS", "NOT_EQUALS":
		return v == w
	case "PREFIX", "PREFIX_NOT_EQUALS":
		return strings.HasPrefix(v, w)
	default: // CONTAINS, NOT_CONTAINS
		return strings.Contains(v, w)
	}
}

func (f stringFilter) negative() bool {
	return strings.HasPrefix(f.Comparison, "NOT_") || f.Comparison == "PREFIX_NOT_EQUALS"
}

// checkFilters validates the string filters of one field as Security Hub
// does: no CONTAINS with NOT_CONTAINS, no EQUALS with a negative filter,
// CONTAINS and NOT_CONTAINS only with their own kind.
func checkFilters(name string, filters []stringFilter) *apiError {
	kinds := map[string]bool{}
	for _, f := range filters {
		switch {
		case f.Value == nil || strings.TrimSpace(*f.Value) == "":
			return shInvalidInput("Invalid string filter for %s: Value is required and must not be blank.", name)
		case f.Comparison == "CONTAINS_WORD":
			return shInvalidInput("Invalid string filter for %s: CONTAINS_WORD works only in GetFindingsV2.", name)
		case !slices.Contains([]string{"EQUALS", "PREFIX", "NOT_EQUALS", "PREFIX_NOT_EQUALS", "CONTAINS", "NOT_CONTAINS"}, f.Comparison):
			return shInvalidInput("Invalid string filter for %s: Comparison %q is not EQUALS, PREFIX, NOT_EQUALS, PREFIX_NOT_EQUALS, CONTAINS or NOT_CONTAINS.", name, f.Comparison)
		}
		kinds[f.Comparison] = true
	}
	if (kinds["CONTAINS"] && len(kinds) > 1) || (kinds["NOT_CONTAINS"] && len(kinds) > 1) ||
		(kinds["EQUALS"] && (kinds["NOT_EQUALS"] || kinds["PREFIX_NOT_EQUALS"])) {
		return shInvalidInput("Invalid string filters for %s: CONTAINS and NOT_CONTAINS combine only with their own kind, and EQUALS not with NOT_EQUALS or PREFIX_NOT_EQUALS.", name)
	}
	return nil
}

// fieldMatches applies the filters of one field: a finding passes when one
// of the positive filters matches one of its values (or there is none), and
// none of its values matches a negative filter.
func fieldMatches(values []string, filters []stringFilter) bool {
	positive, anyPositive := false, false
	for _, f := range filters {
		hit := slices.ContainsFunc(values, f.matches)
		if f.negative() {
			if hit {
				return false
			}
			continue
		}
		anyPositive = true
		positive = positive || hit
	}
	return positive || !anyPositive
}

// visibleFindings returns the findings the caller sees in its Region: its
// own, and those of every account of the organization for an administrator
// hub.
func (s *Server) visibleFindings(c *call) []map[string]any {
	accounts := []string{c.account}
	if c.st.region(c.account, c.region).Hub.Administrator {
		accounts = s.accounts
	}
	var out []map[string]any
	for _, a := range accounts {
		acct, ok := c.st.Accounts[a]
		if !ok {
			continue
		}
		rs, ok := acct.Regions[c.region]
		if !ok || rs.Hub == nil {
			continue
		}
		for _, id := range slices.Sorted(maps.Keys(rs.Hub.Findings)) {
			var f map[string]any
			if json.Unmarshal(rs.Hub.Findings[id], &f) == nil {
				out = append(out, f)
			}
		}
	}
	return out
}

func (s *Server) shGetFindings(c *call) (any, error) {
	var req struct {
		Filters map[string]json.RawMessage `json:"Filters"`
		Sort    []struct {
			Field     string `json:"Field"`
			SortOrder string `json:"SortOrder"`
		} `json:"SortCriteria"`
		MaxResults *int   `json:"MaxResults"`
		NextToken  string `json:"NextToken"`
	}
	if err := decode(c, &req); err != nil {
		return nil, shInvalidInput("%s", err.Message)
	}
	limit, aerr := shMaxResults(req.MaxResults)
	if aerr != nil {
		return nil, aerr
	}
	filters := map[string][]stringFilter{}
	for name, raw := range req.Filters {
		if _, ok := findingFields[name]; !ok {
			return nil, shInvalidInput("The sandbox does not filter findings on %s; it supports the string filters %s.", name, strings.Join(slices.Sorted(maps.Keys(findingFields)), ", "))
		}
		var list []stringFilter
		if err := json.Unmarshal(raw, &list); err != nil {
			return nil, shInvalidInput("Invalid filter %s: %v", name, err)
		}
		if err := checkFilters(name, list); err != nil {
			return nil, err
		}
		filters[name] = list
	}
	var kept []map[string]any
	for _, f := range s.visibleFindings(c) {
		ok := true
		for name, list := range filters {
			ok = ok && fieldMatches(fieldValues(f, findingFields[name]), list)
		}
		if ok {
			kept = append(kept, f)
		}
	}
	if err := sortFindings(kept, req.Sort); err != nil {
		return nil, err
	}
	items, next, ok := pageByPosition(kept, req.NextToken, limit)
	if !ok {
		return nil, shInvalidInput("The NextToken is not valid.")
	}
	out := map[string]any{"Findings": nonNil(items)}
	if next != "" {
		out["NextToken"] = next
	}
	return out, nil
}

// sortFindings orders findings by the sort criteria; without any, by
// UpdatedAt, latest first, as the console shows them.
func sortFindings(findings []map[string]any, criteria []struct {
	Field     string `json:"Field"`
	SortOrder string `json:"SortOrder"`
}) *apiError {
	type key struct {
		path []string
		desc bool
	}
	keys := []key{{[]string{"UpdatedAt"}, true}}
	if len(criteria) > 0 {
		keys = nil
	}
	for _, cr := range criteria {
		path, ok := findingFields[cr.Field]
		if !ok {
			path, ok = sortFields[cr.Field]
		}
		if !ok {
			return shInvalidInput("The sandbox does not sort findings on %s.", cr.Field)
		}
		if cr.SortOrder != "" && cr.SortOrder != "asc" && cr.SortOrder != "desc" {
			return shInvalidInput("SortOrder must be asc or desc, not %q.", cr.SortOrder)
		}
		keys = append(keys, key{path, cr.SortOrder == "desc"})
	}
	keys = append(keys, key{[]string{"Id"}, false})
	first := func(f map[string]any, path []string) string {
		if v := fieldValues(f, path); len(v) > 0 {
			return v[0]
		}
		return ""
	}
	sort.SliceStable(findings, func(i, j int) bool {
		for _, k := range keys {
			a, b := first(findings[i], k.path), first(findings[j], k.path)
			if a != b {
				return (a < b) != k.desc
			}
		}
		return false
	})
	return nil
}

// pageByPosition pages a list whose order is not by a unique key, with a
// token holding the position of the next item.
func pageByPosition[T any](items []T, token string, limit int) ([]T, string, bool) {
	type indexed struct {
		i int
		v T
	}
	all := make([]indexed, len(items))
	for i, v := range items {
		all[i] = indexed{i, v}
	}
	got, next, ok := page(all, func(x indexed) string { return fmt.Sprintf("%08d", x.i) }, token, limit)
	out := make([]T, len(got))
	for i, x := range got {
		out[i] = x.v
	}
	return out, next, ok
}

// maxFindingBytes is Security Hub's limit on one finding (BatchImportFindings
// API reference).
const maxFindingBytes = 240 << 10

func (s *Server) shBatchImportFindings(c *call) (any, error) {
	var req struct {
		Findings []json.RawMessage `json:"Findings"`
	}
	if err := decode(c, &req); err != nil {
		return nil, shInvalidInput("%s", err.Message)
	}
	if len(req.Findings) < 1 || len(req.Findings) > 100 {
		return nil, shInvalidInput("Findings must hold 1 to 100 findings, not %d.", len(req.Findings))
	}
	h := c.st.region(c.account, c.region).Hub
	type failure struct {
		ID           string `json:"Id"`
		ErrorCode    string `json:"ErrorCode"`
		ErrorMessage string `json:"ErrorMessage"`
	}
	failed := []failure{}
	success := 0
	for _, raw := range req.Findings {
		f, id, err := checkFinding(raw, c.account, c.region)
		if err == nil && f["ProductArn"] != defaultProductARN(c.region, c.account) {
			err = fmt.Errorf("the product %v is not one account %s may import findings for; use %s", f["ProductArn"], c.account, defaultProductARN(c.region, c.account))
		}
		if err != nil {
			if id == "" {
				id = "unknown"
			}
			failed = append(failed, failure{id, "InvalidInput", "Finding does not adhere to Amazon Finding Format. " + err.Error()})
			continue
		}
		f["ProductName"], f["CompanyName"] = "Default", "Personal"
		h.store(f, c.region, c.now)
		success++
	}
	if success > 0 {
		c.mutated = true
	}
	return map[string]any{"FailedCount": len(failed), "SuccessCount": success, "FailedFindings": failed}, nil
}

func defaultProductARN(region, account string) string {
	return "arn:aws:securityhub:" + region + ":" + account + ":product/" + account + "/default"
}

// checkFinding decodes a finding and checks the members ASFF requires.
func checkFinding(raw json.RawMessage, account, region string) (map[string]any, string, error) {
	var f map[string]any
	if err := json.Unmarshal(raw, &f); err != nil {
		return nil, "", fmt.Errorf("the finding is not a JSON object: %v", err)
	}
	id, _ := f["Id"].(string)
	if len(raw) > maxFindingBytes {
		return nil, id, fmt.Errorf("the finding is %d bytes; the limit is %d", len(raw), maxFindingBytes)
	}
	for _, name := range []string{"SchemaVersion", "Id", "ProductArn", "GeneratorId", "AwsAccountId", "CreatedAt", "UpdatedAt", "Title", "Description"} {
		if v, _ := f[name].(string); strings.TrimSpace(v) == "" {
			return nil, id, fmt.Errorf("data.%s is required and must be a non-empty string", name)
		}
	}
	for _, name := range []string{"CreatedAt", "UpdatedAt"} {
		if _, err := time.Parse(time.RFC3339, f[name].(string)); err != nil {
			return nil, id, fmt.Errorf("data.%s should be an ISO 8601 date-time", name)
		}
	}
	if n := len(f["Title"].(string)); n > 256 {
		return nil, id, fmt.Errorf("data.Title should NOT be longer than 256 characters")
	}
	if f["AwsAccountId"] != account {
		return nil, id, fmt.Errorf("data.AwsAccountId %v is not the calling account %s", f["AwsAccountId"], account)
	}
	resources, _ := f["Resources"].([]any)
	if len(resources) == 0 || len(resources) > 32 {
		return nil, id, fmt.Errorf("data.Resources should hold 1 to 32 resources")
	}
	for _, r := range resources {
		m, _ := r.(map[string]any)
		if t, _ := m["Type"].(string); t == "" {
			return nil, id, fmt.Errorf("data.Resources[].Type is required")
		}
		if rid, _ := m["Id"].(string); rid == "" {
			return nil, id, fmt.Errorf("data.Resources[].Id is required")
		}
	}
	return f, id, nil
}

// store keeps a finding as Security Hub does on import: it sets Region and
// ProcessedAt, defaults RecordState and the workflow, and keeps the
// workflow, note and user-defined fields of a finding it already holds.
func (h *hub) store(f map[string]any, region string, now time.Time) {
	id := f["Id"].(string)
	f["Region"] = region
	f["ProcessedAt"] = isoTime(now)
	if _, ok := f["RecordState"]; !ok {
		f["RecordState"] = "ACTIVE"
	}
	if _, ok := f["Workflow"]; !ok {
		f["Workflow"] = map[string]any{"Status": "NEW"}
	}
	if _, ok := f["WorkflowState"]; !ok {
		f["WorkflowState"] = "NEW"
	}
	if old, ok := h.Findings[id]; ok {
		var prev map[string]any
		if json.Unmarshal(old, &prev) == nil {
			for _, name := range []string{"Workflow", "WorkflowState", "Note", "UserDefinedFields", "VerificationState"} {
				if v, ok := prev[name]; ok {
					f[name] = v
				}
			}
		}
	}
	if h.Findings == nil {
		h.Findings = map[string]json.RawMessage{}
	}
	h.Findings[id] = mustJSON(f)
}

// ControlFinding is the finding of a Security Hub control for one resource,
// as Security Hub generates it with consolidated control findings
// (ControlFindingGenerator SECURITY_CONTROL). Tests and the demo add it with
// PutControlFinding.
type ControlFinding struct {
	// Account is the finding's account; empty means Options.AccountID.
	Account string
	Region  string
	// ControlID is the security control ID, such as IAM.6.
	ControlID string
	// Status is PASSED, FAILED, WARNING or NOT_AVAILABLE.
	Status string
	Title  string
	// Severity is INFORMATIONAL, LOW, MEDIUM, HIGH or CRITICAL; empty means
	// MEDIUM.
	Severity string
	// ResourceType and ResourceID name the resource as Security Hub does:
	// AwsAccount and AWS::::Account:123456789012, AwsS3Bucket and the
	// bucket's ARN.
	ResourceType string
	ResourceID   string
	// Standards are the StandardsIds the control belongs to; empty means
	// AWS Foundational Security Best Practices.
	Standards []string
	// Updated is the finding's UpdatedAt; zero means now.
	Updated time.Time
	// WorkflowStatus defaults to NEW for a failed control and RESOLVED for
	// a passed one; RecordState defaults to ACTIVE.
	WorkflowStatus string
	RecordState    string
}

var normalizedSeverity = map[string]int{"INFORMATIONAL": 0, "LOW": 1, "MEDIUM": 40, "HIGH": 70, "CRITICAL": 90}

// PutControlFinding adds or updates the finding of a control for one
// resource, in a Region where Security Hub is enabled, and returns its ID.
func (s *Server) PutControlFinding(cf ControlFinding) (string, error) {
	if cf.Account == "" {
		cf.Account = s.opts.AccountID
	}
	var id string
	err := s.update(func(st *state) error {
		var err error
		id, err = st.putControlFinding(cf)
		return err
	})
	return id, err
}

func (st *state) putControlFinding(cf ControlFinding) (string, error) {
	if cf.Severity == "" {
		cf.Severity = "MEDIUM"
	}
	switch {
	case cf.Region == "" || cf.ControlID == "" || cf.ResourceType == "" || cf.ResourceID == "":
		return "", fmt.Errorf("a control finding needs a Region, a control ID and a resource")
	case !slices.Contains([]string{"PASSED", "FAILED", "WARNING", "NOT_AVAILABLE"}, cf.Status):
		return "", fmt.Errorf("compliance status %q is not PASSED, FAILED, WARNING or NOT_AVAILABLE", cf.Status)
	}
	if _, ok := normalizedSeverity[cf.Severity]; !ok {
		return "", fmt.Errorf("severity %q is not INFORMATIONAL, LOW, MEDIUM, HIGH or CRITICAL", cf.Severity)
	}
	h := st.region(cf.Account, cf.Region).Hub
	if h == nil {
		return "", fmt.Errorf("account %s has not enabled Security Hub in %s", cf.Account, cf.Region)
	}
	f := cf.asff()
	id := f["Id"].(string)
	delete(h.Findings, id) // a control finding's workflow follows its status
	h.store(f, cf.Region, cf.updated())
	return id, nil
}

func (cf ControlFinding) updated() time.Time {
	if cf.Updated.IsZero() {
		return time.Now().UTC().Truncate(time.Millisecond)
	}
	return cf.Updated
}

// asff renders the finding in the AWS Security Finding Format.
func (cf ControlFinding) asff() map[string]any {
	id := "arn:aws:securityhub:" + cf.Region + ":" + cf.Account + ":security-control/" + cf.ControlID + "/finding/" +
		stableUUID("control-finding", cf.Account, cf.Region, cf.ControlID, cf.ResourceID)
	at := isoTime(cf.updated())
	workflow := cf.WorkflowStatus
	if workflow == "" {
		workflow = "NEW"
		if cf.Status == "PASSED" {
			workflow = "RESOLVED"
		}
	}
	record := cf.RecordState
	if record == "" {
		record = "ACTIVE"
	}
	standards := cf.Standards
	if len(standards) == 0 {
		standards = []string{FSBPStandardsID}
	}
	assoc := make([]any, len(standards))
	for i, std := range standards {
		assoc[i] = map[string]string{"StandardsId": std}
	}
	title := cf.Title
	if title == "" {
		title = cf.ControlID
	}
	types := []any{"Software and Configuration Checks/Industry and Regulatory Standards"}
	severity := map[string]any{"Label": cf.Severity, "Normalized": normalizedSeverity[cf.Severity], "Original": cf.Severity}
	return map[string]any{
		"SchemaVersion":   "2018-10-08",
		"Id":              id,
		"ProductArn":      "arn:aws:securityhub:" + cf.Region + "::product/aws/securityhub",
		"ProductName":     "Security Hub",
		"CompanyName":     "AWS",
		"GeneratorId":     "security-control/" + cf.ControlID,
		"AwsAccountId":    cf.Account,
		"Types":           types,
		"FirstObservedAt": at, "LastObservedAt": at, "CreatedAt": at, "UpdatedAt": at,
		"Severity":    severity,
		"Title":       title,
		"Description": "This AWS control checks " + strings.ToLower(title[:1]) + title[1:] + ".",
		"Remediation": map[string]any{"Recommendation": map[string]string{
			"Text": "For information on how to correct this issue, consult the AWS Security Hub controls documentation.",
			"Url":  "https://docs.aws.amazon.com/console/securityhub/" + cf.ControlID + "/remediation",
		}},
		"ProductFields": map[string]string{
			"aws/securityhub/ProductName": "Security Hub", "aws/securityhub/CompanyName": "AWS", "aws/securityhub/FindingId": id,
		},
		"Resources": []any{map[string]string{
			"Type": cf.ResourceType, "Id": cf.ResourceID, "Partition": "aws", "Region": cf.Region,
		}},
		"Compliance":    map[string]any{"Status": cf.Status, "SecurityControlId": cf.ControlID, "AssociatedStandards": assoc},
		"WorkflowState": "NEW",
		"Workflow":      map[string]string{"Status": workflow},
		"RecordState":   record,
		"FindingProviderFields": map[string]any{
			"Severity": map[string]string{"Label": cf.Severity, "Original": cf.Severity},
			"Types":    types,
		},
	}
}

// PutFinding stores a finding in the AWS Security Finding Format as it is,
// bypassing BatchImportFindings' checks of the product and account: the way
// to seed the findings of AWS services and partners.
func (s *Server) PutFinding(account, region string, finding json.RawMessage) error {
	if account == "" {
		account = s.opts.AccountID
	}
	f, _, err := checkFinding(finding, account, region)
	if err != nil {
		return fmt.Errorf("sandbox: %w", err)
	}
	return s.update(func(st *state) error {
		h := st.region(account, region).Hub
		if h == nil {
			return fmt.Errorf("account %s has not enabled Security Hub in %s", account, region)
		}
		h.store(f, region, time.Now())
		return nil
	})
}
