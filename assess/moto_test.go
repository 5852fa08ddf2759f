package assess_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/hdsctl/hdsctl/assess/checks"
	"github.com/hdsctl/hdsctl/assess/inventory"
	"github.com/hdsctl/hdsctl/assess/serviceapi"
	"github.com/hdsctl/hdsctl/internal/testenv"
	"github.com/hdsctl/hdsctl/results"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// regions are the Regions every moto test reads: one outside the EEA, one
// inside.
var regions = []string{"us-east-1", "eu-west-3"}

const account = testenv.MotoAccount

// accountResource is how findings name the moto account.
const accountResource = "AWS::::Account:" + account

// collect reads moto's estate with the service API provider.
func collect(t *testing.T, cfg aws.Config) *inventory.Inventory {
	t.Helper()
	inv, err := serviceapi.New(cfg, regions, serviceapi.Options{}).Collect(t.Context())
	if err != nil {
		t.Fatalf("collecting the inventory from moto: %v", err)
	}
	return inv
}

// check runs the named check over inv.
func check(t *testing.T, inv *inventory.Inventory, name string) []results.Finding {
	t.Helper()
	c, ok := checks.Lookup(name)
	if !ok {
		t.Fatalf("no check %q", name)
	}
	return c.Run(inv)
}

// wantVerdicts fails unless findings are exactly want ("STATUS resource"),
// in any order.
func wantVerdicts(t *testing.T, findings []results.Finding, want ...string) {
	t.Helper()
	var got []string
	for _, f := range findings {
		got = append(got, fmt.Sprintf("%s %s", f.Status, f.Resource))
	}
	slices.Sort(got)
	want = slices.Clone(want)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		var msgs strings.Builder
		for _, f := range findings {
			fmt.Fprintf(&msgs, "  %s %s %s: %s\n", f.Status, f.Region, f.Resource, f.Message)
		}
		t.Errorf("verdicts:\ngot  %s\nwant %s\nfindings:\n%s",
			strings.Join(got, "\n     "), strings.Join(want, "\n     "), msgs.String())
	}
}

// inRegion returns cfg sending calls to region.
func inRegion(cfg aws.Config, region string) aws.Config {
	c := cfg.Copy()
	c.Region = region
	return c
}

// must fails the test when a setup call failed.
func must(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("setting up moto: %s: %v", what, err)
	}
}

// createBucket creates a bucket in region.
func createBucket(t *testing.T, cfg aws.Config, name, region string) {
	t.Helper()
	input := &s3.CreateBucketInput{Bucket: aws.String(name)}
	if region != "us-east-1" {
		input.CreateBucketConfiguration = &s3types.CreateBucketConfiguration{
			LocationConstraint: s3types.BucketLocationConstraint(region)}
	}
	_, err := s3.NewFromConfig(inRegion(cfg, region)).CreateBucket(t.Context(), input)
	must(t, "creating bucket "+name, err)
}

func bucketARN(name string) string { return "arn:aws:s3:::" + name }

// createDB creates a PostgreSQL DB instance in cfg's Region and returns its
// ARN.
func createDB(t *testing.T, cfg aws.Config, id string, encrypted bool) string {
	t.Helper()
	out, err := rds.NewFromConfig(cfg).CreateDBInstance(t.Context(), &rds.CreateDBInstanceInput{
		DBInstanceIdentifier: aws.String(id),
		DBInstanceClass:      aws.String("db.t3.micro"),
		Engine:               aws.String("postgres"),
		AllocatedStorage:     aws.Int32(20),
		MasterUsername:       aws.String("admin"),
		MasterUserPassword:   aws.String("not-a-secret-1"),
		StorageEncrypted:     aws.Bool(encrypted),
	})
	must(t, "creating DB instance "+id, err)
	return aws.ToString(out.DBInstance.DBInstanceArn)
}
