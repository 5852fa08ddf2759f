package inventory

import (
	"fmt"
	"slices"
)

// Fact names a kind of fact the inventory holds. Gaps say which facts they
// leave unknown, checks which facts they read, and a provider can be asked
// for some facts only. Its value reads well in a sentence ("could not read
// RDS snapshots").
type Fact string

// The facts of the inventory.
const (
	FactBuckets             Fact = "S3 buckets and their Regions"
	FactBucketEncryption    Fact = "S3 bucket default encryption"
	FactBucketPublicAccess  Fact = "S3 bucket public access blocks"
	FactBucketReplication   Fact = "S3 replication rules"
	FactAccountPublicAccess Fact = "the S3 account-level public access block"
	FactEBSEncryptionDef    Fact = "EBS encryption by default"
	FactVolumes             Fact = "EBS volumes"
	FactVolumeSnapshots     Fact = "EBS snapshots"
	FactDBInstances         Fact = "RDS DB instances"
	FactDBClusters          Fact = "RDS DB clusters"
	FactDBSnapshots         Fact = "RDS snapshots"
	FactTables              Fact = "DynamoDB tables"
	FactFileSystems         Fact = "EFS file systems"
	FactBackupVaults        Fact = "AWS Backup vaults"
	FactBackupPlans         Fact = "AWS Backup plans"
	FactBackupSelections    Fact = "AWS Backup resource selections"
	FactTrails              Fact = "CloudTrail trails"
	FactKeys                Fact = "KMS keys"
	FactRootMFA             Fact = "the root user's MFA status"
	FactPasswordPolicy      Fact = "the IAM password policy"
)

// Facts lists every fact, in the order the provider reads them.
var Facts = []Fact{
	FactBuckets, FactBucketEncryption, FactBucketPublicAccess, FactBucketReplication,
	FactAccountPublicAccess, FactEBSEncryptionDef, FactVolumes, FactVolumeSnapshots,
	FactDBInstances, FactDBClusters, FactDBSnapshots, FactTables, FactFileSystems,
	FactBackupVaults, FactBackupPlans, FactBackupSelections, FactTrails, FactKeys,
	FactRootMFA, FactPasswordPolicy,
}

// Gap is a call that failed, and the facts it left unknown.
type Gap struct {
	// Location is the account and Region the failed call was for; the
	// Region is GlobalRegion for account-wide facts.
	Location
	// Resource is the ARN of the one resource whose facts are unknown. It
	// is empty for a call on the whole Location: a listing, whose missing
	// resources are unknown (those it did list stay known), or a setting of
	// the Region or account, which is unknown.
	Resource string
	Facts    []Fact
	// Service and Operation name the call as the SDK does (rds,
	// DescribeDBSnapshots; s3control, GetPublicAccessBlock).
	Service   string
	Operation string
	Err       error
}

// Error says what failed, where, and why.
func (g Gap) Error() string {
	where := g.Region
	if where == "" {
		where = "an unknown Region"
	}
	on := ""
	if g.Resource != "" {
		on = " on " + g.Resource
	}
	return fmt.Sprintf("account %s, %s: %s %s%s: %v",
		g.Account, where, g.Service, g.Operation, on, g.Err)
}

// Unwrap returns the error of the failed call.
func (g Gap) Unwrap() error { return g.Err }

// Covers reports whether the gap leaves any of facts unknown.
func (g Gap) Covers(facts ...Fact) bool {
	for _, f := range facts {
		if slices.Contains(g.Facts, f) {
			return true
		}
	}
	return false
}

// GapsFor returns the gaps that leave any of facts unknown.
func (inv *Inventory) GapsFor(facts ...Fact) []Gap {
	var out []Gap
	for _, g := range inv.Gaps {
		if g.Covers(facts...) {
			out = append(out, g)
		}
	}
	return out
}

// Unknown reports whether fact is unknown for the resource with the given
// ARN in loc, because a gap names that resource. With an empty ARN it asks
// about a fact of the Location itself (an account-wide or Region-wide
// setting), which a gap on the whole Location leaves unknown. A gap on a
// listing leaves the resources it did list known.
func (inv *Inventory) Unknown(fact Fact, loc Location, arn string) bool {
	for _, g := range inv.Gaps {
		if !g.Covers(fact) || g.Account != loc.Account {
			continue
		}
		if g.Resource == arn && (arn != "" || g.Region == loc.Region) {
			return true
		}
	}
	return false
}
