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
// its account opts.AccountID (sandbox.DefaultAccountID when empty), as
// Config makes it, in eu-west-3. Throttling is off unless opts sets a rate.
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
	return srv, Config(url, "eu-west-3", "AKIATESTSANDBOX00001")
}

// Config reaches an emulator of AWS at url (the sandbox, moto) in region,
// as the account of accessKey: static credentials, the HTTP client hdsctl
// gives the SDK, and no retries unless a client's options set a retryer,
// as hdsctl's deploy targets do for their reads. (RetryMaxAttempts would
// override those retryers too.)
func Config(url, region, accessKey string) aws.Config {
	return aws.Config{
		Region:       region,
		Credentials:  credentials.NewStaticCredentialsProvider(accessKey, "secret", ""),
		BaseEndpoint: aws.String(url),
		Retryer:      func() aws.Retryer { return aws.NopRetryer{} },
		HTTPClient:   sdkhttp.Client(nil),
	}
}
