package checks

import (
	"github.com/hdsctl/hdsctl/assess/inventory"
	"github.com/hdsctl/hdsctl/results"
)

// rotation is kms-key-rotation: every enabled customer-managed symmetric
// KMS key has automatic rotation on. A key whose material KMS did not
// generate (origin EXTERNAL, AWS_CLOUDHSM, EXTERNAL_KEY_STORE) cannot rotate
// automatically, and fails. Disabled keys and keys pending deletion are not
// judged: they encrypt nothing new.
func rotation(inv *inventory.Inventory, r *report) {
	r.unreadAll(inv, inventory.FactKeys)
	r.gaps(inv, "", inventory.FactKeys)
	for _, k := range inv.Keys {
		customer := k.Manager == inventory.KeyManagerCustomer && k.Spec == inventory.KeySpecSymmetric
		if !customer || k.State != inventory.KeyStateEnabled ||
			inv.Unknown(inventory.FactKeys, k.Location, k.ARN) {
			continue
		}
		switch {
		case k.Origin != inventory.KeyOriginAWSKMS:
			r.add(results.Fail, k.Location, k.ARN, "KMS key %s has key material of origin %s, which KMS cannot rotate "+
				"automatically: replace it with a key of origin AWS_KMS with rotation on, or rotate its material "+
				"yourself on a schedule and keep the record as manual evidence", k.ID, k.Origin)
		case k.RotationEnabled:
			r.add(results.Pass, k.Location, k.ARN, "KMS key %s rotates automatically", k.ID)
		default:
			r.add(results.Fail, k.Location, k.ARN, "KMS key %s does not rotate automatically: "+
				"aws kms enable-key-rotation --key-id %s --region %s", k.ID, k.ID, k.Region)
		}
	}
	r.nothingFound(inv, "enabled customer-managed symmetric KMS key")
}
