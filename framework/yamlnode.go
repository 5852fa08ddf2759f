package framework

import (
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// node wraps a YAML node with the file it came from, so that every value read
// through it knows its position.
type node struct {
	*yaml.Node
	file string
	c    *collector
}

func (n node) pos() Position {
	if n.Node == nil {
		return Position{File: n.file}
	}
	return Position{File: n.file, Line: n.Line, Col: n.Column}
}

func (n node) kindName() string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!null":
			return "nothing"
		case "!!str":
			return "a text"
		case "!!int", "!!float":
			return "a number"
		case "!!bool":
			return "true or false"
		}
		return "a " + strings.TrimPrefix(n.Tag, "!!")
	case yaml.AliasNode:
		return "an alias"
	}
	return "an empty document"
}

// fields reads a mapping node whose keys must be among known. It reports
// unknown and repeated keys, and returns the values by key.
func (n node) fields(what string, known ...string) map[string]node {
	out := map[string]node{}
	if n.Kind != yaml.MappingNode {
		n.c.errorf(n.pos(), "", "write "+what+" as key: value lines", "%s must be a mapping, found %s", what, n.kindName())
		return out
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := node{n.Content[i], n.file, n.c}
		v := node{n.Content[i+1], n.file, n.c}
		key := k.Value
		if !contains(known, key) {
			fix := "remove it"
			if s := Closest(key, known); s != "" {
				fix = fmt.Sprintf("did you mean %q?", s)
			}
			n.c.errorf(k.pos(), "", fix, "unknown field %q in %s (known: %s)", key, what, strings.Join(known, ", "))
			continue
		}
		if _, dup := out[key]; dup {
			n.c.errorf(k.pos(), "", "keep one", "field %q appears twice in %s", key, what)
			continue
		}
		out[key] = v
	}
	return out
}

// str reads a scalar as a string. A missing node gives "".
func (n node) str(what string) string {
	if n.Node == nil {
		return ""
	}
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		if n.Tag == "!!null" {
			return ""
		}
		n.c.errorf(n.pos(), "", "write a single value", "%s must be text, found %s", what, n.kindName())
		return ""
	}
	return n.Value
}

// integer reads a scalar as an int.
func (n node) integer(what string) (int, bool) {
	if n.Kind != yaml.ScalarNode {
		n.c.errorf(n.pos(), "", "write a number", "%s must be a number, found %s", what, n.kindName())
		return 0, false
	}
	v, err := strconv.Atoi(n.Value)
	if err != nil {
		n.c.errorf(n.pos(), "", "write a whole number", "%s must be a whole number, found %q", what, n.Value)
		return 0, false
	}
	return v, true
}

// list reads a sequence node. A missing node gives nil.
func (n node) list(what string) []node {
	if n.Node == nil || n.Tag == "!!null" {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		n.c.errorf(n.pos(), "", "write it as a list, one '- item' a line", "%s must be a list, found %s", what, n.kindName())
		return nil
	}
	out := make([]node, len(n.Content))
	for i, c := range n.Content {
		out[i] = node{c, n.file, n.c}
	}
	return out
}

// strings reads a list of scalars.
func (n node) strings(what string) []string {
	var out []string
	for _, item := range n.list(what) {
		if s := item.str(what + " item"); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// text reads a {fr, en} mapping.
func (n node) text(what string) Text {
	if n.Node == nil || n.Tag == "!!null" {
		return Text{}
	}
	if n.Kind == yaml.ScalarNode {
		n.c.errorf(n.pos(), "", "write it as fr: and en: lines", "%s must give the text in each language (fr:, en:), found a single text", what)
		return Text{}
	}
	f := n.fields(what, French, English)
	return Text{FR: f[French].str(what + " (fr)"), EN: f[English].str(what + " (en)")}
}

// stringMap reads a mapping of scalars, such as tags.
func (n node) stringMap(what string) map[string]string {
	if n.Node == nil || n.Tag == "!!null" {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		n.c.errorf(n.pos(), "", "write key: value lines", "%s must be a mapping, found %s", what, n.kindName())
		return nil
	}
	out := make(map[string]string, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := node{n.Content[i], n.file, n.c}
		v := node{n.Content[i+1], n.file, n.c}
		if _, dup := out[k.Value]; dup {
			n.c.errorf(k.pos(), "", "keep one", "key %q appears twice in %s", k.Value, what)
		}
		out[k.Value] = v.str(what + " value")
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// positions returns where each field of a mapping read by fields is written.
func positions(f map[string]node) fieldPositions {
	out := make(fieldPositions, len(f))
	for k, n := range f {
		out[k] = n.pos()
	}
	return out
}
