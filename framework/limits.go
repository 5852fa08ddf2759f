package framework

import "regexp"

// Limits of the AWS Audit Manager API (API reference of CreateControl,
// CreateAssessmentFramework and TagResource) and its quotas per account and
// Region. Validation applies them to every framework, so that a framework
// that validates deploys.
const (
	MaxNameLength             = 300  // control, control set and framework names
	MaxDescriptionLength      = 1000 // descriptions, testing information
	MaxActionPlanTitle        = 300
	MaxActionPlanInstructions = 1000
	MaxComplianceType         = 100
	MaxSourceName             = 100
	MaxSourceDescription      = 1000
	MaxKeywordLength          = 100
	MaxSourcesPerControl      = 100
	MaxTags                   = 50
	MaxTagKey                 = 128
	MaxTagValue               = 256
	// ReservedTags is how many tags hdsctl adds to each resource it deploys,
	// to recognise what it owns; a framework may declare MaxTags minus these.
	ReservedTags = 5
	// MaxCustomControls is the Audit Manager quota of custom controls per
	// account and Region.
	MaxCustomControls = 500
	// MaxControlsPerFramework is the Audit Manager quota of controls in one
	// framework.
	MaxControlsPerFramework = 1400
)

var (
	// keywordRe is the pattern of an Audit Manager keywordValue.
	keywordRe = regexp.MustCompile(`^[a-zA-Z_0-9-\s().:/]+$`)
	tagKeyRe  = regexp.MustCompile(`^[a-zA-Z+\-=._:/]+$`)
	// catalogIDRe is the shape of a catalog control or set ID: HDS-EXI-05-D,
	// ISO-A.8.15.
	catalogIDRe   = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)
	frameworkIDRe = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)
	cloudTrailRe  = regexp.MustCompile(`^[a-z0-9-]+_[A-Z][A-Za-z0-9]+$`)
)
