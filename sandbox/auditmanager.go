package sandbox

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// auditManagerRegions are the Regions where AWS Audit Manager has an
// endpoint, from the AWS General Reference page "AWS Audit Manager endpoints
// and quotas" (docs.aws.amazon.com/general/latest/gr/audit-manager.html) and
// the endpoint table of aws-sdk-go-v2/service/auditmanager v1.46.16
// (internal/endpoints/endpoints.go). Paris (eu-west-3) was never among them,
// and AWS adds no Regions since Audit Manager closed to new customers.
var auditManagerRegions = []string{
	"ap-northeast-1", "ap-south-1", "ap-southeast-1", "ap-southeast-2",
	"ca-central-1", "eu-central-1", "eu-west-1", "eu-west-2",
	"us-east-1", "us-east-2", "us-west-1", "us-west-2",
}

// AuditManagerRegions returns the Regions where the sandbox, like AWS,
// offers Audit Manager.
func AuditManagerRegions() []string { return slices.Clone(auditManagerRegions) }

// Audit Manager quotas per account and Region, from
// docs.aws.amazon.com/audit-manager/latest/userguide/service-quotas.html as
// the project's reference notes record them.
const (
	maxCustomControls       = 500
	maxCustomFrameworks     = 100
	maxControlsPerFramework = 1400
	// maxSourcesPerControl is the limit of data sources per control that the
	// project's framework limits state; the API model itself declares only
	// a minimum of one.
	maxSourcesPerControl = 100
	// defaultPageSize is the page size of list operations called without
	// maxResults; AWS does not document its own.
	defaultPageSize = 100
)

// Patterns and limits of the Audit Manager API model (botocore
// data/auditmanager/2017-07-25/service-2.json), as Go regular expressions.
var (
	amNameRe          = regexp.MustCompile(`^[^\\]*$`)
	amControlSetRe    = regexp.MustCompile(`^[^\\_]*$`)
	amKeywordRe       = regexp.MustCompile(`^[a-zA-Z_0-9-\s().:/]+$`)
	amUUIDRe          = regexp.MustCompile(`^[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$`)
	amTagKeyRe        = regexp.MustCompile(`^[a-zA-Z+-=._:/]+$`)
	amTagValueRe      = regexp.MustCompile(`^.{0,255}$`)
	amTokenRe         = regexp.MustCompile(`^[A-Za-z0-9+/=]*$`)
	amARNRe           = regexp.MustCompile(`^arn:.*:auditmanager:.*`)
	amIAMARNRe        = regexp.MustCompile(`^arn:.*:iam:.*`)
	amS3URLRe         = regexp.MustCompile(`^(S|s)3://[a-zA-Z0-9\-\.\(\)'\*_!/]+$`)
	amAccountIDRe     = regexp.MustCompile(`^[0-9]{12}$`)
	amEmailRe         = regexp.MustCompile(`^.*@.*$`)
	amAccountNameRe   = regexp.MustCompile(`^[\x{0020}-\x{007E}]+$`)
	amCatalogIDRe     = regexp.MustCompile(`^arn:.*:controlcatalog:.*|UNCATEGORIZED`)
	amServiceNameRe   = regexp.MustCompile(`^[a-zA-Z0-9-\s().]+$`)
	uuidPatternShown  = `^[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$`
	tagKeyPatternShow = `^(?!aws:)[a-zA-Z+-=._:/]+$`
)

func (s *Server) auditManagerService() *service {
	return &service{
		name:    "auditmanager",
		proto:   protoRESTJSON,
		limiter: newLimiter(max(0, s.opts.RPS), s.opts.Burst),
		route:   s.amRoute,
		check:   amCheckRegion,
		throttled: func() *apiError {
			return errorf(http.StatusTooManyRequests, "ThrottlingException", "Rate exceeded")
		},
		internal: func() *apiError {
			return errorf(http.StatusInternalServerError, "InternalServerException", "An internal error occurred. Try again later.")
		},
		unavailable: func() *apiError {
			return errorf(http.StatusServiceUnavailable, "ServiceUnavailable", "Service is unavailable. Try again later.")
		},
	}
}

// amCheckRegion answers a request signed for a Region without Audit Manager
// the way the SDK fails there: no endpoint exists. The sandbox cannot make a
// host name not resolve, so it answers HTTP 404 UnknownEndpoint, which the
// SDK does not retry.
func amCheckRegion(c *call) *apiError {
	if slices.Contains(auditManagerRegions, c.region) {
		return nil
	}
	return errorf(http.StatusNotFound, "UnknownEndpoint",
		"lookup auditmanager.%s.amazonaws.com: no such host (AWS Audit Manager is not offered in %s; it runs in %s)",
		c.region, c.region, strings.Join(auditManagerRegions, ", "))
}

// amRouteEntry is one operation of the Audit Manager REST API.
type amRouteEntry struct {
	method string
	path   string // segments, with {name} placeholders
	op     string
	h      handlerFunc
}

func (s *Server) amRoutes() []amRouteEntry {
	return []amRouteEntry{
		{"GET", "/account/status", "GetAccountStatus", s.amGetAccountStatus},
		{"POST", "/controls", "CreateControl", s.amCreateControl},
		{"GET", "/controls", "ListControls", s.amListControls},
		{"GET", "/controls/{controlId}", "GetControl", s.amGetControl},
		{"PUT", "/controls/{controlId}", "UpdateControl", s.amUpdateControl},
		{"DELETE", "/controls/{controlId}", "DeleteControl", s.amDeleteControl},
		{"POST", "/assessmentFrameworks", "CreateAssessmentFramework", s.amCreateFramework},
		{"GET", "/assessmentFrameworks", "ListAssessmentFrameworks", s.amListFrameworks},
		{"GET", "/assessmentFrameworks/{frameworkId}", "GetAssessmentFramework", s.amGetFramework},
		{"PUT", "/assessmentFrameworks/{frameworkId}", "UpdateAssessmentFramework", s.amUpdateFramework},
		{"DELETE", "/assessmentFrameworks/{frameworkId}", "DeleteAssessmentFramework", s.amDeleteFramework},
		{"POST", "/assessments", "CreateAssessment", s.amCreateAssessment},
		{"GET", "/assessments", "ListAssessments", s.amListAssessments},
		{"GET", "/assessments/{assessmentId}", "GetAssessment", s.amGetAssessment},
		{"PUT", "/assessments/{assessmentId}", "UpdateAssessment", s.amUpdateAssessment},
		{"DELETE", "/assessments/{assessmentId}", "DeleteAssessment", s.amDeleteAssessment},
		{"PUT", "/assessments/{assessmentId}/status", "UpdateAssessmentStatus", s.amUpdateAssessmentStatus},
		{"GET", "/tags/{resourceArn}", "ListTagsForResource", s.amListTags},
		{"POST", "/tags/{resourceArn}", "TagResource", s.amTagResource},
		{"DELETE", "/tags/{resourceArn}", "UntagResource", s.amUntagResource},
		{"GET", "/dataSourceKeywords", "ListKeywordsForDataSource", s.amListKeywords},
		{"GET", "/settings/{attribute}", "GetSettings", s.amGetSettings},
	}
}

// amRoute finds the operation of a request by method and path. The path is
// split on its escaped form, so that an ARN escaped into one segment stays
// one parameter.
func (s *Server) amRoute(c *call) (string, handlerFunc, *apiError) {
	segs, ok := splitPath(c.r.URL.EscapedPath())
	if !ok {
		return "unknown", nil, amUnknownOperation(c.r)
	}
	// An ARN sent unescaped spans several segments.
	if len(segs) > 2 && segs[0] == "tags" {
		segs = []string{"tags", strings.Join(segs[1:], "/")}
	}
	for _, rt := range s.amRoutes() {
		if rt.method != c.r.Method {
			continue
		}
		params, ok := matchPath(strings.Split(strings.Trim(rt.path, "/"), "/"), segs)
		if !ok {
			continue
		}
		c.params = params
		return rt.op, amRequireActive(rt.op, rt.h), nil
	}
	return "unknown", nil, amUnknownOperation(c.r)
}

func splitPath(escaped string) ([]string, bool) {
	parts := strings.Split(strings.Trim(escaped, "/"), "/")
	for i, p := range parts {
		u, err := url.PathUnescape(p)
		if err != nil {
			return nil, false
		}
		parts[i] = u
	}
	return parts, true
}

func matchPath(pattern, segs []string) (map[string]string, bool) {
	if len(pattern) != len(segs) {
		return nil, false
	}
	params := map[string]string{}
	for i, p := range pattern {
		if strings.HasPrefix(p, "{") {
			params[strings.Trim(p, "{}")] = segs[i]
			continue
		}
		if p != segs[i] {
			return nil, false
		}
	}
	return params, true
}

func amUnknownOperation(r *http.Request) *apiError {
	e := errorf(http.StatusBadRequest, "ValidationException",
		"the sandbox does not emulate the Audit Manager operation %s %s", r.Method, r.URL.Path)
	e.Reason = "unknownOperation"
	return e
}

// amRequireActive denies every operation but GetAccountStatus to an account
// whose Audit Manager status is not ACTIVE, as AWS does to an account that
// never registered.
func amRequireActive(op string, h handlerFunc) handlerFunc {
	if op == "GetAccountStatus" {
		return h
	}
	return func(c *call) (any, error) {
		if status := c.st.account(c.account).AuditManagerStatus; status != "ACTIVE" {
			return nil, errorf(http.StatusForbidden, "AccessDeniedException",
				"Your account isn't registered with AWS Audit Manager (status %s). Audit Manager stopped accepting new customers on 30 April 2026.", status)
		}
		return h(c)
	}
}

// amRegion returns the caller's Audit Manager state in the Region of the
// request, seeding the standard controls and framework on first use.
func (s *Server) amRegion(c *call) *regionState {
	rs := c.st.region(c.account, c.region)
	if !rs.Seeded {
		seedStandard(rs, c.account, c.region)
		c.mutated = true
	}
	return rs
}

// decode reads a JSON request body into v; an empty body is an empty object.
func decode(c *call, v any) *apiError {
	if len(strings.TrimSpace(string(c.body))) == 0 {
		return nil
	}
	if err := json.Unmarshal(c.body, v); err != nil {
		e := errorf(http.StatusBadRequest, "ValidationException", "The request body could not be parsed: %v", err)
		e.Reason = "cannotParse"
		return e
	}
	return nil
}

// pageParams reads and checks maxResults and nextToken from the query.
func pageParams(c *call, v *validationError) (limit int, token string) {
	q := c.r.URL.Query()
	limit = defaultPageSize
	if raw := q.Get("maxResults"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil {
			v.add("maxResults", "Value '%s' at 'maxResults' failed to satisfy constraint: Member must be a number", raw)
		} else if v.intRange("maxResults", n, 1, 1000) {
			limit = n
		}
	}
	if q.Has("nextToken") {
		token = q.Get("nextToken")
		v.str("nextToken", &token, 1, 1000, amTokenRe, `^[A-Za-z0-9+\/=]*$`)
	}
	return limit, token
}

// checkTags validates a tag map as TagResource and the Create operations do.
func checkTags(v *validationError, name string, tags map[string]string) {
	v.count(name, len(tags), 0, 50)
	for k, val := range tags {
		if v.length(name+".key", k, 1, 128) {
			if strings.HasPrefix(k, "aws:") || !amTagKeyRe.MatchString(k) {
				v.add(name+".key", "Value %s at '%s.key' failed to satisfy constraint: Member must satisfy regular expression pattern: %s", quoted(k), name, tagKeyPatternShow)
			}
		}
		if v.length(name+".value", val, 0, 256) {
			v.pattern(name+".value", val, amTagValueRe, ".{0,255}")
		}
	}
}

// checkUUIDParam validates an ID taken from the path.
func checkUUIDParam(c *call, name string) *apiError {
	var v validationError
	id := c.params[name]
	v.reqStr(name, &id, 36, 36, amUUIDRe, uuidPatternShown)
	return v.err()
}

func notFound(resourceType, id string) *apiError {
	e := errorf(http.StatusNotFound, "ResourceNotFoundException", "The %s %s doesn't exist.", resourceType, id)
	e.ResourceID, e.ResourceType = id, resourceType
	return e
}

func quotaExceeded(format string, args ...any) *apiError {
	return errorf(http.StatusPaymentRequired, "ServiceQuotaExceededException", format, args...)
}

func amARN(region, account, kind, id string) string {
	return "arn:aws:auditmanager:" + region + ":" + account + ":" + kind + "/" + id
}

// caller names the signer in createdBy and lastUpdatedBy, within the
// pattern AWS declares for them.
func caller(c *call) string { return c.cred.AccessKey }

func cloneTags(tags map[string]string) map[string]string {
	if len(tags) == 0 {
		return nil
	}
	out := make(map[string]string, len(tags))
	for k, v := range tags {
		out[k] = v
	}
	return out
}
