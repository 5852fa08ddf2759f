package sandbox

import (
	"net/http"
	"strings"
	"time"
)

// credential is what a SigV4 signature says about its signer: the access key
// and the credential scope (<date>/<region>/<service>/aws4_request).
type credential struct {
	AccessKey string
	Date      string
	Region    string
	Service   string
}

// parseCredential reads the SigV4 credential of a request, from the
// Authorization header or, for a presigned URL, from the X-Amz-Credential
// query parameter. It does not verify the signature: the sandbox knows no
// secret keys, and a client that signs at all is treated as AWS treats a
// correctly signed one.
func parseCredential(r *http.Request) (credential, bool) {
	if auth := r.Header.Get("Authorization"); auth != "" {
		algo, rest, ok := strings.Cut(strings.TrimSpace(auth), " ")
		if !ok || algo != "AWS4-HMAC-SHA256" {
			return credential{}, false
		}
		for _, part := range strings.Split(rest, ",") {
			if value, ok := strings.CutPrefix(strings.TrimSpace(part), "Credential="); ok {
				return splitScope(value)
			}
		}
		return credential{}, false
	}
	if r.URL.Query().Get("X-Amz-Algorithm") == "AWS4-HMAC-SHA256" {
		return splitScope(r.URL.Query().Get("X-Amz-Credential"))
	}
	return credential{}, false
}

// splitScope splits AKID/date/region/service/aws4_request.
func splitScope(s string) (credential, bool) {
	parts := strings.Split(s, "/")
	if len(parts) != 5 || parts[4] != "aws4_request" {
		return credential{}, false
	}
	for _, p := range parts[:4] {
		if p == "" {
			return credential{}, false
		}
	}
	return credential{AccessKey: parts[0], Date: parts[1], Region: parts[2], Service: parts[3]}, true
}

// accountFor maps an access key to the account it belongs to: a session key
// that AssumeRole issued, a key configured for an extra account, or else the
// default account. It reports whether the key is a session key that has
// expired.
func (s *Server) accountFor(accessKey string, now time.Time) (account string, expired bool) {
	s.mu.Lock()
	sess, ok := s.st.Sessions[accessKey]
	s.mu.Unlock()
	if ok {
		return sess.Account, now.After(sess.Expires)
	}
	if acct, ok := s.keys[accessKey]; ok {
		return acct, false
	}
	return s.opts.AccountID, false
}

// expiredToken is AWS's answer to a request signed with expired temporary
// credentials.
func expiredToken(proto protocol) *apiError {
	const msg = "The security token included in the request is expired"
	switch proto {
	case protoAWSJSON:
		return errorf(http.StatusBadRequest, "ExpiredTokenException", msg)
	case protoQuery, protoEC2:
		return errorf(http.StatusForbidden, "ExpiredToken", msg)
	case protoRESTXML:
		return errorf(http.StatusBadRequest, "ExpiredToken", "The provided token has expired.")
	default:
		return errorf(http.StatusForbidden, "ExpiredTokenException", msg)
	}
}
