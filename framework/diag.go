package framework

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Position is a place in a framework file. Line and Col count from 1; zero
// means unknown.
type Position struct {
	File string
	Line int
	Col  int
}

// String formats the position as file:line:col, leaving out what is unknown.
func (p Position) String() string {
	switch {
	case p.File == "":
		return ""
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Severity grades a diagnostic.
type Severity int

// The severities. Only errors make a framework invalid.
const (
	SeverityError Severity = iota
	SeverityWarning
)

// String returns the severity as diagnostics print it.
func (s Severity) String() string {
	if s == SeverityWarning {
		return "warning"
	}
	return "error"
}

// Diagnostic is one problem found in a framework: where, what, and how to fix
// it.
type Diagnostic struct {
	Pos      Position
	Severity Severity
	// Control is the ID of the control concerned, if any.
	Control string
	// Message says what is wrong.
	Message string
	// Fix says what to do about it.
	Fix string
}

// String formats the diagnostic on one line:
//
//	file:line:col: error: HDS-EXI-28: message; fix
func (d Diagnostic) String() string {
	var b strings.Builder
	if p := d.Pos.String(); p != "" {
		b.WriteString(p)
		b.WriteString(": ")
	}
	b.WriteString(d.Severity.String())
	b.WriteString(": ")
	if d.Control != "" {
		b.WriteString(d.Control)
		b.WriteString(": ")
	}
	b.WriteString(d.Message)
	if d.Fix != "" {
		b.WriteString("; ")
		b.WriteString(d.Fix)
	}
	return b.String()
}

// Diagnostics is a list of problems.
type Diagnostics []Diagnostic

// HasErrors reports whether any diagnostic is an error.
func (ds Diagnostics) HasErrors() bool {
	return slices.ContainsFunc(ds, func(d Diagnostic) bool { return d.Severity == SeverityError })
}

// Errors returns the diagnostics that are errors.
func (ds Diagnostics) Errors() Diagnostics {
	var out Diagnostics
	for _, d := range ds {
		if d.Severity == SeverityError {
			out = append(out, d)
		}
	}
	return out
}

// Warnings returns the diagnostics that are warnings.
func (ds Diagnostics) Warnings() Diagnostics {
	var out Diagnostics
	for _, d := range ds {
		if d.Severity == SeverityWarning {
			out = append(out, d)
		}
	}
	return out
}

// Sort orders diagnostics by file, line and column, so that they read like
// the files.
func (ds Diagnostics) Sort() {
	slices.SortStableFunc(ds, func(a, b Diagnostic) int {
		return cmp.Or(
			cmp.Compare(a.Pos.File, b.Pos.File),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col),
		)
	})
}

// InvalidError is returned when a framework cannot be loaded or is invalid. It
// carries every problem found.
type InvalidError struct {
	// Path names the framework as the user gave it.
	Path        string
	Diagnostics Diagnostics
}

// Error names the framework and counts its problems; Diagnostics holds
// each.
func (e *InvalidError) Error() string {
	n := len(e.Diagnostics.Errors())
	if n == 1 {
		return fmt.Sprintf("framework %s is invalid: 1 problem", e.Path)
	}
	return fmt.Sprintf("framework %s is invalid: %d problems", e.Path, n)
}

// collector gathers diagnostics while loading or validating.
type collector struct {
	diags Diagnostics
}

func (c *collector) errorf(pos Position, control, fix, format string, args ...any) {
	c.diags = append(c.diags, Diagnostic{Pos: pos, Severity: SeverityError, Control: control, Message: fmt.Sprintf(format, args...), Fix: fix})
}

func (c *collector) warnf(pos Position, control, fix, format string, args ...any) {
	c.diags = append(c.diags, Diagnostic{Pos: pos, Severity: SeverityWarning, Control: control, Message: fmt.Sprintf(format, args...), Fix: fix})
}
