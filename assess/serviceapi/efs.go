package serviceapi

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/efs"

	"github.com/hdsctl/hdsctl/assess/inventory"
)

// fileSystems reads the EFS file systems of region.
func (r *run) fileSystems(ctx context.Context, region string) {
	client := efs.NewFromConfig(r.cfg, func(o *efs.Options) {
		o.Region = region
		o.APIOptions = append(o.APIOptions, r.limits.apiOption("efs"))
	})
	var systems []inventory.FileSystem
	pages := efs.NewDescribeFileSystemsPaginator(client, &efs.DescribeFileSystemsInput{})
	for pages.HasMorePages() {
		out, err := pages.NextPage(ctx)
		if err != nil {
			r.failed(ctx, region, "", "efs", "DescribeFileSystems", err, inventory.FactFileSystems)
			break
		}
		for _, fs := range out.FileSystems {
			systems = append(systems, inventory.FileSystem{
				Location:  r.where(region),
				ARN:       aws.ToString(fs.FileSystemArn),
				ID:        aws.ToString(fs.FileSystemId),
				Encrypted: aws.ToBool(fs.Encrypted),
			})
		}
	}
	r.add(func(inv *inventory.Inventory) { inv.FileSystems = append(inv.FileSystems, systems...) })
}
