package auditmanager

import (
	"context"
	"testing"

	"github.com/hdsctl/hdsctl/deploy"
	"github.com/hdsctl/hdsctl/framework"
	"github.com/hdsctl/hdsctl/sandbox"
)

func TestBackToBackRunsAtTheDefaultPaceAreNeverThrottled(t *testing.T) {
	if testing.Short() {
		t.Skip("takes about 4 s: five runs at 19 requests per second; runs without -short")
	}
	// Each run is a new target, as each hdsctl command is, with the
	// default limiter and its burst; the sandbox throttles at AWS's quota.
	e := startSandbox(t, sandbox.Options{RPS: sandbox.DefaultRPS})
	fw := trimmed(readFramework(t, "hds-v2"), 20)
	run := func(makePlan func(context.Context, deploy.Target, *framework.Framework) (*deploy.Plan, error)) {
		t.Helper()
		tg, err := New(e.cfg, Options{Regions: []string{testRegion}})
		if err != nil {
			t.Fatal(err)
		}
		p, err := makePlan(context.Background(), tg, fw)
		if err != nil {
			t.Fatal(err)
		}
		res, err := deploy.Apply(context.Background(), tg, p, deploy.ApplyOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Retries != 0 {
			t.Errorf("%d retries, want none", res.Retries)
		}
	}
	run(deploy.MakePlan)
	run(deploy.MakePlan)
	run(deploy.MakePlan)
	run(deploy.DestroyPlan)
	run(deploy.MakePlan)
	if th := e.sb.Stats().Throttled; th != 0 {
		t.Errorf("the sandbox throttled %d calls; the default pace and burst must stay below the quota", th)
	}
}
