// Package report writes the documents an HDS certification audit asks for,
// from assessment results (package results) and from the host's own
// declarations: the assessment report in HTML, Markdown, CSV and OSCAL
// assessment-results; the Statement of Applicability (Déclaration
// d'applicabilité) in HTML, CSV and XLSX; and the chapter 8 presentation of
// guarantees with the EXI 31 public page on transfers.
//
// Every writer takes the language it writes, fr or en. Writers never call
// AWS and never read the network; the HTML documents are single files that
// make no network request when opened.
package report

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/hdsctl/hdsctl/framework"
	"github.com/hdsctl/hdsctl/internal/atomicfile"
	"github.com/hdsctl/hdsctl/results"
)

// Format names a report format.
type Format string

// The report formats.
const (
	FormatHTML     Format = "html"
	FormatMarkdown Format = "markdown"
	FormatCSV      Format = "csv"
	FormatOSCAL    Format = "oscal"
	FormatSoA      Format = "soa"
)

// Formats lists the report formats, in the order help texts show them.
var Formats = []Format{FormatHTML, FormatMarkdown, FormatCSV, FormatOSCAL, FormatSoA}

// SoAFormat names a format of the Statement of Applicability.
type SoAFormat string

// The Statement of Applicability formats.
const (
	SoAHTML SoAFormat = "html"
	SoACSV  SoAFormat = "csv"
	SoAXLSX SoAFormat = "xlsx"
)

// SoAFormats lists the Statement of Applicability formats.
var SoAFormats = []SoAFormat{SoAHTML, SoACSV, SoAXLSX}

// Options tunes a report. The zero value writes English reports and a
// French Statement of Applicability in HTML.
type Options struct {
	// Lang is the language written, fr or en. When empty, the Statement of
	// Applicability is written in French (EXI 08 requires it in French) and
	// the other formats in English.
	Lang string
	// Separator is the CSV field separator. When zero: a semicolon in
	// French, as French spreadsheets expect, a comma in English.
	Separator rune
	// Applicability holds the host's applicability decisions for the
	// Statement of Applicability. When nil, every Annex A control is
	// applicable except those the assessment found not applicable.
	Applicability *Applicability
	// SoAFormat is the format of the Statement of Applicability; HTML when
	// empty.
	SoAFormat SoAFormat
}

// LangFor returns the language a document of the given format is written
// in under these options.
func (o Options) LangFor(format Format) string {
	switch {
	case o.Lang != "":
		return o.Lang
	case format == FormatSoA:
		return framework.French
	}
	return framework.English
}

func (o Options) separator(lang string) rune {
	switch {
	case o.Separator != 0:
		return o.Separator
	case lang == framework.French:
		return ';'
	}
	return ','
}

func (o Options) soaFormat() SoAFormat {
	if o.SoAFormat == "" {
		return SoAHTML
	}
	return o.SoAFormat
}

// Write writes r to w in the given format.
func Write(w io.Writer, r *results.Results, format Format, opts Options) error {
	lang := opts.LangFor(format)
	if !framework.ValidLang(lang) {
		return fmt.Errorf("report: unknown language %q: use fr or en", lang)
	}
	switch format {
	case FormatHTML:
		return HTML(w, r, lang)
	case FormatMarkdown:
		return Markdown(w, r, lang)
	case FormatCSV:
		return CSV(w, r, lang, opts.separator(lang))
	case FormatOSCAL:
		return OSCAL(w, r, lang)
	case FormatSoA:
		soa := NewSoA(r, opts.Applicability, lang)
		switch opts.soaFormat() {
		case SoAHTML:
			return soa.HTML(w)
		case SoACSV:
			return soa.CSV(w, opts.separator(lang))
		case SoAXLSX:
			return soa.XLSX(w)
		}
		return fmt.Errorf("report: unknown Statement of Applicability format %q: use html, csv or xlsx", opts.SoAFormat)
	}
	return fmt.Errorf("report: unknown format %q", format)
}

// FileName returns the name hdsctl gives a document of the given format:
// hds-v2-report.en.html, hds-v2-assessment-results.en.oscal.json,
// hds-v2-soa.fr.xlsx.
func FileName(r *results.Results, format Format, opts Options) string {
	lang := opts.LangFor(format)
	base := r.Framework
	if base == "" {
		base = "hdsctl"
	}
	switch format {
	case FormatOSCAL:
		return fmt.Sprintf("%s-assessment-results.%s.oscal.json", base, lang)
	case FormatSoA:
		return fmt.Sprintf("%s-soa.%s.%s", base, lang, opts.soaFormat())
	}
	ext := map[Format]string{FormatHTML: "html", FormatMarkdown: "md", FormatCSV: "csv"}[format]
	return fmt.Sprintf("%s-report.%s.%s", base, lang, ext)
}

// WriteAll writes every format into dir, creating it if needed: the HTML,
// Markdown, CSV and OSCAL reports and the Statement of Applicability in
// HTML, CSV and XLSX. opts.SoAFormat is ignored. Each file is written
// through a temporary file renamed into place, so that an interrupted run
// never leaves half a document. It returns the paths written.
func WriteAll(dir string, r *results.Results, opts Options) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("creating %s: %w", dir, err)
	}
	var written []string
	for _, format := range Formats {
		variants := []SoAFormat{""}
		if format == FormatSoA {
			variants = SoAFormats
		}
		for _, sf := range variants {
			o := opts
			o.SoAFormat = sf
			name := filepath.Join(dir, FileName(r, format, o))
			err := atomicfile.WriteFile(name, func(w io.Writer) error { return Write(w, r, format, o) })
			if err != nil {
				return written, err
			}
			written = append(written, name)
		}
	}
	return written, nil
}
