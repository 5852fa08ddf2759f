package assess_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/backup"
	backuptypes "github.com/aws/aws-sdk-go-v2/service/backup/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/efs"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/s3control"
	s3ctypes "github.com/aws/aws-sdk-go-v2/service/s3control/types"

	"github.com/hdsctl/hdsctl/internal/testenv"
	"github.com/hdsctl/hdsctl/results"
)

func createTrail(t *testing.T, cfg aws.Config, name string, multiRegion, validated, logging bool,
) string {
	t.Helper()
	createBucket(t, cfg, "logs-"+name, "eu-west-3")
	client := cloudtrail.NewFromConfig(inRegion(cfg, "eu-west-3"))
	trail, err := client.CreateTrail(t.Context(), &cloudtrail.CreateTrailInput{
		Name: aws.String(name), S3BucketName: aws.String("logs-" + name),
		IsMultiRegionTrail: aws.Bool(multiRegion), EnableLogFileValidation: aws.Bool(validated),
	})
	must(t, "creating trail "+name, err)
	if logging {
		_, err = client.StartLogging(t.Context(), &cloudtrail.StartLoggingInput{Name: aws.String(name)})
		must(t, "starting trail "+name, err)
	}
	return aws.ToString(trail.TrailARN)
}

func TestCloudTrailPassesAMultiRegionValidatedTrail(t *testing.T) {
	cfg := testenv.Moto(t)
	good := createTrail(t, cfg, "organization", true, true, true)
	createTrail(t, cfg, "local", false, true, true)

	wantVerdicts(t, check(t, collect(t, cfg), "cloudtrail-multi-region-validated"), "PASS "+good)
}

func TestCloudTrailFailsTrailsThatFallShort(t *testing.T) {
	cfg := testenv.Moto(t)
	local := createTrail(t, cfg, "local", false, true, true)
	stopped := createTrail(t, cfg, "stopped", true, true, false)

	findings := check(t, collect(t, cfg), "cloudtrail-multi-region-validated")

	wantVerdicts(t, findings, "FAIL "+local, "FAIL "+stopped)
}

func TestEncryptionPassesAnEncryptedEstate(t *testing.T) {
	cfg := testenv.Moto(t)
	for _, region := range regions {
		_, err := ec2.NewFromConfig(inRegion(cfg, region)).EnableEbsEncryptionByDefault(t.Context(),
			&ec2.EnableEbsEncryptionByDefaultInput{})
		must(t, "turning on EBS encryption by default", err)
	}
	createBucket(t, cfg, "sealed", "eu-west-3")
	byDefault := &s3types.ServerSideEncryptionByDefault{SSEAlgorithm: s3types.ServerSideEncryptionAwsKms}
	client := s3.NewFromConfig(inRegion(cfg, "eu-west-3"))
	_, err := client.PutBucketEncryption(t.Context(), &s3.PutBucketEncryptionInput{
		Bucket: aws.String("sealed"),
		ServerSideEncryptionConfiguration: &s3types.ServerSideEncryptionConfiguration{
			Rules: []s3types.ServerSideEncryptionRule{{ApplyServerSideEncryptionByDefault: byDefault}},
		},
	})
	must(t, "encrypting the bucket", err)
	paris := inRegion(cfg, "eu-west-3")
	stores := createStores(t, paris)

	findings := check(t, collect(t, cfg), "encryption-at-rest-default")

	want := []string{"PASS " + accountResource, "PASS " + accountResource, "PASS " + bucketARN("sealed")}
	for _, arn := range stores {
		if !strings.Contains(arn, ":backup-vault:") && !strings.Contains(arn, ":dynamodb:") {
			want = append(want, "PASS "+arn)
		}
	}
	wantVerdicts(t, findings, want...)
}

func TestEncryptionFailsWhatIsNotEncrypted(t *testing.T) {
	cfg := testenv.Moto(t)
	paris := inRegion(cfg, "eu-west-3")
	createBucket(t, cfg, "plain", "eu-west-3")
	volume, err := ec2.NewFromConfig(paris).CreateVolume(t.Context(), &ec2.CreateVolumeInput{
		AvailabilityZone: aws.String("eu-west-3a"), Size: aws.Int32(8), Encrypted: aws.Bool(false),
	})
	must(t, "creating a volume", err)
	db := createDB(t, paris, "clear", false)
	fs, err := efs.NewFromConfig(paris).CreateFileSystem(t.Context(), &efs.CreateFileSystemInput{
		CreationToken: aws.String("clear"), Encrypted: aws.Bool(false),
	})
	must(t, "creating a file system", err)

	findings := check(t, collect(t, cfg), "encryption-at-rest-default")

	var failed []string
	for _, f := range findings {
		if f.Status == results.Fail {
			failed = append(failed, f.Resource)
		}
	}
	for _, want := range []string{
		accountResource, bucketARN("plain"), db, aws.ToString(fs.FileSystemArn),
		"arn:aws:ec2:eu-west-3:" + account + ":volume/" + aws.ToString(volume.VolumeId),
	} {
		if !strings.Contains(strings.Join(failed, " "), want) {
			t.Errorf("%s did not fail; failures: %v", want, failed)
		}
	}
}

func TestPublicS3PassesTheAccountLevelBlock(t *testing.T) {
	cfg := testenv.Moto(t)
	createBucket(t, cfg, "open", "eu-west-3")
	on := aws.Bool(true)
	client := s3control.NewFromConfig(cfg)
	_, err := client.PutPublicAccessBlock(t.Context(), &s3control.PutPublicAccessBlockInput{
		AccountId: aws.String(account),
		PublicAccessBlockConfiguration: &s3ctypes.PublicAccessBlockConfiguration{
			BlockPublicAcls: on, IgnorePublicAcls: on, BlockPublicPolicy: on, RestrictPublicBuckets: on,
		},
	})
	must(t, "blocking public access for the account", err)

	wantVerdicts(t, check(t, collect(t, cfg), "s3-public-access-blocked"), "PASS "+accountResource)
}

func TestPublicS3FailsABucketWithoutBlock(t *testing.T) {
	cfg := testenv.Moto(t)
	createBucket(t, cfg, "open", "eu-west-3")
	createBucket(t, cfg, "closed", "eu-west-3")
	on := aws.Bool(true)
	client := s3.NewFromConfig(inRegion(cfg, "eu-west-3"))
	_, err := client.PutPublicAccessBlock(t.Context(), &s3.PutPublicAccessBlockInput{
		Bucket: aws.String("closed"),
		PublicAccessBlockConfiguration: &s3types.PublicAccessBlockConfiguration{
			BlockPublicAcls: on, IgnorePublicAcls: on, BlockPublicPolicy: on, RestrictPublicBuckets: on,
		},
	})
	must(t, "blocking public access for a bucket", err)

	wantVerdicts(t, check(t, collect(t, cfg), "s3-public-access-blocked"),
		"FAIL "+bucketARN("open"), "PASS "+bucketARN("closed"))
}

func TestRotationJudgesCustomerKeys(t *testing.T) {
	cfg := testenv.Moto(t)
	client := kms.NewFromConfig(inRegion(cfg, "eu-west-3"))
	rotated, err := client.CreateKey(t.Context(), &kms.CreateKeyInput{})
	must(t, "creating a key", err)
	rotate := &kms.EnableKeyRotationInput{KeyId: rotated.KeyMetadata.KeyId}
	_, err = client.EnableKeyRotation(t.Context(), rotate)
	must(t, "turning on rotation", err)
	stale, err := client.CreateKey(t.Context(), &kms.CreateKeyInput{})
	must(t, "creating a key", err)

	wantVerdicts(t, check(t, collect(t, cfg), "kms-key-rotation"),
		"PASS "+aws.ToString(rotated.KeyMetadata.Arn), "FAIL "+aws.ToString(stale.KeyMetadata.Arn))
}

// moto cannot give the root user MFA: the passing case is a unit test of
// package checks.
func TestRootMFAFailsWithoutMFA(t *testing.T) {
	cfg := testenv.Moto(t)
	wantVerdicts(t, check(t, collect(t, cfg), "root-account-mfa"), "FAIL "+accountResource)
}

func TestPasswordPolicy(t *testing.T) {
	cfg := testenv.Moto(t)
	inv := collect(t, cfg)
	wantVerdicts(t, check(t, inv, "iam-password-policy"), "FAIL "+accountResource)

	setPasswordPolicy(t, cfg, 14)
	wantVerdicts(t, check(t, collect(t, cfg), "iam-password-policy"), "PASS "+accountResource)

	setPasswordPolicy(t, cfg, 8)
	wantVerdicts(t, check(t, collect(t, cfg), "iam-password-policy"), "FAIL "+accountResource)
}

// setPasswordPolicy sets a password policy of four classes and a history of
// 24, with the given minimum length.
func setPasswordPolicy(t *testing.T, cfg aws.Config, length int32) {
	t.Helper()
	policy := &iam.UpdateAccountPasswordPolicyInput{
		MinimumPasswordLength:      aws.Int32(length),
		RequireUppercaseCharacters: true,
		RequireLowercaseCharacters: true,
		RequireNumbers:             true,
		RequireSymbols:             true,
		PasswordReusePrevention:    aws.Int32(24),
	}
	_, err := iam.NewFromConfig(cfg).UpdateAccountPasswordPolicy(t.Context(), policy)
	must(t, "setting the password policy", err)
}

func TestBackupCoverageFailsAnAccountWithoutPlan(t *testing.T) {
	cfg := testenv.Moto(t)
	wantVerdicts(t, check(t, collect(t, cfg), "backup-plan-coverage"), "FAIL "+accountResource)
}

// moto has no ListBackupSelections: the call fails (HTTP 500), which is how
// this test sees a failed call become an ERROR finding that names the
// Region, service and operation. The passing case is a unit test of package
// checks.
func TestBackupCoverageReportsTheCallThatFailed(t *testing.T) {
	cfg := testenv.Moto(t)
	client := backup.NewFromConfig(inRegion(cfg, "eu-west-3"))
	plan, err := client.CreateBackupPlan(t.Context(), &backup.CreateBackupPlanInput{
		BackupPlan: &backuptypes.BackupPlanInput{
			BackupPlanName: aws.String("nightly"),
			Rules: []backuptypes.BackupRuleInput{{
				RuleName:              aws.String("nightly"),
				TargetBackupVaultName: aws.String("main"),
				ScheduleExpression:    aws.String("cron(0 3 ? * * *)"),
			}},
		},
	})
	must(t, "creating a plan", err)

	findings := check(t, collect(t, cfg), "backup-plan-coverage")

	wantVerdicts(t, findings, "ERROR "+aws.ToString(plan.BackupPlanArn))
	f := findings[0]
	if f.Region != "eu-west-3" || !strings.Contains(f.Message, "backup ListBackupSelections failed in eu-west-3") {
		t.Errorf("the error does not name the Region, service and operation: %+v", f)
	}
}
