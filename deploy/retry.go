package deploy

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"slices"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/hdsctl/hdsctl/framework"
)

// RetryPolicy says how the engine retries calls that failed for a reason
// that may pass: throttling, server errors, dropped connections. The zero
// value is the default policy.
type RetryPolicy struct {
	// MaxAttempts bounds the tries of one call, the first included; 0 means
	// 10.
	MaxAttempts int
	// BaseDelay is the ceiling of the first pause; it doubles at each retry
	// up to MaxDelay. Each pause is drawn at random below its ceiling (full
	// jitter), so that concurrent calls do not retry in step. 0 means 200 ms
	// and 10 s.
	BaseDelay time.Duration
	MaxDelay  time.Duration
}

func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = 10
	}
	if p.BaseDelay <= 0 {
		p.BaseDelay = 200 * time.Millisecond
	}
	if p.MaxDelay <= 0 {
		p.MaxDelay = 10 * time.Second
	}
	return p
}

// delay returns the pause before try number attempt+1.
func (p RetryPolicy) delay(attempt int) time.Duration {
	ceiling := p.MaxDelay
	if attempt < 30 {
		ceiling = min(p.MaxDelay, p.BaseDelay<<(attempt-1))
	}
	return time.Duration(rand.Int64N(int64(ceiling)) + 1)
}

// ErrorClass says what the engine does about a failed call.
type ErrorClass int

// The classes of errors.
const (
	// Permanent: retrying will not help (access denied, invalid request,
	// cancelled).
	Permanent ErrorClass = iota
	// Throttled: AWS refused the call for its rate and did not carry it out.
	Throttled
	// Transient: a server error or a dropped connection. AWS may or may not
	// have carried the call out.
	Transient
)

// String names the class: permanent, throttled or transient.
func (c ErrorClass) String() string {
	switch c {
	case Throttled:
		return "throttled"
	case Transient:
		return "transient"
	}
	return "permanent"
}

// throttlingCodes are the error codes AWS services use for throttling, as
// the AWS SDKs list them.
var throttlingCodes = []string{
	"Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
	"TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
	"RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled",
	"SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
}

// transientCodes are error codes of server-side failures worth retrying.
var transientCodes = []string{
	"InternalServerException", "InternalFailure", "InternalError", "InternalServerError",
	"ServiceUnavailable", "ServiceUnavailableException", "RequestTimeout", "RequestTimeoutException",
}

// Classify tells how the engine treats an error returned by a target. It
// recognises the errors of the AWS SDK for Go by their methods (ErrorCode,
// HTTPStatusCode, ConnectionError), without depending on the SDK, and
// network errors from the standard library.
func Classify(err error) ErrorClass {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return Permanent
	}
	var coded interface{ ErrorCode() string }
	if errors.As(err, &coded) {
		switch code := coded.ErrorCode(); {
		case slices.Contains(throttlingCodes, code):
			return Throttled
		case slices.Contains(transientCodes, code):
			return Transient
		}
	}
	// A connection that fails while the answer is read comes back with the
	// answer's status, 200 included: the network decides before the status.
	if connectionFailed(err) {
		return Transient
	}
	var status interface{ HTTPStatusCode() int }
	if errors.As(err, &status) {
		switch code := status.HTTPStatusCode(); {
		case code == 429:
			return Throttled
		case code >= 500:
			return Transient
		case code > 0:
			return Permanent
		}
	}
	return Permanent
}

// connectionFailed reports whether err comes from the network rather than
// from AWS's answer: a dropped or reset connection, a truncated body.
func connectionFailed(err error) bool {
	var conn interface{ ConnectionError() bool }
	if errors.As(err, &conn) && conn.ConnectionError() {
		return true
	}
	var netErr net.Error
	if errors.As(err, &netErr) {
		return true
	}
	for _, target := range []error{io.EOF, io.ErrUnexpectedEOF, syscall.ECONNRESET, syscall.ECONNREFUSED, syscall.EPIPE, net.ErrClosed} {
		if errors.Is(err, target) {
			return true
		}
	}
	return false
}

// retrying wraps a Target so that every call is retried as its policy says.
// It is the only place where the engine retries.
type retrying struct {
	Target
	policy  RetryPolicy
	log     *slog.Logger
	retries atomic.Int64
}

func withRetry(t Target, p RetryPolicy, log *slog.Logger) *retrying {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &retrying{Target: t, policy: p.withDefaults(), log: log}
}

// Preflight runs the target's checks, retrying transient failures.
func (r *retrying) Preflight(ctx context.Context) error {
	_, err := r.do(ctx, "preflight", func() error { return r.Target.Preflight(ctx) })
	return err
}

// Current reads what hdsctl owns, starting over after a transient failure.
func (r *retrying) Current(ctx context.Context, fw *framework.Framework) ([]Existing, error) {
	var out []Existing
	_, err := r.do(ctx, "reading what hdsctl owns", func() error {
		var err error
		out, err = r.Target.Current(ctx, fw)
		return err
	})
	return out, err
}

// CurrentAll is Current looking everywhere, for targets that can.
func (r *retrying) CurrentAll(ctx context.Context, fw *framework.Framework) ([]Existing, error) {
	deep, ok := r.Target.(DeepScanner)
	if !ok {
		return r.Current(ctx, fw)
	}
	var out []Existing
	_, err := r.do(ctx, "reading what hdsctl owns", func() error {
		var err error
		out, err = deep.CurrentAll(ctx, fw)
		return err
	})
	return out, err
}

// Apply carries out one change, retrying as applyChange does.
func (r *retrying) Apply(ctx context.Context, ch Change, ids IDs) (string, error) {
	id, _, err := r.applyChange(ctx, ch, ids)
	return id, err
}

// applyChange carries out one change and returns the object's ID and the
// number of tries. Before trying a create again after a transient failure,
// it asks a Finder target whether the first try took effect.
func (r *retrying) applyChange(ctx context.Context, ch Change, ids IDs) (string, int, error) {
	finder, canFind := r.Target.(Finder)
	var id string
	maybeDone := false
	what := fmt.Sprintf("%s %s %s", ch.Action, ch.Kind, ch.Key)
	attempts, err := r.do(ctx, what, func() error {
		if maybeDone && canFind {
			found, ok, err := finder.Find(ctx, ch)
			if err != nil {
				return err
			}
			if ok {
				r.log.Debug("create had taken effect", "kind", ch.Kind, "key", ch.Key, "id", found)
				id = found
				return nil
			}
			maybeDone = false
		}
		var err error
		id, err = r.Target.Apply(ctx, ch, ids)
		if err != nil && ch.Action == Create && Classify(err) == Transient {
			maybeDone = true
		}
		return err
	})
	if err != nil {
		return "", attempts, err
	}
	return id, attempts, nil
}

// do calls call until it succeeds, fails for good, runs out of attempts or
// the run is interrupted, pausing between tries. It returns the number of
// tries.
func (r *retrying) do(ctx context.Context, what string, call func() error) (int, error) {
	for attempt := 1; ; attempt++ {
		err := call()
		if err == nil {
			return attempt, nil
		}
		class := Classify(err)
		if class == Permanent || interrupted(ctx) != nil {
			return attempt, err
		}
		if attempt >= r.policy.MaxAttempts {
			return attempt, fmt.Errorf("giving up after %d tries: %w", attempt, err)
		}
		pause := r.policy.delay(attempt)
		r.retries.Add(1)
		r.log.Debug("retrying", "what", what, "class", class, "attempt", attempt,
			"pause", pause, "err", err)
		t := time.NewTimer(pause)
		select {
		case <-t.C:
		case <-stopping(ctx):
			t.Stop()
			return attempt, err
		}
	}
}
