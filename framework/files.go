package framework

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"strconv"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// MaxFileSize is the largest framework file hdsctl reads. The biggest control
// set of the catalog is a few tens of kilobytes; anything past this is not a
// framework file.
const MaxFileSize = 4 << 20

// source reads framework files from a file system and names them for
// diagnostics.
type source struct {
	fsys fs.FS
	// display is prefixed to file names in diagnostics.
	display string
	c       *collector
}

func (s *source) name(file string) string {
	if s.display == "" || s.display == "." {
		return file
	}
	return path.Join(s.display, file)
}

// read returns the content of a file, or false after reporting why it cannot
// be used: missing, too large, not UTF-8 text.
func (s *source) read(file string) ([]byte, bool) {
	pos := Position{File: s.name(file)}
	f, err := s.fsys.Open(file)
	if err != nil {
		fix := "check the path"
		if errors.Is(err, fs.ErrNotExist) {
			fix = "create the file or correct the name that refers to it"
		}
		s.c.errorf(pos, "", fix, "cannot open: %v", unwrapPathError(err))
		return nil, false
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		s.c.errorf(pos, "", "name a file", "is a folder, not a file")
		return nil, false
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		s.c.errorf(pos, "", "check the file", "cannot read: %v", unwrapPathError(err))
		return nil, false
	}
	if len(data) > MaxFileSize {
		s.c.errorf(pos, "", fmt.Sprintf("split it: one file per control set or per control, each under %d MiB", MaxFileSize>>20),
			"file is larger than %d MiB", MaxFileSize>>20)
		return nil, false
	}
	return checkText(data, pos, s.c)
}

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// CheckText returns data as UTF-8 text, without a UTF-8 byte-order mark,
// or false with the diagnostic of the first place that is not UTF-8 text:
// a UTF-16 file, or a byte of another encoding (Latin-1 from an old editor).
// Every input file of hdsctl keeps to this rule: framework files, and the
// attestation, scope, actors and applicability files.
func CheckText(file string, data []byte) ([]byte, Diagnostic, bool) {
	c := &collector{}
	text, ok := checkText(data, Position{File: file}, c)
	if ok {
		return text, Diagnostic{}, true
	}
	return nil, c.diags[0], false
}

// checkText accepts UTF-8 text only. A UTF-8 byte-order mark is dropped;
// UTF-16 and bytes of other encodings (Latin-1 from an old editor) are
// reported with the line they are on.
func checkText(data []byte, pos Position, c *collector) ([]byte, bool) {
	if bytes.HasPrefix(data, bomUTF16LE) || bytes.HasPrefix(data, bomUTF16BE) {
		c.errorf(Position{File: pos.File, Line: 1, Col: 1}, "", "save the file as UTF-8",
			"file is UTF-16 (it starts with a UTF-16 byte-order mark)")
		return nil, false
	}
	data = bytes.TrimPrefix(data, bomUTF8)
	if utf8.Valid(data) {
		return data, true
	}
	line, col := 1, 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			c.errorf(Position{File: pos.File, Line: line, Col: col}, "",
				"save the file as UTF-8 (it looks like Latin-1 or Windows-1252)",
				"byte 0x%02X is not UTF-8 text", data[i])
			return nil, false
		}
		if r == '\n' {
			line, col = line+1, 0
		}
		col++
		i += size
	}
	return data, true
}

var yamlLine = regexp.MustCompile(`(?:yaml: )?line (\d+): `)

// parseYAML parses one YAML document and returns its root mapping node.
func (s *source) parseYAML(file string) (node, bool) {
	data, ok := s.read(file)
	if !ok {
		return node{}, false
	}
	name := s.name(file)
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			s.c.errorf(Position{File: name}, "", "write the content or remove the file", "file is empty")
			return node{}, false
		}
		pos := Position{File: name}
		msg := err.Error()
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			pos.Line, _ = strconv.Atoi(m[1])
			msg = yamlLine.ReplaceAllString(msg, "")
		}
		s.c.errorf(pos, "", "fix the YAML syntax (indent with spaces, quote text holding ': ' or '#')", "invalid YAML: %s", trimYAMLPrefix(msg))
		return node{}, false
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		s.c.errorf(Position{File: name, Line: extra.Line, Col: extra.Column}, "", "keep one document per file",
			"file holds more than one YAML document")
	}
	root := doc.Content[0]
	if bad := checkShape(root, 0); bad != nil {
		pos := Position{File: name, Line: bad.Line, Col: bad.Column}
		if bad.Kind == yaml.AliasNode || bad.Anchor != "" {
			s.c.errorf(pos, "", "write the values out in full", "YAML anchors and aliases are not allowed in framework files")
		} else {
			s.c.errorf(pos, "", "flatten the structure", "YAML nests deeper than %d levels", maxDepth)
		}
		return node{}, false
	}
	return node{root, name, s.c}, true
}

// maxDepth bounds how deep framework YAML nests; the catalog needs five
// levels.
const maxDepth = 32

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

func trimYAMLPrefix(s string) string {
	for _, p := range []string{"yaml: ", "unmarshal errors:\n  "} {
		if len(s) > len(p) && s[:len(p)] == p {
			s = s[len(p):]
		}
	}
	return s
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
