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

func TestEncryptionDoesNotJudgeABucketWhoseEncryptionIsUnknown(t *testing.T) {
	inv := estate()
	inv.Buckets = []inventory.Bucket{{Location: paris, ARN: "arn:aws:s3:::denied", Name: "denied"}}
	inv.Gaps = []inventory.Gap{gap("eu-west-3", "arn:aws:s3:::denied", inventory.FactBucketEncryption)}
	run(t, nameEncryption, inv, "ERROR arn:aws:s3:::denied")
}
