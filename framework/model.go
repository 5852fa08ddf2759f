package framework

// Framework is a compliance framework: an ordered list of control sets.
type Framework struct {
	// ID is the framework's stable identifier (hds-v2). Deployments are tagged
	// with it, so it must not change between versions.
	ID string
	// Version is the version of the framework's data (2024.1).
	Version string
	// Languages lists the languages every text of the framework is written in.
	// Upstream frameworks carry one language, detected from their text.
	Languages []string
	Name      Text
	// Description says what the framework is and for whom.
	Description Text
	// ComplianceType is the short label Audit Manager shows (HDS, PSSI-E).
	ComplianceType Text
	ControlSets    []*ControlSet
	// Tags are added to every AWS resource deployed from the framework.
	Tags map[string]string
	// Origin tells where the framework was read from.
	Origin Origin
	// Pos is where the framework is declared.
	Pos Position
	// fields records where each field is written, for diagnostics.
	fields fieldPositions
	// loadFailed reports that parts of the framework could not be read; the
	// loader reported them, so validation does not report them again as
	// missing.
	loadFailed bool
}

// Format names a framework folder layout.
type Format string

// The folder layouts Open reads.
const (
	FormatCatalog  Format = "catalog"  // YAML: framework.yaml and set files
	FormatUpstream Format = "upstream" // the Node.js sample's JSON folders
)

// Origin tells where a framework was read from.
type Origin struct {
	Format Format
	// Path is the folder as the user named it, or frameworks/<name> for an
	// embedded framework.
	Path string
	// Embedded reports whether the framework is compiled into the binary.
	Embedded bool
}

// ControlSet is a named group of controls. Audit Manager deploys it as one
// control set of the framework.
type ControlSet struct {
	ID          string
	Name        Text
	Description Text
	Controls    []*Control
	Pos         Position
	fields      fieldPositions
}

// Control is one requirement and the evidence that proves it.
type Control struct {
	// ID is the control's stable identifier (HDS-EXI-28, ISO-A.8.15); it is
	// what ties a deployed control or an assessment result to the catalog.
	ID                     string
	Name                   Text
	Description            Text
	TestingInformation     Text
	ActionPlanTitle        Text
	ActionPlanInstructions Text
	References             []Reference
	Applicability          Applicability
	// Responsibility says who carries the control under the AWS shared
	// responsibility model.
	Responsibility Responsibility
	Sources        []Source
	Tags           map[string]string
	Pos            Position
	fields         fieldPositions
	loadFailed     bool // see Framework.loadFailed
}

// Reference ties a control to a requirement of a referential.
type Reference struct {
	// Scheme names the referential: hds-v2, iso27001-2022, csp (Code de la
	// santé publique) or gdpr.
	Scheme string
	// ID is the requirement within the referential (EXI 28, A.8.15,
	// R.1111-11 1°, Art. 28).
	ID  string
	Pos Position
}

// Reference schemes known to validation.
const (
	SchemeHDS      = "hds-v2"
	SchemeISO      = "iso27001-2022"
	SchemeCSP      = "csp"
	SchemeGDPR     = "gdpr"
	SchemeUpstream = "upstream"
)

// Applicability says under which conditions a control applies.
type Applicability struct {
	// Activities lists the HDS hosting activities (1 to 6, article R.1111-9
	// of the Code de la santé publique) the control applies to. Empty means
	// all of them.
	Activities []int
	// Conditions lists conditions that must all hold for the control to apply
	// (uses-subcontractors). See Conditions for the vocabulary.
	Conditions []string
}

// Responsibility says who carries a control under the AWS shared
// responsibility model.
type Responsibility string

// The responsibilities a control can have.
const (
	// ResponsibilityCustomer: the host using AWS carries the control. It is the
	// default.
	ResponsibilityCustomer Responsibility = "customer"
	// ResponsibilityAWS: AWS carries the control (physical security of its
	// data centres, for one); the evidence is AWS's own certification reports,
	// downloaded from AWS Artifact.
	ResponsibilityAWS Responsibility = "aws"
	// ResponsibilityShared: both carry part of it.
	ResponsibilityShared Responsibility = "shared"
)

// SourceType names where the evidence of a control comes from. The values are
// Audit Manager's, plus HDSCTL_CHECK for hdsctl's own checks.
type SourceType string

// The evidence source types.
const (
	SourceConfig      SourceType = "AWS_Config"
	SourceSecurityHub SourceType = "AWS_Security_Hub"
	SourceAPICall     SourceType = "AWS_API_Call"
	SourceCloudTrail  SourceType = "AWS_Cloudtrail"
	SourceManual      SourceType = "MANUAL"
	SourceCheck       SourceType = "HDSCTL_CHECK"
)

// SourceTypes lists every source type, in the order documents show them.
var SourceTypes = []SourceType{SourceConfig, SourceSecurityHub, SourceAPICall, SourceCloudTrail, SourceCheck, SourceManual}

// Automated reports whether the source is collected without a person.
func (t SourceType) Automated() bool { return t != SourceManual && t != "" }

// Label names the source type in documents ("AWS Config rule", "Règle AWS
// Config"); an unknown type is named by its value.
func (t SourceType) Label() Text {
	if l, ok := sourceLabels[t]; ok {
		return l
	}
	return Same(string(t))
}

var sourceLabels = map[SourceType]Text{
	SourceConfig:      {FR: "Règle AWS Config", EN: "AWS Config rule"},
	SourceSecurityHub: {FR: "Contrôle Security Hub", EN: "Security Hub control"},
	SourceAPICall:     {FR: "Appel d'API AWS", EN: "AWS API call"},
	SourceCloudTrail:  {FR: "Événement CloudTrail", EN: "CloudTrail event"},
	SourceCheck:       {FR: "Vérification hdsctl", EN: "hdsctl check"},
	SourceManual:      {FR: "Preuve manuelle", EN: "Manual evidence"},
}

// Source is one source of evidence for a control.
type Source struct {
	Type SourceType
	// Keyword identifies what is collected: a Config rule identifier, a
	// Security Hub control ID, an API-call or CloudTrail keyword, or the name
	// of an hdsctl check. Manual sources have none.
	Keyword string
	// Name is a short label for the source; generated when empty.
	Name string
	// Frequency is how often Audit Manager collects AWS_API_Call evidence:
	// DAILY, WEEKLY or MONTHLY.
	Frequency string
	// Parameters are the input parameters of a Config rule.
	Parameters map[string]string
	// Owner is the role that provides manual evidence (RSSI, DPO).
	Owner Text
	// Instructions say what to provide or check.
	Instructions Text
	Pos          Position
}

// Collection frequencies of AWS_API_Call sources.
var Frequencies = []string{"DAILY", "WEEKLY", "MONTHLY"}

// Controls returns every control of the framework, in order.
func (f *Framework) Controls() []*Control {
	var out []*Control
	for _, s := range f.ControlSets {
		out = append(out, s.Controls...)
	}
	return out
}

// Control returns the control with the given ID, or nil.
func (f *Framework) Control(id string) *Control {
	for _, s := range f.ControlSets {
		for _, c := range s.Controls {
			if c.ID == id {
				return c
			}
		}
	}
	return nil
}

// SetOf returns the control set holding the control with the given ID, or nil.
func (f *Framework) SetOf(id string) *ControlSet {
	for _, s := range f.ControlSets {
		for _, c := range s.Controls {
			if c.ID == id {
				return s
			}
		}
	}
	return nil
}

// Automated reports whether at least one of the control's sources is
// collected without a person.
func (c *Control) Automated() bool {
	for _, s := range c.Sources {
		if s.Type.Automated() {
			return true
		}
	}
	return false
}

// SourcesOf returns the control's sources of the given type.
func (c *Control) SourcesOf(t SourceType) []Source {
	var out []Source
	for _, s := range c.Sources {
		if s.Type == t {
			out = append(out, s)
		}
	}
	return out
}

// ReferencesOf returns the IDs the control references in the given scheme.
func (c *Control) ReferencesOf(scheme string) []string {
	var out []string
	for _, r := range c.References {
		if r.Scheme == scheme {
			out = append(out, r.ID)
		}
	}
	return out
}

// AppliesTo reports whether the control applies to a host performing the
// given activities and meeting the given conditions. Empty activities on
// either side mean all of them.
func (a Applicability) AppliesTo(activities []int, conditions map[string]bool) bool {
	for _, c := range a.Conditions {
		if !conditions[c] {
			return false
		}
	}
	if len(a.Activities) == 0 || len(activities) == 0 {
		return true
	}
	for _, want := range a.Activities {
		for _, have := range activities {
			if want == have {
				return true
			}
		}
	}
	return false
}

// fieldPositions records where the fields of an object are written.
type fieldPositions map[string]Position

// at returns where field is written, or def when unknown.
func (f fieldPositions) at(field string, def Position) Position {
	if p, ok := f[field]; ok {
		return p
	}
	return def
}

// At returns where a field of the control is written (name, description,
// sources...), or where the control starts when the field is absent.
func (c *Control) At(field string) Position { return c.fields.at(field, c.Pos) }

// At returns where a field of the control set is written.
func (s *ControlSet) At(field string) Position { return s.fields.at(field, s.Pos) }

// At returns where a field of the framework is written.
func (f *Framework) At(field string) Position { return f.fields.at(field, f.Pos) }
