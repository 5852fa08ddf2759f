package assess

import (
	"context"
	"sync"

	"github.com/hdsctl/hdsctl/assess/checks"
	"github.com/hdsctl/hdsctl/assess/inventory"
	"github.com/hdsctl/hdsctl/results"
)

// InventoryReader reads the inventory of the estate assessed, restricted to
// the facts given. It follows the contract of inventory.Provider: what it
// could not read is a Gap, and an error means nothing could be read.
type InventoryReader func(ctx context.Context, facts []inventory.Fact) (*inventory.Inventory, error)

// InventoryStream reads the inventory of the estate assessed one account at
// a time, restricted to the facts given, and hands the inventory of each
// account to part, one call at a time, then forgets it. Each part holds
// every fact of its account (and of no other), so that a check judges it
// as it would judge the whole inventory. Otherwise it follows the contract
// of InventoryReader.
type InventoryStream func(ctx context.Context, facts []inventory.Fact, part func(*inventory.Inventory)) error

// Checks returns the collector of hdsctl's own checks (HDSCTL_CHECK
// sources): it reads one inventory with the facts of every check asked, then
// runs each check over it. A check hdsctl does not implement gives an ERROR
// finding.
func Checks(read InventoryReader) Collector {
	return checkCollector{func(ctx context.Context, facts []inventory.Fact, part func(*inventory.Inventory)) error {
		inv, err := read(ctx, facts)
		if err != nil {
			return err
		}
		part(inv)
		return nil
	}}
}

// StreamChecks returns the collector of hdsctl's own checks that runs them
// over the inventory of one account at a time, as stream reads it, and
// hands their findings over as they are found (PartCollector), so that an
// assessment holds the resources of the accounts being read and the
// findings it keeps, never the inventory or the findings of the whole
// estate. Its findings are those of Checks over the same estate.
func StreamChecks(stream InventoryStream) Collector { return checkCollector{stream} }

type checkCollector struct{ stream InventoryStream }

// Collect reads the inventory, with the facts of every check named, and runs
// the checks over it, an account at a time when the inventory comes so.
func (c checkCollector) Collect(ctx context.Context, names []string) (map[string][]results.Finding, error) {
	out := map[string][]results.Finding{}
	err := c.CollectParts(ctx, names, func(found map[string][]results.Finding) {
		for name, fs := range found {
			out[name] = append(out[name], fs...)
		}
	})
	if err != nil {
		return nil, err
	}
	for _, fs := range out {
		sortFindings(fs)
	}
	return out, nil
}

// CollectParts is Collect handing the findings over as the checks find
// them, at most partSize at a time, an account after another. The checks
// hdsctl does not implement come first, as a part of their own.
func (c checkCollector) CollectParts(ctx context.Context, names []string, part func(map[string][]results.Finding)) error {
	var known []string
	unknown := map[string][]results.Finding{}
	for _, name := range names {
		if _, ok := checks.Lookup(name); ok {
			known = append(known, name)
			continue
		}
		source := checks.Source(name)
		f := results.Finding{Resource: source, Status: results.Error, Source: source}
		f.Say(results.Sayf(
			"this version of hdsctl does not implement the check %q: upgrade hdsctl",
			"Cette version de hdsctl n'implémente pas la vérification « %s » : mettez hdsctl à jour",
			name))
		unknown[name] = []results.Finding{f}
	}
	if len(unknown) > 0 {
		part(unknown)
	}
	if len(known) == 0 {
		return nil
	}
	var mu sync.Mutex // part is called one call at a time, whatever the stream does
	return c.stream(ctx, checks.FactsFor(known...), func(inv *inventory.Inventory) {
		for _, name := range known {
			check, _ := checks.Lookup(name)
			batch := make([]results.Finding, 0, partSize)
			flush := func() {
				mu.Lock()
				defer mu.Unlock()
				part(map[string][]results.Finding{name: batch})
				batch = make([]results.Finding, 0, partSize)
			}
			check.Emit(inv, func(f results.Finding) {
				if batch = append(batch, f); len(batch) == partSize {
					flush()
				}
			})
			if len(batch) > 0 {
				flush()
			}
		}
	})
}

// partSize is how many findings of a check CollectParts hands over at
// once: the checks judge resource by resource, so an account of many
// resources comes in several parts.
const partSize = 1000
