package deploy

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestCallsToAWSAgreesInNumber(t *testing.T) {
	for n, want := range map[int]string{0: "0 calls to AWS", 1: "1 call to AWS", 4: "4 calls to AWS"} {
		if got := CallsToAWS(n); got != want {
			t.Errorf("CallsToAWS(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestResultTextCountsOnlyWhatHappened(t *testing.T) {
	done := func(a Action) Outcome { return Outcome{Change: Change{Action: a}, Status: StatusDone} }
	failed := Outcome{Change: Change{Action: Create, Kind: "control", Key: "C-1"}, Status: StatusFailed,
		Err: errors.New("boom")}
	skipped := Outcome{Change: Change{Action: Update}, Status: StatusSkipped}
	for _, tc := range []struct {
		verb     string
		outcomes []Outcome
		want     string
	}{
		{"destroy", []Outcome{done(Delete), done(Delete)}, "Destroy complete: 2 deleted in 1.5s.\n"},
		{"apply", []Outcome{done(Create), done(Update), done(Delete)},
			"Apply complete: 1 created, 1 updated, 1 deleted in 1.5s.\n"},
		{"apply", []Outcome{done(Create), failed, skipped},
			"  ! create control C-1: boom\nApply failed: 1 created, 1 failed, 1 not started in 1.5s.\n"},
		{"apply", []Outcome{skipped}, "Apply interrupted: 1 not started in 1.5s.\n"},
		{"destroy", nil, "Destroy complete: no change in 1.5s.\n"},
	} {
		var b strings.Builder
		res := Result{Outcomes: tc.outcomes, Elapsed: 1500 * time.Millisecond}
		if err := WriteResultText(&b, tc.verb, res, nil); err != nil {
			t.Fatal(err)
		}
		if b.String() != tc.want {
			t.Errorf("%s of %d outcomes printed\n%q, want\n%q", tc.verb, len(tc.outcomes), b.String(), tc.want)
		}
	}
}
