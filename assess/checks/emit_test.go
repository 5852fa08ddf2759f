package checks

import (
	"cmp"
	"fmt"
	"slices"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/hdsctl/hdsctl/assess/inventory"
	"github.com/hdsctl/hdsctl/results"
)

func TestEmitGivesTheFindingsOfRun(t *testing.T) {
	inv := estate()
	for i := range 30 {
		loc := at([]string{"eu-west-3", "eu-west-1", "us-east-1"}[i%3])
		name := fmt.Sprintf("b-%02d", i)
		inv.Buckets = append(inv.Buckets, inventory.Bucket{Location: loc, ARN: "arn:aws:s3:::" + name, Name: name,
			Encryption: []string{"", "aws:kms"}[i%2]})
		inv.Volumes = append(inv.Volumes, inventory.Volume{Location: loc, ARN: fmt.Sprintf("arn:vol-%02d", i),
			ID: fmt.Sprintf("vol-%02d", i), Encrypted: i%5 != 0})
	}
	inv.Gaps = append(inv.Gaps, gap("eu-west-1", "arn:aws:s3:::b-01", inventory.FactBucketEncryption))
	for _, c := range All() {
		var emitted []results.Finding
		c.Emit(inv, func(f results.Finding) { emitted = append(emitted, f) })
		slices.SortStableFunc(emitted, func(a, b results.Finding) int {
			return cmp.Or(cmp.Compare(a.Account, b.Account), cmp.Compare(a.Region, b.Region),
				cmp.Compare(a.Resource, b.Resource))
		})
		if diff := gocmp.Diff(c.Run(inv), emitted); diff != "" {
			t.Errorf("%s: Emit, sorted, differs from Run (-run +emit):\n%s", c.Name, diff)
		}
	}
}
