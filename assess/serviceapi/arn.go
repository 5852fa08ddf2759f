package serviceapi

import (
	"strings"

	"github.com/hdsctl/hdsctl/awsref"
)

// partition returns the ARN partition of region; aws when the Region is
// unknown.
func partition(region string) string {
	if r, ok := awsref.LookupRegion(region); ok {
		return r.Partition
	}
	return "aws"
}

// arnOf returns the ARN of a resource of service in region; account is
// empty for the resources whose ARN has none (EBS snapshots).
func arnOf(service, region, account, resource string) string {
	return strings.Join([]string{"arn", partition(region), service, region, account, resource}, ":")
}
