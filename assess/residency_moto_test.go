package assess_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/backup"
	backuptypes "github.com/aws/aws-sdk-go-v2/service/backup/types"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/efs"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/hdsctl/hdsctl/internal/testenv"
	"github.com/hdsctl/hdsctl/results"
)

// TestResidencyFailsTheBucketOutsideTheEEAOnly is the case issue 6 is done
// on: a bucket in us-east-1 and one in eu-west-3.
func TestResidencyFailsTheBucketOutsideTheEEAOnly(t *testing.T) {
	cfg := testenv.Moto(t)
	createBucket(t, cfg, "records-virginia", "us-east-1")
	createBucket(t, cfg, "records-paris", "eu-west-3")

	findings := check(t, collect(t, cfg), "eea-data-residency")

	wantVerdicts(t, findings, "FAIL "+bucketARN("records-virginia"), "PASS "+bucketARN("records-paris"))
	for _, f := range findings {
		named := strings.Contains(f.Message, "records-virginia") && f.Region == "us-east-1"
		if f.Status == results.Fail && !named {
			t.Errorf("the failure does not name the bucket and its Region: %+v", f)
		}
	}
}

func TestResidencyFailsReplicationOutsideTheEEA(t *testing.T) {
	cfg := testenv.Moto(t)
	createBucket(t, cfg, "source", "eu-west-3")
	createBucket(t, cfg, "copy-ireland", "eu-west-1")
	createBucket(t, cfg, "copy-virginia", "us-east-1")
	client := s3.NewFromConfig(inRegion(cfg, "eu-west-3"))
	_, err := client.PutBucketVersioning(t.Context(), &s3.PutBucketVersioningInput{
		Bucket: aws.String("source"),
		VersioningConfiguration: &s3types.VersioningConfiguration{
			Status: s3types.BucketVersioningStatusEnabled,
		},
	})
	must(t, "turning on versioning", err)
	_, err = client.PutBucketReplication(t.Context(), &s3.PutBucketReplicationInput{
		Bucket: aws.String("source"),
		ReplicationConfiguration: &s3types.ReplicationConfiguration{
			Role: aws.String("arn:aws:iam::" + account + ":role/replication"),
			Rules: []s3types.ReplicationRule{
				replicationRule("to-ireland", 1), replicationRule("to-virginia", 2),
			},
		},
	})
	must(t, "configuring replication", err)

	findings := check(t, collect(t, cfg), "eea-data-residency")

	wantVerdicts(t, findings, "FAIL "+bucketARN("source"), "PASS "+bucketARN("copy-ireland"),
		"FAIL "+bucketARN("copy-virginia"))
	for _, f := range findings {
		names := strings.Contains(f.Message, "replication destination "+bucketARN("copy-virginia"))
		if f.Resource == bucketARN("source") && !names {
			t.Errorf("the failure of the source does not name its destination outside the EEA: %s", f.Message)
		}
	}
}

func replicationRule(name string, priority int32) s3types.ReplicationRule {
	dest := map[string]string{"to-ireland": "copy-ireland", "to-virginia": "copy-virginia"}[name]
	return s3types.ReplicationRule{
		ID:          aws.String(name),
		Priority:    aws.Int32(priority),
		Status:      s3types.ReplicationRuleStatusEnabled,
		Filter:      &s3types.ReplicationRuleFilter{Prefix: aws.String("")},
		Destination: &s3types.Destination{Bucket: aws.String(bucketARN(dest))},
		DeleteMarkerReplication: &s3types.DeleteMarkerReplication{
			Status: s3types.DeleteMarkerReplicationStatusDisabled,
		},
	}
}

// TestResidencyCoversEveryStore puts one resource of each kind in Paris and
// one in Virginia: each Paris resource passes, each Virginia one fails.
func TestResidencyCoversEveryStore(t *testing.T) {
	cfg := testenv.Moto(t)
	var want []string
	for _, region := range regions {
		verdict := map[string]string{"us-east-1": "FAIL ", "eu-west-3": "PASS "}[region]
		for _, arn := range createStores(t, inRegion(cfg, region)) {
			want = append(want, verdict+arn)
		}
	}
	want = append(want, "FAIL "+copySnapshotTo(t, cfg, "us-east-1"))

	wantVerdicts(t, check(t, collect(t, cfg), "eea-data-residency"), want...)
}

// createStores creates in cfg's Region an RDS instance and its snapshots, an
// EBS volume, a DynamoDB table, an EFS file system and a backup vault, and
// returns their ARNs.
func createStores(t *testing.T, cfg aws.Config) []string {
	t.Helper()
	ctx, region := t.Context(), cfg.Region
	instance := createDB(t, cfg, "patients", true)
	db := rds.NewFromConfig(cfg)
	_, err := db.CreateDBSnapshot(ctx, &rds.CreateDBSnapshotInput{
		DBInstanceIdentifier: aws.String("patients"),
		DBSnapshotIdentifier: aws.String("nightly"),
	})
	must(t, "creating a DB snapshot", err)
	// RDS adds an automated snapshot of its own.
	snapshots, err := db.DescribeDBSnapshots(ctx, &rds.DescribeDBSnapshotsInput{
		DBInstanceIdentifier: aws.String("patients"),
	})
	must(t, "listing the DB snapshots", err)
	volume, err := ec2.NewFromConfig(cfg).CreateVolume(ctx, &ec2.CreateVolumeInput{
		AvailabilityZone: aws.String(region + "a"), Size: aws.Int32(8), Encrypted: aws.Bool(true),
	})
	must(t, "creating a volume", err)
	table, err := dynamodb.NewFromConfig(cfg).CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName: aws.String("visits"),
		AttributeDefinitions: []ddbtypes.AttributeDefinition{{
			AttributeName: aws.String("id"), AttributeType: ddbtypes.ScalarAttributeTypeS,
		}},
		KeySchema: []ddbtypes.KeySchemaElement{{
			AttributeName: aws.String("id"), KeyType: ddbtypes.KeyTypeHash,
		}},
		BillingMode: ddbtypes.BillingModePayPerRequest,
	})
	must(t, "creating a table", err)
	fs, err := efs.NewFromConfig(cfg).CreateFileSystem(ctx, &efs.CreateFileSystemInput{
		CreationToken: aws.String("scans"), Encrypted: aws.Bool(true),
	})
	must(t, "creating a file system", err)
	vault, err := backup.NewFromConfig(cfg).CreateBackupVault(ctx, &backup.CreateBackupVaultInput{
		BackupVaultName: aws.String("vault-" + region),
	})
	must(t, "creating a backup vault", err)
	arns := []string{
		instance,
		"arn:aws:ec2:" + region + ":" + account + ":volume/" + aws.ToString(volume.VolumeId),
		aws.ToString(table.TableDescription.TableArn), aws.ToString(fs.FileSystemArn),
		aws.ToString(vault.BackupVaultArn),
	}
	for _, s := range snapshots.DBSnapshots {
		arns = append(arns, aws.ToString(s.DBSnapshotArn))
	}
	return arns
}

// copySnapshotTo snapshots a volume of Paris and copies the snapshot to
// region; it returns the ARN of the copy. The Paris volume and snapshot are
// left out of the verdicts: the volume is deleted, the snapshot too.
func copySnapshotTo(t *testing.T, cfg aws.Config, region string) string {
	t.Helper()
	ctx := t.Context()
	paris := ec2.NewFromConfig(inRegion(cfg, "eu-west-3"))
	volume, err := paris.CreateVolume(ctx, &ec2.CreateVolumeInput{
		AvailabilityZone: aws.String("eu-west-3a"), Size: aws.Int32(8),
	})
	must(t, "creating a volume to snapshot", err)
	snapshot, err := paris.CreateSnapshot(ctx, &ec2.CreateSnapshotInput{VolumeId: volume.VolumeId})
	must(t, "creating a snapshot", err)
	copied, err := ec2.NewFromConfig(inRegion(cfg, region)).CopySnapshot(ctx, &ec2.CopySnapshotInput{
		SourceRegion: aws.String("eu-west-3"), SourceSnapshotId: snapshot.SnapshotId,
	})
	must(t, "copying the snapshot", err)
	_, err = paris.DeleteSnapshot(ctx, &ec2.DeleteSnapshotInput{SnapshotId: snapshot.SnapshotId})
	must(t, "deleting the source snapshot", err)
	_, err = paris.DeleteVolume(ctx, &ec2.DeleteVolumeInput{VolumeId: volume.VolumeId})
	must(t, "deleting the volume", err)
	return "arn:aws:ec2:" + region + "::snapshot/" + aws.ToString(copied.SnapshotId)
}

func TestResidencyFailsABackupCopyOutsideTheEEA(t *testing.T) {
	cfg := testenv.Moto(t)
	paris := backup.NewFromConfig(inRegion(cfg, "eu-west-3"))
	vault := &backup.CreateBackupVaultInput{BackupVaultName: aws.String("main")}
	_, err := paris.CreateBackupVault(t.Context(), vault)
	must(t, "creating the vault", err)
	far := "arn:aws:backup:us-east-1:" + account + ":backup-vault:far"
	plan, err := paris.CreateBackupPlan(t.Context(), &backup.CreateBackupPlanInput{
		BackupPlan: &backuptypes.BackupPlanInput{
			BackupPlanName: aws.String("daily"),
			Rules: []backuptypes.BackupRuleInput{{
				RuleName:              aws.String("nightly"),
				TargetBackupVaultName: aws.String("main"),
				ScheduleExpression:    aws.String("cron(0 3 ? * * *)"),
				CopyActions:           []backuptypes.CopyAction{{DestinationBackupVaultArn: aws.String(far)}},
			}},
		},
	})
	must(t, "creating the plan", err)

	findings := check(t, collect(t, cfg), "eea-data-residency")

	wantVerdicts(t, findings, "FAIL "+aws.ToString(plan.BackupPlanArn),
		"PASS arn:aws:backup:eu-west-3:"+account+":backup-vault:main")
}
