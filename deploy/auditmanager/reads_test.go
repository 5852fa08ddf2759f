package auditmanager

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/hdsctl/hdsctl/deploy"
	"github.com/hdsctl/hdsctl/sandbox"
)

// TestPlanReadsSurviveServerErrors plans over the controls an interrupted
// first apply left, with no framework listing them, while 30% of the calls
// fail: each of the plan's reads is retried on its own, so that the plan
// does not start over at every failure and gets through.
func TestPlanReadsSurviveServerErrors(t *testing.T) {
	fw := trimmed(readFramework(t, "hds-v2"), 40)
	state := filepath.Join(t.TempDir(), "sandbox.json")

	clean := startSandbox(t, sandbox.Options{StatePath: state})
	tg, _ := clean.target(Options{})
	apply(t, tg, onlyKind(plan(t, tg, fw), KindControl))
	clean.close()

	faulty := startSandbox(t, sandbox.Options{StatePath: state, FaultRate: 0.3, Seed: 8})
	tg, _ = faulty.target(Options{})
	got, err := deploy.MakePlan(context.Background(), tg, fw)
	if err != nil {
		t.Fatalf("MakePlan with 30%% of the calls failing: %v", err)
	}
	if s := got.Summary(); s.Noop != 40 || s.Create != 1 || s.Update+s.Delete != 0 {
		t.Errorf("plan = %+v, want the 40 controls found and the framework to create", s)
	}
	if n := faulty.sb.Stats().Faulted; n == 0 {
		t.Errorf("no fault injected; the test proves nothing")
	}
}
