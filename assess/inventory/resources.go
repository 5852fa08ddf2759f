package inventory

import "strings"

// CopyKind says what a copy of a resource's data is.
type CopyKind string

// The kinds of copy the inventory knows.
const (
	CopyReplication        CopyKind = "replication destination"      // S3 replication
	CopyReadReplica        CopyKind = "read replica"                 // RDS
	CopyReplicatedBackups  CopyKind = "replicated automated backups" // RDS
	CopyGlobalTableReplica CopyKind = "global table replica"         // DynamoDB
	CopyBackupRule         CopyKind = "copy of rule"                 // an AWS Backup rule's copy action
)

// CopyKinds lists every CopyKind.
var CopyKinds = []CopyKind{CopyReplication, CopyReadReplica, CopyReplicatedBackups, CopyGlobalTableReplica, CopyBackupRule}

// Copy is another place a resource's data is kept: an S3 replication
// destination, an RDS read replica or replicated automated backups, a
// DynamoDB global table replica, an AWS Backup copy.
type Copy struct {
	Kind CopyKind
	// Rule names the AWS Backup rule that makes a CopyBackupRule copy.
	Rule string
	// Target names the copy: an ARN where AWS gives one.
	Target string
	// Region is where the copy is kept; empty when it could not be
	// determined, which the residency check treats as outside the EEA.
	Region string
}

// CopyAt returns a copy named by an identifier that is either an ARN, whose
// Region it takes, or a plain name of a resource in region.
func CopyAt(kind CopyKind, id, region string) Copy {
	if strings.HasPrefix(id, "arn:") {
		region = RegionOfARN(id)
	}
	return Copy{Kind: kind, Target: id, Region: region}
}

// RegionOfARN returns the Region field of an ARN, or "" when s is not an
// ARN or names no Region.
func RegionOfARN(s string) string {
	parts := strings.SplitN(s, ":", 6)
	if len(parts) < 6 || parts[0] != "arn" {
		return ""
	}
	return parts[3]
}

// Bucket is an S3 general purpose bucket.
type Bucket struct {
	Location
	ARN  string
	Name string
	// Encryption is the default server-side encryption algorithm (AES256,
	// aws:kms, aws:kms:dsse); empty when the bucket has none.
	Encryption string
	// PublicAccessBlock is the bucket-level S3 Block Public Access setting;
	// the zero value means none is configured.
	PublicAccessBlock PublicAccessBlock
	// Replicas are the destinations of the bucket's enabled replication
	// rules.
	Replicas []Copy
}

// PublicAccessBlock is an S3 Block Public Access setting, for an account or
// a bucket.
type PublicAccessBlock struct {
	BlockPublicACLs       bool
	IgnorePublicACLs      bool
	BlockPublicPolicy     bool
	RestrictPublicBuckets bool
}

// Complete reports whether all four settings are on, the only state that
// blocks every form of public access.
func (b PublicAccessBlock) Complete() bool {
	return b.BlockPublicACLs && b.IgnorePublicACLs && b.BlockPublicPolicy && b.RestrictPublicBuckets
}

// Missing returns the names of the settings that are off, as the S3 API
// spells them.
func (b PublicAccessBlock) Missing() []string {
	var out []string
	for _, s := range []struct {
		on   bool
		name string
	}{
		{b.BlockPublicACLs, "BlockPublicAcls"},
		{b.IgnorePublicACLs, "IgnorePublicAcls"},
		{b.BlockPublicPolicy, "BlockPublicPolicy"},
		{b.RestrictPublicBuckets, "RestrictPublicBuckets"},
	} {
		if !s.on {
			out = append(out, s.name)
		}
	}
	return out
}

// EBSEncryptionDefault is the EBS encryption-by-default setting of one
// account in one Region.
type EBSEncryptionDefault struct {
	Location
	Enabled bool
}

// Volume is an EBS volume.
type Volume struct {
	Location
	ARN       string
	ID        string
	Encrypted bool
}

// VolumeSnapshot is an EBS snapshot the account owns.
type VolumeSnapshot struct {
	Location
	ARN       string
	ID        string
	Encrypted bool
}

// DBInstance is an RDS DB instance.
type DBInstance struct {
	Location
	ARN    string
	ID     string
	Engine string
	// Cluster is the identifier of the DB cluster the instance belongs to
	// (Aurora, Multi-AZ clusters); the checks judge such an instance
	// through its cluster.
	Cluster          string
	StorageEncrypted bool
	// Replicas are its read replicas and replicated automated backups.
	Replicas []Copy
}

// DBCluster is an RDS DB cluster (Aurora, Multi-AZ DB cluster).
type DBCluster struct {
	Location
	ARN              string
	ID               string
	Engine           string
	StorageEncrypted bool
	// Replicas are its cross-Region read replica clusters.
	Replicas []Copy
}

// DBSnapshot is an RDS DB snapshot or DB cluster snapshot the account owns,
// manual or automated. A snapshot copied to another Region is a snapshot of
// that Region.
type DBSnapshot struct {
	Location
	ARN       string
	ID        string
	Cluster   bool
	Encrypted bool
}

// Table is a DynamoDB table.
type Table struct {
	Location
	ARN  string
	Name string
	// Replicas are its global table replicas in other Regions.
	Replicas []Copy
}

// FileSystem is an EFS file system.
type FileSystem struct {
	Location
	ARN       string
	ID        string
	Encrypted bool
}

// BackupVault is an AWS Backup vault.
type BackupVault struct {
	Location
	ARN  string
	Name string
}

// BackupPlan is an AWS Backup plan.
type BackupPlan struct {
	Location
	ARN   string
	ID    string
	Name  string
	Rules []BackupRule
	// Selections names the plan's resource selections.
	Selections []string
}

// BackupRule is a rule of a backup plan.
type BackupRule struct {
	Name string
	// Schedule is the rule's cron or rate expression; empty for a rule that
	// runs only on demand.
	Schedule    string
	TargetVault string
	// Copies are the vaults each recovery point is copied to.
	Copies []Copy
}

// Trail is a CloudTrail trail. Its Region is its home Region.
type Trail struct {
	Location
	ARN               string
	Name              string
	MultiRegion       bool
	Organization      bool
	Logging           bool
	LogFileValidation bool
}

// Key is a KMS key.
type Key struct {
	Location
	ARN string
	ID  string
	// Manager is CUSTOMER or AWS.
	Manager string
	// Spec is the key spec (SYMMETRIC_DEFAULT, RSA_2048, ...).
	Spec string
	// State is the key state (Enabled, Disabled, PendingDeletion, ...).
	State string
	// Origin is where the key material comes from (AWS_KMS, EXTERNAL,
	// AWS_CLOUDHSM, EXTERNAL_KEY_STORE).
	Origin string
	// RotationEnabled reports whether automatic rotation is on; it is read
	// only for enabled customer-managed symmetric keys of origin AWS_KMS.
	RotationEnabled bool
}

// The values of Key fields the checks compare against, as KMS spells them.
const (
	KeyManagerCustomer = "CUSTOMER"
	KeySpecSymmetric   = "SYMMETRIC_DEFAULT"
	KeyStateEnabled    = "Enabled"
	KeyOriginAWSKMS    = "AWS_KMS"
)
