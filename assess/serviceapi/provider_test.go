package serviceapi

import (
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/hdsctl/hdsctl/assess/inventory"
	"github.com/hdsctl/hdsctl/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

var regions = []string{"us-east-1", "eu-west-3"}

func collect(t *testing.T, cfg aws.Config, regions []string, opts Options) *inventory.Inventory {
	t.Helper()
	inv, err := New(cfg, regions, opts).Collect(t.Context())
	if err != nil {
		t.Fatalf("Collect: %v", err)
	}
	return inv
}

func inRegion(cfg aws.Config, region string) aws.Config {
	c := cfg.Copy()
	c.Region = region
	return c
}

func must(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("setting up moto: %s: %v", what, err)
	}
}

// denying answers every call to service in region with AccessDenied, the
// way RDS does, and passes the other calls on.
type denying struct {
	region, service string
}

func (d denying) RoundTrip(req *http.Request) (*http.Response, error) {
	scope := "/" + d.region + "/" + d.service + "/aws4_request"
	if !strings.Contains(req.Header.Get("Authorization"), scope) {
		return http.DefaultTransport.RoundTrip(req)
	}
	body := `<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>` +
		`<Message>not authorized to call ` + d.service + `</Message></Error>` +
		`<RequestId>1</RequestId></ErrorResponse>`
	return &http.Response{
		StatusCode: http.StatusForbidden,
		Header:     http.Header{"Content-Type": {"text/xml"}},
		Body:       io.NopCloser(strings.NewReader(body)),
		Request:    req,
	}, nil
}

func TestAFailingRegionBecomesGapsAndCollectionGoesOn(t *testing.T) {
	cfg := testenv.Moto(t)
	for _, region := range regions {
		client := rds.NewFromConfig(inRegion(cfg, region))
		_, err := client.CreateDBInstance(t.Context(), &rds.CreateDBInstanceInput{
			DBInstanceIdentifier: aws.String("db-" + region),
			DBInstanceClass:      aws.String("db.t3.micro"),
			Engine:               aws.String("postgres"),
			AllocatedStorage:     aws.Int32(20),
			MasterUsername:       aws.String("admin"),
			MasterUserPassword:   aws.String("not-a-secret-1"),
		})
		must(t, "creating a DB instance", err)
	}
	cfg.HTTPClient = &http.Client{Transport: denying{"eu-west-3", "rds"}}

	inv := collect(t, cfg, regions, Options{})

	var ops []string
	for _, g := range inv.Gaps {
		ops = append(ops, g.Service+" "+g.Operation+" "+g.Region)
		if !strings.Contains(g.Error(), "AccessDenied: not authorized to call rds") {
			t.Errorf("the gap does not quote AWS's error: %v", g)
		}
	}
	slices.Sort(ops)
	want := []string{
		"rds DescribeDBClusterSnapshots eu-west-3", "rds DescribeDBClusters eu-west-3",
		"rds DescribeDBInstances eu-west-3", "rds DescribeDBSnapshots eu-west-3",
	}
	if !slices.Equal(ops, want) {
		t.Errorf("gaps:\ngot  %v\nwant %v", ops, want)
	}
	if len(inv.DBInstances) != 1 || inv.DBInstances[0].Region != "us-east-1" {
		t.Errorf("the DB instances of the other Region were not collected: %+v", inv.DBInstances)
	}
}

func TestFactsRestrictWhatIsRead(t *testing.T) {
	cfg := testenv.Moto(t)
	bucket := &s3.CreateBucketInput{Bucket: aws.String("records")}
	_, err := s3.NewFromConfig(cfg).CreateBucket(t.Context(), bucket)
	must(t, "creating a bucket", err)

	inv := collect(t, cfg, regions, Options{Facts: []inventory.Fact{inventory.FactRootMFA}})

	if len(inv.Buckets) != 0 || inv.Accounts[0].IAM == nil {
		t.Errorf("asked for the root MFA only, got %d buckets and IAM settings %v",
			len(inv.Buckets), inv.Accounts[0].IAM)
	}
	if got := inv.Accounts[0].Facts; !slices.Equal(got, []inventory.Fact{inventory.FactRootMFA}) {
		t.Errorf("Account.Facts = %v, want only the root MFA", got)
	}
}

func TestAMultiRegionTrailIsReadOnce(t *testing.T) {
	cfg := testenv.Moto(t)
	paris := inRegion(cfg, "eu-west-3")
	_, err := s3.NewFromConfig(paris).CreateBucket(t.Context(), &s3.CreateBucketInput{
		Bucket:                    aws.String("logs"),
		CreateBucketConfiguration: &s3types.CreateBucketConfiguration{LocationConstraint: "eu-west-3"},
	})
	must(t, "creating the log bucket", err)
	_, err = cloudtrail.NewFromConfig(paris).CreateTrail(t.Context(), &cloudtrail.CreateTrailInput{
		Name: aws.String("all"), S3BucketName: aws.String("logs"), IsMultiRegionTrail: aws.Bool(true),
	})
	must(t, "creating the trail", err)

	// Every Region sees the trail; read from its home Region, or else from
	// the first Region to see it as a shadow trail.
	for _, read := range [][]string{regions, {"us-east-1", "eu-west-1"}} {
		inv := collect(t, cfg, read, Options{})
		trails := inv.Trails
		if len(trails) != 1 || trails[0].Region != "eu-west-3" || !trails[0].MultiRegion {
			t.Errorf("reading %v: trails = %+v, want the one multi-Region trail of eu-west-3", read, trails)
		}
	}
}

func TestCollectFailsWithoutAnIdentity(t *testing.T) {
	cfg := testenv.Moto(t)
	cfg.HTTPClient = &http.Client{Transport: denying{"us-east-1", "sts"}}
	_, err := New(cfg, regions, Options{}).Collect(t.Context())
	if err == nil || !strings.Contains(err.Error(), "sts GetCallerIdentity") {
		t.Errorf("Collect error = %v, want one naming sts GetCallerIdentity", err)
	}
}
