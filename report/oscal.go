package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/hdsctl/hdsctl/framework"
	"github.com/hdsctl/hdsctl/internal/oscal"
	"github.com/hdsctl/hdsctl/results"
)

// OSCAL assessment-results model: only the fields hdsctl writes.
type (
	arDocument struct {
		AssessmentResults assessmentResults `json:"assessment-results"`
	}
	assessmentResults struct {
		UUID       string            `json:"uuid"`
		Metadata   oscal.Metadata    `json:"metadata"`
		ImportAP   importAP          `json:"import-ap"`
		Results    []arResult        `json:"results"`
		BackMatter *oscal.BackMatter `json:"back-matter,omitempty"`
	}
	importAP struct {
		Href    string `json:"href"`
		Remarks string `json:"remarks,omitempty"`
	}
	arResult struct {
		UUID             string           `json:"uuid"`
		Title            string           `json:"title"`
		Description      string           `json:"description"`
		Start            string           `json:"start"`
		Props            []oscal.Property `json:"props,omitempty"`
		ReviewedControls reviewedControls `json:"reviewed-controls"`
		Observations     []observation    `json:"observations,omitempty"`
		Findings         []arFinding      `json:"findings,omitempty"`
	}
	reviewedControls struct {
		ControlSelections []controlSelection `json:"control-selections"`
	}
	controlSelection struct {
		Description     string          `json:"description,omitempty"`
		IncludeAll      *struct{}       `json:"include-all,omitempty"`
		IncludeControls []selectControl `json:"include-controls,omitempty"`
	}
	selectControl struct {
		ControlID string `json:"control-id"`
	}
	observation struct {
		UUID             string             `json:"uuid"`
		Title            string             `json:"title,omitempty"`
		Description      string             `json:"description"`
		Props            []oscal.Property   `json:"props,omitempty"`
		Methods          []string           `json:"methods"`
		RelevantEvidence []relevantEvidence `json:"relevant-evidence,omitempty"`
		Collected        string             `json:"collected"`
		Expires          string             `json:"expires,omitempty"`
	}
	relevantEvidence struct {
		Href        string `json:"href,omitempty"`
		Description string `json:"description"`
	}
	arFinding struct {
		UUID                string               `json:"uuid"`
		Title               string               `json:"title"`
		Description         string               `json:"description"`
		Props               []oscal.Property     `json:"props,omitempty"`
		Links               []oscal.Link         `json:"links,omitempty"`
		Target              findingTarget        `json:"target"`
		RelatedObservations []relatedObservation `json:"related-observations,omitempty"`
	}
	findingTarget struct {
		Type                 string                `json:"type"`
		TargetID             string                `json:"target-id"`
		Status               objectiveStatus       `json:"status"`
		ImplementationStatus *implementationStatus `json:"implementation-status,omitempty"`
	}
	objectiveStatus struct {
		State   string `json:"state"`
		Reason  string `json:"reason,omitempty"`
		Remarks string `json:"remarks,omitempty"`
	}
	implementationStatus struct {
		State string `json:"state"`
	}
	relatedObservation struct {
		ObservationUUID string `json:"observation-uuid"`
	}
)

// OSCAL writes the assessment as OSCAL 1.2.1 assessment-results in JSON:
// one result whose findings are the controls, each targeting the control
// (the catalog hdsctl export --format oscal-catalog writes uses the same
// IDs), with its status as an objective status and its findings and
// attestation as observations. AWS Artifact reports are back-matter
// resources linked from the controls AWS carries.
//
// The document is in one language, lang, as its metadata says. Its UUIDs
// are derived from the results, so the same results always give the same
// document.
func OSCAL(w io.Writer, r *results.Results, lang string) error {
	doc := newAssessmentResults(r, lang)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(arDocument{doc}); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

func newAssessmentResults(r *results.Results, lang string) assessmentResults {
	d := newDocument(r, lang)
	at := r.GeneratedAt
	if at.IsZero() {
		// Results without a date still give a valid document.
		at = time.Now()
	}
	stamp := oscal.Timestamp(at)
	id := oscal.UUID("assessment-results", r.Framework, strings.Join(accounts(r), ","), stamp)
	planID := oscal.UUID(id, "assessment-plan")

	ar := assessmentResults{
		UUID: id,
		Metadata: oscal.Metadata{
			Title:        oscal.Line(d.Title),
			LastModified: stamp,
			Version:      stamp,
			OSCALVersion: oscal.Version,
			Props: oscal.Props("language", lang, "framework", r.Framework,
				"framework-version", r.FrameworkVersion, "tool", r.Tool),
			Remarks: oscalRemarks[lang],
		},
		ImportAP: importAP{Href: "#" + planID, Remarks: oscal.Prose(label(lang, "oscalPlan"))},
	}
	back := &oscal.BackMatter{Resources: []oscal.Resource{{
		UUID:        planID,
		Title:       oscal.Line(label(lang, "oscalPlanTitle") + " " + r.Framework + " " + r.FrameworkVersion),
		Description: oscal.Prose(fmt.Sprintf(label(lang, "oscalPlanDescription"), r.Framework)),
	}}}
	var awsLinks []oscal.Link
	for _, a := range r.AWSReports {
		res := awsReportResource(id, a)
		back.Resources = append(back.Resources, res)
		awsLinks = append(awsLinks, oscal.Link{Href: "#" + res.UUID, Rel: "reference", Text: oscal.Line(a.Title)})
	}
	ar.BackMatter = back

	result := arResult{
		UUID:        oscal.UUID(id, "result"),
		Title:       oscal.Line(d.Title),
		Description: oscal.Prose(d.Summary.Chart.Label),
		Start:       stamp,
		Props:       scopeProps(r),
	}
	var selected []selectControl
	for _, c := range r.Controls {
		selected = append(selected, selectControl{ControlID: oscal.Token(c.ID)})
		f, obs := controlFinding(id, stamp, lang, c)
		if awsCarried(c.Responsibility) {
			f.Links = awsLinks
		}
		result.Observations = append(result.Observations, obs...)
		result.Findings = append(result.Findings, f)
	}
	sel := controlSelection{IncludeControls: selected}
	if len(selected) == 0 {
		// OSCAL requires a selection; results without controls say so.
		sel = controlSelection{Description: oscal.Prose(label(lang, "oscalNoControl")), IncludeAll: &struct{}{}}
	}
	result.ReviewedControls.ControlSelections = []controlSelection{sel}
	ar.Results = []arResult{result}
	return ar
}

var oscalRemarks = map[string]string{
	framework.French:  "Textes en français. Un document OSCAL porte une seule langue : `hdsctl report --format oscal --lang en` écrit le même document en anglais.",
	framework.English: "Texts in English. An OSCAL document holds one language: `hdsctl report --format oscal --lang fr` writes the same document in French.",
}

func scopeProps(r *results.Results) []oscal.Property {
	var pairs []string
	for _, a := range accounts(r) {
		pairs = append(pairs, "account", a)
	}
	for _, reg := range r.Regions {
		pairs = append(pairs, "region", reg)
	}
	for _, a := range r.Scope.Activities {
		pairs = append(pairs, "activity", fmt.Sprint(a))
	}
	for _, c := range r.Scope.Conditions {
		pairs = append(pairs, "condition", c)
	}
	return oscal.Props(pairs...)
}

// objective maps an hdsctl status to an OSCAL objective status. OSCAL has
// two states; the exact status is kept in the status property.
func objective(s results.Status) (objectiveStatus, *implementationStatus) {
	switch s {
	case results.Pass:
		return objectiveStatus{State: "satisfied", Reason: "pass"}, nil
	case results.Fail:
		return objectiveStatus{State: "not-satisfied", Reason: "fail"}, nil
	case results.NotApplicable:
		return objectiveStatus{State: "satisfied", Reason: "other"}, &implementationStatus{State: "not-applicable"}
	}
	return objectiveStatus{State: "not-satisfied", Reason: "other"}, nil
}

func controlFinding(docID, stamp, lang string, c results.Control) (arFinding, []observation) {
	name := text(lang, c.Name)
	status, impl := objective(c.Status)
	status.Remarks = oscal.Prose(statusLabel(lang, c.Status) + ". " + text(lang, c.Reason))
	f := arFinding{
		UUID:        oscal.UUID(docID, "finding", c.ID),
		Title:       oscal.Line(strings.TrimSuffix(c.ID+" – "+name, " – ")),
		Description: oscal.Prose(statusLabel(lang, c.Status) + ". " + text(lang, c.Description)),
		Props:       oscal.Props("control", c.ID, "status", string(c.Status), "control-set", c.ControlSet),
		Target: findingTarget{
			Type: "objective-id", TargetID: oscal.Token(c.ID), Status: status, ImplementationStatus: impl,
		},
	}
	for _, ref := range c.References {
		if p, ok := oscal.Prop("reference", ref.ID); ok {
			p.Class = oscal.Token(ref.Scheme)
			f.Props = append(f.Props, p)
		}
	}
	var obs []observation
	for i, fd := range c.Findings {
		method := "TEST"
		if strings.HasPrefix(fd.Source, string(framework.SourceManual)) {
			method = "EXAMINE"
		}
		desc := oscal.Prose(fd.Message)
		if desc == "" {
			desc = statusLabel(lang, fd.Status)
		}
		obs = append(obs, observation{
			UUID:        oscal.UUID(docID, "observation", c.ID, fmt.Sprint(i), fd.Resource),
			Title:       oscal.Line(fd.Resource),
			Description: desc,
			Props: oscal.Props("status", string(fd.Status), "resource", fd.Resource, "account", fd.Account,
				"region", fd.Region, "source", fd.Source),
			Methods:   []string{method},
			Collected: stamp,
		})
	}
	if a := c.Attestation; a != nil {
		obs = append(obs, attestationObservation(docID, stamp, lang, c.ID, a))
	}
	for _, o := range obs {
		f.RelatedObservations = append(f.RelatedObservations, relatedObservation{o.UUID})
	}
	return f, obs
}

func attestationObservation(docID, stamp, lang, control string, a *results.Attestation) observation {
	o := observation{
		UUID:        oscal.UUID(docID, "attestation", control),
		Title:       oscal.Line(label(lang, "attestation") + " – " + a.Owner),
		Description: oscal.Prose(statusLabel(lang, a.Status) + ". " + typeset(lang, a.Comment)),
		Props:       oscal.Props("status", string(a.Status), "owner", a.Owner),
		Methods:     []string{"EXAMINE"},
		Collected:   stamp,
	}
	if !a.Date.IsZero() {
		o.Collected = oscal.Timestamp(a.Date)
	}
	if !a.Expires.IsZero() {
		o.Expires = oscal.Timestamp(a.Expires)
	}
	for _, l := range a.Links {
		ev := relevantEvidence{Description: oscal.Prose(label(lang, "links") + colon(lang) + " " + l)}
		if u, err := url.Parse(l); err == nil {
			ev.Href = u.String()
		}
		o.RelevantEvidence = append(o.RelevantEvidence, ev)
	}
	return o
}

func awsReportResource(docID string, a results.AWSReport) oscal.Resource {
	res := oscal.Resource{
		UUID:  oscal.UUID(docID, "aws-report", a.ID),
		Title: oscal.Line(a.Title),
		Props: oscal.Props("aws-artifact-report", a.ID, "version", a.Version),
	}
	if !a.PeriodStart.IsZero() {
		res.Props = append(res.Props, oscal.Props("period-start", oscal.Timestamp(a.PeriodStart))...)
	}
	if !a.PeriodEnd.IsZero() {
		res.Props = append(res.Props, oscal.Props("period-end", oscal.Timestamp(a.PeriodEnd))...)
	}
	if a.File != "" {
		if u, err := url.Parse(a.File); err == nil {
			res.RLinks = []oscal.RLink{{Href: u.String()}}
		}
	}
	return res
}
