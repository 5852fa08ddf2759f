package checks

import (
	"fmt"

	"github.com/hdsctl/hdsctl/assess/inventory"
	"github.com/hdsctl/hdsctl/framework"
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
			r.add(results.Pass, global, accountResource(a.ID), framework.Text{
				EN: "the root user has MFA",
				FR: "l'utilisateur racine est protégé par MFA",
			})
		default:
			r.add(results.Fail, global, accountResource(a.ID), framework.Text{
				EN: "the root user has no MFA: sign in as root, open Security credentials and assign an MFA " +
					"device (a hardware security key is best)",
				FR: "l'utilisateur racine n'est pas protégé par MFA : connectez-vous en tant qu'utilisateur racine, " +
					"ouvrez « Informations d'identification de sécurité » et attribuez un dispositif MFA (de " +
					"préférence une clé de sécurité matérielle)",
			})
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
			r.add(results.Fail, global, accountResource(a.ID), say("the account has no IAM password policy: %s",
				"le compte n'a pas de politique de mots de passe IAM : %s", fix))
		default:
			if weak := weaknesses(*a.IAM.PasswordPolicy); len(weak) > 0 {
				r.add(results.Fail, global, accountResource(a.ID), say(
					"the IAM password policy is too weak: %s. Fix: %s",
					"la politique de mots de passe IAM est trop faible : %s. Correction : %s",
					join(weak, semicolon), fix))
				continue
			}
			r.add(results.Pass, global, accountResource(a.ID), say(
				"the IAM password policy requires %d characters of four classes and forbids reusing the last "+
					"%d passwords",
				"la politique de mots de passe IAM exige %d caractères de quatre types et interdit de réutiliser "+
					"les %d derniers mots de passe",
				a.IAM.PasswordPolicy.MinimumLength, a.IAM.PasswordPolicy.ReusePrevention))
		}
	}
	return r.done()
}

// weaknesses lists how p falls short of the thresholds.
func weaknesses(p inventory.PasswordPolicy) []framework.Text {
	var out []framework.Text
	if p.MinimumLength < MinPasswordLength {
		out = append(out, say("minimum length %d, below %d", "longueur minimale de %d, en deçà de %d",
			p.MinimumLength, MinPasswordLength))
	}
	for _, class := range []struct {
		required    bool
		notRequired framework.Text
	}{
		{p.RequireUppercase, framework.Text{EN: "upper-case letters not required", FR: "majuscules non exigées"}},
		{p.RequireLowercase, framework.Text{EN: "lower-case letters not required", FR: "minuscules non exigées"}},
		{p.RequireNumbers, framework.Text{EN: "digits not required", FR: "chiffres non exigés"}},
		{p.RequireSymbols, framework.Text{EN: "symbols not required", FR: "caractères spéciaux non exigés"}},
	} {
		if !class.required {
			out = append(out, class.notRequired)
		}
	}
	if p.ReusePrevention < MinPasswordReuseHistory {
		out = append(out, say("reuse prevented for the last %d passwords, below %d",
			"réutilisation interdite pour les %d derniers mots de passe, en deçà de %d",
			p.ReusePrevention, MinPasswordReuseHistory))
	}
	return out
}
