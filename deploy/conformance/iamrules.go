package conformance

import (
	"slices"
)

// periodicIAMRules are the managed rules that judge IAM, a global service,
// on a schedule. A periodic rule evaluates in every Region it is deployed
// to, so each of them would judge the same users and the same account
// settings once per Region; AWS Config's documentation of these rules
// ("Managed Rules and Global IAM Resource Types", on the page of
// iam-password-policy for one) advises deploying them in one Region only.
// The rules IAM changes trigger stay in every Region: they evaluate only
// where AWS Config records IAM resources, which hdsctl cannot choose.
var periodicIAMRules = map[string]bool{
	"ACCESS_KEYS_ROTATED":                true,
	"IAM_PASSWORD_POLICY":                true,
	"IAM_POLICY_IN_USE":                  true,
	"IAM_ROOT_ACCESS_KEY_CHECK":          true,
	"IAM_USER_MFA_ENABLED":               true,
	"IAM_USER_UNUSED_CREDENTIALS_CHECK":  true,
	"MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS": true,
	"ROOT_ACCOUNT_HARDWARE_MFA_ENABLED":  true,
	"ROOT_ACCOUNT_MFA_ENABLED":           true,
}

// PreferredIAMRegion is the Region that holds the periodic IAM rules when
// it is among those deployed to: Paris, the home of most French hosts.
const PreferredIAMRegion = "eu-west-3"

// IAMRegion returns the Region among regions that holds the periodic IAM
// rules by default: PreferredIAMRegion when listed, else the first in
// alphabetical order, so that every run picks the same one.
func IAMRegion(regions []string) string {
	if len(regions) == 0 {
		return ""
	}
	if slices.Contains(regions, PreferredIAMRegion) {
		return PreferredIAMRegion
	}
	return slices.Min(regions)
}
