package report

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hdsctl/hdsctl/framework"
	"github.com/hdsctl/hdsctl/results"
)

// document is an assessment resolved into one language: every caption and
// text the HTML, Markdown and CSV writers print, in the order they print
// it. The writers only lay it out.
type document struct {
	Lang             string
	Title            string
	FrameworkName    string
	FrameworkID      string
	FrameworkVersion string
	Accounts         string
	Regions          string
	Generated        string
	Tool             string
	Activities       string
	Conditions       string
	Summary          tally
	Sets             []setDoc
	AWSReports       []awsReportDoc
}

// tally counts controls by status, with the chart drawn from the counts.
type tally struct {
	Counts []statusCount
	Total  int
	Chart  chart
}

type statusCount struct {
	Status results.Status
	Label  string
	N      int
}

type setDoc struct {
	ID       string
	Anchor   string
	Name     string
	Tally    tally
	Controls []controlDoc
}

type controlDoc struct {
	ID             string
	Anchor         string
	Name           string
	Description    string
	Reason         string
	Status         results.Status
	StatusLabel    string
	References     []string
	Responsibility string
	// AWSCarried says the control's evidence includes AWS's own reports.
	AWSCarried  bool
	Findings    []findingDoc
	Evidence    []string
	Attestation *attestationDoc
}

type findingDoc struct {
	Status      results.Status
	StatusLabel string
	Resource    string
	Account     string
	Region      string
	Source      string
	Message     string
}

type attestationDoc struct {
	Status      results.Status
	StatusLabel string
	Owner       string
	Date        string
	Expires     string
	Links       []string
	Comment     string
}

type awsReportDoc struct {
	ID      string
	Title   string
	Version string
	Period  string
	File    string
}

// chart is a horizontal bar split by status, drawn in SVG by the HTML
// writer. Widths are in user units of a chartWidth-wide box.
type chart struct {
	Label string
	Bars  []bar
}

type bar struct {
	Status results.Status
	X, W   string
	Label  string
}

const chartWidth = 200

// newDocument resolves r into lang.
func newDocument(r *results.Results, lang string) *document {
	d := &document{
		Lang:             lang,
		FrameworkName:    text(lang, r.FrameworkName),
		FrameworkID:      r.Framework,
		FrameworkVersion: r.FrameworkVersion,
		Accounts:         strings.Join(accounts(r), ", "),
		Regions:          strings.Join(r.Regions, ", "),
		Generated:        instant(r.GeneratedAt),
		Tool:             r.Tool,
		Activities:       activityList(r.Scope.Activities),
	}
	if d.FrameworkName == "" {
		d.FrameworkName = r.Framework
	}
	d.Title = label(lang, "reportTitle") + " – " + d.FrameworkName
	var conds []string
	for _, c := range r.Scope.Conditions {
		if cond, ok := framework.LookupCondition(c); ok {
			conds = append(conds, text(lang, cond.Label))
		} else {
			conds = append(conds, c)
		}
	}
	d.Conditions = strings.Join(conds, semicolon(lang)+" ")
	if r.Scope.Undeclared {
		d.Activities = label(lang, "scopeUndeclared")
		d.Conditions = label(lang, "scopeUndeclared")
	}
	d.Summary = newTally(lang, r.Controls, label(lang, "summary"))
	for _, set := range groupBySet(r.Controls) {
		d.Sets = append(d.Sets, newSetDoc(lang, set))
	}
	for _, a := range r.AWSReports {
		d.AWSReports = append(d.AWSReports, newAWSReportDoc(lang, a))
	}
	return d
}

// accounts returns the accounts assessed: Accounts, or Account alone.
func accounts(r *results.Results) []string {
	if len(r.Accounts) > 0 {
		return r.Accounts
	}
	if r.Account != "" {
		return []string{r.Account}
	}
	return nil
}

// activityList formats hosting activities as "1, 2, 3"; empty means all.
func activityList(acts []int) string {
	if len(acts) == 0 {
		return ""
	}
	s := make([]string, len(acts))
	for i, a := range slices.Sorted(slices.Values(acts)) {
		s[i] = fmt.Sprint(a)
	}
	return strings.Join(s, ", ")
}

// controlSet is the controls of one set, in the order of the results.
type controlSet struct {
	ID       string
	Name     framework.Text
	Controls []results.Control
}

// groupBySet splits controls by control set, keeping the order in which
// sets first appear.
func groupBySet(controls []results.Control) []*controlSet {
	var sets []*controlSet
	byID := map[string]*controlSet{}
	for _, c := range controls {
		s, ok := byID[c.ControlSet]
		if !ok {
			s = &controlSet{ID: c.ControlSet, Name: c.ControlSetName}
			byID[c.ControlSet] = s
			sets = append(sets, s)
		}
		s.Controls = append(s.Controls, c)
	}
	return sets
}

func newSetDoc(lang string, s *controlSet) setDoc {
	sd := setDoc{ID: s.ID, Anchor: "set-" + anchor(s.ID), Name: text(lang, s.Name)}
	if sd.Name == "" {
		sd.Name = s.ID
	}
	if sd.Name == "" {
		sd.Name = label(lang, "other")
	}
	sd.Tally = newTally(lang, s.Controls, sd.Name)
	for _, c := range s.Controls {
		sd.Controls = append(sd.Controls, newControlDoc(lang, c))
	}
	return sd
}

func newTally(lang string, controls []results.Control, what string) tally {
	sum := results.Summarize(controls)
	n := map[results.Status]int{
		results.Pass: sum.Pass, results.Fail: sum.Fail, results.Manual: sum.Manual,
		results.NotApplicable: sum.NotApplicable, results.Error: sum.Error,
	}
	t := tally{Total: sum.Total}
	var parts []string
	x := 0.0
	for _, s := range results.Statuses {
		c := statusCount{Status: s, Label: statusLabel(lang, s), N: n[s]}
		t.Counts = append(t.Counts, c)
		if c.N == 0 || sum.Total == 0 {
			continue
		}
		w := float64(c.N) * chartWidth / float64(sum.Total)
		t.Chart.Bars = append(t.Chart.Bars, bar{Status: s, X: fmt.Sprintf("%.1f", x), W: fmt.Sprintf("%.1f", w),
			Label: fmt.Sprintf("%s%s %d", c.Label, colon(lang), c.N)})
		parts = append(parts, fmt.Sprintf("%s %d", c.Label, c.N))
		x += w
	}
	t.Chart.Label = what + colon(lang) + " " + strings.Join(parts, ", ")
	return t
}

func newControlDoc(lang string, c results.Control) controlDoc {
	cd := controlDoc{
		ID:          c.ID,
		Anchor:      "c-" + anchor(c.ID),
		Name:        text(lang, c.Name),
		Description: text(lang, c.Description),
		Reason:      text(lang, c.Reason),
		Status:      c.Status,
		StatusLabel: statusLabel(lang, c.Status),
		References:  referenceList(lang, c.References),
		AWSCarried:  awsCarried(c.Responsibility),
	}
	if c.Responsibility != "" && c.Responsibility != framework.ResponsibilityCustomer {
		cd.Responsibility = text(lang, responsibilityLabels[c.Responsibility])
	}
	for _, f := range c.Findings {
		cd.Findings = append(cd.Findings, findingDoc{
			Status: f.Status, StatusLabel: statusLabel(lang, f.Status),
			Resource: f.Resource, Account: f.Account, Region: f.Region, Source: f.Source,
			Message: typeset(lang, f.MessageIn(lang)),
		})
	}
	for _, s := range c.Sources {
		cd.Evidence = append(cd.Evidence, sourceLine(lang, s))
	}
	if cd.AWSCarried {
		cd.Evidence = append(cd.Evidence, label(lang, "awsEvidence"))
	}
	if a := c.Attestation; a != nil {
		cd.Attestation = &attestationDoc{
			Status: a.Status, StatusLabel: statusLabel(lang, a.Status),
			Owner: a.Owner, Date: day(a.Date), Expires: day(a.Expires), Links: a.Links,
			Comment: typeset(lang, a.Comment),
		}
	}
	return cd
}

// awsCarried reports whether AWS carries all or part of a control, so that
// AWS's own reports are evidence for it.
func awsCarried(r framework.Responsibility) bool {
	return r == framework.ResponsibilityAWS || r == framework.ResponsibilityShared
}

// referenceList formats references grouped by scheme, one entry a scheme:
// "HDS v2 EXI 28", "ISO/IEC 27001:2022 A.5.9, A.5.23".
func referenceList(lang string, refs []framework.ReferenceDocument) []string {
	var schemes []string
	by := map[string][]string{}
	for _, r := range refs {
		if _, ok := by[r.Scheme]; !ok {
			schemes = append(schemes, r.Scheme)
		}
		by[r.Scheme] = append(by[r.Scheme], r.ID)
	}
	out := make([]string, len(schemes))
	for i, s := range schemes {
		out[i] = schemeLabel(lang, s) + " " + strings.Join(by[s], ", ")
	}
	return out
}

// sourceLine formats one evidence source on a line.
func sourceLine(lang string, s framework.SourceDocument) string {
	kind := s.Type.Label().Get(lang)
	if s.Type != framework.SourceManual {
		line := kind + " " + s.Keyword
		if s.Type == framework.SourceCheck {
			if chk, ok := framework.LookupCheck(s.Keyword); ok {
				line += " (" + text(lang, chk.Title) + ")"
			}
		}
		return line
	}
	line := kind
	if s.Owner != nil && s.Owner.Get(lang) != "" {
		line += " (" + label(lang, "owner.source") + colon(lang) + " " + text(lang, *s.Owner) + ")"
	}
	if s.Instructions != nil && s.Instructions.Get(lang) != "" {
		line += " — " + text(lang, *s.Instructions)
	}
	return line
}

func newAWSReportDoc(lang string, a results.AWSReport) awsReportDoc {
	d := awsReportDoc{ID: a.ID, Title: typeset(lang, a.Title), Version: a.Version, File: a.File}
	if !a.PeriodStart.IsZero() || !a.PeriodEnd.IsZero() {
		d.Period = strings.TrimSpace(day(a.PeriodStart) + " " + label(lang, "to") + " " + day(a.PeriodEnd))
	}
	return d
}

// anchor turns an ID into an HTML id fragment: letters, digits, . - _.
func anchor(id string) string {
	return strings.Map(func(r rune) rune {
		if r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune(".-_", r)) {
			return r
		}
		return '_'
	}, id)
}
