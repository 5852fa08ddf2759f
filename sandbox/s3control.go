package sandbox

import (
	"encoding/xml"
	"net/http"
	"strings"
)

// S3 Control is the only part of S3 the sandbox serves: the account-level
// Block Public Access. Its requests are signed for the "s3" service. The
// SDK puts the account ID in front of the endpoint's host name
// (123456789012.127.0.0.1:4566), which a loopback address cannot resolve, so
// a client reaches the sandbox with an endpoint resolver that keeps the host
// as it is (as internal/testenv does for moto); the sandbox routes by path
// and reads the account from the x-amz-account-id header, whatever the host.

const s3ControlNamespace = "http://awss3control.amazonaws.com/doc/2018-08-20/"

const s3ControlPABPath = "/v20180820/configuration/publicAccessBlock"

// SetAccountPublicAccessBlock sets the account-level S3 Block Public Access
// of an account (empty: Options.AccountID); nil removes it.
func (s *Server) SetAccountPublicAccessBlock(account string, pab *PublicAccessBlock) error {
	if account == "" {
		account = s.opts.AccountID
	}
	if pab != nil {
		cp := *pab
		pab = &cp
	}
	return s.update(func(st *state) error {
		st.account(account).S3PublicAccessBlock = pab
		return nil
	})
}

func (s *Server) s3Service() *service {
	return &service{
		name:  "s3",
		proto: protoRESTXML,
		route: s.s3Route,
		throttled: func() *apiError {
			return errorf(http.StatusServiceUnavailable, "SlowDown", "Please reduce your request rate.")
		},
		internal: func() *apiError {
			return errorf(http.StatusInternalServerError, "InternalError", "We encountered an internal error. Please try again.")
		},
		unavailable: func() *apiError {
			return errorf(http.StatusServiceUnavailable, "ServiceUnavailable", "Please reduce your request rate.")
		},
	}
}

func (s *Server) s3Route(c *call) (string, handlerFunc, *apiError) {
	if strings.TrimSuffix(c.r.URL.Path, "/") == s3ControlPABPath {
		switch c.r.Method {
		case http.MethodGet:
			return "GetPublicAccessBlock", s.s3GetPublicAccessBlock, nil
		case http.MethodPut:
			return "PutPublicAccessBlock", s.s3PutPublicAccessBlock, nil
		case http.MethodDelete:
			return "DeletePublicAccessBlock", s.s3DeletePublicAccessBlock, nil
		}
	}
	return "unknown", nil, errorf(http.StatusNotFound, "NotImplemented",
		"the sandbox does not emulate s3 %s %s: of S3 it serves only the S3 Control account Block Public Access (%s); route S3 elsewhere with AWS_ENDPOINT_URL_S3",
		c.r.Method, c.r.URL.Path, s3ControlPABPath)
}

// s3ControlAccount checks that the x-amz-account-id header names the
// caller's account.
func s3ControlAccount(c *call) *apiError {
	id := c.r.Header.Get("X-Amz-Account-Id")
	switch {
	case id == "":
		return errorf(http.StatusBadRequest, "InvalidRequest", "Missing required header for this request: x-amz-account-id")
	case id != c.account:
		return errorf(http.StatusForbidden, "AccessDenied", "Access Denied (account %s cannot read the settings of account %s)", c.account, id)
	}
	return nil
}

// pabXML is a PublicAccessBlockConfiguration in S3 Control's XML.
type pabXML struct {
	XMLName               xml.Name `xml:"PublicAccessBlockConfiguration"`
	Xmlns                 string   `xml:"xmlns,attr,omitempty"`
	BlockPublicAcls       bool     `xml:"BlockPublicAcls"`
	IgnorePublicAcls      bool     `xml:"IgnorePublicAcls"`
	BlockPublicPolicy     bool     `xml:"BlockPublicPolicy"`
	RestrictPublicBuckets bool     `xml:"RestrictPublicBuckets"`
}

func (s *Server) s3GetPublicAccessBlock(c *call) (any, error) {
	if err := s3ControlAccount(c); err != nil {
		return nil, err
	}
	p := c.st.account(c.account).S3PublicAccessBlock
	if p == nil {
		return nil, errorf(http.StatusNotFound, "NoSuchPublicAccessBlockConfiguration", "The public access block configuration was not found")
	}
	return pabXML{Xmlns: s3ControlNamespace, BlockPublicAcls: p.BlockPublicAcls, IgnorePublicAcls: p.IgnorePublicAcls,
		BlockPublicPolicy: p.BlockPublicPolicy, RestrictPublicBuckets: p.RestrictPublicBuckets}, nil
}

func (s *Server) s3PutPublicAccessBlock(c *call) (any, error) {
	if err := s3ControlAccount(c); err != nil {
		return nil, err
	}
	var in pabXML
	if err := xml.Unmarshal(c.body, &in); err != nil {
		return nil, errorf(http.StatusBadRequest, "MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema: %v", err)
	}
	c.st.account(c.account).S3PublicAccessBlock = &PublicAccessBlock{
		in.BlockPublicAcls, in.IgnorePublicAcls, in.BlockPublicPolicy, in.RestrictPublicBuckets}
	c.mutated = true
	return rawBody{contentType: "application/xml"}, nil
}

func (s *Server) s3DeletePublicAccessBlock(c *call) (any, error) {
	if err := s3ControlAccount(c); err != nil {
		return nil, err
	}
	c.st.account(c.account).S3PublicAccessBlock = nil
	c.mutated = true
	return rawBody{contentType: "application/xml"}, nil
}
