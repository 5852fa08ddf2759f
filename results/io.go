package results

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"strings"
)

// maxResultsSize bounds the results files Read accepts; an assessment of a
// large Organization stays far below it.
const maxResultsSize = 512 << 20

// FormatError says a file is not hdsctl assessment results, and why.
type FormatError struct {
	File   string
	Line   int
	Reason string
	Fix    string
}

// Error says why the file is not a results file.
func (e *FormatError) Error() string {
	loc := e.File
	if e.Line > 0 {
		loc = fmt.Sprintf("%s:%d", e.File, e.Line)
	}
	return fmt.Sprintf("%s: %s; %s", loc, e.Reason, e.Fix)
}

// Write writes results as indented JSON.
func Write(w io.Writer, r *Results) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}

// ReadFile reads results written by hdsctl assess. A file that is not such
// results (another tool's JSON, a truncated file) gives a *FormatError.
func ReadFile(name string) (*Results, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxResultsSize+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	if len(data) > maxResultsSize {
		return nil, &FormatError{File: name, Reason: "file is larger than 512 MiB", Fix: "pass the JSON that hdsctl assess -o json wrote"}
	}
	return Decode(name, data)
}

// Decode parses results from data; name is used in errors.
func Decode(name string, data []byte) (*Results, error) {
	fix := "pass the JSON that hdsctl assess -o json (or assess --out) wrote"
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	dec := json.NewDecoder(bytes.NewReader(data))
	var r Results
	if err := dec.Decode(&r); err != nil {
		fe := &FormatError{File: name, Reason: "not valid results JSON: " + err.Error(), Fix: fix}
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			fe.Line = lineOf(data, se.Offset)
		case errors.As(err, &te):
			fe.Line = lineOf(data, te.Offset)
			fe.Reason = fmt.Sprintf("field %s holds %s, expected %s", te.Field, jsonWord(te.Value), jsonKind(te.Type))
			if te.Field == "" {
				fe.Reason = fmt.Sprintf("not hdsctl assessment results: the file holds %s, not an object with schema, framework and controls",
					jsonWord(te.Value))
			}
		case errors.Is(err, io.ErrUnexpectedEOF):
			fe.Line = lineOf(data, int64(len(data)))
			fe.Reason = "the JSON ends too early (a truncated file?)"
		}
		return nil, fe
	}
	switch {
	case r.Schema <= 0 || r.Framework == "" || r.Controls == nil:
		return nil, &FormatError{File: name, Reason: "not hdsctl assessment results (no schema, framework or controls field)", Fix: fix}
	case r.Schema > SchemaVersion:
		return nil, &FormatError{File: name, Reason: fmt.Sprintf("results schema %d is newer than this hdsctl reads (%d)", r.Schema, SchemaVersion), Fix: "upgrade hdsctl"}
	}
	for i, c := range r.Controls {
		if c.ID == "" || !c.Status.Valid() {
			return nil, &FormatError{File: name, Reason: fmt.Sprintf("control %d has no id or an unknown status %q", i+1, c.Status), Fix: fix}
		}
	}
	return &r, nil
}

// jsonWord names a JSON value as encoding/json's errors describe it:
// "array" becomes "a list".
func jsonWord(value string) string {
	switch {
	case value == "array":
		return "a list"
	case value == "object":
		return "an object"
	case value == "string":
		return "a text"
	case value == "bool":
		return "true or false"
	case strings.HasPrefix(value, "number"):
		return "a number"
	}
	return value
}

// jsonKind names the JSON a Go type expects.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.String:
		return "a text"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8,
		reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return "a number"
	}
	return t.String()
}

func lineOf(data []byte, off int64) int {
	off = min(max(off, 0), int64(len(data)))
	return bytes.Count(data[:off], []byte("\n")) + 1
}
