package checks

import (
	"github.com/hdsctl/hdsctl/assess/inventory"
	"github.com/hdsctl/hdsctl/results"
)

var encryptionFacts = []inventory.Fact{
	inventory.FactEBSEncryptionDef, inventory.FactBuckets, inventory.FactBucketEncryption,
	inventory.FactVolumes, inventory.FactVolumeSnapshots, inventory.FactDBInstances,
	inventory.FactDBClusters, inventory.FactDBSnapshots, inventory.FactFileSystems,
}

// encryption is encryption-at-rest-default: EBS encryption by default is on
// in every Region read, and every S3 bucket has default encryption, every
// EBS volume and snapshot, RDS instance, cluster and snapshot, and EFS file
// system is encrypted. An RDS instance of a cluster is judged through its
// cluster.
func encryption(inv *inventory.Inventory, r *report) {
	r.unreadAll(inv, encryptionFacts...)
	r.gaps(inv, "", encryptionFacts...)
	for _, d := range inv.EBSEncryptionDefaults {
		if d.Enabled {
			r.add(results.Pass, d.Location, accountResource(d.Account), "EBS encryption by default is on in %s", d.Region)
			continue
		}
		r.add(results.Fail, d.Location, accountResource(d.Account), "EBS encryption by default is off in %s: "+
			"turn it on so that every new volume is encrypted: aws ec2 enable-ebs-encryption-by-default --region %s",
			d.Region, d.Region)
	}
	for _, b := range inv.Buckets {
		if inv.Unknown(inventory.FactBuckets, b.Location, b.ARN) ||
			inv.Unknown(inventory.FactBucketEncryption, b.Location, b.ARN) {
			continue
		}
		if b.Encryption != "" {
			r.add(results.Pass, b.Location, b.ARN, "S3 bucket %s encrypts new objects by default (%s)", b.Name, b.Encryption)
			continue
		}
		r.add(results.Fail, b.Location, b.ARN, "S3 bucket %s has no default encryption: turn on SSE-KMS or SSE-S3: "+
			"aws s3api put-bucket-encryption --bucket %s --server-side-encryption-configuration "+
			`'{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms"}}]}'`, b.Name, b.Name)
	}
	for _, v := range inv.Volumes {
		r.encrypted(v.Location, v.ARN, v.Encrypted, "EBS volume "+v.ID,
			"EBS encrypts a volume only when it is created: snapshot it, copy the snapshot with --encrypted, "+
				"create a volume from the copy and swap it in")
	}
	for _, s := range inv.VolumeSnapshots {
		r.encrypted(s.Location, s.ARN, s.Encrypted, "EBS snapshot "+s.ID,
			"copy it with aws ec2 copy-snapshot --encrypted, then delete this one")
	}
	for _, db := range inv.DBInstances {
		if db.Cluster == "" {
			r.encrypted(db.Location, db.ARN, db.StorageEncrypted, "RDS DB instance "+db.ID, rdsFix)
		}
	}
	for _, c := range inv.DBClusters {
		r.encrypted(c.Location, c.ARN, c.StorageEncrypted, "RDS DB cluster "+c.ID, rdsFix)
	}
	for _, s := range inv.DBSnapshots {
		r.encrypted(s.Location, s.ARN, s.Encrypted, "RDS snapshot "+s.ID,
			"copy it with a KMS key (aws rds copy-db-snapshot --kms-key-id, or copy-db-cluster-snapshot), "+
				"then delete this one")
	}
	for _, fs := range inv.FileSystems {
		r.encrypted(fs.Location, fs.ARN, fs.Encrypted, "EFS file system "+fs.ID,
			"EFS encrypts a file system only when it is created: create an encrypted one, copy the data "+
				"(AWS DataSync, or an AWS Backup restore), and delete this one")
	}
	r.nothingFound(inv, "storage resource to encrypt")
}

const rdsFix = "RDS cannot encrypt a database in place: snapshot it, copy the snapshot with a KMS key, " +
	"restore from the encrypted copy and switch the applications to it"

// encrypted judges whether one resource is encrypted.
func (r *report) encrypted(loc inventory.Location, resource string, ok bool, what, fix string) {
	if ok {
		r.add(results.Pass, loc, resource, "%s is encrypted", what)
		return
	}
	r.add(results.Fail, loc, resource, "%s is not encrypted: %s", what, fix)
}
