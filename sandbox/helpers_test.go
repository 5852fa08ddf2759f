package sandbox

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/auditmanager"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	"github.com/hdsctl/hdsctl/internal/sdkhttp"
)

// sandboxT is a sandbox served by an httptest server for one test.
type sandboxT struct {
	*Server
	URL string
}

// startSandbox starts an in-memory sandbox (unless opts names a state file)
// that lives as long as the test. Throttling is off unless opts sets a rate.
func startSandbox(t *testing.T, opts Options) *sandboxT {
	t.Helper()
	if opts.RPS == 0 {
		opts.RPS = -1
	}
	if opts.ConfigRPS == 0 {
		opts.ConfigRPS = -1
	}
	if opts.Seed == 0 {
		opts.Seed = 1
	}
	if opts.ConformancePackDelay == 0 {
		opts.ConformancePackDelay = -1
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	s, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(func() {
		ts.Close()
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return &sandboxT{Server: s, URL: ts.URL}
}

// clientConfig is an SDK configuration that reaches the sandbox with static
// credentials and, unless a test says otherwise, no retries.
func clientConfig(url, region, accessKey string) aws.Config {
	return aws.Config{
		Region:       region,
		Credentials:  credentials.NewStaticCredentialsProvider(accessKey, "secret", ""),
		BaseEndpoint: aws.String(url),
		Retryer:      func() aws.Retryer { return aws.NopRetryer{} },
		HTTPClient:   sdkhttp.Client(nil),
	}
}

func (sb *sandboxT) auditManager(region string) *auditmanager.Client {
	return auditmanager.NewFromConfig(clientConfig(sb.URL, region, "AKIASANDBOXTEST"))
}

func (sb *sandboxT) config(region, accessKey string) *configservice.Client {
	return configservice.NewFromConfig(clientConfig(sb.URL, region, accessKey))
}

func (sb *sandboxT) sts(accessKey string) *sts.Client {
	return sts.NewFromConfig(clientConfig(sb.URL, "eu-west-1", accessKey))
}

// standardRetryer is the SDK's standard retryer, with short backoffs and no
// client-side retry quota, so that a test retries until the sandbox lets it
// through.
func standardRetryer(attempts int) func() aws.Retryer {
	return func() aws.Retryer {
		return retry.NewStandard(func(o *retry.StandardOptions) {
			o.MaxAttempts = attempts
			o.MaxBackoff = 300 * time.Millisecond
			o.RateLimiter = noRateLimit{}
		})
	}
}

type noRateLimit struct{}

func (noRateLimit) GetToken(context.Context, uint) (func() error, error) {
	return func() error { return nil }, nil
}
func (noRateLimit) AddTokens(uint) error { return nil }

// errorCode returns the AWS error code of err, or "" when it has none.
func errorCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

// rawRequest sends a request to the sandbox without the SDK, signed with a
// fake SigV4 header for service unless service is empty.
func rawRequest(t *testing.T, method, url, service string, header map[string]string, body string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if service != "" {
		req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIARAW/20261203/us-east-1/"+
			service+"/aws4_request, SignedHeaders=host, Signature=00")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp, string(data)
}

var ctx = context.Background()
