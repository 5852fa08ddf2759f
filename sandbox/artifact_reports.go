package sandbox

import (
	"bytes"
	"fmt"
	"strings"
	"time"
)

// The reports of the sandbox's AWS Artifact are fictitious: each title says
// "(sandbox)", each description says that it stands for an AWS document
// without being one, and each document is a one-page PDF saying it is a
// placeholder. Their IDs, series, versions and periods have the shapes of
// AWS Artifact's, so that hdsctl records them as it would the real ones.

// artifactReport is a report of the sandbox's AWS Artifact catalog.
type artifactReport struct {
	id, name, description, series string
	acceptance                    string
	versions                      []artifactVersion
}

// artifactVersion is one version of a report, with the period it covers.
type artifactVersion struct {
	version             int
	periodStart, period time.Time // period is the end of the period
	created             time.Time
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// artifactCatalog holds every report of the sandbox, versions oldest first.
var artifactCatalog = []artifactReport{
	{
		id:   "report-SandboxHDScert01",
		name: "AWS HDS certificate (sandbox)",
		description: "Sandbox placeholder standing for the certificate of conformity of AWS to the French " +
			"HDS referential (Hebergeur de Donnees de Sante). Not an AWS document.",
		series:     "HDS",
		acceptance: "PASSTHROUGH",
		versions: []artifactVersion{
			{1, date(2021, 7, 1), date(2024, 6, 30), date(2021, 7, 5)},
			{2, date(2024, 7, 1), date(2027, 6, 30), date(2024, 7, 8)},
		},
	},
	{
		id:   "report-SandboxISO27001A",
		name: "AWS ISO/IEC 27001 certificate (sandbox)",
		description: "Sandbox placeholder standing for the ISO/IEC 27001:2022 certificate of AWS. " +
			"Not an AWS document.",
		series:     "ISO",
		acceptance: "PASSTHROUGH",
		versions: []artifactVersion{
			{1, date(2022, 11, 10), date(2025, 11, 9), date(2022, 11, 14)},
			{2, date(2025, 11, 10), date(2028, 11, 9), date(2025, 11, 17)},
		},
	},
	{
		id:   "report-SandboxISO27018A",
		name: "AWS ISO/IEC 27018 certificate (sandbox)",
		description: "Sandbox placeholder standing for the ISO/IEC 27018 certificate of AWS (protection of " +
			"personal data in public clouds). Not an AWS document.",
		series:     "ISO",
		acceptance: "PASSTHROUGH",
		versions: []artifactVersion{
			{1, date(2025, 11, 10), date(2028, 11, 9), date(2025, 11, 17)},
		},
	},
	{
		id:   "report-SandboxSOC2Type2",
		name: "AWS SOC 2 Type 2 report (sandbox)",
		description: "Sandbox placeholder standing for the AWS SOC 2 Type 2 report on security, availability " +
			"and confidentiality. Not an AWS document.",
		series:     "SOC",
		acceptance: "EXPLICIT",
		versions: []artifactVersion{
			{1, date(2024, 10, 1), date(2025, 3, 31), date(2025, 5, 15)},
			{2, date(2025, 4, 1), date(2025, 9, 30), date(2025, 11, 14)},
			{3, date(2025, 10, 1), date(2026, 3, 31), date(2026, 5, 15)},
		},
	},
}

// ArtifactReportTitles returns the titles of the sandbox's AWS Artifact
// reports, so that tests can find them.
func ArtifactReportTitles() []string {
	out := make([]string, len(artifactCatalog))
	for i, r := range artifactCatalog {
		out[i] = r.name
	}
	return out
}

func findReport(id string) (*artifactReport, bool) {
	for i := range artifactCatalog {
		if artifactCatalog[i].id == id {
			return &artifactCatalog[i], true
		}
	}
	return nil, false
}

// version returns a version of the report; 0 means the latest.
func (r *artifactReport) version(v int) (artifactVersion, bool) {
	if v == 0 {
		return r.versions[len(r.versions)-1], true
	}
	for _, ver := range r.versions {
		if ver.version == v {
			return ver, true
		}
	}
	return artifactVersion{}, false
}

// summary renders a version as a ReportSummary; detail adds the members of
// ReportDetail.
func (r *artifactReport) summary(region string, v artifactVersion, detail bool) map[string]any {
	out := map[string]any{
		"id":             r.id,
		"name":           r.name,
		"state":          "PUBLISHED",
		"arn":            fmt.Sprintf("arn:aws:artifact:%s::report/%s:%d", region, r.id, v.version),
		"version":        v.version,
		"uploadState":    "COMPLETE",
		"description":    r.description,
		"periodStart":    isoTime(v.periodStart),
		"periodEnd":      isoTime(v.period),
		"series":         r.series,
		"category":       "Certifications and Attestations",
		"companyName":    "AWS",
		"productName":    "AWS",
		"acceptanceType": r.acceptance,
	}
	if detail {
		out["createdAt"] = isoTime(v.created)
		out["lastModifiedAt"] = isoTime(v.created)
		out["termArn"] = "arn:aws:artifact:::term/term-SandboxTermsAWS1/1"
		out["sequenceNumber"] = v.version
	}
	return out
}

// document returns the placeholder PDF of a report version, or of the terms
// that go with it.
func (r *artifactReport) document(v artifactVersion, terms bool) []byte {
	if terms {
		return placeholderPDF([]string{
			"SANDBOX PLACEHOLDER - NOT AN AWS DOCUMENT",
			"",
			"Terms and conditions for: " + r.name + ", version " + fmt.Sprint(v.version),
			"The hdsctl sandbox emulates the AWS Artifact API. These are not the",
			"terms of AWS: accept the real ones in AWS Artifact before you use a report.",
		})
	}
	return placeholderPDF([]string{
		"SANDBOX PLACEHOLDER - NOT AN AWS DOCUMENT",
		"",
		r.name + ", version " + fmt.Sprint(v.version),
		"Period: " + v.periodStart.Format("2006-01-02") + " to " + v.period.Format("2006-01-02"),
		"",
		"This file stands for an AWS compliance report in the hdsctl sandbox.",
		"It certifies nothing. Download the real report from AWS Artifact.",
	})
}

// placeholderPDF writes a one-page PDF 1.4 showing the lines in Helvetica,
// with a correct cross-reference table, so that PDF readers open it.
func placeholderPDF(lines []string) []byte {
	var text strings.Builder
	text.WriteString("BT /F1 12 Tf 16 TL 72 740 Td")
	for _, l := range lines {
		l = strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`).Replace(l)
		fmt.Fprintf(&text, " (%s) Tj T*", l)
	}
	text.WriteString(" ET")
	objects := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", text.Len(), text.String()),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
		"<< /Title (hdsctl sandbox placeholder) /Producer (hdsctl sandbox) >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objects))
	for i, obj := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, obj)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return b.Bytes()
}
