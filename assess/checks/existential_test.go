package checks

import (
	"testing"

	"github.com/hdsctl/hdsctl/assess/inventory"
)

func trail(arn string, multi, logging, validated bool) inventory.Trail {
	return inventory.Trail{Location: paris, ARN: arn, Name: arn, MultiRegion: multi, Logging: logging,
		LogFileValidation: validated}
}

func TestCloudTrailPassesOnOneGoodTrail(t *testing.T) {
	inv := estate()
	inv.Trails = []inventory.Trail{trail("good", true, true, true), trail("local", false, true, true)}
	run(t, nameCloudTrail, inv, "PASS good")
}

func TestCloudTrailFailsEveryTrailWhenNoneIsGood(t *testing.T) {
	inv := estate()
	inv.Trails = []inventory.Trail{trail("local", false, true, true), trail("stopped", true, false, true),
		trail("unvalidated", true, true, false)}
	findings := run(t, nameCloudTrail, inv, "FAIL local", "FAIL stopped", "FAIL unvalidated")
	wantIn(t, messageOf(t, findings, "local"), "--is-multi-region-trail")
	wantIn(t, messageOf(t, findings, "stopped"), "start-logging --name stopped")
	wantIn(t, messageOf(t, findings, "unvalidated"), "--enable-log-file-validation")
}

func TestCloudTrailFailsAnAccountWithoutTrails(t *testing.T) {
	findings := run(t, nameCloudTrail, estate(), "FAIL "+accountID)
	wantIn(t, findings[0].Message, "create-trail")
}

func TestCloudTrailReportsGapsRatherThanFailWhenItSawNoTrail(t *testing.T) {
	inv := estate()
	inv.Gaps = []inventory.Gap{gap("eu-west-3", "", inventory.FactTrails)}
	run(t, nameCloudTrail, inv, "ERROR "+accountID)

	inv.Trails = []inventory.Trail{trail("good", true, true, true)}
	run(t, nameCloudTrail, inv, "PASS good")
}

func TestCloudTrailDoesNotJudgeATrailWhoseStatusIsUnknown(t *testing.T) {
	inv := estate()
	inv.Trails = []inventory.Trail{trail("silent", true, false, true)}
	inv.Gaps = []inventory.Gap{gap("eu-west-3", "silent", inventory.FactTrails)}
	run(t, nameCloudTrail, inv, "ERROR silent")
}

func plan(region, arn string, schedule string, selections ...string) inventory.BackupPlan {
	return inventory.BackupPlan{Location: at(region), ARN: arn, Name: arn,
		Rules: []inventory.BackupRule{{Name: "r", Schedule: schedule}}, Selections: selections}
}

// moto cannot create backup selections: the passing cases are here.
func TestBackupCoverage(t *testing.T) {
	daily := "cron(0 5 ? * * *)"
	tests := []struct {
		name  string
		plans []inventory.BackupPlan
		want  []string
	}{
		{"one good plan", []inventory.BackupPlan{plan("eu-west-3", "good", daily, "db"), plan("us-east-1", "us", daily, "db")},
			[]string{"PASS good"}},
		{"outside the EEA", []inventory.BackupPlan{plan("us-east-1", "us", daily, "db")}, []string{"FAIL us"}},
		{"no schedule", []inventory.BackupPlan{plan("eu-west-3", "manual", "", "db")}, []string{"FAIL manual"}},
		{"no selection", []inventory.BackupPlan{plan("eu-west-3", "empty", daily)}, []string{"FAIL empty"}},
		{"no plan", nil, []string{"FAIL " + accountID}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv := estate()
			inv.BackupPlans = tt.plans
			run(t, nameBackup, inv, tt.want...)
		})
	}
}

func TestBackupCoverageDoesNotFailAPlanWhoseSelectionsAreUnknown(t *testing.T) {
	inv := estate()
	inv.BackupPlans = []inventory.BackupPlan{plan("eu-west-3", "p", "cron(0 5 ? * * *)")}
	inv.Gaps = []inventory.Gap{gap("eu-west-3", "p", inventory.FactBackupSelections)}
	run(t, nameBackup, inv, "ERROR p")
}
