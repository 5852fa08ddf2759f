package main

import (
	"bufio"
	"bytes"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/hdsctl/hdsctl/sandbox"
)

// Credentials no output may show. Each is distinctive, so that any trace
// of it is found.
const (
	secretAccessKeyID = "AKIAQZSECRETTESTKEY7"
	secretAccessKey   = "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"
	secretToken       = "IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKENhdsctl9999SECRETtoken"
)

// secretsRecorder wraps the sandbox and keeps the secrets of its answers:
// the signatures of the presigned URLs of AWS Artifact's documents and the
// tokens of the terms accepted. It can make the downloads fail.
type secretsRecorder struct {
	next http.Handler

	mu        sync.Mutex
	secrets   map[string]bool
	failFetch bool
}

var (
	signatureRe = regexp.MustCompile(`X-Amz-Signature(?:=|\\u003d)([0-9a-fA-F]{16,})`)
	termTokenRe = regexp.MustCompile(`"termToken"\s*:\s*"([^"]{8,})"`)
)

func (s *secretsRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	fail := s.failFetch && strings.HasPrefix(r.URL.Path, "/_sandbox/artifact/")
	s.mu.Unlock()
	if fail {
		http.Error(w, "Access Denied", http.StatusForbidden)
		return
	}
	rec := httptest.NewRecorder()
	s.next.ServeHTTP(rec, r)
	body := rec.Body.Bytes()
	s.mu.Lock()
	for _, re := range []*regexp.Regexp{signatureRe, termTokenRe} {
		for _, m := range re.FindAllSubmatch(body, -1) {
			s.secrets[string(m[1])] = true
		}
	}
	s.mu.Unlock()
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	w.Write(body)
}

// TestNoSecretInOutputLogsOrReports runs plan, apply, destroy, assess,
// artifact and report with distinctive credentials and --verbose, and
// looks for the credentials, the signatures of presigned URLs and the
// tokens of accepted terms in stdout, stderr and every file written.
func TestNoSecretInOutputLogsOrReports(t *testing.T) {
	sb, err := sandbox.New(sandbox.Options{Demo: true, RPS: -1, ConfigRPS: -1, ConformancePackDelay: -1,
		Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	rec := &secretsRecorder{next: sb.Handler(), secrets: map[string]bool{}}
	srv := httptest.NewServer(rec)
	t.Cleanup(func() {
		srv.Close()
		sb.Close()
	})
	awsEnv(t, srv.URL)
	t.Setenv("AWS_ACCESS_KEY_ID", secretAccessKeyID)
	t.Setenv("AWS_SECRET_ACCESS_KEY", secretAccessKey)
	t.Setenv("AWS_SESSION_TOKEN", secretToken)
	t.Setenv("AWS_REGION", "eu-west-3")
	root := os.Getenv("HOME")
	out := func(name string) string { return filepath.Join(root, name) }
	fw := tinyFramework(t, 3)

	var outputs []string
	for _, c := range []struct {
		args []string
		code int
	}{
		{[]string{"plan", fw, "--target", "auditmanager", "--region", "eu-west-1", "-v"}, exitOK},
		{[]string{"apply", fw, "--target", "auditmanager", "--region", "eu-west-1", "--auto-approve", "-v", "-o", "json"}, exitOK},
		{[]string{"destroy", fw, "--target", "auditmanager", "--region", "eu-west-1", "--auto-approve", "-v"}, exitOK},
		{[]string{"plan", "hds-v2", "--target", "config", "--regions", "eu-west-3", "-v"}, exitOK},
		{[]string{"apply", "hds-v2", "--target", "config", "--regions", "eu-west-3", "--auto-approve", "-v"}, exitOK},
		{[]string{"assess", "hds-v2", "--regions", "eu-west-3,us-east-1", "--out", out("audit"), "-v"}, exitFailing},
		{[]string{"artifact", "--accept-terms", "--out", out("artifact"), "-v"}, exitOK},
		{[]string{"report", out("audit/results.json"), "--format", "all", "--out", out("report"), "-v"}, exitOK},
		{[]string{"report", out("audit/results.json"), "--format", "html", "-v"}, exitOK},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(c.args, &stdout, &stderr); code != c.code {
			t.Errorf("hdsctl %s: exit %d, want %d\n%s", strings.Join(c.args, " "), code, c.code, stderr.String())
		}
		outputs = append(outputs, stdout.String(), stderr.String())
	}

	// A download that fails must not quote its presigned URL either.
	rec.mu.Lock()
	rec.failFetch = true
	rec.mu.Unlock()
	var stdout, stderr bytes.Buffer
	if code := run([]string{"artifact", "--accept-terms", "--out", out("artifact-failed"), "-v"}, &stdout, &stderr); code != exitFailure {
		t.Errorf("artifact with the downloads refused: exit %d, want 1\n%s", code, stderr.String())
	}
	outputs = append(outputs, stdout.String(), stderr.String())

	secrets := []string{secretAccessKeyID, secretAccessKey, secretToken}
	rec.mu.Lock()
	for s := range rec.secrets {
		secrets = append(secrets, s)
	}
	rec.mu.Unlock()
	if len(secrets) < 5 {
		t.Fatalf("the sandbox handed out %d presigned URLs and term tokens; the test proves nothing about them", len(secrets)-3)
	}
	for i, o := range outputs {
		checkNoSecret(t, "output "+strconv.Itoa(i), []byte(o), secrets)
	}
	files := 0
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Error(err)
			return nil
		}
		files++
		checkNoSecret(t, path, data, secrets)
		return nil
	})
	t.Logf("%d outputs and %d files checked for %d secrets", len(outputs), files, len(secrets))
	if files < 10 {
		t.Errorf("only %d files written; the commands did not run as expected", files)
	}
}

// checkNoSecret fails when data holds one of the secrets, plainly or
// escaped for a URL or JSON.
func checkNoSecret(t *testing.T, where string, data []byte, secrets []string) {
	t.Helper()
	for _, s := range secrets {
		for _, form := range []string{s, url.QueryEscape(s), strings.ReplaceAll(s, "/", `\/`)} {
			if i := bytes.Index(data, []byte(form)); i >= 0 {
				from, to := max(0, i-60), min(len(data), i+len(form)+20)
				t.Errorf("%s holds the secret %.8s…: %q", where, s, data[from:to])
				break
			}
		}
	}
}

// TestSandboxListensOnLoopbackUnlessToldOtherwise checks the sandbox's
// default address, in the library and on the command line, and that
// hdsctl sandbox warns when told to listen beyond the machine.
func TestSandboxListensOnLoopbackUnlessToldOtherwise(t *testing.T) {
	sb, err := sandbox.New(sandbox.Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	u, err := sb.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	if host := hostIP(t, u); !host.IsLoopback() {
		t.Errorf("sandbox.Start listens on %s, want loopback", u)
	}
	if def := newSandboxCmd(&globals{}).Flags().Lookup("addr").DefValue; !strings.HasPrefix(def, "127.0.0.1:") {
		t.Errorf("hdsctl sandbox --addr defaults to %q, want loopback", def)
	}

	for _, tc := range []struct {
		addr string
		warn bool
	}{{"127.0.0.1:0", false}, {"0.0.0.0:0", true}} {
		stdout, stderr := runSandboxCmd(t, tc.addr)
		if got := strings.Contains(stderr, "beyond this machine"); got != tc.warn {
			t.Errorf("--addr %s: warning %v, want %v:\n%s", tc.addr, got, tc.warn, stderr)
		}
		if tc.addr == "127.0.0.1:0" {
			m := regexp.MustCompile(`export AWS_ENDPOINT_URL=(\S+)`).FindStringSubmatch(stdout)
			if m == nil || !hostIP(t, m[1]).IsLoopback() {
				t.Errorf("hdsctl sandbox printed %q, want a loopback endpoint", stdout)
			}
		}
	}
}

func hostIP(t *testing.T, rawURL string) net.IP {
	t.Helper()
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	return net.ParseIP(u.Hostname())
}

// runSandboxCmd runs hdsctl sandbox in a process of its own until it has
// printed its endpoint, then stops it with Ctrl-C, and returns what it
// wrote.
func runSandboxCmd(t *testing.T, addr string) (stdout, stderr string) {
	t.Helper()
	home := t.TempDir()
	cmd := exec.Command(os.Args[0], "sandbox", "--addr", addr, "--state", filepath.Join(home, "state.json"))
	cmd.Env = append(os.Environ(), runAsHdsctl+"=1", "HOME="+home, "XDG_CACHE_HOME="+home)
	var errBuf bytes.Buffer
	cmd.Stderr = &errBuf
	pipe, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var outBuf bytes.Buffer
	sc := bufio.NewScanner(pipe)
	deadline := time.AfterFunc(20*time.Second, func() { cmd.Process.Kill() })
	for sc.Scan() {
		outBuf.WriteString(sc.Text() + "\n")
		if strings.HasPrefix(sc.Text(), "export AWS_REGION=") {
			break
		}
	}
	cmd.Process.Signal(syscall.SIGINT)
	io.Copy(&outBuf, pipe)
	cmd.Wait()
	deadline.Stop()
	return outBuf.String(), errBuf.String()
}
