package sandbox

import (
	"fmt"
	"slices"
	"time"
)

// recorder is the configuration recorder of an account's Region.
type recorder struct {
	Name          string   `json:"name"`
	ID            string   `json:"id"`
	RoleARN       string   `json:"roleArn"`
	AllSupported  bool     `json:"allSupported"`
	IncludeGlobal bool     `json:"includeGlobal"`
	ResourceTypes []string `json:"resourceTypes,omitempty"`
	Excluded      []string `json:"excluded,omitempty"`
	Recording     bool     `json:"recording"`
	LastStart     epoch    `json:"lastStart"`
}

// Recorder describes the AWS Config configuration recorder of an account's
// Region, which DescribeConfigurationRecorders and
// DescribeConfigurationRecorderStatus report. The sandbox records nothing
// itself: the recorder tells a reader which resource types the items of the
// Region cover.
type Recorder struct {
	// Account is the recorder's account; empty means Options.AccountID.
	Account string
	Region  string
	// Name is the recorder's name; empty means "default", the name the
	// console gives.
	Name string
	// AllSupported records every resource type Config supports, but the
	// ExcludedResourceTypes; otherwise only ResourceTypes are recorded.
	AllSupported               bool
	IncludeGlobalResourceTypes bool
	ResourceTypes              []string
	ExcludedResourceTypes      []string
	// Stopped leaves the recorder defined but not recording.
	Stopped bool
}

// SetRecorder defines the configuration recorder of an account's Region,
// replacing the one it had.
func (s *Server) SetRecorder(r Recorder) error {
	if r.Account == "" {
		r.Account = s.opts.AccountID
	}
	if r.Name == "" {
		r.Name = "default"
	}
	switch {
	case r.Region == "":
		return fmt.Errorf("sandbox: a configuration recorder needs a Region")
	case r.AllSupported && len(r.ResourceTypes) > 0:
		return fmt.Errorf("sandbox: a recorder records all supported types or a list of types, not both")
	case !r.AllSupported && len(r.ExcludedResourceTypes) > 0:
		return fmt.Errorf("sandbox: only a recorder of all supported types excludes types")
	}
	return s.update(func(st *state) error {
		st.region(r.Account, r.Region).Recorder = newRecorder(r, time.Now())
		return nil
	})
}

func newRecorder(r Recorder, now time.Time) *recorder {
	return &recorder{
		Name:          r.Name,
		ID:            stableUUID("recorder", r.Account, r.Region, r.Name)[:8],
		RoleARN:       "arn:aws:iam::" + r.Account + ":role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig",
		AllSupported:  r.AllSupported,
		IncludeGlobal: r.IncludeGlobalResourceTypes,
		ResourceTypes: slices.Clone(r.ResourceTypes),
		Excluded:      slices.Clone(r.ExcludedResourceTypes),
		Recording:     !r.Stopped,
		LastStart:     epoch(now.Truncate(time.Second)),
	}
}

// ensureRecorder gives a Region that receives configuration items a
// recorder of every supported type, as the console sets one up, unless it
// has one.
func ensureRecorder(rs *regionState, account, region string, now time.Time) {
	if rs.Recorder == nil {
		r := Recorder{Account: account, Region: region, Name: "default", AllSupported: true,
			IncludeGlobalResourceTypes: true}
		rs.Recorder = newRecorder(r, now)
	}
}

func (r *recorder) arn(account, region string) string {
	return "arn:aws:config:" + region + ":" + account + ":configuration-recorder/" + r.Name + "/" + r.ID
}

// selectRecorder returns the Region's recorder if the names ask for it; an
// unknown name is AWS's NoSuchConfigurationRecorderException.
func selectRecorder(c *call) (*recorder, *apiError) {
	var req struct {
		Names []string `json:"ConfigurationRecorderNames"`
		Arn   *string  `json:"Arn"`
	}
	if err := cfgDecode(c, &req); err != nil {
		return nil, err
	}
	var v validationError
	for i, n := range req.Names {
		v.str(memberName("configurationRecorderNames", i, ""), &n, 1, 256, nil, "")
	}
	v.str("arn", req.Arn, 1, 1000, nil, "")
	if err := cfgValidation(&v); err != nil {
		return nil, err
	}
	rec := c.st.region(c.account, c.region).Recorder
	for _, n := range req.Names {
		if rec == nil || rec.Name != n {
			return nil, cfgError("NoSuchConfigurationRecorderException", "Cannot find configuration recorder with the specified name '%s'.", n)
		}
	}
	if req.Arn != nil && (rec == nil || rec.arn(c.account, c.region) != *req.Arn) {
		return nil, cfgError("NoSuchConfigurationRecorderException", "Cannot find configuration recorder with the specified ARN '%s'.", *req.Arn)
	}
	return rec, nil
}

func (s *Server) cfgDescribeConfigurationRecorders(c *call) (any, error) {
	rec, err := selectRecorder(c)
	if err != nil {
		return nil, err
	}
	list := []map[string]any{}
	if rec != nil {
		strategy := "INCLUSION_BY_RESOURCE_TYPES"
		switch {
		case rec.AllSupported && len(rec.Excluded) > 0:
			strategy = "EXCLUSION_BY_RESOURCE_TYPES"
		case rec.AllSupported:
			strategy = "ALL_SUPPORTED_RESOURCE_TYPES"
		}
		list = append(list, map[string]any{
			"arn":     rec.arn(c.account, c.region),
			"name":    rec.Name,
			"roleARN": rec.RoleARN,
			"recordingGroup": map[string]any{
				"allSupported":               rec.AllSupported,
				"includeGlobalResourceTypes": rec.IncludeGlobal,
				"resourceTypes":              nonNil(rec.ResourceTypes),
				"exclusionByResourceTypes":   map[string]any{"resourceTypes": nonNil(rec.Excluded)},
				"recordingStrategy":          map[string]string{"useOnly": strategy},
			},
			"recordingMode":  map[string]any{"recordingFrequency": "CONTINUOUS", "recordingModeOverrides": []any{}},
			"recordingScope": "PAID",
		})
	}
	return map[string]any{"ConfigurationRecorders": list}, nil
}

func (s *Server) cfgDescribeConfigurationRecorderStatus(c *call) (any, error) {
	rec, err := selectRecorder(c)
	if err != nil {
		return nil, err
	}
	list := []map[string]any{}
	if rec != nil {
		st := map[string]any{
			"arn":                  rec.arn(c.account, c.region),
			"name":                 rec.Name,
			"recording":            rec.Recording,
			"lastStartTime":        rec.LastStart,
			"lastStatus":           "Success",
			"lastStatusChangeTime": rec.LastStart,
		}
		if !rec.Recording {
			st["lastStopTime"], st["lastStatus"] = rec.LastStart, "Pending"
		}
		list = append(list, st)
	}
	return map[string]any{"ConfigurationRecordersStatus": list}, nil
}
