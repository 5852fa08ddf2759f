package serviceapi

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"

	"github.com/hdsctl/hdsctl/assess/inventory"
)

// keys reads the KMS keys of region, and the rotation status of the enabled
// customer-managed symmetric keys whose material KMS generated: the only
// keys KMS can rotate automatically.
func (r *run) keys(ctx context.Context, region string) {
	client := kms.NewFromConfig(r.cfg, func(o *kms.Options) {
		o.Region = region
		o.APIOptions = append(o.APIOptions, r.limits.apiOption("kms"))
	})
	var ids []string
	pages := kms.NewListKeysPaginator(client, &kms.ListKeysInput{})
	for pages.HasMorePages() {
		out, err := pages.NextPage(ctx)
		if err != nil {
			r.failed(ctx, region, "", "kms", "ListKeys", err, inventory.FactKeys)
			break
		}
		for _, k := range out.Keys {
			ids = append(ids, aws.ToString(k.KeyArn))
		}
	}
	keys := make([]inventory.Key, len(ids))
	forEach(r.opts.PerService, len(ids), func(i int) {
		keys[i] = r.key(ctx, client, region, ids[i])
	})
	r.add(func(inv *inventory.Inventory) { inv.Keys = append(inv.Keys, keys...) })
}

func (r *run) key(ctx context.Context, client *kms.Client, region, arn string) inventory.Key {
	k := inventory.Key{Location: r.where(region), ARN: arn}
	out, err := client.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String(arn)})
	if err != nil {
		r.failed(ctx, region, arn, "kms", "DescribeKey", err, inventory.FactKeys)
		return k
	}
	m := out.KeyMetadata
	k.ID = aws.ToString(m.KeyId)
	k.Manager = string(m.KeyManager)
	k.Spec = string(m.KeySpec)
	k.State = string(m.KeyState)
	k.Origin = string(m.Origin)
	if k.Manager != inventory.KeyManagerCustomer || k.Spec != inventory.KeySpecSymmetric ||
		k.State != inventory.KeyStateEnabled || k.Origin != inventory.KeyOriginAWSKMS {
		return k
	}
	input := &kms.GetKeyRotationStatusInput{KeyId: aws.String(arn)}
	status, err := client.GetKeyRotationStatus(ctx, input)
	if err != nil {
		r.failed(ctx, region, arn, "kms", "GetKeyRotationStatus", err, inventory.FactKeys)
		return k
	}
	k.RotationEnabled = status.KeyRotationEnabled
	return k
}
