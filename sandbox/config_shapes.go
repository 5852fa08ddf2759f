package sandbox

// This file builds configuration items in the shapes AWS Config records for
// the resource types hdsctl reads. The property names come from the AWS
// Config resource schema (github.com/awslabs/aws-config-resource-schema,
// config/properties/resource-types/<type>.properties.json), which lists the
// property paths AWS records for each type:
//
//   - the older types (S3 buckets, EC2 volumes, RDS, DynamoDB, CloudTrail,
//     KMS) record the service's Describe shape as the AWS SDK for Java 1.x
//     serializes it: lower camel case from the getter names, so that RDS
//     writes dBInstanceIdentifier and dbiResourceId, DynamoDB ssedescription
//     and KMS awsaccountId; an RDS cluster writes dbclusterIdentifier;
//   - the newer types (EFS, AWS Backup) record the CloudFormation resource
//     shape, in upper camel case;
//   - S3 keeps the bucket's settings in supplementaryConfiguration, each the
//     AWS SDK for Java 1.x model of the setting (so a replication
//     configuration's rules are an object keyed by rule ID, as that model's
//     Map<String, ReplicationRule> serializes), and AccessControlList is a
//     JSON string inside the JSON string, as moto 5.2.1 reproduces it
//     (moto/s3/models.py, FakeBucket.to_config_dict).
//
// Every timestamp inside a configuration is an ISO 8601 string with
// milliseconds; the item's own times are epoch numbers on the wire.

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// Resource is a resource whose configuration item the sandbox can build.
type Resource interface {
	// Item returns the resource's configuration item in account.
	Item(account string) ConfigurationItem
}

// PutResource records the configuration item of a resource in an account;
// empty means Options.AccountID. See PutConfigurationItem.
func (s *Server) PutResource(account string, r Resource) error {
	if account == "" {
		account = s.opts.AccountID
	}
	return s.PutConfigurationItem(r.Item(account))
}

// PublicAccessBlock is an S3 Block Public Access configuration, of a bucket
// or of an account.
type PublicAccessBlock struct {
	BlockPublicAcls       bool `json:"blockPublicAcls"`
	IgnorePublicAcls      bool `json:"ignorePublicAcls"`
	BlockPublicPolicy     bool `json:"blockPublicPolicy"`
	RestrictPublicBuckets bool `json:"restrictPublicBuckets"`
}

// BlockAll is a PublicAccessBlock with every setting on.
var BlockAll = PublicAccessBlock{true, true, true, true}

func isoTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

func mustJSON(v any) json.RawMessage {
	data, err := json.Marshal(v)
	if err != nil {
		panic("sandbox: encoding a configuration: " + err.Error())
	}
	return data
}

// ownerID is the canonical user ID the sandbox gives an account.
func ownerID(account string) string {
	return strings.ReplaceAll(stableUUID("canonical-user", account)+stableUUID("canonical-user-2", account), "-", "")
}

// S3Bucket is an AWS::S3::Bucket.
type S3Bucket struct {
	Name    string
	Region  string
	Created time.Time
	// SSEAlgorithm is the default encryption: AES256, aws:kms or
	// aws:kms:dsse; empty records no ServerSideEncryptionConfiguration.
	SSEAlgorithm string
	KMSKeyID     string
	// PublicAccessBlock is the bucket's Block Public Access; nil records
	// none.
	PublicAccessBlock *PublicAccessBlock
	// Versioning is Enabled or Suspended; empty is Off.
	Versioning string
	// ReplicationRole and Replication are the replication configuration.
	ReplicationRole string
	Replication     []S3ReplicationRule
	// LoggingBucket is the server access logs' destination bucket.
	LoggingBucket string
	// Policy is the bucket policy, a JSON document; empty means none.
	Policy string
	Tags   map[string]string
}

// S3ReplicationRule is one rule of a bucket's replication configuration.
type S3ReplicationRule struct {
	ID string
	// DestinationBucket is the destination bucket's name or ARN.
	DestinationBucket string
	// Status is Enabled or Disabled; empty means Enabled.
	Status       string
	StorageClass string
}

// Item implements Resource.
func (b S3Bucket) Item(account string) ConfigurationItem {
	owner := map[string]any{"displayName": nil, "id": ownerID(account)}
	acl := mustJSON(map[string]any{
		"grantSet":  nil,
		"grantList": []any{map[string]any{"grantee": owner, "permission": "FullControl"}},
		"owner":     owner,
	})
	versioning := b.Versioning
	if versioning == "" {
		versioning = "Off"
	}
	supp := map[string]json.RawMessage{
		"AccessControlList":               mustJSON(string(acl)),
		"BucketAccelerateConfiguration":   mustJSON(map[string]any{"status": nil}),
		"BucketLoggingConfiguration":      mustJSON(map[string]any{"destinationBucketName": nilIfEmpty(b.LoggingBucket), "logFilePrefix": nil}),
		"BucketNotificationConfiguration": mustJSON(map[string]any{"configurations": map[string]any{}}),
		"BucketPolicy":                    mustJSON(map[string]any{"policyText": nilIfEmpty(b.Policy)}),
		"BucketVersioningConfiguration":   mustJSON(map[string]any{"status": versioning, "isMfaDeleteEnabled": nil}),
		"IsRequesterPaysEnabled":          mustJSON(false),
	}
	if b.SSEAlgorithm != "" {
		byDefault := map[string]any{"sseAlgorithm": b.SSEAlgorithm}
		if b.KMSKeyID != "" {
			byDefault["kmsMasterKeyID"] = b.KMSKeyID
		}
		supp["ServerSideEncryptionConfiguration"] = mustJSON(map[string]any{
			"rules": []any{map[string]any{"applyServerSideEncryptionByDefault": byDefault, "bucketKeyEnabled": b.SSEAlgorithm != "AES256"}},
		})
	}
	if b.PublicAccessBlock != nil {
		supp["PublicAccessBlockConfiguration"] = mustJSON(b.PublicAccessBlock)
	}
	if len(b.Replication) > 0 {
		rules := map[string]any{}
		for i, r := range b.Replication {
			id, status, dest := r.ID, r.Status, r.DestinationBucket
			if id == "" {
				id = fmt.Sprintf("rule-%d", i+1)
			}
			if status == "" {
				status = "Enabled"
			}
			if !strings.HasPrefix(dest, "arn:") {
				dest = "arn:aws:s3:::" + dest
			}
			rules[id] = map[string]any{
				"prefix":            "",
				"status":            status,
				"destinationConfig": map[string]any{"bucketARN": dest, "storageClass": nilIfEmpty(r.StorageClass)},
			}
		}
		supp["BucketReplicationConfiguration"] = mustJSON(map[string]any{"roleARN": b.ReplicationRole, "rules": rules})
	}
	if len(b.Tags) > 0 {
		supp["BucketTaggingConfiguration"] = mustJSON(map[string]any{"tagSets": []any{map[string]any{"tags": b.Tags}}})
	}
	return ConfigurationItem{
		Account:                    account,
		Region:                     b.Region,
		ResourceType:               "AWS::S3::Bucket",
		ResourceID:                 b.Name,
		ResourceName:               b.Name,
		ARN:                        "arn:aws:s3:::" + b.Name,
		AvailabilityZone:           "Regional",
		ResourceCreationTime:       b.Created,
		Tags:                       b.Tags,
		Configuration:              mustJSON(map[string]any{"name": b.Name, "owner": owner, "creationDate": isoTime(b.Created)}),
		SupplementaryConfiguration: supp,
	}
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// S3AccountPublicAccessBlock is an AWS::S3::AccountPublicAccessBlock: the
// account's S3 Block Public Access, which AWS Config records alike in every
// Region it records, with the account ID as resource ID.
type S3AccountPublicAccessBlock struct {
	Region string
	PublicAccessBlock
}

// Item implements Resource.
func (p S3AccountPublicAccessBlock) Item(account string) ConfigurationItem {
	return ConfigurationItem{
		Account:                    account,
		Region:                     p.Region,
		ResourceType:               "AWS::S3::AccountPublicAccessBlock",
		ResourceID:                 account,
		AvailabilityZone:           "Not Applicable",
		Configuration:              mustJSON(p.PublicAccessBlock),
		SupplementaryConfiguration: map[string]json.RawMessage{},
	}
}

// EBSVolume is an AWS::EC2::Volume.
type EBSVolume struct {
	ID               string
	Region           string
	AvailabilityZone string
	Created          time.Time
	SizeGiB          int
	Encrypted        bool
	KMSKeyID         string
	// InstanceID, when set, attaches the volume to an instance.
	InstanceID string
	Tags       map[string]string
}

// Item implements Resource.
func (v EBSVolume) Item(account string) ConfigurationItem {
	state := "available"
	attachments := []any{}
	if v.InstanceID != "" {
		state = "in-use"
		attachments = append(attachments, map[string]any{
			"attachTime": isoTime(v.Created), "device": "/dev/xvda", "instanceId": v.InstanceID,
			"state": "attached", "volumeId": v.ID, "deleteOnTermination": true,
		})
	}
	return ConfigurationItem{
		Account:              account,
		Region:               v.Region,
		ResourceType:         "AWS::EC2::Volume",
		ResourceID:           v.ID,
		ARN:                  "arn:aws:ec2:" + v.Region + ":" + account + ":volume/" + v.ID,
		AvailabilityZone:     v.AvailabilityZone,
		ResourceCreationTime: v.Created,
		Tags:                 v.Tags,
		Configuration: mustJSON(map[string]any{
			"attachments": attachments, "availabilityZone": v.AvailabilityZone, "createTime": isoTime(v.Created),
			"encrypted": v.Encrypted, "kmsKeyId": nilIfEmpty(v.KMSKeyID), "size": v.SizeGiB, "snapshotId": "",
			"state": map[string]string{"value": state}, "volumeId": v.ID, "iops": 3000, "volumeType": "gp3",
			"throughput": 125, "multiAttachEnabled": false, "tags": tagList(v.Tags, "key", "value"),
		}),
		SupplementaryConfiguration: map[string]json.RawMessage{},
	}
}

func tagList(tags map[string]string, keyName, valueName string) []map[string]string {
	out := []map[string]string{}
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		out = append(out, map[string]string{keyName: k, valueName: tags[k]})
	}
	return out
}

// RDSInstance is an AWS::RDS::DBInstance. Its resource ID is the
// DbiResourceId; its name is the instance identifier.
type RDSInstance struct {
	Identifier       string
	ResourceID       string // db-..., the DbiResourceId
	Region           string
	AvailabilityZone string
	Created          time.Time
	Engine           string
	ClusterID        string
	MultiAZ          bool
	StorageEncrypted bool
	KMSKeyID         string
	// BackupRetentionPeriod is 0 when automated backups are off.
	BackupRetentionPeriod int
	PubliclyAccessible    bool
	// ReadReplicas are the identifiers of read replicas; a replica in
	// another Region is named by its ARN.
	ReadReplicas []string
	// BackupReplications are the ARNs of the automated backups replicated to
	// other Regions.
	BackupReplications []string
	Tags               map[string]string
}

// Item implements Resource.
func (d RDSInstance) Item(account string) ConfigurationItem {
	arn := "arn:aws:rds:" + d.Region + ":" + account + ":db:" + d.Identifier
	replications := []any{}
	for _, r := range d.BackupReplications {
		replications = append(replications, map[string]string{"dBInstanceAutomatedBackupsArn": r})
	}
	az := d.AvailabilityZone
	if d.MultiAZ {
		az = "Multiple Availability Zones"
	}
	return ConfigurationItem{
		Account:              account,
		Region:               d.Region,
		ResourceType:         "AWS::RDS::DBInstance",
		ResourceID:           d.ResourceID,
		ResourceName:         d.Identifier,
		ARN:                  arn,
		AvailabilityZone:     az,
		ResourceCreationTime: d.Created,
		Tags:                 d.Tags,
		Configuration: mustJSON(map[string]any{
			"dBInstanceIdentifier": d.Identifier, "dBInstanceClass": "db.m6g.large", "engine": d.Engine,
			"engineVersion": "16.4", "dBInstanceStatus": "available", "masterUsername": "hdsadmin",
			"endpoint":         map[string]any{"address": d.Identifier + ".c1sandbox.rds." + d.Region + ".amazonaws.com", "port": 5432, "hostedZoneId": "Z1SANDBOX"},
			"allocatedStorage": 100, "instanceCreateTime": isoTime(d.Created), "preferredBackupWindow": "01:00-01:30",
			"backupRetentionPeriod": d.BackupRetentionPeriod, "availabilityZone": d.AvailabilityZone,
			"multiAZ": d.MultiAZ, "autoMinorVersionUpgrade": true, "publiclyAccessible": d.PubliclyAccessible,
			"readReplicaDBInstanceIdentifiers": nonNil(d.ReadReplicas), "readReplicaDBClusterIdentifiers": []string{},
			"dBClusterIdentifier": nilIfEmpty(d.ClusterID), "storageEncrypted": d.StorageEncrypted,
			"kmsKeyId": nilIfEmpty(d.KMSKeyID), "dbiResourceId": d.ResourceID, "dBInstanceArn": arn,
			"storageType": "gp3", "dbInstancePort": 0, "copyTagsToSnapshot": true, "deletionProtection": true,
			"iAMDatabaseAuthenticationEnabled": false, "enabledCloudwatchLogsExports": []string{"postgresql"},
			"dBInstanceAutomatedBackupsReplications": replications, "pendingModifiedValues": map[string]any{},
		}),
		SupplementaryConfiguration: map[string]json.RawMessage{},
	}
}

// RDSCluster is an AWS::RDS::DBCluster. Its resource ID is the
// DbClusterResourceId; its name is the cluster identifier.
type RDSCluster struct {
	Identifier       string
	ResourceID       string // cluster-...
	Region           string
	Created          time.Time
	Engine           string
	StorageEncrypted bool
	KMSKeyID         string
	// ReadReplicas are the ARNs of the clusters that replicate this one.
	ReadReplicas []string
	Members      []string
	Tags         map[string]string
}

// Item implements Resource.
func (d RDSCluster) Item(account string) ConfigurationItem {
	arn := "arn:aws:rds:" + d.Region + ":" + account + ":cluster:" + d.Identifier
	members := []any{}
	for i, m := range d.Members {
		members = append(members, map[string]any{"dbinstanceIdentifier": m, "isClusterWriter": i == 0, "clusterWriter": i == 0, "promotionTier": 1})
	}
	return ConfigurationItem{
		Account:              account,
		Region:               d.Region,
		ResourceType:         "AWS::RDS::DBCluster",
		ResourceID:           d.ResourceID,
		ResourceName:         d.Identifier,
		ARN:                  arn,
		AvailabilityZone:     "Multiple Availability Zones",
		ResourceCreationTime: d.Created,
		Tags:                 d.Tags,
		Configuration: mustJSON(map[string]any{
			"dbclusterIdentifier": d.Identifier, "dbclusterArn": arn, "dbClusterResourceId": d.ResourceID,
			"engine": d.Engine, "engineVersion": "16.4", "engineMode": "provisioned", "status": "available",
			"storageEncrypted": d.StorageEncrypted, "kmsKeyId": nilIfEmpty(d.KMSKeyID),
			"readReplicaIdentifiers": nonNil(d.ReadReplicas), "dbclusterMembers": members,
			"availabilityZones":     []map[string]string{{"value": d.Region + "a"}, {"value": d.Region + "b"}, {"value": d.Region + "c"}},
			"backupRetentionPeriod": 7, "multiAZ": true, "port": 5432, "deletionProtection": true,
			"clusterCreateTime": isoTime(d.Created), "iamdatabaseAuthenticationEnabled": false, "copyTagsToSnapshot": true,
		}),
		SupplementaryConfiguration: map[string]json.RawMessage{},
	}
}

// RDSSnapshot is an AWS::RDS::DBSnapshot, named and identified by its
// snapshot identifier.
type RDSSnapshot struct {
	Identifier string
	Region     string
	Instance   string
	Created    time.Time
	Encrypted  bool
	KMSKeyID   string
	// SourceRegion is set on a copy of a snapshot of another Region.
	SourceRegion string
	Public       bool
}

// Item implements Resource.
func (d RDSSnapshot) Item(account string) ConfigurationItem {
	arn := "arn:aws:rds:" + d.Region + ":" + account + ":snapshot:" + d.Identifier
	restore := []string{}
	if d.Public {
		restore = []string{"all"}
	}
	return ConfigurationItem{
		Account:              account,
		Region:               d.Region,
		ResourceType:         "AWS::RDS::DBSnapshot",
		ResourceID:           d.Identifier,
		ResourceName:         d.Identifier,
		ARN:                  arn,
		AvailabilityZone:     d.Region + "a",
		ResourceCreationTime: d.Created,
		Configuration: mustJSON(map[string]any{
			"dBSnapshotIdentifier": d.Identifier, "dBInstanceIdentifier": d.Instance, "dBSnapshotArn": arn,
			"snapshotCreateTime": isoTime(d.Created), "engine": "postgres", "allocatedStorage": 100,
			"status": "available", "snapshotType": "manual", "encrypted": d.Encrypted, "kmsKeyId": nilIfEmpty(d.KMSKeyID),
			"sourceRegion": nilIfEmpty(d.SourceRegion), "percentProgress": 100, "storageType": "gp3",
		}),
		SupplementaryConfiguration: map[string]json.RawMessage{
			"DBSnapshotAttributes": mustJSON([]any{map[string]any{"attributeName": "restore", "attributeValues": restore}}),
		},
	}
}

// DynamoDBTable is an AWS::DynamoDB::Table, named and identified by its
// table name.
type DynamoDBTable struct {
	Name    string
	Region  string
	Created time.Time
	// Replicas are the Regions of the table's global table replicas, this
	// one's Region included when it has any.
	Replicas []string
	PITR     bool
	KMSKeyID string
}

// Item implements Resource.
func (t DynamoDBTable) Item(account string) ConfigurationItem {
	arn := "arn:aws:dynamodb:" + t.Region + ":" + account + ":table/" + t.Name
	replicas := []any{}
	for _, r := range t.Replicas {
		replicas = append(replicas, map[string]string{"regionName": r, "replicaStatus": "ACTIVE"})
	}
	sse := map[string]any{"status": "ENABLED", "ssetype": "KMS"}
	if t.KMSKeyID != "" {
		sse["kmsmasterKeyArn"] = t.KMSKeyID
	}
	pitr := "DISABLED"
	if t.PITR {
		pitr = "ENABLED"
	}
	cfg := map[string]any{
		"tableName": t.Name, "tableArn": arn, "tableId": stableUUID("table", account, t.Region, t.Name),
		"tableStatus": "ACTIVE", "creationDateTime": isoTime(t.Created),
		"attributeDefinitions":  []any{map[string]string{"attributeName": "pk", "attributeType": "S"}},
		"keySchema":             []any{map[string]string{"attributeName": "pk", "keyType": "HASH"}},
		"billingModeSummary":    map[string]string{"billingMode": "PAY_PER_REQUEST"},
		"provisionedThroughput": map[string]int{"numberOfDecreasesToday": 0, "readCapacityUnits": 0, "writeCapacityUnits": 0},
		"ssedescription":        sse, "replicas": replicas, "itemCount": 0, "tableSizeBytes": 0,
		"deletionProtectionEnabled": true,
	}
	if len(t.Replicas) > 0 {
		cfg["globalTableVersion"] = "2019.11.21"
	}
	return ConfigurationItem{
		Account:              account,
		Region:               t.Region,
		ResourceType:         "AWS::DynamoDB::Table",
		ResourceID:           t.Name,
		ResourceName:         t.Name,
		ARN:                  arn,
		AvailabilityZone:     "Regional",
		ResourceCreationTime: t.Created,
		Configuration:        mustJSON(cfg),
		SupplementaryConfiguration: map[string]json.RawMessage{
			"ContinuousBackupsDescription": mustJSON(map[string]any{
				"continuousBackupsStatus":        "ENABLED",
				"pointInTimeRecoveryDescription": map[string]string{"pointInTimeRecoveryStatus": pitr},
			}),
		},
	}
}

// EFSFileSystem is an AWS::EFS::FileSystem, in the CloudFormation shape.
type EFSFileSystem struct {
	ID        string
	Region    string
	Created   time.Time
	Encrypted bool
	KMSKeyID  string
	Name      string
}

// Item implements Resource.
func (f EFSFileSystem) Item(account string) ConfigurationItem {
	arn := "arn:aws:elasticfilesystem:" + f.Region + ":" + account + ":file-system/" + f.ID
	cfg := map[string]any{
		"FileSystemId": f.ID, "Arn": arn, "Encrypted": f.Encrypted, "PerformanceMode": "generalPurpose",
		"ThroughputMode": "bursting", "BackupPolicy": map[string]string{"Status": "ENABLED"},
		"FileSystemTags":       []map[string]string{{"Key": "Name", "Value": f.Name}},
		"FileSystemProtection": map[string]string{"ReplicationOverwriteProtection": "ENABLED"},
		"LifecyclePolicies":    []map[string]string{{"TransitionToIA": "AFTER_30_DAYS"}},
	}
	if f.KMSKeyID != "" {
		cfg["KmsKeyId"] = f.KMSKeyID
	}
	return ConfigurationItem{
		Account:                    account,
		Region:                     f.Region,
		ResourceType:               "AWS::EFS::FileSystem",
		ResourceID:                 f.ID,
		ResourceName:               f.Name,
		ARN:                        arn,
		AvailabilityZone:           "Regional",
		ResourceCreationTime:       f.Created,
		Configuration:              mustJSON(cfg),
		SupplementaryConfiguration: map[string]json.RawMessage{},
	}
}

// BackupVault is an AWS::Backup::BackupVault, in the CloudFormation shape,
// identified by its name.
type BackupVault struct {
	Name          string
	Region        string
	Created       time.Time
	EncryptionKey string
}

// ARN returns the vault's ARN in account.
func (b BackupVault) ARN(account string) string {
	return "arn:aws:backup:" + b.Region + ":" + account + ":backup-vault:" + b.Name
}

// Item implements Resource.
func (b BackupVault) Item(account string) ConfigurationItem {
	return ConfigurationItem{
		Account:              account,
		Region:               b.Region,
		ResourceType:         "AWS::Backup::BackupVault",
		ResourceID:           b.Name,
		ResourceName:         b.Name,
		ARN:                  b.ARN(account),
		AvailabilityZone:     "Not Applicable",
		ResourceCreationTime: b.Created,
		Configuration: mustJSON(map[string]any{
			"BackupVaultName": b.Name, "BackupVaultArn": b.ARN(account), "EncryptionKeyArn": b.EncryptionKey,
		}),
		SupplementaryConfiguration: map[string]json.RawMessage{},
	}
}

// BackupPlan is an AWS::Backup::BackupPlan, in the CloudFormation shape,
// identified by its plan ID.
type BackupPlan struct {
	ID      string
	Name    string
	Region  string
	Created time.Time
	Rules   []BackupRule
}

// BackupRule is a rule of a backup plan.
type BackupRule struct {
	Name               string
	TargetVault        string
	ScheduleExpression string
	DeleteAfterDays    int
	// CopyTo are the ARNs of the vaults the rule copies recovery points to.
	CopyTo []string
}

// Item implements Resource.
func (p BackupPlan) Item(account string) ConfigurationItem {
	arn := "arn:aws:backup:" + p.Region + ":" + account + ":backup-plan:" + p.ID
	rules := []any{}
	for _, r := range p.Rules {
		copies := []any{}
		for _, dest := range r.CopyTo {
			copies = append(copies, map[string]any{"DestinationBackupVaultArn": dest, "Lifecycle": map[string]int{"DeleteAfterDays": r.DeleteAfterDays}})
		}
		rules = append(rules, map[string]any{
			"RuleName": r.Name, "TargetBackupVault": r.TargetVault, "ScheduleExpression": r.ScheduleExpression,
			"StartWindowMinutes": 60, "CompletionWindowMinutes": 180,
			"Lifecycle": map[string]int{"DeleteAfterDays": r.DeleteAfterDays}, "CopyActions": copies,
		})
	}
	return ConfigurationItem{
		Account:              account,
		Region:               p.Region,
		ResourceType:         "AWS::Backup::BackupPlan",
		ResourceID:           p.ID,
		ResourceName:         p.Name,
		ARN:                  arn,
		AvailabilityZone:     "Not Applicable",
		ResourceCreationTime: p.Created,
		Configuration: mustJSON(map[string]any{
			"BackupPlanId": p.ID, "BackupPlanArn": arn, "VersionId": stableUUID("plan-version", p.ID)[:32],
			"BackupPlan": map[string]any{"BackupPlanName": p.Name, "BackupPlanRule": rules},
		}),
		SupplementaryConfiguration: map[string]json.RawMessage{},
	}
}

// BackupSelection is an AWS::Backup::BackupSelection, in the
// CloudFormation shape, identified by its selection ID.
type BackupSelection struct {
	ID        string
	PlanID    string
	Name      string
	Region    string
	Resources []string
}

// Item implements Resource.
func (b BackupSelection) Item(account string) ConfigurationItem {
	return ConfigurationItem{
		Account:          account,
		Region:           b.Region,
		ResourceType:     "AWS::Backup::BackupSelection",
		ResourceID:       b.ID,
		ResourceName:     b.Name,
		AvailabilityZone: "Not Applicable",
		Configuration: mustJSON(map[string]any{
			"SelectionId": b.ID, "BackupPlanId": b.PlanID,
			"BackupSelection": map[string]any{
				"SelectionName": b.Name, "Resources": nonNil(b.Resources), "NotResources": []string{},
				"IamRoleArn": "arn:aws:iam::" + account + ":role/service-role/AWSBackupDefaultServiceRole",
			},
		}),
		SupplementaryConfiguration: map[string]json.RawMessage{},
	}
}

// CloudTrailTrail is an AWS::CloudTrail::Trail, recorded in its home
// Region only and identified by its name. AWS Config does not record
// whether the trail is logging: that is cloudtrail GetTrailStatus.
type CloudTrailTrail struct {
	Name                string
	Region              string
	Bucket              string
	MultiRegion         bool
	Organization        bool
	LogFileValidation   bool
	KMSKeyID            string
	CloudWatchLogsGroup string
}

// Item implements Resource.
func (t CloudTrailTrail) Item(account string) ConfigurationItem {
	arn := "arn:aws:cloudtrail:" + t.Region + ":" + account + ":trail/" + t.Name
	return ConfigurationItem{
		Account:          account,
		Region:           t.Region,
		ResourceType:     "AWS::CloudTrail::Trail",
		ResourceID:       t.Name,
		ResourceName:     t.Name,
		ARN:              arn,
		AvailabilityZone: "Not Applicable",
		Configuration: mustJSON(map[string]any{
			"name": t.Name, "s3BucketName": t.Bucket, "s3KeyPrefix": nil, "snsTopicName": nil, "snsTopicARN": nil,
			"includeGlobalServiceEvents": true, "isMultiRegionTrail": t.MultiRegion, "homeRegion": t.Region,
			"trailARN": arn, "logFileValidationEnabled": t.LogFileValidation,
			"cloudWatchLogsLogGroupArn": nilIfEmpty(t.CloudWatchLogsGroup), "cloudWatchLogsRoleArn": nil,
			"kmsKeyId": nilIfEmpty(t.KMSKeyID), "hasCustomEventSelectors": false, "hasInsightSelectors": false,
			"isOrganizationTrail": t.Organization,
		}),
		SupplementaryConfiguration: map[string]json.RawMessage{},
	}
}

// KMSKeyItem is an AWS::KMS::Key; AWS Config records the rotation status
// in supplementaryConfiguration.KeyRotationStatus.
type KMSKeyItem struct {
	KMSKey
	Region string
}

// Item implements Resource.
func (k KMSKeyItem) Item(account string) ConfigurationItem {
	arn := "arn:aws:kms:" + k.Region + ":" + account + ":key/" + k.ID
	m := k.KMSKey.withDefaults()
	return ConfigurationItem{
		Account:              account,
		Region:               k.Region,
		ResourceType:         "AWS::KMS::Key",
		ResourceID:           k.ID,
		ARN:                  arn,
		AvailabilityZone:     "Not Applicable",
		ResourceCreationTime: m.Created,
		Configuration: mustJSON(map[string]any{
			"awsaccountId": account, "keyId": k.ID, "arn": arn, "creationDate": isoTime(m.Created),
			"enabled": m.State == "Enabled", "description": m.Description, "keyUsage": "ENCRYPT_DECRYPT",
			"keyState": m.State, "origin": m.Origin, "keyManager": m.Manager,
			"customerMasterKeySpec": m.Spec, "keySpec": m.Spec, "encryptionAlgorithms": []string{"SYMMETRIC_DEFAULT"},
			"signingAlgorithms": []string{}, "multiRegion": false, "expirationModel": nil, "deletionDate": nil,
		}),
		SupplementaryConfiguration: map[string]json.RawMessage{"KeyRotationStatus": mustJSON(m.RotationEnabled)},
	}
}
