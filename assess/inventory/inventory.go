package inventory

import (
	"context"
	"slices"
)

// GlobalRegion is the Region of facts that belong to no Region: the IAM
// account settings and the S3 account-level public access block.
const GlobalRegion = "global"

// Location is where a resource lives: an account and a Region. Region is
// empty when it could not be determined; the checks never take that for an
// EEA Region.
type Location struct {
	Account string
	Region  string
}

// Inventory holds the facts hdsctl's checks read, for one or more accounts.
// Providers fill it; checks only read it. A fact a provider could not read is
// described by a Gap and is not judged.
type Inventory struct {
	Accounts []Account

	Buckets               []Bucket
	EBSEncryptionDefaults []EBSEncryptionDefault
	Volumes               []Volume
	VolumeSnapshots       []VolumeSnapshot
	DBInstances           []DBInstance
	DBClusters            []DBCluster
	DBSnapshots           []DBSnapshot
	Tables                []Table
	FileSystems           []FileSystem
	BackupVaults          []BackupVault
	BackupPlans           []BackupPlan
	Trails                []Trail
	Keys                  []Key

	// Gaps lists what could not be read, and why.
	Gaps []Gap
}

// Account holds the facts kept once per account, and says which facts were
// read for it.
type Account struct {
	ID string
	// Regions lists the Regions whose facts were read.
	Regions []string
	// Facts lists the facts read for the account, in every Region of
	// Regions, except where a gap says otherwise. A fact not listed was not
	// asked for: the checks then report an error rather than take an empty
	// list for an empty estate.
	Facts []Fact
	// S3PublicAccessBlock is the account-level S3 Block Public Access
	// setting; the zero value means none is configured. It is nil when the
	// setting was not read.
	S3PublicAccessBlock *PublicAccessBlock
	// IAM holds the account's IAM settings; nil when they were not read.
	IAM *IAMSettings
}

// Read reports whether fact was read for the account.
func (a Account) Read(fact Fact) bool { return slices.Contains(a.Facts, fact) }

// IAMSettings are the IAM facts of an account.
type IAMSettings struct {
	// RootMFA reports whether the root user has a multi-factor
	// authentication device.
	RootMFA bool
	// PasswordPolicy is the IAM password policy; nil when the account has
	// none.
	PasswordPolicy *PasswordPolicy
}

// PasswordPolicy is an account's IAM password policy.
type PasswordPolicy struct {
	MinimumLength    int
	RequireUppercase bool
	RequireLowercase bool
	RequireNumbers   bool
	RequireSymbols   bool
	// ReusePrevention is how many previous passwords cannot be reused; zero
	// when reuse is allowed.
	ReusePrevention int
}

// Provider fills an inventory from one source (the service APIs, the AWS
// Config inventory).
//
// Collect only reads, so calling it again is safe. A call that fails for a
// Region or a resource does not stop it: the failure becomes a Gap naming the
// account, Region, service and operation, and the facts it covers stay
// unknown. Collect returns an error only when it cannot start (the identity
// of the account cannot be read) or when ctx ends; it retries no more than
// the aws.Config it was given says.
type Provider interface {
	Collect(ctx context.Context) (*Inventory, error)
}

// Merge appends the facts of other to inv, for assessments that span
// several accounts or combine providers that read different facts.
func (inv *Inventory) Merge(other *Inventory) {
	inv.Accounts = mergeAccounts(inv.Accounts, other.Accounts)
	inv.Buckets = append(inv.Buckets, other.Buckets...)
	inv.EBSEncryptionDefaults = append(inv.EBSEncryptionDefaults, other.EBSEncryptionDefaults...)
	inv.Volumes = append(inv.Volumes, other.Volumes...)
	inv.VolumeSnapshots = append(inv.VolumeSnapshots, other.VolumeSnapshots...)
	inv.DBInstances = append(inv.DBInstances, other.DBInstances...)
	inv.DBClusters = append(inv.DBClusters, other.DBClusters...)
	inv.DBSnapshots = append(inv.DBSnapshots, other.DBSnapshots...)
	inv.Tables = append(inv.Tables, other.Tables...)
	inv.FileSystems = append(inv.FileSystems, other.FileSystems...)
	inv.BackupVaults = append(inv.BackupVaults, other.BackupVaults...)
	inv.BackupPlans = append(inv.BackupPlans, other.BackupPlans...)
	inv.Trails = append(inv.Trails, other.Trails...)
	inv.Keys = append(inv.Keys, other.Keys...)
	inv.Gaps = append(inv.Gaps, other.Gaps...)
}

// mergeAccounts appends the accounts of more to accounts. An account present
// in both gets the union of the Regions and of the facts read, and the
// account-wide facts of the second where the first has none.
func mergeAccounts(accounts, more []Account) []Account {
	for _, a := range more {
		i := slices.IndexFunc(accounts, func(b Account) bool { return b.ID == a.ID })
		if i < 0 {
			accounts = append(accounts, a)
			continue
		}
		have := &accounts[i]
		for _, r := range a.Regions {
			if !slices.Contains(have.Regions, r) {
				have.Regions = append(have.Regions, r)
			}
		}
		for _, f := range a.Facts {
			if !have.Read(f) {
				have.Facts = append(have.Facts, f)
			}
		}
		if have.S3PublicAccessBlock == nil {
			have.S3PublicAccessBlock = a.S3PublicAccessBlock
		}
		if have.IAM == nil {
			have.IAM = a.IAM
		}
	}
	return accounts
}

// AccountIDs returns the IDs of the accounts in the inventory.
func (inv *Inventory) AccountIDs() []string {
	ids := make([]string, len(inv.Accounts))
	for i, a := range inv.Accounts {
		ids[i] = a.ID
	}
	return ids
}
