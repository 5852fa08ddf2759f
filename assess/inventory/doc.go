// Package inventory is the normalized model of an AWS estate that hdsctl's
// own checks read: the facts each check needs (buckets and their
// replication, databases, volumes, snapshots, file systems, backup plans,
// trails, keys, IAM settings), each resource with its account and Region,
// independent of where the facts come from.
//
// Two providers fill it. Package serviceapi reads the service APIs; an AWS
// Config provider reads configuration items. Whatever the provider, a check
// must give the same verdict, so a provider fills every field the way this
// package documents it, and records what it could not read as a Gap rather
// than as an empty list: a check never passes for lack of data.
//
// # From AWS Config
//
// Most facts are recorded by AWS Config as configuration items. The table
// maps each Fact to the resource type and the item fields that give it
// (configuration.* is the service's Describe shape in lower camel case for
// the older types, the CloudFormation property names for the newer ones);
// check the field names against a recorded item before relying on them.
// Every item gives Account (accountId), Region (awsRegion) and ARN (arn).
//
//	FactBuckets              AWS::S3::Bucket: resourceName -> Name
//	FactBucketEncryption     AWS::S3::Bucket: supplementaryConfiguration.
//	                         ServerSideEncryptionConfiguration.rules[0].
//	                         applyServerSideEncryptionByDefault.sseAlgorithm
//	FactBucketPublicAccess   AWS::S3::Bucket: supplementaryConfiguration.
//	                         PublicAccessBlockConfiguration.{blockPublicAcls,
//	                         ignorePublicAcls, blockPublicPolicy,
//	                         restrictPublicBuckets}; absent: none configured
//	FactBucketReplication    AWS::S3::Bucket: supplementaryConfiguration.
//	                         BucketReplicationConfiguration.rules[] whose
//	                         status is Enabled: destinationConfig.bucketARN;
//	                         the destination's Region is the awsRegion of its
//	                         own item (same account or aggregator), else empty
//	FactAccountPublicAccess  AWS::S3::AccountPublicAccessBlock: configuration.
//	                         {blockPublicAcls, ...}
//	FactVolumes              AWS::EC2::Volume: configuration.volumeId,
//	                         configuration.encrypted
//	FactDBInstances          AWS::RDS::DBInstance: configuration.
//	                         dBInstanceIdentifier (resourceId is the
//	                         DbiResourceId, not the name), engine,
//	                         dBClusterIdentifier, storageEncrypted,
//	                         readReplicaDBInstanceIdentifiers[] (an ARN for a
//	                         cross-Region replica), dBInstanceAutomatedBackups
//	                         Replications[].dBInstanceAutomatedBackupsArn
//	FactDBClusters           AWS::RDS::DBCluster: configuration.
//	                         dBClusterIdentifier, engine, storageEncrypted,
//	                         readReplicaIdentifiers[]
//	FactDBSnapshots          AWS::RDS::DBSnapshot: configuration.
//	                         dBSnapshotIdentifier, encrypted;
//	                         AWS::RDS::DBClusterSnapshot: configuration.
//	                         dBClusterSnapshotIdentifier, storageEncrypted
//	FactTables               AWS::DynamoDB::Table: configuration.tableName,
//	                         replicas[].regionName
//	FactFileSystems          AWS::EFS::FileSystem: configuration.FileSystemId,
//	                         Encrypted
//	FactBackupVaults         AWS::Backup::BackupVault: configuration.
//	                         BackupVaultName
//	FactBackupPlans          AWS::Backup::BackupPlan: configuration.
//	                         BackupPlanId, BackupPlan.BackupPlanName,
//	                         BackupPlan.BackupPlanRule[].{RuleName,
//	                         ScheduleExpression, TargetBackupVault,
//	                         CopyActions[].DestinationBackupVaultArn}
//	FactBackupSelections     AWS::Backup::BackupSelection: configuration.
//	                         BackupPlanId, BackupSelection.SelectionName
//	FactTrails               AWS::CloudTrail::Trail: configuration.TrailName,
//	                         IsMultiRegionTrail, IsOrganizationTrail,
//	                         EnableLogFileValidation, IsLogging; the item's
//	                         awsRegion is the home Region
//	FactKeys                 AWS::KMS::Key: configuration.keyId, keyManager,
//	                         keySpec, keyState, origin; the rotation status
//	                         is not recorded: kms GetKeyRotationStatus
//
// Config records no resource type for the other facts, which the Config
// provider must read from the service APIs (serviceapi.Options.Facts
// restricts that provider to them): FactEBSEncryptionDef (ec2
// GetEbsEncryptionByDefault), FactVolumeSnapshots (ec2 DescribeSnapshots),
// FactRootMFA (iam GetAccountSummary, AccountMFAEnabled) and
// FactPasswordPolicy (iam GetAccountPasswordPolicy).
//
// Three rules keep the verdicts equal. A resource type the recorder does not
// record in a Region is a Gap for that Region (or a fallback to the service
// API), never an empty list. Items whose configurationItemStatus is
// ResourceDeleted or ResourceNotRecorded are left out. Names, IDs and ARNs
// are the service's own, so that a finding names the same resource whichever
// provider read it.
package inventory
