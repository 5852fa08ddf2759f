package deploy

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDiff(t *testing.T) {
	desired := []Resource{
		{Kind: "control", Key: "C1", Hash: "h1", Phase: 0},
		{Kind: "control", Key: "C2", Hash: "h2", Phase: 0},
		{Kind: "control", Key: "C3", Hash: "h3", Phase: 0},
		{Kind: "control", Key: "C4", Hash: "h4", Phase: 0},
		{Kind: "framework", Key: "fw", Hash: "hf", Phase: 1},
	}
	current := []Existing{
		{Kind: "control", Key: "C1", ID: "a", Hash: "h1"},                // unchanged
		{Kind: "control", Key: "C2", ID: "b", Hash: "old"},               // changed in the framework
		{Kind: "control", Key: "C3", ID: "c", Hash: "h3", Drifted: true}, // changed by hand
		{Kind: "control", Key: "C9", ID: "d", Hash: "h9"},                // removed from the framework
		{Kind: "control", Key: "C1", ID: "0", Hash: "stale"},             // duplicate
		{Kind: "framework", Key: "fw", Phase: 1, ID: "f", Hash: "hf"},
	}
	type step struct {
		Action Action
		Key    string
		ID     string
		Reason string
	}
	var got []step
	for _, c := range Diff(desired, current) {
		got = append(got, step{c.Action, c.Key, c.ID, c.Reason})
	}
	want := []step{
		{Delete, "C1", "0", "duplicate left by an interrupted run"},
		{Noop, "C1", "a", ""},
		{Update, "C2", "b", "changed in the framework"},
		{Update, "C3", "c", "changed outside hdsctl"},
		{Create, "C4", "", "not deployed"},
		{Delete, "C9", "d", "no longer in the framework"},
		{Noop, "fw", "f", ""},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Diff (-want +got):\n%s", diff)
	}
}

func TestDiffOfNothingWantedDeletesEverything(t *testing.T) {
	current := []Existing{{Kind: "control", Key: "C1", ID: "a"}, {Kind: "framework", Key: "fw", ID: "f", Phase: 1}}
	p := Plan{Changes: Diff(nil, current)}
	if s := p.Summary(); s.Delete != 2 || s.Create+s.Update+s.Noop != 0 {
		t.Errorf("summary = %+v, want two deletes", s)
	}
}

func TestEmptyPlan(t *testing.T) {
	p := Plan{Changes: Diff([]Resource{{Kind: "k", Key: "a", Hash: "h"}}, []Existing{{Kind: "k", Key: "a", ID: "1", Hash: "h"}})}
	if !p.Empty() {
		t.Errorf("an unchanged object must give an empty plan, got %+v", p.Changes)
	}
}
