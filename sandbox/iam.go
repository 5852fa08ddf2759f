package sandbox

import (
	"encoding/xml"
	"fmt"
	"net/http"
)

const iamNamespace = "https://iam.amazonaws.com/doc/2010-05-08/"

// IAMSettings are the account-wide IAM settings hdsctl's checks read, as
// tests and the demo set them with SetIAMSettings.
type IAMSettings struct {
	// RootMFA is whether the root user has an MFA device
	// (GetAccountSummary's AccountMFAEnabled).
	RootMFA bool
	// RootAccessKeys is whether the root user has access keys
	// (AccountAccessKeysPresent).
	RootAccessKeys bool
	// Users and Roles count the IAM users and roles in the summary.
	Users, Roles int
	// PasswordPolicy is the account's password policy; nil means none,
	// which GetAccountPasswordPolicy answers with NoSuchEntity.
	PasswordPolicy *PasswordPolicy
}

// PasswordPolicy is an IAM account password policy.
type PasswordPolicy struct {
	MinimumPasswordLength      int
	RequireSymbols             bool
	RequireNumbers             bool
	RequireUppercaseCharacters bool
	RequireLowercaseCharacters bool
	AllowUsersToChangePassword bool
	// MaxPasswordAge is in days; 0 means passwords never expire.
	MaxPasswordAge          int
	PasswordReusePrevention int
	HardExpiry              bool
}

// iamAccount is the stored IAM state of an account.
type iamAccount struct {
	IAMSettings
}

// SetIAMSettings sets the IAM settings of an account (empty:
// Options.AccountID). An account whose settings were never set has no MFA
// on its root user and no password policy, as a new AWS account.
func (s *Server) SetIAMSettings(account string, settings IAMSettings) error {
	if account == "" {
		account = s.opts.AccountID
	}
	return s.update(func(st *state) error { return st.setIAMSettings(account, settings) })
}

func (st *state) setIAMSettings(account string, settings IAMSettings) error {
	if p := settings.PasswordPolicy; p != nil && (p.MinimumPasswordLength < 6 || p.MinimumPasswordLength > 128) {
		return fmt.Errorf("a password policy's minimum length is 6 to 128, not %d", p.MinimumPasswordLength)
	}
	if settings.PasswordPolicy != nil {
		cp := *settings.PasswordPolicy
		settings.PasswordPolicy = &cp
	}
	st.account(account).IAM = &iamAccount{settings}
	return nil
}

func (s *Server) iamService() *service {
	return &service{
		name:  "iam",
		proto: protoQuery,
		xmlns: iamNamespace,
		route: s.iamRoute,
		throttled: func() *apiError {
			return errorf(http.StatusBadRequest, "Throttling", "Rate exceeded")
		},
		internal: func() *apiError {
			return errorf(http.StatusInternalServerError, "ServiceFailure", "The request processing has failed because of an unknown error, exception or failure.")
		},
		unavailable: func() *apiError {
			return errorf(http.StatusServiceUnavailable, "ServiceUnavailable", "Service is unavailable. Try again later.")
		},
	}
}

func (s *Server) iamRoute(c *call) (string, handlerFunc, *apiError) {
	action := queryParams(c).Get("Action")
	switch action {
	case "GetAccountSummary":
		return action, s.iamGetAccountSummary, nil
	case "GetAccountPasswordPolicy":
		return action, s.iamGetAccountPasswordPolicy, nil
	}
	op := action
	if op == "" {
		op = "unknown"
	}
	return op, nil, errorf(http.StatusBadRequest, "InvalidAction", "Could not find operation %s for version 2010-05-08 in the sandbox", action)
}

func iamSettings(c *call) IAMSettings {
	if a := c.st.account(c.account).IAM; a != nil {
		return a.IAMSettings
	}
	return IAMSettings{}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (s *Server) iamGetAccountSummary(c *call) (any, error) {
	set := iamSettings(c)
	type entry struct {
		Key   string `xml:"key"`
		Value int    `xml:"value"`
	}
	// The quotas are IAM's defaults (IAM and AWS STS quotas, IAM User Guide).
	entries := []entry{
		{"AccessKeysPerUserQuota", 2},
		{"AccountAccessKeysPresent", boolInt(set.RootAccessKeys)},
		{"AccountMFAEnabled", boolInt(set.RootMFA)},
		{"AccountSigningCertificatesPresent", 0},
		{"AssumeRolePolicySizeQuota", 2048},
		{"AttachedPoliciesPerGroupQuota", 10},
		{"AttachedPoliciesPerRoleQuota", 10},
		{"AttachedPoliciesPerUserQuota", 10},
		{"GlobalEndpointTokenVersion", 1},
		{"GroupPolicySizeQuota", 5120},
		{"Groups", 0},
		{"GroupsPerUserQuota", 10},
		{"GroupsQuota", 300},
		{"InstanceProfiles", 0},
		{"InstanceProfilesQuota", 1000},
		{"MFADevices", boolInt(set.RootMFA)},
		{"MFADevicesInUse", boolInt(set.RootMFA)},
		{"Policies", 0},
		{"PoliciesQuota", 1500},
		{"PolicySizeQuota", 6144},
		{"PolicyVersionsInUse", 0},
		{"PolicyVersionsInUseQuota", 10000},
		{"Providers", 0},
		{"RolePolicySizeQuota", 10240},
		{"Roles", set.Roles},
		{"RolesQuota", 1000},
		{"ServerCertificates", 0},
		{"ServerCertificatesQuota", 20},
		{"SigningCertificatesPerUserQuota", 2},
		{"UserPolicySizeQuota", 2048},
		{"Users", set.Users},
		{"UsersQuota", 5000},
		{"VersionsPerPolicyQuota", 5},
	}
	return struct {
		XMLName  xml.Name         `xml:"GetAccountSummaryResponse"`
		Xmlns    string           `xml:"xmlns,attr"`
		Entries  []entry          `xml:"GetAccountSummaryResult>SummaryMap>entry"`
		Metadata responseMetadata `xml:"ResponseMetadata"`
	}{Xmlns: iamNamespace, Entries: entries, Metadata: responseMetadata{c.requestID}}, nil
}

func (s *Server) iamGetAccountPasswordPolicy(c *call) (any, error) {
	p := iamSettings(c).PasswordPolicy
	if p == nil {
		return nil, errorf(http.StatusNotFound, "NoSuchEntity", "The Password Policy with domain name %s cannot be found.", c.account)
	}
	type policy struct {
		MinimumPasswordLength      int  `xml:"MinimumPasswordLength"`
		RequireSymbols             bool `xml:"RequireSymbols"`
		RequireNumbers             bool `xml:"RequireNumbers"`
		RequireUppercaseCharacters bool `xml:"RequireUppercaseCharacters"`
		RequireLowercaseCharacters bool `xml:"RequireLowercaseCharacters"`
		AllowUsersToChangePassword bool `xml:"AllowUsersToChangePassword"`
		ExpirePasswords            bool `xml:"ExpirePasswords"`
		MaxPasswordAge             int  `xml:"MaxPasswordAge,omitempty"`
		PasswordReusePrevention    int  `xml:"PasswordReusePrevention,omitempty"`
		HardExpiry                 bool `xml:"HardExpiry"`
	}
	return struct {
		XMLName  xml.Name         `xml:"GetAccountPasswordPolicyResponse"`
		Xmlns    string           `xml:"xmlns,attr"`
		Policy   policy           `xml:"GetAccountPasswordPolicyResult>PasswordPolicy"`
		Metadata responseMetadata `xml:"ResponseMetadata"`
	}{
		Xmlns: iamNamespace,
		Policy: policy{
			MinimumPasswordLength: p.MinimumPasswordLength, RequireSymbols: p.RequireSymbols,
			RequireNumbers: p.RequireNumbers, RequireUppercaseCharacters: p.RequireUppercaseCharacters,
			RequireLowercaseCharacters: p.RequireLowercaseCharacters, AllowUsersToChangePassword: p.AllowUsersToChangePassword,
			ExpirePasswords: p.MaxPasswordAge > 0, MaxPasswordAge: p.MaxPasswordAge,
			PasswordReusePrevention: p.PasswordReusePrevention, HardExpiry: p.HardExpiry,
		},
		Metadata: responseMetadata{c.requestID},
	}, nil
}
