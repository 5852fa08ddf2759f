package assess_test

import (
	"context"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/google/go-cmp/cmp"

	"github.com/hdsctl/hdsctl/assess"
	"github.com/hdsctl/hdsctl/assess/configinventory"
	"github.com/hdsctl/hdsctl/assess/configrules"
	"github.com/hdsctl/hdsctl/assess/estate"
	"github.com/hdsctl/hdsctl/assess/hubfindings"
	"github.com/hdsctl/hdsctl/framework"
	"github.com/hdsctl/hdsctl/internal/bench"
	"github.com/hdsctl/hdsctl/internal/testenv"
	"github.com/hdsctl/hdsctl/results"
)

// TestBoundedMemoryPathGivesTheSameVerdicts assesses one estate twice: as
// before, reading the whole inventory and listing every finding, and the
// way hdsctl assess does, streaming the inventory account by account
// through the checks and summing up passing findings beyond
// results.DefaultPassDetail. The verdicts, the failing and other findings,
// and the count of passing resources must be the same.
func TestBoundedMemoryPathGivesTheSameVerdicts(t *testing.T) {
	fw, _, err := framework.Read("hds-v2", framework.ValidateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	e := bench.NewEstate(1500, 2, configRules(fw))
	opts := e.SandboxOptions()
	opts.RPS, opts.ConfigRPS, opts.Latency = -1, -1, 0
	srv, cfg := testenv.Sandbox(t, opts)
	if err := e.Seed(srv); err != nil {
		t.Fatal(err)
	}
	var accounts []estate.Account
	for i := range e.Accounts {
		c := cfg.Copy()
		c.Region = e.Regions[0]
		c.Credentials = credentials.NewStaticCredentialsProvider(e.AccessKey(i), "secret", "")
		accounts = append(accounts, estate.Account{ID: e.AccountID(i), Config: c})
	}
	run := func(checks assess.Collector, passDetail int) *results.Results {
		t.Helper()
		ids := []string{accounts[0].ID, accounts[1].ID}
		r, err := assess.Run(context.Background(), fw, assess.Options{
			Collectors: map[framework.SourceType]assess.Collector{
				framework.SourceConfig:      configrules.New(accounts, e.Regions, configrules.Options{Framework: fw.ID}),
				framework.SourceSecurityHub: hubfindings.New(accounts, e.Regions, hubfindings.Options{}),
				framework.SourceCheck:       checks,
			},
			Estate:     assess.Estate{Account: ids[0], Accounts: ids, Regions: e.Regions},
			PassDetail: passDetail,
		})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	readerOpts := configinventory.ReaderOptions{Mode: configinventory.ModeAuto}
	whole := run(assess.Checks(configinventory.Reader(accounts, e.Regions, readerOpts)), -1)
	bounded := run(assess.StreamChecks(configinventory.Stream(accounts, e.Regions, readerOpts)), 0)

	if bounded.PassDetail != results.DefaultPassDetail || whole.PassDetail != 0 {
		t.Errorf("passDetail = %d and %d, want %d and 0", bounded.PassDetail, whole.PassDetail, results.DefaultPassDetail)
	}
	if diff := cmp.Diff(whole.Summary, bounded.Summary); diff != "" {
		t.Errorf("summary differs (-whole +bounded):\n%s", diff)
	}
	sums := 0
	for i, w := range whole.Controls {
		b := bounded.Controls[i]
		if w.ID != b.ID || w.Status != b.Status {
			t.Errorf("control %s is %s reading the whole inventory, %s %s on the bounded path", w.ID, w.Status, b.ID, b.Status)
		}
		if diff := cmp.Diff(notPassing(w.Findings), notPassing(b.Findings)); diff != "" {
			t.Errorf("control %s: findings other than PASS differ (-whole +bounded):\n%s", w.ID, diff)
		}
		for _, src := range sourcesOf(w.Findings) {
			wn, bn := results.PassCount(from(w.Findings, src)), results.PassCount(from(b.Findings, src))
			if wn != bn {
				t.Errorf("control %s, %s: %d passing resources reading the whole inventory, %d on the bounded path",
					w.ID, src, wn, bn)
			}
		}
		for _, f := range b.Findings {
			if f.Count > 0 {
				sums++
			}
		}
	}
	if sums == 0 {
		t.Errorf("no passing findings were summed up: the estate is too small to test the bounded path")
	}
	t.Logf("%d controls, %d findings reading the whole inventory, %d on the bounded path (%d sums)",
		len(whole.Controls), countFindings(whole), countFindings(bounded), sums)
}

func notPassing(fs []results.Finding) []results.Finding {
	var out []results.Finding
	for _, f := range fs {
		if f.Status != results.Pass {
			out = append(out, f)
		}
	}
	return out
}

func sourcesOf(fs []results.Finding) []string {
	var out []string
	for _, f := range fs {
		if !slices.Contains(out, f.Source) {
			out = append(out, f.Source)
		}
	}
	return out
}

func from(fs []results.Finding, source string) []results.Finding {
	var out []results.Finding
	for _, f := range fs {
		if f.Source == source {
			out = append(out, f)
		}
	}
	return out
}
