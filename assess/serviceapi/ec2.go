package serviceapi

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/hdsctl/hdsctl/assess/inventory"
)

func (r *run) ec2(region string) *ec2.Client {
	return ec2.NewFromConfig(r.cfg, func(o *ec2.Options) {
		o.Region = region
		o.APIOptions = append(o.APIOptions, r.limits.apiOption("ec2"))
	})
}

// ebsEncryptionDefault reads whether new EBS volumes are encrypted by
// default in region.
func (r *run) ebsEncryptionDefault(ctx context.Context, region string) {
	out, err := r.ec2(region).GetEbsEncryptionByDefault(ctx, &ec2.GetEbsEncryptionByDefaultInput{})
	if err != nil {
		r.failed(ctx, region, "", "ec2", "GetEbsEncryptionByDefault", err,
			inventory.FactEBSEncryptionDef)
		return
	}
	setting := inventory.EBSEncryptionDefault{
		Location: r.where(region),
		Enabled:  aws.ToBool(out.EbsEncryptionByDefault),
	}
	r.add(func(inv *inventory.Inventory) {
		inv.EBSEncryptionDefaults = append(inv.EBSEncryptionDefaults, setting)
	})
}

// volumes reads the EBS volumes of region.
func (r *run) volumes(ctx context.Context, region string) {
	var volumes []inventory.Volume
	pages := ec2.NewDescribeVolumesPaginator(r.ec2(region), &ec2.DescribeVolumesInput{})
	for pages.HasMorePages() {
		out, err := pages.NextPage(ctx)
		if err != nil {
			r.failed(ctx, region, "", "ec2", "DescribeVolumes", err, inventory.FactVolumes)
			break
		}
		for _, v := range out.Volumes {
			id := aws.ToString(v.VolumeId)
			volumes = append(volumes, inventory.Volume{
				Location:  r.where(region),
				ARN:       arnOf("ec2", region, r.accountID, "volume/"+id),
				ID:        id,
				Encrypted: aws.ToBool(v.Encrypted),
			})
		}
	}
	r.add(func(inv *inventory.Inventory) { inv.Volumes = append(inv.Volumes, volumes...) })
}

// volumeSnapshots reads the EBS snapshots the account owns in region.
func (r *run) volumeSnapshots(ctx context.Context, region string) {
	var snapshots []inventory.VolumeSnapshot
	input := &ec2.DescribeSnapshotsInput{OwnerIds: []string{"self"}}
	pages := ec2.NewDescribeSnapshotsPaginator(r.ec2(region), input)
	for pages.HasMorePages() {
		out, err := pages.NextPage(ctx)
		if err != nil {
			r.failed(ctx, region, "", "ec2", "DescribeSnapshots", err,
				inventory.FactVolumeSnapshots)
			break
		}
		for _, s := range out.Snapshots {
			id := aws.ToString(s.SnapshotId)
			snapshots = append(snapshots, inventory.VolumeSnapshot{
				Location:  r.where(region),
				ARN:       arnOf("ec2", region, "", "snapshot/"+id),
				ID:        id,
				Encrypted: aws.ToBool(s.Encrypted),
			})
		}
	}
	r.add(func(inv *inventory.Inventory) {
		inv.VolumeSnapshots = append(inv.VolumeSnapshots, snapshots...)
	})
}
