// Package assess evaluates an AWS estate against a framework without Audit
// Manager. Its sub-packages hold the parts of hdsctl's own checks:
//
//   - inventory: the normalized model of the resources the checks read, and
//     the Provider interface that fills it;
//   - serviceapi: a Provider that reads the AWS service APIs;
//   - checks: the checks themselves, pure functions from an inventory to
//     findings, and their registry.
//
// A run of the checks reads one inventory, then runs every check the
// framework names over it:
//
//	names := []string{"eea-data-residency", "kms-key-rotation"}
//	p := serviceapi.New(cfg, regions, serviceapi.Options{Facts: checks.FactsFor(names...)})
//	inv, err := p.Collect(ctx)
//	...
//	for _, name := range names {
//		c, _ := checks.Lookup(name)
//		findings := c.Run(inv)
//		...
//	}
//
// The tests of this package run the service API provider and the checks
// together against moto.
package assess
