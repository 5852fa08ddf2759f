package deploy

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/google/go-cmp/cmp"

	"github.com/hdsctl/hdsctl/framework"
)

// fakeTarget is a hand-written Target for the engine's own behaviour:
// ordering, retries, lookups after ambiguous failures, cancellation. The
// Audit Manager adapter's tests cover the real API against the sandbox.
type fakeTarget struct {
	mu      sync.Mutex
	applied []string
	// fail returns, for a change and its try number, the error to answer.
	fail  func(ch Change, try int) error
	tries map[string]int
	// created holds what creates made, by key, as Find sees it.
	created map[string]string
	hook    func(ch Change)
}

func (f *fakeTarget) Name() string                        { return "fake" }
func (f *fakeTarget) Preflight(ctx context.Context) error { return nil }
func (f *fakeTarget) Desired(fw *framework.Framework) ([]Resource, []Note, error) {
	return nil, nil, nil
}
func (f *fakeTarget) Current(ctx context.Context, fw *framework.Framework) ([]Existing, error) {
	return nil, nil
}

func (f *fakeTarget) Apply(ctx context.Context, ch Change, ids IDs) (string, error) {
	if f.hook != nil {
		f.hook(ch)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.tries == nil {
		f.tries, f.created = map[string]int{}, map[string]string{}
	}
	f.tries[ch.Key]++
	id := "id-" + ch.Key
	if ch.Action == Create {
		// The create takes effect even when the answer is lost.
		f.created[ch.Key] += id + ";"
	}
	if f.fail != nil {
		if err := f.fail(ch, f.tries[ch.Key]); err != nil {
			return "", err
		}
	}
	f.applied = append(f.applied, fmt.Sprintf("%s %s", ch.Action, ch.Key))
	if ch.Kind == "framework" && ch.Action != Delete {
		if _, ok := ids.Lookup("control", "", "c1"); !ok {
			return "", MissingID("control", "c1")
		}
	}
	return id, nil
}

func (f *fakeTarget) Find(ctx context.Context, ch Change) (string, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.created[ch.Key] != "" {
		return "id-" + ch.Key, true, nil
	}
	return "", false, nil
}

var quickRetry = RetryPolicy{BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond, MaxAttempts: 5}

func testPlan() *Plan {
	return &Plan{Changes: []Change{
		{Action: Create, Kind: "control", Key: "c1", Phase: 0},
		{Action: Update, Kind: "control", Key: "c2", Phase: 0, ID: "x2"},
		{Action: Delete, Kind: "control", Key: "c3", Phase: 0, ID: "x3"},
		{Action: Noop, Kind: "control", Key: "c4", Phase: 0, ID: "x4"},
		{Action: Create, Kind: "framework", Key: "fw", Phase: 1},
		{Action: Delete, Kind: "framework", Key: "old", Phase: 1, ID: "x5"},
	}}
}

func TestApplyDeletesByDescendingPhaseThenCreatesByAscendingPhase(t *testing.T) {
	f := &fakeTarget{}
	res, err := Apply(context.Background(), f, testPlan(), ApplyOptions{Concurrency: 1, Retry: quickRetry})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"delete old", "delete c3", "create c1", "update c2", "create fw"}
	if diff := cmp.Diff(want, f.applied); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
	if s := res.Summary(); s != (Summary{Create: 2, Update: 1, Delete: 2}) {
		t.Errorf("summary = %+v", s)
	}
}

func TestApplyRetriesThrottlingAndServerErrors(t *testing.T) {
	f := &fakeTarget{fail: func(ch Change, try int) error {
		if ch.Key == "c2" && try < 3 {
			return &smithy.GenericAPIError{Code: "ThrottlingException", Message: "Rate exceeded"}
		}
		if ch.Key == "c3" && try < 2 {
			return &awshttp.ResponseError{ResponseError: &smithyhttp.ResponseError{Response: &smithyhttp.Response{Response: &http.Response{StatusCode: 503}}, Err: errors.New("unavailable")}}
		}
		return nil
	}}
	res, err := Apply(context.Background(), f, testPlan(), ApplyOptions{Retry: quickRetry})
	if err != nil {
		t.Fatal(err)
	}
	if res.Retries != 3 {
		t.Errorf("%d retries, want 3", res.Retries)
	}
}

func TestApplyLooksUpACreateWhoseAnswerWasLost(t *testing.T) {
	f := &fakeTarget{fail: func(ch Change, try int) error {
		if ch.Key == "c1" && try == 1 {
			return &smithyhttp.RequestSendError{Err: io.ErrUnexpectedEOF}
		}
		return nil
	}}
	res, err := Apply(context.Background(), f, testPlan(), ApplyOptions{Retry: quickRetry})
	if err != nil {
		t.Fatal(err)
	}
	if got := f.created["c1"]; got != "id-c1;" {
		t.Errorf("c1 created as %q, want once: the retry must find the first create", got)
	}
	if o := res.Outcomes[slices.IndexFunc(res.Outcomes, func(o Outcome) bool { return o.Key == "c1" })]; o.ID != "id-c1" || o.Attempts != 2 {
		t.Errorf("c1 outcome = %+v, want ID id-c1 after 2 tries", o)
	}
}

func TestApplyStopsAfterAPhaseFails(t *testing.T) {
	denied := &smithy.GenericAPIError{Code: "AccessDeniedException", Message: "no"}
	f := &fakeTarget{fail: func(ch Change, try int) error {
		if ch.Key == "c1" {
			return denied
		}
		return nil
	}}
	res, err := Apply(context.Background(), f, testPlan(), ApplyOptions{Retry: quickRetry})
	var ae *ApplyError
	if !errors.As(err, &ae) || !errors.Is(err, denied) {
		t.Fatalf("error = %v, want an ApplyError wrapping the denial", err)
	}
	if f.tries["c1"] != 1 {
		t.Errorf("a permanent error was tried %d times, want 1", f.tries["c1"])
	}
	if got := res.Count(StatusSkipped); got != 1 {
		t.Errorf("%d changes skipped, want the framework's create", got)
	}
}

func TestApplyStopsOnCancelAndReportsWhatWasDone(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	f := &fakeTarget{hook: func(ch Change) {
		if ch.Key == "c3" {
			cancel()
		}
	}}
	res, err := Apply(ctx, f, testPlan(), ApplyOptions{Concurrency: 1, Retry: quickRetry})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error = %v, want context.Canceled", err)
	}
	// The call in flight when the run was cancelled finishes.
	if done := res.Count(StatusDone); done != 2 {
		t.Errorf("%d changes done, want the two deletes", done)
	}
	if skipped := res.Count(StatusSkipped); skipped != 3 {
		t.Errorf("%d changes skipped, want 3", skipped)
	}
}

func TestClassify(t *testing.T) {
	status := func(code int) error {
		return &awshttp.ResponseError{ResponseError: &smithyhttp.ResponseError{Response: &smithyhttp.Response{Response: &http.Response{StatusCode: code}}, Err: errors.New("x")}}
	}
	tests := []struct {
		err  error
		want ErrorClass
	}{
		{&smithy.GenericAPIError{Code: "ThrottlingException"}, Throttled},
		{&smithy.OperationError{ServiceID: "AuditManager", OperationName: "CreateControl", Err: &smithy.GenericAPIError{Code: "TooManyRequestsException"}}, Throttled},
		{status(429), Throttled},
		{&smithy.GenericAPIError{Code: "InternalServerException"}, Transient},
		{status(500), Transient},
		{status(503), Transient},
		{&smithyhttp.RequestSendError{Err: syscall.ECONNRESET}, Transient},
		{fmt.Errorf("reading: %w", io.ErrUnexpectedEOF), Transient},
		// An answer whose body is cut by the network keeps its 200 status.
		{&awshttp.ResponseError{ResponseError: &smithyhttp.ResponseError{
			Response: &smithyhttp.Response{Response: &http.Response{StatusCode: 200}},
			Err:      &smithy.DeserializationError{Err: &net.OpError{Op: "read", Net: "tcp", Err: net.ErrClosed}}}}, Transient},
		{&smithy.GenericAPIError{Code: "AccessDeniedException"}, Permanent},
		{&smithy.GenericAPIError{Code: "ValidationException"}, Permanent},
		{status(400), Permanent},
		{context.Canceled, Permanent},
		{errors.New("something else"), Permanent},
	}
	for _, tt := range tests {
		if got := Classify(tt.err); got != tt.want {
			t.Errorf("Classify(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
}

func TestLimiterSlowsDownOnThrottlingAndRecovers(t *testing.T) {
	l := NewLimiter(20, 1)
	sent := time.Now()
	l.Throttled(sent)
	if got := l.Rate(); got != 10 {
		t.Fatalf("rate after a throttle = %v, want 10", got)
	}
	l.Throttled(sent) // sent before the slowdown: no second halving
	if got := l.Rate(); got != 10 {
		t.Errorf("rate after a second throttle at once = %v, want 10", got)
	}
	for range 10 {
		l.Succeeded()
	}
	if got := l.Rate(); got != 20 {
		t.Errorf("rate after 10 successes = %v, want back at 20", got)
	}
	for range 3 {
		l.Succeeded()
	}
	if got := l.Rate(); got != 20 {
		t.Errorf("rate = %v, want it to stay at its target", got)
	}
}

func TestLimiterPaces(t *testing.T) {
	l := NewLimiter(50, 1)
	start := time.Now()
	for range 11 {
		if err := l.Wait(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if got := time.Since(start); got < 180*time.Millisecond {
		t.Errorf("11 requests at 50 per second took %v, want about 200 ms", got)
	}
}

func TestPacedClientCountsAndSlowsDownOnThrottling(t *testing.T) {
	n := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n++
		if n == 2 {
			w.Header().Set("X-Amzn-ErrorType", "ThrottlingException:http://internal.amazon.com/")
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()
	calls := &Calls{}
	l := NewLimiter(1000, 1)
	c := &PacedClient{Base: srv.Client(), Limiter: l, Calls: calls, Operation: func(*http.Request) string { return "svc.Op" }}
	for range 3 {
		req, _ := http.NewRequest("GET", srv.URL, nil)
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	if calls.Total() != 3 || calls.ByOperation()["svc.Op"] != 3 || calls.Throttled() != 1 {
		t.Errorf("calls = %v total %d throttled %d, want 3 and 1", calls.ByOperation(), calls.Total(), calls.Throttled())
	}
	if got := l.Rate(); got >= 1000 || got < 500 {
		t.Errorf("rate = %v, want slowed to half and partly recovered", got)
	}
}

func TestWriteJSONKeepsTheDesignShape(t *testing.T) {
	p := &Plan{Target: "auditmanager", Framework: "hds-v2", Changes: []Change{
		{Action: Create, Kind: "control", Key: "C-1", Name: "Contrôle", Region: "eu-west-1", Reason: "not deployed"},
		{Action: Noop, Kind: "framework", Key: "hds-v2", Name: "HDS", Region: "eu-west-1", ID: "f-1"},
	}, Notes: []Note{{Key: "C-1", Message: "left out"}}}
	res := &Result{Outcomes: []Outcome{{Change: p.Changes[0], Status: StatusDone, ID: "c-1", Attempts: 1}}, Elapsed: time.Second}
	calls := &Calls{}
	calls.Add("auditmanager.CreateControl")
	var b bytes.Buffer
	if err := WriteJSON(&b, p, res, calls); err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"target", "changes", "summary", "apiCalls"} {
		if _, ok := got[key]; !ok {
			t.Errorf("JSON lacks %q:\n%s", key, b.String())
		}
	}
	ch := got["changes"].([]any)[0].(map[string]any)
	want := map[string]any{"action": "create", "kind": "control", "id": "C-1", "name": "Contrôle", "region": "eu-west-1",
		"awsId": "c-1", "reason": "not deployed", "status": "done"}
	if diff := cmp.Diff(want, ch); diff != "" {
		t.Errorf("first change (-want +got):\n%s", diff)
	}
	summary := got["summary"].(map[string]any)
	if summary["create"] != 1.0 || summary["noop"] != 1.0 || summary["update"] != 0.0 || summary["delete"] != 0.0 {
		t.Errorf("summary = %v", summary)
	}
	if calls := got["apiCalls"].(map[string]any); calls["total"] != 1.0 {
		t.Errorf("apiCalls = %v", calls)
	}
}

func TestProgressBarOnATerminalRedrawsOneLine(t *testing.T) {
	var b bytes.Buffer
	bar := NewProgressBar(&b, true, "apply")
	bar.Update(Progress{Total: 4, Done: 4, Last: Change{Action: Create, Kind: "control", Key: "C-1"}})
	bar.Finish()
	got := b.String()
	if !bytes.Contains(b.Bytes(), []byte("\r")) || !bytes.Contains(b.Bytes(), []byte("4/4")) || got[len(got)-1] != '\n' {
		t.Errorf("bar output %q, want a redrawn line with 4/4 ending in a newline", got)
	}

	var plain bytes.Buffer
	quiet := NewProgressBar(&plain, false, "apply")
	quiet.Update(Progress{Total: 4, Done: 1})
	quiet.Finish()
	if plain.Len() != 0 {
		t.Errorf("a short run off a terminal printed %q, want nothing", plain.String())
	}
}
