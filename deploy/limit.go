package deploy

import (
	"context"
	"maps"
	"net/http"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// AuditManagerRPS is the pace hdsctl keeps on the AWS Audit Manager API:
// just below its quota of 20 requests per second per account, across the
// whole API, reads included (Audit Manager quotas,
// docs.aws.amazon.com/audit-manager/latest/userguide/service-quotas.html).
// Keeping one request per second of margin absorbs the jitter of network
// latency without ever meeting the quota.
const AuditManagerRPS = 19

// AuditManagerBurst is how many calls a run of hdsctl may send before the
// pace applies: the reads of a plan. AWS meters its request rate quotas
// with token buckets that hold about a second's worth of requests and fill
// while the account is idle, so these calls cost nothing when the account
// was idle before the run; a bucket they drained fills again in 0.15 s
// between runs, and by one request a second during a run at 19 per second.
// Without them, the plan's reads would add a fixed quarter of a second to
// every run, 10% of a deployment of 45 controls. Runs started back to back
// with no pause at all, a dozen in a row, could drain the bucket and meet a
// throttling answer, which the engine retries and the limiter heeds.
const AuditManagerBurst = 3

// Limiter paces the calls a process makes to one AWS API in one account.
// Create one per account and API, and share it between every client and
// Region that calls that API, so that their calls add up below the quota.
//
// It adapts: each throttling answer halves the pace (down to a floor), and
// each success brings it back up by a twentieth of the target, so that a
// quota lower than expected, or another client sharing it, is found and
// respected within a few calls. Its methods are safe for concurrent use.
type Limiter struct {
	target float64
	floor  float64
	lim    *rate.Limiter

	mu           sync.Mutex
	lastThrottle time.Time
}

// NewLimiter returns a limiter allowing rps requests per second, with bursts
// of up to burst requests (at least 1). A non-positive rps means no limit.
func NewLimiter(rps float64, burst int) *Limiter {
	if rps <= 0 {
		return &Limiter{lim: rate.NewLimiter(rate.Inf, 1)}
	}
	lim := rate.NewLimiter(rate.Limit(rps), max(1, burst))
	return &Limiter{target: rps, floor: max(0.5, rps/20), lim: lim}
}

// Wait blocks until a request may be sent, or ctx ends. It reserves no
// future turn: waiters check the bucket again at the pace in force, so that
// a slowdown or a recovery applies to the requests already waiting.
func (l *Limiter) Wait(ctx context.Context) error {
	for {
		if l.lim.Allow() {
			return nil
		}
		missing := 1 - l.lim.Tokens()
		d := time.Duration(missing / float64(l.lim.Limit()) * float64(time.Second))
		d = min(max(d, time.Millisecond), 50*time.Millisecond)
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

// Rate returns the current pace, in requests per second; 0 means no limit.
func (l *Limiter) Rate() float64 {
	if l.target == 0 {
		return 0
	}
	return float64(l.lim.Limit())
}

// Throttled slows the pace after a throttling answer to a request sent at
// sent. Answers to requests sent before the last slowdown do not slow it
// again: they tell of the pace already corrected.
func (l *Limiter) Throttled(sent time.Time) {
	if l.target == 0 {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if sent.Before(l.lastThrottle) {
		return
	}
	l.lastThrottle = time.Now()
	l.lim.SetLimit(rate.Limit(max(l.floor, float64(l.lim.Limit())/2)))
}

// Succeeded brings the pace back toward its target after a slowdown.
func (l *Limiter) Succeeded() {
	if l.target == 0 {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if cur := float64(l.lim.Limit()); cur < l.target {
		l.lim.SetLimit(rate.Limit(min(l.target, cur+l.target/20)))
	}
}

// Calls counts the requests sent to AWS, by operation. Its methods are safe
// for concurrent use; the zero value is ready.
type Calls struct {
	mu        sync.Mutex
	ops       map[string]int
	throttled int
}

// Add counts one request of operation op.
func (c *Calls) Add(op string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ops == nil {
		c.ops = map[string]int{}
	}
	c.ops[op]++
}

func (c *Calls) addThrottled() {
	c.mu.Lock()
	c.throttled++
	c.mu.Unlock()
}

// ByOperation returns the counts per operation.
func (c *Calls) ByOperation() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := maps.Clone(c.ops)
	if out == nil {
		out = map[string]int{}
	}
	return out
}

// Total returns the number of requests sent.
func (c *Calls) Total() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, v := range c.ops {
		n += v
	}
	return n
}

// Throttled returns how many requests AWS answered with a throttling error.
func (c *Calls) Throttled() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.throttled
}

// HTTPDoer sends HTTP requests. *http.Client and the AWS SDK's HTTP clients
// are HTTPDoers.
type HTTPDoer interface {
	Do(*http.Request) (*http.Response, error)
}

// PacedClient is the HTTP client an adapter gives its AWS SDK clients: every
// request, each retry included, waits for the limiter and is counted, and
// throttling answers slow the limiter down. It is the one place where
// hdsctl's calls to AWS are paced.
type PacedClient struct {
	Base    HTTPDoer
	Limiter *Limiter
	// Calls counts the requests; nil counts nothing.
	Calls *Calls
	// Operation names the operation a request calls, for Calls, such as
	// auditmanager.CreateControl.
	Operation func(*http.Request) string
}

// Do sends r once its turn has come.
func (c *PacedClient) Do(r *http.Request) (*http.Response, error) {
	if c.Limiter != nil {
		if err := c.Limiter.Wait(r.Context()); err != nil {
			return nil, err
		}
	}
	if c.Calls != nil {
		op := "unknown"
		if c.Operation != nil {
			op = c.Operation(r)
		}
		c.Calls.Add(op)
	}
	sent := time.Now()
	resp, err := c.Base.Do(r)
	switch {
	case err != nil || c.Limiter == nil:
	case throttlingAnswer(resp):
		c.Limiter.Throttled(sent)
		if c.Calls != nil {
			c.Calls.addThrottled()
		}
	case resp.StatusCode < 500:
		c.Limiter.Succeeded()
	}
	return resp, err
}

// throttlingAnswer recognises a throttling error by its HTTP status or the
// error type header of the AWS REST and JSON protocols.
func throttlingAnswer(resp *http.Response) bool {
	if resp.StatusCode == http.StatusTooManyRequests {
		return true
	}
	if resp.StatusCode < 400 {
		return false
	}
	code := resp.Header.Get("X-Amzn-ErrorType")
	code, _, _ = strings.Cut(code, ":")
	if i := strings.LastIndex(code, "#"); i >= 0 {
		code = code[i+1:]
	}
	return code != "" && isThrottlingCode(code)
}

func isThrottlingCode(code string) bool {
	for _, c := range throttlingCodes {
		if c == code {
			return true
		}
	}
	return false
}
