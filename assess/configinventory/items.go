package configinventory

import (
	"encoding/json"
	"slices"
	"strings"
	"sync"

	"github.com/hdsctl/hdsctl/assess/inventory"
)

// item is one configuration item, whichever API gave it.
type item struct {
	account, region string
	resourceType    string
	resourceID      string
	resourceName    string
	arn             string
	status          string
	configuration   string
	supplementary   map[string]string
}

// The configuration item statuses of a resource that no longer exists or is
// no longer recorded: such items are left out.
const (
	statusDeleted     = "ResourceDeleted"
	statusNotRecorded = "ResourceNotRecorded"
	statusDeletedNR   = "ResourceDeletedNotRecorded"
)

// doc is a decoded JSON document read with field names in any case: the
// configuration of the older resource types is in lower camel case, that of
// the newer ones in the CloudFormation property names.
type doc struct{ v any }

func parse(s string) doc {
	var v any
	if s == "" || json.Unmarshal([]byte(s), &v) != nil {
		return doc{}
	}
	return doc{v}
}

// get follows a path of field names, each matched without regard to case.
func (d doc) get(path ...string) doc {
	cur := d.v
	for _, name := range path {
		m, ok := cur.(map[string]any)
		if !ok {
			return doc{}
		}
		cur = nil
		for k, v := range m {
			if strings.EqualFold(k, name) {
				cur = v
				break
			}
		}
	}
	return doc{cur}
}

func (d doc) str() string {
	s, _ := d.v.(string)
	return s
}

func (d doc) boolean() bool {
	switch v := d.v.(type) {
	case bool:
		return v
	case string:
		return strings.EqualFold(v, "true")
	}
	return false
}

func (d doc) list() []doc {
	l, _ := d.v.([]any)
	out := make([]doc, len(l))
	for i, v := range l {
		out[i] = doc{v}
	}
	return out
}

// values returns the elements of a list, or the values of an object by
// key: the AWS SDK for Java 1.x models some lists as maps (S3 replication
// rules keyed by rule ID), which AWS Config records as they serialize.
func (d doc) values() []doc {
	m, ok := d.v.(map[string]any)
	if !ok {
		return d.list()
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([]doc, len(keys))
	for i, k := range keys {
		out[i] = doc{m[k]}
	}
	return out
}

func (d doc) missing() bool { return d.v == nil }

// build turns items into inventory facts. Bucket replication destinations
// get their Region from the destination's own item when there is one.
type build struct {
	inv *inventory.Inventory
	// bucketRegions gives the Region of each bucket seen, by name.
	bucketRegions map[string]string
	// accountBlocks gives the account-level public access block seen, by
	// account.
	accountBlocks map[string]*inventory.PublicAccessBlock
	// blockListed records the accounts where a Region listed the
	// account-level public access block, found or not.
	blockListed map[string]bool
	gaps        []inventory.Gap
	mu          sync.Mutex
	// pendingSelections are the backup selections read, as plan ID and
	// selection name, attached to their plans by finish.
	pendingSelections [][2]string
}

func newBuild() *build {
	return &build{inv: &inventory.Inventory{}, bucketRegions: map[string]string{},
		accountBlocks: map[string]*inventory.PublicAccessBlock{}, blockListed: map[string]bool{}}
}

// addItems records items; it is not safe for concurrent use.
func (b *build) addItems(items []item) {
	for _, it := range items {
		b.add(it)
	}
}

// add records one item. Items of deleted or unrecorded resources are left
// out.
func (b *build) add(it item) {
	switch it.status {
	case statusDeleted, statusNotRecorded, statusDeletedNR:
		return
	}
	loc := inventory.Location{Account: it.account, Region: it.region}
	c := parse(it.configuration)
	switch it.resourceType {
	case typeBucket:
		b.inv.Buckets = append(b.inv.Buckets, bucket(loc, it))
		b.bucketRegions[it.resourceName] = it.region
	case typeAccountPublicAccess:
		blk := publicAccessBlock(c)
		b.accountBlocks[it.account] = &blk
	case typeVolume:
		b.inv.Volumes = append(b.inv.Volumes, inventory.Volume{Location: loc, ARN: it.arn,
			ID: firstOf(c.get("volumeId").str(), it.resourceID), Encrypted: c.get("encrypted").boolean()})
	case typeDBInstance:
		b.inv.DBInstances = append(b.inv.DBInstances, dbInstance(loc, it, c))
	case typeDBCluster:
		cl := inventory.DBCluster{Location: loc, ARN: it.arn,
			ID: firstOf(c.get("dBClusterIdentifier").str(), it.resourceName), Engine: c.get("engine").str(),
			StorageEncrypted: c.get("storageEncrypted").boolean()}
		for _, id := range c.get("readReplicaIdentifiers").list() {
			cl.Replicas = append(cl.Replicas, inventory.CopyAt(inventory.CopyReadReplica, id.str(), it.region))
		}
		b.inv.DBClusters = append(b.inv.DBClusters, cl)
	case typeDBSnapshot:
		b.inv.DBSnapshots = append(b.inv.DBSnapshots, inventory.DBSnapshot{Location: loc, ARN: it.arn,
			ID: firstOf(c.get("dBSnapshotIdentifier").str(), it.resourceName), Encrypted: c.get("encrypted").boolean()})
	case typeDBClusterSnapshot:
		b.inv.DBSnapshots = append(b.inv.DBSnapshots, inventory.DBSnapshot{Location: loc, ARN: it.arn, Cluster: true,
			ID:        firstOf(c.get("dBClusterSnapshotIdentifier").str(), it.resourceName),
			Encrypted: c.get("storageEncrypted").boolean()})
	case typeTable:
		b.inv.Tables = append(b.inv.Tables, table(loc, it, c))
	case typeFileSystem:
		b.inv.FileSystems = append(b.inv.FileSystems, inventory.FileSystem{Location: loc, ARN: it.arn,
			ID: firstOf(c.get("FileSystemId").str(), it.resourceID), Encrypted: c.get("Encrypted").boolean()})
	case typeBackupVault:
		b.inv.BackupVaults = append(b.inv.BackupVaults, inventory.BackupVault{Location: loc, ARN: it.arn,
			Name: firstOf(c.get("BackupVaultName").str(), it.resourceName)})
	case typeBackupPlan:
		b.inv.BackupPlans = append(b.inv.BackupPlans, backupPlan(loc, it, c))
	case typeBackupSelection:
		b.selection(c)
	}
}

func bucket(loc inventory.Location, it item) inventory.Bucket {
	b := inventory.Bucket{Location: loc, ARN: it.arn, Name: firstOf(it.resourceName, it.resourceID)}
	if b.ARN == "" {
		b.ARN = "arn:aws:s3:::" + b.Name
	}
	sse := parse(it.supplementary["ServerSideEncryptionConfiguration"])
	for _, rule := range sse.get("rules").list() {
		if alg := rule.get("applyServerSideEncryptionByDefault", "sseAlgorithm").str(); alg != "" {
			b.Encryption = alg
			break
		}
	}
	if pab := parse(it.supplementary["PublicAccessBlockConfiguration"]); !pab.missing() {
		b.PublicAccessBlock = publicAccessBlock(pab)
	}
	repl := parse(it.supplementary["BucketReplicationConfiguration"])
	for _, rule := range repl.get("rules").values() {
		if !strings.EqualFold(rule.get("status").str(), "Enabled") {
			continue
		}
		dest := firstOf(rule.get("destinationConfig", "bucketARN").str(), rule.get("destination", "bucket").str())
		if dest != "" {
			b.Replicas = append(b.Replicas, inventory.Copy{Kind: inventory.CopyReplication, Target: dest})
		}
	}
	return b
}

func publicAccessBlock(d doc) inventory.PublicAccessBlock {
	return inventory.PublicAccessBlock{
		BlockPublicACLs:       d.get("blockPublicAcls").boolean(),
		IgnorePublicACLs:      d.get("ignorePublicAcls").boolean(),
		BlockPublicPolicy:     d.get("blockPublicPolicy").boolean(),
		RestrictPublicBuckets: d.get("restrictPublicBuckets").boolean(),
	}
}

func dbInstance(loc inventory.Location, it item, c doc) inventory.DBInstance {
	db := inventory.DBInstance{Location: loc, ARN: it.arn,
		ID:      firstOf(c.get("dBInstanceIdentifier").str(), it.resourceName),
		Engine:  c.get("engine").str(),
		Cluster: c.get("dBClusterIdentifier").str(), StorageEncrypted: c.get("storageEncrypted").boolean()}
	for _, id := range c.get("readReplicaDBInstanceIdentifiers").list() {
		db.Replicas = append(db.Replicas, inventory.CopyAt(inventory.CopyReadReplica, id.str(), it.region))
	}
	for _, r := range c.get("dBInstanceAutomatedBackupsReplications").list() {
		db.Replicas = append(db.Replicas, inventory.CopyAt(inventory.CopyReplicatedBackups,
			r.get("dBInstanceAutomatedBackupsArn").str(), it.region))
	}
	return db
}

func table(loc inventory.Location, it item, c doc) inventory.Table {
	t := inventory.Table{Location: loc, ARN: it.arn, Name: firstOf(c.get("tableName").str(), it.resourceName)}
	for _, r := range c.get("replicas").list() {
		at := r.get("regionName").str()
		if at == "" || at == it.region {
			continue
		}
		t.Replicas = append(t.Replicas, inventory.Copy{Kind: inventory.CopyGlobalTableReplica,
			Target: "arn:aws:dynamodb:" + at + ":" + it.account + ":table/" + t.Name, Region: at})
	}
	return t
}

func backupPlan(loc inventory.Location, it item, c doc) inventory.BackupPlan {
	p := inventory.BackupPlan{Location: loc, ARN: it.arn,
		ID:   firstOf(c.get("BackupPlanId").str(), it.resourceID),
		Name: firstOf(c.get("BackupPlan", "BackupPlanName").str(), it.resourceName)}
	for _, r := range c.get("BackupPlan", "BackupPlanRule").list() {
		rule := inventory.BackupRule{Name: r.get("RuleName").str(), Schedule: r.get("ScheduleExpression").str(),
			TargetVault: r.get("TargetBackupVault").str()}
		for _, cp := range r.get("CopyActions").list() {
			vault := cp.get("DestinationBackupVaultArn").str()
			c := inventory.CopyAt(inventory.CopyBackupRule, vault, "")
			c.Rule = rule.Name
			rule.Copies = append(rule.Copies, c)
		}
		p.Rules = append(p.Rules, rule)
	}
	return p
}

// selection attaches a backup selection to its plan; selections are added
// after every plan, see finish.
func (b *build) selection(c doc) {
	b.pendingSelections = append(b.pendingSelections, [2]string{c.get("BackupPlanId").str(),
		c.get("BackupSelection", "SelectionName").str()})
}

// finish attaches what needs every item read: backup selections to their
// plans, the Regions of replication destinations.
func (b *build) finish() {
	for _, s := range b.pendingSelections {
		for i := range b.inv.BackupPlans {
			if b.inv.BackupPlans[i].ID == s[0] && b.inv.BackupPlans[i].Location.Account != "" {
				b.inv.BackupPlans[i].Selections = append(b.inv.BackupPlans[i].Selections, s[1])
			}
		}
	}
	for i := range b.inv.Buckets {
		for j := range b.inv.Buckets[i].Replicas {
			c := &b.inv.Buckets[i].Replicas[j]
			c.Region = b.bucketRegions[bucketName(c.Target)]
		}
	}
}

func bucketName(arn string) string {
	if i := strings.LastIndex(arn, ":"); i >= 0 {
		return arn[i+1:]
	}
	return arn
}

func firstOf(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}
