// Package results is the model of an assessment: for each control of a
// framework, its status and the findings behind it. assess produces it, the
// report writers read it, and its JSON form is a stable contract: fields are
// added, never renamed.
package results

import (
	"fmt"
	"time"

	"github.com/hdsctl/hdsctl/framework"
)

// SchemaVersion is the version of the results JSON this package writes.
const SchemaVersion = 1

// Status is the verdict on a control or a finding.
type Status string

// The statuses, from the DESIGN contract.
const (
	Pass          Status = "PASS"
	Fail          Status = "FAIL"
	Manual        Status = "MANUAL"
	NotApplicable Status = "NOT_APPLICABLE"
	Error         Status = "ERROR"
)

// Statuses lists every status, in the order reports show them.
var Statuses = []Status{Fail, Error, Manual, Pass, NotApplicable}

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	for _, v := range Statuses {
		if s == v {
			return true
		}
	}
	return false
}

// Results is an assessment of an AWS estate against a framework.
type Results struct {
	// Schema is the version of this JSON form; see SchemaVersion.
	Schema           int            `json:"schema"`
	Framework        string         `json:"framework"`
	FrameworkVersion string         `json:"frameworkVersion,omitempty"`
	FrameworkName    framework.Text `json:"frameworkName"`
	// Account is the AWS account hdsctl ran as; Accounts lists every account
	// assessed, when more than one.
	Account     string    `json:"account"`
	Accounts    []string  `json:"accounts,omitempty"`
	Regions     []string  `json:"regions,omitempty"`
	GeneratedAt time.Time `json:"generatedAt"`
	// Scope is what the host declared about itself: its hosting activities
	// and the conditions that hold.
	Scope      Scope       `json:"scope"`
	Controls   []Control   `json:"controls"`
	Summary    Summary     `json:"summary"`
	AWSReports []AWSReport `json:"awsReports,omitempty"`
	// Tool names the program that wrote the results, with its version.
	Tool string `json:"tool,omitempty"`
	// Sandbox reports that the estate assessed is the hdsctl sandbox's
	// emulated account, not a real AWS account.
	Sandbox bool `json:"sandbox,omitempty"`
	// PassDetail is how many PASS findings of one source, account and Region
	// the results list one by one; beyond, one finding sums them up (see
	// Finding.Count). 0 when every finding is listed.
	PassDetail int `json:"passDetail,omitempty"`
}

// Scope is what the assessed host declared about itself.
type Scope struct {
	// Undeclared reports that the host declared no scope, so that every
	// control was assessed as applicable; Activities and Conditions then
	// list everything.
	Undeclared bool     `json:"undeclared,omitempty"`
	Activities []int    `json:"activities,omitempty"`
	Conditions []string `json:"conditions,omitempty"`
}

// Control is the verdict on one control.
type Control struct {
	ID             string                        `json:"id"`
	Status         Status                        `json:"status"`
	Name           framework.Text                `json:"name"`
	ControlSet     string                        `json:"controlSet"`
	ControlSetName framework.Text                `json:"controlSetName"`
	References     []framework.ReferenceDocument `json:"references,omitempty"`
	Responsibility framework.Responsibility      `json:"responsibility,omitempty"`
	// Reason explains a status findings do not: why a control is not
	// applicable, or what manual evidence is awaited.
	Reason      framework.Text `json:"reason,omitzero"`
	Findings    []Finding      `json:"findings"`
	Attestation *Attestation   `json:"attestation,omitempty"`
	// Description is the control's text, so that a report reads without
	// the framework at hand.
	Description framework.Text `json:"description,omitzero"`
	// Sources lists the evidence the control relies on: what was collected
	// and what people must provide.
	Sources []framework.SourceDocument `json:"sources,omitempty"`
}

// Finding is one observation behind a control's status: a resource and what
// was found about it.
type Finding struct {
	Resource string `json:"resource"`
	Account  string `json:"account,omitempty"`
	Region   string `json:"region"`
	Status   Status `json:"status"`
	// Message says what was found and, for a failure, how to fix it, in
	// English.
	Message string `json:"message"`
	// MessageFR is Message in French, when the source gives one; reports in
	// French show it (see MessageIn).
	MessageFR string `json:"messageFr,omitempty"`
	// Source names where the finding comes from: the source type and keyword,
	// such as AWS_Config:S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED or
	// HDSCTL_CHECK:eea-data-residency.
	Source string `json:"source"`
	// Count is how many passing resources the finding sums up, when a source
	// found more of them in one account and Region than the results list
	// one by one (see Digest); 0 for a finding about one resource.
	Count int `json:"count,omitempty"`
}

// Say sets the finding's message, in English and in French.
func (f *Finding) Say(m framework.Text) { f.Message, f.MessageFR = m.EN, m.FR }

// MessageIn returns the finding's message in lang: French when asked for
// and given, English otherwise.
func (f Finding) MessageIn(lang string) string {
	if lang == framework.French && f.MessageFR != "" {
		return f.MessageFR
	}
	return f.Message
}

// Sayf formats a message in English and in French with the same
// arguments. Arguments that are words rather than names or numbers must be
// in each language: build such messages field by field instead.
func Sayf(en, fr string, args ...any) framework.Text {
	return framework.Text{EN: fmt.Sprintf(en, args...), FR: fmt.Sprintf(fr, args...)}
}

// Attestation is a person's statement that a manual control is met.
type Attestation struct {
	Status  Status    `json:"status"`
	Owner   string    `json:"owner"`
	Date    time.Time `json:"date"`
	Expires time.Time `json:"expires,omitzero"`
	Links   []string  `json:"links,omitempty"`
	Comment string    `json:"comment,omitempty"`
}

// AWSReport is an AWS compliance report from AWS Artifact, the evidence for
// controls AWS carries under the shared responsibility model.
type AWSReport struct {
	ID          string    `json:"id"`
	Title       string    `json:"title"`
	Version     string    `json:"version,omitempty"`
	PeriodStart time.Time `json:"periodStart,omitzero"`
	PeriodEnd   time.Time `json:"periodEnd,omitzero"`
	// File is where hdsctl artifact saved the report, if it did.
	File string `json:"file,omitempty"`
}

// Summary counts controls by status.
type Summary struct {
	Total         int `json:"total"`
	Pass          int `json:"pass"`
	Fail          int `json:"fail"`
	Manual        int `json:"manual"`
	NotApplicable int `json:"notApplicable"`
	Error         int `json:"error"`
}

// Summarize counts the controls of r by status.
func Summarize(controls []Control) Summary {
	var s Summary
	for _, c := range controls {
		s.Total++
		switch c.Status {
		case Pass:
			s.Pass++
		case Fail:
			s.Fail++
		case Manual:
			s.Manual++
		case NotApplicable:
			s.NotApplicable++
		case Error:
			s.Error++
		}
	}
	return s
}

// Aggregate returns a control's status from its findings: FAIL when any
// finding fails, else ERROR when any could not be evaluated, else PASS when
// any passes; with no finding, the control awaits manual evidence.
func Aggregate(findings []Finding) Status {
	var pass, errored bool
	for _, f := range findings {
		switch f.Status {
		case Fail:
			return Fail
		case Error:
			errored = true
		case Pass:
			pass = true
		}
	}
	switch {
	case errored:
		return Error
	case pass:
		return Pass
	}
	return Manual
}

// NewControl returns the result skeleton of a framework control: its names,
// set, references, text and evidence sources, with no verdict yet.
func NewControl(fw *framework.Framework, c *framework.Control) Control {
	rc := Control{
		ID:             c.ID,
		Name:           c.Name,
		Responsibility: c.EffectiveResponsibility(),
		Findings:       []Finding{},
	}
	if s := fw.SetOf(c.ID); s != nil {
		rc.ControlSet, rc.ControlSetName = s.ID, s.Name
	}
	for _, r := range c.References {
		rc.References = append(rc.References, framework.ReferenceDocument{Scheme: r.Scheme, ID: r.ID})
	}
	rc.Description = c.Description
	for _, s := range c.Sources {
		rc.Sources = append(rc.Sources, sourceDocument(s))
	}
	return rc
}

// Failed returns the controls that failed.
func (r *Results) Failed() []Control {
	var out []Control
	for _, c := range r.Controls {
		if c.Status == Fail {
			out = append(out, c)
		}
	}
	return out
}

func sourceDocument(s framework.Source) framework.SourceDocument {
	sd := framework.SourceDocument{Type: s.Type, Keyword: s.Keyword, Name: s.Name}
	if !s.Owner.IsZero() {
		owner := s.Owner
		sd.Owner = &owner
	}
	if !s.Instructions.IsZero() {
		in := s.Instructions
		sd.Instructions = &in
	}
	return sd
}
