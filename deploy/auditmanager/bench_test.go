package auditmanager_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/hdsctl/hdsctl/deploy"
	"github.com/hdsctl/hdsctl/deploy/auditmanager"
	"github.com/hdsctl/hdsctl/framework"
	"github.com/hdsctl/hdsctl/internal/bench"
	"github.com/hdsctl/hdsctl/internal/testenv"
	"github.com/hdsctl/hdsctl/sandbox"
)

// benchRegion is a Region where Audit Manager runs.
const benchRegion = "eu-west-1"

// BenchmarkAuditManager measures plan and apply as hdsctl apply runs them,
// against the sandbox at 20 requests per second and 30 ms of latency: a
// deployment from nothing, a re-apply with no change, one control changed,
// and destroy, for the sample's HDS and PSSI-E frameworks, hds-v2 and a
// generated framework of 500 controls, Audit Manager's quota. With -short it
// runs a generated framework of 10 controls only.
func BenchmarkAuditManager(b *testing.B) {
	cases := []struct {
		name string
		load func(b *testing.B) *framework.Framework
	}{
		{"HDS-45", sampleFramework("HDS")},
		{"PSSIE-181", sampleFramework("PSSIE")},
		{"hds-v2-157", embeddedFramework("hds-v2")},
		{"generated-500", generatedFramework(500)},
	}
	if testing.Short() {
		cases = cases[len(cases)-1:]
		cases[0].name, cases[0].load = "generated-10", generatedFramework(10)
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			d := newDeployment(b, c.load(b))
			b.Run("apply", d.benchApply)
			b.Run("reapply", d.benchReapply)
			b.Run("change-one", d.benchChangeOne)
			b.Run("destroy", d.benchDestroy)
		})
	}
}

func sampleFramework(name string) func(b *testing.B) *framework.Framework {
	return func(b *testing.B) *framework.Framework {
		dir, ok := bench.SamplesDir()
		if !ok {
			b.Skipf("the Node.js sample's frameworks are not at %s", dir)
		}
		return readFramework(b, filepath.Join(dir, name))
	}
}

func embeddedFramework(name string) func(b *testing.B) *framework.Framework {
	return func(b *testing.B) *framework.Framework { return readFramework(b, name) }
}

func generatedFramework(n int) func(b *testing.B) *framework.Framework {
	return func(b *testing.B) *framework.Framework {
		fw, err := bench.Framework(n)
		if err != nil {
			b.Fatalf("generating a framework of %d controls: %v", n, err)
		}
		return fw
	}
}

func readFramework(b *testing.B, ref string) *framework.Framework {
	b.Helper()
	fw, _, err := framework.Read(ref, framework.ValidateOptions{Target: framework.TargetAuditManager})
	if err != nil {
		b.Fatalf("reading %s: %v", ref, err)
	}
	return fw
}

// deployment is one framework deployed, step after step, to one sandbox.
type deployment struct {
	srv *sandbox.Server
	cfg aws.Config
	fw  *framework.Framework
	// n counts the framework's controls.
	n int
}

func newDeployment(b *testing.B, fw *framework.Framework) *deployment {
	srv, cfg := testenv.Sandbox(b, bench.SandboxOptions())
	return &deployment{srv: srv, cfg: cfg, fw: fw, n: len(fw.Controls())}
}

// run plans with makePlan and applies the plan, as hdsctl apply and
// destroy do with a fresh target, and measures both.
func (d *deployment) run(b *testing.B, makePlan func(context.Context, deploy.Target, *framework.Framework) (*deploy.Plan, error),
) (bench.Sample, deploy.Summary) {
	b.Helper()
	ctx := context.Background()
	calls := &deploy.Calls{}
	tg, err := auditmanager.New(d.cfg, auditmanager.Options{Regions: []string{benchRegion}, Calls: calls})
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
		summary = p.Summary()
		res, err = deploy.Apply(ctx, tg, p, deploy.ApplyOptions{})
		return err
	})
	if err != nil {
		b.Fatalf("%s of %d controls: %v", b.Name(), d.n, err)
	}
	s.Retries = res.Retries
	if th := calls.Throttled(); int64(th) != s.Throttled {
		b.Errorf("hdsctl saw %d throttled calls, the sandbox answered %d", th, s.Throttled)
	}
	return s, summary
}

// converge deploys the framework as it stands, outside the timer.
func (d *deployment) converge(b *testing.B) {
	b.Helper()
	b.StopTimer()
	defer b.StartTimer()
	d.run(b, deploy.MakePlan)
}

// pages is how many pages of results a plan lists: one of custom
// frameworks and those of the custom controls, 1,000 a page.
func (d *deployment) pages() int {
	return 1 + max(1, (d.n+999)/1000)
}

func (d *deployment) benchApply(b *testing.B) {
	var samples []bench.Sample
	for range b.N {
		b.StopTimer()
		if err := d.srv.Reset(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		s, sum := d.run(b, deploy.MakePlan)
		if sum.Create != d.n+1 {
			b.Fatalf("apply from nothing created %d objects, want %d controls and the framework", sum.Create, d.n)
		}
		s.Limit = bench.LimitOf(d.n + 1)
		samples = append(samples, s)
	}
	bench.Report(b, samples)
}

func (d *deployment) benchReapply(b *testing.B) {
	d.converge(b)
	var samples []bench.Sample
	for range b.N {
		s, sum := d.run(b, deploy.MakePlan)
		if sum.Create+sum.Update+sum.Delete != 0 {
			b.Fatalf("re-apply with no change planned %+v", sum)
		}
		s.Pages = d.pages()
		s.Limit = bench.LimitOf(s.Pages + 3)
		samples = append(samples, s)
	}
	bench.Report(b, samples)
}

// benchChangeOne changes the description of one control at each run, so
// that every run updates it.
func (d *deployment) benchChangeOne(b *testing.B) {
	d.converge(b)
	c := d.fw.Controls()[0]
	original := c.Description
	defer func() { c.Description = original }()
	var samples []bench.Sample
	for i := range b.N {
		c.Description = framework.Text{FR: original.FR, EN: original.EN}
		if i%2 == 0 {
			c.Description = framework.Text{FR: original.FR + " (modifié)", EN: original.EN + " (changed)"}
		}
		s, sum := d.run(b, deploy.MakePlan)
		if sum.Update != 1 || sum.Create+sum.Delete != 0 {
			b.Fatalf("one control changed planned %+v, want one update", sum)
		}
		s.Pages = d.pages()
		// UpdateControl, then TagResource to record its new hash.
		s.Limit = bench.LimitOf(s.Pages + 3 + 2)
		samples = append(samples, s)
	}
	bench.Report(b, samples)
}

func (d *deployment) benchDestroy(b *testing.B) {
	var samples []bench.Sample
	for range b.N {
		d.converge(b)
		s, sum := d.run(b, deploy.DestroyPlan)
		if sum.Delete != d.n+1 {
			b.Fatalf("destroy deleted %d objects, want %d controls and the framework", sum.Delete, d.n)
		}
		s.Limit = bench.LimitOf(d.n + 1)
		samples = append(samples, s)
	}
	bench.Report(b, samples)
}
