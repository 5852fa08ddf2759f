package serviceapi

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/hdsctl/hdsctl/assess/inventory"
)

// tables reads the DynamoDB tables of region and their global table
// replicas.
func (r *run) tables(ctx context.Context, region string) {
	client := dynamodb.NewFromConfig(r.cfg, func(o *dynamodb.Options) {
		o.Region = region
		o.APIOptions = append(o.APIOptions, r.limits.apiOption("dynamodb"))
	})
	var names []string
	pages := dynamodb.NewListTablesPaginator(client, &dynamodb.ListTablesInput{})
	for pages.HasMorePages() {
		out, err := pages.NextPage(ctx)
		if err != nil {
			r.failed(ctx, region, "", "dynamodb", "ListTables", err, inventory.FactTables)
			break
		}
		names = append(names, out.TableNames...)
	}
	tables := make([]inventory.Table, len(names))
	forEach(r.opts.PerService, len(names), func(i int) {
		tables[i] = r.table(ctx, client, region, names[i])
	})
	r.add(func(inv *inventory.Inventory) { inv.Tables = append(inv.Tables, tables...) })
}

func (r *run) table(ctx context.Context, client *dynamodb.Client, region, name string,
) inventory.Table {
	t := inventory.Table{
		Location: r.where(region),
		ARN:      arnOf("dynamodb", region, r.accountID, "table/"+name),
		Name:     name,
	}
	out, err := client.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)})
	if err != nil {
		r.failed(ctx, region, t.ARN, "dynamodb", "DescribeTable", err, inventory.FactTables)
		return t
	}
	if arn := aws.ToString(out.Table.TableArn); arn != "" {
		t.ARN = arn
	}
	for _, rep := range out.Table.Replicas {
		at := aws.ToString(rep.RegionName)
		if at == region {
			continue
		}
		t.Replicas = append(t.Replicas, inventory.Copy{
			Kind:   inventory.CopyGlobalTableReplica,
			Target: arnOf("dynamodb", at, r.accountID, "table/"+name),
			Region: at,
		})
	}
	return t
}
