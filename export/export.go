// Package export writes a framework as a document: text for the terminal,
// Markdown, CSV, JSON and an OSCAL catalog. Every writer takes the language
// to write in; texts the framework lacks in that language fall back to the
// other one.
package export

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/hdsctl/hdsctl/framework"
)

// Format names an export format.
type Format string

// The formats of this package.
const (
	FormatText     Format = "text"
	FormatMarkdown Format = "markdown"
	FormatCSV      Format = "csv"
	FormatJSON     Format = "json"
	// FormatOSCALCatalog is an OSCAL 1.2.1 catalog in JSON, in one language.
	FormatOSCALCatalog Format = "oscal-catalog"
)

// Options tunes an export.
type Options struct {
	// Lang is the language written: fr or en.
	Lang string
	// Separator is the CSV field separator; a comma when zero. French
	// spreadsheets expect a semicolon.
	Separator rune
	// Modified is the last-modified time written in OSCAL metadata; the
	// current time when zero.
	Modified time.Time
}

// Write writes fw to w in the given format.
func Write(w io.Writer, fw *framework.Framework, format Format, opts Options) error {
	if opts.Lang == "" {
		opts.Lang = framework.English
	}
	switch format {
	case FormatText:
		return Text(w, fw, opts.Lang)
	case FormatMarkdown:
		return Markdown(w, fw, opts.Lang)
	case FormatCSV:
		return CSV(w, fw, opts)
	case FormatJSON:
		return JSON(w, fw)
	case FormatOSCALCatalog:
		return OSCALCatalog(w, fw, opts)
	}
	return fmt.Errorf("unknown export format %q", format)
}

// JSON writes the framework's stable JSON document, indented.
func JSON(w io.Writer, fw *framework.Framework) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(framework.NewDocument(fw))
}
