package framework

import "strings"

// Languages hdsctl writes.
const (
	French  = "fr"
	English = "en"
)

// Text is a user-facing text in French and in English.
type Text struct {
	FR string `json:"fr"`
	EN string `json:"en"`
}

// Get returns the text in the given language, or in the other one when it is
// missing, so that a single-language framework still reads.
func (t Text) Get(lang string) string {
	first, second := t.EN, t.FR
	if lang == French {
		first, second = t.FR, t.EN
	}
	if first != "" {
		return first
	}
	return second
}

// In returns the text in exactly the given language, possibly empty.
func (t Text) In(lang string) string {
	if lang == French {
		return t.FR
	}
	return t.EN
}

// IsZero reports whether the text is empty in both languages.
func (t Text) IsZero() bool { return t.FR == "" && t.EN == "" }

// Same returns a text with s in every language.
func Same(s string) Text { return Text{FR: s, EN: s} }

// ValidLang reports whether lang is a language hdsctl writes.
func ValidLang(lang string) bool { return lang == French || lang == English }

// detectLanguage guesses whether a text is French or English, for upstream
// frameworks that do not say. It counts common short words of each language.
func detectLanguage(texts ...string) string {
	fr, en := 0, 0
	for _, t := range texts {
		for _, w := range strings.FieldsFunc(strings.ToLower(t), func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r > 127)
		}) {
			switch w {
			case "le", "la", "les", "des", "du", "et", "est", "une", "pour", "dans", "sont", "aux":
				fr++
			case "the", "and", "is", "of", "to", "for", "with", "are", "must", "be":
				en++
			}
		}
	}
	if fr > en {
		return French
	}
	return English
}
