package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	am "github.com/aws/aws-sdk-go-v2/service/auditmanager"
	"github.com/aws/aws-sdk-go-v2/service/auditmanager/types"

	"github.com/hdsctl/hdsctl/deploy/auditmanager"
	"github.com/hdsctl/hdsctl/internal/testenv"
	"github.com/hdsctl/hdsctl/sandbox"
)

// awsEnv points the AWS SDK of hdsctl at url, with a Region and dummy
// credentials, and an empty home folder.
func awsEnv(t *testing.T, url string) {
	t.Helper()
	home := t.TempDir()
	for k, v := range map[string]string{
		"AWS_ENDPOINT_URL":            url,
		"AWS_ACCESS_KEY_ID":           "AKIAHDSCTLTEST000000",
		"AWS_SECRET_ACCESS_KEY":       "secret",
		"AWS_REGION":                  "eu-west-1",
		"HOME":                        home,
		"XDG_CACHE_HOME":              filepath.Join(home, ".cache"),
		"AWS_CONFIG_FILE":             filepath.Join(home, "none"),
		"AWS_SHARED_CREDENTIALS_FILE": filepath.Join(home, "none"),
	} {
		t.Setenv(k, v)
	}
}

// countingServer answers every request with an error and counts them, to
// prove that a command made no AWS call.
func countingServer(t *testing.T) (string, *atomic.Int64) {
	t.Helper()
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.WriteHeader(http.StatusInternalServerError)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, &n
}

func TestDeployMistakesExitTwoBeforeAnyAWSCall(t *testing.T) {
	url, calls := countingServer(t)
	awsEnv(t, url)
	bad := t.TempDir()
	os.WriteFile(filepath.Join(bad, "framework.yaml"), []byte("id: Bad Id\nlanguages: [fr]\n"), 0o644)
	adopt := filepath.Join(t.TempDir(), "out.json")
	os.WriteFile(adopt, []byte(`{"something": "else"}`), 0o644)

	tests := []struct {
		name string
		args []string
		want string
	}{
		{"invalid framework", []string{"plan", bad, "--target", "auditmanager"}, "is invalid"},
		{"no target", []string{"plan", "hds-v2"}, "--target is required"},
		{"no terminal to confirm", []string{"apply", "hds-v2", "--target", "auditmanager"},
			"pass --auto-approve"},
		{"Region without Audit Manager",
			[]string{"plan", "hds-v2", "--target", "auditmanager", "--region", "eu-west-3"},
			"AWS Audit Manager does not run in eu-west-3"},
		{"not a sample output file",
			[]string{"plan", "hds-v2", "--target", "auditmanager", "--adopt", adopt},
			"not an output file of the Node.js sample"},
		{"bad assessment",
			[]string{"plan", "hds-v2", "--target", "auditmanager", "--assessment-name", "A",
				"--assessment-owner", "me", "--assessment-reports", "bucket"},
			"is not an IAM role ARN"},
		{"bad output", []string{"plan", "hds-v2", "--target", "auditmanager", "-o", "yaml"},
			"unknown output"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(tt.args, &stdout, &stderr); code != exitInvalid {
				t.Errorf("exit code %d, want %d; stderr:\n%s", code, exitInvalid, stderr.String())
			}
			if !strings.Contains(stderr.String(), tt.want) {
				t.Errorf("stderr lacks %q:\n%s", tt.want, stderr.String())
			}
			if stdout.Len() != 0 {
				t.Errorf("stdout must stay empty, got:\n%s", stdout.String())
			}
		})
	}
	if n := calls.Load(); n != 0 {
		t.Errorf("%d AWS calls made, want none", n)
	}
}

// testSandbox serves a sandbox over HTTP for a test.
func testSandbox(t *testing.T, opts sandbox.Options) (*sandbox.Server, string) {
	t.Helper()
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	sb, err := sandbox.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sb.Handler())
	t.Cleanup(func() {
		srv.Close()
		sb.Close()
	})
	return sb, srv.URL
}

func TestPlanAndApplyJSONMatchWhatTheSandboxHolds(t *testing.T) {
	_, url := testSandbox(t, sandbox.Options{RPS: -1})
	awsEnv(t, url)
	fw := tinyFramework(t, 2)

	out := runJSON(t, "apply", fw, "--target", "auditmanager", "--auto-approve", "-o", "json")
	if out.Result.Status != "complete" || out.Summary.Create != 3 || out.Result.Done != 3 {
		t.Fatalf("apply: summary %+v, result %+v; want 3 created", out.Summary, out.Result)
	}
	if out.APICalls.Total < 3 || out.APICalls.ByOperation["auditmanager.CreateControl"] != 2 {
		t.Errorf("apiCalls = %+v", out.APICalls)
	}
	out = runJSON(t, "plan", fw, "--target", "auditmanager", "-o", "json")
	if out.Summary.Noop != 3 || len(out.Changes) != 3 {
		t.Errorf("plan after apply: %+v, want 3 unchanged", out.Summary)
	}
	owned := ownedInSandbox(t, url, "tiny")
	for _, ch := range out.Changes {
		if ch.Kind == "control" && owned[ch.ID] != ch.AWSID {
			t.Errorf("plan says control %s is %s; the sandbox holds %q", ch.ID, ch.AWSID, owned[ch.ID])
		}
	}
	if len(owned) != 2 {
		t.Errorf("the sandbox holds %d controls of hdsctl, want 2", len(owned))
	}
}

// tinyFramework writes a catalog framework of n controls and returns its
// folder.
func tinyFramework(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "sets"), 0o755)
	os.WriteFile(filepath.Join(dir, "framework.yaml"), []byte(`id: tiny
version: "1"
languages: [en]
name: {en: Tiny}
description: {en: A few controls.}
controlSets: [sets/a.yaml]
`), 0o644)
	set := "id: A\nname: {en: Set A}\ncontrols:\n"
	for i := 1; i <= n; i++ {
		set += fmt.Sprintf(`  - id: T-%d
    name: {en: Control %d}
    description: {en: A control.}
    testingInformation: {en: Check it.}
    actionPlan: {title: {en: Fix}, instructions: {en: Fix it.}}
    references: [{scheme: hds-v2, id: EXI 01}]
    sources: [{type: MANUAL, owner: {en: CISO}, instructions: {en: Provide it.}}]
`, i, i)
	}
	os.WriteFile(filepath.Join(dir, "sets", "a.yaml"), []byte(set), 0o644)
	return dir
}

type jsonOutput struct {
	Changes []struct {
		Action, Kind, ID, Name, AWSID, Status string
	}
	Summary  struct{ Create, Update, Delete, Noop int }
	APICalls struct {
		Total       int
		ByOperation map[string]int
	}
	Result struct {
		Status string
		Done   int
	}
}

func runJSON(t *testing.T, args ...string) jsonOutput {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := run(args, &stdout, &stderr); code != exitOK {
		t.Fatalf("hdsctl %s: exit %d\n%s", strings.Join(args, " "), code, stderr.String())
	}
	var out jsonOutput
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		t.Fatalf("hdsctl %s: %v\n%s", strings.Join(args, " "), err, stdout.String())
	}
	return out
}

// ownedInSandbox returns the controls hdsctl owns for fwID in the sandbox,
// by key, failing on duplicates, orphans outside the framework, or not
// exactly one framework.
func ownedInSandbox(t *testing.T, url, fwID string) map[string]string {
	t.Helper()
	ctx := context.Background()
	c := am.NewFromConfig(testenv.Config(url, "eu-west-1", "AKIAHDSCTLTEST000000"))
	owned := map[string]string{}
	list, err := c.ListControls(ctx, &am.ListControlsInput{
		ControlType: types.ControlTypeCustom,
		MaxResults:  aws.Int32(1000),
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range list.ControlMetadataList {
		got, err := c.GetControl(ctx, &am.GetControlInput{ControlId: m.Id})
		if err != nil {
			t.Fatal(err)
		}
		key := got.Control.Tags[auditmanager.TagKey]
		if got.Control.Tags[auditmanager.TagFramework] != fwID {
			continue
		}
		if prev, dup := owned[key]; dup {
			t.Errorf("control %s deployed twice: %s and %s", key, prev, aws.ToString(m.Id))
		}
		owned[key] = aws.ToString(m.Id)
	}
	fws, err := c.ListAssessmentFrameworks(ctx,
		&am.ListAssessmentFrameworksInput{FrameworkType: types.FrameworkTypeCustom})
	if err != nil {
		t.Fatal(err)
	}
	var listed map[string]bool
	n := 0
	for _, m := range fws.FrameworkMetadataList {
		f, err := c.GetAssessmentFramework(ctx, &am.GetAssessmentFrameworkInput{FrameworkId: m.Id})
		if err != nil {
			t.Fatal(err)
		}
		if f.Framework.Tags[auditmanager.TagFramework] != fwID {
			continue
		}
		n++
		listed = map[string]bool{}
		for _, set := range f.Framework.ControlSets {
			for _, ctl := range set.Controls {
				listed[aws.ToString(ctl.Id)] = true
			}
		}
	}
	if n != 1 {
		t.Errorf("%d frameworks of %s, want 1", n, fwID)
	}
	for key, id := range owned {
		if !listed[id] {
			t.Errorf("orphan: control %s (%s) is not in the framework", key, id)
		}
	}
	return owned
}

func TestKilledApplyConvergesOnTheNextRun(t *testing.T) {
	controls, signals := 60, []os.Signal{os.Interrupt, syscall.SIGKILL, syscall.SIGKILL}
	if testing.Short() {
		controls, signals = 30, signals[:2]
	}
	_, url := testSandbox(t, sandbox.Options{RPS: -1, Latency: time.Millisecond})
	awsEnv(t, url)
	args := []string{"apply", tinyFramework(t, controls), "--target", "auditmanager", "--auto-approve"}

	// Stop the first apply with Ctrl-C and the next ones with SIGKILL, each
	// at a random point of the work its plan announced (19 changes a
	// second).
	for _, sig := range signals {
		start := time.Now()
		out, code, at := runKilled(t, args, sig)
		t.Logf("%v after %v: exit %d after %v; %s",
			sig, at, code, time.Since(start).Round(time.Millisecond), lastLine(out))
		switch {
		case code == exitOK:
			t.Logf("apply finished before %v", sig)
		case sig == os.Interrupt && (code != exitFailure || !strings.Contains(out, "Apply interrupted")):
			t.Errorf("after Ctrl-C: exit %d, output %q; "+
				"want exit 1 and the report of an interrupted apply", code, out)
		}
	}

	var stdout, stderr bytes.Buffer
	if code := run(args, &stdout, &stderr); code != exitOK {
		t.Fatalf("apply after the kills: exit %d\n%s", code, stderr.String())
	}
	var again, stderr2 bytes.Buffer
	code := run(args, &again, &stderr2)
	if code != exitOK || !strings.Contains(again.String(), "Nothing to do") {
		t.Errorf("second apply: exit %d, %s", code, again.String())
	}
	if owned := ownedInSandbox(t, url, "tiny"); len(owned) != controls {
		t.Errorf("%d controls of hdsctl in the sandbox, want %d", len(owned), controls)
	}
}

// runKilled runs hdsctl in a process of its own and, once it has printed
// its plan, sends it sig at a random point of the work the plan announces.
// It returns the combined output, the exit code and when the signal went.
func runKilled(t *testing.T, args []string, sig os.Signal) (string, int, time.Duration) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), runAsHdsctl+"=1")
	var out bytes.Buffer
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = pw, pw
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var at time.Duration
	scanned := make(chan struct{})
	go func() {
		defer close(scanned)
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			line := sc.Text()
			out.WriteString(line + "\n")
			var create, update, del, noop int
			n, _ := fmt.Sscanf(line, "Plan: %d to create, %d to update, %d to delete, %d unchanged.",
				&create, &update, &del, &noop)
			if n == 4 {
				work := time.Duration(float64(create+update+del) / 19 * float64(time.Second))
				at = rand.N(work*3/4 + 1)
				time.AfterFunc(at, func() { cmd.Process.Signal(sig) })
			}
		}
	}()
	err := cmd.Wait()
	pw.Close()
	<-scanned
	code := 0
	if exit, ok := err.(*exec.ExitError); ok {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), code, at
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
