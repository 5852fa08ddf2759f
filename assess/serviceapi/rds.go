package serviceapi

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"

	"github.com/hdsctl/hdsctl/assess/inventory"
)

func (r *run) rds(region string) *rds.Client {
	return rds.NewFromConfig(r.cfg, func(o *rds.Options) {
		o.Region = region
		o.APIOptions = append(o.APIOptions, r.limits.apiOption("rds"))
	})
}

// dbInstances reads the RDS DB instances of region.
func (r *run) dbInstances(ctx context.Context, region string) {
	var instances []inventory.DBInstance
	pages := rds.NewDescribeDBInstancesPaginator(r.rds(region), &rds.DescribeDBInstancesInput{})
	for pages.HasMorePages() {
		out, err := pages.NextPage(ctx)
		if err != nil {
			r.failed(ctx, region, "", "rds", "DescribeDBInstances", err, inventory.FactDBInstances)
			break
		}
		for _, db := range out.DBInstances {
			instances = append(instances, r.dbInstance(region, db))
		}
	}
	r.add(func(inv *inventory.Inventory) {
		inv.DBInstances = append(inv.DBInstances, instances...)
	})
}

func (r *run) dbInstance(region string, db rdstypes.DBInstance) inventory.DBInstance {
	out := inventory.DBInstance{
		Location:         r.where(region),
		ARN:              aws.ToString(db.DBInstanceArn),
		ID:               aws.ToString(db.DBInstanceIdentifier),
		Engine:           aws.ToString(db.Engine),
		Cluster:          aws.ToString(db.DBClusterIdentifier),
		StorageEncrypted: aws.ToBool(db.StorageEncrypted),
	}
	for _, id := range db.ReadReplicaDBInstanceIdentifiers {
		out.Replicas = append(out.Replicas, inventory.CopyAt(inventory.CopyReadReplica, id, region))
	}
	for _, b := range db.DBInstanceAutomatedBackupsReplications {
		arn := aws.ToString(b.DBInstanceAutomatedBackupsArn)
		out.Replicas = append(out.Replicas, inventory.CopyAt(inventory.CopyReplicatedBackups, arn, region))
	}
	return out
}

// dbClusters reads the RDS DB clusters of region.
func (r *run) dbClusters(ctx context.Context, region string) {
	var clusters []inventory.DBCluster
	pages := rds.NewDescribeDBClustersPaginator(r.rds(region), &rds.DescribeDBClustersInput{})
	for pages.HasMorePages() {
		out, err := pages.NextPage(ctx)
		if err != nil {
			r.failed(ctx, region, "", "rds", "DescribeDBClusters", err, inventory.FactDBClusters)
			break
		}
		for _, c := range out.DBClusters {
			cluster := inventory.DBCluster{
				Location:         r.where(region),
				ARN:              aws.ToString(c.DBClusterArn),
				ID:               aws.ToString(c.DBClusterIdentifier),
				Engine:           aws.ToString(c.Engine),
				StorageEncrypted: aws.ToBool(c.StorageEncrypted),
			}
			for _, id := range c.ReadReplicaIdentifiers {
				cluster.Replicas = append(cluster.Replicas, inventory.CopyAt(inventory.CopyReadReplica, id, region))
			}
			clusters = append(clusters, cluster)
		}
	}
	r.add(func(inv *inventory.Inventory) { inv.DBClusters = append(inv.DBClusters, clusters...) })
}

// dbSnapshots reads the DB snapshots and DB cluster snapshots of region.
func (r *run) dbSnapshots(ctx context.Context, region string) {
	client := r.rds(region)
	var snapshots []inventory.DBSnapshot
	pages := rds.NewDescribeDBSnapshotsPaginator(client, &rds.DescribeDBSnapshotsInput{})
	for pages.HasMorePages() {
		out, err := pages.NextPage(ctx)
		if err != nil {
			r.failed(ctx, region, "", "rds", "DescribeDBSnapshots", err, inventory.FactDBSnapshots)
			break
		}
		for _, s := range out.DBSnapshots {
			snapshots = append(snapshots, inventory.DBSnapshot{
				Location:  r.where(region),
				ARN:       aws.ToString(s.DBSnapshotArn),
				ID:        aws.ToString(s.DBSnapshotIdentifier),
				Encrypted: aws.ToBool(s.Encrypted),
			})
		}
	}
	clusterInput := &rds.DescribeDBClusterSnapshotsInput{}
	clusterPages := rds.NewDescribeDBClusterSnapshotsPaginator(client, clusterInput)
	for clusterPages.HasMorePages() {
		out, err := clusterPages.NextPage(ctx)
		if err != nil {
			r.failed(ctx, region, "", "rds", "DescribeDBClusterSnapshots", err,
				inventory.FactDBSnapshots)
			break
		}
		for _, s := range out.DBClusterSnapshots {
			snapshots = append(snapshots, inventory.DBSnapshot{
				Location:  r.where(region),
				ARN:       aws.ToString(s.DBClusterSnapshotArn),
				ID:        aws.ToString(s.DBClusterSnapshotIdentifier),
				Cluster:   true,
				Encrypted: aws.ToBool(s.StorageEncrypted),
			})
		}
	}
	r.add(func(inv *inventory.Inventory) {
		inv.DBSnapshots = append(inv.DBSnapshots, snapshots...)
	})
}
