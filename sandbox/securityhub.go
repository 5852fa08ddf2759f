package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// hub is AWS Security Hub enabled in an account's Region.
type hub struct {
	SubscribedAt string `json:"subscribedAt"`
	// Administrator makes the hub the organization's Security Hub
	// administrator: GetFindings also returns the findings of the other
	// accounts of the organization in the Region.
	Administrator bool          `json:"administrator,omitempty"`
	Standards     []hubStandard `json:"standards,omitempty"`
	// Findings holds the findings in the AWS Security Finding Format, by ID.
	Findings map[string]json.RawMessage `json:"findings,omitempty"`
}

// hubStandard is a standard the hub is subscribed to.
type hubStandard struct {
	SubscriptionARN string `json:"subscriptionArn"`
	StandardsARN    string `json:"standardsArn"`
}

// securityStandard is a Security Hub standard the sandbox knows: its ARN
// (with {region} where it has one) and the StandardsId its findings carry.
type securityStandard struct {
	arn, id, name string
	byDefault     bool
}

// securityStandards are the standards of Security Hub's DescribeStandards,
// with the ARNs of the Security Hub User Guide ("Standards reference").
var securityStandards = []securityStandard{
	{"arn:aws:securityhub:{region}::standards/aws-foundational-security-best-practices/v/1.0.0",
		"standards/aws-foundational-security-best-practices/v/1.0.0",
		"AWS Foundational Security Best Practices v1.0.0", true},
	{"arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0",
		"ruleset/cis-aws-foundations-benchmark/v/1.2.0", "CIS AWS Foundations Benchmark v1.2.0", true},
	{"arn:aws:securityhub:{region}::standards/cis-aws-foundations-benchmark/v/1.4.0",
		"standards/cis-aws-foundations-benchmark/v/1.4.0", "CIS AWS Foundations Benchmark v1.4.0", false},
	{"arn:aws:securityhub:{region}::standards/cis-aws-foundations-benchmark/v/3.0.0",
		"standards/cis-aws-foundations-benchmark/v/3.0.0", "CIS AWS Foundations Benchmark v3.0.0", false},
	{"arn:aws:securityhub:{region}::standards/nist-800-53/v/5.0.0",
		"standards/nist-800-53/v/5.0.0", "NIST Special Publication 800-53 Revision 5", false},
	{"arn:aws:securityhub:{region}::standards/pci-dss/v/4.0.1",
		"standards/pci-dss/v/4.0.1", "PCI DSS v4.0.1", false},
	{"arn:aws:securityhub:{region}::standards/aws-resource-tagging-standard/v/1.0.0",
		"standards/aws-resource-tagging-standard/v/1.0.0", "AWS Resource Tagging Standard v1.0.0", false},
}

// FSBPStandardsID is the StandardsId of AWS Foundational Security Best
// Practices, which the findings of its controls carry.
const FSBPStandardsID = "standards/aws-foundational-security-best-practices/v/1.0.0"

func (std securityStandard) arnIn(region string) string {
	return strings.ReplaceAll(std.arn, "{region}", region)
}

func subscriptionARN(region, account string, std securityStandard) string {
	_, path, _ := strings.Cut(std.id, "/")
	return "arn:aws:securityhub:" + region + ":" + account + ":subscription/" + path
}

// SecurityHubOptions are the settings of EnableSecurityHub.
type SecurityHubOptions struct {
	// Standards are the StandardsIds to subscribe to, such as
	// FSBPStandardsID; nil subscribes to AWS's default standards (AWS
	// Foundational Security Best Practices and CIS 1.2.0).
	Standards []string
	// Administrator makes the hub the organization's Security Hub
	// administrator in the Region, which sees the findings of every account
	// of the organization.
	Administrator bool
}

// EnableSecurityHub enables Security Hub in an account's Region (empty
// account: Options.AccountID), as EnableSecurityHub does, or changes its
// settings when it is enabled. Findings stay.
func (s *Server) EnableSecurityHub(account, region string, opts SecurityHubOptions) error {
	if account == "" {
		account = s.opts.AccountID
	}
	return s.update(func(st *state) error { return st.enableHub(account, region, opts, time.Now()) })
}

func (st *state) enableHub(account, region string, opts SecurityHubOptions, now time.Time) error {
	stds := defaultStandards()
	if opts.Standards != nil {
		stds = nil
	}
	for _, id := range opts.Standards {
		i := slices.IndexFunc(securityStandards, func(std securityStandard) bool { return std.id == id })
		if i < 0 {
			return fmt.Errorf("no Security Hub standard is %s", id)
		}
		stds = append(stds, securityStandards[i])
	}
	rs := st.region(account, region)
	if rs.Hub == nil {
		rs.Hub = &hub{SubscribedAt: isoTime(now)}
	}
	rs.Hub.Administrator = opts.Administrator
	rs.Hub.Standards = nil
	for _, std := range stds {
		rs.Hub.subscribe(region, account, std)
	}
	return nil
}

func defaultStandards() []securityStandard {
	var out []securityStandard
	for _, std := range securityStandards {
		if std.byDefault {
			out = append(out, std)
		}
	}
	return out
}

func (h *hub) subscribe(region, account string, std securityStandard) hubStandard {
	sub := hubStandard{SubscriptionARN: subscriptionARN(region, account, std), StandardsARN: std.arnIn(region)}
	if !slices.Contains(h.Standards, sub) {
		h.Standards = append(h.Standards, sub)
	}
	return sub
}

func (s *Server) securityHubService() *service {
	return &service{
		name: "securityhub",
		// Security Hub throttles each operation at its own rate; the
		// sandbox keeps one bucket per account at BatchImportFindings' 10
		// requests per second, burst 30 (Security Hub quotas, AWS Security
		// Hub User Guide).
		limiter: newLimiter(10, 30),
		proto:   protoRESTJSON,
		route:   s.shRoute,
		throttled: func() *apiError {
			return shError(http.StatusTooManyRequests, "LimitExceededException", "Rate exceeded")
		},
		internal: func() *apiError {
			return shError(http.StatusInternalServerError, "InternalException", "Internal service failure.")
		},
		unavailable: func() *apiError {
			return shError(http.StatusServiceUnavailable, "ServiceUnavailableException", "Service is unavailable. Try again later.")
		},
	}
}

// shError is a Security Hub error, whose body carries Message and Code.
func shError(status int, code, format string, args ...any) *apiError {
	e := errorf(status, code, format, args...)
	e.Body = map[string]any{"Message": e.Message, "Code": code}
	return e
}

func shInvalidInput(format string, args ...any) *apiError {
	return shError(http.StatusBadRequest, "InvalidInputException", format, args...)
}

func (s *Server) shRoute(c *call) (string, handlerFunc, *apiError) {
	routes := []struct {
		method, path, op string
		h                handlerFunc
		needsHub         bool
	}{
		{"POST", "/accounts", "EnableSecurityHub", s.shEnableSecurityHub, false},
		{"GET", "/accounts", "DescribeHub", s.shDescribeHub, true},
		{"DELETE", "/accounts", "DisableSecurityHub", s.shDisableSecurityHub, true},
		{"GET", "/standards", "DescribeStandards", s.shDescribeStandards, true},
		{"POST", "/standards/get", "GetEnabledStandards", s.shGetEnabledStandards, true},
		{"POST", "/standards/register", "BatchEnableStandards", s.shBatchEnableStandards, true},
		{"POST", "/findings", "GetFindings", s.shGetFindings, true},
		{"POST", "/findings/import", "BatchImportFindings", s.shBatchImportFindings, true},
	}
	path := "/" + strings.Trim(c.r.URL.Path, "/")
	for _, rt := range routes {
		if rt.method != c.r.Method || rt.path != path {
			continue
		}
		if !rt.needsHub {
			return rt.op, rt.h, nil
		}
		h := rt.h
		return rt.op, func(c *call) (any, error) {
			if c.st.region(c.account, c.region).Hub == nil {
				return nil, shError(http.StatusUnauthorized, "InvalidAccessException", "Account %s is not subscribed to AWS Security Hub", c.account)
			}
			return h(c)
		}, nil
	}
	return "unknown", nil, shInvalidInput("The sandbox does not emulate the Security Hub operation %s %s.", c.r.Method, c.r.URL.Path)
}

func hubARN(c *call) string {
	return "arn:aws:securityhub:" + c.region + ":" + c.account + ":hub/default"
}

func (s *Server) shEnableSecurityHub(c *call) (any, error) {
	var req struct {
		EnableDefaultStandards  *bool             `json:"EnableDefaultStandards"`
		ControlFindingGenerator string            `json:"ControlFindingGenerator"`
		Tags                    map[string]string `json:"Tags"`
	}
	if err := decode(c, &req); err != nil {
		return nil, shInvalidInput("%s", err.Message)
	}
	if g := req.ControlFindingGenerator; g != "" && g != "SECURITY_CONTROL" && g != "STANDARD_CONTROL" {
		return nil, shInvalidInput("ControlFindingGenerator must be SECURITY_CONTROL or STANDARD_CONTROL.")
	}
	rs := c.st.region(c.account, c.region)
	if rs.Hub != nil {
		return nil, shError(http.StatusConflict, "ResourceConflictException", "Account %s is already subscribed to Security Hub", c.account)
	}
	rs.Hub = &hub{SubscribedAt: isoTime(c.now)}
	if req.EnableDefaultStandards == nil || *req.EnableDefaultStandards {
		for _, std := range defaultStandards() {
			rs.Hub.subscribe(c.region, c.account, std)
		}
	}
	c.mutated = true
	return nil, nil
}

func (s *Server) shDisableSecurityHub(c *call) (any, error) {
	c.st.region(c.account, c.region).Hub = nil
	c.mutated = true
	return nil, nil
}

func (s *Server) shDescribeHub(c *call) (any, error) {
	if arn := c.r.URL.Query().Get("HubArn"); arn != "" && arn != hubARN(c) {
		return nil, shError(http.StatusNotFound, "ResourceNotFoundException", "The hub %s does not exist.", arn)
	}
	h := c.st.region(c.account, c.region).Hub
	return map[string]any{
		"HubArn":                  hubARN(c),
		"SubscribedAt":            h.SubscribedAt,
		"AutoEnableControls":      true,
		"ControlFindingGenerator": "SECURITY_CONTROL",
	}, nil
}

func (s *Server) shDescribeStandards(c *call) (any, error) {
	list := make([]map[string]any, len(securityStandards))
	for i, std := range securityStandards {
		list[i] = map[string]any{"StandardsArn": std.arnIn(c.region), "Name": std.name, "EnabledByDefault": std.byDefault}
	}
	return map[string]any{"Standards": list}, nil
}

func describeSubscription(sub hubStandard) map[string]any {
	return map[string]any{
		"StandardsSubscriptionArn":   sub.SubscriptionARN,
		"StandardsArn":               sub.StandardsARN,
		"StandardsInput":             map[string]string{},
		"StandardsStatus":            "READY",
		"StandardsControlsUpdatable": "READY_FOR_UPDATES",
	}
}

func (s *Server) shGetEnabledStandards(c *call) (any, error) {
	var req struct {
		ARNs       []string `json:"StandardsSubscriptionArns"`
		MaxResults *int     `json:"MaxResults"`
		NextToken  string   `json:"NextToken"`
	}
	if err := decode(c, &req); err != nil {
		return nil, shInvalidInput("%s", err.Message)
	}
	if req.ARNs != nil && (len(req.ARNs) < 1 || len(req.ARNs) > 25) {
		return nil, shInvalidInput("StandardsSubscriptionArns must hold 1 to 25 ARNs.")
	}
	limit, err := shMaxResults(req.MaxResults)
	if err != nil {
		return nil, err
	}
	var subs []hubStandard
	for _, sub := range c.st.region(c.account, c.region).Hub.Standards {
		if req.ARNs == nil || slices.Contains(req.ARNs, sub.SubscriptionARN) {
			subs = append(subs, sub)
		}
	}
	slices.SortFunc(subs, func(a, b hubStandard) int { return strings.Compare(a.SubscriptionARN, b.SubscriptionARN) })
	items, next, ok := page(subs, func(sub hubStandard) string { return sub.SubscriptionARN }, req.NextToken, limit)
	if !ok {
		return nil, shInvalidInput("The NextToken is not valid.")
	}
	list := make([]map[string]any, len(items))
	for i, sub := range items {
		list[i] = describeSubscription(sub)
	}
	out := map[string]any{"StandardsSubscriptions": list}
	if next != "" {
		out["NextToken"] = next
	}
	return out, nil
}

func shMaxResults(n *int) (int, *apiError) {
	if n == nil {
		return 100, nil
	}
	if *n < 1 || *n > 100 {
		return 0, shInvalidInput("MaxResults must be 1 to 100, not %d.", *n)
	}
	return *n, nil
}

func (s *Server) shBatchEnableStandards(c *call) (any, error) {
	var req struct {
		Requests []struct {
			StandardsARN *string `json:"StandardsArn"`
		} `json:"StandardsSubscriptionRequests"`
	}
	if err := decode(c, &req); err != nil {
		return nil, shInvalidInput("%s", err.Message)
	}
	if len(req.Requests) < 1 || len(req.Requests) > 25 {
		return nil, shInvalidInput("StandardsSubscriptionRequests must hold 1 to 25 requests.")
	}
	var stds []securityStandard
	for _, r := range req.Requests {
		i := slices.IndexFunc(securityStandards, func(std securityStandard) bool {
			return r.StandardsARN != nil && std.arnIn(c.region) == *r.StandardsARN
		})
		if i < 0 {
			return nil, shInvalidInput("The standard %s is not a Security Hub standard of %s.", deref(r.StandardsARN), c.region)
		}
		stds = append(stds, securityStandards[i])
	}
	h := c.st.region(c.account, c.region).Hub
	list := make([]map[string]any, len(stds))
	for i, std := range stds {
		list[i] = describeSubscription(h.subscribe(c.region, c.account, std))
	}
	c.mutated = true
	return map[string]any{"StandardsSubscriptions": list}, nil
}
