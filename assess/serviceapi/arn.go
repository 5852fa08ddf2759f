package serviceapi

import (
	"strings"

	"github.com/hdsctl/hdsctl/assess/inventory"
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

// arnRegion returns the Region field of an ARN, or "" when s is not an ARN
// or names no Region.
func arnRegion(s string) string {
	parts := strings.SplitN(s, ":", 6)
	if len(parts) < 6 || parts[0] != "arn" {
		return ""
	}
	return parts[3]
}

// copyOf returns a copy named by an identifier that is either an ARN, whose
// Region it takes, or a plain name of a resource in region.
func copyOf(kind, id, region string) inventory.Copy {
	if strings.HasPrefix(id, "arn:") {
		return inventory.Copy{Kind: kind, Target: id, Region: arnRegion(id)}
	}
	return inventory.Copy{Kind: kind, Target: id, Region: region}
}
