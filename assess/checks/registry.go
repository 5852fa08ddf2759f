package checks

import (
	"slices"

	"github.com/hdsctl/hdsctl/assess/inventory"
	"github.com/hdsctl/hdsctl/framework"
	"github.com/hdsctl/hdsctl/results"
)

// Func evaluates a check. It only reads inv, and returns the same findings,
// in the same order, for the same inventory.
type Func func(inv *inventory.Inventory) []results.Finding

// Check is one of hdsctl's own checks and its implementation.
type Check struct {
	// Name is the check's name in framework.Checks and in HDSCTL_CHECK
	// sources.
	Name string
	// Facts lists the inventory facts the check reads.
	Facts []inventory.Fact
	Run   Func
}

// The names of the checks, as framework.Checks spells them.
const (
	nameResidency  = "eea-data-residency"
	nameCloudTrail = "cloudtrail-multi-region-validated"
	nameEncryption = "encryption-at-rest-default"
	namePublicS3   = "s3-public-access-blocked"
	nameRotation   = "kms-key-rotation"
	nameRootMFA    = "root-account-mfa"
	namePasswords  = "iam-password-policy"
	nameBackup     = "backup-plan-coverage"
)

var registry = []Check{
	{nameResidency, residencyFacts, residency},
	{nameCloudTrail, facts(inventory.FactTrails), cloudTrail},
	{nameEncryption, encryptionFacts, encryption},
	{namePublicS3, publicS3Facts, publicS3},
	{nameRotation, facts(inventory.FactKeys), rotation},
	{nameRootMFA, facts(inventory.FactRootMFA), rootMFA},
	{namePasswords, facts(inventory.FactPasswordPolicy), passwordPolicy},
	{nameBackup, backupFacts, backupCoverage},
}

func facts(f ...inventory.Fact) []inventory.Fact { return f }

// Lookup returns the check with the given name.
func Lookup(name string) (Check, bool) {
	i := slices.IndexFunc(registry, func(c Check) bool { return c.Name == name })
	if i < 0 {
		return Check{}, false
	}
	return registry[i], true
}

// All returns every check, in the order of framework.Checks.
func All() []Check { return slices.Clone(registry) }

// FactsFor returns the facts the named checks read, for a provider to read
// those only. Unknown names are ignored.
func FactsFor(names ...string) []inventory.Fact {
	var facts []inventory.Fact
	for _, name := range names {
		c, _ := Lookup(name)
		for _, f := range c.Facts {
			if !slices.Contains(facts, f) {
				facts = append(facts, f)
			}
		}
	}
	return facts
}

// Source returns the Source of the findings of the named check:
// HDSCTL_CHECK:<name>.
func Source(name string) string {
	return string(framework.SourceCheck) + ":" + name
}
