package sandbox

// The demo organization (Options.Demo) is a fictitious French health-data
// host, "Médisanté Cloud", running on AWS, so that a newcomer sees a real
// assessment without an AWS account. It is seeded into an empty state, the
// same on every run but for the times of Config evaluations and Security Hub
// findings, which are those of the seeding.
//
// Accounts (AWS Organizations, all features):
//
//	management  Options.AccountID (123456789012): the organization trail, the
//	            Config aggregator "medisante-organisation" and the Security Hub
//	            administrator. Root MFA (hardware), strong password policy.
//	production  210987654321: the patient records. Root MFA (virtual), strong
//	            password policy.
//	analytics   345678901234: pseudonymised statistics. No root MFA, a weak
//	            password policy, no account-level S3 Block Public Access.
//
// Regions: Paris (eu-west-3) is home, Frankfurt (eu-central-1) the disaster
// recovery site, and N. Virginia (us-east-1), outside the European Economic
// Area, holds one thing: the analytics account's export bucket. Config
// records and Security Hub runs in every Region enabled by default, in every
// account; the resources, rules and findings are in the three Regions.
//
// What passes and what fails, and why:
//
//   - EXI 28 (data in the EEA) fails on the bucket
//     medisante-analytics-exports-us in us-east-1. The patient-record bucket
//     replicates to Frankfurt, the main database's backups are replicated to
//     Frankfurt, the DynamoDB table's replica and the backup copies are in
//     Frankfurt: all inside the EEA.
//   - Encryption at rest fails on the EBS volume vol-0d3e5a1c2b4f60002
//     (pacs-cache, unencrypted) and its snapshot, and on EBS encryption by
//     default, off in the production account's Paris Region.
//   - Backups fail on the RDS instance medisante-prod-reporting (retention 0,
//     single AZ); the main database medisante-prod-dpi keeps 14 days.
//   - CloudTrail fails in the analytics account: its own trail
//     analytics-trail has no log file validation (the organization trail of
//     the management account, multi-Region and validated, passes).
//   - IAM fails in the analytics account: password policy of 8 characters
//     without symbols or reuse prevention, and no MFA on the root user.
//   - KMS rotation fails on the production key alias/medisante-imagerie.
//   - S3 versioning fails on the imaging bucket medisante-prod-imagerie
//     (suspended), which also lacks access logs and an HTTPS-only policy.
//   - Security Hub: findings for the controls the hds-v2 catalog names
//     (Config.1, GuardDuty.1, GuardDuty.10, SSM.2, RDS.38, Lambda.2, IAM.1,
//     IAM.4, IAM.6, IAM.9, EC2.19, CloudTrail.1, CloudTrail.4), PASSED and
//     FAILED as the story goes, plus an ARCHIVED finding and a SUPPRESSED one
//     that an assessment must leave out.
//   - Config: a standalone rule for every AWS Config managed rule the
//     catalog names (demo_rules.go), evaluated against the resources above;
//     a conformance pack deployed later with the same managed identifiers
//     reports the same results (see inheritEvaluations).

import (
	"encoding/base32"
	"fmt"
	"strings"
	"time"
)

// The demo's member accounts, when Options.Accounts names none.
const (
	DemoProductionAccountID = "210987654321"
	DemoAnalyticsAccountID  = "345678901234"
)

// The demo's Regions: home, disaster recovery, and the one outside the EEA.
const (
	demoHome    = "eu-west-3"
	demoDR      = "eu-central-1"
	demoOutside = "us-east-1"
)

// DemoRegions returns the Regions where the demo has resources.
func DemoRegions() []string { return []string{demoHome, demoDR, demoOutside} }

// DemoAccounts returns the demo's member accounts, each with an access key
// that signs as it (AKIADEMOPRODUCTION01, AKIADEMOANALYTICS001).
func DemoAccounts() []Account {
	return []Account{{
		ID:           DemoProductionAccountID,
		AccessKeyIDs: []string{"AKIADEMOPRODUCTION01"},
		Name:         "medisante-production (demo)",
		Email:        "aws-production@medisante.example",
	}, {
		ID:           DemoAnalyticsAccountID,
		AccessKeyIDs: []string{"AKIADEMOANALYTICS001"},
		Name:         "medisante-analytics (demo)",
		Email:        "aws-analytics@medisante.example",
	}}
}

// demoAccount is what the demo seeds into one account.
type demoAccount struct {
	id, role string // role: management, production or analytics
	iam      IAMSettings
	pab      *PublicAccessBlock
	regions  map[string]*demoRegion
}

// demoRegion is what the demo seeds into one account's Region.
type demoRegion struct {
	ebsDefault  bool
	buckets     []demoBucket
	volumes     []EBSVolume
	snapshots   []EBSSnapshot
	instances   []RDSInstance
	clusters    []RDSCluster
	dbSnapshots []RDSSnapshot
	tables      []DynamoDBTable
	fileSystems []EFSFileSystem
	vaults      []BackupVault
	plans       []BackupPlan
	selections  []BackupSelection
	trails      []CloudTrailTrail
	keys        []KMSKey
	findings    []ControlFinding
}

// demoBucket is a bucket with the facts its rules judge beyond its item.
type demoBucket struct {
	S3Bucket
	sslOnly bool
}

// demo builds the accounts of the story.
type demo struct {
	mgmt, prod, analytics string
	created               time.Time
}

// seedDemo writes the demo organization into the state of s, which must be
// empty, and leaves the caller to save it.
func seedDemo(s *Server, st *state, now time.Time) {
	d := demo{mgmt: s.opts.AccountID, created: date(2024, 3, 12).Add(9 * time.Hour)}
	members := s.opts.Accounts
	if len(members) > 0 {
		d.prod = members[0].ID
	}
	if len(members) > 1 {
		d.analytics = members[1].ID
	}
	now = now.UTC().Truncate(time.Second)
	accounts := []*demoAccount{d.management()}
	if d.prod != "" {
		accounts = append(accounts, d.production())
	}
	if d.analytics != "" {
		accounts = append(accounts, d.analyticsAccount())
	}
	for _, a := range accounts {
		if err := d.seedAccount(s, st, a, now); err != nil {
			// The demo's data is fixed: an error is a bug of this file.
			panic("sandbox: seeding the demo: " + err.Error())
		}
	}
	const name = "medisante-organisation"
	role := "arn:aws:iam::" + d.mgmt + ":role/service-role/AWSConfigRoleForOrganizations"
	st.region(d.mgmt, demoHome).Aggregators = map[string]*aggregator{name: {
		Name: name,
		ARN: "arn:aws:config:" + demoHome + ":" + d.mgmt + ":config-aggregator/config-aggregator-" +
			demoHex(8, "aggregator", d.mgmt),
		Org:     &aggOrgSource{RoleARN: role, AllRegions: true},
		Created: epoch(d.created),
		Updated: epoch(d.created),
	}}
}

// seedAccount writes one account: its IAM settings, and in every Region
// enabled by default a recorder and Security Hub, then the resources, rules
// and findings of its Regions.
func (d demo) seedAccount(s *Server, st *state, a *demoAccount, now time.Time) error {
	if err := st.setIAMSettings(a.id, a.iam); err != nil {
		return err
	}
	st.account(a.id).S3PublicAccessBlock = a.pab
	for _, r := range commercialRegions {
		if status, _ := s.regionStatus(r.code); status == regionDisabled {
			continue
		}
		rec := Recorder{Account: a.id, Region: r.code, Name: "default", AllSupported: true,
			IncludeGlobalResourceTypes: r.code == demoHome}
		st.region(a.id, r.code).Recorder = newRecorder(rec, d.created)
		// The demo's hosts turned EBS encryption by default on everywhere;
		// the story's one exception is set with the Region's data below.
		st.ec2(a.id, r.code).EBSEncryptionByDefault = true
		opts := SecurityHubOptions{Administrator: a.id == d.mgmt}
		if err := st.enableHub(a.id, r.code, opts, d.created); err != nil {
			return err
		}
	}
	for _, region := range DemoRegions() {
		dr, ok := a.regions[region]
		if !ok {
			continue
		}
		if err := d.seedRegion(st, a, region, dr, now); err != nil {
			return fmt.Errorf("account %s, %s: %w", a.id, region, err)
		}
	}
	return nil
}

func (d demo) seedRegion(st *state, a *demoAccount, region string, dr *demoRegion,
	now time.Time) error {
	st.ec2(a.id, region).EBSEncryptionByDefault = dr.ebsDefault
	var items []Resource
	for _, b := range dr.buckets {
		items = append(items, b.S3Bucket)
	}
	if a.pab != nil {
		items = append(items, S3AccountPublicAccessBlock{Region: region, PublicAccessBlock: *a.pab})
	}
	items = appendResources(items, dr.volumes)
	items = appendResources(items, dr.instances)
	items = appendResources(items, dr.clusters)
	items = appendResources(items, dr.dbSnapshots)
	items = appendResources(items, dr.tables)
	items = appendResources(items, dr.fileSystems)
	items = appendResources(items, dr.vaults)
	items = appendResources(items, dr.plans)
	items = appendResources(items, dr.selections)
	items = appendResources(items, dr.trails)
	for _, k := range dr.keys {
		items = append(items, KMSKeyItem{KMSKey: k, Region: region})
		if err := st.putKMSKey(a.id, region, k); err != nil {
			return err
		}
	}
	for _, it := range items {
		ci := it.Item(a.id)
		ci.CaptureTime = d.created
		if err := st.putConfigurationItem(ci); err != nil {
			return err
		}
	}
	for _, sn := range dr.snapshots {
		if err := st.putEBSSnapshot(a.id, region, sn); err != nil {
			return err
		}
	}
	if err := d.seedRules(st, a, region, dr, now); err != nil {
		return err
	}
	for _, f := range dr.findings {
		f.Account, f.Region, f.Updated = a.id, region, now
		if _, err := st.putControlFinding(f); err != nil {
			return err
		}
	}
	return nil
}

// appendResources appends resources of one type to items.
func appendResources[R Resource](items []Resource, resources []R) []Resource {
	for _, r := range resources {
		items = append(items, r)
	}
	return items
}

// demoHex returns n hexadecimal digits derived from the parts, the same on
// every run.
func demoHex(n int, parts ...string) string {
	h := strings.ReplaceAll(stableUUID(parts...)+stableUUID(append(parts, "2")...), "-", "")
	return h[:n]
}

// demoBase32 returns n upper-case letters and digits derived from the
// parts, for RDS resource IDs.
func demoBase32(n int, parts ...string) string {
	raw := []byte(demoHex(40, parts...))
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(raw)[:n]
}

func demoUUID(parts ...string) string { return stableUUID(append([]string{"demo"}, parts...)...) }

func (d demo) keyARN(account, region, id string) string {
	return "arn:aws:kms:" + region + ":" + account + ":key/" + id
}

// awsManagedKeys are the AWS managed keys a Region with data has.
func (d demo) awsManagedKeys(account, region string) []KMSKey {
	var out []KMSKey
	for _, svc := range []string{"s3", "rds", "ebs"} {
		out = append(out, KMSKey{
			ID:          demoUUID("aws-key", account, region, svc),
			Description: "Default key that protects my " + strings.ToUpper(svc) + " data when no other key is defined",
			Manager:     "AWS", RotationEnabled: true, Aliases: []string{"alias/aws/" + svc}, Created: d.created,
		})
	}
	return out
}
