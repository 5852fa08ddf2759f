package sandbox

import (
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"
)

// CloudTrail's DescribeTrails and GetTrailStatus, served from the
// AWS::CloudTrail::Trail configuration items of the account (AWS Config
// does not record whether a trail logs, so hdsctl asks CloudTrail). Member
// accounts also see the organization trails of the management account, as
// in AWS. Every trail of the sandbox is logging.

func (s *Server) cloudTrailService() *service {
	return &service{
		name:  "cloudtrail",
		proto: protoAWSJSON,
		route: s.trailRoute,
		throttled: func() *apiError {
			return errorf(http.StatusBadRequest, "ThrottlingException", "Rate exceeded")
		},
		internal: func() *apiError {
			return errorf(http.StatusInternalServerError, "InternalFailure", "The request processing has failed because of an unknown error.")
		},
		unavailable: func() *apiError {
			return errorf(http.StatusServiceUnavailable, "ServiceUnavailable", "Service is unavailable. Try again later.")
		},
	}
}

func (s *Server) trailRoute(c *call) (string, handlerFunc, *apiError) {
	// The SDK sends CloudTrail_20131101.<Operation>; the service model's
	// prefix is com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.
	target := c.r.Header.Get("X-Amz-Target")
	prefix := "CloudTrail_20131101."
	if strings.HasPrefix(target, "com.amazonaws.cloudtrail.v20131101.") {
		prefix = "com.amazonaws.cloudtrail.v20131101." + prefix
	}
	return jsonTargetRoute(c, prefix, "AWS CloudTrail", map[string]handlerFunc{
		"DescribeTrails": s.trailDescribeTrails,
		"GetTrailStatus": s.trailGetTrailStatus,
	})
}

// trail is a trail the caller sees, from its configuration item.
type trail struct {
	home   string
	item   *configItem
	config map[string]any
}

func (t trail) str(key string) string { v, _ := t.config[key].(string); return v }

func (t trail) flag(key string) bool { v, _ := t.config[key].(bool); return v }

// visibleTrails returns the trails of the caller's account and the
// organization trails of the management account, by ARN.
func (s *Server) visibleTrails(c *call) []trail {
	var out []trail
	collect := func(account string, orgOnly bool) {
		a, ok := c.st.Accounts[account]
		if !ok {
			return
		}
		for _, region := range slices.Sorted(maps.Keys(a.Regions)) {
			for _, ci := range sortedItems(a.Regions[region], "AWS::CloudTrail::Trail") {
				t := trail{home: region, item: ci}
				if ci.deleted() || json.Unmarshal(ci.Configuration, &t.config) != nil ||
					(orgOnly && !t.flag("isOrganizationTrail")) {
					continue
				}
				out = append(out, t)
			}
		}
	}
	collect(c.account, false)
	if c.account != s.opts.AccountID {
		collect(s.opts.AccountID, true)
	}
	return out
}

func describeTrail(t trail) map[string]any {
	d := map[string]any{
		"Name":                       t.str("name"),
		"S3BucketName":               t.str("s3BucketName"),
		"IncludeGlobalServiceEvents": t.flag("includeGlobalServiceEvents"),
		"IsMultiRegionTrail":         t.flag("isMultiRegionTrail"),
		"HomeRegion":                 t.home,
		"TrailARN":                   t.item.ARN,
		"LogFileValidationEnabled":   t.flag("logFileValidationEnabled"),
		"HasCustomEventSelectors":    t.flag("hasCustomEventSelectors"),
		"HasInsightSelectors":        t.flag("hasInsightSelectors"),
		"IsOrganizationTrail":        t.flag("isOrganizationTrail"),
	}
	optional := map[string]string{
		"KmsKeyId": "kmsKeyId", "CloudWatchLogsLogGroupArn": "cloudWatchLogsLogGroupArn", "S3KeyPrefix": "s3KeyPrefix",
	}
	for member, key := range optional {
		if v := t.str(key); v != "" {
			d[member] = v
		}
	}
	return d
}

func (s *Server) trailDescribeTrails(c *call) (any, error) {
	var req struct {
		Names         []string `json:"trailNameList"`
		IncludeShadow *bool    `json:"includeShadowTrails"`
	}
	if err := cfgDecode(c, &req); err != nil {
		return nil, err
	}
	shadow := req.IncludeShadow == nil || *req.IncludeShadow
	list := []map[string]any{}
	for _, t := range s.visibleTrails(c) {
		switch {
		case t.home != c.region && !(shadow && t.flag("isMultiRegionTrail")):
		case len(req.Names) > 0 && !slices.Contains(req.Names, t.str("name")) && !slices.Contains(req.Names, t.item.ARN):
		default:
			list = append(list, describeTrail(t))
		}
	}
	return map[string]any{"trailList": list}, nil
}

func (s *Server) trailGetTrailStatus(c *call) (any, error) {
	var req struct {
		Name *string `json:"Name"`
	}
	if err := cfgDecode(c, &req); err != nil {
		return nil, err
	}
	var v validationError
	v.reqStr("name", req.Name, 1, 2048, nil, "")
	if err := cfgValidation(&v); err != nil {
		return nil, err
	}
	for _, t := range s.visibleTrails(c) {
		if t.item.ARN == *req.Name || (t.home == c.region && t.str("name") == *req.Name) {
			started, delivered := t.item.Captured, c.now.Truncate(5*time.Minute)
			return map[string]any{
				"IsLogging":                      true,
				"StartLoggingTime":               started,
				"TimeLoggingStarted":             isoTime(started.time()),
				"LatestDeliveryTime":             epoch(delivered),
				"LatestDeliveryAttemptSucceeded": isoTime(delivered),
				"LatestDigestDeliveryTime":       epoch(c.now.Truncate(time.Hour)),
			}, nil
		}
	}
	return nil, cfgError("TrailNotFoundException", "Unknown trail: %s for the user: %s", *req.Name, c.account)
}
