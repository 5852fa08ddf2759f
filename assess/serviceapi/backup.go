package serviceapi

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/backup"
	backuptypes "github.com/aws/aws-sdk-go-v2/service/backup/types"

	"github.com/hdsctl/hdsctl/assess/inventory"
)

func (r *run) backup(region string) *backup.Client {
	return backup.NewFromConfig(r.cfg, func(o *backup.Options) {
		o.Region = region
		o.APIOptions = append(o.APIOptions, r.limits.apiOption("backup"))
	})
}

// backupVaults reads the AWS Backup vaults of region.
func (r *run) backupVaults(ctx context.Context, region string) {
	var vaults []inventory.BackupVault
	pages := backup.NewListBackupVaultsPaginator(r.backup(region), &backup.ListBackupVaultsInput{})
	for pages.HasMorePages() {
		out, err := pages.NextPage(ctx)
		if err != nil {
			r.failed(ctx, region, "", "backup", "ListBackupVaults", err, inventory.FactBackupVaults)
			break
		}
		for _, v := range out.BackupVaultList {
			vaults = append(vaults, inventory.BackupVault{
				Location: r.where(region),
				ARN:      aws.ToString(v.BackupVaultArn),
				Name:     aws.ToString(v.BackupVaultName),
			})
		}
	}
	r.add(func(inv *inventory.Inventory) { inv.BackupVaults = append(inv.BackupVaults, vaults...) })
}

// backupPlans reads the AWS Backup plans of region, with their rules and
// resource selections.
func (r *run) backupPlans(ctx context.Context, region string) {
	client := r.backup(region)
	var listed []backuptypes.BackupPlansListMember
	pages := backup.NewListBackupPlansPaginator(client, &backup.ListBackupPlansInput{})
	for pages.HasMorePages() {
		out, err := pages.NextPage(ctx)
		if err != nil {
			r.failed(ctx, region, "", "backup", "ListBackupPlans", err,
				inventory.FactBackupPlans, inventory.FactBackupSelections)
			break
		}
		listed = append(listed, out.BackupPlansList...)
	}
	plans := make([]inventory.BackupPlan, len(listed))
	forEach(r.opts.PerService, len(listed), func(i int) {
		plans[i] = r.backupPlan(ctx, client, region, listed[i])
	})
	r.add(func(inv *inventory.Inventory) { inv.BackupPlans = append(inv.BackupPlans, plans...) })
}

func (r *run) backupPlan(ctx context.Context, client *backup.Client, region string,
	listed backuptypes.BackupPlansListMember) inventory.BackupPlan {
	plan := inventory.BackupPlan{
		Location: r.where(region),
		ARN:      aws.ToString(listed.BackupPlanArn),
		ID:       aws.ToString(listed.BackupPlanId),
		Name:     aws.ToString(listed.BackupPlanName),
	}
	id := listed.BackupPlanId
	out, err := client.GetBackupPlan(ctx, &backup.GetBackupPlanInput{BackupPlanId: id})
	switch {
	case err != nil:
		r.failed(ctx, region, plan.ARN, "backup", "GetBackupPlan", err, inventory.FactBackupPlans)
	case out.BackupPlan != nil:
		for _, rule := range out.BackupPlan.Rules {
			plan.Rules = append(plan.Rules, backupRule(rule))
		}
	}
	if !r.wants(inventory.FactBackupSelections) {
		return plan
	}
	selections := &backup.ListBackupSelectionsInput{BackupPlanId: id}
	pages := backup.NewListBackupSelectionsPaginator(client, selections)
	for pages.HasMorePages() {
		out, err := pages.NextPage(ctx)
		if err != nil {
			r.failed(ctx, region, plan.ARN, "backup", "ListBackupSelections", err,
				inventory.FactBackupSelections)
			break
		}
		for _, s := range out.BackupSelectionsList {
			plan.Selections = append(plan.Selections, aws.ToString(s.SelectionName))
		}
	}
	return plan
}

func backupRule(rule backuptypes.BackupRule) inventory.BackupRule {
	out := inventory.BackupRule{
		Name:        aws.ToString(rule.RuleName),
		Schedule:    aws.ToString(rule.ScheduleExpression),
		TargetVault: aws.ToString(rule.TargetBackupVaultName),
	}
	for _, c := range rule.CopyActions {
		vault := aws.ToString(c.DestinationBackupVaultArn)
		c := inventory.CopyAt(inventory.CopyBackupRule, vault, "")
		c.Rule = out.Name
		out.Copies = append(out.Copies, c)
	}
	return out
}
