package sandbox

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
)

// commercialRegions are the Regions of the aws partition, from the
// partitions.json of aws-sdk-go-v2 v1.48.0 as the project's reference data
// lists them (eea-regions.tsv), each with whether an account must enable it
// before use. AWS disables by default every Region launched after 20 March
// 2019 ("Enable or disable AWS Regions in your account", AWS Account
// Management Reference Guide); the reference data records that status for
// the European Regions, the others follow the same rule.
var commercialRegions = []commercialRegion{
	{"af-south-1", true}, {"ap-east-1", true}, {"ap-east-2", true},
	{"ap-northeast-1", false}, {"ap-northeast-2", false}, {"ap-northeast-3", false},
	{"ap-south-1", false}, {"ap-south-2", true},
	{"ap-southeast-1", false}, {"ap-southeast-2", false}, {"ap-southeast-3", true},
	{"ap-southeast-4", true}, {"ap-southeast-5", true}, {"ap-southeast-6", true}, {"ap-southeast-7", true},
	{"ca-central-1", false}, {"ca-west-1", true},
	{"eu-central-1", false}, {"eu-central-2", true}, {"eu-north-1", false},
	{"eu-south-1", true}, {"eu-south-2", true},
	{"eu-west-1", false}, {"eu-west-2", false}, {"eu-west-3", false},
	{"il-central-1", true}, {"me-central-1", true}, {"me-south-1", true}, {"me-west-1", true},
	{"mx-central-1", true}, {"sa-east-1", false}, {"sa-west-1", true},
	{"us-east-1", false}, {"us-east-2", false}, {"us-west-1", false}, {"us-west-2", false},
}

// commercialRegion is a Region of the aws partition.
type commercialRegion struct {
	code  string
	optIn bool
}

// Region opt-in statuses, as the Account Management API names them.
const (
	regionEnabledByDefault = "ENABLED_BY_DEFAULT"
	regionEnabled          = "ENABLED"
	regionDisabled         = "DISABLED"
)

var regionOptStatuses = []string{regionEnabled, "ENABLING", "DISABLING", regionDisabled, regionEnabledByDefault}

// Patterns of the Account Management API model (botocore
// data/account/2021-02-01/service-2.json).
var (
	accountRegionNameRe = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]+$`)
)

// regionStatus returns the opt-in status of a Region in every account of
// the sandbox, and whether the sandbox knows the Region.
func (s *Server) regionStatus(region string) (string, bool) {
	named := func(r commercialRegion) bool { return r.code == region }
	i := slices.IndexFunc(commercialRegions, named)
	switch {
	case i < 0:
		return "", false
	case !commercialRegions[i].optIn:
		return regionEnabledByDefault, true
	case slices.Contains(s.opts.OptInRegions, region):
		return regionEnabled, true
	}
	return regionDisabled, true
}

// checkRegionEnabled answers a request to a Region the account has not
// enabled as AWS does: the Region does not accept the account's
// credentials. Regions the sandbox does not know are left alone.
func (s *Server) checkRegionEnabled(c *call) *apiError {
	if status, ok := s.regionStatus(c.region); ok && status == regionDisabled {
		return errorf(http.StatusBadRequest, "UnrecognizedClientException",
			"The security token included in the request is invalid. (%s is an opt-in Region that account %s has not enabled.)", c.region, c.account)
	}
	return nil
}

func (s *Server) accountService() *service {
	return &service{
		name:  "account",
		proto: protoRESTJSON,
		route: s.accountRoute,
		throttled: func() *apiError {
			return errorf(http.StatusTooManyRequests, "TooManyRequestsException", "Rate exceeded")
		},
		internal: func() *apiError {
			return errorf(http.StatusInternalServerError, "InternalServerException", "An internal error occurred. Try again later.")
		},
		unavailable: func() *apiError {
			return errorf(http.StatusServiceUnavailable, "ServiceUnavailable", "Service is unavailable. Try again later.")
		},
	}
}

func (s *Server) accountRoute(c *call) (string, handlerFunc, *apiError) {
	if c.r.Method == http.MethodPost {
		switch strings.Trim(c.r.URL.Path, "/") {
		case "listRegions":
			return "ListRegions", s.accountListRegions, nil
		case "getRegionOptStatus":
			return "GetRegionOptStatus", s.accountGetRegionOptStatus, nil
		}
	}
	e := errorf(http.StatusBadRequest, "ValidationException",
		"the sandbox does not emulate the Account Management operation %s %s", c.r.Method, c.r.URL.Path)
	e.Reason = "other"
	return "unknown", nil, e
}

// accountTarget checks the AccountId member of an Account Management
// request: only the management account may name another account of its
// organization, and never itself.
func (s *Server) accountTarget(c *call, accountID *string) *apiError {
	if accountID == nil {
		return nil
	}
	var v validationError
	v.str("AccountId", accountID, 12, 12, accountIDRe, `^\d{12}$`)
	if err := v.err(); err != nil {
		return err
	}
	switch {
	case *accountID == c.account && c.account == s.opts.AccountID:
		return badRequest("The management account can't specify its own AccountId; call the operation without it.")
	case c.account != s.opts.AccountID || !slices.Contains(s.accounts, *accountID):
		return errorf(http.StatusForbidden, "AccessDeniedException",
			"Account %s is not allowed to read the Regions of account %s.", c.account, *accountID)
	}
	return nil
}

func (s *Server) accountListRegions(c *call) (any, error) {
	var req struct {
		AccountID  *string  `json:"AccountId"`
		MaxResults *int     `json:"MaxResults"`
		NextToken  *string  `json:"NextToken"`
		Statuses   []string `json:"RegionOptStatusContains"`
	}
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	var v validationError
	limit := 20
	if req.MaxResults != nil && v.intRange("MaxResults", *req.MaxResults, 1, 50) {
		limit = *req.MaxResults
	}
	v.str("NextToken", req.NextToken, 0, 1000, nil, "")
	for i, st := range req.Statuses {
		v.enum(memberName("RegionOptStatusContains", i, ""), st, regionOptStatuses...)
	}
	if err := v.err(); err != nil {
		return nil, err
	}
	if err := s.accountTarget(c, req.AccountID); err != nil {
		return nil, err
	}
	type region struct {
		RegionName      string `json:"RegionName"`
		RegionOptStatus string `json:"RegionOptStatus"`
	}
	var all []region
	for _, r := range commercialRegions {
		st, _ := s.regionStatus(r.code)
		if len(req.Statuses) == 0 || slices.Contains(req.Statuses, st) {
			all = append(all, region{r.code, st})
		}
	}
	items, next, ok := page(all, func(r region) string { return r.RegionName }, deref(req.NextToken), limit)
	if !ok {
		return nil, badRequest("The NextToken is not valid.")
	}
	out := map[string]any{"Regions": nonNil(items)}
	if next != "" {
		out["NextToken"] = next
	}
	return out, nil
}

func (s *Server) accountGetRegionOptStatus(c *call) (any, error) {
	var req struct {
		AccountID  *string `json:"AccountId"`
		RegionName *string `json:"RegionName"`
	}
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	var v validationError
	v.reqStr("RegionName", req.RegionName, 1, 50, accountRegionNameRe, accountRegionNameRe.String())
	if err := v.err(); err != nil {
		return nil, err
	}
	if err := s.accountTarget(c, req.AccountID); err != nil {
		return nil, err
	}
	st, ok := s.regionStatus(*req.RegionName)
	if !ok {
		return nil, badRequest("Region %s is not a Region of the aws partition.", *req.RegionName)
	}
	return map[string]string{"RegionName": *req.RegionName, "RegionOptStatus": st}, nil
}
