package auditmanager

import (
	"errors"
	"fmt"
	"strings"

	"github.com/aws/smithy-go"
)

// DeniedError reports a call AWS refused for lack of permission. Action
// names the IAM action to allow, such as auditmanager:CreateControl.
type DeniedError struct {
	What    string
	Action  string
	Message string
	Err     error
}

// Error names the action to allow.
func (e *DeniedError) Error() string {
	return fmt.Sprintf("%s: AWS denied %s (%s); allow %s in the IAM policy of the identity hdsctl runs as",
		e.What, e.Action, e.Message, e.Action)
}

// Unwrap returns the SDK's error.
func (e *DeniedError) Unwrap() error { return e.Err }

// CredentialsError reports that no valid AWS credentials were found.
type CredentialsError struct {
	What string
	Err  error
}

// Error says how to provide credentials.
func (e *CredentialsError) Error() string {
	return fmt.Sprintf("%s: no valid AWS credentials (%v); sign in (aws sso login, or set AWS_PROFILE "+
		"or --profile), or try hdsctl against the sandbox with --sandbox", e.What, e.Err)
}

// Unwrap returns the SDK's error.
func (e *CredentialsError) Unwrap() error { return e.Err }

var (
	deniedCodes = []string{"AccessDeniedException", "AccessDenied", "UnauthorizedOperation",
		"UnauthorizedException"}
	credentialsCodes = []string{"UnrecognizedClientException", "InvalidClientTokenId", "ExpiredToken",
		"ExpiredTokenException", "InvalidSignatureException", "SignatureDoesNotMatch",
		"MissingAuthenticationTokenException"}
)

// explain wraps an error of the SDK with what was being done and, for the
// errors a person must act on, with what to do. The original error stays in
// the chain, so that deploy.Classify sees it.
func explain(err error, what string) error {
	var api smithy.APIError
	if errors.As(err, &api) {
		code := api.ErrorCode()
		switch {
		case contains(deniedCodes, code):
			return &DeniedError{What: what, Action: iamAction(err), Message: api.ErrorMessage(),
				Err: err}
		case contains(credentialsCodes, code):
			return &CredentialsError{What: what, Err: err}
		case code == "UnknownEndpoint":
			return fmt.Errorf("%s: AWS Audit Manager has no endpoint in this Region; it runs in %s: %w",
				what, strings.Join(Regions, ", "), err)
		}
	}
	msg := err.Error()
	if strings.Contains(msg, "failed to retrieve credentials") || strings.Contains(msg, "get credentials") ||
		strings.Contains(msg, "no EC2 IMDS role found") {
		return &CredentialsError{What: what, Err: err}
	}
	return fmt.Errorf("%s: %w", what, err)
}

// iamAction names the IAM action of the operation that failed: Audit
// Manager's actions are named after its operations.
func iamAction(err error) string {
	var op *smithy.OperationError
	if errors.As(err, &op) {
		svc := strings.ToLower(strings.ReplaceAll(op.ServiceID, " ", ""))
		return svc + ":" + op.OperationName
	}
	return "the auditmanager action it called"
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
