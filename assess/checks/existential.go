package checks

import (
	"strings"

	"github.com/hdsctl/hdsctl/assess/inventory"
	"github.com/hdsctl/hdsctl/awsref"
	"github.com/hdsctl/hdsctl/results"
)

// cloudTrail is cloudtrail-multi-region-validated: every account has at
// least one trail that covers every Region, is logging, and validates its
// log files (an organization trail counts for the member accounts that see
// it). The good trails pass; when there is none, every trail fails with what
// it lacks, or the account fails for having no trail.
func cloudTrail(inv *inventory.Inventory) []results.Finding {
	r := newReport(nameCloudTrail)
	for _, a := range inv.Accounts {
		if r.unread(a, inventory.FactTrails) {
			continue
		}
		var candidates []candidate
		for _, t := range inv.Trails {
			if t.Account != a.ID {
				continue
			}
			c := candidate{loc: t.Location, arn: t.ARN, what: "trail " + t.Name}
			if !t.MultiRegion {
				c.lacks = append(c.lacks, "it records only its home Region (aws cloudtrail update-trail --name "+
					t.Name+" --is-multi-region-trail)")
			}
			if !t.LogFileValidation {
				c.lacks = append(c.lacks, "it does not validate its log files (aws cloudtrail update-trail --name "+
					t.Name+" --enable-log-file-validation)")
			}
			if inv.Unknown(inventory.FactTrails, t.Location, t.ARN) {
				c.unknown = true
			} else if !t.Logging {
				c.lacks = append(c.lacks, "it is not logging (aws cloudtrail start-logging --name "+t.Name+")")
			}
			candidates = append(candidates, c)
		}
		r.atLeastOne(inv, a.ID, candidates, facts(inventory.FactTrails),
			"a multi-Region CloudTrail trail that is logging and validates its log files",
			"create one: aws cloudtrail create-trail --name hds --s3-bucket-name BUCKET --is-multi-region-trail "+
				"--enable-log-file-validation, then aws cloudtrail start-logging --name hds")
	}
	return r.done()
}

var backupFacts = []inventory.Fact{inventory.FactBackupPlans, inventory.FactBackupSelections}

// backupCoverage is backup-plan-coverage: every account has at least one
// AWS Backup plan in an EEA Region with a scheduled rule and at least one
// resource selection.
func backupCoverage(inv *inventory.Inventory) []results.Finding {
	r := newReport(nameBackup)
	for _, a := range inv.Accounts {
		if r.unread(a, backupFacts...) {
			continue
		}
		var candidates []candidate
		for _, p := range inv.BackupPlans {
			if p.Account != a.ID {
				continue
			}
			c := candidate{loc: p.Location, arn: p.ARN, what: "backup plan " + p.Name}
			if !awsref.InEEA(p.Region) {
				c.lacks = append(c.lacks, "it is in "+describeRegion(p.Region)+", outside the EEA")
			}
			if inv.Unknown(inventory.FactBackupPlans, p.Location, p.ARN) {
				c.unknown = true
			} else if !scheduled(p) {
				c.lacks = append(c.lacks, "no rule runs on a schedule (add a rule with a cron expression)")
			}
			if inv.Unknown(inventory.FactBackupSelections, p.Location, p.ARN) {
				c.unknown = true
			} else if len(p.Selections) == 0 {
				c.lacks = append(c.lacks, "no resource is assigned to it (add a resource selection)")
			}
			candidates = append(candidates, c)
		}
		r.atLeastOne(inv, a.ID, candidates, backupFacts,
			"an AWS Backup plan in an EEA Region with a scheduled rule and assigned resources",
			"create one in an EEA Region ("+eeaRegions()+") with a scheduled rule, and assign the resources "+
				"holding health data to it")
	}
	return r.done()
}

func scheduled(p inventory.BackupPlan) bool {
	for _, rule := range p.Rules {
		if rule.Schedule != "" {
			return true
		}
	}
	return false
}

// candidate is a resource that may meet a check that asks for at least one
// good resource per account.
type candidate struct {
	loc   inventory.Location
	arn   string
	what  string
	lacks []string
	// unknown says a fact of the candidate could not be read, so that it
	// cannot pass, and cannot fail unless lacks says why.
	unknown bool
}

// atLeastOne judges an account that needs one good candidate: the good ones
// pass and nothing else is said; with none, each candidate known to fall
// short fails, the gaps are reported, and the account fails when it has no
// candidate and no gap.
func (r *report) atLeastOne(inv *inventory.Inventory, account string, candidates []candidate,
	facts []inventory.Fact, want, fix string) {
	good := false
	for _, c := range candidates {
		if len(c.lacks) == 0 && !c.unknown {
			good = true
			r.add(results.Pass, c.loc, c.arn, "%s meets the rule: %s", c.what, want)
		}
	}
	if good {
		return
	}
	for _, c := range candidates {
		if len(c.lacks) > 0 {
			r.add(results.Fail, c.loc, c.arn, "the account needs %s, and %s falls short: %s",
				want, c.what, strings.Join(c.lacks, "; "))
		}
	}
	before := r.count
	r.gaps(inv, account, facts...)
	if len(candidates) == 0 && r.count == before {
		r.add(results.Fail, globalOf(account), accountResource(account),
			"the account needs %s and has none: %s", want, fix)
	}
}
