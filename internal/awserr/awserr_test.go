package awserr

import (
	"errors"
	"fmt"
	"testing"

	"github.com/aws/smithy-go"
)

func TestConciseQuotesAWSAndKeepsTheChain(t *testing.T) {
	api := &smithy.GenericAPIError{Code: "AccessDeniedException", Message: "not authorized"}
	err := fmt.Errorf("operation error Config: DescribeConfigRules, https response error StatusCode: 400: %w", api)
	got := Concise(err)
	if want := "AccessDeniedException: not authorized"; got.Error() != want {
		t.Errorf("Concise = %q, want %q", got, want)
	}
	if !errors.Is(got, api) {
		t.Error("Concise lost the error it reduces")
	}
	if got := Concise(&smithy.GenericAPIError{Code: "Throttling"}); got.Error() != "Throttling" {
		t.Errorf("Concise of an error without message = %q, want the code alone", got)
	}
	plain := errors.New("dial tcp: connection refused")
	if got := Concise(plain); got != plain {
		t.Errorf("Concise of a transport error = %v, want it unchanged", got)
	}
}

func TestHasCode(t *testing.T) {
	err := fmt.Errorf("reading: %w", &smithy.GenericAPIError{Code: "NoSuchEntity"})
	if !HasCode(err, "AccessDenied", "NoSuchEntity") {
		t.Error("HasCode missed a wrapped code")
	}
	if HasCode(err, "AccessDenied") || HasCode(errors.New("NoSuchEntity"), "NoSuchEntity") {
		t.Error("HasCode matched another code, or an error AWS did not answer")
	}
}
