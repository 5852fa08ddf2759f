package serviceapi

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

func TestPartition(t *testing.T) {
	for region, want := range map[string]string{"eu-west-3": "aws", "cn-north-1": "aws-cn", "xx-nowhere-1": "aws"} {
		if got := partition(region); got != want {
			t.Errorf("partition(%q) = %q, want %q", region, got, want)
		}
	}
}

// TestBucketRegionReadsLegacyConstraints covers the answers of
// GetBucketLocation that moto never gives: EU for the oldest buckets of
// eu-west-1.
func TestBucketRegionReadsLegacyConstraints(t *testing.T) {
	for answer, want := range map[string]string{"": "us-east-1", "EU": "eu-west-1", "eu-west-3": "eu-west-3"} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/xml")
			w.Write([]byte(`<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">` + answer + `</LocationConstraint>`))
		}))
		client := s3.New(s3.Options{
			Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), UsePathStyle: true,
			Credentials: credentials.NewStaticCredentialsProvider("k", "s", ""),
		})
		got, err := bucketRegion(t.Context(), client, "old")
		srv.Close()
		if err != nil || got != want {
			t.Errorf("constraint %q: bucketRegion = %q, %v; want %q", answer, got, err, want)
		}
	}
}
