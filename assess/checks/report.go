package checks

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/hdsctl/hdsctl/assess/inventory"
	"github.com/hdsctl/hdsctl/awsref"
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

// add adds a finding on resource in loc.
func (r *report) add(status results.Status, loc inventory.Location, resource, format string, args ...any) {
	f := results.Finding{
		Resource: resource,
		Account:  loc.Account,
		Region:   loc.Region,
		Status:   status,
		Message:  fmt.Sprintf(format, args...),
		Source:   r.source,
	}
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
		var unknown []string
		for _, f := range g.Facts {
			if slices.Contains(facts, f) {
				unknown = append(unknown, string(f))
			}
		}
		call := g.Service + " " + g.Operation
		r.add(results.Error, g.Location, resource,
			"could not read %s: %s failed in %s: %v; make sure the Region is enabled for the account "+
				"and that hdsctl's identity may call %s:%s (the ReadOnlyAccess managed policy allows "+
				"every call hdsctl makes), then assess again",
			strings.Join(unknown, ", "), call, regionOrUnknown(g.Region), g.Err, g.Service, g.Operation)
	}
}

// unread adds an ERROR finding for each of facts that was not read for
// account a, and reports whether there was one.
func (r *report) unread(a inventory.Account, facts ...inventory.Fact) bool {
	missing := false
	for _, f := range facts {
		if !a.Read(f) {
			missing = true
			r.add(results.Error, globalOf(a.ID), accountResource(a.ID),
				"the inventory of this account was collected without %s, so the check "+
					"could not judge it: collect it and assess again", f)
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
// account of inv that has no finding.
func (r *report) nothingFound(inv *inventory.Inventory, what string) {
	for _, a := range inv.Accounts {
		if r.judged(a.ID) {
			continue
		}
		r.add(results.Pass, globalOf(a.ID), accountResource(a.ID),
			"nothing to check: no %s in the Regions read (%s)", what, strings.Join(a.Regions, ", "))
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

// describeRegion names a Region and its country for a message.
func describeRegion(code string) string {
	if code == "" {
		return "an unknown Region"
	}
	r, ok := awsref.LookupRegion(code)
	if !ok {
		return code + " (a Region hdsctl does not know)"
	}
	return code + " (" + r.Country + ")"
}

func regionOrUnknown(code string) string {
	if code == "" {
		return "an unknown Region"
	}
	return code
}

// eeaRegions lists the EEA Regions for a message.
func eeaRegions() string { return strings.Join(awsref.EEARegions(), ", ") }
