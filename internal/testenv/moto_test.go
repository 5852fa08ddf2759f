package testenv

import (
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3control"
	"github.com/aws/smithy-go"
)

func TestMain(m *testing.M) { Main(m) }

func TestMotoStartsEachTestFromAnEmptyState(t *testing.T) {
	client := s3.NewFromConfig(Moto(t))
	if _, err := client.CreateBucket(t.Context(), &s3.CreateBucketInput{Bucket: aws.String("left-over")}); err != nil {
		t.Fatalf("CreateBucket: %v", err)
	}
	client = s3.NewFromConfig(Moto(t))
	out, err := client.ListBuckets(t.Context(), &s3.ListBucketsInput{})
	if err != nil {
		t.Fatalf("ListBuckets: %v", err)
	}
	if len(out.Buckets) != 0 {
		t.Errorf("after a reset moto still has %d buckets", len(out.Buckets))
	}
}

func TestMotoServesS3Control(t *testing.T) {
	_, err := s3control.NewFromConfig(Moto(t)).GetPublicAccessBlock(t.Context(),
		&s3control.GetPublicAccessBlockInput{AccountId: aws.String(MotoAccount)})
	// moto answers that no block is configured: the call reached it.
	if err == nil || !containsCode(err, "NoSuchPublicAccessBlockConfiguration") {
		t.Errorf("GetPublicAccessBlock: %v, want NoSuchPublicAccessBlockConfiguration from moto", err)
	}
}

func containsCode(err error, code string) bool {
	var api smithy.APIError
	return errors.As(err, &api) && api.ErrorCode() == code
}
