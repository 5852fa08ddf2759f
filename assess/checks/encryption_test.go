package checks

import (
	"testing"

	"github.com/hdsctl/hdsctl/assess/inventory"
)

func TestEncryptionJudgesEveryStore(t *testing.T) {
	inv := estate()
	inv.EBSEncryptionDefaults = []inventory.EBSEncryptionDefault{
		{Location: paris, Enabled: true}, {Location: at("us-east-1")},
	}
	inv.Buckets = []inventory.Bucket{
		{Location: paris, ARN: "arn:aws:s3:::kms", Name: "kms", Encryption: "aws:kms"},
		{Location: paris, ARN: "arn:aws:s3:::plain", Name: "plain"},
	}
	inv.Volumes = []inventory.Volume{{Location: paris, ARN: "arn:vol", ID: "vol-1"}}
	inv.VolumeSnapshots = []inventory.VolumeSnapshot{{Location: paris, ARN: "arn:snap", ID: "snap-1", Encrypted: true}}
	inv.DBInstances = []inventory.DBInstance{
		{Location: paris, ARN: "arn:db", ID: "db"},
		{Location: paris, ARN: "arn:member", ID: "member", Cluster: "aurora"},
	}
	inv.DBClusters = []inventory.DBCluster{{Location: paris, ARN: "arn:aurora", ID: "aurora", StorageEncrypted: true}}
	inv.DBSnapshots = []inventory.DBSnapshot{{Location: paris, ARN: "arn:dbsnap", ID: "s"}}
	inv.FileSystems = []inventory.FileSystem{{Location: paris, ARN: "arn:fs", ID: "fs-1"}}
	findings := run(t, nameEncryption, inv,
		"PASS "+accountID, "FAIL "+accountID, "PASS arn:aws:s3:::kms", "FAIL arn:aws:s3:::plain",
		"FAIL arn:vol", "PASS arn:snap", "FAIL arn:db", "PASS arn:aurora", "FAIL arn:dbsnap", "FAIL arn:fs")
	wantIn(t, messageOf(t, findings, "arn:aws:s3:::plain"), "no default encryption", "put-bucket-encryption --bucket plain")
	wantIn(t, messageOf(t, findings, "arn:db"), "snapshot", "KMS key")
	for _, f := range findings {
		if f.Resource == accountID && f.Region == "us-east-1" {
			wantIn(t, f.Message, "off in us-east-1", "enable-ebs-encryption-by-default --region us-east-1")
		}
	}
}

func TestEncryptionSaysItInFrench(t *testing.T) {
	inv := estate()
	inv.Buckets = []inventory.Bucket{{Location: paris, ARN: "arn:aws:s3:::kms", Name: "kms", Encryption: "aws:kms"}}
	inv.Volumes = []inventory.Volume{{Location: paris, ARN: "arn:vol", ID: "vol-1"}}
	findings := run(t, nameEncryption, inv, "PASS arn:aws:s3:::kms", "FAIL arn:vol")
	wantMessages(t, findings, "arn:aws:s3:::kms",
		"S3 bucket kms encrypts new objects by default (aws:kms)",
		"Le compartiment S3 kms chiffre par défaut les nouveaux objets (aws:kms)")
	wantMessages(t, findings, "arn:vol",
		"EBS volume vol-1 is not encrypted: EBS encrypts a volume only when it is created: snapshot it, copy "+
			"the snapshot with --encrypted, create a volume from the copy and swap it in",
		"Le chiffrement au repos n'est pas activé pour le volume EBS vol-1 : EBS ne chiffre un volume qu'à sa "+
			"création : prenez-en un instantané, copiez cet instantané avec --encrypted, créez un volume à "+
			"partir de la copie et mettez-le à la place de celui-ci")
}

func TestEncryptionDoesNotJudgeABucketWhoseEncryptionIsUnknown(t *testing.T) {
	inv := estate()
	inv.Buckets = []inventory.Bucket{{Location: paris, ARN: "arn:aws:s3:::denied", Name: "denied"}}
	inv.Gaps = []inventory.Gap{gap("eu-west-3", "arn:aws:s3:::denied", inventory.FactBucketEncryption)}
	run(t, nameEncryption, inv, "ERROR arn:aws:s3:::denied")
}
