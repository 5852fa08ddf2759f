package framework

import _ "embed"

// schema is the JSON Schema of the catalog layout's files.
//
//go:embed catalog.schema.json
var schema []byte

// Schema returns the JSON Schema of the catalog layout's files, for editors
// that complete and check YAML (yaml-language-server reads it from a
// "# yaml-language-server: $schema=" comment).
func Schema() []byte { return append([]byte(nil), schema...) }
