package configinventory_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	dbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/s3control"
	s3controltypes "github.com/aws/aws-sdk-go-v2/service/s3control/types"

	"github.com/hdsctl/hdsctl/assess/checks"
	"github.com/hdsctl/hdsctl/assess/configinventory"
	"github.com/hdsctl/hdsctl/assess/estate"
	"github.com/hdsctl/hdsctl/assess/inventory"
	"github.com/hdsctl/hdsctl/internal/testenv"
	"github.com/hdsctl/hdsctl/sandbox"
)

func TestMain(m *testing.M) { testenv.Main(m) }

var regions = []string{"us-east-1", "eu-west-3"}

func must(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("setting up moto: %s: %v", what, err)
	}
}

func inRegion(cfg aws.Config, region string) aws.Config {
	c := cfg.Copy()
	c.Region = region
	return c
}

// scenario makes the same estate in moto, which serves the service APIs,
// and in the sandbox's AWS Config items (moto's BatchGetResourceConfig
// answers times the SDK cannot read): a bucket in us-east-1 with nothing
// set, one in eu-west-3 encrypted, blocked and replicated to the first, an
// unencrypted EBS volume in us-east-1, an encrypted RDS instance and a
// DynamoDB table in eu-west-3, and the account's public access block.
func scenario(t *testing.T, cfg aws.Config, srv *sandbox.Server) {
	t.Helper()
	for _, b := range []struct{ name, region string }{{"hds-us", "us-east-1"}, {"hds-eu", "eu-west-3"}} {
		in := &s3.CreateBucketInput{Bucket: aws.String(b.name)}
		if b.region != "us-east-1" {
			in.CreateBucketConfiguration = &s3types.CreateBucketConfiguration{
				LocationConstraint: s3types.BucketLocationConstraint(b.region)}
		}
		client := s3.NewFromConfig(inRegion(cfg, b.region))
		_, err := client.CreateBucket(t.Context(), in)
		must(t, "creating bucket "+b.name, err)
		_, err = client.PutBucketVersioning(t.Context(), &s3.PutBucketVersioningInput{Bucket: aws.String(b.name),
			VersioningConfiguration: &s3types.VersioningConfiguration{Status: s3types.BucketVersioningStatusEnabled}})
		must(t, "versioning "+b.name, err)
	}
	eu := s3.NewFromConfig(inRegion(cfg, "eu-west-3"))
	block := &s3types.PublicAccessBlockConfiguration{BlockPublicAcls: aws.Bool(true),
		IgnorePublicAcls: aws.Bool(true), BlockPublicPolicy: aws.Bool(true), RestrictPublicBuckets: aws.Bool(true)}
	_, err := eu.PutPublicAccessBlock(t.Context(), &s3.PutPublicAccessBlockInput{Bucket: aws.String("hds-eu"),
		PublicAccessBlockConfiguration: block})
	must(t, "blocking public access", err)
	_, err = eu.PutBucketEncryption(t.Context(), &s3.PutBucketEncryptionInput{Bucket: aws.String("hds-eu"),
		ServerSideEncryptionConfiguration: &s3types.ServerSideEncryptionConfiguration{Rules: []s3types.ServerSideEncryptionRule{{
			ApplyServerSideEncryptionByDefault: &s3types.ServerSideEncryptionByDefault{SSEAlgorithm: s3types.ServerSideEncryptionAes256}}}}})
	must(t, "encrypting a bucket", err)
	_, err = eu.PutBucketReplication(t.Context(), &s3.PutBucketReplicationInput{Bucket: aws.String("hds-eu"),
		ReplicationConfiguration: &s3types.ReplicationConfiguration{Role: aws.String("arn:aws:iam::" + testenv.MotoAccount + ":role/replication"),
			Rules: []s3types.ReplicationRule{{ID: aws.String("to-us"), Status: s3types.ReplicationRuleStatusEnabled, Priority: aws.Int32(1),
				Filter: &s3types.ReplicationRuleFilter{Prefix: aws.String("")}, DeleteMarkerReplication: &s3types.DeleteMarkerReplication{Status: s3types.DeleteMarkerReplicationStatusDisabled},
				Destination: &s3types.Destination{Bucket: aws.String("arn:aws:s3:::hds-us")}}}}})
	must(t, "replicating a bucket", err)
	_, err = s3control.NewFromConfig(cfg).PutPublicAccessBlock(t.Context(), &s3control.PutPublicAccessBlockInput{
		AccountId: aws.String(testenv.MotoAccount), PublicAccessBlockConfiguration: &s3controltypes.PublicAccessBlockConfiguration{
			BlockPublicAcls: aws.Bool(true), IgnorePublicAcls: aws.Bool(true), BlockPublicPolicy: aws.Bool(true), RestrictPublicBuckets: aws.Bool(true)}})
	must(t, "blocking public access for the account", err)
	vol, err := ec2.NewFromConfig(inRegion(cfg, "us-east-1")).CreateVolume(t.Context(), &ec2.CreateVolumeInput{
		AvailabilityZone: aws.String("us-east-1a"), Size: aws.Int32(8)})
	must(t, "creating a volume", err)
	db, err := rds.NewFromConfig(inRegion(cfg, "eu-west-3")).CreateDBInstance(t.Context(), &rds.CreateDBInstanceInput{
		DBInstanceIdentifier: aws.String("patients"), DBInstanceClass: aws.String("db.t3.micro"), Engine: aws.String("postgres"),
		AllocatedStorage: aws.Int32(20), MasterUsername: aws.String("admin"), MasterUserPassword: aws.String("not-a-secret-1"),
		StorageEncrypted: aws.Bool(true)})
	must(t, "creating a DB instance", err)
	// moto takes a first automated snapshot of the instance, as RDS does.
	snaps, err := rds.NewFromConfig(inRegion(cfg, "eu-west-3")).DescribeDBSnapshots(t.Context(), &rds.DescribeDBSnapshotsInput{})
	must(t, "listing snapshots", err)
	for _, sn := range snaps.DBSnapshots {
		must(t, "recording a snapshot", srv.PutResource("", sandbox.RDSSnapshot{Identifier: aws.ToString(sn.DBSnapshotIdentifier),
			Region: "eu-west-3", Instance: "patients", Encrypted: aws.ToBool(sn.Encrypted)}))
	}
	_, err = dynamodb.NewFromConfig(inRegion(cfg, "eu-west-3")).CreateTable(t.Context(), &dynamodb.CreateTableInput{
		TableName:            aws.String("records"),
		AttributeDefinitions: []dbtypes.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: dbtypes.ScalarAttributeTypeS}},
		KeySchema:            []dbtypes.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: dbtypes.KeyTypeHash}},
		BillingMode:          dbtypes.BillingModePayPerRequest})
	must(t, "creating a table", err)

	for _, region := range regions {
		must(t, "recording", srv.SetRecorder(sandbox.Recorder{Region: region, AllSupported: true}))
		must(t, "recording the account's block", srv.PutResource("", sandbox.S3AccountPublicAccessBlock{Region: region, PublicAccessBlock: sandbox.BlockAll}))
	}
	all := sandbox.BlockAll
	for _, r := range []sandbox.Resource{
		sandbox.S3Bucket{Name: "hds-us", Region: "us-east-1", Versioning: "Enabled"},
		sandbox.S3Bucket{Name: "hds-eu", Region: "eu-west-3", Versioning: "Enabled", SSEAlgorithm: "AES256", PublicAccessBlock: &all,
			ReplicationRole: "arn:aws:iam::" + testenv.MotoAccount + ":role/replication",
			Replication:     []sandbox.S3ReplicationRule{{ID: "to-us", DestinationBucket: "hds-us"}}},
		sandbox.EBSVolume{ID: aws.ToString(vol.VolumeId), Region: "us-east-1", AvailabilityZone: "us-east-1a", SizeGiB: 8},
		sandbox.RDSInstance{Identifier: "patients", ResourceID: aws.ToString(db.DBInstance.DbiResourceId), Region: "eu-west-3",
			Engine: "postgres", StorageEncrypted: true},
		sandbox.DynamoDBTable{Name: "records", Region: "eu-west-3"},
	} {
		must(t, "recording a resource", srv.PutResource("", r))
	}
}

// motoAndSandbox returns moto's configuration with AWS Config calls sent to
// a fresh sandbox, as AWS_ENDPOINT_URL_CONFIG_SERVICE would.
func motoAndSandbox(t *testing.T) (aws.Config, *sandbox.Server) {
	t.Helper()
	cfg := estate.LocalEndpoints(testenv.Moto(t))
	srv, sb := testenv.Sandbox(t, sandbox.Options{})
	cfg.ServiceOptions = append(cfg.ServiceOptions, func(_ string, options any) {
		if o, ok := options.(*configservice.Options); ok {
			o.BaseEndpoint = sb.BaseEndpoint
		}
	})
	return cfg, srv
}

// verdicts runs the named checks and returns "check STATUS resource Region"
// per finding, sorted.
func verdicts(inv *inventory.Inventory, names ...string) []string {
	var out []string
	for _, name := range names {
		c, _ := checks.Lookup(name)
		for _, f := range c.Run(inv) {
			out = append(out, fmt.Sprintf("%s %s %s %s", name, f.Status, f.Resource, f.Region))
		}
	}
	slices.Sort(out)
	return out
}

func TestConfigAndServiceAPIsGiveTheSameVerdicts(t *testing.T) {
	cfg, srv := motoAndSandbox(t)
	scenario(t, cfg, srv)
	accounts := []estate.Account{{ID: testenv.MotoAccount, Config: cfg}}
	names := []string{"eea-data-residency", "s3-public-access-blocked", "encryption-at-rest-default"}
	facts := checks.FactsFor(names...)

	read := func(mode configinventory.Mode) *inventory.Inventory {
		t.Helper()
		inv, err := configinventory.Reader(accounts, regions, configinventory.ReaderOptions{Mode: mode})(t.Context(), facts)
		if err != nil {
			t.Fatalf("reading in %s mode: %v", mode, err)
		}
		return inv
	}
	byAPI, byConfig := read(configinventory.ModeAPI), read(configinventory.ModeConfig)
	if len(byConfig.Buckets) != 2 || len(byConfig.Volumes) != 1 || len(byConfig.DBInstances) != 1 || len(byConfig.Tables) != 1 {
		t.Fatalf("AWS Config gave %d buckets, %d volumes, %d instances, %d tables; want 2, 1, 1, 1 (gaps %v)",
			len(byConfig.Buckets), len(byConfig.Volumes), len(byConfig.DBInstances), len(byConfig.Tables), byConfig.Gaps)
	}
	api, conf := verdicts(byAPI, names...), verdicts(byConfig, names...)
	if strings.Join(api, "\n") != strings.Join(conf, "\n") {
		t.Errorf("verdicts differ:\nservice APIs:\n%s\nAWS Config:\n%s", strings.Join(api, "\n"), strings.Join(conf, "\n"))
	}
	for _, want := range []string{
		"eea-data-residency FAIL arn:aws:s3:::hds-us us-east-1",
		"eea-data-residency FAIL arn:aws:s3:::hds-eu eu-west-3", // its replica is in us-east-1
		"eea-data-residency PASS arn:aws:rds:eu-west-3:123456789012:db:patients eu-west-3",
		"s3-public-access-blocked PASS AWS::::Account:123456789012 global",
	} {
		if !slices.Contains(conf, want) {
			t.Errorf("verdicts from AWS Config:\n%s\nwant %q", strings.Join(conf, "\n"), want)
		}
	}
	if slices.ContainsFunc(conf, func(v string) bool { return strings.Contains(v, " ERROR ") }) {
		t.Errorf("verdicts from AWS Config hold errors:\n%s\ngaps: %v", strings.Join(conf, "\n"), byConfig.Gaps)
	}
}

func TestRegionsConfigDoesNotRecordAreReadFromTheServiceAPIs(t *testing.T) {
	cfg, srv := motoAndSandbox(t)
	scenario(t, cfg, srv)
	for _, region := range regions {
		must(t, "stopping the recorder", srv.SetRecorder(sandbox.Recorder{Region: region, AllSupported: true, Stopped: true}))
	}
	accounts := []estate.Account{{ID: testenv.MotoAccount, Config: cfg}}
	facts := checks.FactsFor("eea-data-residency", "s3-public-access-blocked")

	strict, err := configinventory.Reader(accounts, regions, configinventory.ReaderOptions{Mode: configinventory.ModeConfig})(t.Context(), facts)
	if err != nil {
		t.Fatal(err)
	}
	if len(strict.GapsFor(inventory.FactBuckets)) != 2 {
		t.Errorf("config mode without a recorder: gaps %v, want one per Region for the buckets", strict.Gaps)
	}
	auto, err := configinventory.Reader(accounts, regions, configinventory.ReaderOptions{Mode: configinventory.ModeAuto})(t.Context(), facts)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range auto.Gaps {
		if errorsIs(g.Err, configinventory.ErrNotRecorded) {
			t.Errorf("auto mode kept the gap %v, want it read from the service APIs", g)
		}
	}
	if got := verdicts(auto, "eea-data-residency"); !slices.Contains(got, "eea-data-residency FAIL arn:aws:s3:::hds-us us-east-1") {
		t.Errorf("auto mode verdicts:\n%s\nwant hds-us to fail", strings.Join(got, "\n"))
	}
}

func errorsIs(err, target error) bool {
	for err != nil {
		if err == target {
			return true
		}
		u, ok := err.(interface{ Unwrap() error })
		if !ok {
			return false
		}
		err = u.Unwrap()
	}
	return false
}
