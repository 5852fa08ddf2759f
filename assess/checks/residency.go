package checks

import (
	"github.com/hdsctl/hdsctl/assess/inventory"
	"github.com/hdsctl/hdsctl/awsref"
	"github.com/hdsctl/hdsctl/framework"
	"github.com/hdsctl/hdsctl/results"
)

var residencyFacts = []inventory.Fact{
	inventory.FactBuckets, inventory.FactBucketReplication, inventory.FactVolumes,
	inventory.FactVolumeSnapshots, inventory.FactDBInstances, inventory.FactDBClusters,
	inventory.FactDBSnapshots, inventory.FactTables, inventory.FactFileSystems,
	inventory.FactBackupVaults, inventory.FactBackupPlans,
}

// residency is eea-data-residency (HDS EXI 28): every resource that stores
// data is in a Region of the European Economic Area, and so is every copy of
// it: S3 buckets and their replication destinations, EBS volumes and
// snapshots, RDS instances, clusters, their cross-Region replicas and
// replicated backups, and snapshots (a snapshot copied to another Region is
// judged there), DynamoDB tables and their global table replicas, EFS file
// systems, AWS Backup vaults, and the copy destinations of backup plans. A
// Region that is empty or that awsref does not know fails: residency is
// never passed on a guess. An RDS instance of a cluster is judged through
// its cluster.
func residency(inv *inventory.Inventory, r *report) {
	r.unreadAll(inv, residencyFacts...)
	r.gaps(inv, "", residencyFacts...)
	for _, b := range inv.Buckets {
		if inv.Unknown(inventory.FactBuckets, b.Location, b.ARN) {
			continue
		}
		replicas := b.Replicas
		if inv.Unknown(inventory.FactBucketReplication, b.Location, b.ARN) {
			replicas = nil
		}
		r.resides(b.Location, b.ARN, named(s3Bucket, b.Name), true, replicas)
	}
	for _, v := range inv.Volumes {
		r.resides(v.Location, v.ARN, named(ebsVolume, v.ID), true, nil)
	}
	for _, s := range inv.VolumeSnapshots {
		r.resides(s.Location, s.ARN, named(ebsSnapshot, s.ID), true, nil)
	}
	for _, db := range inv.DBInstances {
		if db.Cluster == "" {
			r.resides(db.Location, db.ARN, named(rdsInstance, db.ID), true, db.Replicas)
		}
	}
	for _, c := range inv.DBClusters {
		r.resides(c.Location, c.ARN, named(rdsCluster, c.ID), true, c.Replicas)
	}
	for _, s := range inv.DBSnapshots {
		r.resides(s.Location, s.ARN, named(rdsSnapshot, s.ID), true, nil)
	}
	for _, t := range inv.Tables {
		replicas := t.Replicas
		if inv.Unknown(inventory.FactTables, t.Location, t.ARN) {
			replicas = nil
		}
		r.resides(t.Location, t.ARN, named(dynamoDBTable, t.Name), true, replicas)
	}
	for _, fs := range inv.FileSystems {
		r.resides(fs.Location, fs.ARN, named(efsFileSystem, fs.ID), true, nil)
	}
	for _, v := range inv.BackupVaults {
		r.resides(v.Location, v.ARN, named(backupVault, v.Name), true, nil)
	}
	for _, p := range inv.BackupPlans {
		var copies []inventory.Copy
		for _, rule := range p.Rules {
			copies = append(copies, rule.Copies...)
		}
		// A plan stores nothing itself: its vaults are judged as vaults.
		if len(copies) > 0 && !inv.Unknown(inventory.FactBackupPlans, p.Location, p.ARN) {
			r.resides(p.Location, p.ARN, named(backupPlan, p.Name), false, copies)
		}
	}
	r.nothingFound(inv, framework.Text{
		EN: "S3 bucket, EBS volume or snapshot, RDS database or snapshot, DynamoDB table, EFS file system " +
			"or AWS Backup vault",
		FR: "aucun compartiment S3, volume ou instantané EBS, base de données ou instantané RDS, table " +
			"DynamoDB, système de fichiers EFS ni coffre-fort AWS Backup",
	})
}

// resides judges where one resource and its copies keep their data. own
// says whether the resource's own Region counts. The French of what takes
// its article ("le compartiment S3 patients").
func (r *report) resides(loc inventory.Location, arn string, what framework.Text, own bool,
	copies []inventory.Copy) {
	var outside, fixes []framework.Text
	if own && !awsref.InEEA(loc.Region) {
		outside = append(outside, say("it is kept in %s", "données conservées dans %s", describeRegion(loc.Region)))
		fixes = append(fixes, say("move the data to a resource in an EEA Region (%s) and delete this one",
			"déplacez les données vers une ressource située dans une Région de l'EEE (%s) et supprimez celle-ci",
			eeaRegions()))
	}
	for _, c := range copies {
		if !awsref.InEEA(c.Region) {
			outside = append(outside, say("its %s %s is in %s", "%s %s dans %s",
				copyKind(c), c.Target, describeRegion(c.Region)))
		}
	}
	if len(outside) > len(fixes) {
		fixes = append(fixes, framework.Text{
			EN: "remove each copy outside the EEA, or send it to an EEA Region instead",
			FR: "supprimez chaque copie hors de l'EEE, ou envoyez-la plutôt vers une Région de l'EEE",
		})
	}
	if len(outside) > 0 {
		r.add(results.Fail, loc, arn, say(
			"%s stores data outside the European Economic Area: %s. HDS EXI 28 requires health data to stay "+
				"in the EEA: %s",
			"%s stocke des données hors de l'Espace économique européen (EEE) : %s. L'exigence HDS EXI 28 "+
				"impose que les données de santé restent dans l'EEE : %s",
			what, join(outside, semicolon), join(fixes, semicolon)))
		return
	}
	switch {
	case !own:
		r.add(results.Pass, loc, arn, say("%s copies only to EEA Regions",
			"%s ne copie les données que vers des Régions de l'EEE", what))
	case len(copies) == 1:
		r.add(results.Pass, loc, arn, say("%s is in %s, inside the EEA, and so is its copy",
			"%s se trouve dans %s, au sein de l'EEE, tout comme sa copie", what, describeRegion(loc.Region)))
	case len(copies) > 1:
		r.add(results.Pass, loc, arn, say("%s is in %s, inside the EEA, and so are its %d copies",
			"%s se trouve dans %s, au sein de l'EEE, tout comme ses %d copies",
			what, describeRegion(loc.Region), len(copies)))
	default:
		r.add(results.Pass, loc, arn, say("%s is in %s, inside the EEA", "%s se trouve dans %s, au sein de l'EEE",
			what, describeRegion(loc.Region)))
	}
}
