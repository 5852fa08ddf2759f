package conformance

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/hdsctl/hdsctl/deploy"
	"github.com/hdsctl/hdsctl/sandbox"
)

// TestPlanReadsSurviveServerErrors plans in five Regions while 30% of the
// calls fail: each read is retried on its own, so that the plan does not
// start over at every failure and gets through.
func TestPlanReadsSurviveServerErrors(t *testing.T) {
	state := filepath.Join(t.TempDir(), "sandbox.json")
	clean := startSandbox(t, sandbox.Options{StatePath: state})
	fw := readHDS(t)
	apply(t, clean.target(t, Options{}), fw)
	if err := clean.srv.Close(); err != nil {
		t.Fatal(err)
	}

	faulty := startSandbox(t, sandbox.Options{StatePath: state, FaultRate: 0.3})
	p, err := deploy.MakePlan(context.Background(), faulty.target(t, Options{}), fw)
	if err != nil {
		t.Fatalf("MakePlan with 30%% of the calls failing: %v", err)
	}
	if !p.Empty() || len(p.Changes) != len(eeaRegions) {
		t.Errorf("plan = %v, want the pack of each Region unchanged", summary(p))
	}
	if n := faulty.srv.Stats().Faulted; n == 0 {
		t.Errorf("no fault injected; the test proves nothing")
	}
}
