package bench

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/hdsctl/hdsctl/internal/sdkhttp"
	"github.com/hdsctl/hdsctl/sandbox"
)

// estateVar is the environment variable that tells a test binary to serve
// an estate: the Estate as JSON.
const estateVar = "HDSCTL_BENCH_ESTATE"

// urlPrefix starts the line on which the estate process gives its URL.
const urlPrefix = "hdsctl-bench-sandbox: "

// EstateProcess is a sandbox holding a generated estate, served by another
// process so that the memory measured in the benchmark's process is
// hdsctl's alone.
type EstateProcess struct {
	Estate Estate
	URL    string
	// http is the client of every account, as the accounts of one hdsctl
	// run share the client of its AWS configuration.
	http *http.Client
}

// StartEstate starts the test binary again as the sandbox process of e, and
// stops it when the benchmark ends. The binary's package must have a test
// that calls ServeEstate, named by test (TestBenchEstateProcess).
func StartEstate(b *testing.B, e Estate, test string) *EstateProcess {
	b.Helper()
	spec, err := json.Marshal(e)
	if err != nil {
		b.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^"+test+"$", "-test.timeout=0")
	cmd.Env = append(os.Environ(), estateVar+"="+string(spec))
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatalf("starting the estate process: %v", err)
	}
	p := &EstateProcess{
		Estate: e,
		http:   &http.Client{Transport: awshttp.NewBuildableClient().GetTransport()},
	}
	b.Cleanup(func() {
		// Connections left open would hold up the server's shutdown.
		p.http.CloseIdleConnections()
		stdin.Close()
		if err := cmd.Wait(); err != nil {
			b.Errorf("the estate process: %v", err)
		}
	})
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		if url, ok := strings.CutPrefix(sc.Text(), urlPrefix); ok {
			go io.Copy(os.Stderr, stdout)
			p.URL = url
			return p
		}
	}
	b.Fatalf("the estate process ended without serving: %v", sc.Err())
	return nil
}

// ServeEstate is the body of the estate process's test: when the
// benchmark started the binary, it seeds a sandbox with the estate, serves
// it and prints its URL, until its standard input closes; otherwise it
// skips the test.
func ServeEstate(t *testing.T) {
	spec := os.Getenv(estateVar)
	if spec == "" {
		t.Skip("the sandbox process of the assessment benchmarks; it runs only when they start it")
	}
	var e Estate
	if err := json.Unmarshal([]byte(spec), &e); err != nil {
		t.Fatalf("reading the estate: %v", err)
	}
	srv, err := sandbox.New(e.SandboxOptions())
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := e.Seed(srv); err != nil {
		t.Fatal(err)
	}
	url, err := srv.Start()
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(os.Stderr, "estate of %d resources in %d accounts seeded in %v\n",
		e.Resources, e.Accounts, time.Since(start).Round(time.Millisecond))
	fmt.Printf("%s%s\n", urlPrefix, url)
	io.Copy(io.Discard, os.Stdin)
	if err := srv.Close(); err != nil {
		// The state is in memory: nothing is lost.
		t.Logf("closing the sandbox: %v", err)
	}
}

// Config returns the AWS configuration of account i of the estate, with the
// retry policy hdsctl uses (awsenv): up to 8 attempts, no client-side quota;
// every account shares one HTTP client, as in hdsctl.
func (p *EstateProcess) Config(i int) aws.Config {
	return aws.Config{
		Region:       p.Estate.Regions[0],
		Credentials:  credentials.NewStaticCredentialsProvider(p.Estate.AccessKey(i), "secret", ""),
		BaseEndpoint: aws.String(p.URL),
		HTTPClient:   sdkhttp.Client(p.http),
		Retryer: func() aws.Retryer {
			return retry.NewStandard(func(o *retry.StandardOptions) {
				o.MaxAttempts = 8
				o.MaxBackoff = 20 * time.Second
				o.RateLimiter = ratelimit.None
			})
		},
	}
}

// Stats reads the request counters of the sandbox.
func (p *EstateProcess) Stats(ctx context.Context) (sandbox.Stats, error) {
	var st sandbox.Stats
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, p.URL+"/_sandbox/stats", nil)
	if err != nil {
		return st, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return st, fmt.Errorf("reading the sandbox's counters: %w", err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		return st, fmt.Errorf("reading the sandbox's counters: %w", err)
	}
	return st, nil
}

// Measure runs one case against the estate and returns its wall time and
// the requests the sandbox answered meanwhile.
func (p *EstateProcess) Measure(run func() error) (Sample, error) {
	ctx := context.Background()
	before, err := p.Stats(ctx)
	if err != nil {
		return Sample{}, err
	}
	start := time.Now()
	err = run()
	s := Sample{Wall: time.Since(start)}
	after, serr := p.Stats(ctx)
	if serr != nil {
		return s, serr
	}
	s.Calls, s.Throttled = Between(before, after)
	return s, err
}
