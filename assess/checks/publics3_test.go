package checks

import (
	"testing"

	"github.com/hdsctl/hdsctl/assess/inventory"
)

var fullBlock = inventory.PublicAccessBlock{BlockPublicACLs: true, IgnorePublicACLs: true,
	BlockPublicPolicy: true, RestrictPublicBuckets: true}

func TestPublicS3PassesTheAccountBlockForEveryBucket(t *testing.T) {
	inv := estate()
	inv.Accounts[0].S3PublicAccessBlock = &fullBlock
	inv.Buckets = []inventory.Bucket{{Location: paris, ARN: "arn:aws:s3:::open", Name: "open"}}
	run(t, namePublicS3, inv, "PASS "+accountID)
}

func TestPublicS3JudgesEachBucketWithoutAnAccountBlock(t *testing.T) {
	inv := estate()
	inv.Accounts[0].S3PublicAccessBlock = &inventory.PublicAccessBlock{BlockPublicACLs: true}
	inv.Buckets = []inventory.Bucket{
		{Location: paris, ARN: "arn:aws:s3:::closed", Name: "closed", PublicAccessBlock: fullBlock},
		{Location: paris, ARN: "arn:aws:s3:::half", Name: "half",
			PublicAccessBlock: inventory.PublicAccessBlock{BlockPublicACLs: true, IgnorePublicACLs: true}},
	}
	findings := run(t, namePublicS3, inv, "PASS arn:aws:s3:::closed", "FAIL arn:aws:s3:::half")
	wantIn(t, messageOf(t, findings, "arn:aws:s3:::half"), "BlockPublicPolicy, RestrictPublicBuckets",
		"put-public-access-block --account-id "+account, "--bucket half")
}

func TestPublicS3PassesAnAccountWithoutBucketsWithAdvice(t *testing.T) {
	findings := run(t, namePublicS3, estate(), "PASS "+accountID)
	wantIn(t, findings[0].Message, "no S3 bucket", "put-public-access-block")
}

func TestPublicS3DoesNotFailBucketsWhenTheAccountBlockIsUnknown(t *testing.T) {
	inv := estate()
	inv.Accounts[0].S3PublicAccessBlock = nil
	inv.Buckets = []inventory.Bucket{{Location: paris, ARN: "arn:aws:s3:::open", Name: "open"}}
	inv.Gaps = []inventory.Gap{gap(inventory.GlobalRegion, "", inventory.FactAccountPublicAccess)}
	run(t, namePublicS3, inv, "ERROR "+accountID)
}
