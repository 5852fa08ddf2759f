package configinventory_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/hdsctl/hdsctl/assess/checks"
	"github.com/hdsctl/hdsctl/assess/configinventory"
	"github.com/hdsctl/hdsctl/assess/estate"
	"github.com/hdsctl/hdsctl/internal/testenv"
	"github.com/hdsctl/hdsctl/sandbox"
)

// TestAggregatorAndAccountsGiveTheSameFindings reads the sandbox's demo
// Organization from AWS Config account by account, then through its
// aggregator, whose items come a page at a time across accounts, and runs
// the checks that read configuration items over both.
func TestAggregatorAndAccountsGiveTheSameFindings(t *testing.T) {
	_, cfg := testenv.Sandbox(t, sandbox.Options{Demo: true})
	ctx := context.Background()
	est, err := estate.Discover(ctx, cfg, estate.Options{Organization: true,
		Regions: []string{"eu-west-3", "eu-central-1", "us-east-1"}})
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"eea-data-residency", "encryption-at-rest-default", "s3-public-access-blocked", "backup-plan-coverage"}
	facts := checks.FactsFor(names...)
	byAccount, err := configinventory.Reader(est.Accounts, est.Regions,
		configinventory.ReaderOptions{Mode: configinventory.ModeConfig})(ctx, facts)
	if err != nil {
		t.Fatal(err)
	}
	viaAggregator, err := configinventory.Reader(est.Accounts, est.Regions, configinventory.ReaderOptions{
		Mode: configinventory.ModeConfig, Aggregator: "medisante-organisation", AggregatorConfig: est.Caller.Config,
	})(ctx, facts)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		c, _ := checks.Lookup(name)
		if diff := cmp.Diff(c.Run(byAccount), c.Run(viaAggregator)); diff != "" {
			t.Errorf("%s: findings differ (-account by account +through the aggregator):\n%s", name, diff)
		}
	}
}
