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
	// body, for the checks that judge resource by resource, adds each
	// finding to a report as it is found.
	body func(inv *inventory.Inventory, r *report)
}

// byResource returns a check that judges resource by resource, whose
// findings Emit can hand over one at a time.
func byResource(name string, facts []inventory.Fact, body func(*inventory.Inventory, *report)) Check {
	run := func(inv *inventory.Inventory) []results.Finding {
		r := newReport(name)
		body(inv, r)
		return r.done()
	}
	return Check{Name: name, Facts: facts, Run: run, body: body}
}

// Emit runs the check over inv and hands each finding to emit as it is
// found, in no set order, keeping none: a caller that sums the findings up
// as they come (results.Digest) then holds no more than it keeps, however
// many resources inv holds. Sorted by account, Region and resource, keeping
// the order of those equal, they are the findings of Run.
func (c Check) Emit(inv *inventory.Inventory, emit func(results.Finding)) {
	if c.body == nil {
		for _, f := range c.Run(inv) {
			emit(f)
		}
		return
	}
	r := newReport(c.Name)
	r.emit = emit
	c.body(inv, r)
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
	byResource(nameResidency, residencyFacts, residency),
	{Name: nameCloudTrail, Facts: facts(inventory.FactTrails), Run: cloudTrail},
	byResource(nameEncryption, encryptionFacts, encryption),
	byResource(namePublicS3, publicS3Facts, publicS3),
	byResource(nameRotation, facts(inventory.FactKeys), rotation),
	{Name: nameRootMFA, Facts: facts(inventory.FactRootMFA), Run: rootMFA},
	{Name: namePasswords, Facts: facts(inventory.FactPasswordPolicy), Run: passwordPolicy},
	{Name: nameBackup, Facts: backupFacts, Run: backupCoverage},
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
