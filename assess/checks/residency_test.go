package checks

import (
	"strings"
	"testing"

	"github.com/hdsctl/hdsctl/assess/inventory"
	"github.com/hdsctl/hdsctl/awsref"
)

func TestResidencyFailsTheBucketOutsideTheEEAOnly(t *testing.T) {
	inv := estate()
	inv.Buckets = []inventory.Bucket{
		{Location: at("us-east-1"), ARN: "arn:aws:s3:::virginia", Name: "virginia"},
		{Location: paris, ARN: "arn:aws:s3:::paris", Name: "paris"},
	}
	findings := run(t, nameResidency, inv, "FAIL arn:aws:s3:::virginia", "PASS arn:aws:s3:::paris")
	wantIn(t, messageOf(t, findings, "arn:aws:s3:::virginia"),
		"S3 bucket virginia", "us-east-1 (United States)", "EXI 28", "eu-west-3")
}

func TestResidencySaysItInFrench(t *testing.T) {
	inv := estate()
	inv.Buckets = []inventory.Bucket{
		{Location: at("us-east-1"), ARN: "arn:aws:s3:::virginia", Name: "virginia"},
		{Location: paris, ARN: "arn:aws:s3:::paris", Name: "paris"},
		replicating("to-ireland", "ireland", "eu-west-1"),
	}
	inv.BackupPlans = []inventory.BackupPlan{copyingPlan("eu-west-3", "arn:plan-us", "us-east-1")}
	findings := run(t, nameResidency, inv, "FAIL arn:aws:s3:::virginia", "PASS arn:aws:s3:::paris",
		"PASS arn:aws:s3:::to-ireland", "FAIL arn:plan-us")
	eea := strings.Join(awsref.EEARegions(), ", ")

	wantMessages(t, findings, "arn:aws:s3:::virginia",
		"S3 bucket virginia stores data outside the European Economic Area: it is kept in us-east-1 "+
			"(United States). HDS EXI 28 requires health data to stay in the EEA: move the data to a resource "+
			"in an EEA Region ("+eea+") and delete this one",
		"Le compartiment S3 virginia stocke des données hors de l'Espace économique européen (EEE) : données "+
			"conservées dans la Région us-east-1 (États-Unis). L'exigence HDS EXI 28 impose que les données de "+
			"santé restent dans l'EEE : déplacez les données vers une ressource située dans une Région de l'EEE "+
			"("+eea+") et supprimez celle-ci")
	wantMessages(t, findings, "arn:aws:s3:::paris",
		"S3 bucket paris is in eu-west-3 (France), inside the EEA",
		"Le compartiment S3 paris se trouve dans la Région eu-west-3 (France), au sein de l'EEE")
	wantMessages(t, findings, "arn:aws:s3:::to-ireland",
		"S3 bucket to-ireland is in eu-west-3 (France), inside the EEA, and so is its copy",
		"Le compartiment S3 to-ireland se trouve dans la Région eu-west-3 (France), au sein de l'EEE, "+
			"tout comme sa copie")
	wantMessages(t, findings, "arn:plan-us",
		"AWS Backup plan arn:plan-us stores data outside the European Economic Area: its copy of rule daily "+
			"arn:aws:backup:us-east-1:1:backup-vault:x is in us-east-1 (United States). HDS EXI 28 requires "+
			"health data to stay in the EEA: remove each copy outside the EEA, or send it to an EEA Region instead",
		"Le plan de sauvegarde AWS Backup arn:plan-us stocke des données hors de l'Espace économique européen "+
			"(EEE) : copie de la règle daily arn:aws:backup:us-east-1:1:backup-vault:x dans la Région us-east-1 "+
			"(États-Unis). L'exigence HDS EXI 28 impose que les données de santé restent dans l'EEE : supprimez "+
			"chaque copie hors de l'EEE, ou envoyez-la plutôt vers une Région de l'EEE")
}

// copyIn returns a copy of the given kind kept in region.
func copyIn(kind inventory.CopyKind, target, region string) []inventory.Copy {
	return []inventory.Copy{{Kind: kind, Target: target, Region: region}}
}

// bucket returns a bucket of Paris replicating to the given destination.
func replicating(name, dest, region string) inventory.Bucket {
	return inventory.Bucket{Location: paris, ARN: "arn:aws:s3:::" + name, Name: name,
		Replicas: copyIn(inventory.CopyReplication, "arn:aws:s3:::"+dest, region)}
}

// copyingPlan returns a plan of region whose rule copies to a vault of
// copyRegion.
func copyingPlan(region, arn, copyRegion string) inventory.BackupPlan {
	vault := "arn:aws:backup:" + copyRegion + ":1:backup-vault:x"
	rule := inventory.BackupRule{Name: "daily", Copies: copyIn(inventory.CopyBackupRule, vault, copyRegion)}
	rule.Copies[0].Rule = "daily"
	if copyRegion == "" {
		rule.Copies = nil
	}
	return inventory.BackupPlan{Location: at(region), ARN: arn, Name: arn, Rules: []inventory.BackupRule{rule}}
}

// The replicas below cover what moto cannot set up: S3 replication to a
// bucket of another account, DynamoDB global table replicas (moto has none),
// RDS cross-Region read replicas and replicated automated backups, and AWS
// Backup copy actions (moto keeps them but cannot select resources).
func TestResidencyJudgesEveryCopy(t *testing.T) {
	inv := estate()
	inv.Buckets = []inventory.Bucket{
		replicating("to-ireland", "ireland", "eu-west-1"),
		replicating("to-oregon", "oregon", "us-west-2"),
		replicating("to-elsewhere", "other-account", ""),
	}
	inv.Tables = []inventory.Table{{Location: paris, ARN: "arn:table", Name: "patients",
		Replicas: copyIn(inventory.CopyGlobalTableReplica, "arn:replica", "eu-west-2")}}
	inv.DBInstances = []inventory.DBInstance{{Location: paris, ARN: "arn:db", ID: "db",
		Replicas: copyIn(inventory.CopyReplicatedBackups, "arn:aws:rds:ca-central-1:1:auto-backup:x", "ca-central-1")}}
	inv.BackupPlans = []inventory.BackupPlan{
		copyingPlan("eu-west-3", "arn:plan-eu", "eu-central-1"),
		copyingPlan("eu-west-3", "arn:plan-us", "us-east-1"),
		copyingPlan("us-east-1", "arn:plan-no-copy", ""),
	}
	findings := run(t, nameResidency, inv,
		"PASS arn:aws:s3:::to-ireland", "FAIL arn:aws:s3:::to-oregon", "FAIL arn:aws:s3:::to-elsewhere",
		"FAIL arn:table", "FAIL arn:db", "PASS arn:plan-eu", "FAIL arn:plan-us")
	wantIn(t, messageOf(t, findings, "arn:aws:s3:::to-oregon"),
		"replication destination arn:aws:s3:::oregon", "us-west-2")
	wantIn(t, messageOf(t, findings, "arn:aws:s3:::to-elsewhere"), "an unknown Region")
	wantIn(t, messageOf(t, findings, "arn:table"), "eu-west-2 (United Kingdom)")
	wantIn(t, messageOf(t, findings, "arn:plan-us"), "copy of rule daily")
}

func TestResidencyNeverPassesOnAGuess(t *testing.T) {
	inv := estate()
	inv.Volumes = []inventory.Volume{
		{Location: at("eu-central-2"), ARN: "arn:zurich", ID: "vol-zurich"},
		{Location: at("eu-west-9"), ARN: "arn:unknown", ID: "vol-unknown"},
		{Location: at("eusc-de-east-1"), ARN: "arn:sovereign", ID: "vol-sovereign"},
	}
	inv.FileSystems = []inventory.FileSystem{{Location: at("us-east-1"), ARN: "arn:fs", ID: "fs-1"}}
	inv.BackupVaults = []inventory.BackupVault{{Location: at("eu-west-2"), ARN: "arn:vault", Name: "london"}}
	inv.DBSnapshots = []inventory.DBSnapshot{{Location: at("us-west-2"), ARN: "arn:snap", ID: "copied"}}
	inv.VolumeSnapshots = []inventory.VolumeSnapshot{{Location: paris, ARN: "arn:ebs-snap", ID: "snap-1"}}
	findings := run(t, nameResidency, inv,
		"FAIL arn:zurich", "FAIL arn:unknown", "PASS arn:sovereign", "FAIL arn:fs", "FAIL arn:vault",
		"FAIL arn:snap", "PASS arn:ebs-snap")
	wantIn(t, messageOf(t, findings, "arn:unknown"), "a Region hdsctl does not know")
}

func TestResidencyJudgesAClusterInstanceThroughItsCluster(t *testing.T) {
	inv := estate()
	virginia := at("us-east-1")
	inv.DBClusters = []inventory.DBCluster{{Location: virginia, ARN: "arn:cluster", ID: "aurora"}}
	inv.DBInstances = []inventory.DBInstance{{Location: virginia, ARN: "arn:member", ID: "a-1", Cluster: "aurora"}}
	run(t, nameResidency, inv, "FAIL arn:cluster")
}

func TestResidencyReportsWhatItCouldNotRead(t *testing.T) {
	inv := estate()
	inv.Buckets = []inventory.Bucket{
		{Location: at(""), ARN: "arn:aws:s3:::hidden", Name: "hidden"},
		{Location: paris, ARN: "arn:aws:s3:::known", Name: "known"},
	}
	inv.Gaps = []inventory.Gap{
		gap("", "arn:aws:s3:::hidden", inventory.FactBuckets, inventory.FactBucketReplication),
		gap("eu-south-1", "", inventory.FactDBSnapshots),
		gap("eu-south-1", "", inventory.FactKeys),
	}
	findings := run(t, nameResidency, inv,
		"ERROR arn:aws:s3:::hidden", "ERROR "+accountID, "PASS arn:aws:s3:::known")
	wantIn(t, messageOf(t, findings, accountID),
		"RDS snapshots", "svc Op failed in eu-south-1", "AccessDenied")
}

func TestResidencyPassesAnEmptyAccountSayingSo(t *testing.T) {
	findings := run(t, nameResidency, estate(), "PASS "+accountID)
	wantIn(t, findings[0].Message, "nothing to check", "eu-west-3, us-east-1")
}
