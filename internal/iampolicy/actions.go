package iampolicy

// The action lists, one per target. Each action says which code path calls
// it. Resources are narrowed where the Service Authorization Reference
// gives the action a resource type; each statement on "*" says why it
// cannot be.

// hdsctlOwned is the condition on the tags hdsctl sets on everything it
// creates in Audit Manager: hdsctl:managed-by=hdsctl.
func hdsctlOwned(key string) map[string]map[string]string {
	return map[string]map[string]string{"StringEquals": {key + "/hdsctl:managed-by": "hdsctl"}}
}

// Audit Manager ARNs of the account.
const (
	amControls    = "arn:${Partition}:auditmanager:*:${Account}:control/*"
	amFrameworks  = "arn:${Partition}:auditmanager:*:${Account}:assessmentFramework/*"
	amAssessments = "arn:${Partition}:auditmanager:*:${Account}:assessment/*"
)

var anyResource = []string{"*"}

var auditManagerPolicy = []Statement{
	{
		Sid:       "AuditManagerList",
		Resources: anyResource,
		Note:      "list actions and the account status take no resource type",
		Actions: []Action{
			{"auditmanager:GetAccountStatus", "Target.Preflight: the account is registered with Audit Manager in each Region"},
			{"auditmanager:ListControls", "Target.Current, Find: the custom controls, to find hdsctl's by name, creation date and tags"},
			{"auditmanager:ListAssessmentFrameworks", "Target.Current, Find: the custom frameworks, to find hdsctl's"},
			{"auditmanager:ListAssessments", "Target.Current (with --assessment-name, and destroy): the assessment hdsctl keeps"},
		},
	},
	{
		Sid:       "AuditManagerCreateOwned",
		Resources: anyResource,
		Condition: hdsctlOwned("aws:RequestTag"),
		Note:      "create actions take no resource type; the condition lets them create only objects tagged as hdsctl's",
		Actions: []Action{
			{"auditmanager:CreateControl", "Target.Apply: a control of the framework, tagged in the same call"},
			{"auditmanager:CreateAssessmentFramework", "Target.Apply: the custom framework listing the controls"},
			{"auditmanager:CreateAssessment", "Target.Apply with --assessment-name: the assessment on the framework"},
		},
	},
	{
		Sid:       "AuditManagerReadControls",
		Resources: []string{amControls},
		Actions: []Action{
			{"auditmanager:GetControl", "Target.Current, Find: a control outside the framework, its content and tags"},
		},
	},
	{
		Sid:       "AuditManagerChangeOwnedControls",
		Resources: []string{amControls},
		Condition: hdsctlOwned("aws:ResourceTag"),
		Note:      "only controls tagged as hdsctl's; --adopt tags the sample's controls before it updates them",
		Actions: []Action{
			{"auditmanager:UpdateControl", "Target.Apply: a control changed in the framework or outside hdsctl"},
			{"auditmanager:DeleteControl", "Target.Apply: a control no longer in the framework, a duplicate, destroy"},
		},
	},
	{
		Sid:       "AuditManagerFrameworks",
		Resources: []string{amFrameworks},
		Note:      "frameworks have no tag condition key in IAM",
		Actions: []Action{
			{"auditmanager:GetAssessmentFramework", "Target.Current: the framework, with every control and its tags"},
			{"auditmanager:UpdateAssessmentFramework", "Target.Apply: the framework's control sets changed"},
			{"auditmanager:DeleteAssessmentFramework", "Target.Apply: destroy"},
		},
	},
	{
		Sid:       "AuditManagerAssessments",
		Resources: []string{amAssessments},
		Note:      "assessments have no tag condition key in IAM",
		Actions: []Action{
			{"auditmanager:GetAssessment", "Target.Current, Find: the assessment, its scope and tags"},
			{"auditmanager:UpdateAssessment", "Target.Apply: the assessment's owners, scope or destination changed"},
			{"auditmanager:DeleteAssessment", "Target.Apply: destroy"},
		},
	},
	{
		Sid:       "AuditManagerReadTags",
		Resources: []string{amControls, amFrameworks, amAssessments},
		Actions: []Action{
			{"auditmanager:ListTagsForResource", "Target.Current: the tags of frameworks not named like hdsctl's, and of controls left by an interrupted run"},
		},
	},
	{
		Sid:       "AuditManagerTagOwned",
		Resources: []string{amControls, amFrameworks, amAssessments},
		Condition: hdsctlOwned("aws:RequestTag"),
		Note:      "tags are only ever set with hdsctl:managed-by=hdsctl",
		Actions: []Action{
			{"auditmanager:TagResource", "Target.Apply: the content hash after an update, ownership on adoption"},
		},
	},
}

// AWS Config ARNs of the account.
const (
	configPacks    = "arn:${Partition}:config:*:${Account}:conformance-pack/hdsctl-*"
	configOrgPacks = "arn:${Partition}:config:*:${Account}:organization-conformance-pack/hdsctl-*"
	conformsRole   = "arn:${Partition}:iam::${Account}:role/aws-service-role/config-conforms.amazonaws.com/AWSServiceRoleForConfigConforms"
	multiAcctRole  = "arn:${Partition}:iam::${Account}:role/aws-service-role/config-multiaccountsetup.amazonaws.com/AWSServiceRoleForConfigMultiAccountSetup"
)

var configPolicy = []Statement{
	{
		Sid:       "AccountRegions",
		Resources: anyResource,
		Note:      "takes no resource type",
		Actions: []Action{
			{"account:ListRegions", "Target.Preflight without --regions, CurrentAll: the Regions the account has enabled"},
		},
	},
	{
		Sid:       "ConfigConformancePacks",
		Resources: anyResource,
		Note: "the conformance-pack actions take no resource type; PutConformancePack creates or updates by name, " +
			"and hdsctl reads a pack's tags before it updates or deletes it",
		Actions: []Action{
			{"config:DescribeConformancePacks", "Target.Current: the packs of each Region, with hdsctl's content hash"},
			{"config:DescribeConformancePackStatus", "Target.Current, Apply: the state of the packs, while AWS Config deploys them"},
			{"config:PutConformancePack", "Target.Apply: a pack created or updated, tagged on creation"},
			{"config:DeleteConformancePack", "Target.Apply: a pack no longer rendered, destroy"},
		},
	},
	{
		Sid:       "ConfigPackTags",
		Resources: []string{configPacks, configOrgPacks},
		Actions: []Action{
			{"config:ListTagsForResource", "Target.Current, Apply: the ownership tags of a pack before any change"},
		},
	},
	{
		Sid:       "ConfigConformsRole",
		Resources: []string{conformsRole},
		Condition: map[string]map[string]string{"StringEquals": {"iam:AWSServiceName": "config-conforms.amazonaws.com"}},
		Note:      "PutConformancePack creates this service-linked role when the account lacks it",
		Actions: []Action{
			{"iam:CreateServiceLinkedRole", "AWS Config on PutConformancePack, once per account"},
		},
	},
	{
		Sid:       "ConfigConformsRoleCheck",
		Resources: []string{conformsRole},
		Note:      "AWS Config checks the service-linked role with GetRole on PutConformancePack",
		Actions: []Action{
			{"iam:GetRole", "AWS Config on PutConformancePack"},
		},
	},
	{
		Sid:          "ConfigOrganizationPacks",
		Organization: true,
		Resources:    anyResource,
		Note:         "the organization conformance-pack actions take no resource type",
		Actions: []Action{
			{"config:DescribeOrganizationConformancePacks", "Target.Current with --organization: the organization packs"},
			{"config:DescribeOrganizationConformancePackStatuses", "Target.Current, Apply: their status while AWS Config deploys them"},
			{"config:GetOrganizationConformancePackDetailedStatus", "Target.Apply: which accounts a failed deployment failed in, for the error message"},
			{"config:PutOrganizationConformancePack", "Target.Apply: an organization pack created or updated"},
			{"config:DeleteOrganizationConformancePack", "Target.Apply: an organization pack no longer rendered, destroy"},
		},
	},
	{
		Sid:          "OrganizationsForConfig",
		Organization: true,
		Resources:    anyResource,
		Note:         "PutOrganizationConformancePack enables AWS Config's access to the organization, and checks the delegated administrator",
		Actions: []Action{
			{"organizations:EnableAWSServiceAccess", "AWS Config on PutOrganizationConformancePack"},
			{"organizations:ListDelegatedAdministrator", "AWS Config on PutOrganizationConformancePack from a delegated administrator"},
		},
	},
	{
		Sid:          "ConfigMultiAccountRole",
		Organization: true,
		Resources:    []string{multiAcctRole},
		Condition:    map[string]map[string]string{"StringEquals": {"iam:AWSServiceName": "config-multiaccountsetup.amazonaws.com"}},
		Note:         "PutOrganizationConformancePack creates this service-linked role when the account lacks it",
		Actions: []Action{
			{"iam:CreateServiceLinkedRole", "AWS Config on PutOrganizationConformancePack, once per organization"},
		},
	},
}

var assessPolicy = []Statement{
	{
		Sid:       "AssessEstate",
		Resources: anyResource,
		Note:      "listing accounts and Regions takes no resource type",
		Actions: []Action{
			{"organizations:ListAccounts", "estate.Discover with --organization: the active accounts"},
			{"ec2:DescribeRegions", "estate.Discover without --regions: the Regions enabled for the account"},
		},
	},
	{
		Sid:       "AssessAssumeRole",
		Resources: []string{"arn:${Partition}:iam::*:role/${Role}"},
		Note:      "only the role assess assumes (--role), in any account of the estate",
		Actions: []Action{
			{"sts:AssumeRole", "estate.Discover with --accounts or --organization: each account other than the caller's"},
		},
	},
	{
		Sid:       "AssessConfig",
		Resources: anyResource,
		Note:      "the Config read actions hdsctl uses take no resource type, or read every rule of the account",
		Actions: []Action{
			{"config:DescribeConfigRules", "configrules: the rules of each account and Region, to match managed rule identifiers"},
			{"config:DescribeComplianceByConfigRule", "configrules: each rule's compliance"},
			{"config:GetComplianceDetailsByConfigRule", "configrules: the resources at fault of a non-compliant rule"},
			{"config:DescribeConfigurationRecorders", "configinventory: what AWS Config records in each Region"},
			{"config:DescribeConfigurationRecorderStatus", "configinventory: whether the recorder runs"},
			{"config:ListDiscoveredResources", "configinventory: the resources AWS Config recorded"},
			{"config:BatchGetResourceConfig", "configinventory: their configuration items"},
		},
	},
	{
		Sid:       "AssessConfigAggregator",
		Resources: anyResource,
		Note:      "the aggregate actions are authorized on the aggregator, whose name --aggregator gives at run time",
		Actions: []Action{
			{"config:DescribeAggregateComplianceByConfigRules", "configrules with --aggregator: compliance of every account's rules"},
			{"config:GetAggregateComplianceDetailsByConfigRule", "configrules with --aggregator: the resources at fault"},
			{"config:DescribeOrganizationConfigRules", "configrules with --aggregator: the managed rule behind an organization rule's name"},
			{"config:ListAggregateDiscoveredResources", "configinventory with --aggregator: every account's resources"},
			{"config:BatchGetAggregateResourceConfig", "configinventory with --aggregator: their configuration items"},
		},
	},
	{
		Sid:       "AssessSecurityHub",
		Resources: anyResource,
		Note:      "DescribeHub and GetFindings are authorized on the hub of each Region; its ARN holds the Region and account",
		Actions: []Action{
			{"securityhub:DescribeHub", "hubfindings: whether Security Hub is enabled in the Region"},
			{"securityhub:GetFindings", "hubfindings: the control findings"},
		},
	},
	{
		Sid:       "AssessServiceList",
		Resources: anyResource,
		Note:      "list and describe actions, and account-level settings, take no resource type",
		Actions: []Action{
			{"s3:ListAllMyBuckets", "serviceapi S3: ListBuckets, with the Region of each bucket (the S3 API's region fallback)"},
			{"s3:GetAccountPublicAccessBlock", "serviceapi S3 Control GetPublicAccessBlock: the account's Block Public Access"},
			{"kms:ListKeys", "serviceapi KMS: the keys of each Region"},
			{"ec2:GetEbsEncryptionByDefault", "serviceapi EC2: EBS encryption by default in each Region"},
			{"ec2:DescribeVolumes", "serviceapi EC2: the EBS volumes"},
			{"ec2:DescribeSnapshots", "serviceapi EC2: the account's own EBS snapshots"},
			{"rds:DescribeDBInstances", "serviceapi RDS: the DB instances"},
			{"rds:DescribeDBClusters", "serviceapi RDS: the DB clusters"},
			{"rds:DescribeDBSnapshots", "serviceapi RDS: the DB snapshots"},
			{"rds:DescribeDBClusterSnapshots", "serviceapi RDS: the DB cluster snapshots"},
			{"dynamodb:ListTables", "serviceapi DynamoDB: the tables"},
			{"elasticfilesystem:DescribeFileSystems", "serviceapi EFS: the file systems"},
			{"backup:ListBackupPlans", "serviceapi Backup: the backup plans"},
			{"backup:ListBackupVaults", "serviceapi Backup: the vaults"},
			{"cloudtrail:DescribeTrails", "serviceapi CloudTrail: the trails, shadow trails included"},
			{"iam:GetAccountSummary", "serviceapi IAM: root access keys and MFA"},
			{"iam:GetAccountPasswordPolicy", "serviceapi IAM: the password policy"},
		},
	},
	{
		Sid: "AssessServiceResources",
		Resources: []string{
			"arn:${Partition}:s3:::*",
			"arn:${Partition}:kms:*:*:key/*",
			"arn:${Partition}:dynamodb:*:*:table/*",
			"arn:${Partition}:backup:*:*:backup-plan:*",
			"arn:${Partition}:cloudtrail:*:*:trail/*",
		},
		Note: "reads of one resource, narrowed to its resource type; the account is any, since assess reads every account of the estate",
		Actions: []Action{
			{"s3:GetBucketLocation", "serviceapi S3: a bucket's Region, when ListBuckets does not give it"},
			{"s3:GetEncryptionConfiguration", "serviceapi S3 GetBucketEncryption: a bucket's default encryption"},
			{"s3:GetReplicationConfiguration", "serviceapi S3 GetBucketReplication: where a bucket replicates"},
			{"s3:GetBucketPublicAccessBlock", "serviceapi S3 GetPublicAccessBlock: a bucket's Block Public Access"},
			{"kms:DescribeKey", "serviceapi KMS: whether a key is customer managed and enabled"},
			{"kms:GetKeyRotationStatus", "serviceapi KMS: a customer managed key's rotation"},
			{"dynamodb:DescribeTable", "serviceapi DynamoDB: a table's encryption and replicas"},
			{"backup:GetBackupPlan", "serviceapi Backup: a plan's rules and copy destinations"},
			{"backup:ListBackupSelections", "serviceapi Backup: what a plan protects"},
			{"cloudtrail:GetTrailStatus", "serviceapi CloudTrail: whether a trail logs"},
		},
	},
	{
		Sid:       "AssessArtifact",
		Resources: anyResource,
		Note:      "AWS Artifact reports are AWS's, not the account's",
		Actions: []Action{
			{"artifact:ListReports", "assess/artifact: AWS's HDS and ISO/IEC 27001 reports, for the controls AWS carries"},
			{"artifact:GetReportMetadata", "assess/artifact: a report's period of validity"},
			{"artifact:GetTermForReport", "hdsctl artifact: the terms to accept before a download"},
			{"artifact:GetReport", "hdsctl artifact: the report's download URL"},
		},
	},
}

// operationActions are the operations whose IAM actions differ from their
// names, or that need none or more than one.
var operationActions = map[string][]string{
	// Every caller may ask who it is.
	"sts.GetCallerIdentity": nil,
	// S3's actions are named for what they read.
	"s3.ListBuckets":                 {"s3:ListAllMyBuckets"},
	"s3.GetBucketEncryption":         {"s3:GetEncryptionConfiguration"},
	"s3.GetBucketReplication":        {"s3:GetReplicationConfiguration"},
	"s3.GetPublicAccessBlock":        {"s3:GetBucketPublicAccessBlock"},
	"s3control.GetPublicAccessBlock": {"s3:GetAccountPublicAccessBlock"},
	// AWS Config creates service-linked roles and enables its access to
	// the organization on the caller's behalf.
	"config.PutConformancePack": {"config:PutConformancePack", "iam:CreateServiceLinkedRole", "iam:GetRole"},
	"config.PutOrganizationConformancePack": {"config:PutOrganizationConformancePack", "iam:CreateServiceLinkedRole",
		"organizations:EnableAWSServiceAccess", "organizations:ListDelegatedAdministrator"},
}

// servicePrefixes are the IAM prefixes of services whose SDK name differs.
var servicePrefixes = map[string]string{
	"configservice": "config",
	"efs":           "elasticfilesystem",
	"s3control":     "s3",
}
