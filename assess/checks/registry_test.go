package checks

import (
	"slices"
	"testing"

	"github.com/hdsctl/hdsctl/assess/inventory"
	"github.com/hdsctl/hdsctl/framework"
	"github.com/hdsctl/hdsctl/results"
)

// artifactCheck is implemented by the AWS Artifact collector, not here.
const artifactCheck = "aws-artifact-certifications"

func TestEveryCatalogCheckIsImplemented(t *testing.T) {
	for _, c := range framework.Checks {
		if c.Name == artifactCheck {
			continue
		}
		impl, ok := Lookup(c.Name)
		if !ok {
			t.Errorf("framework.Checks names %q, which has no implementation in package checks", c.Name)
			continue
		}
		if impl.Run == nil || len(impl.Facts) == 0 {
			t.Errorf("check %q has no function or reads no fact", c.Name)
		}
	}
}

func TestEveryImplementedCheckIsInTheCatalog(t *testing.T) {
	for _, c := range All() {
		if _, ok := framework.LookupCheck(c.Name); !ok {
			t.Errorf("check %q is not in framework.Checks", c.Name)
		}
	}
}

// TestFindingsFollowTheConventions runs every check over an inventory where
// every kind of resource exists, and over an empty one: every finding says
// itself in English and in French.
func TestFindingsFollowTheConventions(t *testing.T) {
	full := estate()
	full.Buckets = []inventory.Bucket{{Location: paris, ARN: "arn:aws:s3:::b", Name: "b"}}
	full.Volumes = []inventory.Volume{{Location: paris, ARN: "arn:vol", ID: "vol-1"}}
	full.Keys = []inventory.Key{{Location: paris, ARN: "arn:key", ID: "k", Manager: "CUSTOMER",
		Spec: "SYMMETRIC_DEFAULT", State: "Enabled", Origin: "AWS_KMS"}}
	full.Trails = []inventory.Trail{{Location: paris, ARN: "arn:trail", Name: "t"}}
	full.BackupPlans = []inventory.BackupPlan{{Location: paris, ARN: "arn:plan", Name: "p"}}
	for _, inv := range []*inventory.Inventory{full, estate()} {
		for _, c := range All() {
			findings := c.Run(inv)
			if len(findings) == 0 {
				t.Errorf("%s gave no finding; every check says what it found", c.Name)
			}
			for _, f := range findings {
				if f.Source != "HDSCTL_CHECK:"+c.Name || !f.Status.Valid() || f.Message == "" ||
					f.Resource == "" || f.Account != account || f.Region == "" {
					t.Errorf("%s: finding does not follow the conventions: %+v", c.Name, f)
				}
				wantFrench(t, f)
			}
		}
	}
}

func TestChecksWithoutTheirFactsReportErrors(t *testing.T) {
	inv := estate()
	inv.Accounts[0].Facts = nil
	for _, c := range All() {
		for _, f := range c.Run(inv) {
			if f.Status != results.Error {
				t.Errorf("%s judged an account whose facts were not read: %+v", c.Name, f)
			}
			wantFrench(t, f)
		}
	}
}

func TestFactsForJoinsTheFactsOfTheChecks(t *testing.T) {
	got := FactsFor(nameRootMFA, namePasswords, nameRootMFA, "no-such-check")
	want := []inventory.Fact{inventory.FactRootMFA, inventory.FactPasswordPolicy}
	if !slices.Equal(got, want) {
		t.Errorf("FactsFor = %v, want %v", got, want)
	}
}
