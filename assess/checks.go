package assess

import (
	"context"
	"fmt"

	"github.com/hdsctl/hdsctl/assess/checks"
	"github.com/hdsctl/hdsctl/assess/inventory"
	"github.com/hdsctl/hdsctl/results"
)

// InventoryReader reads the inventory of the estate assessed, restricted to
// the facts given. It follows the contract of inventory.Provider: what it
// could not read is a Gap, and an error means nothing could be read.
type InventoryReader func(ctx context.Context, facts []inventory.Fact) (*inventory.Inventory, error)

// Checks returns the collector of hdsctl's own checks (HDSCTL_CHECK
// sources): it reads one inventory with the facts of every check asked, then
// runs each check over it. A check hdsctl does not implement gives an ERROR
// finding.
func Checks(read InventoryReader) Collector { return checkCollector{read} }

type checkCollector struct{ read InventoryReader }

// Collect reads the inventory once for every check named, then runs them.
func (c checkCollector) Collect(ctx context.Context, names []string) (map[string][]results.Finding, error) {
	var known []string
	out := map[string][]results.Finding{}
	for _, name := range names {
		if _, ok := checks.Lookup(name); ok {
			known = append(known, name)
			continue
		}
		out[name] = []results.Finding{{Resource: checks.Source(name), Status: results.Error, Source: checks.Source(name),
			Message: fmt.Sprintf("this version of hdsctl does not implement the check %q: upgrade hdsctl", name)}}
	}
	if len(known) == 0 {
		return out, nil
	}
	inv, err := c.read(ctx, checks.FactsFor(known...))
	if err != nil {
		return nil, err
	}
	for _, name := range known {
		check, _ := checks.Lookup(name)
		out[name] = check.Run(inv)
	}
	return out, nil
}
