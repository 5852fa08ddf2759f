package serviceapi

import (
	"errors"
	"slices"

	"github.com/aws/smithy-go"
)

// apiError is the error code and message of a failed call, without the
// transport details around them, so that a finding quotes what AWS said.
type apiError struct {
	code, message string
	err           error
}

func (e *apiError) Error() string {
	if e.message == "" {
		return e.code
	}
	return e.code + ": " + e.message
}

func (e *apiError) Unwrap() error { return e.err }

// concise returns err reduced to AWS's error code and message when it has
// them.
func concise(err error) error {
	var api smithy.APIError
	if errors.As(err, &api) {
		return &apiError{code: api.ErrorCode(), message: api.ErrorMessage(), err: err}
	}
	return err
}

// hasCode reports whether err is an AWS error with one of codes.
func hasCode(err error, codes ...string) bool {
	var api smithy.APIError
	return errors.As(err, &api) && slices.Contains(codes, api.ErrorCode())
}
