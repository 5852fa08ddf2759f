package checks

import (
	"github.com/hdsctl/hdsctl/assess/inventory"
	"github.com/hdsctl/hdsctl/awsref"
	"github.com/hdsctl/hdsctl/framework"
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
			c := candidate{loc: t.Location, arn: t.ARN, what: say("trail %s", "le journal de suivi %s", t.Name)}
			update := "aws cloudtrail update-trail --name " + t.Name
			if !t.MultiRegion {
				c.lacks = append(c.lacks, say("it records only its home Region (%s)",
					"il n'enregistre que sa Région d'origine (%s)", update+" --is-multi-region-trail"))
			}
			if !t.LogFileValidation {
				c.lacks = append(c.lacks, say("it does not validate its log files (%s)",
					"il ne valide pas ses fichiers journaux (%s)", update+" --enable-log-file-validation"))
			}
			if inv.Unknown(inventory.FactTrails, t.Location, t.ARN) {
				c.unknown = true
			} else if !t.Logging {
				c.lacks = append(c.lacks, say("it is not logging (%s)", "sa journalisation est arrêtée (%s)",
					"aws cloudtrail start-logging --name "+t.Name))
			}
			candidates = append(candidates, c)
		}
		r.atLeastOne(inv, a.ID, candidates, facts(inventory.FactTrails), framework.Text{
			EN: "a multi-Region CloudTrail trail that is logging and validates its log files",
			FR: "un journal de suivi CloudTrail multi-Régions, en cours de journalisation, avec validation des " +
				"fichiers journaux",
		}, say("create one: %s, then %s", "créez-en un avec %s, puis exécutez %s",
			"aws cloudtrail create-trail --name hds --s3-bucket-name BUCKET --is-multi-region-trail "+
				"--enable-log-file-validation", "aws cloudtrail start-logging --name hds"))
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
			c := candidate{loc: p.Location, arn: p.ARN, what: say("backup plan %s", "le plan de sauvegarde %s", p.Name)}
			if !awsref.InEEA(p.Region) {
				c.lacks = append(c.lacks, say("it is in %s, outside the EEA", "il se trouve dans %s, hors de l'EEE",
					describeRegion(p.Region)))
			}
			if inv.Unknown(inventory.FactBackupPlans, p.Location, p.ARN) {
				c.unknown = true
			} else if !scheduled(p) {
				c.lacks = append(c.lacks, framework.Text{
					EN: "no rule runs on a schedule (add a rule with a cron expression)",
					FR: "aucune de ses règles n'est planifiée (ajoutez une règle avec une expression cron)",
				})
			}
			if inv.Unknown(inventory.FactBackupSelections, p.Location, p.ARN) {
				c.unknown = true
			} else if len(p.Selections) == 0 {
				c.lacks = append(c.lacks, framework.Text{
					EN: "no resource is assigned to it (add a resource selection)",
					FR: "aucune ressource ne lui est attribuée (ajoutez une attribution de ressources)",
				})
			}
			candidates = append(candidates, c)
		}
		r.atLeastOne(inv, a.ID, candidates, backupFacts, framework.Text{
			EN: "an AWS Backup plan in an EEA Region with a scheduled rule and assigned resources",
			FR: "un plan de sauvegarde AWS Backup dans une Région de l'EEE, avec une règle planifiée et des " +
				"ressources attribuées",
		}, say("create one in an EEA Region (%s) with a scheduled rule, and assign the resources holding health "+
			"data to it",
			"créez-en un dans une Région de l'EEE (%s) avec une règle planifiée, et attribuez-lui les ressources "+
				"qui hébergent des données de santé",
			eeaRegions()))
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
// good resource per account. The French of what takes its article ("le
// journal de suivi hds").
type candidate struct {
	loc   inventory.Location
	arn   string
	what  framework.Text
	lacks []framework.Text
	// unknown says a fact of the candidate could not be read, so that it
	// cannot pass, and cannot fail unless lacks says why.
	unknown bool
}

// atLeastOne judges an account that needs one good candidate: the good ones
// pass and nothing else is said; with none, each candidate known to fall
// short fails, the gaps are reported, and the account fails when it has no
// candidate and no gap. The French of want takes its article ("un plan").
func (r *report) atLeastOne(inv *inventory.Inventory, account string, candidates []candidate,
	facts []inventory.Fact, want, fix framework.Text) {
	good := false
	for _, c := range candidates {
		if len(c.lacks) == 0 && !c.unknown {
			good = true
			r.add(results.Pass, c.loc, c.arn, say("%s meets the rule: %s", "%s répond à l'exigence : %s",
				c.what, want))
		}
	}
	if good {
		return
	}
	for _, c := range candidates {
		if len(c.lacks) > 0 {
			r.add(results.Fail, c.loc, c.arn, say("the account needs %s, and %s falls short: %s",
				"le compte doit avoir %s ; %s n'y répond pas : %s", want, c.what, join(c.lacks, semicolon)))
		}
	}
	before := r.count
	r.gaps(inv, account, facts...)
	if len(candidates) == 0 && r.count == before {
		r.add(results.Fail, globalOf(account), accountResource(account), say(
			"the account needs %s and has none: %s", "le compte doit avoir %s et n'en a pas : %s", want, fix))
	}
}
