package sandbox

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"time"
)

// ConfigLimits are AWS Config's limits on conformance packs. Zero fields take
// the values of DefaultConfigLimits.
type ConfigLimits struct {
	// PacksPerAccount bounds the conformance packs of an account in a Region
	// (packs deployed by organization packs not counted).
	PacksPerAccount int
	// RulesPerPack bounds the Config rules of one conformance pack.
	RulesPerPack int
	// RulesPerAccount bounds the Config rules of an account in a Region. The
	// rules of every conformance pack count, those an organization pack
	// deployed into the account included; the sandbox holds no other rules.
	RulesPerAccount int
	// OrgPacks bounds the organization conformance packs of an organization.
	OrgPacks int
	// RulesPerOrgPack bounds the rules of one organization conformance pack.
	RulesPerOrgPack int
	// TemplateBodyBytes bounds a TemplateBody, TemplateS3Bytes a template
	// read from TemplateS3Uri.
	TemplateBodyBytes int
	TemplateS3Bytes   int
}

// DefaultConfigLimits are AWS Config's published limits. The pack, rule and
// organization figures are from the Service Limits page of the AWS Config
// Developer Guide (docs.aws.amazon.com/config/latest/developerguide/configlimits.html)
// and the quotas of "AWS Config endpoints and quotas" in the AWS General
// Reference (docs.aws.amazon.com/general/latest/gr/awsconfig.html), as read
// in 2026: 1,000 Config rules per Region per account, the rules of
// conformance packs and of organization conformance packs counting in it;
// 50 conformance packs per account and 130 rules per pack; 50 organization
// conformance packs per organization and 130 rules per organization pack;
// none of them adjustable. (The 2023 edition of the page, archived in
// github.com/awsdocs/aws-config-developer-guide, doc_source/configlimits.md,
// had 400 rules per account and separate caps of 150 rules across an
// account's packs and 180 across organization packs; AWS has dropped
// those.) The template sizes are from the PutConformancePack API reference:
// a TemplateBody of 1 to 51,200 bytes, a template in S3 of at most 300 KB.
var DefaultConfigLimits = ConfigLimits{
	PacksPerAccount:   50,
	RulesPerPack:      130,
	RulesPerAccount:   1000,
	OrgPacks:          50,
	RulesPerOrgPack:   130,
	TemplateBodyBytes: 51200,
	TemplateS3Bytes:   300 * 1024,
}

func (l ConfigLimits) withDefaults() ConfigLimits {
	d := DefaultConfigLimits
	pick := func(v, def int) int {
		if v > 0 {
			return v
		}
		return def
	}
	return ConfigLimits{
		PacksPerAccount:   pick(l.PacksPerAccount, d.PacksPerAccount),
		RulesPerPack:      pick(l.RulesPerPack, d.RulesPerPack),
		RulesPerAccount:   pick(l.RulesPerAccount, d.RulesPerAccount),
		OrgPacks:          pick(l.OrgPacks, d.OrgPacks),
		RulesPerOrgPack:   pick(l.RulesPerOrgPack, d.RulesPerOrgPack),
		TemplateBodyBytes: pick(l.TemplateBodyBytes, d.TemplateBodyBytes),
		TemplateS3Bytes:   pick(l.TemplateS3Bytes, d.TemplateS3Bytes),
	}
}

// Patterns of the AWS Config API model (botocore
// data/config/2014-11-12/service-2.json).
var (
	cfgPackNameRe = regexp.MustCompile(`^[a-zA-Z][-a-zA-Z0-9]*$`)
	cfgS3URIRe    = regexp.MustCompile(`^s3://.*$`)
)

const cfgPackNameShown = "[a-zA-Z][-a-zA-Z0-9]*"

func (s *Server) configService() *service {
	return &service{
		name:    "config",
		proto:   protoAWSJSON,
		limiter: newLimiter(max(0, s.opts.ConfigRPS), s.opts.ConfigBurst),
		route:   s.cfgRoute,
		check:   s.checkRegionEnabled,
		throttled: func() *apiError {
			return errorf(http.StatusBadRequest, "ThrottlingException", "Rate exceeded")
		},
		internal: func() *apiError {
			return errorf(http.StatusInternalServerError, "InternalFailure", "The request processing has failed because of an unknown error, exception or failure.")
		},
		unavailable: func() *apiError {
			return errorf(http.StatusServiceUnavailable, "ServiceUnavailable", "The request has failed due to a temporary failure of the server.")
		},
	}
}

func (s *Server) cfgOperations() map[string]handlerFunc {
	return map[string]handlerFunc{
		"PutConformancePack":                           s.cfgPutConformancePack,
		"DescribeConformancePacks":                     s.cfgDescribeConformancePacks,
		"DescribeConformancePackStatus":                s.cfgDescribeConformancePackStatus,
		"DeleteConformancePack":                        s.cfgDeleteConformancePack,
		"DescribeConformancePackCompliance":            s.cfgDescribeConformancePackCompliance,
		"GetConformancePackComplianceDetails":          s.cfgGetConformancePackComplianceDetails,
		"GetConformancePackComplianceSummary":          s.cfgGetConformancePackComplianceSummary,
		"ListConformancePackComplianceScores":          s.cfgListConformancePackComplianceScores,
		"PutOrganizationConformancePack":               s.cfgPutOrgPack,
		"DescribeOrganizationConformancePacks":         s.cfgDescribeOrgPacks,
		"DescribeOrganizationConformancePackStatuses":  s.cfgDescribeOrgPackStatuses,
		"GetOrganizationConformancePackDetailedStatus": s.cfgGetOrgPackDetailedStatus,
		"DeleteOrganizationConformancePack":            s.cfgDeleteOrgPack,
		"DescribeConfigRules":                          s.cfgDescribeConfigRules,
		"DescribeComplianceByConfigRule":               s.cfgDescribeComplianceByConfigRule,
		"GetComplianceDetailsByConfigRule":             s.cfgGetComplianceDetailsByConfigRule,
		"DescribeComplianceByResource":                 s.cfgDescribeComplianceByResource,
		"DescribeConfigurationRecorders":               s.cfgDescribeConfigurationRecorders,
		"DescribeConfigurationRecorderStatus":          s.cfgDescribeConfigurationRecorderStatus,
		"ListDiscoveredResources":                      s.cfgListDiscoveredResources,
		"BatchGetResourceConfig":                       s.cfgBatchGetResourceConfig,
		"GetResourceConfigHistory":                     s.cfgGetResourceConfigHistory,
		"SelectResourceConfig":                         s.cfgSelectResourceConfig,
		"PutConfigurationAggregator":                   s.cfgPutConfigurationAggregator,
		"DescribeConfigurationAggregators":             s.cfgDescribeConfigurationAggregators,
		"DeleteConfigurationAggregator":                s.cfgDeleteConfigurationAggregator,
		"DescribeAggregateComplianceByConfigRules":     s.cfgDescribeAggregateComplianceByConfigRules,
		"GetAggregateComplianceDetailsByConfigRule":    s.cfgGetAggregateComplianceDetailsByConfigRule,
		"ListAggregateDiscoveredResources":             s.cfgListAggregateDiscoveredResources,
		"BatchGetAggregateResourceConfig":              s.cfgBatchGetAggregateResourceConfig,
		"GetAggregateResourceConfig":                   s.cfgGetAggregateResourceConfig,
		"SelectAggregateResourceConfig":                s.cfgSelectAggregateResourceConfig,
		"TagResource":                                  s.cfgTagResource,
		"UntagResource":                                s.cfgUntagResource,
		"ListTagsForResource":                          s.cfgListTagsForResource,
	}
}

func (s *Server) cfgRoute(c *call) (string, handlerFunc, *apiError) {
	target := c.r.Header.Get("X-Amz-Target")
	op, ok := strings.CutPrefix(target, "StarlingDoveService.")
	if !ok || c.r.Method != http.MethodPost {
		return "unknown", nil, errorf(http.StatusBadRequest, "UnknownOperationException", "The sandbox does not know the AWS Config target %q.", target)
	}
	h, ok := s.cfgOperations()[op]
	if !ok {
		return op, nil, errorf(http.StatusBadRequest, "UnknownOperationException", "The sandbox does not emulate the AWS Config operation %s.", op)
	}
	return op, func(c *call) (any, error) {
		if s.advanceConfig(c.st, c.region, c.now) {
			c.mutated = true
		}
		if inheritEvaluations(c.st) {
			c.mutated = true
		}
		return h(c)
	}, nil
}

// cfgDecode reads an awsJson1_1 request body.
func cfgDecode(c *call, v any) *apiError {
	if len(strings.TrimSpace(string(c.body))) == 0 {
		return nil
	}
	if err := json.Unmarshal(c.body, v); err != nil {
		return errorf(http.StatusBadRequest, "SerializationException", "The request body could not be parsed: %v", err)
	}
	return nil
}

// cfgValidation turns gathered problems into AWS Config's
// ValidationException.
func cfgValidation(v *validationError) *apiError {
	e := v.err()
	if e == nil {
		return nil
	}
	e.Fields, e.Reason = nil, ""
	return e
}

func cfgError(code, format string, args ...any) *apiError {
	return errorf(http.StatusBadRequest, code, format, args...)
}

// cfgPageLimit checks a Limit member: 0 means the default, which is also the
// maximum.
func cfgPageLimit(v *validationError, limit, max int) int {
	if !v.intRange("limit", limit, 0, max) || limit == 0 {
		return max
	}
	return limit
}

// cfgPage pages a sorted list of names with AWS Config's NextToken.
func cfgPage[T any](items []T, key func(T) string, token string, limit int) ([]T, string, *apiError) {
	out, next, ok := page(items, key, token, limit)
	if !ok {
		return nil, "", cfgError("InvalidNextTokenException", "The specified next token is not valid.")
	}
	return out, next, nil
}

// inputParameter is a conformance pack input parameter.
type inputParameter struct {
	ParameterName  *string `json:"ParameterName"`
	ParameterValue *string `json:"ParameterValue"`
}

// tag is an AWS Config tag.
type tag struct {
	Key   *string `json:"Key"`
	Value *string `json:"Value"`
}

func checkInputParameters(v *validationError, params []inputParameter) {
	v.count("conformancePackInputParameters", len(params), 0, 60)
	for i, p := range params {
		v.reqStr(memberName("conformancePackInputParameters", i, "parameterName"), p.ParameterName, 0, 255, nil, "")
		v.reqStr(memberName("conformancePackInputParameters", i, "parameterValue"), p.ParameterValue, 0, 4096, nil, "")
	}
}

func checkConfigTags(v *validationError, name string, tags []tag, min int) {
	v.count(name, len(tags), min, 50)
	for i, t := range tags {
		v.reqStr(memberName(name, i, "key"), t.Key, 1, 128, nil, "")
		if t.Key != nil && strings.HasPrefix(*t.Key, "aws:") {
			v.add(memberName(name, i, "key"), "Tag keys starting with aws: are reserved for AWS use")
		}
		v.str(memberName(name, i, "value"), t.Value, 0, 256, nil, "")
	}
}

func tagMap(tags []tag) map[string]string {
	if len(tags) == 0 {
		return nil
	}
	out := make(map[string]string, len(tags))
	for _, t := range tags {
		val := ""
		if t.Value != nil {
			val = *t.Value
		}
		out[*t.Key] = val
	}
	return out
}

// advanceConfig moves the conformance packs of a Region whose deployment or
// deletion delay has passed to their next state, and reports whether
// anything changed.
func (s *Server) advanceConfig(st *state, region string, now time.Time) bool {
	changed := false
	for _, acct := range st.Accounts {
		rs, ok := acct.Regions[region]
		if !ok {
			continue
		}
		for name, p := range rs.Packs {
			switch {
			case !p.inProgress() || now.Before(p.ReadyAt):
			case p.State == "DELETE_IN_PROGRESS":
				delete(rs.Packs, name)
				changed = true
			default:
				p.complete()
				changed = true
			}
		}
	}
	for _, acct := range st.Accounts {
		rs, ok := acct.Regions[region]
		if !ok {
			continue
		}
		for name, op := range rs.OrgPacks {
			if op.Deleting && len(s.memberPacks(st, region, op)) == 0 {
				delete(rs.OrgPacks, name)
				changed = true
			}
		}
	}
	return changed
}
