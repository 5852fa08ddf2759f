package inventory

import (
	"errors"
	"slices"
	"testing"
)

func TestMergeJoinsTheFactsOfOneAccount(t *testing.T) {
	block := &PublicAccessBlock{BlockPublicACLs: true}
	fromConfig := &Inventory{
		Accounts: []Account{{ID: "1", Regions: []string{"eu-west-3"}, Facts: []Fact{FactBuckets}, S3PublicAccessBlock: block}},
		Buckets:  []Bucket{{Name: "b"}},
	}
	fromAPIs := &Inventory{
		Accounts: []Account{
			{ID: "1", Regions: []string{"eu-west-3", "eu-west-1"}, Facts: []Fact{FactRootMFA}, IAM: &IAMSettings{RootMFA: true}},
			{ID: "2", Regions: []string{"eu-west-3"}},
		},
		Gaps: []Gap{{Facts: []Fact{FactKeys}}},
	}
	fromConfig.Merge(fromAPIs)

	if len(fromConfig.Accounts) != 2 {
		t.Fatalf("accounts = %+v, want 1 and 2", fromConfig.AccountIDs())
	}
	a := fromConfig.Accounts[0]
	if !slices.Equal(a.Regions, []string{"eu-west-3", "eu-west-1"}) || !a.Read(FactBuckets) || !a.Read(FactRootMFA) {
		t.Errorf("account 1 = %+v, want the union of Regions and facts", a)
	}
	if a.S3PublicAccessBlock != block || a.IAM == nil || !a.IAM.RootMFA {
		t.Errorf("account 1 lost an account-wide fact: %+v", a)
	}
	if len(fromConfig.Buckets) != 1 || len(fromConfig.Gaps) != 1 {
		t.Errorf("resources or gaps lost: %+v", fromConfig)
	}
}

func TestUnknownOnlyCoversWhatTheGapNames(t *testing.T) {
	paris := Location{Account: "1", Region: "eu-west-3"}
	inv := &Inventory{Gaps: []Gap{
		{Location: paris, Resource: "arn:b", Facts: []Fact{FactBucketEncryption}, Err: errors.New("denied")},
		{Location: paris, Facts: []Fact{FactEBSEncryptionDef}, Err: errors.New("denied")},
	}}
	tests := []struct {
		fact Fact
		loc  Location
		arn  string
		want bool
	}{
		{FactBucketEncryption, paris, "arn:b", true},
		{FactBucketEncryption, paris, "arn:other", false},
		{FactBucketPublicAccess, paris, "arn:b", false},
		{FactEBSEncryptionDef, paris, "", true},
		{FactEBSEncryptionDef, Location{Account: "1", Region: "eu-west-1"}, "", false},
		{FactEBSEncryptionDef, Location{Account: "2", Region: "eu-west-3"}, "", false},
	}
	for _, tt := range tests {
		if got := inv.Unknown(tt.fact, tt.loc, tt.arn); got != tt.want {
			t.Errorf("Unknown(%s, %v, %q) = %v, want %v", tt.fact, tt.loc, tt.arn, got, tt.want)
		}
	}
}

func TestPublicAccessBlockNamesTheSettingsOff(t *testing.T) {
	b := PublicAccessBlock{BlockPublicACLs: true, RestrictPublicBuckets: true}
	if b.Complete() {
		t.Error("a partial block reports itself complete")
	}
	if got, want := b.Missing(), []string{"IgnorePublicAcls", "BlockPublicPolicy"}; !slices.Equal(got, want) {
		t.Errorf("Missing() = %v, want %v", got, want)
	}
	full := PublicAccessBlock{true, true, true, true}
	if !full.Complete() || len(full.Missing()) != 0 {
		t.Error("a full block is not complete")
	}
}

func TestGapErrorNamesTheCall(t *testing.T) {
	g := Gap{Location: Location{Account: "1", Region: "eu-south-1"}, Service: "rds", Operation: "DescribeDBSnapshots",
		Err: errors.New("AccessDenied: no")}
	want := "account 1, eu-south-1: rds DescribeDBSnapshots: AccessDenied: no"
	if got := g.Error(); got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}
