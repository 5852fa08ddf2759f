package serviceapi

import (
	"context"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"

	"github.com/hdsctl/hdsctl/assess/inventory"
)

// trails reads the trails visible in region, shadow trails included, so
// that an organization trail or a multi-Region trail homed in a Region left
// out is still seen. Each trail is read once, in its home Region when that
// Region is collected, else in the first Region that sees it.
func (r *run) trails(ctx context.Context, region string) {
	client := cloudtrail.NewFromConfig(r.cfg, func(o *cloudtrail.Options) {
		o.Region = region
		o.APIOptions = append(o.APIOptions, r.limits.apiOption("cloudtrail"))
	})
	input := &cloudtrail.DescribeTrailsInput{IncludeShadowTrails: aws.Bool(true)}
	out, err := client.DescribeTrails(ctx, input)
	if err != nil {
		r.failed(ctx, region, "", "cloudtrail", "DescribeTrails", err, inventory.FactTrails)
		return
	}
	var trails []inventory.Trail
	for _, t := range out.TrailList {
		if !r.claimTrail(region, t) {
			continue
		}
		trail := inventory.Trail{
			Location:          r.where(aws.ToString(t.HomeRegion)),
			ARN:               aws.ToString(t.TrailARN),
			Name:              aws.ToString(t.Name),
			MultiRegion:       aws.ToBool(t.IsMultiRegionTrail),
			Organization:      aws.ToBool(t.IsOrganizationTrail),
			LogFileValidation: aws.ToBool(t.LogFileValidationEnabled),
		}
		status, err := client.GetTrailStatus(ctx, &cloudtrail.GetTrailStatusInput{Name: t.TrailARN})
		if err != nil {
			r.failed(ctx, trail.Region, trail.ARN, "cloudtrail", "GetTrailStatus", err,
				inventory.FactTrails)
		} else {
			trail.Logging = aws.ToBool(status.IsLogging)
		}
		trails = append(trails, trail)
	}
	r.add(func(inv *inventory.Inventory) { inv.Trails = append(inv.Trails, trails...) })
}

// claimTrail reports whether region is the one to read trail t.
func (r *run) claimTrail(region string, t cttypes.Trail) bool {
	home := aws.ToString(t.HomeRegion)
	if home != region && slices.Contains(r.regions, home) {
		return false
	}
	arn := aws.ToString(t.TrailARN)
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.trailsSeen == nil {
		r.trailsSeen = map[string]bool{}
	}
	if r.trailsSeen[arn] {
		return false
	}
	r.trailsSeen[arn] = true
	return true
}
