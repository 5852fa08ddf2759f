package report

import (
	"slices"
	"strings"
	"time"

	"github.com/hdsctl/hdsctl/framework"
	"github.com/hdsctl/hdsctl/internal/yamlfile"
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
	data, err := yamlfile.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseApplicability(path, data)
}

// ParseApplicability reads an applicability file from data; name is used
// in diagnostics.
func ParseApplicability(name string, data []byte) (*Applicability, error) {
	r := newReader(name)
	a := &Applicability{Controls: map[string]Decision{}}
	if root, ok := r.Parse(data); ok {
		readApplicability(root, a)
	}
	if err := invalid(r, name, "applicability file"); err != nil {
		return nil, err
	}
	return a, nil
}

func readApplicability(root yamlfile.Node, a *Applicability) {
	f := root.Fields("the applicability file", "organization", "scope", "version", "approvedBy", "approvedOn",
		"defaultJustification", "controls")
	a.Organization = readText(f["organization"], "organization")
	a.Scope = readText(f["scope"], "scope")
	a.Version = readString(f["version"], "version")
	a.ApprovedBy = readString(f["approvedBy"], "approvedBy")
	a.ApprovedOn = readDate(f["approvedOn"], "approvedOn")
	a.DefaultJustification = readText(f["defaultJustification"], "defaultJustification")
	controls := f["controls"]
	if controls.Missing() {
		return
	}
	if !controls.IsMapping() {
		controls.Errorf("write one 'A.x.y:' entry a control", "controls must be a mapping, found %s", controls.Kind())
		return
	}
	annexA := framework.ISOAnnexA()
	for _, kv := range controls.Pairs() {
		k, v := kv[0], kv[1]
		id := k.Value()
		if !slices.Contains(annexA, id) {
			fix := "name an ISO/IEC 27001:2022 Annex A control, A.5.1 to A.8.34"
			if s := framework.Closest(strings.TrimPrefix(id, "ISO-"), annexA); s != "" {
				fix = "did you mean " + s + "?"
			}
			k.Errorf(fix, "%q is not an Annex A control", id)
			continue
		}
		if prev, dup := a.Controls[id]; dup {
			k.Errorf("keep one entry", "control %s appears twice (first at line %d)", id, prev.Pos.Line)
			continue
		}
		a.Controls[id] = readDecision(id, k, v)
	}
}

func readDecision(id string, key, n yamlfile.Node) Decision {
	d := Decision{Pos: key.Pos()}
	what := "control " + id
	f := n.Fields(what, "applicable", "justification")
	if !n.IsMapping() {
		return d
	}
	applicable := f["applicable"]
	if applicable.Missing() {
		n.Errorf("add applicable: true or false", "%s: applicable is missing", what)
	}
	d.Applicable, _ = readBool(applicable, what+": applicable")
	d.Justification = readText(f["justification"], what+": justification")
	decided := !applicable.Missing() && applicable.Tag() == "!!bool"
	if decided && !d.Applicable && d.Justification.IsZero() {
		n.Errorf("add justification: why the control is excluded (ISO/IEC 27001:2022 6.1.3 d)",
			"%s is excluded without a justification", what)
	}
	return d
}
