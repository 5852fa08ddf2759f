package serviceapi

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/hdsctl/hdsctl/internal/sdkhttp"
)

// stsServer answers GetCallerIdentity slowly and records how many calls it
// served at once, at most.
func stsServer(t *testing.T, peak *atomic.Int32) *httptest.Server {
	var inFlight atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		time.Sleep(30 * time.Millisecond)
		w.Header().Set("Content-Type", "text/xml")
		w.Write([]byte(`<GetCallerIdentityResponse><GetCallerIdentityResult>` +
			`<Account>123456789012</Account>` +
			`<Arn>arn:aws:iam::123456789012:root</Arn><UserId>x</UserId></GetCallerIdentityResult>` +
			`</GetCallerIdentityResponse>`))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestCallsToAServiceAreBounded(t *testing.T) {
	var peak atomic.Int32
	srv := stsServer(t, &peak)
	cfg := aws.Config{
		Region:           "eu-west-3",
		Credentials:      credentials.NewStaticCredentialsProvider("k", "s", ""),
		BaseEndpoint:     aws.String(srv.URL),
		RetryMaxAttempts: 1,
		HTTPClient:       sdkhttp.Client(nil),
	}
	limits := newLimiter(2)
	var wg sync.WaitGroup
	for _, region := range []string{"eu-west-3", "eu-west-1", "eu-central-1"} {
		client := sts.NewFromConfig(cfg, func(o *sts.Options) {
			o.Region = region
			o.APIOptions = append(o.APIOptions, limits.apiOption("sts"))
		})
		for range 4 {
			wg.Go(func() {
				if _, err := client.GetCallerIdentity(t.Context(), &sts.GetCallerIdentityInput{}); err != nil {
					t.Errorf("GetCallerIdentity: %v", err)
				}
			})
		}
	}
	wg.Wait()
	if got := peak.Load(); got != 2 {
		t.Errorf("at most %d calls were in flight at once, want exactly the limit, 2", got)
	}
}

func TestRunTasksRunsEveryTaskOnTheWorkers(t *testing.T) {
	var done, inFlight, peak atomic.Int32
	var tasks []func(ctx context.Context)
	for range 20 {
		tasks = append(tasks, func(context.Context) {
			n := inFlight.Add(1)
			for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
			}
			time.Sleep(5 * time.Millisecond)
			inFlight.Add(-1)
			done.Add(1)
		})
	}
	runTasks(t.Context(), 3, tasks)
	if done.Load() != 20 || peak.Load() > 3 {
		t.Errorf("ran %d of 20 tasks with up to %d at once, want all with at most 3",
			done.Load(), peak.Load())
	}
}
