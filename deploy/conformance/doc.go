// Package conformance deploys a framework's AWS Config evidence as AWS
// Config conformance packs: one account Region by Region, or a whole AWS
// Organization through organization conformance packs.
//
// Render turns the framework's AWS_Config sources into conformance-pack
// templates (CloudFormation YAML holding AWS::Config::ConfigRule resources):
// one rule per managed rule and parameter set, whatever the number of
// controls it evidences, split across as few packs as AWS Config's limits
// allow. The same framework always renders to the same bytes.
//
// Target adapts the deploy engine to the conformance-pack API. A pack
// belongs to hdsctl when its name follows hdsctl's pattern for the
// framework (hdsctl-<framework>-part-<n>) and its tags say so
// (hdsctl:managed-by=hdsctl, hdsctl:framework=<framework>). The content
// hash of each pack travels as the input parameter HdsctlContentHash, which
// the listing of packs returns, so a plan reads one page of packs and one
// page of their statuses per Region and nothing more when nothing changed.
package conformance
