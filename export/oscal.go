package export

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/hdsctl/hdsctl/framework"
	"github.com/hdsctl/hdsctl/internal/oscal"
)

// OSCAL catalog model: only the fields hdsctl writes.
type (
	oscalCatalogDocument struct {
		Catalog oscalCatalog `json:"catalog"`
	}
	oscalCatalog struct {
		UUID     string         `json:"uuid"`
		Metadata oscal.Metadata `json:"metadata"`
		Groups   []oscalGroup   `json:"groups,omitempty"`
	}
	oscalGroup struct {
		ID       string           `json:"id"`
		Title    string           `json:"title"`
		Props    []oscal.Property `json:"props,omitempty"`
		Parts    []oscalPart      `json:"parts,omitempty"`
		Controls []oscalControl   `json:"controls,omitempty"`
	}
	oscalControl struct {
		ID    string           `json:"id"`
		Title string           `json:"title"`
		Props []oscal.Property `json:"props,omitempty"`
		Links []oscal.Link     `json:"links,omitempty"`
		Parts []oscalPart      `json:"parts,omitempty"`
	}
	oscalPart struct {
		ID    string           `json:"id,omitempty"`
		Name  string           `json:"name"`
		Title string           `json:"title,omitempty"`
		Props []oscal.Property `json:"props,omitempty"`
		Prose string           `json:"prose,omitempty"`
		Parts []oscalPart      `json:"parts,omitempty"`
	}
)

// OSCALCatalog writes the framework as an OSCAL 1.2.1 catalog in JSON: a
// group per control set, a control per control with its statement
// (description), guidance (action plan) and assessment method (testing
// information and evidence sources), and hdsctl properties for references,
// hosting activities, conditions, responsibility and sources.
//
// OSCAL has one text per field, so a document holds one language, opts.Lang;
// its metadata says which. The catalog UUID is derived from the framework's
// content: it changes when, and only when, the catalog does.
// opts.Modified is the last-modified time; the current time when zero.
func OSCALCatalog(w io.Writer, fw *framework.Framework, opts Options) error {
	lang := opts.Lang
	modified := opts.Modified
	if modified.IsZero() {
		modified = time.Now()
	}
	content, err := json.Marshal(framework.NewDocument(fw))
	if err != nil {
		return err
	}
	sum := sha256.Sum256(content)
	doc := oscalCatalogDocument{Catalog: oscalCatalog{
		UUID:     oscal.UUID("catalog", fw.ID, lang, hex.EncodeToString(sum[:])),
		Metadata: catalogMetadata(fw, lang, modified),
	}}
	for _, s := range fw.ControlSets {
		doc.Catalog.Groups = append(doc.Catalog.Groups, oscalSet(fw, s, lang))
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err = w.Write(buf.Bytes())
	return err
}

func catalogMetadata(fw *framework.Framework, lang string, modified time.Time) oscal.Metadata {
	version := fw.Version
	if version == "" {
		version = "unversioned"
	}
	remarks := map[string]string{
		framework.French: "Textes en français. Un document OSCAL porte une seule langue : " +
			"`hdsctl export %s --format oscal-catalog --lang en` écrit le même catalogue en anglais.",
		framework.English: "Texts in English. An OSCAL document holds one language: " +
			"`hdsctl export %s --format oscal-catalog --lang fr` writes the same catalog in French.",
	}[lang]
	return oscal.Metadata{
		Title:        oscal.Line(fw.Name.Get(lang)),
		LastModified: oscal.Timestamp(modified),
		Version:      version,
		OSCALVersion: oscal.Version,
		Props:        oscal.Props("language", lang, "framework", fw.ID, "format", string(fw.Origin.Format)),
		Remarks:      fmt.Sprintf(remarks, fw.ID),
	}
}

func oscalSet(fw *framework.Framework, s *framework.ControlSet, lang string) oscalGroup {
	g := oscalGroup{ID: oscal.Token(s.ID), Title: oscal.Line(s.Name.Get(lang))}
	if g.Title == "" {
		g.Title = oscal.Line(s.ID)
	}
	if d := oscal.Prose(s.Description.Get(lang)); d != "" {
		g.Parts = []oscalPart{{ID: g.ID + "_ovw", Name: "overview", Prose: d}}
	}
	for _, c := range s.Controls {
		g.Controls = append(g.Controls, oscalControlOf(fw, c, lang))
	}
	return g
}

func oscalControlOf(fw *framework.Framework, c *framework.Control, lang string) oscalControl {
	id := oscal.Token(c.ID)
	oc := oscalControl{ID: id, Title: oscal.Line(c.Name.Get(lang))}
	if oc.Title == "" {
		oc.Title = oscal.Line(c.ID)
	}
	oc.Props = append(oc.Props, oscal.Property{Name: "label", Value: oscal.String(c.ID)})
	oc.Props = append(oc.Props, controlProps(c)...)
	for _, ref := range c.ReferencesOf(framework.SchemeISO) {
		if target := fw.Control("ISO-" + ref); target != nil && target != c {
			oc.Links = append(oc.Links, oscal.Link{Href: "#" + oscal.Token(target.ID), Rel: "related", Text: oscal.Line(ref)})
		}
	}
	if d := oscal.Prose(c.Description.Get(lang)); d != "" {
		oc.Parts = append(oc.Parts, oscalPart{ID: id + "_smt", Name: "statement", Prose: d})
	}
	title, in := oscal.Line(c.ActionPlanTitle.Get(lang)), oscal.Prose(c.ActionPlanInstructions.Get(lang))
	if title != "" || in != "" {
		oc.Parts = append(oc.Parts, oscalPart{ID: id + "_gdn", Name: "guidance", Title: title, Prose: in})
	}
	oc.Parts = append(oc.Parts, assessmentPart(c, id, lang))
	return oc
}

// controlProps returns the hdsctl properties of a control: what the
// framework model holds beyond texts.
func controlProps(c *framework.Control) []oscal.Property {
	var props []oscal.Property
	add := func(name, class, value string) {
		if p, ok := oscal.Prop(name, value); ok {
			if class != "" {
				p.Class = oscal.Token(class)
			}
			props = append(props, p)
		}
	}
	for _, r := range c.References {
		add("reference", r.Scheme, r.ID)
	}
	acts := c.Applicability.Activities
	if len(acts) == 0 {
		acts = []int{1, 2, 3, 4, 5, 6}
	}
	for _, a := range acts {
		add("activity", "", fmt.Sprint(a))
	}
	for _, cond := range c.Applicability.Conditions {
		add("condition", "", cond)
	}
	add("responsibility", "", string(c.EffectiveResponsibility()))
	for _, s := range c.Sources {
		value := s.Keyword
		if value == "" {
			value = string(s.Type)
		}
		add("source", string(s.Type), value)
	}
	return props
}

// assessmentPart returns how the control is assessed: its testing
// information, and the evidence sources as the objects assessed.
func assessmentPart(c *framework.Control, id, lang string) oscalPart {
	method := "EXAMINE"
	if c.Automated() {
		method = "TEST"
	}
	p := oscalPart{
		ID:    id + "_asm",
		Name:  "assessment-method",
		Props: []oscal.Property{{Name: "method", Value: method}},
		Prose: oscal.Prose(c.TestingInformation.Get(lang)),
	}
	var lines []string
	for _, s := range c.Sources {
		lines = append(lines, "- "+oscal.Line(source(s, lang)))
	}
	if len(lines) > 0 {
		p.Parts = []oscalPart{{ID: id + "_obj", Name: "assessment-objects", Prose: strings.Join(lines, "\n")}}
	}
	return p
}
