package framework

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"unicode/utf8"
)

// jsonNode is a parsed JSON value that remembers where it starts, so that
// upstream files get the same file:line:col diagnostics as YAML ones.
type jsonNode struct {
	kind   jsonKind
	str    string // string value, or the text of a number or literal
	keys   []string
	keyOff []int
	vals   []*jsonNode
	items  []*jsonNode
	off    int
}

type jsonKind int

const (
	jsonNull jsonKind = iota
	jsonString
	jsonNumber
	jsonBool
	jsonObject
	jsonArray
)

func (k jsonKind) String() string {
	return [...]string{"null", "a string", "a number", "a boolean", "an object", "an array"}[k]
}

// jsonDoc parses JSON text and turns byte offsets into positions.
type jsonDoc struct {
	data  []byte
	lines []int // offset of the start of each line
	file  string
	dec   *json.Decoder
}

func parseJSON(data []byte, file string) (*jsonNode, *jsonDoc, error) {
	d := &jsonDoc{data: data, file: file, lines: []int{0}}
	for i, b := range data {
		if b == '\n' {
			d.lines = append(d.lines, i+1)
		}
	}
	d.dec = json.NewDecoder(bytes.NewReader(data))
	d.dec.UseNumber()
	root, err := d.value(0)
	if err != nil {
		return nil, d, err
	}
	if _, err := d.dec.Token(); !errors.Is(err, io.EOF) {
		return nil, d, &jsonError{off: int(d.dec.InputOffset()), msg: "unexpected content after the JSON value"}
	}
	return root, d, nil
}

type jsonError struct {
	off int
	msg string
	// fix replaces the advice on syntax errors, when set.
	fix string
}

func (e *jsonError) Error() string { return e.msg }

// start returns the offset of the next token, past white space and the
// separators json.Decoder consumes silently.
func (d *jsonDoc) start() int {
	i := int(d.dec.InputOffset())
	for i < len(d.data) {
		switch d.data[i] {
		case ' ', '\t', '\r', '\n', ',', ':':
			i++
			continue
		}
		break
	}
	return i
}

func (d *jsonDoc) value(depth int) (*jsonNode, error) {
	if depth > maxDepth {
		return nil, &jsonError{off: d.start(), msg: fmt.Sprintf("JSON nests deeper than %d levels", maxDepth),
			fix: "flatten the structure"}
	}
	off := d.start()
	tok, err := d.dec.Token()
	if err != nil {
		return nil, d.syntax(err, off)
	}
	n := &jsonNode{off: off}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			n.kind = jsonObject
			for d.dec.More() {
				koff := d.start()
				ktok, err := d.dec.Token()
				if err != nil {
					return nil, d.syntax(err, koff)
				}
				key, _ := ktok.(string)
				v, err := d.value(depth + 1)
				if err != nil {
					return nil, err
				}
				n.keys = append(n.keys, key)
				n.keyOff = append(n.keyOff, koff)
				n.vals = append(n.vals, v)
			}
		case '[':
			n.kind = jsonArray
			for d.dec.More() {
				v, err := d.value(depth + 1)
				if err != nil {
					return nil, err
				}
				n.items = append(n.items, v)
			}
		}
		end := d.start()
		if _, err := d.dec.Token(); err != nil {
			return nil, d.syntax(err, end)
		}
	case string:
		n.kind, n.str = jsonString, t
	case json.Number:
		n.kind, n.str = jsonNumber, t.String()
	case bool:
		n.kind, n.str = jsonBool, fmt.Sprint(t)
	case nil:
		n.kind = jsonNull
	}
	return n, nil
}

func (d *jsonDoc) syntax(err error, off int) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return &jsonError{off: int(se.Offset), msg: se.Error()}
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return &jsonError{off: len(d.data), msg: "unexpected end of JSON"}
	}
	return &jsonError{off: off, msg: err.Error()}
}

// pos turns a byte offset into a position, counting columns in characters.
func (d *jsonDoc) pos(off int) Position {
	off = max(0, min(off, len(d.data)))
	line := sort.Search(len(d.lines), func(i int) bool { return d.lines[i] > off })
	start := d.lines[line-1]
	return Position{File: d.file, Line: line, Col: utf8.RuneCount(d.data[start:off]) + 1}
}

// get returns the value of key in an object, or nil.
func (n *jsonNode) get(key string) *jsonNode {
	if n == nil {
		return nil
	}
	for i, k := range n.keys {
		if k == key {
			return n.vals[i]
		}
	}
	return nil
}
