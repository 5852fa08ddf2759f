package report

import (
	"encoding/csv"
	"io"
	"strings"

	"github.com/hdsctl/hdsctl/results"
)

// csvHeader names the columns of the CSV report. The names are a stable
// contract for scripts, the same in both languages; the values are in the
// language asked for.
var csvHeader = []string{
	"set_id", "set_name", "control_id", "control_name", "status", "status_label",
	"responsibility", "references", "reason",
	"finding_status", "finding_resource", "finding_account", "finding_region", "finding_source", "finding_message",
	"attestation_status", "attestation_owner", "attestation_date", "attestation_expires", "attestation_links",
	"attestation_comment",
}

// CSV writes the assessment report as CSV, one row per finding (a control
// without findings gets one row), UTF-8 with a byte-order mark so that
// spreadsheets keep accents. Cells a spreadsheet would run as a formula are
// neutralised.
func CSV(w io.Writer, r *results.Results, lang string, sep rune) error {
	d := newDocument(r, lang)
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Comma = sep
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	for _, s := range d.Sets {
		for _, c := range s.Controls {
			base := []string{s.ID, s.Name, c.ID, c.Name, string(c.Status), c.StatusLabel,
				c.Responsibility, strings.Join(c.References, " · "), c.Reason}
			att := make([]string, 6)
			if a := c.Attestation; a != nil {
				att = []string{string(a.Status), a.Owner, a.Date, a.Expires, strings.Join(a.Links, " "), a.Comment}
			}
			findings := c.Findings
			if len(findings) == 0 {
				findings = []findingDoc{{}}
			}
			for _, f := range findings {
				row := append(append(append([]string{}, base...),
					string(f.Status), f.Resource, f.Account, f.Region, f.Source, f.Message), att...)
				if err := cw.Write(csvSafe(row)); err != nil {
					return err
				}
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvSafe keeps a spreadsheet from running cells as formulas: a cell
// starting with = + - @ (or a tab or carriage return) gets a leading
// apostrophe, which spreadsheets show as text.
func csvSafe(row []string) []string {
	for i, s := range row {
		if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
			row[i] = "'" + s
		}
	}
	return row
}
