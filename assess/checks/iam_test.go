package checks

import (
	"testing"

	"github.com/hdsctl/hdsctl/assess/inventory"
)

// moto always reports the root user without MFA: the passing case is here.
func TestRootMFA(t *testing.T) {
	inv := estate()
	inv.Accounts[0].IAM.RootMFA = true
	run(t, nameRootMFA, inv, "PASS "+accountID)
	inv.Accounts[0].IAM.RootMFA = false
	findings := run(t, nameRootMFA, inv, "FAIL "+accountID)
	wantIn(t, findings[0].Message, "no MFA")
}

func TestRootMFAUnreadIsAnError(t *testing.T) {
	inv := estate()
	inv.Gaps = []inventory.Gap{gap(inventory.GlobalRegion, "", inventory.FactRootMFA)}
	findings := run(t, nameRootMFA, inv, "ERROR "+accountID)
	wantIn(t, findings[0].Message, "svc Op failed in global")
}

func TestPasswordPolicyThresholds(t *testing.T) {
	strong := inventory.PasswordPolicy{MinimumLength: 14, RequireUppercase: true, RequireLowercase: true,
		RequireNumbers: true, RequireSymbols: true, ReusePrevention: 24}
	tests := []struct {
		name   string
		policy *inventory.PasswordPolicy
		want   string
		says   string
	}{
		{"strong", &strong, "PASS", "14 characters"},
		{"none", nil, "FAIL", "no IAM password policy"},
		{"short", with(strong, func(p *inventory.PasswordPolicy) { p.MinimumLength = 13 }), "FAIL", "minimum length 13, below 14"},
		{"no symbols", with(strong, func(p *inventory.PasswordPolicy) { p.RequireSymbols = false }), "FAIL", "symbols not required"},
		{"no digits", with(strong, func(p *inventory.PasswordPolicy) { p.RequireNumbers = false }), "FAIL", "digits not required"},
		{"short history", with(strong, func(p *inventory.PasswordPolicy) { p.ReusePrevention = 23 }), "FAIL", "last 23 passwords, below 24"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv := estate()
			inv.Accounts[0].IAM.PasswordPolicy = tt.policy
			findings := run(t, namePasswords, inv, tt.want+" "+accountID)
			wantIn(t, findings[0].Message, tt.says)
		})
	}
}

func TestPasswordPolicySaysItInFrench(t *testing.T) {
	inv := estate()
	inv.Accounts[0].IAM.PasswordPolicy = &inventory.PasswordPolicy{MinimumLength: 16, RequireUppercase: true,
		RequireLowercase: true, RequireNumbers: true, RequireSymbols: true, ReusePrevention: 24}
	findings := run(t, namePasswords, inv, "PASS "+accountID)
	wantMessages(t, findings, accountID,
		"the IAM password policy requires 16 characters of four classes and forbids reusing the last 24 passwords",
		"La politique de mots de passe IAM exige 16 caractères de quatre types et interdit de réutiliser les "+
			"24 derniers mots de passe")

	inv.Accounts[0].IAM.PasswordPolicy = &inventory.PasswordPolicy{MinimumLength: 8, RequireUppercase: true,
		RequireLowercase: true, RequireSymbols: true, ReusePrevention: 24}
	findings = run(t, namePasswords, inv, "FAIL "+accountID)
	fix := "aws iam update-account-password-policy --minimum-password-length 14 --require-uppercase-characters " +
		"--require-lowercase-characters --require-numbers --require-symbols --password-reuse-prevention 24"
	wantMessages(t, findings, accountID,
		"the IAM password policy is too weak: minimum length 8, below 14; digits not required. Fix: "+fix,
		"La politique de mots de passe IAM est trop faible : longueur minimale de 8, en deçà de 14 ; chiffres "+
			"non exigés. Correction : "+fix)
}

func with(p inventory.PasswordPolicy, change func(*inventory.PasswordPolicy)) *inventory.PasswordPolicy {
	change(&p)
	return &p
}
