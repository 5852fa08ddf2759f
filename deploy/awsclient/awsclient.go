// Package awsclient holds what the deploy targets set on their AWS SDK
// clients alike: the retryer of their reads, the HTTP client to pace, and
// the names of the operations their calls are counted under.
package awsclient

import (
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"

	"github.com/hdsctl/hdsctl/internal/sdkhttp"
)

// ReadAttempts bounds the tries of one read, the first included.
const ReadAttempts = 5

// ReadRetryer retries a read that met throttling, a server error or a
// dropped connection, with jittered exponential backoff, so that one failed
// read among the many of a plan or of a wait does not make the deploy
// engine start the whole plan or change over; under 10% of calls failing,
// a plan of a few hundred reads would otherwise never succeed. Reads are
// idempotent. Writes must not use it: the engine retries them, and looks up
// a create whose answer was lost before it tries again.
func ReadRetryer() aws.Retryer {
	return retry.NewStandard(func(o *retry.StandardOptions) {
		o.MaxAttempts = ReadAttempts
		o.MaxBackoff = 5 * time.Second
		// The client-side retry quota would turn retryable errors into
		// failures under sustained faults; the limiter paces instead.
		o.RateLimiter = ratelimit.None
	})
}

// HTTPClient returns the HTTP client the SDK clients of cfg send their
// requests with: cfg's own, or the SDK's default, behind sdkhttp's guard.
func HTTPClient(cfg aws.Config) aws.HTTPClient {
	return sdkhttp.Client(cfg.HTTPClient)
}

// OperationName names the AWS operation an SDK request calls, as
// deploy.Calls counts it: the service's ID in lower case, without spaces,
// then the operation, such as auditmanager.CreateControl. AWS Config is
// named config, as in IAM actions: config.PutConformancePack.
func OperationName(r *http.Request) string {
	svc := awsmiddleware.GetServiceID(r.Context())
	svc = strings.ToLower(strings.ReplaceAll(svc, " ", ""))
	if svc == "configservice" {
		svc = "config"
	}
	return svc + "." + awsmiddleware.GetOperationName(r.Context())
}
