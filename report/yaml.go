package report

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hdsctl/hdsctl/framework"
	"github.com/hdsctl/hdsctl/internal/yamlfile"
)

// InvalidError says an input file the report package reads (an
// applicability file, an actors file) is invalid. It carries every problem
// found, each with its file:line and how to fix it.
type InvalidError struct {
	// Path names the file as the user gave it.
	Path string
	// Kind says what the file should have been: "applicability file".
	Kind        string
	Diagnostics framework.Diagnostics
}

// Error names the file and its problem, or how many it has; Diagnostics
// holds each.
func (e *InvalidError) Error() string {
	errs := e.Diagnostics.Errors()
	if len(errs) == 1 {
		return fmt.Sprintf("%s %s is invalid: %s", e.Kind, e.Path, errs[0])
	}
	return fmt.Sprintf("%s %s is invalid: %d problems", e.Kind, e.Path, len(errs))
}

// newReader returns a reader of the input file named name, which answers
// an unknown key with the known key nearest to it.
func newReader(name string) *yamlfile.Reader {
	r := yamlfile.NewReader(name)
	r.Suggest = true
	return r
}

// invalid returns the problems r found as an *InvalidError, or nil when
// none is an error.
func invalid(r *yamlfile.Reader, path, kind string) error {
	if diags := r.Diagnostics(); diags.HasErrors() {
		return &InvalidError{Path: path, Kind: kind, Diagnostics: diags}
	}
	return nil
}

// The functions below read the values of the applicability and actors
// files as these files have always been read: lists must be lists, whole
// numbers must be written as numbers, and the problems are worded in their
// own way. yamlfile's methods read attestation and scope files, which take a
// single value for a list of one, and word their problems differently.

// readString reads a scalar as text; a missing value gives "".
func readString(n yamlfile.Node, what string) string {
	if n.Missing() {
		return ""
	}
	if !n.IsScalar() {
		n.Errorf("write a single value", "%s must be text, found %s", what, n.Kind())
		return ""
	}
	return strings.TrimSpace(n.Value())
}

// readRequired reads a scalar that must be present and not empty.
func readRequired(n, parent yamlfile.Node, what string) string {
	if n.Missing() {
		parent.Errorf("add it", "%s is missing", what)
		return ""
	}
	s := readString(n, what)
	if s == "" && n.IsScalar() {
		n.Errorf("write it", "%s is empty", what)
	}
	return s
}

// readBool reads true or false. ok is false when the value is missing or
// not a boolean.
func readBool(n yamlfile.Node, what string) (value, ok bool) {
	if n.Missing() {
		return false, false
	}
	if n.IsScalar() && n.Tag() == "!!bool" {
		switch strings.ToLower(n.Value()) {
		case "true", "yes", "on":
			return true, true
		case "false", "no", "off":
			return false, true
		}
	}
	n.Errorf("write true or false", "%s must be true or false, found %q", what, n.Value())
	return false, false
}

// readRequiredBool reads a boolean that must be present.
func readRequiredBool(n, parent yamlfile.Node, what string) bool {
	if n.Missing() {
		parent.Errorf("add it: true or false", "%s is missing", what)
		return false
	}
	v, _ := readBool(n, what)
	return v
}

// readInt reads a whole number, written as a number.
func readInt(n yamlfile.Node, what string) (int, bool) {
	if !n.IsScalar() || n.Tag() != "!!int" {
		n.Errorf("write a whole number", "%s must be a whole number, found %s", what, n.Kind())
		return 0, false
	}
	v, err := strconv.Atoi(n.Value())
	if err != nil {
		n.Errorf("write a whole number", "%s must be a whole number, found %q", what, n.Value())
		return 0, false
	}
	return v, true
}

// readList reads a sequence; a missing value gives none.
func readList(n yamlfile.Node, what string) []yamlfile.Node {
	if n.Missing() {
		return nil
	}
	if !n.IsList() {
		n.Errorf("write it as a list, one '- item' a line", "%s must be a list, found %s", what, n.Kind())
		return nil
	}
	return n.Items()
}

// readText reads a text given once for both languages, or as fr: and en:.
func readText(n yamlfile.Node, what string) framework.Text {
	if n.Missing() {
		return framework.Text{}
	}
	if n.IsScalar() {
		return framework.Same(readString(n, what))
	}
	f := n.Fields(what, framework.French, framework.English)
	t := framework.Text{FR: readString(f[framework.French], what+" (fr)"), EN: readString(f[framework.English], what+" (en)")}
	if n.IsMapping() && (t.FR == "") != (t.EN == "") {
		n.Errorf("give it in both fr: and en:, or once as plain text", "%s is given in one language only", what)
	}
	return t
}

// readTexts reads a list of texts.
func readTexts(n yamlfile.Node, what string) []framework.Text {
	var out []framework.Text
	for _, item := range readList(n, what) {
		if t := readText(item, what+" item"); !t.IsZero() {
			out = append(out, t)
		} else if item.IsScalar() {
			item.Errorf("write the text or remove the item", "%s item is empty", what)
		}
	}
	return out
}

// readDate reads a date written 2026-05-01; a missing value gives the zero
// time.
func readDate(n yamlfile.Node, what string) time.Time {
	s := readString(n, what)
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		n.Errorf("write the date as YYYY-MM-DD", "%s is not a date: %q", what, s)
	}
	return t
}
