// Package awsenv sets up the AWS environment a command runs in: credentials,
// Region, endpoints and retries, following the SDK's conventions (default
// credential chain, profiles, AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE>),
// or the hdsctl sandbox run in process on a state file in the user's cache
// folder, so that successive commands see one emulated account.
package awsenv

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/smithy-go/logging"

	"github.com/hdsctl/hdsctl/internal/sdkhttp"
	"github.com/hdsctl/hdsctl/sandbox"
)

// DefaultRegion is the Region used when none is configured: Europe
// (Ireland), inside the European Economic Area and served by every AWS
// service hdsctl uses, Audit Manager included.
const DefaultRegion = "eu-west-1"

// Options says how to reach AWS.
type Options struct {
	// Profile is a shared-config profile name; empty uses the SDK's default.
	Profile string
	// Region overrides the configured Region.
	Region string
	// Sandbox runs the hdsctl sandbox in process and sends every call to it.
	Sandbox bool
	// AutoSandbox falls back to the sandbox when no AWS credentials are
	// configured and no endpoint is overridden, so that a newcomer can try
	// hdsctl without an AWS account. The fallback is announced on stderr.
	AutoSandbox bool
	// Stderr receives the notice of the fallback to the sandbox; os.Stderr
	// when nil.
	Stderr io.Writer
	// Demo seeds the sandbox's demo organization (sandbox.Options.Demo)
	// into a sandbox state that is still empty: what hdsctl assess shows a
	// newcomer.
	Demo bool
	// SandboxState is the sandbox's state file; by default sandbox.json in
	// the hdsctl folder of the user's cache folder.
	SandboxState string
	// MaxAttempts bounds the SDK's attempts per call, retries included; 0
	// means 8.
	MaxAttempts int
	Logger      *slog.Logger
}

// Env is an AWS environment ready for service clients.
type Env struct {
	// Config configures every service client.
	Config aws.Config
	// Sandbox reports whether calls go to the in-process sandbox.
	Sandbox bool
	// SandboxState is the sandbox's state file, when Sandbox is true.
	SandboxState string
	server       *sandbox.Server
	// transport carries the calls to the sandbox; Close closes its idle
	// connections first, so that the sandbox does not wait for them.
	transport *http.Transport
}

// Open prepares the environment. With the sandbox, it starts the emulator on
// a loopback port; Close stops it and saves its state.
func Open(ctx context.Context, opts Options) (*Env, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Sandbox {
		return openSandbox(opts)
	}
	cfg, err := loadConfig(ctx, opts)
	if err != nil {
		return nil, err
	}
	if opts.AutoSandbox && !endpointOverridden() && !hasCredentials(ctx, cfg) {
		opts.Logger.Info("no AWS credentials found; using the sandbox")
		env, err := openSandbox(opts)
		if err != nil {
			return nil, err
		}
		stderr := opts.Stderr
		if stderr == nil {
			stderr = os.Stderr
		}
		fmt.Fprintf(stderr, "hdsctl: no AWS credentials are configured; running against the "+
			"hdsctl sandbox, an emulated account (state in %s)\n", env.SandboxState)
		return env, nil
	}
	return &Env{Config: cfg}, nil
}

// Close stops the in-process sandbox, if any, saving its state.
func (e *Env) Close() error {
	if e == nil || e.server == nil {
		return nil
	}
	e.transport.CloseIdleConnections()
	return e.server.Close()
}

// SandboxServer returns the in-process sandbox, or nil.
func (e *Env) SandboxServer() *sandbox.Server { return e.server }

func loadConfig(ctx context.Context, opts Options) (aws.Config, error) {
	loadOpts := []func(*config.LoadOptions) error{
		config.WithRetryer(newRetryer(opts.MaxAttempts)),
		config.WithLogger(sdkLogger(opts.Logger)),
	}
	if opts.Profile != "" {
		loadOpts = append(loadOpts, config.WithSharedConfigProfile(opts.Profile))
	}
	if opts.Region != "" {
		loadOpts = append(loadOpts, config.WithRegion(opts.Region))
	}
	cfg, err := config.LoadDefaultConfig(ctx, loadOpts...)
	if err != nil {
		return aws.Config{}, fmt.Errorf("loading the AWS configuration: %w", err)
	}
	if cfg.Region == "" {
		cfg.Region = DefaultRegion
	}
	cfg.HTTPClient = sdkhttp.Client(cfg.HTTPClient)
	return cfg, nil
}

// sdkLogger sends the SDK's own log lines (such as its warning when the EC2
// instance metadata service refuses a token on a machine outside EC2) to the
// debug log, shown with --verbose, rather than to stderr unasked.
func sdkLogger(log *slog.Logger) logging.Logger {
	return logging.LoggerFunc(func(c logging.Classification, format string, v ...any) {
		log.Debug(fmt.Sprintf(format, v...), "source", "aws-sdk", "level", string(c))
	})
}

// newRetryer retries throttling and server errors with jittered exponential
// backoff. The SDK's client-side retry quota is turned off: under sustained
// throttling it would turn retryable errors into failures, and hdsctl paces
// its own calls below the service quotas instead.
func newRetryer(maxAttempts int) func() aws.Retryer {
	if maxAttempts <= 0 {
		maxAttempts = 8
	}
	return func() aws.Retryer {
		return retry.NewStandard(func(o *retry.StandardOptions) {
			o.MaxAttempts = maxAttempts
			o.MaxBackoff = 20 * time.Second
			o.RateLimiter = ratelimit.None
		})
	}
}

// DefaultSandboxState returns the sandbox's state file when none is named:
// sandbox.json in the hdsctl folder of the user's cache folder. The
// in-process sandbox and hdsctl sandbox share it.
func DefaultSandboxState() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("finding a folder for the sandbox state: %w", err)
	}
	return filepath.Join(dir, "hdsctl", "sandbox.json"), nil
}

func openSandbox(opts Options) (*Env, error) {
	state := opts.SandboxState
	if state == "" {
		var err error
		if state, err = DefaultSandboxState(); err != nil {
			return nil, err
		}
	}
	if err := os.MkdirAll(filepath.Dir(state), 0o700); err != nil {
		return nil, fmt.Errorf("creating the sandbox state folder: %w", err)
	}
	srv, err := sandbox.New(sandbox.Options{
		StatePath:            state,
		ConformancePackDelay: 300 * time.Millisecond,
		Demo:                 opts.Demo,
		Logger:               opts.Logger,
	})
	if err != nil {
		return nil, fmt.Errorf("starting the sandbox: %w", err)
	}
	url, err := srv.Start()
	if err != nil {
		srv.Close()
		return nil, fmt.Errorf("starting the sandbox: %w", err)
	}
	region := opts.Region
	if region == "" {
		region = DefaultRegion
	}
	transport := awshttp.NewBuildableClient().GetTransport()
	cfg := aws.Config{
		Region:       region,
		Credentials:  credentials.NewStaticCredentialsProvider(SandboxAccessKeyID, "sandbox-secret", ""),
		BaseEndpoint: aws.String(url),
		Retryer:      newRetryer(opts.MaxAttempts),
		HTTPClient:   sdkhttp.Client(&http.Client{Transport: transport}),
	}
	opts.Logger.Debug("sandbox started", "url", url, "state", state)
	return &Env{
		Config:       cfg,
		Sandbox:      true,
		SandboxState: state,
		server:       srv,
		transport:    transport,
	}, nil
}

// SandboxAccessKeyID is the access key the in-process sandbox is called
// with. It is not a credential: the sandbox verifies no signature.
const SandboxAccessKeyID = "AKIAHDSCTLSANDBOX000"

// endpointOverridden reports whether the user sends calls elsewhere than AWS
// (moto, LocalStack, the sandbox served by hdsctl sandbox).
func endpointOverridden() bool {
	if os.Getenv("AWS_ENDPOINT_URL") != "" {
		return true
	}
	for _, kv := range os.Environ() {
		if len(kv) > len("AWS_ENDPOINT_URL_") && kv[:len("AWS_ENDPOINT_URL_")] == "AWS_ENDPOINT_URL_" {
			return true
		}
	}
	return false
}

// hasCredentials reports whether the SDK's credential chain yields
// credentials. It gives the chain a few seconds: the EC2 instance metadata
// service answers fast where it exists.
func hasCredentials(ctx context.Context, cfg aws.Config) bool {
	if cfg.Credentials == nil {
		return false
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	creds, err := cfg.Credentials.Retrieve(ctx)
	return err == nil && creds.HasKeys()
}
