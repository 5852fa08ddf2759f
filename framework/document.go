package framework

// Document is the stable JSON form of a framework, printed by show -o json and
// export --format json. Fields may be added; none is ever renamed.
type Document struct {
	ID             string        `json:"id"`
	Version        string        `json:"version,omitempty"`
	Languages      []string      `json:"languages"`
	Name           Text          `json:"name"`
	Description    Text          `json:"description"`
	ComplianceType Text          `json:"complianceType"`
	Format         Format        `json:"format"`
	ControlSets    []SetDocument `json:"controlSets"`
}

// SetDocument is the JSON form of a control set.
type SetDocument struct {
	ID          string            `json:"id"`
	Name        Text              `json:"name"`
	Description Text              `json:"description"`
	Controls    []ControlDocument `json:"controls"`
}

// ControlDocument is the JSON form of a control.
type ControlDocument struct {
	ID                     string              `json:"id"`
	Name                   Text                `json:"name"`
	Description            Text                `json:"description"`
	TestingInformation     Text                `json:"testingInformation"`
	ActionPlanTitle        Text                `json:"actionPlanTitle"`
	ActionPlanInstructions Text                `json:"actionPlanInstructions"`
	References             []ReferenceDocument `json:"references"`
	// Activities lists the hosting activities the control applies to; all six
	// when the control does not restrict them.
	Activities     []int            `json:"activities"`
	Conditions     []string         `json:"conditions"`
	Responsibility Responsibility   `json:"responsibility"`
	Automated      bool             `json:"automated"`
	Sources        []SourceDocument `json:"sources"`
}

// ReferenceDocument is the JSON form of a reference.
type ReferenceDocument struct {
	Scheme string `json:"scheme"`
	ID     string `json:"id"`
}

// SourceDocument is the JSON form of an evidence source.
type SourceDocument struct {
	Type         SourceType        `json:"type"`
	Keyword      string            `json:"keyword,omitempty"`
	Name         string            `json:"name,omitempty"`
	Frequency    string            `json:"frequency,omitempty"`
	Parameters   map[string]string `json:"parameters,omitempty"`
	Owner        *Text             `json:"owner,omitempty"`
	Instructions *Text             `json:"instructions,omitempty"`
}

// NewDocument returns the JSON form of a framework.
func NewDocument(fw *Framework) Document {
	doc := Document{
		ID:             fw.ID,
		Version:        fw.Version,
		Languages:      fw.Languages,
		Name:           fw.Name,
		Description:    fw.Description,
		ComplianceType: fw.ComplianceType,
		Format:         fw.Origin.Format,
		ControlSets:    []SetDocument{},
	}
	for _, s := range fw.ControlSets {
		sd := SetDocument{ID: s.ID, Name: s.Name, Description: s.Description, Controls: []ControlDocument{}}
		for _, c := range s.Controls {
			sd.Controls = append(sd.Controls, newControlDocument(c))
		}
		doc.ControlSets = append(doc.ControlSets, sd)
	}
	return doc
}

func newControlDocument(c *Control) ControlDocument {
	cd := ControlDocument{
		ID:                     c.ID,
		Name:                   c.Name,
		Description:            c.Description,
		TestingInformation:     c.TestingInformation,
		ActionPlanTitle:        c.ActionPlanTitle,
		ActionPlanInstructions: c.ActionPlanInstructions,
		References:             []ReferenceDocument{},
		Activities:             c.Applicability.Activities,
		Conditions:             c.Applicability.Conditions,
		Responsibility:         c.EffectiveResponsibility(),
		Automated:              c.Automated(),
		Sources:                []SourceDocument{},
	}
	if len(cd.Activities) == 0 {
		cd.Activities = []int{1, 2, 3, 4, 5, 6}
	}
	if cd.Conditions == nil {
		cd.Conditions = []string{}
	}
	for _, r := range c.References {
		cd.References = append(cd.References, ReferenceDocument{Scheme: r.Scheme, ID: r.ID})
	}
	for _, s := range c.Sources {
		sd := SourceDocument{Type: s.Type, Keyword: s.Keyword, Name: s.Name, Frequency: s.Frequency, Parameters: s.Parameters}
		if !s.Owner.IsZero() {
			owner := s.Owner
			sd.Owner = &owner
		}
		if !s.Instructions.IsZero() {
			in := s.Instructions
			sd.Instructions = &in
		}
		cd.Sources = append(cd.Sources, sd)
	}
	return cd
}

// EffectiveResponsibility returns the control's responsibility, customer when
// it does not say.
func (c *Control) EffectiveResponsibility() Responsibility {
	if c.Responsibility == "" {
		return ResponsibilityCustomer
	}
	return c.Responsibility
}
