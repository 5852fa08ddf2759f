// Package oscal holds what hdsctl's OSCAL writers share: the OSCAL version
// they target, the metadata, property and link objects common to every OSCAL
// model, deterministic UUIDs, and the conversions that keep values within
// the datatypes of NIST's OSCAL 1.2.1 JSON schemas.
//
// Only the fields hdsctl emits are modelled; every optional field is omitted
// when empty, since the schemas reject empty arrays and strings.
package oscal

import (
	"crypto/sha1"
	"fmt"
	"strings"
	"time"
	"unicode"
)

// Version is the OSCAL version the documents conform to.
const Version = "1.2.1"

// NS is the namespace of hdsctl's own property and part names. Names
// without a namespace belong to OSCAL's, whose allowed values hdsctl does
// not extend.
const NS = "https://github.com/hdsctl/hdsctl/ns/oscal"

// Metadata is the metadata object of every OSCAL document.
type Metadata struct {
	Title        string     `json:"title"`
	LastModified string     `json:"last-modified"`
	Version      string     `json:"version"`
	OSCALVersion string     `json:"oscal-version"`
	Props        []Property `json:"props,omitempty"`
	Remarks      string     `json:"remarks,omitempty"`
}

// Property is a name/value pair qualifying an object.
type Property struct {
	Name    string `json:"name"`
	NS      string `json:"ns,omitempty"`
	Value   string `json:"value"`
	Class   string `json:"class,omitempty"`
	Remarks string `json:"remarks,omitempty"`
}

// Link points at a resource: a URL, or "#uuid" for a back-matter resource.
type Link struct {
	Href string `json:"href"`
	Rel  string `json:"rel,omitempty"`
	Text string `json:"text,omitempty"`
}

// Resource is a back-matter resource: a document cited by the model.
type Resource struct {
	UUID        string     `json:"uuid"`
	Title       string     `json:"title,omitempty"`
	Description string     `json:"description,omitempty"`
	Props       []Property `json:"props,omitempty"`
	RLinks      []RLink    `json:"rlinks,omitempty"`
}

// RLink is where a back-matter resource can be read.
type RLink struct {
	Href      string `json:"href"`
	MediaType string `json:"media-type,omitempty"`
}

// BackMatter holds the resources a document cites.
type BackMatter struct {
	Resources []Resource `json:"resources,omitempty"`
}

// namespace is the UUID every hdsctl UUID is derived under.
var namespace = [16]byte{0x6d, 0x1c, 0x3b, 0x52, 0x8a, 0x0e, 0x4f, 0x7d, 0x9b, 0x21, 0x5e, 0x40, 0xc7, 0x93, 0x2a, 0x18}

// UUID returns the name-based (version 5, RFC 9562) UUID of the parts
// joined, under hdsctl's namespace. The same content always gives the same
// UUID, which keeps documents stable from one run to the next; the OSCAL
// schemas accept version 4 and version 5 UUIDs.
func UUID(parts ...string) string {
	h := sha1.New()
	h.Write(namespace[:])
	h.Write([]byte(strings.Join(parts, "\x00")))
	var u [16]byte
	copy(u[:], h.Sum(nil))
	u[6] = u[6]&0x0f | 0x50
	u[8] = u[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}

// Timestamp formats t as an RFC 3339 date-time in UTC, to the second, as
// the schemas' DateTimeWithTimezone wants it.
func Timestamp(t time.Time) string {
	return t.UTC().Truncate(time.Second).Format(time.RFC3339)
}

// Token turns s into an OSCAL token (an XML NCName): letters, numbers and
// . - _, starting with a letter or _. Other characters become _, and a
// token that would start otherwise gets a leading _.
func Token(s string) string {
	var b strings.Builder
	for i, r := range s {
		if i == 0 && !unicode.IsLetter(r) && r != '_' {
			b.WriteByte('_')
		}
		if unicode.IsLetter(r) || unicode.IsNumber(r) || strings.ContainsRune("._-", r) {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	if b.Len() == 0 {
		return "_"
	}
	return b.String()
}

// String returns s trimmed, as the schemas' String datatype wants: no
// leading or trailing space.
func String(s string) string { return strings.TrimSpace(s) }

// Prop returns a property in hdsctl's namespace, and false when value is
// empty, which the schemas reject.
func Prop(name, value string) (Property, bool) {
	value = String(value)
	return Property{Name: name, NS: NS, Value: value}, value != ""
}

// Props returns hdsctl properties for the name/value pairs whose value is
// not empty.
func Props(pairs ...string) []Property {
	var out []Property
	for i := 0; i+1 < len(pairs); i += 2 {
		if p, ok := Prop(pairs[i], pairs[i+1]); ok {
			out = append(out, p)
		}
	}
	return out
}

var markdownEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "<", `\<`, ">", `\>`,
)

// Line returns s as OSCAL markup-line: Markdown on one line, with the
// characters Markdown would read as emphasis, links or HTML escaped, so that
// the text shows as written. Non-breaking spaces are kept.
func Line(s string) string {
	words := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' })
	return markdownEscaper.Replace(strings.Join(words, " "))
}

// Prose returns s as OSCAL markup-multiline, escaped like Line but keeping
// its line breaks.
func Prose(s string) string {
	return markdownEscaper.Replace(strings.TrimSpace(s))
}
