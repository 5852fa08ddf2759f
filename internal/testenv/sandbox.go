package testenv

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/hdsctl/hdsctl/internal/sdkhttp"
	"github.com/hdsctl/hdsctl/sandbox"
)

// Sandbox starts an in-memory hdsctl sandbox on a loopback port for the
// test, stopped when the test ends, and returns it with an aws.Config for
// its account opts.AccountID (sandbox.DefaultAccountID when empty): static
// credentials, the sandbox as BaseEndpoint, one attempt per call, and
// eu-west-3 as Region. Throttling is off unless opts sets a rate.
func Sandbox(t testing.TB, opts sandbox.Options) (*sandbox.Server, aws.Config) {
	t.Helper()
	if opts.RPS == 0 {
		opts.RPS = -1
	}
	if opts.ConfigRPS == 0 {
		opts.ConfigRPS = -1
	}
	srv, err := sandbox.New(opts)
	if err != nil {
		t.Fatalf("starting the sandbox: %v", err)
	}
	url, err := srv.Start()
	if err != nil {
		srv.Close()
		t.Fatalf("starting the sandbox: %v", err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv, aws.Config{
		Region:           "eu-west-3",
		Credentials:      credentials.NewStaticCredentialsProvider("AKIATESTSANDBOX00001", "secret", ""),
		BaseEndpoint:     aws.String(url),
		RetryMaxAttempts: 1,
		HTTPClient:       sdkhttp.Client(nil),
	}
}
