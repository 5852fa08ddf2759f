package checks

import (
	"fmt"
	"strings"

	"github.com/hdsctl/hdsctl/assess/inventory"
	"github.com/hdsctl/hdsctl/awsref"
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
		r.resides(b.Location, b.ARN, "S3 bucket "+b.Name, true, replicas)
	}
	for _, v := range inv.Volumes {
		r.resides(v.Location, v.ARN, "EBS volume "+v.ID, true, nil)
	}
	for _, s := range inv.VolumeSnapshots {
		r.resides(s.Location, s.ARN, "EBS snapshot "+s.ID, true, nil)
	}
	for _, db := range inv.DBInstances {
		if db.Cluster == "" {
			r.resides(db.Location, db.ARN, "RDS DB instance "+db.ID, true, db.Replicas)
		}
	}
	for _, c := range inv.DBClusters {
		r.resides(c.Location, c.ARN, "RDS DB cluster "+c.ID, true, c.Replicas)
	}
	for _, s := range inv.DBSnapshots {
		r.resides(s.Location, s.ARN, "RDS snapshot "+s.ID, true, nil)
	}
	for _, t := range inv.Tables {
		replicas := t.Replicas
		if inv.Unknown(inventory.FactTables, t.Location, t.ARN) {
			replicas = nil
		}
		r.resides(t.Location, t.ARN, "DynamoDB table "+t.Name, true, replicas)
	}
	for _, fs := range inv.FileSystems {
		r.resides(fs.Location, fs.ARN, "EFS file system "+fs.ID, true, nil)
	}
	for _, v := range inv.BackupVaults {
		r.resides(v.Location, v.ARN, "AWS Backup vault "+v.Name, true, nil)
	}
	for _, p := range inv.BackupPlans {
		var copies []inventory.Copy
		for _, rule := range p.Rules {
			copies = append(copies, rule.Copies...)
		}
		// A plan stores nothing itself: its vaults are judged as vaults.
		if len(copies) > 0 && !inv.Unknown(inventory.FactBackupPlans, p.Location, p.ARN) {
			r.resides(p.Location, p.ARN, "AWS Backup plan "+p.Name, false, copies)
		}
	}
	r.nothingFound(inv, "S3 bucket, EBS volume or snapshot, RDS database or snapshot, DynamoDB table, "+
		"EFS file system or AWS Backup vault")
}

// resides judges where one resource and its copies keep their data. own
// says whether the resource's own Region counts.
func (r *report) resides(loc inventory.Location, arn, what string, own bool, copies []inventory.Copy) {
	var outside []string
	var fixes []string
	if own && !awsref.InEEA(loc.Region) {
		outside = append(outside, "it is kept in "+describeRegion(loc.Region))
		fixes = append(fixes, "move the data to a resource in an EEA Region ("+eeaRegions()+") and delete this one")
	}
	for _, c := range copies {
		if !awsref.InEEA(c.Region) {
			outside = append(outside, fmt.Sprintf("its %s %s is in %s", c.Kind, c.Target, describeRegion(c.Region)))
		}
	}
	if len(outside) > len(fixes) {
		fixes = append(fixes, "remove each copy outside the EEA, or send it to an EEA Region instead")
	}
	if len(outside) > 0 {
		r.add(results.Fail, loc, arn, "%s stores data outside the European Economic Area: %s. HDS EXI 28 "+
			"requires health data to stay in the EEA: %s", what, strings.Join(outside, "; "), strings.Join(fixes, "; "))
		return
	}
	msg := what + " is in " + describeRegion(loc.Region) + ", inside the EEA"
	if !own {
		msg = what + " copies only to EEA Regions"
	}
	if own && len(copies) > 0 {
		msg += fmt.Sprintf(", and so are its %d copies", len(copies))
	}
	r.add(results.Pass, loc, arn, "%s", msg)
}
