package sandbox

import (
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"time"
)

// ConfigurationItem is a resource as AWS Config records it, which the
// sandbox serves through ListDiscoveredResources, BatchGetResourceConfig,
// GetResourceConfigHistory, SelectResourceConfig and their aggregator
// variants. The builders of config_shapes.go give the configuration the
// exact shapes AWS records for the resource types hdsctl reads.
type ConfigurationItem struct {
	// Account is the resource's account; empty means Options.AccountID.
	Account string
	// Region is the item's awsRegion.
	Region       string
	ResourceType string
	ResourceID   string
	ResourceName string
	ARN          string
	// AvailabilityZone is an Availability Zone, or "Regional", "Multiple
	// Availability Zones" or "Not Applicable" as AWS records it.
	AvailabilityZone string
	// ResourceCreationTime is when the resource was created; zero when AWS
	// does not record it.
	ResourceCreationTime time.Time
	// CaptureTime is when Config captured the item; zero means now.
	CaptureTime time.Time
	// Status is OK (the default), ResourceDiscovered, ResourceNotRecorded,
	// ResourceDeleted or ResourceDeletedNotRecorded. A deleted resource
	// keeps its item, which only the calls that ask for deleted resources
	// return.
	Status string
	Tags   map[string]string
	// Configuration is the resource's configuration, a JSON object; the
	// API returns it as a string holding that JSON.
	Configuration json.RawMessage
	// SupplementaryConfiguration holds JSON values by name; the API
	// returns each as a string holding the JSON.
	SupplementaryConfiguration map[string]json.RawMessage
}

// configItem is a stored configuration item.
type configItem struct {
	ResourceType  string                     `json:"resourceType"`
	ResourceID    string                     `json:"resourceId"`
	ResourceName  string                     `json:"resourceName,omitempty"`
	ARN           string                     `json:"arn,omitempty"`
	AZ            string                     `json:"availabilityZone,omitempty"`
	Created       *epoch                     `json:"resourceCreationTime,omitempty"`
	Captured      epoch                      `json:"captureTime"`
	Status        string                     `json:"status"`
	StateID       string                     `json:"stateId"`
	Tags          map[string]string          `json:"tags,omitempty"`
	Configuration json.RawMessage            `json:"configuration,omitempty"`
	Supplementary map[string]json.RawMessage `json:"supplementaryConfiguration,omitempty"`
}

var (
	cfgResourceTypeRe = regexp.MustCompile(`^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$`)
	itemStatuses      = []string{"OK", "ResourceDiscovered", "ResourceNotRecorded", "ResourceDeleted", "ResourceDeletedNotRecorded"}
)

func itemKey(resourceType, resourceID string) string { return resourceType + "/" + resourceID }

func (ci *configItem) deleted() bool {
	return ci.Status == "ResourceDeleted" || ci.Status == "ResourceDeletedNotRecorded"
}

// PutConfigurationItem records a configuration item, replacing the item of
// the same resource type and ID in the account's Region. A Region without a
// configuration recorder gets one that records every supported type.
func (s *Server) PutConfigurationItem(item ConfigurationItem) error {
	if item.Account == "" {
		item.Account = s.opts.AccountID
	}
	return s.update(func(st *state) error { return st.putConfigurationItem(item) })
}

func (st *state) putConfigurationItem(item ConfigurationItem) error {
	if item.Status == "" {
		item.Status = "OK"
	}
	if item.CaptureTime.IsZero() {
		item.CaptureTime = time.Now()
	}
	if err := checkItem(item); err != nil {
		return err
	}
	rs := st.region(item.Account, item.Region)
	putItem(rs, item)
	ensureRecorder(rs, item.Account, item.Region, item.CaptureTime)
	return nil
}

func checkItem(item ConfigurationItem) error {
	switch {
	case !accountIDRe.MatchString(item.Account):
		return fmt.Errorf("configuration item account %q is not 12 digits", item.Account)
	case item.Region == "":
		return fmt.Errorf("configuration item of %s %s has no Region", item.ResourceType, item.ResourceID)
	case !cfgResourceTypeRe.MatchString(item.ResourceType):
		return fmt.Errorf("resource type %q is not of the form AWS::Service::Resource", item.ResourceType)
	case item.ResourceID == "" || len(item.ResourceID) > 768:
		return fmt.Errorf("resource ID %q is not 1 to 768 characters", item.ResourceID)
	case !slices.Contains(itemStatuses, item.Status):
		return fmt.Errorf("configuration item status %q is not one of %v", item.Status, itemStatuses)
	}
	if len(item.Configuration) > 0 {
		var obj map[string]any
		if err := json.Unmarshal(item.Configuration, &obj); err != nil {
			return fmt.Errorf("configuration of %s %s is not a JSON object: %v", item.ResourceType, item.ResourceID, err)
		}
	}
	for name, raw := range item.SupplementaryConfiguration {
		if !json.Valid(raw) {
			return fmt.Errorf("supplementary configuration %s of %s %s is not JSON", name, item.ResourceType, item.ResourceID)
		}
	}
	return nil
}

// putItem stores an item; its configurationStateId grows with every
// change, as AWS's does.
func putItem(rs *regionState, item ConfigurationItem) {
	if rs.Items == nil {
		rs.Items = map[string]*configItem{}
	}
	stored := &configItem{
		ResourceType:  item.ResourceType,
		ResourceID:    item.ResourceID,
		ResourceName:  item.ResourceName,
		ARN:           item.ARN,
		AZ:            item.AvailabilityZone,
		Captured:      epoch(item.CaptureTime.Truncate(time.Millisecond)),
		Status:        item.Status,
		StateID:       strconv.FormatInt(item.CaptureTime.UnixMilli(), 10),
		Tags:          maps.Clone(item.Tags),
		Configuration: item.Configuration,
		Supplementary: maps.Clone(item.SupplementaryConfiguration),
	}
	if !item.ResourceCreationTime.IsZero() {
		created := epoch(item.ResourceCreationTime.UTC())
		stored.Created = &created
	}
	if old, ok := rs.Items[itemKey(item.ResourceType, item.ResourceID)]; ok && old.StateID >= stored.StateID {
		n, _ := strconv.ParseInt(old.StateID, 10, 64)
		stored.StateID = strconv.FormatInt(n+1, 10)
	}
	rs.Items[itemKey(item.ResourceType, item.ResourceID)] = stored
}

// baseItem renders an item as a BaseConfigurationItem: the configuration
// and each supplementary configuration as a string holding JSON.
func baseItem(account, region string, ci *configItem) map[string]any {
	out := map[string]any{
		"version":                       "1.3",
		"accountId":                     account,
		"configurationItemCaptureTime":  ci.Captured,
		"configurationItemDeliveryTime": ci.Captured,
		"configurationItemStatus":       ci.Status,
		"configurationStateId":          ci.StateID,
		"resourceType":                  ci.ResourceType,
		"resourceId":                    ci.ResourceID,
		"awsRegion":                     region,
		"recordingFrequency":            "CONTINUOUS",
		"supplementaryConfiguration":    map[string]string{},
	}
	setIf(out, "resourceName", ci.ResourceName)
	setIf(out, "arn", ci.ARN)
	setIf(out, "availabilityZone", ci.AZ)
	if ci.Created != nil {
		out["resourceCreationTime"] = *ci.Created
	}
	if len(ci.Configuration) > 0 {
		out["configuration"] = string(ci.Configuration)
	}
	supp := map[string]string{}
	for name, raw := range ci.Supplementary {
		supp[name] = string(raw)
	}
	out["supplementaryConfiguration"] = supp
	return out
}

// fullItem renders an item as a ConfigurationItem, which adds the tags,
// relationships and related events to the base item.
func fullItem(account, region string, ci *configItem) map[string]any {
	out := baseItem(account, region, ci)
	delete(out, "configurationItemDeliveryTime")
	out["configurationItemMD5Hash"] = ""
	out["tags"] = ci.Tags
	if ci.Tags == nil {
		out["tags"] = map[string]string{}
	}
	out["relatedEvents"] = []string{}
	out["relationships"] = []any{}
	return out
}

func setIf(m map[string]any, key, val string) {
	if val != "" {
		m[key] = val
	}
}

// requireRecorder answers a Region without a configuration recorder as AWS
// Config does.
func requireRecorder(rs *regionState) *apiError {
	if rs.Recorder == nil {
		return cfgError("NoAvailableConfigurationRecorderException", "There are no configuration recorders available to provide the configuration item change notification.")
	}
	return nil
}

// sortedItems returns the items of a Region of one resource type, by ID.
func sortedItems(rs *regionState, resourceType string) []*configItem {
	var out []*configItem
	for _, ci := range rs.Items {
		if ci.ResourceType == resourceType {
			out = append(out, ci)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ResourceID < out[j].ResourceID })
	return out
}

func checkResourceType(v *validationError, name string, val *string) {
	if v.required(name, val != nil) {
		v.pattern(name, *val, cfgResourceTypeRe, "AWS::<Service>::<Resource>, one of AWS Config's resource types")
	}
}

func (s *Server) cfgListDiscoveredResources(c *call) (any, error) {
	var req struct {
		ResourceType   *string  `json:"resourceType"`
		ResourceIDs    []string `json:"resourceIds"`
		ResourceName   *string  `json:"resourceName"`
		Limit          int      `json:"limit"`
		IncludeDeleted bool     `json:"includeDeletedResources"`
		NextToken      string   `json:"nextToken"`
	}
	if err := cfgDecode(c, &req); err != nil {
		return nil, err
	}
	var v validationError
	checkResourceType(&v, "resourceType", req.ResourceType)
	v.count("resourceIds", len(req.ResourceIDs), 0, 20)
	limit := cfgPageLimit(&v, req.Limit, 100)
	if len(req.ResourceIDs) > 0 && req.ResourceName != nil {
		v.add("resourceIds", "You can specify either resource IDs or a resource name, but not both, in the same request.")
	}
	if err := cfgValidation(&v); err != nil {
		return nil, err
	}
	rs := c.st.region(c.account, c.region)
	if err := requireRecorder(rs); err != nil {
		return nil, err
	}
	var all []*configItem
	for _, ci := range sortedItems(rs, *req.ResourceType) {
		switch {
		case ci.deleted() && !req.IncludeDeleted:
		case len(req.ResourceIDs) > 0 && !slices.Contains(req.ResourceIDs, ci.ResourceID):
		case req.ResourceName != nil && ci.ResourceName != *req.ResourceName:
		default:
			all = append(all, ci)
		}
	}
	items, next, err := cfgPage(all, func(ci *configItem) string { return ci.ResourceID }, req.NextToken, limit)
	if err != nil {
		return nil, err
	}
	list := make([]map[string]any, len(items))
	for i, ci := range items {
		d := map[string]any{"resourceType": ci.ResourceType, "resourceId": ci.ResourceID}
		setIf(d, "resourceName", ci.ResourceName)
		if ci.deleted() {
			d["resourceDeletionTime"] = ci.Captured
		}
		list[i] = d
	}
	out := map[string]any{"resourceIdentifiers": list}
	if next != "" {
		out["nextToken"] = next
	}
	return out, nil
}

func (s *Server) cfgBatchGetResourceConfig(c *call) (any, error) {
	var req struct {
		Keys []struct {
			ResourceType *string `json:"resourceType"`
			ResourceID   *string `json:"resourceId"`
		} `json:"resourceKeys"`
	}
	if err := cfgDecode(c, &req); err != nil {
		return nil, err
	}
	var v validationError
	if v.required("resourceKeys", req.Keys != nil) {
		v.count("resourceKeys", len(req.Keys), 1, 100)
	}
	for i, k := range req.Keys {
		checkResourceType(&v, memberName("resourceKeys", i, "resourceType"), k.ResourceType)
		v.reqStr(memberName("resourceKeys", i, "resourceId"), k.ResourceID, 1, 768, nil, "")
	}
	if err := cfgValidation(&v); err != nil {
		return nil, err
	}
	rs := c.st.region(c.account, c.region)
	if err := requireRecorder(rs); err != nil {
		return nil, err
	}
	items := []map[string]any{}
	for _, k := range req.Keys {
		if ci, ok := rs.Items[itemKey(*k.ResourceType, *k.ResourceID)]; ok && !ci.deleted() {
			items = append(items, baseItem(c.account, c.region, ci))
		}
	}
	return map[string]any{"baseConfigurationItems": items, "unprocessedResourceKeys": []any{}}, nil
}

// cfgGetResourceConfigHistory returns the current item of a resource: the
// sandbox keeps no earlier ones.
func (s *Server) cfgGetResourceConfigHistory(c *call) (any, error) {
	var req struct {
		ResourceType *string  `json:"resourceType"`
		ResourceID   *string  `json:"resourceId"`
		LaterTime    *float64 `json:"laterTime"`
		EarlierTime  *float64 `json:"earlierTime"`
		Order        string   `json:"chronologicalOrder"`
		Limit        int      `json:"limit"`
		NextToken    string   `json:"nextToken"`
	}
	if err := cfgDecode(c, &req); err != nil {
		return nil, err
	}
	var v validationError
	checkResourceType(&v, "resourceType", req.ResourceType)
	v.reqStr("resourceId", req.ResourceID, 1, 768, nil, "")
	cfgPageLimit(&v, req.Limit, 100)
	if req.Order != "" {
		v.enum("chronologicalOrder", req.Order, "Reverse", "Forward")
	}
	if err := cfgValidation(&v); err != nil {
		return nil, err
	}
	if req.NextToken != "" {
		return nil, cfgError("InvalidNextTokenException", "The specified next token is not valid.")
	}
	rs := c.st.region(c.account, c.region)
	ci, ok := rs.Items[itemKey(*req.ResourceType, *req.ResourceID)]
	if !ok {
		return nil, cfgError("ResourceNotDiscoveredException", "Resource %s of resourceType:%s is unknown or has not been discovered", *req.ResourceID, *req.ResourceType)
	}
	at := float64(ci.Captured.time().UnixMilli()) / 1000
	items := []map[string]any{}
	if (req.EarlierTime == nil || at >= *req.EarlierTime) && (req.LaterTime == nil || at <= *req.LaterTime) {
		items = append(items, fullItem(c.account, c.region, ci))
	}
	return map[string]any{"configurationItems": items}, nil
}
