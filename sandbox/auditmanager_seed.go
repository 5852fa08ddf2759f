package sandbox

import "time"

// seedTime is when the seeded standard resources say they were created.
var seedTime = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// seedControl is a standard (AWS managed) control every Region starts with,
// so that tests can prove hdsctl lists them and never changes them.
type seedControl struct {
	name, sourceType, keyword string
}

var seedControls = []seedControl{
	{"Sandbox standard: root user has no access key", "AWS_Config", "IAM_ROOT_ACCESS_KEY_CHECK"},
	{"Sandbox standard: CloudTrail is enabled", "AWS_Config", "CLOUD_TRAIL_ENABLED"},
	{"Sandbox standard: S3 buckets encrypt at rest", "AWS_Security_Hub", "S3.4"},
	{"Sandbox standard: password policy", "AWS_API_Call", "iam_GetAccountPasswordPolicy"},
	{"Sandbox standard: security awareness training", "MANUAL", ""},
}

// seedStandard adds the standard controls and one standard framework to an
// account's Region. Their IDs derive from the Region, so that they are the
// same on every run.
func seedStandard(rs *regionState, account, region string) {
	var ids []string
	for _, sc := range seedControls {
		id := stableUUID("standard-control", region, sc.name)
		src := mappingSource{
			SourceID:   stableUUID("standard-source", region, sc.name),
			SourceName: ptr(sc.name),
			SourceType: sc.sourceType,
		}
		if sc.keyword != "" {
			src.SourceKeyword = &sourceKeyword{KeywordInputType: "SELECT_FROM_LIST", KeywordValue: ptr(sc.keyword)}
		} else {
			src.SourceKeyword = &sourceKeyword{KeywordInputType: "UPLOAD_FILE"}
		}
		srcs := normalizeSources([]mappingSource{src}, []mappingSource{src})
		rs.Controls[id] = &control{
			ARN:                   amARN(region, account, "control", id),
			ID:                    id,
			Type:                  "Standard",
			Name:                  sc.name,
			Description:           ptr("A standard control of the sandbox, standing for the AWS managed controls."),
			ControlMappingSources: srcs,
			ControlSources:        controlSources(srcs),
			CreatedAt:             epoch(seedTime),
			LastUpdatedAt:         epoch(seedTime),
			CreatedBy:             "AWS",
			LastUpdatedBy:         "AWS",
			State:                 "ACTIVE",
		}
		ids = append(ids, id)
	}
	fwID := stableUUID("standard-framework", region)
	rs.Frameworks[fwID] = &framework{
		ARN:            amARN(region, account, "assessmentFramework", fwID),
		ID:             fwID,
		Type:           "Standard",
		Name:           "Sandbox Standard Framework",
		Description:    ptr("A standard framework of the sandbox, standing for the AWS managed frameworks."),
		ComplianceType: ptr("Sandbox"),
		ControlSets: []frameworkSet{
			{ID: stableUUID("standard-set", region, "1"), Name: "Logging and identity", ControlIDs: ids[:2]},
			{ID: stableUUID("standard-set", region, "2"), Name: "Data and people", ControlIDs: ids[2:]},
		},
		CreatedAt:     epoch(seedTime),
		LastUpdatedAt: epoch(seedTime),
		CreatedBy:     "AWS",
		LastUpdatedBy: "AWS",
	}
	rs.Seeded = true
}

func ptr[T any](v T) *T { return &v }
