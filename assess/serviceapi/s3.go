package serviceapi

import (
	"context"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/s3control"

	"github.com/hdsctl/hdsctl/assess/inventory"
	"github.com/hdsctl/hdsctl/internal/awserr"
)

// bucketFacts are the facts read bucket by bucket.
var bucketFacts = []inventory.Fact{
	inventory.FactBuckets, inventory.FactBucketEncryption,
	inventory.FactBucketPublicAccess, inventory.FactBucketReplication,
}

// s3Clients caches one S3 client per Region: each bucket's settings must be
// read in the bucket's own Region.
type s3Clients struct {
	r       *run
	mu      sync.Mutex
	clients map[string]*s3.Client
}

func (c *s3Clients) in(region string) *s3.Client {
	c.mu.Lock()
	defer c.mu.Unlock()
	if cl, ok := c.clients[region]; ok {
		return cl
	}
	cl := s3.NewFromConfig(c.r.cfg, func(o *s3.Options) {
		o.Region = region
		o.APIOptions = append(o.APIOptions, c.r.limits.apiOption("s3"))
	})
	c.clients[region] = cl
	return cl
}

// buckets reads every bucket of the account and its settings.
func (r *run) buckets(ctx context.Context, _ string) {
	clients := &s3Clients{r: r, clients: map[string]*s3.Client{}}
	var listed []s3types.Bucket
	pages := s3.NewListBucketsPaginator(clients.in(r.home), &s3.ListBucketsInput{})
	for pages.HasMorePages() {
		out, err := pages.NextPage(ctx)
		if err != nil {
			r.failed(ctx, inventory.GlobalRegion, "", "s3", "ListBuckets", err, bucketFacts...)
			break
		}
		listed = append(listed, out.Buckets...)
	}
	buckets := make([]inventory.Bucket, len(listed))
	forEach(r.opts.PerService, len(listed), func(i int) {
		buckets[i] = r.bucket(ctx, clients, listed[i])
	})
	r.locateReplicas(ctx, clients, buckets)
	r.add(func(inv *inventory.Inventory) { inv.Buckets = append(inv.Buckets, buckets...) })
}

// bucket reads one bucket's Region and settings.
func (r *run) bucket(ctx context.Context, clients *s3Clients, listed s3types.Bucket,
) inventory.Bucket {
	name := aws.ToString(listed.Name)
	b := inventory.Bucket{
		Location: r.where(""),
		ARN:      "arn:" + partition(r.home) + ":s3:::" + name,
		Name:     name,
	}
	region := aws.ToString(listed.BucketRegion)
	if region == "" {
		var err error
		if region, err = bucketRegion(ctx, clients.in(r.home), name); err != nil {
			r.failed(ctx, "", b.ARN, "s3", "GetBucketLocation", err, bucketFacts...)
			return b
		}
	}
	b.Region = region
	client := clients.in(region)
	if r.wants(inventory.FactBucketEncryption) {
		r.bucketEncryption(ctx, client, &b)
	}
	if r.wants(inventory.FactBucketPublicAccess) {
		r.bucketPublicAccess(ctx, client, &b)
	}
	if r.wants(inventory.FactBucketReplication) {
		r.bucketReplication(ctx, client, &b)
	}
	return b
}

// bucketRegion asks S3 where a bucket is. GetBucketLocation answers an empty
// constraint for us-east-1 and EU for the oldest buckets of eu-west-1.
func bucketRegion(ctx context.Context, client *s3.Client, name string) (string, error) {
	out, err := client.GetBucketLocation(ctx, &s3.GetBucketLocationInput{Bucket: aws.String(name)})
	if err != nil {
		return "", err
	}
	switch out.LocationConstraint {
	case "":
		return "us-east-1", nil
	case s3types.BucketLocationConstraintEu:
		return "eu-west-1", nil
	}
	return string(out.LocationConstraint), nil
}

func (r *run) bucketEncryption(ctx context.Context, client *s3.Client, b *inventory.Bucket) {
	input := &s3.GetBucketEncryptionInput{Bucket: aws.String(b.Name)}
	out, err := client.GetBucketEncryption(ctx, input)
	switch {
	case awserr.HasCode(err, "ServerSideEncryptionConfigurationNotFoundError"):
		return
	case err != nil:
		r.failed(ctx, b.Region, b.ARN, "s3", "GetBucketEncryption", err,
			inventory.FactBucketEncryption)
		return
	}
	for _, rule := range out.ServerSideEncryptionConfiguration.Rules {
		if d := rule.ApplyServerSideEncryptionByDefault; d != nil && d.SSEAlgorithm != "" {
			b.Encryption = string(d.SSEAlgorithm)
			return
		}
	}
}

func (r *run) bucketPublicAccess(ctx context.Context, client *s3.Client, b *inventory.Bucket) {
	input := &s3.GetPublicAccessBlockInput{Bucket: aws.String(b.Name)}
	out, err := client.GetPublicAccessBlock(ctx, input)
	switch {
	case awserr.HasCode(err, "NoSuchPublicAccessBlockConfiguration"):
		return
	case err != nil:
		r.failed(ctx, b.Region, b.ARN, "s3", "GetPublicAccessBlock", err,
			inventory.FactBucketPublicAccess)
		return
	}
	if c := out.PublicAccessBlockConfiguration; c != nil {
		b.PublicAccessBlock = inventory.PublicAccessBlock{
			BlockPublicACLs:       aws.ToBool(c.BlockPublicAcls),
			IgnorePublicACLs:      aws.ToBool(c.IgnorePublicAcls),
			BlockPublicPolicy:     aws.ToBool(c.BlockPublicPolicy),
			RestrictPublicBuckets: aws.ToBool(c.RestrictPublicBuckets),
		}
	}
}

func (r *run) bucketReplication(ctx context.Context, client *s3.Client, b *inventory.Bucket) {
	input := &s3.GetBucketReplicationInput{Bucket: aws.String(b.Name)}
	out, err := client.GetBucketReplication(ctx, input)
	switch {
	case awserr.HasCode(err, "ReplicationConfigurationNotFoundError"):
		return
	case err != nil:
		r.failed(ctx, b.Region, b.ARN, "s3", "GetBucketReplication", err,
			inventory.FactBucketReplication)
		return
	}
	for _, rule := range out.ReplicationConfiguration.Rules {
		if rule.Status != s3types.ReplicationRuleStatusEnabled || rule.Destination == nil {
			continue
		}
		b.Replicas = append(b.Replicas, inventory.Copy{
			Kind:   inventory.CopyReplication,
			Target: aws.ToString(rule.Destination.Bucket),
		})
	}
}

// locateReplicas fills the Region of replication destinations: from the
// account's own buckets, else by asking S3. A destination S3 will not
// locate (a bucket of another account, say) keeps an empty Region.
func (r *run) locateReplicas(ctx context.Context, clients *s3Clients, buckets []inventory.Bucket) {
	regions := map[string]string{}
	for _, b := range buckets {
		if b.Region != "" {
			regions[b.Name] = b.Region
		}
	}
	var unknown []string
	for _, b := range buckets {
		for _, c := range b.Replicas {
			name := bucketName(c.Target)
			if _, ok := regions[name]; !ok {
				regions[name] = ""
				unknown = append(unknown, name)
			}
		}
	}
	var mu sync.Mutex
	forEach(r.opts.PerService, len(unknown), func(i int) {
		region, err := bucketRegion(ctx, clients.in(r.home), unknown[i])
		if err != nil {
			r.opts.Logger.Debug("cannot locate replication destination",
				"bucket", unknown[i], "err", err)
			return
		}
		mu.Lock()
		regions[unknown[i]] = region
		mu.Unlock()
	})
	for i := range buckets {
		for j := range buckets[i].Replicas {
			c := &buckets[i].Replicas[j]
			c.Region = regions[bucketName(c.Target)]
		}
	}
}

// bucketName returns the name of a bucket from its ARN.
func bucketName(arn string) string {
	if i := strings.LastIndex(arn, ":"); i >= 0 {
		return arn[i+1:]
	}
	return arn
}

// accountPublicAccess reads the account-level S3 Block Public Access.
func (r *run) accountPublicAccess(ctx context.Context, region string) {
	client := s3control.NewFromConfig(r.cfg, func(o *s3control.Options) {
		o.Region = region
		o.APIOptions = append(o.APIOptions, r.limits.apiOption("s3control"))
	})
	input := &s3control.GetPublicAccessBlockInput{AccountId: aws.String(r.accountID)}
	out, err := client.GetPublicAccessBlock(ctx, input)
	block := inventory.PublicAccessBlock{}
	switch {
	case awserr.HasCode(err, "NoSuchPublicAccessBlockConfiguration"):
	case err != nil:
		r.failed(ctx, inventory.GlobalRegion, "", "s3control", "GetPublicAccessBlock", err,
			inventory.FactAccountPublicAccess)
		return
	case out.PublicAccessBlockConfiguration != nil:
		c := out.PublicAccessBlockConfiguration
		block = inventory.PublicAccessBlock{
			BlockPublicACLs:       aws.ToBool(c.BlockPublicAcls),
			IgnorePublicACLs:      aws.ToBool(c.IgnorePublicAcls),
			BlockPublicPolicy:     aws.ToBool(c.BlockPublicPolicy),
			RestrictPublicBuckets: aws.ToBool(c.RestrictPublicBuckets),
		}
	}
	r.mu.Lock()
	r.account.S3PublicAccessBlock = &block
	r.mu.Unlock()
}
