package checks

import (
	"cmp"
	"slices"
	"strings"

	"github.com/hdsctl/hdsctl/assess/inventory"
	"github.com/hdsctl/hdsctl/framework"
	"github.com/hdsctl/hdsctl/results"
)

// report gathers the findings of one check, or hands each to emit as it
// is found.
type report struct {
	source   string
	findings []results.Finding
	// emit, when set, receives each finding, which the report then forgets.
	emit func(results.Finding)
	// count counts the findings, and judgedAccounts holds the accounts they
	// are about.
	count          int
	judgedAccounts map[string]bool
}

func newReport(name string) *report {
	return &report{source: Source(name), judgedAccounts: map[string]bool{}}
}

// add adds a finding on resource in loc that says msg. The French message
// is a sentence, so add starts it with a capital letter, which lets a
// message open on a noun phrase written for the middle of one ("le
// volume EBS vol-1").
func (r *report) add(status results.Status, loc inventory.Location, resource string, msg framework.Text) {
	f := results.Finding{
		Resource: resource,
		Account:  loc.Account,
		Region:   loc.Region,
		Status:   status,
		Source:   r.source,
	}
	f.Say(framework.Text{EN: msg.EN, FR: sentence(msg.FR)})
	r.count++
	r.judgedAccounts[f.Account] = true
	if r.emit != nil {
		r.emit(f)
		return
	}
	r.findings = append(r.findings, f)
}

// gaps adds an ERROR finding for each gap of account (every account when
// empty) that leaves one of facts unknown.
func (r *report) gaps(inv *inventory.Inventory, account string, facts ...inventory.Fact) {
	for _, g := range inv.GapsFor(facts...) {
		if account != "" && g.Account != account {
			continue
		}
		resource := g.Resource
		if resource == "" {
			resource = accountResource(g.Account)
		}
		var unknown []framework.Text
		for _, f := range g.Facts {
			if slices.Contains(facts, f) {
				unknown = append(unknown, factName(f))
			}
		}
		call, permission := g.Service+" "+g.Operation, g.Service+":"+g.Operation
		r.add(results.Error, g.Location, resource, say(
			"could not read %s: %s failed in %s: %v; make sure the Region is enabled for the account and that "+
				"hdsctl's identity may call %s (the ReadOnlyAccess managed policy allows every call hdsctl makes), "+
				"then assess again",
			"impossible de lire %s : l'appel %s a échoué (%s) : %v ; vérifiez que la Région est activée pour le "+
				"compte et que l'identité de hdsctl peut appeler %s (la politique gérée ReadOnlyAccess autorise "+
				"tous les appels que fait hdsctl), puis relancez l'évaluation",
			join(unknown, comma), call, regionOrUnknown(g.Region), g.Err, permission))
	}
}

// unread adds an ERROR finding for each of facts that was not read for
// account a, and reports whether there was one.
func (r *report) unread(a inventory.Account, facts ...inventory.Fact) bool {
	missing := false
	for _, f := range facts {
		if !a.Read(f) {
			missing = true
			r.add(results.Error, globalOf(a.ID), accountResource(a.ID), say(
				"the inventory of this account was collected without %s, so the check could not judge it: "+
					"collect it and assess again",
				"l'inventaire de ce compte a été collecté sans %s, si bien que la vérification n'a pas pu "+
					"se prononcer : complétez l'inventaire et relancez l'évaluation",
				factName(f)))
		}
	}
	return missing
}

// unreadAll calls unread for every account of inv.
func (r *report) unreadAll(inv *inventory.Inventory, facts ...inventory.Fact) {
	for _, a := range inv.Accounts {
		r.unread(a, facts...)
	}
}

// judged reports whether the report has a finding for account.
func (r *report) judged(account string) bool { return r.judgedAccounts[account] }

// nothingFound adds a PASS finding, saying what was looked for, for every
// account of inv that has no finding. The French of what takes its
// determiner ("aucune clé KMS").
func (r *report) nothingFound(inv *inventory.Inventory, what framework.Text) {
	for _, a := range inv.Accounts {
		if r.judged(a.ID) {
			continue
		}
		r.add(results.Pass, globalOf(a.ID), accountResource(a.ID), say(
			"nothing to check: no %s in the Regions read (%s)",
			"rien à vérifier : %s dans les Régions inventoriées (%s)", what, strings.Join(a.Regions, ", ")))
	}
}

// done returns the findings sorted by account, Region and resource, so that
// the order does not depend on the order of collection.
func (r *report) done() []results.Finding {
	slices.SortStableFunc(r.findings, func(a, b results.Finding) int {
		return cmp.Or(cmp.Compare(a.Account, b.Account), cmp.Compare(a.Region, b.Region),
			cmp.Compare(a.Resource, b.Resource))
	})
	return r.findings
}

// accountResource names an account the way Security Hub does.
func accountResource(account string) string { return "AWS::::Account:" + account }

// globalOf returns the Location of the account-wide facts of account.
func globalOf(account string) inventory.Location {
	return inventory.Location{Account: account, Region: inventory.GlobalRegion}
}
