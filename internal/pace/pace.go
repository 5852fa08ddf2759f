// Package pace keeps hdsctl's calls to an AWS API under the API's request
// rate quota, so that a large assessment is slowed down rather than
// throttled. A Limiter is a token bucket per key (an account, Region and
// API); APIOption makes an SDK client wait for it before each call.
package pace

import (
	"context"
	"sync"

	"github.com/aws/smithy-go/middleware"
	"golang.org/x/time/rate"
)

// Limits holds one token bucket per key, created on first use with the same
// rate. Its methods are safe for concurrent use.
type Limits struct {
	rps   float64
	burst int

	mu      sync.Mutex
	buckets map[string]*rate.Limiter
}

// New returns limits of rps requests per second with bursts of burst, for
// each key.
func New(rps float64, burst int) *Limits {
	return &Limits{rps: rps, burst: max(1, burst), buckets: map[string]*rate.Limiter{}}
}

// Wait blocks until a request under key may be made, or ctx ends.
func (l *Limits) Wait(ctx context.Context, key string) error {
	if l == nil {
		return nil
	}
	l.mu.Lock()
	b, ok := l.buckets[key]
	if !ok {
		b = rate.NewLimiter(rate.Limit(l.rps), l.burst)
		l.buckets[key] = b
	}
	l.mu.Unlock()
	return b.Wait(ctx)
}

// APIOption returns an SDK client API option that waits for the bucket of
// key before each call (its retries are paced by the SDK's backoff).
func (l *Limits) APIOption(key string) func(*middleware.Stack) error {
	wait := middleware.InitializeMiddlewareFunc("hdsctlPace",
		func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (
			middleware.InitializeOutput, middleware.Metadata, error) {
			if err := l.Wait(ctx, key); err != nil {
				return middleware.InitializeOutput{}, middleware.Metadata{}, err
			}
			return next.HandleInitialize(ctx, in)
		})
	return func(stack *middleware.Stack) error {
		return stack.Initialize.Add(wait, middleware.Before)
	}
}
