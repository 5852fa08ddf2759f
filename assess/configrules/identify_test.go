package configrules

import "testing"

func TestIdentifyRecognisesRulesByName(t *testing.T) {
	known := map[string]string{"restricted-ssh": "INCOMING_SSH_DISABLED", "org-versioning": "S3_BUCKET_VERSIONING_ENABLED"}
	for _, tc := range []struct{ name, want string }{
		{"restricted-ssh-conformance-pack-a1b2c3d4e", "INCOMING_SSH_DISABLED"},
		{"OrgConfigRule-org-versioning-x1y2z3", "S3_BUCKET_VERSIONING_ENABLED"},
		{"s3-bucket-server-side-encryption-enabled", "S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED"},
		{"S3_BUCKET_LOGGING_ENABLED", "S3_BUCKET_LOGGING_ENABLED"},
		{"hdsctl-root-account-mfa-enabled", "ROOT_ACCOUNT_MFA_ENABLED"},
		{"my-own-rule", ""},
	} {
		if got := identify(tc.name, known); got != tc.want {
			t.Errorf("identify(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestRegionalRules(t *testing.T) {
	for id, want := range map[string]bool{
		"S3_BUCKET_VERSIONING_ENABLED": true, "IAM_PASSWORD_POLICY": false, "ROOT_ACCOUNT_MFA_ENABLED": false,
		"IAM_USER_MFA_ENABLED": false, "NOT_A_RULE": false,
	} {
		if got := regional(id); got != want {
			t.Errorf("regional(%s) = %v, want %v", id, got, want)
		}
	}
}

func TestIAMOnlyRules(t *testing.T) {
	for id, want := range map[string]bool{
		"IAM_PASSWORD_POLICY": true, "ROOT_ACCOUNT_MFA_ENABLED": true, "IAM_USER_MFA_ENABLED": true,
		"IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS": true,
		// Account-level, but set per Region.
		"EC2_EBS_ENCRYPTION_BY_DEFAULT": false, "IAM_EXTERNAL_ACCESS_ANALYZER_ENABLED": false,
		"S3_BUCKET_VERSIONING_ENABLED": false, "NOT_A_RULE": false,
	} {
		if got := iamOnly(id); got != want {
			t.Errorf("iamOnly(%s) = %v, want %v", id, got, want)
		}
	}
}
