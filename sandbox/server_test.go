package sandbox

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/auditmanager"
	"github.com/aws/aws-sdk-go-v2/service/auditmanager/types"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
)

func TestUnsignedRequestsAreRejected(t *testing.T) {
	sb := startSandbox(t, Options{})
	resp, body := rawRequest(t, "GET", sb.URL+"/account/status", "", nil, "")
	if resp.StatusCode != http.StatusForbidden || resp.Header.Get("X-Amzn-ErrorType") != "MissingAuthenticationTokenException" {
		t.Errorf("unsigned Audit Manager request: %d %s %s", resp.StatusCode, resp.Header.Get("X-Amzn-ErrorType"), body)
	}
	resp, body = rawRequest(t, "POST", sb.URL+"/", "", map[string]string{"X-Amz-Target": "StarlingDoveService.DescribeConformancePacks"}, "{}")
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "MissingAuthenticationTokenException") {
		t.Errorf("unsigned Config request: %d %s", resp.StatusCode, body)
	}
	resp, body = rawRequest(t, "POST", sb.URL+"/", "", map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, "Action=GetCallerIdentity&Version=2011-06-15")
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "<Code>MissingAuthenticationToken</Code>") {
		t.Errorf("unsigned STS request: %d %s", resp.StatusCode, body)
	}
}

func TestUnknownServiceAndOperation(t *testing.T) {
	sb := startSandbox(t, Options{})
	resp, body := rawRequest(t, "GET", sb.URL+"/bucket", "s3", nil, "")
	if resp.StatusCode != http.StatusNotFound || !strings.Contains(body, "s3") {
		t.Errorf("an unemulated service: %d %s", resp.StatusCode, body)
	}
	resp, body = rawRequest(t, "GET", sb.URL+"/insights", "auditmanager", nil, "")
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "unknownOperation") {
		t.Errorf("an unemulated Audit Manager operation: %d %s", resp.StatusCode, body)
	}
	resp, body = rawRequest(t, "POST", sb.URL+"/", "config", map[string]string{"X-Amz-Target": "StarlingDoveService.PutConfigRule"}, "{}")
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "UnknownOperationException") {
		t.Errorf("an unemulated Config operation: %d %s", resp.StatusCode, body)
	}
}

func TestStatsAndDebugEndpoints(t *testing.T) {
	sb := startSandbox(t, Options{})
	am := sb.auditManager("eu-west-1")
	createControl(t, am, "one")
	createControl(t, am, "two")
	am.GetControl(ctx, &auditmanager.GetControlInput{ControlId: aws.String("not-a-uuid")}) // refused

	resp, body := rawRequest(t, "GET", sb.URL+"/_sandbox/stats", "", nil, "")
	var stats Stats
	if err := json.Unmarshal([]byte(body), &stats); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /_sandbox/stats: %d %s (%v)", resp.StatusCode, body, err)
	}
	if got := stats.Operations["auditmanager.CreateControl"].Requests; got != 2 {
		t.Errorf("CreateControl requests = %d, want 2", got)
	}
	if stats.Errors < 1 || stats.Requests < 3 {
		t.Errorf("stats = %+v, want at least 3 requests and 1 error", stats)
	}

	if resp, body := rawRequest(t, "POST", sb.URL+"/_sandbox/reset", "", nil, ""); resp.StatusCode != http.StatusOK {
		t.Fatalf("POST /_sandbox/reset: %d %s", resp.StatusCode, body)
	}
	if s := sb.Stats(); s.Requests != 0 {
		t.Errorf("after reset, %d requests counted", s.Requests)
	}
	out, err := am.ListControls(ctx, &auditmanager.ListControlsInput{ControlType: types.ControlTypeCustom})
	if err != nil || len(out.ControlMetadataList) != 0 {
		t.Errorf("after reset, ListControls = %v, %v; want no control", out, err)
	}
}

func TestLatencyIsAdded(t *testing.T) {
	sb := startSandbox(t, Options{Latency: 40 * time.Millisecond, Jitter: 10 * time.Millisecond})
	start := time.Now()
	if _, err := sb.auditManager("eu-west-1").GetAccountStatus(ctx, &auditmanager.GetAccountStatusInput{}); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 40*time.Millisecond {
		t.Errorf("the request took %v, want at least the 40ms of latency", d)
	}
}

// burst sends n GetAccountStatus requests at once and returns how many
// succeeded and how many were throttled.
func burst(t *testing.T, am *auditmanager.Client, n int) (ok, throttled int) {
	t.Helper()
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			_, err := am.GetAccountStatus(ctx, &auditmanager.GetAccountStatusInput{})
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				ok++
			case errorCode(err) == "ThrottlingException":
				throttled++
			default:
				t.Errorf("unexpected error: %v", err)
			}
		})
	}
	wg.Wait()
	return ok, throttled
}

func TestThrottlingAt20RequestsPerSecond(t *testing.T) {
	sb := startSandbox(t, Options{RPS: DefaultRPS})
	ok, throttled := burst(t, sb.auditManager("eu-west-1"), 100)
	if ok < 20 || ok > 30 || throttled != 100-ok {
		t.Errorf("a burst of 100 without retries: %d succeeded, %d throttled; want about 20 through", ok, throttled)
	}
	if s := sb.Stats(); s.Throttled != int64(throttled) {
		t.Errorf("stats count %d throttled, want %d", s.Throttled, throttled)
	}
}

func TestStandardRetryerGetsThroughThrottling(t *testing.T) {
	sb := startSandbox(t, Options{RPS: DefaultRPS})
	cfg := clientConfig(sb.URL, "eu-west-1", "AKIATEST")
	cfg.Retryer = standardRetryer(60)
	start := time.Now()
	ok, throttled := burst(t, auditmanager.NewFromConfig(cfg), 100)
	if ok != 100 || throttled != 0 {
		t.Errorf("with the standard retryer: %d succeeded, %d failed; want all 100 through", ok, throttled)
	}
	if d := time.Since(start); d < 3*time.Second {
		t.Errorf("100 requests got through in %v; at 20 per second after a burst of 20 they need 4s", d)
	}
}

func TestThrottlingIsPerAccount(t *testing.T) {
	sb := startSandbox(t, Options{RPS: 5, Accounts: []Account{{ID: "222222222222", AccessKeyIDs: []string{"AKIAMEMBER"}}}})
	ok, _ := burst(t, sb.auditManager("eu-west-1"), 10)
	member := auditmanager.NewFromConfig(clientConfig(sb.URL, "eu-west-1", "AKIAMEMBER"))
	okMember, _ := burst(t, member, 5)
	if ok != 5 || okMember != 5 {
		t.Errorf("got %d and %d through, want each account its own bucket of 5", ok, okMember)
	}
}

func TestFaultInjection(t *testing.T) {
	sb := startSandbox(t, Options{FaultRate: 1})
	am := sb.auditManager("eu-west-1")
	codes := map[string]bool{}
	for range 40 {
		_, err := am.GetAccountStatus(ctx, &auditmanager.GetAccountStatusInput{})
		if err == nil {
			t.Fatal("a request succeeded with a fault rate of 1")
		}
		code := errorCode(err)
		if code == "" {
			code = "connection"
		}
		codes[code] = true
	}
	for _, want := range []string{"InternalServerException", "ServiceUnavailable", "connection"} {
		if !codes[want] {
			t.Errorf("40 faults never gave %s; got %v", want, codes)
		}
	}
	// Go's HTTP client resends an idempotent request once when a reused
	// connection drops, so the sandbox may count more than 40.
	if s := sb.Stats(); s.Faulted < 40 {
		t.Errorf("stats count %d faults, want at least 40", s.Faulted)
	}
}

func TestRetriesGetThroughFaults(t *testing.T) {
	sb := startSandbox(t, Options{FaultRate: 0.2})
	cfg := clientConfig(sb.URL, "eu-west-1", "AKIATEST")
	cfg.Retryer = standardRetryer(20)
	am := auditmanager.NewFromConfig(cfg)
	for i := range 30 {
		if _, err := am.ListControls(ctx, &auditmanager.ListControlsInput{ControlType: types.ControlTypeStandard}); err != nil {
			t.Fatalf("request %d failed despite retries: %v", i, err)
		}
	}
	if sb.Stats().Faulted == 0 {
		t.Error("no fault was injected at a rate of 0.2")
	}
}

func TestOptionsAreChecked(t *testing.T) {
	for _, opts := range []Options{
		{AccountID: "12345"},
		{FaultRate: 2},
		{AccountStatus: "MAYBE"},
		{Accounts: []Account{{ID: DefaultAccountID}}},
	} {
		if _, err := New(opts); err == nil {
			t.Errorf("New(%+v) accepted invalid options", opts)
		}
	}
}

func TestStartServesOnLoopback(t *testing.T) {
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	url, err := s.Start()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Errorf("Start returned %s, want a loopback URL", url)
	}
	am := auditmanager.NewFromConfig(clientConfig(url, "eu-west-1", "AKIATEST"))
	if _, err := am.GetAccountStatus(ctx, &auditmanager.GetAccountStatusInput{}); err != nil {
		t.Errorf("GetAccountStatus through Start: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
}

func TestConfigHasItsOwnRateLimit(t *testing.T) {
	sb := startSandbox(t, Options{RPS: 1, ConfigRPS: 3, ConfigBurst: 3})
	cfg := sb.config("eu-west-1", "AKIATEST")
	var throttled int
	for range 6 {
		_, err := cfg.DescribeConformancePacks(ctx, &configservice.DescribeConformancePacksInput{})
		switch code := errorCode(err); {
		case err == nil:
		case code == "ThrottlingException":
			throttled++
		default:
			t.Fatalf("unexpected error: %v", err)
		}
	}
	if throttled < 2 || throttled > 3 {
		t.Errorf("6 quick Config calls at 3 per second: %d throttled, want about 3", throttled)
	}
	// Audit Manager's bucket is another one.
	if _, err := sb.auditManager("eu-west-1").GetAccountStatus(ctx, &auditmanager.GetAccountStatusInput{}); err != nil {
		t.Errorf("Audit Manager after Config was throttled: %v", err)
	}
}

func TestDebugEndpointsSetComplianceAndAccountStatus(t *testing.T) {
	sb := startSandbox(t, Options{})
	putPack(t, sb.config("eu-west-1", "AKIATEST"), "p", hdsPackTemplate)
	ev := `{"region":"eu-west-1","ruleName":"restricted-ssh","resourceType":"AWS::EC2::SecurityGroup","resourceId":"sg-1","compliance":"NON_COMPLIANT","annotation":"port 22 open"}`
	if resp, body := rawRequest(t, "POST", sb.URL+"/_sandbox/compliance", "", nil, ev); resp.StatusCode != http.StatusOK {
		t.Fatalf("POST /_sandbox/compliance: %d %s", resp.StatusCode, body)
	}
	out, err := sb.config("eu-west-1", "AKIATEST").GetConformancePackComplianceDetails(ctx, &configservice.GetConformancePackComplianceDetailsInput{ConformancePackName: aws.String("p")})
	if err != nil || len(out.ConformancePackRuleEvaluationResults) != 1 || *out.ConformancePackRuleEvaluationResults[0].Annotation != "port 22 open" {
		t.Errorf("the evaluation set over HTTP: %+v, %v", out, err)
	}
	if resp, body := rawRequest(t, "POST", sb.URL+"/_sandbox/account-status", "", nil, `{"account":"123456789012","status":"INACTIVE"}`); resp.StatusCode != http.StatusOK {
		t.Fatalf("POST /_sandbox/account-status: %d %s", resp.StatusCode, body)
	}
	status, err := sb.auditManager("eu-west-1").GetAccountStatus(ctx, &auditmanager.GetAccountStatusInput{})
	if err != nil || status.Status != types.AccountStatusInactive {
		t.Errorf("GetAccountStatus = %v, %v; want INACTIVE", status, err)
	}
	if resp, _ := rawRequest(t, "GET", sb.URL+"/_sandbox/nothing", "", nil, ""); resp.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown debug endpoint answered %d, want 404", resp.StatusCode)
	}
}
