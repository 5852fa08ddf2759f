package iampolicy_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/backup"
	backuptypes "github.com/aws/aws-sdk-go-v2/service/backup/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/efs"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/hdsctl/hdsctl/assess"
	"github.com/hdsctl/hdsctl/assess/artifact"
	"github.com/hdsctl/hdsctl/assess/configinventory"
	"github.com/hdsctl/hdsctl/assess/configrules"
	"github.com/hdsctl/hdsctl/assess/estate"
	"github.com/hdsctl/hdsctl/assess/hubfindings"
	"github.com/hdsctl/hdsctl/assess/serviceapi"
	"github.com/hdsctl/hdsctl/framework"
	"github.com/hdsctl/hdsctl/internal/testenv"
	"github.com/hdsctl/hdsctl/sandbox"
)

// demoAggregator is the Config aggregator of the sandbox's demo, and
// demoRegions the Regions of its resources.
const demoAggregator = "medisante-organisation"

var demoRegions = []string{"eu-west-3", "eu-central-1", "us-east-1"}

// recordAssess assesses hds-v2 on the sandbox's demo Organization as hdsctl
// assess does (cmd/hdsctl/assess.go: estate, collectors, AWS Artifact):
// account by account after assuming a role in each, then through the
// aggregator; then downloads AWS's reports as hdsctl artifact does. It
// returns the operations the sandbox served.
func recordAssess(t *testing.T) map[string]bool {
	ctx := context.Background()
	s := serve(t, sandbox.Options{Demo: true})
	fw, _, err := framework.Read("hds-v2", framework.ValidateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cfg := s.config("AKIAPOLICY")
	cfg.Region = "eu-west-3"

	// Every account, AWS Config read account by account.
	est, err := estate.Discover(ctx, cfg, estate.Options{Organization: true})
	if err != nil {
		t.Fatal(err)
	}
	est.Regions = demoRegions // the demo's resources are there; the others only cost time
	runAssess(t, fw, est, "")

	// Through the aggregator, in three Regions.
	est, err = estate.Discover(ctx, cfg, estate.Options{Organization: true, Regions: demoRegions})
	if err != nil {
		t.Fatal(err)
	}
	runAssess(t, fw, est, demoAggregator)

	// hdsctl artifact: the terms, then the report, of each report found.
	client := artifact.NewClient(cfg, "")
	found, err := artifact.NewSource(client, nil).Current(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range found {
		if !f.OK {
			continue
		}
		term, err := client.GetTermForReport(ctx, f.Report.ID, f.Report.Version)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := client.GetReport(ctx, f.Report.ID, f.Report.Version, term.Token); err != nil {
			t.Fatal(err)
		}
	}
	return s.operations()
}

// runAssess runs the assessment with the collectors hdsctl assess builds
// (collectors in cmd/hdsctl/assess.go), reading AWS Config through the
// aggregator when one is named.
func runAssess(t *testing.T, fw *framework.Framework, est *estate.Estate, aggregator string) {
	t.Helper()
	rulesOpts := configrules.Options{Framework: fw.ID}
	var rules assess.Collector = configrules.New(est.Accounts, est.Regions, rulesOpts)
	if aggregator != "" {
		rules = configrules.NewAggregator(est.Caller.Config, aggregator, est.IDs(), est.Regions, rulesOpts)
	}
	read := configinventory.Reader(est.Accounts, est.Regions, configinventory.ReaderOptions{
		Mode: configinventory.ModeAuto, Aggregator: aggregator, AggregatorConfig: est.Caller.Config})
	_, err := assess.Run(context.Background(), fw, assess.Options{
		Collectors: map[framework.SourceType]assess.Collector{
			framework.SourceConfig:      rules,
			framework.SourceSecurityHub: hubfindings.New(est.Accounts, est.Regions, hubfindings.Options{}),
			framework.SourceCheck:       assess.Checks(read),
		},
		Artifact: artifact.NewSource(artifact.NewClient(est.Caller.Config, ""), nil),
		Estate:   assess.Estate{Account: est.Caller.ID, Accounts: est.IDs(), Regions: est.Regions, Sandbox: true},
	})
	if err != nil {
		t.Fatal(err)
	}
}

// recordServiceAPIs reads an estate of one resource of every kind from
// moto with the service API provider that hdsctl's checks fall back to
// where AWS Config does not record (--inventory api reads only from it),
// and returns the operations it called. It skips the test where moto is
// absent.
func recordServiceAPIs(t *testing.T) map[string]bool {
	ctx := context.Background()
	cfg := testenv.Moto(t)
	seedMoto(t, cfg)
	rec := &recorder{base: http.DefaultClient, ops: map[string]bool{}}
	cfg.HTTPClient = rec
	if _, err := serviceapi.New(cfg, []string{"us-east-1"}, serviceapi.Options{}).Collect(ctx); err != nil {
		t.Fatalf("reading moto: %v", err)
	}
	return rec.ops
}

// seedMoto creates one resource of every kind the service API provider
// reads further.
func seedMoto(t *testing.T, cfg aws.Config) {
	t.Helper()
	ctx := context.Background()
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("seeding moto: %s: %v", what, err)
		}
	}
	_, err := s3.NewFromConfig(cfg).CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("health-records")})
	must("bucket", err)
	_, err = kms.NewFromConfig(cfg).CreateKey(ctx, &kms.CreateKeyInput{})
	must("KMS key", err)
	vol, err := ec2.NewFromConfig(cfg).CreateVolume(ctx, &ec2.CreateVolumeInput{AvailabilityZone: aws.String("us-east-1a"), Size: aws.Int32(1)})
	must("EBS volume", err)
	_, err = ec2.NewFromConfig(cfg).CreateSnapshot(ctx, &ec2.CreateSnapshotInput{VolumeId: vol.VolumeId})
	must("EBS snapshot", err)
	_, err = rds.NewFromConfig(cfg).CreateDBInstance(ctx, &rds.CreateDBInstanceInput{DBInstanceIdentifier: aws.String("records"),
		DBInstanceClass: aws.String("db.t3.micro"), Engine: aws.String("postgres"), AllocatedStorage: aws.Int32(20),
		MasterUsername: aws.String("admin"), MasterUserPassword: aws.String("not-a-secret-1")})
	must("DB instance", err)
	_, err = dynamodb.NewFromConfig(cfg).CreateTable(ctx, &dynamodb.CreateTableInput{TableName: aws.String("sessions"),
		BillingMode:          ddbtypes.BillingModePayPerRequest,
		AttributeDefinitions: []ddbtypes.AttributeDefinition{{AttributeName: aws.String("id"), AttributeType: ddbtypes.ScalarAttributeTypeS}},
		KeySchema:            []ddbtypes.KeySchemaElement{{AttributeName: aws.String("id"), KeyType: ddbtypes.KeyTypeHash}}})
	must("DynamoDB table", err)
	_, err = efs.NewFromConfig(cfg).CreateFileSystem(ctx, &efs.CreateFileSystemInput{CreationToken: aws.String("imaging")})
	must("EFS file system", err)
	bk := backup.NewFromConfig(cfg)
	_, err = bk.CreateBackupVault(ctx, &backup.CreateBackupVaultInput{BackupVaultName: aws.String("vault")})
	must("backup vault", err)
	_, err = bk.CreateBackupPlan(ctx, &backup.CreateBackupPlanInput{BackupPlan: &backuptypes.BackupPlanInput{
		BackupPlanName: aws.String("daily"), Rules: []backuptypes.BackupRuleInput{{RuleName: aws.String("daily"),
			TargetBackupVaultName: aws.String("vault"), ScheduleExpression: aws.String("cron(0 5 ? * * *)")}}}})
	must("backup plan", err)
	_, err = s3.NewFromConfig(cfg).CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("trail-logs")})
	must("trail bucket", err)
	_, err = cloudtrail.NewFromConfig(cfg).CreateTrail(ctx, &cloudtrail.CreateTrailInput{Name: aws.String("org"),
		S3BucketName: aws.String("trail-logs")})
	must("trail", err)
	_, err = iam.NewFromConfig(cfg).UpdateAccountPasswordPolicy(ctx, &iam.UpdateAccountPasswordPolicyInput{
		MinimumPasswordLength: aws.Int32(14)})
	must("password policy", err)
}
