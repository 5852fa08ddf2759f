package checks

import (
	"github.com/hdsctl/hdsctl/assess/inventory"
	"github.com/hdsctl/hdsctl/framework"
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
			r.add(results.Fail, k.Location, k.ARN, say(
				"KMS key %s has key material of origin %s, which KMS cannot rotate automatically: replace it "+
					"with a key of origin AWS_KMS with rotation on, or rotate its material yourself on a schedule "+
					"and keep the record as manual evidence",
				"la clé KMS %s a des éléments de clé d'origine %s, dont KMS ne peut pas assurer la rotation "+
					"automatique : remplacez-la par une clé d'origine AWS_KMS dont la rotation est activée, ou "+
					"effectuez vous-même la rotation de ses éléments de clé selon un calendrier et conservez-en "+
					"la trace comme preuve manuelle",
				k.ID, k.Origin))
		case k.RotationEnabled:
			r.add(results.Pass, k.Location, k.ARN, say("KMS key %s rotates automatically",
				"la rotation automatique de la clé KMS %s est activée", k.ID))
		default:
			r.add(results.Fail, k.Location, k.ARN, say("KMS key %s does not rotate automatically: %s",
				"la rotation automatique de la clé KMS %s n'est pas activée : %s",
				k.ID, "aws kms enable-key-rotation --key-id "+k.ID+" --region "+k.Region))
		}
	}
	r.nothingFound(inv, framework.Text{
		EN: "enabled customer-managed symmetric KMS key",
		FR: "aucune clé KMS symétrique gérée par le client et activée",
	})
}
