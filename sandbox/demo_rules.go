package sandbox

import (
	"fmt"
	"strings"
	"time"
)

// demoRule is a managed rule of the demo: its identifier, the resource
// types it evaluates (comma-separated), and whether it runs periodically.
type demoRule struct {
	id, types string
	periodic  bool
}

// demoRules are the AWS Config managed rules the hds-v2 catalog names
// (frameworks/hds-v2/sets/*.yaml, sources of type AWS_Config), each with the
// resource types it evaluates and its trigger, from the AWS Config managed
// rules list (AWS Config Developer Guide, as moto 5.2.1 packages it in
// moto/config/resources/aws_managed_rules.json.gz). Periodic rules without a
// resource type evaluate the account (AWS::::Account). The demo deploys each
// as a standalone rule named after its identifier, in every Region of the
// demo, but the IAM rules, which run in the home Region only, where Config
// records the global resource types.
var demoRules = []demoRule{
	{"ACCESS_KEYS_ROTATED", "AWS::IAM::User", true},
	{"ACM_CERTIFICATE_EXPIRATION_CHECK", "AWS::ACM::Certificate", true},
	{"ALB_HTTP_TO_HTTPS_REDIRECTION_CHECK", "AWS::ElasticLoadBalancingV2::LoadBalancer", true},
	{"ALB_WAF_ENABLED", "AWS::ElasticLoadBalancingV2::LoadBalancer", false},
	{"API_GW_ASSOCIATED_WITH_WAF", "AWS::ApiGateway::Stage", false},
	{"AUTOSCALING_MULTIPLE_AZ", "AWS::AutoScaling::AutoScalingGroup", false},
	{"BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK", "AWS::Backup::BackupPlan", false},
	{"BACKUP_RECOVERY_POINT_ENCRYPTED", "AWS::Backup::RecoveryPoint", false},
	{"BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED", "AWS::Backup::BackupVault", false},
	{"CLOUDFRONT_ASSOCIATED_WITH_WAF", "AWS::CloudFront::Distribution", false},
	{"CLOUDTRAIL_S3_DATAEVENTS_ENABLED", "", true},
	{"CLOUDWATCH_ALARM_ACTION_CHECK", "AWS::CloudWatch::Alarm", false},
	{"CLOUD_TRAIL_CLOUD_WATCH_LOGS_ENABLED", "AWS::CloudTrail::Trail", true},
	{"CLOUD_TRAIL_ENCRYPTION_ENABLED", "AWS::CloudTrail::Trail", true},
	{"CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED", "AWS::CloudTrail::Trail", true},
	{"CMK_BACKING_KEY_ROTATION_ENABLED", "AWS::KMS::Key", true},
	{"CODEBUILD_PROJECT_SOURCE_REPO_URL_CHECK", "AWS::CodeBuild::Project", false},
	{"CW_LOGGROUP_RETENTION_PERIOD_CHECK", "AWS::Logs::LogGroup", true},
	{"DB_INSTANCE_BACKUP_ENABLED", "AWS::RDS::DBInstance", false},
	{"DYNAMODB_AUTOSCALING_ENABLED", "AWS::DynamoDB::Table", true},
	{"DYNAMODB_PITR_ENABLED", "AWS::DynamoDB::Table", false},
	{"EBS_LAST_BACKUP_RECOVERY_POINT_CREATED", "AWS::EC2::Volume", true},
	{"EBS_SNAPSHOT_PUBLIC_RESTORABLE_CHECK", "", true},
	{"EC2_EBS_ENCRYPTION_BY_DEFAULT", "", true},
	{"EC2_INSTANCE_LAUNCHED_WITH_ALLOWED_AMI", "AWS::EC2::Instance", true},
	{"EC2_INSTANCE_MANAGED_BY_SSM", "AWS::EC2::Instance,AWS::SSM::ManagedInstanceInventory", false},
	{"EC2_INSTANCE_NO_PUBLIC_IP", "AWS::EC2::Instance", false},
	{"EC2_MANAGEDINSTANCE_ASSOCIATION_COMPLIANCE_STATUS_CHECK",
		"AWS::SSM::AssociationCompliance", false},
	{"EC2_MANAGEDINSTANCE_PATCH_COMPLIANCE_STATUS_CHECK", "AWS::SSM::PatchCompliance", false},
	{"EC2_TRANSIT_GATEWAY_AUTO_VPC_ATTACH_DISABLED", "AWS::EC2::TransitGateway", false},
	{"ECR_PRIVATE_IMAGE_SCANNING_ENABLED", "AWS::ECR::Repository", true},
	{"ECR_PRIVATE_TAG_IMMUTABILITY_ENABLED", "AWS::ECR::Repository", false},
	{"EFS_ENCRYPTED_CHECK", "AWS::EFS::FileSystem", true},
	{"EFS_LAST_BACKUP_RECOVERY_POINT_CREATED", "AWS::EFS::FileSystem", true},
	{"ELBV2_MULTIPLE_AZ", "AWS::ElasticLoadBalancingV2::LoadBalancer", false},
	{"ELB_TLS_HTTPS_LISTENERS_ONLY", "AWS::ElasticLoadBalancing::LoadBalancer", false},
	{"ENCRYPTED_VOLUMES", "AWS::EC2::Volume", false},
	{"GUARDDUTY_ENABLED_CENTRALIZED", "", true},
	{"GUARDDUTY_MALWARE_PROTECTION_ENABLED", "AWS::GuardDuty::Detector", true},
	{"GUARDDUTY_NON_ARCHIVED_FINDINGS", "", true},
	{"GUARDDUTY_S3_PROTECTION_ENABLED", "AWS::GuardDuty::Detector", true},
	{"IAM_EXTERNAL_ACCESS_ANALYZER_ENABLED", "AWS::::Account", true},
	{"IAM_NO_INLINE_POLICY_CHECK", "AWS::IAM::Group,AWS::IAM::Role,AWS::IAM::User", false},
	{"IAM_PASSWORD_POLICY", "", true},
	{"IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS", "AWS::IAM::Policy", false},
	{"IAM_POLICY_NO_STATEMENTS_WITH_FULL_ACCESS", "AWS::IAM::Policy", false},
	{"IAM_ROOT_ACCESS_KEY_CHECK", "", true},
	{"IAM_USER_MFA_ENABLED", "AWS::IAM::User", true},
	{"IAM_USER_NO_POLICIES_CHECK", "AWS::IAM::User", false},
	{"IAM_USER_UNUSED_CREDENTIALS_CHECK", "AWS::IAM::User", true},
	{"INCOMING_SSH_DISABLED", "AWS::EC2::SecurityGroup", false},
	{"INSPECTOR_EC2_SCAN_ENABLED", "AWS::::Account", true},
	{"KMS_CMK_NOT_SCHEDULED_FOR_DELETION", "AWS::KMS::Key", true},
	{"LAMBDA_VPC_MULTI_AZ_CHECK", "AWS::Lambda::Function", false},
	{"MACIE_STATUS_CHECK", "AWS::::Account", true},
	{"MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS", "AWS::IAM::User", true},
	{"MULTI_REGION_CLOUD_TRAIL_ENABLED", "", true},
	{"NACL_NO_UNRESTRICTED_SSH_RDP", "AWS::EC2::NetworkAcl", false},
	{"RDS_AUTOMATIC_MINOR_VERSION_UPGRADE_ENABLED", "AWS::RDS::DBInstance", false},
	{"RDS_CLUSTER_MULTI_AZ_ENABLED", "AWS::RDS::DBCluster", false},
	{"RDS_INSTANCE_PUBLIC_ACCESS_CHECK", "AWS::RDS::DBInstance", false},
	{"RDS_LOGGING_ENABLED", "AWS::RDS::DBInstance", false},
	{"RDS_MULTI_AZ_SUPPORT", "AWS::RDS::DBInstance", false},
	{"RDS_SNAPSHOTS_PUBLIC_PROHIBITED", "AWS::RDS::DBClusterSnapshot,AWS::RDS::DBSnapshot", false},
	{"RDS_SNAPSHOT_ENCRYPTED", "AWS::RDS::DBClusterSnapshot,AWS::RDS::DBSnapshot", false},
	{"RDS_STORAGE_ENCRYPTED", "AWS::RDS::DBInstance", false},
	{"RESTRICTED_INCOMING_TRAFFIC", "AWS::EC2::SecurityGroup", false},
	{"ROOT_ACCOUNT_HARDWARE_MFA_ENABLED", "", true},
	{"ROOT_ACCOUNT_MFA_ENABLED", "", true},
	{"S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC", "AWS::::Account", true},
	{"S3_BUCKET_ACL_PROHIBITED", "AWS::S3::Bucket", false},
	{"S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED", "AWS::S3::Bucket", false},
	{"S3_BUCKET_LOGGING_ENABLED", "AWS::S3::Bucket", false},
	{"S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED", "AWS::S3::Bucket", false},
	{"S3_BUCKET_SSL_REQUESTS_ONLY", "AWS::S3::Bucket", false},
	{"S3_BUCKET_VERSIONING_ENABLED", "AWS::S3::Bucket", false},
	{"SECURITYHUB_ENABLED", "", true},
	{"SECURITY_ACCOUNT_INFORMATION_PROVIDED", "AWS::::Account", true},
	{"SUBNET_AUTO_ASSIGN_PUBLIC_IP_DISABLED", "AWS::EC2::Subnet", false},
	{"VPC_DEFAULT_SECURITY_GROUP_CLOSED", "AWS::EC2::SecurityGroup", false},
	{"VPC_FLOW_LOGS_ENABLED", "AWS::EC2::VPC", true},
	{"VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS", "AWS::EC2::SecurityGroup", false},
	{"VPC_VPN_2_TUNNELS_UP", "AWS::EC2::VPNConnection", false},
}

// demoEval is one result of a demo rule.
type demoEval struct {
	resourceType, resourceID, compliance, annotation string
}

// demoReasons are the annotations of the demo's NON_COMPLIANT results, by
// rule, where they do not depend on the resource.
var demoReasons = map[string]string{
	"ACCESS_KEYS_ROTATED":                "The user's access key is 212 days old (90 allowed).",
	"API_GW_ASSOCIATED_WITH_WAF":         "No AWS WAF web ACL is associated with the stage.",
	"CLOUD_TRAIL_ENCRYPTION_ENABLED":     "The trail's logs are not encrypted with a KMS key.",
	"CMK_BACKING_KEY_ROTATION_ENABLED":   "Automatic rotation is disabled on the key.",
	"CW_LOGGROUP_RETENTION_PERIOD_CHECK": "The log group's logs never expire (365 days set).",
	"DB_INSTANCE_BACKUP_ENABLED":         "Automated backups are off (retention period 0).",
	"DYNAMODB_PITR_ENABLED":              "Point-in-time recovery is disabled.",
	"EFS_ENCRYPTED_CHECK":                "The file system is not encrypted.",
	"ENCRYPTED_VOLUMES":                  "The volume is attached and not encrypted.",
	"GUARDDUTY_S3_PROTECTION_ENABLED":    "S3 Protection is disabled on the detector.",
	"IAM_USER_MFA_ENABLED":               "The user has no MFA device.",
	"IAM_USER_UNUSED_CREDENTIALS_CHECK":  "The password was last used 120 days ago (90 allowed).",
	"INCOMING_SSH_DISABLED":              "The security group allows 0.0.0.0/0 on port 22.",
	"MACIE_STATUS_CHECK":                 "Amazon Macie is not enabled.",
	"MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS": "The user signs in to the console without MFA.",
	"RDS_MULTI_AZ_SUPPORT":               "The instance is not Multi-AZ.",
	"RDS_SNAPSHOT_ENCRYPTED":             "The snapshot is not encrypted.",
	"RDS_SNAPSHOTS_PUBLIC_PROHIBITED":    "The snapshot is public.",
	"RDS_STORAGE_ENCRYPTED":              "Storage is not encrypted.",
	"RESTRICTED_INCOMING_TRAFFIC":        "The security group allows 0.0.0.0/0 on port 22.",
	"ROOT_ACCOUNT_HARDWARE_MFA_ENABLED":  "The root user's MFA device is virtual.",
	"ROOT_ACCOUNT_MFA_ENABLED":           "The root user has no MFA device.",
	"S3_BUCKET_LOGGING_ENABLED":          "Server access logging is disabled.",
	"S3_BUCKET_SSL_REQUESTS_ONLY":        "No policy denies requests without TLS.",
	"VPC_FLOW_LOGS_ENABLED":              "The VPC has no flow log.",

	"CLOUD_TRAIL_CLOUD_WATCH_LOGS_ENABLED":              "The trail does not send logs to CloudWatch.",
	"CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED":           "Log file validation is disabled.",
	"EBS_LAST_BACKUP_RECOVERY_POINT_CREATED":            "No recovery point in the last day.",
	"EC2_MANAGEDINSTANCE_PATCH_COMPLIANCE_STATUS_CHECK": "3 critical patches are missing.",
	"ECR_PRIVATE_TAG_IMMUTABILITY_ENABLED":              "Image tags are mutable.",
	"IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS":        `The policy allows "*" on "*".`,
	"IAM_POLICY_NO_STATEMENTS_WITH_FULL_ACCESS":         `The policy allows "s3:*" and "rds:*".`,
	"S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC":    "The account blocks no S3 public access.",
	"S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED":          "Block Public Access is not fully on.",
	"S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED":          "The bucket has no default encryption.",
	"VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS":              "The group allows 0.0.0.0/0 on port 22.",
}

// verdict is the result of a rule for a resource: COMPLIANT when good,
// else NON_COMPLIANT with the rule's reason.
func verdict(rule, typ, id string, good bool) demoEval {
	if good {
		return demoEval{typ, id, "COMPLIANT", ""}
	}
	return demoEval{typ, id, "NON_COMPLIANT", demoReasons[rule]}
}

// globalRule reports whether a rule evaluates the global IAM resources,
// which Config records in the home Region only.
func globalRule(id string) bool {
	return strings.HasPrefix(id, "IAM_") || strings.HasPrefix(id, "ROOT_ACCOUNT_") ||
		id == "ACCESS_KEYS_ROTATED" || id == "MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS" ||
		id == "SECURITY_ACCOUNT_INFORMATION_PROVIDED"
}

// seedRules deploys the demo's rules in an account's Region and records
// their results.
func (d demo) seedRules(st *state, a *demoAccount, region string, dr *demoRegion,
	now time.Time) error {
	synthetic := d.synthetic(a, region)
	for _, r := range demoRules {
		if globalRule(r.id) && region != demoHome {
			continue
		}
		cr := ConfigRule{Account: a.id, Region: region, SourceIdentifier: r.id,
			Name:        strings.ToLower(strings.ReplaceAll(r.id, "_", "-")),
			Description: "Managed rule " + r.id + " (hdsctl sandbox demo)."}
		if r.types != "" && r.types != "AWS::::Account" {
			cr.ResourceTypes = strings.Split(r.types, ",")
		}
		if r.periodic {
			cr.MaximumExecutionFrequency = "TwentyFour_Hours"
		}
		if err := st.putConfigRule(cr); err != nil {
			return err
		}
		rule := &st.region(a.id, region).ConfigRules[cr.Name].packRule
		evals := synthetic[r.id]
		if ruleModelled(r.id) || accountRule(r) {
			evals = d.evaluate(r.id, a, region, dr)
		}
		for _, ev := range evals {
			setRuleEvaluation(rule, ev.resourceType, ev.resourceID, ev.compliance, ev.annotation, now)
		}
	}
	return nil
}

// accountRule reports whether a rule evaluates the account itself.
func accountRule(r demoRule) bool {
	return r.types == "" || r.types == "AWS::::Account" || strings.HasPrefix(r.id, "GUARDDUTY_")
}

// evaluate judges the account and the resources the demo models.
func (d demo) evaluate(id string, a *demoAccount, region string, dr *demoRegion) []demoEval {
	if evs, ok := d.evaluateAccount(id, a, region, dr); ok {
		return evs
	}
	var out []demoEval
	add := func(typ, rid string, good bool) { out = append(out, verdict(id, typ, rid, good)) }
	for _, b := range dr.buckets {
		if e, ok := evaluateBucket(id, b); ok {
			out = append(out, e)
		}
	}
	for _, v := range dr.volumes {
		switch id {
		case "ENCRYPTED_VOLUMES", "EBS_LAST_BACKUP_RECOVERY_POINT_CREATED":
			add("AWS::EC2::Volume", v.ID, v.Encrypted)
		}
	}
	for _, x := range dr.instances {
		switch id {
		case "RDS_STORAGE_ENCRYPTED":
			add("AWS::RDS::DBInstance", x.ResourceID, x.StorageEncrypted)
		case "DB_INSTANCE_BACKUP_ENABLED":
			add("AWS::RDS::DBInstance", x.ResourceID, x.BackupRetentionPeriod > 0)
		case "RDS_MULTI_AZ_SUPPORT":
			add("AWS::RDS::DBInstance", x.ResourceID, x.MultiAZ)
		case "RDS_INSTANCE_PUBLIC_ACCESS_CHECK", "RDS_LOGGING_ENABLED",
			"RDS_AUTOMATIC_MINOR_VERSION_UPGRADE_ENABLED":
			add("AWS::RDS::DBInstance", x.ResourceID, true)
		}
	}
	for _, x := range dr.clusters {
		if id == "RDS_CLUSTER_MULTI_AZ_ENABLED" {
			add("AWS::RDS::DBCluster", x.ResourceID, true)
		}
	}
	for _, x := range dr.dbSnapshots {
		switch id {
		case "RDS_SNAPSHOT_ENCRYPTED":
			add("AWS::RDS::DBSnapshot", x.Identifier, x.Encrypted)
		case "RDS_SNAPSHOTS_PUBLIC_PROHIBITED":
			add("AWS::RDS::DBSnapshot", x.Identifier, !x.Public)
		}
	}
	for _, x := range dr.tables {
		switch id {
		case "DYNAMODB_PITR_ENABLED":
			add("AWS::DynamoDB::Table", x.Name, x.PITR)
		case "DYNAMODB_AUTOSCALING_ENABLED": // on-demand tables pass
			add("AWS::DynamoDB::Table", x.Name, true)
		}
	}
	for _, x := range dr.fileSystems {
		switch id {
		case "EFS_ENCRYPTED_CHECK":
			add("AWS::EFS::FileSystem", x.ID, x.Encrypted)
		case "EFS_LAST_BACKUP_RECOVERY_POINT_CREATED":
			add("AWS::EFS::FileSystem", x.ID, true)
		}
	}
	for _, x := range dr.vaults {
		if id == "BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED" {
			add("AWS::Backup::BackupVault", x.Name, true)
		}
	}
	for _, x := range dr.plans {
		switch id {
		case "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK":
			add("AWS::Backup::BackupPlan", x.ID, true)
		case "BACKUP_RECOVERY_POINT_ENCRYPTED":
			point := demoUUID("rp", a.id, region)
			arn := "arn:aws:backup:" + region + ":" + a.id + ":recovery-point:" + point
			add("AWS::Backup::RecoveryPoint", arn, true)
		}
	}
	for _, t := range dr.trails {
		switch id {
		case "CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED":
			add("AWS::CloudTrail::Trail", t.Name, t.LogFileValidation)
		case "CLOUD_TRAIL_ENCRYPTION_ENABLED":
			add("AWS::CloudTrail::Trail", t.Name, t.KMSKeyID != "")
		case "CLOUD_TRAIL_CLOUD_WATCH_LOGS_ENABLED":
			add("AWS::CloudTrail::Trail", t.Name, t.CloudWatchLogsGroup != "")
		}
	}
	for _, k := range dr.keys {
		switch {
		case k.Manager == "AWS":
		case id == "CMK_BACKING_KEY_ROTATION_ENABLED":
			add("AWS::KMS::Key", k.ID, k.RotationEnabled)
		case id == "KMS_CMK_NOT_SCHEDULED_FOR_DELETION":
			add("AWS::KMS::Key", k.ID, true)
		}
	}
	return out
}

// evaluateAccount judges the rules that evaluate the account (and its
// GuardDuty detector); it reports false for the other rules.
func (d demo) evaluateAccount(id string, a *demoAccount, region string,
	dr *demoRegion) ([]demoEval, bool) {
	account := func(good bool) ([]demoEval, bool) {
		return []demoEval{verdict(id, "AWS::::Account", a.id, good)}, true
	}
	fail := func(why string) ([]demoEval, bool) {
		return []demoEval{{"AWS::::Account", a.id, "NON_COMPLIANT", why}}, true
	}
	analytics := a.role == "analytics"
	switch id {
	case "IAM_PASSWORD_POLICY":
		if strongEnough(a.iam.PasswordPolicy) {
			return account(true)
		}
		return fail(describePolicy(a.iam.PasswordPolicy))
	case "ROOT_ACCOUNT_MFA_ENABLED":
		return account(a.iam.RootMFA)
	case "ROOT_ACCOUNT_HARDWARE_MFA_ENABLED":
		return account(a.role == "management")
	case "S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC":
		return account(a.pab != nil && *a.pab == BlockAll)
	case "EC2_EBS_ENCRYPTION_BY_DEFAULT":
		if dr.ebsDefault {
			return account(true)
		}
		return fail("EBS encryption by default is off in " + region + ".")
	case "GUARDDUTY_ENABLED_CENTRALIZED":
		if analytics && region == demoOutside {
			return fail("GuardDuty is not enabled in " + region + ".")
		}
		return account(true)
	case "MACIE_STATUS_CHECK":
		return account(!(analytics && region == demoHome))
	case "GUARDDUTY_S3_PROTECTION_ENABLED", "GUARDDUTY_MALWARE_PROTECTION_ENABLED":
		if analytics && region == demoOutside {
			return nil, true // no detector where GuardDuty is off
		}
		good := id != "GUARDDUTY_S3_PROTECTION_ENABLED" || !(analytics && region == demoHome)
		detector := demoHex(32, "detector", a.id, region)
		return []demoEval{verdict(id, "AWS::GuardDuty::Detector", detector, good)}, true
	case "CLOUDTRAIL_S3_DATAEVENTS_ENABLED", "EBS_SNAPSHOT_PUBLIC_RESTORABLE_CHECK",
		"GUARDDUTY_NON_ARCHIVED_FINDINGS", "IAM_EXTERNAL_ACCESS_ANALYZER_ENABLED",
		"IAM_ROOT_ACCESS_KEY_CHECK", "INSPECTOR_EC2_SCAN_ENABLED", "MULTI_REGION_CLOUD_TRAIL_ENABLED",
		"SECURITYHUB_ENABLED", "SECURITY_ACCOUNT_INFORMATION_PROVIDED":
		return account(true)
	}
	return nil, false
}

// demoModelledTypes are the resource types the demo records as
// configuration items, whose rules it judges from them.
var demoModelledTypes = map[string]bool{
	"AWS::S3::Bucket": true, "AWS::EC2::Volume": true, "AWS::RDS::DBInstance": true,
	"AWS::RDS::DBCluster": true, "AWS::RDS::DBSnapshot": true, "AWS::DynamoDB::Table": true,
	"AWS::EFS::FileSystem": true, "AWS::Backup::BackupVault": true, "AWS::Backup::BackupPlan": true,
	"AWS::Backup::RecoveryPoint": true, "AWS::CloudTrail::Trail": true, "AWS::KMS::Key": true,
}

func ruleModelled(id string) bool {
	for _, r := range demoRules {
		if r.id != id {
			continue
		}
		for _, t := range strings.Split(r.types, ",") {
			if demoModelledTypes[t] {
				return true
			}
		}
	}
	return false
}

// evaluateBucket judges a bucket for the S3 rules.
func evaluateBucket(id string, b demoBucket) (demoEval, bool) {
	typ, name := "AWS::S3::Bucket", b.Name
	switch id {
	case "S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED":
		return verdict(id, typ, name, b.SSEAlgorithm != ""), true
	case "S3_BUCKET_VERSIONING_ENABLED":
		if b.Versioning == "Enabled" {
			return verdict(id, typ, name, true), true
		}
		why := "Versioning is " + strings.ToLower(orDefault(b.Versioning, "Off")) + "."
		return demoEval{typ, name, "NON_COMPLIANT", why}, true
	case "S3_BUCKET_LOGGING_ENABLED":
		return verdict(id, typ, name, b.LoggingBucket != ""), true
	case "S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED":
		blocked := b.PublicAccessBlock != nil && *b.PublicAccessBlock == BlockAll
		return verdict(id, typ, name, blocked), true
	case "S3_BUCKET_SSL_REQUESTS_ONLY":
		return verdict(id, typ, name, b.sslOnly), true
	case "S3_BUCKET_ACL_PROHIBITED":
		return verdict(id, typ, name, true), true
	}
	return demoEval{}, false
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// strongEnough applies IAM_PASSWORD_POLICY's default parameters: 14
// characters, every character class, 24 passwords remembered, 90 days.
func strongEnough(p *PasswordPolicy) bool {
	return p != nil && p.MinimumPasswordLength >= 14 && p.RequireSymbols && p.RequireNumbers &&
		p.RequireUppercaseCharacters && p.RequireLowercaseCharacters && p.PasswordReusePrevention >= 24 &&
		p.MaxPasswordAge > 0 && p.MaxPasswordAge <= 90
}

func describePolicy(p *PasswordPolicy) string {
	if p == nil {
		return "The account has no password policy."
	}
	return fmt.Sprintf("Password policy: minimum length %d (14 required), symbols required: %t, "+
		"uppercase required: %t, reuse prevention %d (24 required), maximum age %d days (90 required).",
		p.MinimumPasswordLength, p.RequireSymbols, p.RequireUppercaseCharacters,
		p.PasswordReusePrevention, p.MaxPasswordAge)
}

// synthetic returns the results of the rules on resources the demo does
// not record as configuration items (users, policies, network, compute),
// by rule identifier.
func (d demo) synthetic(a *demoAccount, region string) map[string][]demoEval {
	out := map[string][]demoEval{}
	add := func(rule, typ, id string, good bool) {
		out[rule] = append(out[rule], verdict(rule, typ, id, good))
	}
	if region == demoHome {
		d.syntheticIAM(a, add)
	}
	hex := func(kind string) string { return demoHex(16, kind, a.id) }
	switch {
	case a.role == "production" && region == demoHome:
		sg := func(n string) string { return "sg-0" + demoHex(16, "sg", a.id, n) }
		instance := "i-0" + hex("instance")
		alb := "arn:aws:elasticloadbalancing:" + region + ":" + a.id +
			":loadbalancer/app/portail-patients/" + hex("alb")
		for _, rule := range []string{"ALB_HTTP_TO_HTTPS_REDIRECTION_CHECK", "ALB_WAF_ENABLED",
			"ELBV2_MULTIPLE_AZ"} {
			add(rule, "AWS::ElasticLoadBalancingV2::LoadBalancer", alb, true)
		}
		add("ACM_CERTIFICATE_EXPIRATION_CHECK", "AWS::ACM::Certificate",
			"arn:aws:acm:"+region+":"+a.id+":certificate/"+demoUUID("cert", a.id), true)
		add("API_GW_ASSOCIATED_WITH_WAF", "AWS::ApiGateway::Stage",
			"arn:aws:apigateway:"+region+"::/restapis/"+demoHex(10, "api", a.id)+"/stages/prod", false)
		add("AUTOSCALING_MULTIPLE_AZ", "AWS::AutoScaling::AutoScalingGroup", "portail-patients-asg", true)
		add("CLOUDWATCH_ALARM_ACTION_CHECK", "AWS::CloudWatch::Alarm", "portail-patients-5xx", true)
		add("CW_LOGGROUP_RETENTION_PERIOD_CHECK", "AWS::Logs::LogGroup", "/medisante/portail", true)
		for _, rule := range []string{"EC2_INSTANCE_LAUNCHED_WITH_ALLOWED_AMI",
			"EC2_INSTANCE_MANAGED_BY_SSM", "EC2_INSTANCE_NO_PUBLIC_IP"} {
			add(rule, "AWS::EC2::Instance", instance, true)
		}
		inventory := "AWS::SSM::ManagedInstanceInventory/" + instance
		add("EC2_MANAGEDINSTANCE_PATCH_COMPLIANCE_STATUS_CHECK",
			"AWS::SSM::PatchCompliance", inventory, false)
		add("EC2_MANAGEDINSTANCE_ASSOCIATION_COMPLIANCE_STATUS_CHECK",
			"AWS::SSM::AssociationCompliance", inventory, true)
		add("ECR_PRIVATE_IMAGE_SCANNING_ENABLED", "AWS::ECR::Repository", "portail-patients", true)
		add("ECR_PRIVATE_TAG_IMMUTABILITY_ENABLED", "AWS::ECR::Repository", "portail-patients", false)
		add("LAMBDA_VPC_MULTI_AZ_CHECK", "AWS::Lambda::Function", "medisante-prod-anonymiseur", true)
		for _, rule := range []string{"INCOMING_SSH_DISABLED", "RESTRICTED_INCOMING_TRAFFIC",
			"VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS"} {
			add(rule, "AWS::EC2::SecurityGroup", sg("bastion"), false)
			add(rule, "AWS::EC2::SecurityGroup", sg("portail"), true)
		}
		add("VPC_DEFAULT_SECURITY_GROUP_CLOSED", "AWS::EC2::SecurityGroup", sg("default"), true)
		add("NACL_NO_UNRESTRICTED_SSH_RDP", "AWS::EC2::NetworkAcl", "acl-0"+hex("acl"), true)
		add("SUBNET_AUTO_ASSIGN_PUBLIC_IP_DISABLED", "AWS::EC2::Subnet", "subnet-0"+hex("subnet"), true)
		add("VPC_FLOW_LOGS_ENABLED", "AWS::EC2::VPC", "vpc-0"+hex("vpc"), true)
	case a.role == "analytics" && region == demoHome:
		logs := "/aws/lambda/analytics-export-job"
		add("CW_LOGGROUP_RETENTION_PERIOD_CHECK", "AWS::Logs::LogGroup", logs, false)
		add("VPC_FLOW_LOGS_ENABLED", "AWS::EC2::VPC", "vpc-0"+hex("vpc"), false)
		add("LAMBDA_VPC_MULTI_AZ_CHECK", "AWS::Lambda::Function", "analytics-export-job", true)
	}
	return out
}

// syntheticIAM adds the results of the rules on IAM users, roles and
// policies, which Config records in the home Region.
func (d demo) syntheticIAM(a *demoAccount, add func(rule, typ, id string, good bool)) {
	users := map[string][]string{
		"management": {"ci-deploiement", "ops-bris-de-glace"},
		"analytics":  {"analyste-1", "analyste-2", "export-partenaire"},
	}[a.role]
	for _, u := range users {
		id := "AIDA" + demoBase32(17, "user", a.id, u)
		for _, rule := range []string{"ACCESS_KEYS_ROTATED", "IAM_USER_MFA_ENABLED",
			"MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS"} {
			add(rule, "AWS::IAM::User", id, u != "export-partenaire")
		}
		add("IAM_USER_UNUSED_CREDENTIALS_CHECK", "AWS::IAM::User", id, u != "analyste-2")
		add("IAM_USER_NO_POLICIES_CHECK", "AWS::IAM::User", id, true)
		add("IAM_NO_INLINE_POLICY_CHECK", "AWS::IAM::User", id, true)
	}
	policies := map[string]string{"management": "medisante-operations", "production": "legacy-admin"}
	if policy := policies[a.role]; policy != "" {
		id, good := "ANPA"+demoBase32(17, "policy", a.id, policy), policy != "legacy-admin"
		add("IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS", "AWS::IAM::Policy", id, good)
		add("IAM_POLICY_NO_STATEMENTS_WITH_FULL_ACCESS", "AWS::IAM::Policy", id, good)
	}
	role := "AROA" + demoBase32(17, "role", a.id, "ops")
	add("IAM_NO_INLINE_POLICY_CHECK", "AWS::IAM::Role", role, true)
}
