package artifact

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hdsctl/hdsctl/framework"
	"github.com/hdsctl/hdsctl/results"
)

// Kind is a certification hdsctl looks for among AWS's reports.
type Kind struct {
	// Name says what the report is, as words of a sentence: "HDS
	// certificate", in French "certificat HDS", a masculine noun.
	Name framework.Text
	// match recognises the report by its name, series or description.
	match *regexp.Regexp
}

// Kinds are the certifications that evidence the controls AWS carries for an
// HDS host: AWS's HDS certificate, and its ISO/IEC 27001 certificate, which
// HDS v2 builds on.
var Kinds = []Kind{
	{framework.Text{EN: "HDS certificate", FR: "certificat HDS"},
		regexp.MustCompile(`(?i)\bHDS\b|h[ée]bergeur de donn[ée]es de sant[ée]|health data host`)},
	{framework.Text{EN: "ISO/IEC 27001 certificate", FR: "certificat ISO/IEC 27001"},
		regexp.MustCompile(`(?i)\b27001\b`)},
}

// published is the state of a report AWS offers for download.
const published = "PUBLISHED"

// Source reads AWS's current HDS and ISO/IEC 27001 reports. It implements
// assess.ReportSource.
type Source struct {
	client *Client
	now    func() time.Time
}

// NewSource returns a source reading through client, judging validity
// against the time now returns (time.Now when nil).
func NewSource(client *Client, now func() time.Time) *Source {
	if now == nil {
		now = time.Now
	}
	return &Source{client: client, now: now}
}

// Found is the current report of one kind, or why there is none.
type Found struct {
	Kind   Kind
	Report Report
	// OK reports whether a published report of the kind was found.
	OK bool
}

// Current lists the reports and returns, for each kind, the published
// report whose period ends last, with its metadata. It fails when the
// reports cannot be listed.
func (s *Source) Current(ctx context.Context) ([]Found, error) {
	reports, err := s.client.ListReports(ctx)
	if err != nil {
		return nil, err
	}
	var out []Found
	for _, k := range Kinds {
		f := Found{Kind: k}
		for _, r := range reports {
			if r.State != "" && r.State != published || !k.matches(r) {
				continue
			}
			if !f.OK || later(r, f.Report) {
				f.Report, f.OK = r, true
			}
		}
		if f.OK {
			if meta, err := s.client.GetReportMetadata(ctx, f.Report.ID, f.Report.Version); err == nil && meta.ID != "" {
				f.Report = meta
			}
		}
		out = append(out, f)
	}
	return out, nil
}

func (k Kind) matches(r Report) bool {
	return k.match.MatchString(r.Name) || k.match.MatchString(r.Series) || k.match.MatchString(r.Description)
}

// later reports whether a is more current than b: its period ends later,
// or, at equal periods, its version is higher.
func later(a, b Report) bool {
	if !a.PeriodEnd.Equal(b.PeriodEnd) {
		return a.PeriodEnd.After(b.PeriodEnd)
	}
	return a.Version > b.Version
}

// Reports returns AWS's current reports and the findings of the
// aws-artifact-certifications check: a report whose period covers today
// passes, one whose period has ended fails, a kind with no report is an
// error. It fails when the reports cannot be listed.
func (s *Source) Reports(ctx context.Context) ([]results.AWSReport, []results.Finding, error) {
	found, err := s.Current(ctx)
	if err != nil {
		return nil, nil, err
	}
	now := s.now()
	var reports []results.AWSReport
	var findings []results.Finding
	for _, f := range found {
		if !f.OK {
			missing := results.Finding{Resource: "AWS Artifact", Status: results.Error, Source: source}
			missing.Say(framework.Text{
				EN: fmt.Sprintf("AWS Artifact lists no published %s of AWS: look for it in the AWS Artifact "+
					"console (Reports), and keep the one in force as evidence", f.Kind.Name.EN),
				FR: fmt.Sprintf("AWS Artifact ne propose aucun %s publié par AWS : cherchez-le dans "+
					"la console AWS Artifact (Rapports), et conservez celui en vigueur comme preuve", f.Kind.Name.FR),
			})
			findings = append(findings, missing)
			continue
		}
		reports = append(reports, Record(f.Report))
		findings = append(findings, judge(f, now))
	}
	return reports, findings, nil
}

// source is the Source of the findings: the hdsctl check.
const source = string(framework.SourceCheck) + ":aws-artifact-certifications"

// judge gives the finding on one current report.
func judge(f Found, now time.Time) results.Finding {
	r := f.Report
	out := results.Finding{Resource: cmpOr(r.ARN, "AWS Artifact report "+r.ID), Status: results.Pass, Source: source}
	title := framework.Text{
		EN: fmt.Sprintf("AWS's %s %q (version %d)", f.Kind.Name.EN, r.Name, r.Version),
		FR: fmt.Sprintf("Le %s d'AWS « %s » (version %d)", f.Kind.Name.FR, r.Name, r.Version),
	}
	p := period(r)
	switch {
	case !r.PeriodEnd.IsZero() && now.After(r.PeriodEnd):
		out.Status = results.Fail
		out.Say(framework.Text{
			EN: fmt.Sprintf("%s covered %s; its period ended on %s and AWS Artifact offers no later one: "+
				"ask AWS (or look in AWS Artifact) for the renewed certificate or a bridge letter, "+
				"and keep it as evidence", title.EN, p.EN, r.PeriodEnd.Format(time.DateOnly)),
			FR: fmt.Sprintf("%s couvrait la %s ; cette période est révolue et AWS Artifact n'en propose "+
				"pas de plus récent : demandez à AWS (ou cherchez dans AWS Artifact) le certificat renouvelé "+
				"ou une lettre de transition (bridge letter), et conservez-le comme preuve", title.FR, p.FR),
		})
	case !r.PeriodStart.IsZero() && now.Before(r.PeriodStart):
		out.Status = results.Fail
		out.Say(framework.Text{
			EN: fmt.Sprintf("%s covers %s, which has not started: keep the certificate in force as evidence",
				title.EN, p.EN),
			FR: fmt.Sprintf("%s couvre la %s, qui n'a pas commencé : conservez comme preuve "+
				"le certificat en vigueur", title.FR, p.FR),
		})
	default:
		out.Say(framework.Text{
			EN: fmt.Sprintf("%s is in force (%s): download it with hdsctl artifact and keep it as evidence",
				title.EN, p.EN),
			FR: fmt.Sprintf("%s est en vigueur (%s) : téléchargez-le avec hdsctl artifact et conservez-le "+
				"comme preuve", title.FR, p.FR),
		})
	}
	return out
}

// period says what period a report covers; in French, a noun phrase
// starting with "période".
func period(r Report) framework.Text {
	start, end := r.PeriodStart.Format(time.DateOnly), r.PeriodEnd.Format(time.DateOnly)
	switch {
	case r.PeriodStart.IsZero() && r.PeriodEnd.IsZero():
		return framework.Text{EN: "no stated period", FR: "période non indiquée"}
	case r.PeriodEnd.IsZero():
		return framework.Text{EN: "from " + start, FR: "période à partir du " + start}
	case r.PeriodStart.IsZero():
		return framework.Text{EN: "until " + end, FR: "période jusqu'au " + end}
	}
	return framework.Text{EN: start + " to " + end, FR: "période du " + start + " au " + end}
}

// Record returns the results' record of a report.
func Record(r Report) results.AWSReport {
	rec := results.AWSReport{ID: r.ID, Title: r.Name, PeriodStart: r.PeriodStart, PeriodEnd: r.PeriodEnd}
	if r.Version > 0 {
		rec.Version = strconv.FormatInt(r.Version, 10)
	}
	return rec
}

// FileName returns the file a report is saved as: its name in lower case,
// letters and digits only, with its version.
func FileName(r Report) string {
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(r.Name) {
		ok := c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
		switch {
		case ok:
			b.WriteRune(c)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	name := strings.Trim(b.String(), "-")
	if name == "" {
		name = "report-" + r.ID
	}
	return fmt.Sprintf("%s-v%d.pdf", name, r.Version)
}

func cmpOr(values ...string) string {
	i := slices.IndexFunc(values, func(v string) bool { return v != "" })
	if i < 0 {
		return ""
	}
	return values[i]
}
