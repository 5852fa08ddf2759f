// Package yamlfile reads the small YAML input files of hdsctl (attestation,
// scope, applicability and actors files) value by value, so that every
// problem is reported with its file, line and column and reading goes on
// after it.
//
// A Reader collects the diagnostics; a Node is one value of the document:
//
//	r := yamlfile.NewReader(path)
//	root, ok := r.Parse(data)
//	f := root.Fields("the scope file", "activities", "conditions")
//	for _, n := range f["activities"].List("activities") { ... }
//	if err := r.Err(); ...
package yamlfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/hdsctl/hdsctl/framework"
)

// MaxSize bounds the files Parse accepts; real input files are a few
// kilobytes.
const MaxSize = 1 << 20

// maxDepth bounds how deep a document nests.
const maxDepth = 16

// ReadFile reads the file at path for Parse: at most MaxSize bytes and one
// more, so that Parse refuses a larger file without it being read whole. A
// file that cannot be opened gives the file system's error as it is.
func ReadFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	return data, nil
}

// Reader reads one file and gathers the problems found in it.
type Reader struct {
	file  string
	diags framework.Diagnostics

	// Suggest makes Fields answer an unknown key with the known key
	// nearest to it ("did you mean"), or else with "remove it"; without
	// it, the fix asks to remove the key or check its spelling.
	Suggest bool
}

// NewReader returns a reader for the file named file in diagnostics.
func NewReader(file string) *Reader { return &Reader{file: file} }

// Diagnostics returns the problems found so far, sorted by position.
func (r *Reader) Diagnostics() framework.Diagnostics {
	r.diags.Sort()
	return r.diags
}

// Errorf records an error at pos with how to fix it.
func (r *Reader) Errorf(pos framework.Position, fix, format string, args ...any) {
	r.diags = append(r.diags, framework.Diagnostic{Pos: pos, Severity: framework.SeverityError,
		Message: fmt.Sprintf(format, args...), Fix: fix})
}

var yamlLine = regexp.MustCompile(`(?:yaml: )?line (\d+): `)

// Parse parses data as one YAML document and returns its root, or false
// after recording why it cannot. Anchors and aliases are refused.
func (r *Reader) Parse(data []byte) (Node, bool) {
	top := framework.Position{File: r.file}
	if len(data) > MaxSize {
		r.Errorf(top, "split or shorten it", "file is larger than 1 MiB")
		return Node{}, false
	}
	data, bad, ok := framework.CheckText(r.file, data)
	if !ok {
		r.diags = append(r.diags, bad)
		return Node{}, false
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			r.Errorf(top, "write the content", "file is empty")
			return Node{}, false
		}
		msg := err.Error()
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			top.Line, _ = strconv.Atoi(m[1])
			msg = yamlLine.ReplaceAllString(msg, "")
		}
		r.Errorf(top, "fix the YAML syntax (indent with spaces, quote text holding ': ' or '#')",
			"invalid YAML: %s", strings.TrimPrefix(msg, "yaml: "))
		return Node{}, false
	}
	var extra yaml.Node
	if dec.Decode(&extra) == nil {
		r.Errorf(framework.Position{File: r.file, Line: extra.Line, Col: extra.Column},
			"keep one document per file", "file holds more than one YAML document")
	}
	if len(doc.Content) == 0 {
		r.Errorf(top, "write the content", "file is empty")
		return Node{}, false
	}
	root := Node{doc.Content[0], r}
	if bad := badShape(root.n, 0); bad != nil {
		pos := Node{bad, r}.Pos()
		if bad.Kind == yaml.AliasNode || bad.Anchor != "" {
			r.Errorf(pos, "write the values out in full", "YAML anchors and aliases are not allowed")
		} else {
			r.Errorf(pos, "flatten the structure", "YAML nests deeper than %d levels", maxDepth)
		}
		return Node{}, false
	}
	return root, true
}

// badShape returns the first node that is an alias or an anchor or nests too
// deep, or nil.
func badShape(n *yaml.Node, depth int) *yaml.Node {
	if n.Kind == yaml.AliasNode || n.Anchor != "" || depth > maxDepth {
		return n
	}
	for _, c := range n.Content {
		if bad := badShape(c, depth+1); bad != nil {
			return bad
		}
	}
	return nil
}

// Node is one value of a document. The zero Node of a Reader stands for an
// absent value: Missing reports it, and reading it gives zero values.
type Node struct {
	n *yaml.Node
	r *Reader
}

// Pos returns where the value is written; an absent value gives the file
// alone.
func (n Node) Pos() framework.Position {
	if n.n == nil {
		return framework.Position{File: n.r.file}
	}
	return framework.Position{File: n.r.file, Line: n.n.Line, Col: n.n.Column}
}

// Missing reports whether the value is absent or null.
func (n Node) Missing() bool { return n.n == nil || n.n.Tag == "!!null" }

// Errorf records an error at the value's place with how to fix it.
func (n Node) Errorf(fix, format string, args ...any) {
	n.r.Errorf(n.Pos(), fix, format, args...)
}

// IsMapping reports whether the value is a mapping.
func (n Node) IsMapping() bool { return n.n != nil && n.n.Kind == yaml.MappingNode }

// IsList reports whether the value is a list.
func (n Node) IsList() bool { return n.n != nil && n.n.Kind == yaml.SequenceNode }

// IsScalar reports whether the value is a single value, null included.
func (n Node) IsScalar() bool { return n.n != nil && n.n.Kind == yaml.ScalarNode }

// Tag returns the value's YAML tag, such as "!!str" or "!!bool"; an absent
// value has none.
func (n Node) Tag() string {
	if n.n == nil {
		return ""
	}
	return n.n.Tag
}

// Value returns the text of a single value as written, untrimmed; other
// values give "".
func (n Node) Value() string {
	if n.n == nil {
		return ""
	}
	return n.n.Value
}

// Kind names what the value is, for messages: "a mapping", "a list",
// "nothing", or a scalar's tag, such as "a str".
func (n Node) Kind() string {
	switch {
	case n.Missing():
		return "nothing"
	case n.n.Kind == yaml.MappingNode:
		return "a mapping"
	case n.n.Kind == yaml.SequenceNode:
		return "a list"
	}
	return "a " + strings.TrimPrefix(n.n.Tag, "!!")
}

// Fields reads a mapping whose keys must be among known, reporting unknown
// and repeated keys. Every known key is in the result; absent ones hold a
// missing Node.
func (n Node) Fields(what string, known ...string) map[string]Node {
	out := make(map[string]Node, len(known))
	for _, k := range known {
		out[k] = Node{nil, n.r}
	}
	if n.Missing() || n.n.Kind != yaml.MappingNode {
		n.Errorf("write "+what+" as key: value lines", "%s must be a mapping, found %s", what, n.Kind())
		return out
	}
	seen := map[string]bool{}
	for _, kv := range n.Pairs() {
		k, v := kv[0], kv[1]
		key := k.n.Value
		switch {
		case !slices.Contains(known, key):
			k.Errorf(n.r.unknownFix(key, known), "unknown field %q in %s (known: %s)", key, what, strings.Join(known, ", "))
		case seen[key]:
			k.Errorf("keep one", "field %q appears twice in %s", key, what)
		default:
			seen[key] = true
			out[key] = v
		}
	}
	return out
}

// unknownFix says what to do with an unknown key of a mapping whose keys
// must be among known.
func (r *Reader) unknownFix(key string, known []string) string {
	if !r.Suggest {
		return "remove it, or check its spelling"
	}
	if s := framework.Closest(key, known); s != "" {
		return fmt.Sprintf("did you mean %q?", s)
	}
	return "remove it"
}

// Pairs returns the keys and values of a mapping, in order; other values
// give none.
func (n Node) Pairs() [][2]Node {
	if !n.IsMapping() {
		return nil
	}
	out := make([][2]Node, 0, len(n.n.Content)/2)
	for i := 0; i+1 < len(n.n.Content); i += 2 {
		out = append(out, [2]Node{{n.n.Content[i], n.r}, {n.n.Content[i+1], n.r}})
	}
	return out
}

// Str reads a scalar as text; a missing value gives "".
func (n Node) Str(what string) string {
	if n.Missing() {
		return ""
	}
	if n.n.Kind != yaml.ScalarNode {
		n.Errorf("write it as one value", "%s must be a text, found %s", what, n.Kind())
		return ""
	}
	return strings.TrimSpace(n.n.Value)
}

// Required reads a scalar that must be present and not empty.
func (n Node) Required(what string, parent Node) string {
	if n.Missing() {
		n.r.Errorf(parent.Pos(), "add "+what, "%s is missing", what)
		return ""
	}
	s := n.Str(what)
	if s == "" && n.n.Kind == yaml.ScalarNode {
		n.r.Errorf(n.Pos(), "write a value", "%s is empty", what)
	}
	return s
}

// Int reads a scalar integer.
func (n Node) Int(what string) (int, bool) {
	s := n.Str(what)
	i, err := strconv.Atoi(s)
	if err != nil {
		n.r.Errorf(n.Pos(), "write a whole number", "%s must be a whole number, found %q", what, s)
		return 0, false
	}
	return i, true
}

// Date reads a YYYY-MM-DD date; a missing value gives the zero time and
// false without a problem.
func (n Node) Date(what string) (time.Time, bool) {
	s := n.Str(what)
	if s == "" {
		return time.Time{}, false
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		n.r.Errorf(n.Pos(), "write the date as YYYY-MM-DD, such as 2026-11-20", "%s %q is not a date", what, s)
		return time.Time{}, false
	}
	return t, true
}

// List reads a sequence; a missing value gives none. A single scalar is
// taken as a list of one.
func (n Node) List(what string) []Node {
	if n.Missing() {
		return nil
	}
	switch n.n.Kind {
	case yaml.SequenceNode:
		return n.Items()
	case yaml.ScalarNode:
		return []Node{n}
	}
	n.Errorf("write a list: one '- value' per line, or [a, b]", "%s must be a list, found %s", what, n.Kind())
	return nil
}

// Items returns the values of a list; other values give none.
func (n Node) Items() []Node {
	if !n.IsList() {
		return nil
	}
	out := make([]Node, len(n.n.Content))
	for i, c := range n.n.Content {
		out[i] = Node{c, n.r}
	}
	return out
}
