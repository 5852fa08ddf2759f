package sandbox

import (
	"encoding/xml"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

const stsNamespace = "https://sts.amazonaws.com/doc/2011-06-15/"

var (
	stsRoleARNRe     = regexp.MustCompile(`^arn:aws[a-z-]*:iam::([0-9]{12}):role/(?:[\w+=,.@-]+/)*([\w+=,.@-]{1,64})$`)
	stsSessionNameRe = regexp.MustCompile(`^[\w+=,.@-]*$`)
)

func (s *Server) stsService() *service {
	return &service{
		name:  "sts",
		proto: protoQuery,
		route: s.stsRoute,
		throttled: func() *apiError {
			return errorf(http.StatusBadRequest, "Throttling", "Rate exceeded")
		},
		internal: func() *apiError {
			return errorf(http.StatusInternalServerError, "InternalFailure", "The request processing has failed because of an unknown error.")
		},
		unavailable: func() *apiError {
			return errorf(http.StatusServiceUnavailable, "ServiceUnavailable", "Service is unavailable. Try again later.")
		},
	}
}

// queryParams are the query-protocol parameters of a request (STS, IAM,
// EC2): the form body, and the URL query of a GET.
func queryParams(c *call) url.Values {
	params := c.r.URL.Query()
	if form, err := url.ParseQuery(string(c.body)); err == nil {
		for k, v := range form {
			params[k] = v
		}
	}
	return params
}

func (s *Server) stsRoute(c *call) (string, handlerFunc, *apiError) {
	action := queryParams(c).Get("Action")
	switch action {
	case "GetCallerIdentity":
		return action, s.stsGetCallerIdentity, nil
	case "AssumeRole":
		return action, s.stsAssumeRole, nil
	}
	op := action
	if op == "" {
		op = "unknown"
	}
	return op, nil, errorf(http.StatusBadRequest, "InvalidAction", "Could not find operation %s for version 2011-06-15 in the sandbox", action)
}

type responseMetadata struct {
	RequestID string `xml:"RequestId"`
}

func (s *Server) stsGetCallerIdentity(c *call) (any, error) {
	arn, userID := s.callerARNLocked(c)
	type result struct {
		Arn     string `xml:"Arn"`
		UserID  string `xml:"UserId"`
		Account string `xml:"Account"`
	}
	return struct {
		XMLName  xml.Name         `xml:"GetCallerIdentityResponse"`
		Xmlns    string           `xml:"xmlns,attr"`
		Result   result           `xml:"GetCallerIdentityResult"`
		Metadata responseMetadata `xml:"ResponseMetadata"`
	}{Xmlns: stsNamespace, Result: result{Arn: arn, UserID: userID, Account: c.account}, Metadata: responseMetadata{c.requestID}}, nil
}

// callerARNLocked is callerARN for a handler, which runs with the state
// locked.
func (s *Server) callerARNLocked(c *call) (arn, userID string) {
	if sess, ok := c.st.Sessions[c.cred.AccessKey]; ok {
		return sess.AssumedRoleARN, sess.AssumedRoleID
	}
	return "arn:aws:iam::" + c.account + ":user/sandbox", c.cred.AccessKey
}

// stsAssumeRole issues temporary credentials for a role in any account of
// the sandbox; requests signed with them act as that account. The sandbox
// has no IAM: every role of a known account exists and trusts every caller.
func (s *Server) stsAssumeRole(c *call) (any, error) {
	p := queryParams(c)
	var v validationError
	roleARN, sessionName := p.Get("RoleArn"), p.Get("RoleSessionName")
	if v.required("roleArn", p.Has("RoleArn")) {
		v.length("roleArn", roleARN, 20, 2048)
	}
	if v.required("roleSessionName", p.Has("RoleSessionName")) && v.length("roleSessionName", sessionName, 2, 64) {
		v.pattern("roleSessionName", sessionName, stsSessionNameRe, `[\w+=,.@-]*`)
	}
	duration := 3600
	if raw := p.Get("DurationSeconds"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil {
			v.add("durationSeconds", "Value '%s' at 'durationSeconds' failed to satisfy constraint: Member must be a number", raw)
		} else if v.intRange("durationSeconds", n, 900, 43200) {
			duration = n
		}
	}
	if err := v.err(); err != nil {
		err.Code = "ValidationError"
		return nil, err
	}
	m := stsRoleARNRe.FindStringSubmatch(roleARN)
	if m == nil || !slices.Contains(s.accounts, m[1]) {
		callerARN, _ := s.callerARNLocked(c)
		return nil, errorf(http.StatusForbidden, "AccessDenied",
			"User: %s is not authorized to perform: sts:AssumeRole on resource: %s (the sandbox knows the accounts %s)",
			callerARN, roleARN, strings.Join(s.accounts, ", "))
	}
	account, roleName := m[1], m[2]
	key := "ASIA" + randomKey(16)
	roleID := "AROA" + randomKey(17)
	sess := session{
		Account:        account,
		RoleARN:        roleARN,
		AssumedRoleARN: "arn:aws:sts::" + account + ":assumed-role/" + roleName + "/" + sessionName,
		AssumedRoleID:  roleID + ":" + sessionName,
		Expires:        c.now.Add(time.Duration(duration) * time.Second).UTC(),
	}
	c.st.Sessions[key] = sess
	c.mutated = true

	type credentials struct {
		AccessKeyID     string `xml:"AccessKeyId"`
		SecretAccessKey string `xml:"SecretAccessKey"`
		SessionToken    string `xml:"SessionToken"`
		Expiration      string `xml:"Expiration"`
	}
	type assumedUser struct {
		Arn           string `xml:"Arn"`
		AssumedRoleID string `xml:"AssumedRoleId"`
	}
	type result struct {
		Credentials     credentials `xml:"Credentials"`
		AssumedRoleUser assumedUser `xml:"AssumedRoleUser"`
	}
	return struct {
		XMLName  xml.Name         `xml:"AssumeRoleResponse"`
		Xmlns    string           `xml:"xmlns,attr"`
		Result   result           `xml:"AssumeRoleResult"`
		Metadata responseMetadata `xml:"ResponseMetadata"`
	}{
		Xmlns: stsNamespace,
		Result: result{
			Credentials: credentials{
				AccessKeyID:     key,
				SecretAccessKey: randomKey(40),
				SessionToken:    "sandbox-session-" + randomKey(64),
				Expiration:      sess.Expires.Format(time.RFC3339),
			},
			AssumedRoleUser: assumedUser{Arn: sess.AssumedRoleARN, AssumedRoleID: sess.AssumedRoleID},
		},
		Metadata: responseMetadata{c.requestID},
	}, nil
}
