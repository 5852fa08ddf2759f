package assess_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/hdsctl/hdsctl/assess"
)

func TestParseScopeReadsActivitiesAndConditions(t *testing.T) {
	s, err := assess.ParseScope("scope.yaml", []byte("activities: [6, 3, 4, 3]\nconditions: [stores-health-data]\n"))
	if err != nil {
		t.Fatalf("ParseScope: %v", err)
	}
	if !slices.Equal(s.Activities, []int{3, 4, 6}) || !slices.Equal(s.Conditions, []string{"stores-health-data"}) || !s.Declared {
		t.Errorf("scope = %+v, want activities 3, 4, 6 and stores-health-data, declared", s)
	}
}

func TestParseScopeReportsProblemsWithTheirLines(t *testing.T) {
	_, err := assess.ParseScope("scope.yaml", []byte("activities: [3, 9, x]\nconditions:\n  - stores-health-datas\n"))
	var bad *assess.ScopeError
	if !errors.As(err, &bad) {
		t.Fatalf("ParseScope: %v, want a *ScopeError", err)
	}
	var got []string
	for _, d := range bad.Diagnostics {
		got = append(got, d.String())
	}
	want := []string{
		"scope.yaml:1:17: error: activity 9 does not exist; name hosting activities 1 to 6",
		`scope.yaml:1:20: error: an activity must be a whole number, found "x"; write a whole number`,
		`scope.yaml:3:5: error: condition "stores-health-datas" is unknown; use one of stores-health-data,`,
	}
	if len(got) != len(want) {
		t.Fatalf("diagnostics:\n%s\nwant %d", strings.Join(got, "\n"), len(want))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("diagnostic %d = %s\nwant prefix %s", i, got[i], want[i])
		}
	}
}

func TestNewScopeRefusesUnknownActivitiesAndConditions(t *testing.T) {
	_, err := assess.NewScope([]int{0, 7}, []string{"cloud"})
	var bad *assess.ScopeError
	if !errors.As(err, &bad) || len(bad.Diagnostics) != 3 {
		t.Fatalf("NewScope: %v, want 3 problems", err)
	}
	if _, err := assess.ParseActivities("3, four"); err == nil {
		t.Error("ParseActivities accepted four")
	}
}

func TestTheExampleScopeIsValid(t *testing.T) {
	s, err := assess.LoadScope("../examples/scope.yaml")
	if err != nil {
		t.Fatalf("LoadScope: %v", err)
	}
	if !slices.Equal(s.Activities, []int{3, 4, 5, 6}) {
		t.Errorf("activities %v", s.Activities)
	}
}
