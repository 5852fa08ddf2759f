package report

import (
	"embed"
	"html/template"
	"io"

	"github.com/hdsctl/hdsctl/results"
)

//go:embed templates/style.css
var styleCSS string

//go:embed templates/report.js
var reportJS string

//go:embed templates/*.html
var templateFS embed.FS

// pages holds the HTML templates. html/template escapes every value by
// context, so a control text holding markup shows as text and never runs.
var pages = template.Must(template.New("").Funcs(template.FuncMap{"dict": dict}).
	ParseFS(templateFS, "templates/*.html"))

// page is what every HTML template receives: the document, its language,
// the captions in that language, and the inline stylesheet and script.
type page struct {
	Lang      string
	L         map[string]string
	Colon     string
	Semicolon string
	// CSS and JS are the embedded files, trusted as they are: they are
	// compiled into hdsctl and never hold user data.
	CSS template.CSS
	JS  template.JS
	Doc any
}

func newPage(lang string, doc any, script string) page {
	l := make(map[string]string, len(labels))
	for k, t := range labels {
		l[k] = text(lang, t)
	}
	return page{
		Lang: lang, L: l, Colon: colon(lang), Semicolon: semicolon(lang),
		CSS: template.CSS(styleCSS), JS: template.JS(script), Doc: doc,
	}
}

// HTML writes the assessment report as one self-contained HTML file:
// styles, script and charts inline, no font, image or anything else
// fetched. It holds a summary per control set with a chart, every control
// with its status, findings, evidence, references and attestation, the AWS
// Artifact reports, a filter by status that works without JavaScript, and a
// print stylesheet.
func HTML(w io.Writer, r *results.Results, lang string) error {
	return pages.ExecuteTemplate(w, "report", newPage(lang, newDocument(r, lang), reportJS))
}

// dict builds a map from key/value arguments, for passing several values to
// a sub-template.
func dict(kv ...any) map[string]any {
	m := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		if k, ok := kv[i].(string); ok {
			m[k] = kv[i+1]
		}
	}
	return m
}
