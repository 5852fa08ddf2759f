// Package assess evaluates an AWS estate against a framework without Audit
// Manager: Run takes a framework, the host's Scope, its attestations and one
// Collector per automated source type, and returns a results.Results with
// one verdict per control, decided by the rules of Verdict.
//
// The collectors live in sub-packages, each behind the Collector contract
// (read-only; what cannot be read is an ERROR finding, not an abort):
//
//   - configrules: AWS Config rule compliance, found by managed rule
//     identifier, account by account or through an aggregator;
//   - hubfindings: Security Hub control findings by security control ID;
//   - Checks, in this package, runs hdsctl's own checks (package checks)
//     over an inventory (package inventory) that configinventory reads from
//     AWS Config configuration items and serviceapi from the service APIs;
//   - artifact: AWS's HDS and ISO/IEC 27001 reports from AWS Artifact, the
//     ReportSource of the aws-artifact-certifications check;
//   - attest: the attestation file, the manual evidence.
//
// Memory stays bounded as the estate grows. Run passes the findings of every
// collector through a results.Digest, which lists each failing resource and
// up to Options.PassDetail passing ones per source, account and Region, and
// sums up the others in one finding. StreamChecks, fed by
// configinventory.Stream, runs the checks over the inventory of one account
// at a time and hands their findings over as they come (PartCollector), so
// that neither the inventory nor the findings of the whole estate are ever
// held at once. BENCHMARKS.md at the root of the repository has the figures.
//
// Package estate finds the accounts (the caller's, a list reached by
// assuming a role, or a whole AWS Organization) and the Regions assessed.
//
// A run of the checks alone reads one inventory, then runs every check the
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
// The tests of this package run the engine over canned collectors, and the
// service API provider and the checks together against moto.
package assess
