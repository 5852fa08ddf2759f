package checks

import (
	"fmt"
	"strings"

	"github.com/hdsctl/hdsctl/assess/inventory"
	"github.com/hdsctl/hdsctl/results"
)

// The password policy thresholds of iam-password-policy, as the catalog
// states them.
const (
	MinPasswordLength       = 14
	MinPasswordReuseHistory = 24
)

// rootMFA is root-account-mfa: the root user of every account has a
// multi-factor authentication device (IAM GetAccountSummary,
// AccountMFAEnabled).
func rootMFA(inv *inventory.Inventory) []results.Finding {
	r := newReport(nameRootMFA)
	r.gaps(inv, "", inventory.FactRootMFA)
	for _, a := range inv.Accounts {
		global := globalOf(a.ID)
		switch {
		case r.unread(a, inventory.FactRootMFA):
		case a.IAM == nil || inv.Unknown(inventory.FactRootMFA, global, ""):
		case a.IAM.RootMFA:
			r.add(results.Pass, global, accountResource(a.ID), "the root user has MFA")
		default:
			r.add(results.Fail, global, accountResource(a.ID), "the root user has no MFA: sign in as root, "+
				"open Security credentials and assign an MFA device (a hardware security key is best)")
		}
	}
	return r.done()
}

// passwordPolicy is iam-password-policy: the IAM password policy of every
// account requires at least MinPasswordLength (14) characters, upper- and
// lower-case letters, digits and symbols, and prevents reusing the last
// MinPasswordReuseHistory (24) passwords.
func passwordPolicy(inv *inventory.Inventory) []results.Finding {
	r := newReport(namePasswords)
	r.gaps(inv, "", inventory.FactPasswordPolicy)
	fix := fmt.Sprintf("aws iam update-account-password-policy --minimum-password-length %d "+
		"--require-uppercase-characters --require-lowercase-characters --require-numbers --require-symbols "+
		"--password-reuse-prevention %d", MinPasswordLength, MinPasswordReuseHistory)
	for _, a := range inv.Accounts {
		global := globalOf(a.ID)
		switch {
		case r.unread(a, inventory.FactPasswordPolicy):
		case a.IAM == nil || inv.Unknown(inventory.FactPasswordPolicy, global, ""):
		case a.IAM.PasswordPolicy == nil:
			r.add(results.Fail, global, accountResource(a.ID), "the account has no IAM password policy: %s", fix)
		default:
			if weak := weaknesses(*a.IAM.PasswordPolicy); len(weak) > 0 {
				r.add(results.Fail, global, accountResource(a.ID), "the IAM password policy is too weak: %s. Fix: %s",
					strings.Join(weak, "; "), fix)
				continue
			}
			r.add(results.Pass, global, accountResource(a.ID), "the IAM password policy requires %d characters "+
				"of four classes and forbids reusing the last %d passwords",
				a.IAM.PasswordPolicy.MinimumLength, a.IAM.PasswordPolicy.ReusePrevention)
		}
	}
	return r.done()
}

// weaknesses lists how p falls short of the thresholds.
func weaknesses(p inventory.PasswordPolicy) []string {
	var out []string
	if p.MinimumLength < MinPasswordLength {
		out = append(out, fmt.Sprintf("minimum length %d, below %d", p.MinimumLength, MinPasswordLength))
	}
	for _, class := range []struct {
		required bool
		name     string
	}{
		{p.RequireUppercase, "upper-case letters"},
		{p.RequireLowercase, "lower-case letters"},
		{p.RequireNumbers, "digits"},
		{p.RequireSymbols, "symbols"},
	} {
		if !class.required {
			out = append(out, class.name+" not required")
		}
	}
	if p.ReusePrevention < MinPasswordReuseHistory {
		out = append(out, fmt.Sprintf("reuse prevented for the last %d passwords, below %d",
			p.ReusePrevention, MinPasswordReuseHistory))
	}
	return out
}
