package report

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/hdsctl/hdsctl/framework"
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

func (e *InvalidError) Error() string {
	errs := e.Diagnostics.Errors()
	if len(errs) == 1 {
		return fmt.Sprintf("%s %s is invalid: %s", e.Kind, e.Path, errs[0])
	}
	return fmt.Sprintf("%s %s is invalid: %d problems", e.Kind, e.Path, len(errs))
}

// maxInputSize bounds the YAML files this package reads; real ones are a
// few kilobytes.
const maxInputSize = 1 << 20

// readInput reads a YAML input file, bounded in size.
func readInput(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxInputSize+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	return data, nil
}

// collector gathers diagnostics while reading a file.
type collector struct {
	diags framework.Diagnostics
}

func (c *collector) errorf(pos framework.Position, fix, format string, args ...any) {
	c.diags = append(c.diags, framework.Diagnostic{Pos: pos, Severity: framework.SeverityError,
		Message: fmt.Sprintf(format, args...), Fix: fix})
}

// result returns err as an *InvalidError when any diagnostic is an error.
func (c *collector) result(path, kind string) error {
	c.diags.Sort()
	if c.diags.HasErrors() {
		return &InvalidError{Path: path, Kind: kind, Diagnostics: c.diags}
	}
	return nil
}

// node is a YAML node that knows its file, so that every value read
// through it can be reported with its place.
type node struct {
	*yaml.Node
	file string
	c    *collector
}

var yamlLine = regexp.MustCompile(`(?:yaml: )?line (\d+): `)

// maxDepth bounds how deep input YAML nests.
const maxDepth = 16

// parseYAML parses one YAML document and returns its root node, or false
// after recording why it cannot.
func parseYAML(name string, data []byte, c *collector) (node, bool) {
	if len(data) > maxInputSize {
		c.errorf(framework.Position{File: name}, "split or shorten it", "file is larger than 1 MiB")
		return node{}, false
	}
	data, bad, ok := framework.CheckText(name, data)
	if !ok {
		c.diags = append(c.diags, bad)
		return node{}, false
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			c.errorf(framework.Position{File: name}, "write the content", "file is empty")
			return node{}, false
		}
		pos := framework.Position{File: name}
		msg := err.Error()
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			pos.Line, _ = strconv.Atoi(m[1])
			msg = yamlLine.ReplaceAllString(msg, "")
		}
		msg = strings.TrimPrefix(msg, "yaml: ")
		c.errorf(pos, "fix the YAML syntax (indent with spaces, quote text holding ': ' or '#')", "invalid YAML: %s", msg)
		return node{}, false
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		c.errorf(framework.Position{File: name, Line: extra.Line, Col: extra.Column}, "keep one document per file",
			"file holds more than one YAML document")
	}
	if len(doc.Content) == 0 {
		c.errorf(framework.Position{File: name}, "write the content", "file is empty")
		return node{}, false
	}
	root := doc.Content[0]
	if bad := checkShape(root, 0); bad != nil {
		pos := framework.Position{File: name, Line: bad.Line, Col: bad.Column}
		if bad.Kind == yaml.AliasNode || bad.Anchor != "" {
			c.errorf(pos, "write the values out in full", "YAML anchors and aliases are not allowed")
		} else {
			c.errorf(pos, "flatten the structure", "YAML nests deeper than %d levels", maxDepth)
		}
		return node{}, false
	}
	return node{root, name, c}, true
}

// checkShape returns the first node that is an alias or an anchor, or that
// nests too deep, or nil.
func checkShape(n *yaml.Node, depth int) *yaml.Node {
	if n.Kind == yaml.AliasNode || n.Anchor != "" || depth > maxDepth {
		return n
	}
	for _, c := range n.Content {
		if bad := checkShape(c, depth+1); bad != nil {
			return bad
		}
	}
	return nil
}

func (n node) pos() framework.Position {
	if n.Node == nil {
		return framework.Position{File: n.file}
	}
	return framework.Position{File: n.file, Line: n.Line, Col: n.Column}
}

func (n node) missing() bool { return n.Node == nil || n.Tag == "!!null" }

func (n node) kindName() string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "nothing"
		}
		return "a " + strings.TrimPrefix(n.Tag, "!!")
	}
	return "something else"
}

// fields reads a mapping whose keys must be among known; it reports unknown
// and repeated keys.
//
// Every known key is in the map: absent ones hold a missing node that still
// knows its file, so that reading it reports problems.
func (n node) fields(what string, known ...string) map[string]node {
	out := make(map[string]node, len(known))
	for _, k := range known {
		out[k] = node{nil, n.file, n.c}
	}
	if n.Kind != yaml.MappingNode {
		n.c.errorf(n.pos(), "write "+what+" as key: value lines", "%s must be a mapping, found %s", what, n.kindName())
		return out
	}
	for _, kv := range n.pairs() {
		k, v := kv[0], kv[1]
		switch {
		case !contains(known, k.Value):
			fix := "remove it"
			if s := closest(k.Value, known); s != "" {
				fix = fmt.Sprintf("did you mean %q?", s)
			}
			n.c.errorf(k.pos(), fix, "unknown field %q in %s (known: %s)", k.Value, what, strings.Join(known, ", "))
		case out[k.Value].Node != nil:
			n.c.errorf(k.pos(), "keep one", "field %q appears twice in %s", k.Value, what)
		default:
			out[k.Value] = v
		}
	}
	return out
}

// pairs returns the key and value nodes of a mapping.
func (n node) pairs() [][2]node {
	var out [][2]node
	for i := 0; i+1 < len(n.Content); i += 2 {
		out = append(out, [2]node{{n.Content[i], n.file, n.c}, {n.Content[i+1], n.file, n.c}})
	}
	return out
}

// str reads a scalar as text; a missing node gives "".
func (n node) str(what string) string {
	if n.missing() {
		return ""
	}
	if n.Kind != yaml.ScalarNode {
		n.c.errorf(n.pos(), "write a single value", "%s must be text, found %s", what, n.kindName())
		return ""
	}
	return strings.TrimSpace(n.Value)
}

// required reads a scalar that must be present and not empty.
func (n node) required(parent node, what string) string {
	if n.missing() {
		n.c.errorf(parent.pos(), "add it", "%s is missing", what)
		return ""
	}
	s := n.str(what)
	if s == "" && n.Kind == yaml.ScalarNode {
		n.c.errorf(n.pos(), "write it", "%s is empty", what)
	}
	return s
}

// boolean reads true or false. ok is false when the value is missing or
// not a boolean.
func (n node) boolean(what string) (value, ok bool) {
	if n.missing() {
		return false, false
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!bool" {
		switch strings.ToLower(n.Value) {
		case "true", "yes", "on":
			return true, true
		case "false", "no", "off":
			return false, true
		}
	}
	n.c.errorf(n.pos(), "write true or false", "%s must be true or false, found %q", what, n.Value)
	return false, false
}

// requiredBool reads a boolean that must be present.
func (n node) requiredBool(parent node, what string) bool {
	if n.missing() {
		n.c.errorf(parent.pos(), "add it: true or false", "%s is missing", what)
		return false
	}
	v, _ := n.boolean(what)
	return v
}

// integer reads a whole number.
func (n node) integer(what string) (int, bool) {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!int" {
		n.c.errorf(n.pos(), "write a whole number", "%s must be a whole number, found %s", what, n.kindName())
		return 0, false
	}
	v, err := strconv.Atoi(n.Value)
	if err != nil {
		n.c.errorf(n.pos(), "write a whole number", "%s must be a whole number, found %q", what, n.Value)
		return 0, false
	}
	return v, true
}

// list reads a sequence; a missing node gives nil.
func (n node) list(what string) []node {
	if n.missing() {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		n.c.errorf(n.pos(), "write it as a list, one '- item' a line", "%s must be a list, found %s", what, n.kindName())
		return nil
	}
	out := make([]node, len(n.Content))
	for i, c := range n.Content {
		out[i] = node{c, n.file, n.c}
	}
	return out
}

// text reads a text given once for both languages, or as fr: and en:.
func (n node) text(what string) framework.Text {
	if n.missing() {
		return framework.Text{}
	}
	if n.Kind == yaml.ScalarNode {
		return framework.Same(n.str(what))
	}
	f := n.fields(what, framework.French, framework.English)
	t := framework.Text{FR: f[framework.French].str(what + " (fr)"), EN: f[framework.English].str(what + " (en)")}
	if n.Kind == yaml.MappingNode && (t.FR == "") != (t.EN == "") {
		n.c.errorf(n.pos(), "give it in both fr: and en:, or once as plain text", "%s is given in one language only", what)
	}
	return t
}

// texts reads a list of texts.
func (n node) texts(what string) []framework.Text {
	var out []framework.Text
	for _, item := range n.list(what) {
		if t := item.text(what + " item"); !t.IsZero() {
			out = append(out, t)
		} else if item.Kind == yaml.ScalarNode {
			item.c.errorf(item.pos(), "write the text or remove the item", "%s item is empty", what)
		}
	}
	return out
}

// date reads a date written 2026-05-01.
func (n node) date(what string) time.Time {
	s := n.str(what)
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		n.c.errorf(n.pos(), "write the date as YYYY-MM-DD", "%s is not a date: %q", what, s)
	}
	return t
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// closest returns the candidate nearest to s, or "" when none is near
// enough to be a typo of it.
func closest(s string, candidates []string) string {
	if len(s) > 64 {
		// No identifier is that long; a typo of one is not either.
		return ""
	}
	best, bestDist := "", -1
	ls := strings.ToLower(s)
	for _, c := range candidates {
		if d := editDistance(ls, strings.ToLower(c)); bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	if bestDist >= 0 && bestDist <= max(1, len(s)/3) {
		return best
	}
	return ""
}

// editDistance is the Levenshtein distance between a and b, over bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
