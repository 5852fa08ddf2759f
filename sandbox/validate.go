package sandbox

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// The checks below word their messages as AWS's request validation does:
// "Value 'x' at 'name' failed to satisfy constraint: Member must ...".

// quoted renders a value for a message: short values in full, long ones cut.
func quoted(val string) string {
	if utf8.RuneCountInString(val) > 64 {
		r := []rune(val)
		return "'" + string(r[:61]) + "...'"
	}
	return "'" + val + "'"
}

// required checks that a required member is present.
func (v *validationError) required(name string, present bool) bool {
	if !present {
		v.add(name, "Value null at '%s' failed to satisfy constraint: Member must not be null", name)
	}
	return present
}

// length checks a string's length in characters; max < 0 means no maximum.
func (v *validationError) length(name, val string, min, max int) bool {
	n := utf8.RuneCountInString(val)
	switch {
	case n < min:
		v.add(name, "Value %s at '%s' failed to satisfy constraint: Member must have length greater than or equal to %d", quoted(val), name, min)
		return false
	case max >= 0 && n > max:
		v.add(name, "Value %s at '%s' failed to satisfy constraint: Member must have length less than or equal to %d", quoted(val), name, max)
		return false
	}
	return true
}

// pattern checks a string against a regular expression, shown as AWS
// documents it.
func (v *validationError) pattern(name, val string, re *regexp.Regexp, shown string) bool {
	if !re.MatchString(val) {
		v.add(name, "Value %s at '%s' failed to satisfy constraint: Member must satisfy regular expression pattern: %s", quoted(val), name, shown)
		return false
	}
	return true
}

// str checks an optional string member: length, then pattern when re is set.
func (v *validationError) str(name string, val *string, min, max int, re *regexp.Regexp, shown string) {
	if val == nil {
		return
	}
	if v.length(name, *val, min, max) && re != nil {
		v.pattern(name, *val, re, shown)
	}
}

// reqStr checks a required string member.
func (v *validationError) reqStr(name string, val *string, min, max int, re *regexp.Regexp, shown string) {
	if v.required(name, val != nil) {
		v.str(name, val, min, max, re, shown)
	}
}

// enum checks that a value is one of a set.
func (v *validationError) enum(name, val string, allowed ...string) bool {
	for _, a := range allowed {
		if val == a {
			return true
		}
	}
	v.add(name, "Value %s at '%s' failed to satisfy constraint: Member must satisfy enum value set: [%s]", quoted(val), name, strings.Join(allowed, ", "))
	return false
}

// count checks the number of members of a list or map; max < 0 means no
// maximum.
func (v *validationError) count(name string, n, min, max int) bool {
	switch {
	case n < min:
		v.add(name, "Value at '%s' failed to satisfy constraint: Member must have length greater than or equal to %d", name, min)
		return false
	case max >= 0 && n > max:
		v.add(name, "Value at '%s' failed to satisfy constraint: Member must have length less than or equal to %d", name, max)
		return false
	}
	return true
}

// intRange checks a number.
func (v *validationError) intRange(name string, n, min, max int) bool {
	switch {
	case n < min:
		v.add(name, "Value '%d' at '%s' failed to satisfy constraint: Member must have value greater than or equal to %d", n, name, min)
		return false
	case n > max:
		v.add(name, "Value '%d' at '%s' failed to satisfy constraint: Member must have value less than or equal to %d", n, name, max)
		return false
	}
	return true
}

// memberName names the i-th element of a list member: controlSets.2.name,
// with AWS's one-based numbering.
func memberName(list string, i int, field string) string {
	if field == "" {
		return fmt.Sprintf("%s.%d", list, i+1)
	}
	return fmt.Sprintf("%s.%d.member.%s", list, i+1, field)
}
