package conformance

// Limits are the AWS Config limits a rendering stays within. Zero fields
// take the values of DefaultLimits.
type Limits struct {
	// RulesPerPack bounds the Config rules of one conformance pack, and of
	// one organization conformance pack.
	RulesPerPack int
	// TemplateBytes bounds the template of a pack sent as TemplateBody.
	TemplateBytes int
	// PacksPerAccount bounds the conformance packs of an account in a
	// Region; OrgPacks the organization conformance packs of an
	// organization.
	PacksPerAccount int
	OrgPacks        int
	// RulesPerAccount bounds the Config rules of an account in a Region,
	// the rules of its conformance packs included.
	RulesPerAccount int
}

// DefaultLimits are AWS Config's published limits, none of which AWS
// raises on request:
//
//   - "Service Limits" in the AWS Config Developer Guide
//     (docs.aws.amazon.com/config/latest/developerguide/configlimits.html)
//     and "AWS Config endpoints and quotas" in the AWS General Reference
//     (docs.aws.amazon.com/general/latest/gr/awsconfig.html), as read in
//     2026: 130 Config rules per conformance pack and per organization
//     conformance pack, 50 conformance packs per account, 50 organization
//     conformance packs per organization, 1,000 Config rules per Region per
//     account with the rules of conformance packs (organization packs
//     included) counting in it. The 2023 edition's caps of 150 rules across
//     an account's packs and 180 across organization packs are gone.
//   - PutConformancePack and PutOrganizationConformancePack in the AWS
//     Config API Reference: a TemplateBody of 1 to 51,200 bytes.
var DefaultLimits = Limits{
	RulesPerPack:    130,
	TemplateBytes:   51200,
	PacksPerAccount: 50,
	OrgPacks:        50,
	RulesPerAccount: 1000,
}

func (l Limits) withDefaults() Limits {
	pick := func(v, def int) int {
		if v > 0 {
			return v
		}
		return def
	}
	d := DefaultLimits
	return Limits{
		RulesPerPack:    pick(l.RulesPerPack, d.RulesPerPack),
		TemplateBytes:   pick(l.TemplateBytes, d.TemplateBytes),
		PacksPerAccount: pick(l.PacksPerAccount, d.PacksPerAccount),
		OrgPacks:        pick(l.OrgPacks, d.OrgPacks),
		RulesPerAccount: pick(l.RulesPerAccount, d.RulesPerAccount),
	}
}

// Limits of the fields of the AWS Config API that a rendering fills, from
// the AWS Config API Reference.
const (
	// maxPackName is the length of an organization conformance pack name
	// (1 to 128 characters); a conformance pack name may have 256, and the
	// packs an organization pack deploys are named
	// OrgConformsPack-<name>-<8 characters>, within those 256. Both modes
	// use the shorter bound, so that a framework gets the same names in
	// both.
	maxPackName = 128
	// maxRuleName is ConfigRule.ConfigRuleName's 128 characters, less the
	// 27 of the "-conformance-pack-<9 characters>" suffix AWS Config
	// appends to the rules a pack deploys.
	maxRuleName = 128 - 27
	// maxDescription is ConfigRule.Description's 256 characters.
	maxDescription = 256
)
