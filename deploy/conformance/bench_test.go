package conformance_test

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/hdsctl/hdsctl/deploy"
	"github.com/hdsctl/hdsctl/deploy/conformance"
	"github.com/hdsctl/hdsctl/framework"
	"github.com/hdsctl/hdsctl/internal/bench"
	"github.com/hdsctl/hdsctl/internal/testenv"
	"github.com/hdsctl/hdsctl/sandbox"
)

// packDelay is how long the sandbox takes to deploy or delete a pack, as
// AWS Config does in minutes.
const packDelay = 2 * time.Second

// pollInterval is the first wait between two reads of a pack's status; the
// default, 5 s, suits AWS Config's minutes, not the sandbox's seconds.
const pollInterval = 250 * time.Millisecond

// BenchmarkConfig measures plan and apply of hds-v2 as conformance packs in
// every EEA Region the account has enabled (those that need no opt-in),
// against the sandbox at 30 ms of latency, where a pack takes 2 s to deploy
// or delete: a deployment from nothing, a re-apply with no change, and
// destroy. The physical limit of a deployment is one pack's deployment
// time, every Region deploying at once. With -short it deploys a generated
// framework of 10 controls.
func BenchmarkConfig(b *testing.B) {
	name, fw := "hds-v2", readFramework(b, "hds-v2")
	if testing.Short() {
		var err error
		if fw, err = bench.Framework(10); err != nil {
			b.Fatal(err)
		}
		name = "generated-10"
	}
	opts := bench.SandboxOptions()
	opts.ConformancePackDelay = packDelay
	srv, cfg := testenv.Sandbox(b, opts)
	d := &packs{srv: srv, cfg: cfg, fw: fw}
	b.Run(name+"/apply", d.benchApply)
	b.Run(name+"/reapply", d.benchReapply)
	b.Run(name+"/destroy", d.benchDestroy)
}

func readFramework(b *testing.B, ref string) *framework.Framework {
	b.Helper()
	fw, _, err := framework.Read(ref, framework.ValidateOptions{Target: framework.TargetConfig})
	if err != nil {
		b.Fatalf("reading %s: %v", ref, err)
	}
	return fw
}

// packs is one framework deployed as packs, step after step, to one
// sandbox.
type packs struct {
	srv *sandbox.Server
	cfg aws.Config
	fw  *framework.Framework
	// regions are the Regions the target deploys to.
	regions []string
}

// run plans with makePlan and applies the plan with a fresh target, as
// hdsctl apply and destroy do, and measures both.
func (d *packs) run(b *testing.B, makePlan func(context.Context, deploy.Target, *framework.Framework) (*deploy.Plan, error),
) (bench.Sample, deploy.Summary) {
	b.Helper()
	ctx := context.Background()
	calls := &deploy.Calls{}
	tg, err := conformance.New(d.cfg, conformance.Options{PollInterval: pollInterval, Calls: calls})
	if err != nil {
		b.Fatal(err)
	}
	var res deploy.Result
	var summary deploy.Summary
	s, err := bench.Measure(d.srv, func() error {
		p, err := makePlan(ctx, tg, d.fw)
		if err != nil {
			return err
		}
		d.regions = tg.Regions()
		summary = p.Summary()
		res, err = deploy.Apply(ctx, tg, p, deploy.ApplyOptions{})
		return err
	})
	if err != nil {
		b.Fatalf("%s: %v", b.Name(), err)
	}
	s.Retries = res.Retries
	return s, summary
}

func (d *packs) converge(b *testing.B) {
	b.Helper()
	b.StopTimer()
	defer b.StartTimer()
	d.run(b, deploy.MakePlan)
}

func (d *packs) benchApply(b *testing.B) {
	var samples []bench.Sample
	created := 0
	for range b.N {
		b.StopTimer()
		if err := d.srv.Reset(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		s, sum := d.run(b, deploy.MakePlan)
		if sum.Create == 0 || sum.Update+sum.Delete != 0 {
			b.Fatalf("apply from nothing planned %+v", sum)
		}
		s.Limit = packDelay
		samples = append(samples, s)
		created = sum.Create
	}
	bench.Report(b, samples)
	b.ReportMetric(float64(created), "packs")
}

func (d *packs) benchReapply(b *testing.B) {
	d.converge(b)
	var samples []bench.Sample
	for range b.N {
		s, sum := d.run(b, deploy.MakePlan)
		if sum.Create+sum.Update+sum.Delete != 0 {
			b.Fatalf("re-apply with no change planned %+v", sum)
		}
		// Per Region, one page of packs and one of their statuses: the
		// package's documented budget.
		s.Pages = 2 * len(d.regions)
		s.Limit = bench.LimitAt(s.Pages+3, conformance.ConfigRPS)
		samples = append(samples, s)
	}
	bench.Report(b, samples)
}

func (d *packs) benchDestroy(b *testing.B) {
	var samples []bench.Sample
	for range b.N {
		d.converge(b)
		s, sum := d.run(b, deploy.DestroyPlan)
		if sum.Delete == 0 {
			b.Fatalf("destroy planned %+v", sum)
		}
		s.Limit = packDelay
		samples = append(samples, s)
	}
	bench.Report(b, samples)
}
