package estate_test

import (
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/hdsctl/hdsctl/assess/estate"
	"github.com/hdsctl/hdsctl/internal/testenv"
	"github.com/hdsctl/hdsctl/sandbox"
)

func TestDiscoverTheCallerAndItsEnabledRegions(t *testing.T) {
	_, cfg := testenv.Sandbox(t, sandbox.Options{})
	e, err := estate.Discover(t.Context(), cfg, estate.Options{})
	if err != nil {
		t.Fatalf("Discover: %v", err)
	}
	if e.Caller.ID != sandbox.DefaultAccountID || !slices.Equal(e.IDs(), []string{sandbox.DefaultAccountID}) {
		t.Errorf("accounts %v, caller %s, want the caller's alone", e.IDs(), e.Caller.ID)
	}
	// Regions enabled by default only: an opt-in Region such as
	// eu-south-1 is left out until the account enables it.
	if !slices.Contains(e.Regions, "eu-west-3") || slices.Contains(e.Regions, "eu-south-1") {
		t.Errorf("Regions %v, want the enabled ones only", e.Regions)
	}
}

func TestDiscoverTheOrganizationAndAssumeARoleInEachMember(t *testing.T) {
	_, cfg := testenv.Sandbox(t, sandbox.Options{Demo: true})
	e, err := estate.Discover(t.Context(), cfg, estate.Options{Organization: true, Role: "HdsctlAudit", Regions: []string{"eu-west-3"}})
	if err != nil {
		t.Fatalf("Discover: %v", err)
	}
	want := []string{sandbox.DefaultAccountID, sandbox.DemoProductionAccountID, sandbox.DemoAnalyticsAccountID}
	got := e.IDs()
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) || e.IDs()[0] != sandbox.DefaultAccountID {
		t.Fatalf("accounts %v, want %v with the caller first", e.IDs(), want)
	}
	for _, a := range e.Accounts {
		id, err := sts.NewFromConfig(a.Config).GetCallerIdentity(t.Context(), &sts.GetCallerIdentityInput{})
		if err != nil {
			t.Fatalf("account %s: GetCallerIdentity: %v", a.ID, err)
		}
		if aws.ToString(id.Account) != a.ID {
			t.Errorf("account %s calls as %s", a.ID, aws.ToString(id.Account))
		}
		if a.ID != sandbox.DefaultAccountID && !strings.Contains(aws.ToString(id.Arn), "assumed-role/HdsctlAudit/hdsctl-assess") {
			t.Errorf("account %s calls as %s, want the assumed role", a.ID, aws.ToString(id.Arn))
		}
	}
}

func TestCheckOptionsRefusesBadInput(t *testing.T) {
	err := estate.CheckOptions(estate.Options{Accounts: []string{"12345", "123456789012"}, Regions: []string{"eu-west-3", "mars-1"},
		Role: "arn:aws:iam::123456789012:role/x", Organization: true})
	for _, want := range []string{`account ID "12345"`, "not both", `Region "mars-1"`, "must be a role name"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("CheckOptions: %v, want %q", err, want)
		}
	}
	if err := estate.CheckOptions(estate.Options{Accounts: []string{"123456789012"}, Regions: []string{"eu-west-3"}}); err != nil {
		t.Errorf("CheckOptions of good options: %v", err)
	}
}

func TestLocalEndpointsOnlyTouchLoopbackEndpoints(t *testing.T) {
	remote := aws.Config{BaseEndpoint: aws.String("https://vpce.example.com")}
	if got := estate.LocalEndpoints(remote); len(got.ServiceOptions) != 0 {
		t.Error("LocalEndpoints changed a remote endpoint's configuration")
	}
	local := aws.Config{BaseEndpoint: aws.String("http://127.0.0.1:4566")}
	if got := estate.LocalEndpoints(local); len(got.ServiceOptions) != 1 {
		t.Error("LocalEndpoints left a loopback endpoint alone")
	}
}

// countingProgress records the units planned and done.
type countingProgress struct {
	mu          sync.Mutex
	added, done int
}

func (p *countingProgress) Add(n int) { p.mu.Lock(); p.added += n; p.mu.Unlock() }

func (p *countingProgress) Done(n int) { p.mu.Lock(); p.done += n; p.mu.Unlock() }

func TestForEachRegionVisitsEveryAccountAndRegionOnce(t *testing.T) {
	accounts := []estate.Account{{ID: "111111111111"}, {ID: "222222222222"}, {ID: "333333333333"}}
	regions := []string{"eu-west-3", "eu-central-1"}
	var mu sync.Mutex
	var visited []string
	progress := &countingProgress{}
	estate.ForEachRegion(accounts, regions, 2, progress, func(a estate.Account, region string) {
		mu.Lock()
		visited = append(visited, a.ID+"/"+region)
		mu.Unlock()
	})
	slices.Sort(visited)
	want := []string{"111111111111/eu-central-1", "111111111111/eu-west-3", "222222222222/eu-central-1",
		"222222222222/eu-west-3", "333333333333/eu-central-1", "333333333333/eu-west-3"}
	if !slices.Equal(visited, want) {
		t.Errorf("visited %v, want %v", visited, want)
	}
	if progress.added != 3 || progress.done != 3 {
		t.Errorf("progress planned %d and done %d units, want one per account, 3", progress.added, progress.done)
	}
}
