package assess_test

import (
	"context"
	"fmt"
	"io"
	"slices"
	"testing"

	"github.com/hdsctl/hdsctl/assess"
	"github.com/hdsctl/hdsctl/assess/artifact"
	"github.com/hdsctl/hdsctl/assess/configinventory"
	"github.com/hdsctl/hdsctl/assess/configrules"
	"github.com/hdsctl/hdsctl/assess/estate"
	"github.com/hdsctl/hdsctl/assess/hubfindings"
	"github.com/hdsctl/hdsctl/framework"
	"github.com/hdsctl/hdsctl/internal/bench"
	"github.com/hdsctl/hdsctl/results"
)

// BenchmarkAssess measures an assessment of hds-v2, wired as hdsctl assess
// wires it, over generated estates of 1,000, 10,000 and 100,000 storage
// resources in 10 accounts, then 100,000 in 40, held by a sandbox in
// another process, at 30 ms of latency: the time, the calls, and the peak
// heap of this process above its level at the start. Each estate is
// assessed the way hdsctl assess does (bounded), then reading the whole
// inventory and listing every finding (whole), for comparison. With -short
// it assesses 300 resources in 3 accounts, the bounded way only.
func BenchmarkAssess(b *testing.B) {
	fw, _, err := framework.Read("hds-v2", framework.ValidateOptions{})
	if err != nil {
		b.Fatal(err)
	}
	// The estate grows resources in the same 10 accounts, then accounts.
	cases := []struct{ resources, accounts int }{{1000, 10}, {10000, 10}, {100000, 10}, {100000, 40}}
	if testing.Short() {
		cases = []struct{ resources, accounts int }{{300, 3}}
	}
	for _, c := range cases {
		n := c.resources
		b.Run(fmt.Sprintf("resources-%d/accounts-%d", n, c.accounts), func(b *testing.B) {
			p := bench.StartEstate(b, bench.NewEstate(n, c.accounts, configRules(fw)), "TestBenchEstateProcess")
			b.Run("bounded", func(b *testing.B) { benchAssess(b, fw, p, true) })
			if !testing.Short() {
				b.Run("whole", func(b *testing.B) { benchAssess(b, fw, p, false) })
			}
		})
	}
}

// benchAssess measures assessments of the estate of p: the way hdsctl
// assess runs them (bounded), or reading the whole inventory at once and
// listing every finding, as hdsctl did before its memory was bounded
// (whole).
func benchAssess(b *testing.B, fw *framework.Framework, p *bench.EstateProcess, bounded bool) {
	b.ReportAllocs()
	var samples []bench.Sample
	var mems []bench.MemorySample
	findings := 0
	for range b.N {
		mem := bench.WatchMemory()
		var r *results.Results
		s, err := p.Measure(func() error {
			var err error
			if r, err = assessEstate(context.Background(), fw, p, bounded); err != nil {
				return err
			}
			return results.Write(io.Discard, r)
		})
		mems = append(mems, mem.Stop())
		if err != nil {
			b.Fatalf("assessing %d resources: %v", p.Estate.Resources, err)
		}
		samples = append(samples, s)
		findings = countFindings(r)
	}
	bench.Report(b, samples)
	bench.ReportMemory(b, mems)
	b.ReportMetric(float64(p.Estate.Resources), bench.UnitResources)
	b.ReportMetric(float64(findings), bench.UnitFindings)
}

// TestBenchEstateProcess is the sandbox process BenchmarkAssess starts; it
// skips otherwise.
func TestBenchEstateProcess(t *testing.T) { bench.ServeEstate(t) }

// assessEstate assesses the estate of p against fw with the collectors
// hdsctl assess uses; unless bounded, the checks read the whole inventory
// at once and every finding is listed.
func assessEstate(ctx context.Context, fw *framework.Framework, p *bench.EstateProcess, bounded bool,
) (*results.Results, error) {
	var accounts []estate.Account
	for i := range p.Estate.Accounts {
		accounts = append(accounts, estate.Account{ID: p.Estate.AccountID(i), Config: p.Config(i)})
	}
	regions := p.Estate.Regions
	readerOpts := configinventory.ReaderOptions{Mode: configinventory.ModeAuto}
	checks, passDetail := assess.StreamChecks(configinventory.Stream(accounts, regions, readerOpts)), 0
	if !bounded {
		checks, passDetail = assess.Checks(configinventory.Reader(accounts, regions, readerOpts)), -1
	}
	ids := make([]string, len(accounts))
	for i, a := range accounts {
		ids[i] = a.ID
	}
	return assess.Run(ctx, fw, assess.Options{
		Collectors: map[framework.SourceType]assess.Collector{
			framework.SourceConfig:      configrules.New(accounts, regions, configrules.Options{Framework: fw.ID}),
			framework.SourceSecurityHub: hubfindings.New(accounts, regions, hubfindings.Options{}),
			framework.SourceCheck:       checks,
		},
		PassDetail: passDetail,
		Artifact:   artifact.NewSource(artifact.NewClient(accounts[0].Config, ""), nil),
		Estate:     assess.Estate{Account: ids[0], Accounts: ids, Regions: regions, Sandbox: true},
		Tool:       "hdsctl-bench",
	})
}

// configRules lists the AWS Config managed rules fw takes evidence from.
func configRules(fw *framework.Framework) []string {
	var out []string
	for _, c := range fw.Controls() {
		for _, s := range c.SourcesOf(framework.SourceConfig) {
			if !slices.Contains(out, s.Keyword) {
				out = append(out, s.Keyword)
			}
		}
	}
	return out
}

func countFindings(r *results.Results) int {
	n := 0
	for _, c := range r.Controls {
		n += len(c.Findings)
	}
	return n
}
