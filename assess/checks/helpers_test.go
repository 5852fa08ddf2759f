package checks

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hdsctl/hdsctl/assess/inventory"
	"github.com/hdsctl/hdsctl/results"
)

const account = "111122223333"

// paris is where the hand-built resources live unless a test says otherwise.
var paris = inventory.Location{Account: account, Region: "eu-west-3"}

func at(region string) inventory.Location {
	return inventory.Location{Account: account, Region: region}
}

// estate returns an inventory of one account, read in Paris and
// us-east-1 with every fact, holding nothing yet.
func estate() *inventory.Inventory {
	return &inventory.Inventory{Accounts: []inventory.Account{{
		ID:                  account,
		Regions:             []string{"eu-west-3", "us-east-1"},
		Facts:               slices.Clone(inventory.Facts),
		S3PublicAccessBlock: &inventory.PublicAccessBlock{},
		IAM:                 &inventory.IAMSettings{},
	}}}
}

// gap returns a gap of the hand-built account.
func gap(region, resource string, facts ...inventory.Fact) inventory.Gap {
	return inventory.Gap{
		Location:  at(region),
		Resource:  resource,
		Facts:     facts,
		Service:   "svc",
		Operation: "Op",
		Err:       errors.New("AccessDenied: not allowed"),
	}
}

// verdicts returns "STATUS resource" for each finding, in order.
func verdicts(findings []results.Finding) []string {
	out := make([]string, len(findings))
	for i, f := range findings {
		out[i] = fmt.Sprintf("%s %s", f.Status, f.Resource)
	}
	return out
}

// run runs the named check and compares its verdicts with want, in any
// order.
func run(t *testing.T, name string, inv *inventory.Inventory, want ...string) []results.Finding {
	t.Helper()
	c, ok := Lookup(name)
	if !ok {
		t.Fatalf("no check %q", name)
	}
	findings := c.Run(inv)
	got := verdicts(findings)
	slices.Sort(got)
	want = slices.Clone(want)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("%s verdicts:\ngot  %s\nwant %s\nmessages:\n%s", name,
			strings.Join(got, "\n     "), strings.Join(want, "\n     "), messages(findings))
	}
	return findings
}

func messages(findings []results.Finding) string {
	var b strings.Builder
	for _, f := range findings {
		fmt.Fprintf(&b, "  %s %s: %s\n", f.Status, f.Resource, f.Message)
	}
	return b.String()
}

// messageOf returns the message of the finding on resource.
func messageOf(t *testing.T, findings []results.Finding, resource string) string {
	t.Helper()
	for _, f := range findings {
		if f.Resource == resource {
			return f.Message
		}
	}
	t.Fatalf("no finding on %s in:\n%s", resource, messages(findings))
	return ""
}

// wantIn fails unless message contains every part.
func wantIn(t *testing.T, message string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(message, p) {
			t.Errorf("message %q does not say %q", message, p)
		}
	}
}

const accountID = "AWS::::Account:" + account
