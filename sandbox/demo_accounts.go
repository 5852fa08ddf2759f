package sandbox

// The three accounts of the demo organization; demo.go tells their story.

// controlTitles are the titles and severities of the Security Hub controls
// of the demo, as the Security Hub controls reference names them.
var controlTitles = map[string]struct{ severity, title string }{
	"CloudTrail.1": {"HIGH", "CloudTrail should be enabled and configured with at least one multi-Region " +
		"trail that includes read and write management events"},
	"CloudTrail.4": {"MEDIUM", "CloudTrail log file validation should be enabled"},
	"Config.1": {"MEDIUM", "AWS Config should be enabled and use the service-linked role for " +
		"resource recording"},
	"EC2.19": {"CRITICAL", "Security groups should not allow unrestricted access to ports with " +
		"high risk"},
	"GuardDuty.1":  {"HIGH", "GuardDuty should be enabled"},
	"GuardDuty.10": {"HIGH", "GuardDuty S3 Protection should be enabled"},
	"IAM.1":        {"HIGH", `IAM policies should not allow full "*" administrative privileges`},
	"IAM.4":        {"CRITICAL", "IAM root user access key should not exist"},
	"IAM.6":        {"CRITICAL", "Hardware MFA should be enabled for the root user"},
	"IAM.9":        {"CRITICAL", "MFA should be enabled for the root user"},
	"Lambda.2":     {"MEDIUM", "Lambda functions should use supported runtimes"},
	"RDS.38":       {"MEDIUM", "RDS for PostgreSQL DB instances should be encrypted in transit"},
	"SSM.2": {"HIGH", "Amazon EC2 instances managed by Systems Manager should have a patch compliance " +
		"status of COMPLIANT after a patch installation"},
}

// finding is the finding of a control for a resource.
func finding(control, status, resourceType, resourceID string) ControlFinding {
	c := controlTitles[control]
	return ControlFinding{ControlID: control, Status: status, Severity: c.severity, Title: c.title,
		ResourceType: resourceType, ResourceID: resourceID}
}

// accountFinding is the finding of a control on the account itself.
func accountFinding(control, status, account string) ControlFinding {
	return finding(control, status, "AwsAccount", "AWS::::Account:"+account)
}

// regionFindings are the findings every Region of every account has.
func regionFindings(account string, guardDuty string) []ControlFinding {
	return []ControlFinding{
		accountFinding("Config.1", "PASSED", account),
		accountFinding("GuardDuty.1", guardDuty, account),
	}
}

func strongPolicy() *PasswordPolicy {
	return &PasswordPolicy{
		MinimumPasswordLength: 14, RequireSymbols: true, RequireNumbers: true,
		RequireUppercaseCharacters: true, RequireLowercaseCharacters: true,
		AllowUsersToChangePassword: true, MaxPasswordAge: 90, PasswordReusePrevention: 24,
	}
}

func sslOnlyPolicy(bucket string) string {
	return `{"Version":"2012-10-17","Statement":[{"Sid":"HTTPSOnly","Effect":"Deny","Principal":"*",` +
		`"Action":"s3:*","Resource":["arn:aws:s3:::` + bucket + `","arn:aws:s3:::` + bucket + `/*"],` +
		`"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`
}

// customerKey is a customer managed key of the demo.
func (d demo) customerKey(account, name, alias, description string, rotation bool) KMSKey {
	return KMSKey{ID: demoUUID("key", account, name), Description: "Médisanté: " + description,
		RotationEnabled: rotation, Aliases: []string{"alias/" + alias}, Created: d.created}
}

func (d demo) management() *demoAccount {
	a := d.mgmt
	logsKey := d.customerKey(a, "logs", "medisante-logs", "journaux CloudTrail", true)
	logsKeyARN := d.keyARN(a, demoHome, logsKey.ID)
	trailBucket := "medisante-org-cloudtrail-logs-" + a
	trailARN := "arn:aws:cloudtrail:" + demoHome + ":" + a + ":trail/medisante-org-trail"
	home := &demoRegion{
		ebsDefault: true,
		buckets: []demoBucket{{S3Bucket: S3Bucket{
			Name: trailBucket, Region: demoHome, Created: d.created,
			SSEAlgorithm: "aws:kms", KMSKeyID: logsKeyARN, PublicAccessBlock: &BlockAll,
			Versioning: "Enabled",
			Policy:     sslOnlyPolicy(trailBucket), LoggingBucket: "medisante-org-s3-access-logs-" + a,
		}, sslOnly: true}},
		trails: []CloudTrailTrail{{
			Name: "medisante-org-trail", Region: demoHome, Bucket: trailBucket,
			MultiRegion: true, Organization: true, LogFileValidation: true, KMSKeyID: logsKeyARN,
			CloudWatchLogsGroup: "arn:aws:logs:" + demoHome + ":" + a +
				":log-group:aws-cloudtrail-logs-medisante:*",
		}},
		keys: append(d.awsManagedKeys(a, demoHome), logsKey),
		findings: append(regionFindings(a, "PASSED"),
			accountFinding("IAM.9", "PASSED", a),
			accountFinding("IAM.6", "PASSED", a),
			accountFinding("IAM.4", "PASSED", a),
			accountFinding("CloudTrail.1", "PASSED", a),
			finding("CloudTrail.4", "PASSED", "AwsCloudTrailTrail", trailARN),
			finding("IAM.1", "PASSED", "AwsIamPolicy", "arn:aws:iam::"+a+":policy/medisante-operations"),
		),
	}
	regions := map[string]*demoRegion{demoHome: home}
	for _, r := range []string{demoDR, demoOutside} {
		regions[r] = &demoRegion{ebsDefault: true, keys: d.awsManagedKeys(a, r),
			findings: regionFindings(a, "PASSED")}
	}
	return &demoAccount{id: a, role: "management", pab: &BlockAll, regions: regions,
		iam: IAMSettings{RootMFA: true, Users: 2, Roles: 14, PasswordPolicy: strongPolicy()}}
}

func (d demo) production() *demoAccount {
	a := d.prod
	dataKey := d.customerKey(a, "donnees", "medisante-donnees-sante", "données de santé", true)
	imagingKey := d.customerKey(a, "imagerie", "medisante-imagerie", "imagerie médicale", false)
	drKey := d.customerKey(a, "dr", "medisante-pra", "reprise d'activité", true)
	dataKeyARN, drKeyARN := d.keyARN(a, demoHome, dataKey.ID), d.keyARN(a, demoDR, drKey.ID)
	health := map[string]string{"donnees": "sante"}
	instanceID := "i-0" + demoHex(16, "instance", a)

	dpi := RDSInstance{
		Identifier: "medisante-prod-dpi", ResourceID: "db-" + demoBase32(26, "dbi", a, "dpi"),
		Region: demoHome, AvailabilityZone: demoHome + "a", Created: d.created, Engine: "postgres",
		MultiAZ: true, StorageEncrypted: true, KMSKeyID: dataKeyARN, BackupRetentionPeriod: 14,
		Tags:               health,
		BackupReplications: []string{"arn:aws:rds:" + demoDR + ":" + a + ":auto-backup:ab-" + demoHex(26, "ab", a)},
	}
	reporting := RDSInstance{
		Identifier: "medisante-prod-reporting", ResourceID: "db-" + demoBase32(26, "dbi", a, "reporting"),
		Region: demoHome, AvailabilityZone: demoHome + "b", Created: d.created, Engine: "postgres",
		StorageEncrypted: true, KMSKeyID: dataKeyARN, Tags: health,
	}
	appVolume := EBSVolume{
		ID: "vol-0" + demoHex(16, "vol", a, "app"), Region: demoHome, AvailabilityZone: demoHome + "a",
		Created: d.created, SizeGiB: 200, Encrypted: true, KMSKeyID: dataKeyARN, InstanceID: instanceID,
		Tags: map[string]string{"Name": "portail-patients"},
	}
	cacheVolume := EBSVolume{
		ID: "vol-0d3e5a1c2b4f60002", Region: demoHome, AvailabilityZone: demoHome + "a",
		Created: d.created, SizeGiB: 500, InstanceID: instanceID, Tags: map[string]string{"Name": "pacs-cache"},
	}
	fileSystem := EFSFileSystem{ID: "fs-0" + demoHex(16, "efs", a), Region: demoHome,
		Created: d.created, Encrypted: true, KMSKeyID: dataKeyARN, Name: "partage-documents"}
	table := DynamoDBTable{Name: "medisante-prod-sessions", Region: demoHome, Created: d.created,
		Replicas: []string{demoHome, demoDR}, PITR: true, KMSKeyID: dataKeyARN}
	vault := BackupVault{Name: "medisante-prod-coffre", Region: demoHome, Created: d.created,
		EncryptionKey: dataKeyARN}
	drVault := BackupVault{Name: "medisante-prod-coffre-pra", Region: demoDR, Created: d.created,
		EncryptionKey: drKeyARN}
	plan := BackupPlan{ID: demoUUID("plan", a), Name: "medisante-prod-quotidien", Region: demoHome,
		Created: d.created, Rules: []BackupRule{{Name: "quotidien-35-jours", TargetVault: vault.Name,
			ScheduleExpression: "cron(0 1 ? * * *)", DeleteAfterDays: 35, CopyTo: []string{drVault.ARN(a)}}}}
	selection := BackupSelection{ID: demoUUID("selection", a), PlanID: plan.ID, Name: "donnees-de-sante",
		Region: demoHome, Resources: []string{
			"arn:aws:rds:" + demoHome + ":" + a + ":db:" + dpi.Identifier,
			"arn:aws:elasticfilesystem:" + demoHome + ":" + a + ":file-system/" + fileSystem.ID,
			"arn:aws:dynamodb:" + demoHome + ":" + a + ":table/" + table.Name,
		}}
	home := &demoRegion{
		buckets:   d.productionBuckets(a, dataKeyARN),
		volumes:   []EBSVolume{appVolume, cacheVolume},
		instances: []RDSInstance{dpi, reporting},
		clusters: []RDSCluster{{
			Identifier: "medisante-prod-rdv", ResourceID: "cluster-" + demoBase32(26, "cluster", a),
			Region: demoHome, Created: d.created, Engine: "aurora-postgresql", StorageEncrypted: true,
			KMSKeyID: dataKeyARN, Members: []string{"medisante-prod-rdv-1", "medisante-prod-rdv-2"},
		}},
		dbSnapshots: []RDSSnapshot{{Identifier: "medisante-prod-dpi-avant-migration", Region: demoHome,
			Instance: dpi.Identifier, Created: d.created, Encrypted: true, KMSKeyID: dataKeyARN}},
		snapshots: []EBSSnapshot{
			{ID: "snap-0" + demoHex(16, "snap", a, "app"), VolumeID: appVolume.ID, SizeGiB: 200,
				Encrypted: true, KMSKeyID: dataKeyARN, Description: "portail-patients nightly", Started: d.created},
			{ID: "snap-0d3e5a1c2b4f60002", VolumeID: cacheVolume.ID, SizeGiB: 500,
				Description: "pacs-cache before resize", Started: d.created},
		},
		tables:      []DynamoDBTable{table},
		fileSystems: []EFSFileSystem{fileSystem},
		vaults:      []BackupVault{vault},
		plans:       []BackupPlan{plan},
		selections:  []BackupSelection{selection},
		keys:        append(d.awsManagedKeys(a, demoHome), dataKey, imagingKey),
		findings:    d.productionFindings(a, instanceID, dpi, reporting),
	}
	records := "medisante-prod-dossiers-patients-pra"
	dr := &demoRegion{
		ebsDefault: true,
		buckets: []demoBucket{{S3Bucket: S3Bucket{
			Name: records, Region: demoDR, Created: d.created, SSEAlgorithm: "aws:kms", KMSKeyID: drKeyARN,
			PublicAccessBlock: &BlockAll, Versioning: "Enabled", Policy: sslOnlyPolicy(records),
			LoggingBucket: "medisante-prod-logs-acces-pra", Tags: health,
		}, sslOnly: true}},
		snapshots: []EBSSnapshot{{
			ID: "snap-0" + demoHex(16, "snap", a, "dr"), VolumeID: appVolume.ID, SizeGiB: 200, Encrypted: true,
			KMSKeyID: drKeyARN, Description: "portail-patients copy for disaster recovery", Started: d.created,
		}},
		vaults:   []BackupVault{drVault},
		keys:     append(d.awsManagedKeys(a, demoDR), drKey),
		findings: regionFindings(a, "PASSED"),
	}
	outside := &demoRegion{ebsDefault: true, findings: regionFindings(a, "PASSED")}
	return &demoAccount{id: a, role: "production", pab: &BlockAll,
		regions: map[string]*demoRegion{demoHome: home, demoDR: dr, demoOutside: outside},
		iam:     IAMSettings{RootMFA: true, Users: 0, Roles: 31, PasswordPolicy: strongPolicy()}}
}

// productionBuckets are the production account's buckets in Paris: the
// patient records, replicated to Frankfurt; the imaging bucket, with
// versioning suspended, no access logs and no HTTPS-only policy; the access
// logs.
func (d demo) productionBuckets(a, keyARN string) []demoBucket {
	records, logs := "medisante-prod-dossiers-patients", "medisante-prod-logs-acces"
	health := map[string]string{"donnees": "sante"}
	return []demoBucket{{S3Bucket: S3Bucket{
		Name: records, Region: demoHome, Created: d.created, SSEAlgorithm: "aws:kms", KMSKeyID: keyARN,
		PublicAccessBlock: &BlockAll, Versioning: "Enabled", LoggingBucket: logs,
		Policy: sslOnlyPolicy(records), Tags: health,
		ReplicationRole: "arn:aws:iam::" + a + ":role/medisante-s3-replication",
		Replication: []S3ReplicationRule{{ID: "pra-francfort", DestinationBucket: records + "-pra",
			StorageClass: "STANDARD"}},
	}, sslOnly: true}, {S3Bucket: S3Bucket{
		Name: "medisante-prod-imagerie", Region: demoHome, Created: d.created, SSEAlgorithm: "AES256",
		PublicAccessBlock: &BlockAll, Versioning: "Suspended", Tags: health,
	}}, {S3Bucket: S3Bucket{
		Name: logs, Region: demoHome, Created: d.created, SSEAlgorithm: "AES256",
		PublicAccessBlock: &BlockAll, Versioning: "Enabled", Policy: sslOnlyPolicy(logs),
	}, sslOnly: true}}
}

func (d demo) productionFindings(a, instanceID string, dpi, reporting RDSInstance) []ControlFinding {
	arn := func(service, resource string) string {
		return "arn:aws:" + service + ":" + demoHome + ":" + a + ":" + resource
	}
	sg := func(n string) string {
		return "arn:aws:ec2:" + demoHome + ":" + a + ":security-group/sg-0" + demoHex(16, "sg", a, n)
	}
	suppressed := accountFinding("IAM.6", "FAILED", a)
	suppressed.WorkflowStatus = "SUPPRESSED" // a virtual MFA device, accepted by the risk committee
	archived := finding("EC2.19", "FAILED", "AwsEc2SecurityGroup", sg("ancien-vpn"))
	archived.RecordState = "ARCHIVED" // the security group was deleted since
	return append(regionFindings(a, "PASSED"),
		accountFinding("GuardDuty.10", "PASSED", a),
		accountFinding("IAM.9", "PASSED", a),
		suppressed,
		accountFinding("IAM.4", "PASSED", a),
		accountFinding("CloudTrail.1", "PASSED", a),
		finding("IAM.1", "FAILED", "AwsIamPolicy", "arn:aws:iam::"+a+":policy/legacy-admin"),
		finding("SSM.2", "FAILED", "AwsEc2Instance", arn("ec2", "instance/"+instanceID)),
		finding("RDS.38", "PASSED", "AwsRdsDbInstance", arn("rds", "db:"+dpi.Identifier)),
		finding("RDS.38", "FAILED", "AwsRdsDbInstance", arn("rds", "db:"+reporting.Identifier)),
		finding("Lambda.2", "PASSED", "AwsLambdaFunction", arn("lambda", "function:medisante-prod-anonymiseur")),
		finding("EC2.19", "FAILED", "AwsEc2SecurityGroup", sg("bastion")),
		finding("EC2.19", "PASSED", "AwsEc2SecurityGroup", sg("portail")),
		archived,
	)
}

func (d demo) analyticsAccount() *demoAccount {
	a := d.analytics
	key := d.customerKey(a, "entrepot", "medisante-entrepot", "données pseudonymisées", true)
	pseudonymised := map[string]string{"donnees": "sante-pseudonymisees"}
	warehouse := "medisante-analytics-entrepot"
	home := &demoRegion{
		ebsDefault: true,
		buckets: []demoBucket{{S3Bucket: S3Bucket{
			Name: warehouse, Region: demoHome, Created: d.created, SSEAlgorithm: "aws:kms",
			KMSKeyID: d.keyARN(a, demoHome, key.ID), PublicAccessBlock: &BlockAll, Versioning: "Enabled",
			Policy: sslOnlyPolicy(warehouse), LoggingBucket: "medisante-analytics-logs-acces",
			Tags: pseudonymised,
		}, sslOnly: true}},
		trails: []CloudTrailTrail{{Name: "analytics-trail", Region: demoHome, Bucket: warehouse,
			MultiRegion: true}},
		keys: append(d.awsManagedKeys(a, demoHome), key),
		findings: append(regionFindings(a, "PASSED"),
			accountFinding("GuardDuty.10", "FAILED", a),
			accountFinding("IAM.9", "FAILED", a),
			accountFinding("IAM.6", "FAILED", a),
			accountFinding("IAM.4", "PASSED", a),
			accountFinding("CloudTrail.1", "PASSED", a),
			finding("CloudTrail.4", "FAILED", "AwsCloudTrailTrail",
				"arn:aws:cloudtrail:"+demoHome+":"+a+":trail/analytics-trail"),
			finding("Lambda.2", "FAILED", "AwsLambdaFunction",
				"arn:aws:lambda:"+demoHome+":"+a+":function:analytics-export-job"),
		),
	}
	dr := &demoRegion{ebsDefault: true, keys: d.awsManagedKeys(a, demoDR),
		findings: regionFindings(a, "PASSED")}
	exportTags := map[string]string{"donnees": "sante-pseudonymisees", "usage": "exports-partenaire"}
	outside := &demoRegion{
		ebsDefault: true,
		buckets: []demoBucket{{S3Bucket: S3Bucket{
			Name: "medisante-analytics-exports-us", Region: demoOutside, Created: d.created,
			SSEAlgorithm: "AES256", PublicAccessBlock: &BlockAll, Tags: exportTags,
		}}},
		keys:     d.awsManagedKeys(a, demoOutside),
		findings: regionFindings(a, "FAILED"), // GuardDuty is off in N. Virginia
	}
	weak := &PasswordPolicy{MinimumPasswordLength: 8, RequireNumbers: true,
		RequireLowercaseCharacters: true, AllowUsersToChangePassword: true}
	return &demoAccount{id: a, role: "analytics",
		regions: map[string]*demoRegion{demoHome: home, demoDR: dr, demoOutside: outside},
		iam:     IAMSettings{RootMFA: false, Users: 3, Roles: 9, PasswordPolicy: weak}}
}
