// Package testenv starts the AWS emulators that tests run the real SDK
// clients against. A test binary shares one moto server: the first test that
// asks for it starts it, each test starts from an empty state, and Main stops
// it when the tests end.
//
// Use it from a package's tests:
//
//	func TestMain(m *testing.M) { testenv.Main(m) }
//
//	func TestSomething(t *testing.T) {
//		cfg := testenv.Moto(t)
//		client := s3.NewFromConfig(cfg)
//		...
//	}
//
// Tests that call Moto share one server and must not run in parallel with
// each other.
package testenv

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3control"
	smithyendpoints "github.com/aws/smithy-go/endpoints"
)

// MotoAccount is the account ID moto answers for.
const MotoAccount = "123456789012"

// motoPaths are where moto_server is looked for: $HDSCTL_MOTO_SERVER, the
// copy of the machine image, then $PATH.
func motoPaths() []string {
	paths := []string{os.Getenv("HDSCTL_MOTO_SERVER"), "/root/.pyenv/versions/3.11.7/bin/moto_server"}
	if p, err := exec.LookPath("moto_server"); err == nil {
		paths = append(paths, p)
	}
	return paths
}

var (
	motoOnce   sync.Once
	motoServer *server
	motoErr    error
	motoAbsent bool
)

// Moto returns an aws.Config for the shared moto server, after clearing its
// state: static credentials, the server as BaseEndpoint, path-style S3
// requests, S3 Control calls without the account ID in the host name, one
// attempt per call (moto answers 500 for what it lacks, which the SDK would
// retry), and us-east-1 as Region. It skips the test when moto is not
// installed, and fails it when moto does not start.
func Moto(t testing.TB) aws.Config {
	t.Helper()
	motoOnce.Do(startMoto)
	switch {
	case motoAbsent:
		t.Skip("moto is not installed (no moto_server at $HDSCTL_MOTO_SERVER, " +
			"/root/.pyenv/versions/3.11.7/bin or on $PATH); " +
			"this test needs it to emulate AWS")
	case motoErr != nil:
		t.Fatalf("starting moto: %v", motoErr)
	}
	if err := motoServer.reset(); err != nil {
		t.Fatalf("resetting moto: %v", err)
	}
	return motoServer.config()
}

// Main runs the tests of m, stops the moto server if a test started it, and
// exits with the tests' status.
func Main(m *testing.M) {
	code := m.Run()
	if motoServer != nil {
		motoServer.stop()
	}
	os.Exit(code)
}

func startMoto() {
	for _, path := range motoPaths() {
		if path == "" {
			continue
		}
		if _, err := os.Stat(path); err == nil {
			motoServer, motoErr = start(path)
			return
		}
	}
	motoAbsent = true
}

// server is a running moto_server process.
type server struct {
	cmd    *exec.Cmd
	url    string
	log    *bytes.Buffer
	exited chan error
}

// start runs moto_server on a free loopback port and waits until it answers.
func start(path string) (*server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	s := &server{url: "http://127.0.0.1:" + strconv.Itoa(port), log: &bytes.Buffer{}}
	s.cmd = exec.Command(path, "-H", "127.0.0.1", "-p", strconv.Itoa(port))
	s.cmd.Stdout, s.cmd.Stderr = s.log, s.log
	// Without its default AMIs, moto starts faster, and DescribeSnapshots,
	// which ignores OwnerIds, lists only the snapshots a test made.
	s.cmd.Env = append(os.Environ(), "MOTO_EC2_LOAD_DEFAULT_AMIS=false")
	// The server dies with the test binary even when Main is not reached.
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
	if err := s.cmd.Start(); err != nil {
		return nil, fmt.Errorf("running %s: %w", path, err)
	}
	s.exited = make(chan error, 1)
	go func() { s.exited <- s.cmd.Wait() }()
	deadline := time.After(30 * time.Second)
	for {
		if s.ready() {
			return s, nil
		}
		select {
		case err := <-s.exited:
			return nil, fmt.Errorf("%s exited before answering (%v): %s", path, err, s.log.String())
		case <-deadline:
			s.stop()
			return nil, fmt.Errorf("%s did not answer on %s within 30s: %s", path, s.url, s.log.String())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("finding a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func (s *server) ready() bool {
	resp, err := http.Get(s.url + "/moto-api/")
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

func (s *server) reset() error {
	resp, err := http.Post(s.url+"/moto-api/reset", "application/json", nil)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("POST %s/moto-api/reset: %s", s.url, resp.Status)
	}
	return nil
}

// stop ends the server, and kills it if it has not exited within 5s.
func (s *server) stop() {
	if err := s.cmd.Process.Signal(syscall.SIGTERM); errors.Is(err, os.ErrProcessDone) {
		return
	}
	select {
	case <-s.exited:
	case <-time.After(5 * time.Second):
		s.cmd.Process.Kill()
		<-s.exited
	}
}

func (s *server) config() aws.Config {
	cfg := Config(s.url, "us-east-1", "testing")
	cfg.ServiceOptions = []func(string, any){func(_ string, options any) {
		switch o := options.(type) {
		case *s3.Options:
			o.UsePathStyle = true
		case *s3control.Options:
			o.EndpointResolverV2 = fixedEndpoint(s.url)
		}
	}}
	return cfg
}

// fixedEndpoint sends every S3 Control call to moto as it is. The SDK's own
// resolver puts the account ID in front of the host name, which an IP
// address cannot take; moto routes S3 Control calls by their path instead.
type fixedEndpoint string

// ResolveEndpoint returns the moto endpoint, whatever the parameters.
func (e fixedEndpoint) ResolveEndpoint(context.Context, s3control.EndpointParameters) (
	smithyendpoints.Endpoint, error) {
	u, err := url.Parse(string(e))
	if err != nil {
		return smithyendpoints.Endpoint{}, err
	}
	return smithyendpoints.Endpoint{URI: *u}, nil
}
