package bench

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hdsctl/hdsctl/sandbox"
)

// Estate is a generated AWS estate for the assessment benchmarks: storage
// resources spread evenly over accounts, Regions and resource types, each
// recorded by AWS Config and evaluated by the AWS Config rules of the
// framework assessed.
type Estate struct {
	// Resources counts the storage resources.
	Resources int `json:"resources"`
	// Accounts counts the accounts; the first is the management account,
	// the others members of its organization.
	Accounts int      `json:"accounts"`
	Regions  []string `json:"regions"`
	// Failing counts the resources at fault (not encrypted), whatever the
	// estate's size, so that what grows with the estate is what passes.
	Failing int `json:"failing"`
	// Rules lists the AWS Config managed rules deployed in every account
	// and Region: the framework's.
	Rules []string `json:"rules"`
}

// estateRegions are the Regions of the generated estates, in the EEA.
var estateRegions = []string{"eu-west-1", "eu-west-3", "eu-central-1"}

// NewEstate returns an estate of n resources in the given number of
// accounts, each in three EEA Regions, with 30 resources at fault (fewer in
// an estate of less than 300), and rules deployed for the managed rules
// listed.
func NewEstate(n, accounts int, rules []string) Estate {
	return Estate{Resources: n, Accounts: max(1, accounts), Regions: slices.Clone(estateRegions),
		Failing: min(30, n/10), Rules: slices.Clone(rules)}
}

// AccountID returns the ID of account i, from 0.
func (e Estate) AccountID(i int) string { return fmt.Sprintf("1000000000%02d", i) }

// AccessKey returns the access key that signs as account i. The sandbox
// takes any key it does not know, that of account 0 among them, for the
// management account.
func (e Estate) AccessKey(i int) string { return fmt.Sprintf("AKIABENCHACCOUNT%04d", i) }

// SandboxOptions returns the options of a sandbox holding the estate's
// accounts, at the benchmarks' rate and latency.
func (e Estate) SandboxOptions() sandbox.Options {
	opts := SandboxOptions()
	opts.AccountID = e.AccountID(0)
	for i := 1; i < e.Accounts; i++ {
		opts.Accounts = append(opts.Accounts, sandbox.Account{ID: e.AccountID(i), AccessKeyIDs: []string{e.AccessKey(i)}})
	}
	return opts
}

// evaluatedBy gives, for each kind of generated resource, the managed rule
// that evaluates it, when the framework deploys that rule.
var evaluatedBy = map[string]string{
	"AWS::S3::Bucket":          "S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED",
	"AWS::EC2::Volume":         "ENCRYPTED_VOLUMES",
	"AWS::RDS::DBInstance":     "RDS_STORAGE_ENCRYPTED",
	"AWS::RDS::DBSnapshot":     "RDS_SNAPSHOT_ENCRYPTED",
	"AWS::DynamoDB::Table":     "DYNAMODB_PITR_ENABLED",
	"AWS::EFS::FileSystem":     "EFS_ENCRYPTED_CHECK",
	"AWS::Backup::BackupVault": "",
}

// resourceKinds is how many kinds of resources the estate generates.
const resourceKinds = 7

// Seed writes the estate into srv, which must have been started with
// e.SandboxOptions(): in every account and Region a configuration recorder,
// Security Hub, EBS encryption by default and the rules; then the
// resources, each with the evaluation of the rule over it.
func (e Estate) Seed(srv *sandbox.Server) error {
	for a := range e.Accounts {
		account := e.AccountID(a)
		for _, region := range e.Regions {
			if err := e.seedLocation(srv, account, region); err != nil {
				return fmt.Errorf("seeding account %s in %s: %w", account, region, err)
			}
		}
	}
	stride := e.Resources + 1
	if e.Failing > 0 {
		stride = e.Resources / e.Failing
	}
	for i := range e.Resources {
		loc := i / resourceKinds % (e.Accounts * len(e.Regions))
		account, region := e.AccountID(loc/len(e.Regions)), e.Regions[loc%len(e.Regions)]
		failing := i%stride == stride-1 && i/stride < e.Failing
		ci := resource(i, region, failing).Item(account)
		if err := srv.PutConfigurationItem(ci); err != nil {
			return fmt.Errorf("seeding resource %d: %w", i, err)
		}
		rule := evaluatedBy[ci.ResourceType]
		if rule == "" || !slices.Contains(e.Rules, rule) {
			continue
		}
		ev := sandbox.Evaluation{Account: account, Region: region, RuleName: ruleName(rule),
			ResourceType: ci.ResourceType, ResourceID: ci.ResourceID, Compliance: "COMPLIANT"}
		if failing {
			ev.Compliance, ev.Annotation = "NON_COMPLIANT", "The resource is not encrypted."
		}
		if err := srv.SetEvaluation(ev); err != nil {
			return fmt.Errorf("evaluating resource %d: %w", i, err)
		}
	}
	return nil
}

func (e Estate) seedLocation(srv *sandbox.Server, account, region string) error {
	if err := srv.SetRecorder(sandbox.Recorder{Account: account, Region: region, AllSupported: true,
		IncludeGlobalResourceTypes: region == e.Regions[0]}); err != nil {
		return err
	}
	if err := srv.EnableSecurityHub(account, region, sandbox.SecurityHubOptions{}); err != nil {
		return err
	}
	if err := srv.SetEBSEncryptionByDefault(account, region, true); err != nil {
		return err
	}
	for _, rule := range e.Rules {
		if err := srv.PutConfigRule(sandbox.ConfigRule{Account: account, Region: region, Name: ruleName(rule),
			SourceIdentifier: rule}); err != nil {
			return err
		}
	}
	return nil
}

// ruleName names the rule that runs a managed rule, as a conformance pack
// would: s3-bucket-versioning-enabled.
func ruleName(identifier string) string {
	return strings.ReplaceAll(strings.ToLower(identifier), "_", "-")
}

// created is the creation time of every generated resource.
var created = time.Date(2025, 1, 6, 9, 0, 0, 0, time.UTC)

// resource returns generated resource i, of kind i modulo resourceKinds,
// in region: encrypted unless failing.
func resource(i int, region string, failing bool) sandbox.Resource {
	ok := !failing
	switch i % resourceKinds {
	case 0:
		b := sandbox.S3Bucket{Name: fmt.Sprintf("bench-%07d", i), Region: region, Created: created,
			PublicAccessBlock: &sandbox.BlockAll, Versioning: "Enabled"}
		if ok {
			b.SSEAlgorithm = "aws:kms"
		}
		return b
	case 1:
		return sandbox.EBSVolume{ID: fmt.Sprintf("vol-%017x", i), Region: region, AvailabilityZone: region + "a",
			Created: created, SizeGiB: 100, Encrypted: ok}
	case 2:
		return sandbox.RDSInstance{Identifier: fmt.Sprintf("db-%07d", i), ResourceID: fmt.Sprintf("db-BENCH%019d", i),
			Region: region, AvailabilityZone: region + "a", Created: created, Engine: "postgres",
			StorageEncrypted: ok, BackupRetentionPeriod: 7}
	case 3:
		return sandbox.RDSSnapshot{Identifier: fmt.Sprintf("snap-%07d", i), Region: region,
			Instance: fmt.Sprintf("db-%07d", i-1), Created: created, Encrypted: ok}
	case 4:
		return sandbox.DynamoDBTable{Name: fmt.Sprintf("table-%07d", i), Region: region, Created: created, PITR: ok}
	case 5:
		return sandbox.EFSFileSystem{ID: fmt.Sprintf("fs-%017x", i), Region: region, Created: created, Encrypted: ok}
	}
	return sandbox.BackupVault{Name: fmt.Sprintf("vault-%07d", i), Region: region, Created: created}
}
