package assess

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/hdsctl/hdsctl/framework"
	"github.com/hdsctl/hdsctl/internal/yamlfile"
	"github.com/hdsctl/hdsctl/results"
)

// Scope is what the assessed host declares about itself: the HDS hosting
// activities it performs (1 to 6) and the applicability conditions that hold
// (framework.Conditions). A control whose applicability the scope does not
// meet is NOT_APPLICABLE, with the reason.
//
// The zero Scope is undeclared: every control applies, so that nothing is
// left out silently.
type Scope struct {
	Activities []int
	Conditions []string
	// Declared reports whether the host declared its scope.
	Declared bool
}

// ScopeError says a scope given on the command line or in a scope file is
// invalid, with every problem found.
type ScopeError struct {
	Diagnostics framework.Diagnostics
}

// Error gives the problem of the scope, or how many it has; Diagnostics
// holds each.
func (e *ScopeError) Error() string {
	errs := e.Diagnostics.Errors()
	if len(errs) == 1 {
		return "invalid scope: " + errs[0].String()
	}
	return fmt.Sprintf("invalid scope: %d problems", len(errs))
}

// NewScope checks activities and conditions and returns the declared scope.
// An unknown activity or condition gives a *ScopeError.
func NewScope(activities []int, conditions []string) (Scope, error) {
	var diags framework.Diagnostics
	for _, a := range activities {
		if _, ok := framework.Activities[a]; !ok {
			diags = append(diags, framework.Diagnostic{Message: fmt.Sprintf("activity %d does not exist", a),
				Fix: "name hosting activities 1 to 6 (article R.1111-9 of the Code de la santé publique)"})
		}
	}
	for _, c := range conditions {
		if _, ok := framework.LookupCondition(c); !ok {
			diags = append(diags, framework.Diagnostic{Message: fmt.Sprintf("condition %q is unknown", c),
				Fix: "use one of " + strings.Join(conditionNames(), ", ")})
		}
	}
	if len(diags) > 0 {
		return Scope{}, &ScopeError{Diagnostics: diags}
	}
	s := Scope{Activities: slices.Clone(activities), Conditions: slices.Clone(conditions), Declared: true}
	slices.Sort(s.Activities)
	s.Activities = slices.Compact(s.Activities)
	return s, nil
}

// LoadScope reads a scope file:
//
//	# what the host does and what holds (see hdsctl show for the vocabulary)
//	activities: [3, 4, 5, 6]
//	conditions: [stores-health-data, uses-subcontractors]
//
// Problems are reported with their file:line in a *ScopeError.
func LoadScope(path string) (Scope, error) {
	data, err := yamlfile.ReadFile(path)
	if err != nil {
		return Scope{}, err
	}
	return ParseScope(path, data)
}

// ParseScope reads a scope file from data; name is used in diagnostics.
func ParseScope(name string, data []byte) (Scope, error) {
	r := yamlfile.NewReader(name)
	s := Scope{Declared: true}
	if root, ok := r.Parse(data); ok {
		f := root.Fields("the scope file", "activities", "conditions")
		for _, n := range f["activities"].List("activities") {
			a, ok := n.Int("an activity")
			if ok && framework.Activities[a].IsZero() {
				r.Errorf(n.Pos(), "name hosting activities 1 to 6", "activity %d does not exist", a)
			}
			s.Activities = append(s.Activities, a)
		}
		for _, n := range f["conditions"].List("conditions") {
			c := n.Str("a condition")
			if _, ok := framework.LookupCondition(c); !ok {
				r.Errorf(n.Pos(), "use one of "+strings.Join(conditionNames(), ", "), "condition %q is unknown", c)
			}
			s.Conditions = append(s.Conditions, c)
		}
	}
	if diags := r.Diagnostics(); diags.HasErrors() {
		return Scope{}, &ScopeError{Diagnostics: diags}
	}
	return NewScope(s.Activities, s.Conditions)
}

// ParseActivities reads a comma-separated list of activities: "3,4,5,6".
func ParseActivities(list string) ([]int, error) {
	var out []int
	for _, f := range splitList(list) {
		a, err := strconv.Atoi(f)
		if err != nil {
			return nil, fmt.Errorf("activity %q is not a number from 1 to 6", f)
		}
		out = append(out, a)
	}
	return out, nil
}

func splitList(list string) []string {
	var out []string
	for _, f := range strings.Split(list, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func conditionNames() []string {
	names := make([]string, len(framework.Conditions))
	for i, c := range framework.Conditions {
		names[i] = c.Name
	}
	return names
}

// record returns the scope as the results record it: an undeclared scope is
// every activity and every condition, which is what was assessed.
func (s Scope) record() results.Scope {
	if !s.Declared {
		all := results.Scope{Undeclared: true, Conditions: conditionNames()}
		for a := 1; a <= 6; a++ {
			all.Activities = append(all.Activities, a)
		}
		return all
	}
	return results.Scope{Activities: slices.Clone(s.Activities), Conditions: slices.Clone(s.Conditions)}
}

// applies reports whether control c applies to the host, and if not, why.
func (s Scope) applies(c *framework.Control) (bool, framework.Text) {
	if !s.Declared {
		return true, framework.Text{}
	}
	held := map[string]bool{}
	for _, cond := range s.Conditions {
		held[cond] = true
	}
	if c.Applicability.AppliesTo(s.Activities, held) {
		return true, framework.Text{}
	}
	for _, cond := range c.Applicability.Conditions {
		if !held[cond] {
			label := framework.Same(cond)
			if known, ok := framework.LookupCondition(cond); ok {
				label = known.Label
			}
			return false, framework.Text{
				FR: fmt.Sprintf("Ne s'applique pas : la condition « %s » n'est pas déclarée dans le périmètre.", label.FR),
				EN: fmt.Sprintf("Does not apply: the condition \"%s\" is not declared in the scope.", label.EN),
			}
		}
	}
	want, have := joinInts(c.Applicability.Activities), joinInts(s.Activities)
	return false, framework.Text{
		FR: fmt.Sprintf("Ne s'applique pas : la mesure concerne les activités %s et l'hébergeur déclare les activités %s.", want, have),
		EN: fmt.Sprintf("Does not apply: the control concerns activities %s and the host declares activities %s.", want, have),
	}
}

func joinInts(list []int) string {
	s := make([]string, len(list))
	for i, v := range list {
		s[i] = strconv.Itoa(v)
	}
	return strings.Join(s, ", ")
}
