package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/hdsctl/hdsctl/framework"
	"github.com/hdsctl/hdsctl/results"
)

// SoA is a Statement of Applicability (Déclaration d'applicabilité,
// ISO/IEC 27001:2022 6.1.3 d, required in French by HDS EXI 08), resolved
// into one language: every Annex A control, whether it applies and why,
// its implementation status from the assessment, and the HDS requirements
// it serves.
type SoA struct {
	Lang          string
	Title         string
	Subtitle      string
	FrameworkName string
	Organization  string
	Scope         string
	Version       string
	ApprovedBy    string
	ApprovedOn    string
	Generated     string
	Accounts      string
	// Applicable and Excluded count the rows of each kind.
	Applicable int
	Excluded   int
	Rows       []SoARow
}

// SoARow is one Annex A control of the Statement of Applicability.
type SoARow struct {
	// Control is the Annex A ID, A.5.1 to A.8.34.
	Control       string
	Name          string
	Applicable    bool
	Justification string
	// Status is the assessed status of the control's own catalog control
	// (ISO-A.x.y); empty when the assessment does not hold it.
	Status      results.Status
	StatusLabel string
	// HDS lists the HDS v2 requirements the control serves: those its
	// catalog control references, and those of the HDS controls that
	// reference it.
	HDS []string
	// Assessed lists the assessed controls tied to it, with their status:
	// "HDS-EXI-28 (Non conforme)".
	Assessed []string
}

// NewSoA builds the Statement of Applicability of r in lang from the
// host's decisions a, which may be nil.
func NewSoA(r *results.Results, a *Applicability, lang string) *SoA {
	if a == nil {
		a = &Applicability{}
	}
	s := &SoA{
		Lang:          lang,
		Title:         label(lang, "soaTitle"),
		Subtitle:      label(lang, "soaSubtitle"),
		FrameworkName: text(lang, r.FrameworkName),
		Organization:  text(lang, a.Organization),
		Scope:         text(lang, a.Scope),
		Version:       a.Version,
		ApprovedBy:    a.ApprovedBy,
		ApprovedOn:    day(a.ApprovedOn),
		Generated:     instant(r.GeneratedAt),
		Accounts:      strings.Join(accounts(r), ", "),
	}
	if s.FrameworkName == "" {
		s.FrameworkName = r.Framework
	}
	for _, id := range framework.ISOAnnexA() {
		row := newSoARow(r, a, lang, id)
		if row.Applicable {
			s.Applicable++
		} else {
			s.Excluded++
		}
		s.Rows = append(s.Rows, row)
	}
	return s
}

func newSoARow(r *results.Results, a *Applicability, lang, id string) SoARow {
	row := SoARow{Control: id}
	own := isoControl(r, id)
	related := referencing(r, id, own)
	if own != nil {
		row.Name = strings.TrimPrefix(text(lang, own.Name), id+" – ")
		row.Status = own.Status
	}
	decision, decided := a.Controls[id]
	switch {
	case decided:
		row.Applicable = decision.Applicable
		row.Justification = text(lang, decision.Justification)
	case own != nil && own.Status == results.NotApplicable:
		row.Justification = text(lang, own.Reason)
	default:
		row.Applicable = true
	}
	if row.Justification == "" && row.Applicable {
		row.Justification = text(lang, a.DefaultJustification)
	}
	if row.Justification == "" {
		row.Justification = label(lang, "soaNoJustification")
	}
	switch {
	case !row.Applicable:
		row.StatusLabel = label(lang, "soaExcluded")
	case own == nil:
		row.StatusLabel = label(lang, "soaNotAssessed")
	default:
		row.StatusLabel = statusLabel(lang, own.Status)
	}
	row.HDS = hdsRequirements(own, related)
	for _, c := range append(controlsOf(own), related...) {
		row.Assessed = append(row.Assessed, fmt.Sprintf("%s (%s)", c.ID, statusLabel(lang, c.Status)))
	}
	return row
}

// isoControl returns the catalog control of an Annex A control: ISO-A.x.y,
// or else a control referencing that Annex A control alone and no HDS
// requirement.
func isoControl(r *results.Results, id string) *results.Control {
	for i := range r.Controls {
		if r.Controls[i].ID == "ISO-"+id {
			return &r.Controls[i]
		}
	}
	for i, c := range r.Controls {
		iso, hds := refsOf(c, framework.SchemeISO), refsOf(c, framework.SchemeHDS)
		if len(iso) == 1 && iso[0] == id && len(hds) == 0 {
			return &r.Controls[i]
		}
	}
	return nil
}

// referencing returns the controls other than own that reference the
// Annex A control id.
func referencing(r *results.Results, id string, own *results.Control) []*results.Control {
	var out []*results.Control
	for i := range r.Controls {
		c := &r.Controls[i]
		if c != own && slices.Contains(refsOf(*c, framework.SchemeISO), id) {
			out = append(out, c)
		}
	}
	return out
}

func controlsOf(c *results.Control) []*results.Control {
	if c == nil {
		return nil
	}
	return []*results.Control{c}
}

func refsOf(c results.Control, scheme string) []string {
	var out []string
	for _, r := range c.References {
		if r.Scheme == scheme {
			out = append(out, r.ID)
		}
	}
	return out
}

// hdsRequirements returns the HDS requirements of the controls, once each,
// in the referential's order.
func hdsRequirements(own *results.Control, related []*results.Control) []string {
	seen := map[string]bool{}
	for _, c := range append(controlsOf(own), related...) {
		for _, id := range refsOf(*c, framework.SchemeHDS) {
			seen[id] = true
		}
	}
	var out []string
	for _, id := range framework.HDSRequirements() {
		if seen[id] {
			out = append(out, id)
			delete(seen, id)
		}
	}
	// Identifiers outside the referential's list keep a stable order.
	rest := make([]string, 0, len(seen))
	for id := range seen {
		rest = append(rest, id)
	}
	slices.Sort(rest)
	return append(out, rest...)
}

// columns returns the column titles of the table.
func (s *SoA) columns() []string {
	keys := []string{"soaControl", "soaName", "soaApplicable", "soaJustification", "soaStatus", "soaHDS", "soaAssessed"}
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = label(s.Lang, k)
	}
	return out
}

// cells returns the row as text cells, in the order of columns.
func (s *SoA) cells(r SoARow) []string {
	applicable := label(s.Lang, "no")
	if r.Applicable {
		applicable = label(s.Lang, "yes")
	}
	return []string{r.Control, r.Name, applicable, r.Justification, r.StatusLabel,
		strings.Join(r.HDS, ", "), strings.Join(r.Assessed, ", ")}
}

// HTML writes the Statement of Applicability as one self-contained HTML
// file, printable.
func (s *SoA) HTML(w io.Writer) error {
	return pages.ExecuteTemplate(w, "soa", newPage(s.Lang, s, ""))
}

// CSV writes the Statement of Applicability as CSV with titled columns,
// UTF-8 with a byte-order mark, formulas neutralised.
func (s *SoA) CSV(w io.Writer, sep rune) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Comma = sep
	if err := cw.Write(s.columns()); err != nil {
		return err
	}
	for _, r := range s.Rows {
		if err := cw.Write(csvSafe(s.cells(r))); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// XLSX writes the Statement of Applicability as a one-sheet Excel
// workbook, header row bold and frozen.
func (s *SoA) XLSX(w io.Writer) error {
	sheet := xlsxSheet{
		Name:   label(s.Lang, "soaSheet"),
		Title:  s.Title,
		Lang:   s.Lang,
		Header: s.columns(),
		Widths: []float64{9, 40, 11, 60, 24, 22, 40},
	}
	for _, r := range s.Rows {
		sheet.Rows = append(sheet.Rows, s.cells(r))
	}
	return writeXLSX(w, sheet)
}
