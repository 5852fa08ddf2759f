package auditmanager

import (
	"errors"
	"strings"
	"testing"

	"github.com/aws/smithy-go"

	"github.com/hdsctl/hdsctl/deploy"
)

func TestErrorsSayWhatToDo(t *testing.T) {
	denied := explain(&smithy.OperationError{ServiceID: "AuditManager", OperationName: "CreateControl",
		Err: &smithy.GenericAPIError{Code: "AccessDeniedException", Message: "not authorized"}}, "creating control C-1 in eu-west-1")
	var de *DeniedError
	if !errors.As(denied, &de) || !strings.Contains(denied.Error(), "allow auditmanager:CreateControl") ||
		!strings.Contains(denied.Error(), "creating control C-1") {
		t.Errorf("access denied: %v", denied)
	}
	if deploy.Classify(denied) != deploy.Permanent {
		t.Errorf("access denied must not be retried")
	}

	expired := explain(&smithy.OperationError{ServiceID: "AuditManager", OperationName: "ListControls",
		Err: &smithy.GenericAPIError{Code: "ExpiredTokenException", Message: "expired"}}, "listing")
	var ce *CredentialsError
	if !errors.As(expired, &ce) || !strings.Contains(expired.Error(), "--profile") {
		t.Errorf("expired credentials: %v", expired)
	}

	throttled := explain(&smithy.GenericAPIError{Code: "ThrottlingException"}, "creating")
	if deploy.Classify(throttled) != deploy.Throttled {
		t.Errorf("explain hides throttling from the engine: %v", throttled)
	}
}
