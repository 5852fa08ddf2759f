package conformance

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/configservice/types"

	"github.com/hdsctl/hdsctl/internal/awserr"
)

// permanentError ends a wait: the work AWS Config was doing failed.
type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

func permanent(err error) error { return &permanentError{err} }

// throttled reports whether err is AWS throttling a call, which a wait
// rides out by reading again later.
func throttled(err error) bool {
	return awserr.HasCode(err, "ThrottlingException", "Throttling", "TooManyRequestsException", "RequestLimitExceeded")
}

// poll calls check until it reports done, a permanent error or another
// error than throttling, waiting Options.PollInterval between the first
// calls and doubling the wait up to eight times as much, for at most
// Options.WaitTimeout.
func (t *Target) poll(ctx context.Context, what string, check func() (bool, error)) error {
	deadline := time.Now().Add(t.opts.WaitTimeout)
	wait := t.opts.PollInterval
	for {
		done, err := check()
		var perm *permanentError
		switch {
		case errors.As(err, &perm):
			return perm.err
		case err != nil && !throttled(err):
			return fmt.Errorf("waiting for %s: %w", what, err)
		case done:
			return nil
		case time.Now().Add(wait).After(deadline):
			return fmt.Errorf("waited %s for %s; it is still in progress, run the command again later", t.opts.WaitTimeout, what)
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return fmt.Errorf("waiting for %s: %w", what, ctx.Err())
		case <-timer.C:
		}
		wait = min(2*wait, 8*t.opts.PollInterval)
	}
}

// retryInUse calls do; while AWS Config answers ResourceInUseException
// (work on the pack is in progress), it waits with settle and calls do
// again, a few times at most.
func (t *Target) retryInUse(ctx context.Context, do, settle func() error) error {
	const attempts = 4
	for i := 1; ; i++ {
		err := do()
		var inUse *types.ResourceInUseException
		if !errors.As(err, &inUse) || i == attempts {
			return err
		}
		t.log.Debug("config target: work in progress; waiting", "err", err)
		if err := settle(); err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
}
