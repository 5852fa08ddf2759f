package checks

import (
	"testing"

	"github.com/hdsctl/hdsctl/assess/inventory"
)

func key(arn, manager, spec, state, origin string, rotates bool) inventory.Key {
	return inventory.Key{Location: paris, ARN: arn, ID: arn, Manager: manager, Spec: spec, State: state,
		Origin: origin, RotationEnabled: rotates}
}

// Imported key material and disabled keys cover what the moto tests do not
// set up.
func TestRotationJudgesEnabledCustomerSymmetricKeys(t *testing.T) {
	inv := estate()
	inv.Keys = []inventory.Key{
		key("rotated", "CUSTOMER", "SYMMETRIC_DEFAULT", "Enabled", "AWS_KMS", true),
		key("stale", "CUSTOMER", "SYMMETRIC_DEFAULT", "Enabled", "AWS_KMS", false),
		key("imported", "CUSTOMER", "SYMMETRIC_DEFAULT", "Enabled", "EXTERNAL", false),
		key("aws-managed", "AWS", "SYMMETRIC_DEFAULT", "Enabled", "AWS_KMS", false),
		key("signing", "CUSTOMER", "RSA_2048", "Enabled", "AWS_KMS", false),
		key("disabled", "CUSTOMER", "SYMMETRIC_DEFAULT", "Disabled", "AWS_KMS", false),
	}
	findings := run(t, nameRotation, inv, "PASS rotated", "FAIL stale", "FAIL imported")
	wantIn(t, messageOf(t, findings, "stale"), "enable-key-rotation --key-id stale --region eu-west-3")
	wantIn(t, messageOf(t, findings, "imported"), "origin EXTERNAL")
}

func TestRotationPassesAnAccountWithoutKeysSayingSo(t *testing.T) {
	inv := estate()
	inv.Keys = []inventory.Key{key("aws-managed", "AWS", "SYMMETRIC_DEFAULT", "Enabled", "AWS_KMS", true)}
	findings := run(t, nameRotation, inv, "PASS "+accountID)
	wantIn(t, findings[0].Message, "nothing to check")
}
