package sandbox

import (
	"net/http"
	"strconv"
)

// The organization of the sandbox: Options.AccountID manages it, and every
// account of Options.Accounts is a member, from the start. Its ID derives
// from the management account, the same on every run.

func (s *Server) orgID() string {
	id := stableUUID("organization", s.opts.AccountID)
	return "o-" + id[:8] + id[9:11]
}

func (s *Server) orgAccountARN(account string) string {
	return "arn:aws:organizations::" + s.opts.AccountID + ":account/" + s.orgID() + "/" + account
}

// accountName returns an account's name and email address, as Options
// gives them or made up from its ID.
func (s *Server) accountName(account string) (name, email string) {
	if account == s.opts.AccountID {
		name, email = s.opts.AccountName, s.opts.AccountEmail
	}
	for _, a := range s.opts.Accounts {
		if a.ID == account {
			name, email = a.Name, a.Email
		}
	}
	if name == "" {
		name = "sandbox-" + account
	}
	if email == "" {
		email = "aws+" + account + "@example.com"
	}
	return name, email
}

func (s *Server) organizationsService() *service {
	return &service{
		name:  "organizations",
		proto: protoAWSJSON,
		route: s.orgRoute,
		throttled: func() *apiError {
			return errorf(http.StatusBadRequest, "TooManyRequestsException", "AWS Organizations can't complete your request because it's already processing too many requests.")
		},
		internal: func() *apiError {
			return errorf(http.StatusInternalServerError, "ServiceException", "AWS Organizations can't complete your request because of an internal service error. Try again later.")
		},
		unavailable: func() *apiError {
			return errorf(http.StatusServiceUnavailable, "ServiceException", "AWS Organizations can't complete your request because of an internal service error. Try again later.")
		},
	}
}

func (s *Server) orgRoute(c *call) (string, handlerFunc, *apiError) {
	return jsonTargetRoute(c, "AWSOrganizationsV20161128.", "AWS Organizations", map[string]handlerFunc{
		"DescribeOrganization": s.orgDescribeOrganization,
		"ListAccounts":         s.orgListAccounts,
		"DescribeAccount":      s.orgDescribeAccount,
	})
}

func (s *Server) orgDescribeOrganization(c *call) (any, error) {
	_, email := s.accountName(s.opts.AccountID)
	return map[string]any{"Organization": map[string]any{
		"Id":                   s.orgID(),
		"Arn":                  "arn:aws:organizations::" + s.opts.AccountID + ":organization/" + s.orgID(),
		"FeatureSet":           "ALL",
		"MasterAccountArn":     s.orgAccountARN(s.opts.AccountID),
		"MasterAccountId":      s.opts.AccountID,
		"MasterAccountEmail":   email,
		"AvailablePolicyTypes": []map[string]string{{"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"}},
	}}, nil
}

// orgAccount renders an account of the organization.
func (s *Server) orgAccount(account string) map[string]any {
	name, email := s.accountName(account)
	joined := "CREATED"
	if account == s.opts.AccountID {
		joined = "INVITED"
	}
	return map[string]any{
		"Id":              account,
		"Arn":             s.orgAccountARN(account),
		"Email":           email,
		"Name":            name,
		"Status":          "ACTIVE",
		"State":           "ACTIVE",
		"JoinedMethod":    joined,
		"JoinedTimestamp": epoch(seedTime),
	}
}

// requireOrgManagement denies the organization-wide reads to members.
func (s *Server) requireOrgManagement(c *call) *apiError {
	if c.account != s.opts.AccountID {
		return cfgError("AccessDeniedException", "You don't have permissions to access this resource. (Account %s is a member; call from the management account %s.)", c.account, s.opts.AccountID)
	}
	return nil
}

func (s *Server) orgListAccounts(c *call) (any, error) {
	var req struct {
		MaxResults *int    `json:"MaxResults"`
		NextToken  *string `json:"NextToken"`
	}
	if err := cfgDecode(c, &req); err != nil {
		return nil, err
	}
	limit := 20
	if req.MaxResults != nil {
		if *req.MaxResults < 1 || *req.MaxResults > 20 {
			return nil, orgInvalidInput("MAX_VALUE_EXCEEDED", "MaxResults must be 1 to 20, not "+strconv.Itoa(*req.MaxResults)+".")
		}
		limit = *req.MaxResults
	}
	if err := s.requireOrgManagement(c); err != nil {
		return nil, err
	}
	items, next, ok := page(s.accounts, func(a string) string { return a }, deref(req.NextToken), limit)
	if !ok {
		return nil, orgInvalidInput("INVALID_NEXT_TOKEN", "The NextToken is not valid.")
	}
	list := make([]map[string]any, len(items))
	for i, a := range items {
		list[i] = s.orgAccount(a)
	}
	out := map[string]any{"Accounts": list}
	if next != "" {
		out["NextToken"] = next
	}
	return out, nil
}

func orgInvalidInput(reason, msg string) *apiError {
	e := cfgError("InvalidInputException", "%s", msg)
	e.Reason = reason
	return e
}

func (s *Server) orgDescribeAccount(c *call) (any, error) {
	var req struct {
		AccountID *string `json:"AccountId"`
	}
	if err := cfgDecode(c, &req); err != nil {
		return nil, err
	}
	if req.AccountID == nil || !accountIDRe.MatchString(*req.AccountID) {
		return nil, orgInvalidInput("INVALID_PATTERN", "AccountId must be 12 digits.")
	}
	if err := s.requireOrgManagement(c); err != nil {
		return nil, err
	}
	for _, a := range s.accounts {
		if a == *req.AccountID {
			return map[string]any{"Account": s.orgAccount(a)}, nil
		}
	}
	return nil, cfgError("AccountNotFoundException", "You specified an account that doesn't exist.")
}
