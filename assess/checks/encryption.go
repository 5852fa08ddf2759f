package checks

import (
	"github.com/hdsctl/hdsctl/assess/inventory"
	"github.com/hdsctl/hdsctl/framework"
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
			r.add(results.Pass, d.Location, accountResource(d.Account), say(
				"EBS encryption by default is on in %s",
				"le chiffrement EBS par défaut est activé dans la Région %s", d.Region))
			continue
		}
		r.add(results.Fail, d.Location, accountResource(d.Account), say(
			"EBS encryption by default is off in %s: turn it on so that every new volume is encrypted: %s",
			"le chiffrement EBS par défaut est désactivé dans la Région %s : activez-le pour que tout nouveau "+
				"volume soit chiffré : %s",
			d.Region, "aws ec2 enable-ebs-encryption-by-default --region "+d.Region))
	}
	for _, b := range inv.Buckets {
		if inv.Unknown(inventory.FactBuckets, b.Location, b.ARN) ||
			inv.Unknown(inventory.FactBucketEncryption, b.Location, b.ARN) {
			continue
		}
		if b.Encryption != "" {
			r.add(results.Pass, b.Location, b.ARN, say(
				"S3 bucket %s encrypts new objects by default (%s)",
				"le compartiment S3 %s chiffre par défaut les nouveaux objets (%s)", b.Name, b.Encryption))
			continue
		}
		fix := "aws s3api put-bucket-encryption --bucket " + b.Name + " --server-side-encryption-configuration " +
			`'{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms"}}]}'`
		r.add(results.Fail, b.Location, b.ARN, say(
			"S3 bucket %s has no default encryption: turn on SSE-KMS or SSE-S3: %s",
			"le compartiment S3 %s n'a pas de chiffrement par défaut : activez SSE-KMS ou SSE-S3 : %s", b.Name, fix))
	}
	for _, v := range inv.Volumes {
		r.encrypted(v.Location, v.ARN, v.Encrypted, named(ebsVolume, v.ID), framework.Text{
			EN: "EBS encrypts a volume only when it is created: snapshot it, copy the snapshot with --encrypted, " +
				"create a volume from the copy and swap it in",
			FR: "EBS ne chiffre un volume qu'à sa création : prenez-en un instantané, copiez cet instantané avec " +
				"--encrypted, créez un volume à partir de la copie et mettez-le à la place de celui-ci",
		})
	}
	for _, s := range inv.VolumeSnapshots {
		r.encrypted(s.Location, s.ARN, s.Encrypted, named(ebsSnapshot, s.ID), framework.Text{
			EN: "copy it with aws ec2 copy-snapshot --encrypted, then delete this one",
			FR: "copiez-le avec aws ec2 copy-snapshot --encrypted, puis supprimez celui-ci",
		})
	}
	for _, db := range inv.DBInstances {
		if db.Cluster == "" {
			r.encrypted(db.Location, db.ARN, db.StorageEncrypted, named(rdsInstance, db.ID), rdsFix)
		}
	}
	for _, c := range inv.DBClusters {
		r.encrypted(c.Location, c.ARN, c.StorageEncrypted, named(rdsCluster, c.ID), rdsFix)
	}
	for _, s := range inv.DBSnapshots {
		r.encrypted(s.Location, s.ARN, s.Encrypted, named(rdsSnapshot, s.ID), framework.Text{
			EN: "copy it with a KMS key (aws rds copy-db-snapshot --kms-key-id, or copy-db-cluster-snapshot), " +
				"then delete this one",
			FR: "copiez-le avec une clé KMS (aws rds copy-db-snapshot --kms-key-id, ou copy-db-cluster-snapshot), " +
				"puis supprimez celui-ci",
		})
	}
	for _, fs := range inv.FileSystems {
		r.encrypted(fs.Location, fs.ARN, fs.Encrypted, named(efsFileSystem, fs.ID), framework.Text{
			EN: "EFS encrypts a file system only when it is created: create an encrypted one, copy the data " +
				"(AWS DataSync, or an AWS Backup restore), and delete this one",
			FR: "EFS ne chiffre un système de fichiers qu'à sa création : créez-en un chiffré, copiez-y les données " +
				"(AWS DataSync, ou une restauration AWS Backup) et supprimez celui-ci",
		})
	}
	r.nothingFound(inv, framework.Text{
		EN: "storage resource to encrypt",
		FR: "aucune ressource de stockage à chiffrer",
	})
}

var rdsFix = framework.Text{
	EN: "RDS cannot encrypt a database in place: snapshot it, copy the snapshot with a KMS key, " +
		"restore from the encrypted copy and switch the applications to it",
	FR: "RDS ne peut pas chiffrer une base de données existante : prenez-en un instantané, copiez cet " +
		"instantané avec une clé KMS, restaurez la base à partir de la copie chiffrée et faites-y basculer " +
		"les applications",
}

// encrypted judges whether one resource is encrypted. The French of what
// takes its article ("le volume EBS vol-1").
func (r *report) encrypted(loc inventory.Location, resource string, ok bool, what, fix framework.Text) {
	if ok {
		r.add(results.Pass, loc, resource, say("%s is encrypted", "le chiffrement au repos est activé pour %s", what))
		return
	}
	r.add(results.Fail, loc, resource, say("%s is not encrypted: %s",
		"le chiffrement au repos n'est pas activé pour %s : %s", what, fix))
}
