// Package awserr reads the errors AWS answers: whether one carries a given
// error code, and a short form of it that quotes what AWS said without the
// SDK's transport details, for findings and messages.
package awserr

import (
	"errors"
	"slices"

	"github.com/aws/smithy-go"
)

// apiError is the error code and message of a failed call.
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

// Concise returns err reduced to AWS's error code and message when AWS
// answered it ("AccessDeniedException: User ... is not authorized ..."),
// with err kept in its chain; any other error is returned as it is.
func Concise(err error) error {
	var api smithy.APIError
	if errors.As(err, &api) {
		return &apiError{code: api.ErrorCode(), message: api.ErrorMessage(), err: err}
	}
	return err
}

// HasCode reports whether err is an error AWS answered with one of codes.
func HasCode(err error, codes ...string) bool {
	var api smithy.APIError
	return errors.As(err, &api) && slices.Contains(codes, api.ErrorCode())
}
