package report

import (
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/hdsctl/hdsctl/framework"
)

// Applicability is the host's decisions for its Statement of
// Applicability: which ISO/IEC 27001:2022 Annex A controls it applies, and
// why (clause 6.1.3 d). It is read from a YAML applicability file:
//
//	# Statement of Applicability decisions
//	organization: Exemple Santé SAS          # optional, shown in the header
//	scope: Hébergement de la plateforme …    # optional: the ISMS scope
//	version: "2026.2"                         # optional: the SoA's version
//	approvedBy: Direction générale            # optional
//	approvedOn: 2026-10-15                    # optional, YYYY-MM-DD
//	defaultJustification:                     # optional: for applicable
//	  fr: Mesure retenue pour traiter les risques identifiés (EXI 05).
//	  en: Control selected to treat the risks identified (EXI 05).
//	controls:
//	  A.8.11:
//	    applicable: false                     # required
//	    justification: Aucun environnement hors production …
//
// Every text is either one text for both languages or fr: and en:. A
// control left out is applicable with the default justification, unless
// the assessment found its control not applicable. An excluded control
// must say why.
type Applicability struct {
	Organization         framework.Text
	Scope                framework.Text
	Version              string
	ApprovedBy           string
	ApprovedOn           time.Time
	DefaultJustification framework.Text
	// Controls holds the decisions by Annex A ID (A.8.11).
	Controls map[string]Decision
}

// Decision is the applicability of one Annex A control.
type Decision struct {
	Applicable    bool
	Justification framework.Text
	Pos           framework.Position
}

// LoadApplicability reads an applicability file. An invalid file gives an
// *InvalidError listing every problem with its file:line.
func LoadApplicability(path string) (*Applicability, error) {
	data, err := readInput(path)
	if err != nil {
		return nil, err
	}
	return ParseApplicability(path, data)
}

// ParseApplicability reads an applicability file from data; name is used
// in diagnostics.
func ParseApplicability(name string, data []byte) (*Applicability, error) {
	c := &collector{}
	a := &Applicability{Controls: map[string]Decision{}}
	if root, ok := parseYAML(name, data, c); ok {
		readApplicability(root, a)
	}
	if err := c.result(name, "applicability file"); err != nil {
		return nil, err
	}
	return a, nil
}

func readApplicability(root node, a *Applicability) {
	f := root.fields("the applicability file", "organization", "scope", "version", "approvedBy", "approvedOn",
		"defaultJustification", "controls")
	a.Organization = f["organization"].text("organization")
	a.Scope = f["scope"].text("scope")
	a.Version = f["version"].str("version")
	a.ApprovedBy = f["approvedBy"].str("approvedBy")
	a.ApprovedOn = f["approvedOn"].date("approvedOn")
	a.DefaultJustification = f["defaultJustification"].text("defaultJustification")
	controls := f["controls"]
	if controls.missing() {
		return
	}
	if controls.Kind != yaml.MappingNode {
		root.c.errorf(controls.pos(), "write one 'A.x.y:' entry a control", "controls must be a mapping, found %s", controls.kindName())
		return
	}
	annexA := framework.ISOAnnexA()
	for _, kv := range controls.pairs() {
		k, v := kv[0], kv[1]
		id := k.Value
		if !contains(annexA, id) {
			fix := "name an ISO/IEC 27001:2022 Annex A control, A.5.1 to A.8.34"
			if s := closest(strings.TrimPrefix(id, "ISO-"), annexA); s != "" {
				fix = "did you mean " + s + "?"
			}
			root.c.errorf(k.pos(), fix, "%q is not an Annex A control", id)
			continue
		}
		if prev, dup := a.Controls[id]; dup {
			root.c.errorf(k.pos(), "keep one entry", "control %s appears twice (first at line %d)", id, prev.Pos.Line)
			continue
		}
		a.Controls[id] = readDecision(id, k, v)
	}
}

func readDecision(id string, key, n node) Decision {
	d := Decision{Pos: key.pos()}
	what := "control " + id
	f := n.fields(what, "applicable", "justification")
	if n.Kind != yaml.MappingNode {
		return d
	}
	applicable := f["applicable"]
	if applicable.missing() {
		n.c.errorf(n.pos(), "add applicable: true or false", "%s: applicable is missing", what)
	}
	d.Applicable, _ = applicable.boolean(what + ": applicable")
	d.Justification = f["justification"].text(what + ": justification")
	decided := !applicable.missing() && applicable.Tag == "!!bool"
	if decided && !d.Applicable && d.Justification.IsZero() {
		n.c.errorf(n.pos(), "add justification: why the control is excluded (ISO/IEC 27001:2022 6.1.3 d)",
			"%s is excluded without a justification", what)
	}
	return d
}
