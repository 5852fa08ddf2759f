package deploy

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/hdsctl/hdsctl/framework"
)

// DefaultConcurrency is how many changes of one phase Apply carries out at
// once. The rate limiter, not this bound, sets the pace; it only needs to
// cover the latency of one call at the target rate.
const DefaultConcurrency = 8

// DefaultGrace is how long calls in flight when an apply is interrupted may
// still run, so that their outcome is known and reported.
const DefaultGrace = 10 * time.Second

// MakePlan computes the changes that converge AWS to fw on target t: the
// preflight checks (Target.Preflight), the resources the framework wants
// (Target.Desired), the objects hdsctl owns (Target.Current), and their
// difference, with the target's notes on what it leaves out. It only reads.
// Throttling and transient errors are retried.
func MakePlan(ctx context.Context, t Target, fw *framework.Framework) (*Plan, error) {
	rt := withRetry(t, RetryPolicy{}, nil)
	if err := rt.Preflight(ctx); err != nil {
		return nil, err
	}
	desired, notes, err := t.Desired(fw)
	if err != nil {
		return nil, fmt.Errorf("%s: preparing %s: %w", t.Name(), fw.ID, err)
	}
	current, err := rt.Current(ctx, fw)
	if err != nil {
		return nil, err
	}
	p := &Plan{Target: t.Name(), Framework: fw.ID, Changes: Diff(desired, current), Notes: notes}
	return p, nil
}

// DestroyPlan computes the changes that remove every object hdsctl owns for
// fw on target t, and nothing else. Targets that implement DeepScanner are
// asked to look everywhere, so that objects left out of the framework by an
// interrupted run go too.
func DestroyPlan(ctx context.Context, t Target, fw *framework.Framework) (*Plan, error) {
	rt := withRetry(t, RetryPolicy{}, nil)
	if err := rt.Preflight(ctx); err != nil {
		return nil, err
	}
	current, err := rt.CurrentAll(ctx, fw)
	if err != nil {
		return nil, err
	}
	return &Plan{Target: t.Name(), Framework: fw.ID, Changes: Diff(nil, current)}, nil
}

// ApplyOptions tunes Apply. The zero value is usable.
type ApplyOptions struct {
	// Concurrency bounds the changes carried out at once within a phase; 0
	// means DefaultConcurrency.
	Concurrency int
	// Retry says how throttled and failed calls are retried.
	Retry RetryPolicy
	// Progress, when set, is called after every change, one call at a time.
	Progress func(Progress)
	// Grace bounds how long calls in flight may still run once ctx is
	// cancelled; 0 means DefaultGrace.
	Grace time.Duration
	// Logger receives a debug line for every change and retry; nil discards.
	Logger *slog.Logger
}

// Progress is where an Apply stands.
type Progress struct {
	// Total counts the changes to carry out (no-ops excluded).
	Total  int
	Done   int
	Failed int
	// Retries counts the calls tried again after throttling or an error.
	Retries int
	// Last is the change that just ended.
	Last Change
}

// Status is what became of one change.
type Status string

// The statuses of a change after Apply.
const (
	StatusDone    Status = "done"
	StatusFailed  Status = "failed"
	StatusSkipped Status = "skipped" // not started: interrupted, or an earlier phase failed
)

// Outcome is what became of one change of a plan.
type Outcome struct {
	Change
	Status Status
	// ID is the object's AWS identifier after the change; a create sets it.
	ID string
	// Err says why the change failed.
	Err error
	// Attempts counts the tries, retries included.
	Attempts int
}

// Result reports what Apply did.
type Result struct {
	// Outcomes has one entry per change that was not a no-op, in plan order.
	Outcomes []Outcome
	Elapsed  time.Duration
	// Retries counts the calls tried again.
	Retries int
}

// Count returns how many changes ended with status s.
func (r Result) Count(s Status) int {
	n := 0
	for _, o := range r.Outcomes {
		if o.Status == s {
			n++
		}
	}
	return n
}

// Summary counts the changes carried out, by action.
func (r Result) Summary() Summary {
	var s Summary
	for _, o := range r.Outcomes {
		if o.Status != StatusDone {
			continue
		}
		switch o.Action {
		case Create:
			s.Create++
		case Update:
			s.Update++
		case Delete:
			s.Delete++
		}
	}
	return s
}

// ApplyError reports the changes an Apply could not carry out.
type ApplyError struct {
	Failed []Outcome
}

// Error describes the first failure and counts the others.
func (e *ApplyError) Error() string {
	first := e.Failed[0]
	msg := fmt.Sprintf("%s %s %s: %v", first.Action, first.Kind, first.Key, first.Err)
	if len(e.Failed) == 1 {
		return msg
	}
	return fmt.Sprintf("%d changes failed; the first: %s", len(e.Failed), msg)
}

// Unwrap returns the errors of the failed changes.
func (e *ApplyError) Unwrap() []error {
	errs := make([]error, len(e.Failed))
	for i, o := range e.Failed {
		errs[i] = o.Err
	}
	return errs
}

// Apply carries out a plan on target t: deletes first, by descending phase
// (the framework before its controls), then creates and updates by
// ascending phase (controls before the framework that lists them). Within a
// phase it runs up to opts.Concurrency changes at once; the target's rate
// limiter paces the calls. Throttled and transient failures are retried
// with jittered exponential backoff; a create that may have taken effect is
// looked up before it is tried again (see Finder).
//
// When a phase has a failed change, later phases are skipped. When ctx is
// cancelled, no change starts any more, calls in flight get opts.Grace to
// finish, and Apply returns what was done with an error wrapping ctx.Err().
// Any plan computed afresh afterwards converges.
func Apply(ctx context.Context, t Target, p *Plan, opts ApplyOptions) (Result, error) {
	if opts.Concurrency <= 0 {
		opts.Concurrency = DefaultConcurrency
	}
	if opts.Grace <= 0 {
		opts.Grace = DefaultGrace
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	start := time.Now()
	x := &executor{
		t:    withRetry(t, opts.Retry, opts.Logger),
		ids:  newRegistry(p.Changes),
		opts: opts,
	}
	for _, ch := range p.Changes {
		if ch.Action != Noop {
			x.outcomes = append(x.outcomes, Outcome{Change: ch, Status: StatusSkipped})
		}
	}
	x.progress.Total = len(x.outcomes)

	for _, group := range schedule(x.outcomes) {
		if ctx.Err() != nil || x.progress.Failed > 0 {
			break
		}
		x.runGroup(ctx, group)
	}

	res := Result{Outcomes: x.outcomes, Elapsed: time.Since(start), Retries: int(x.t.retries.Load())}
	if err := ctx.Err(); err != nil {
		done, total := res.Count(StatusDone), len(res.Outcomes)
		return res, fmt.Errorf("apply interrupted after %d of %d changes: %w", done, total, err)
	}
	var failed []Outcome
	for _, o := range res.Outcomes {
		if o.Status == StatusFailed {
			failed = append(failed, o)
		}
	}
	if len(failed) > 0 {
		return res, &ApplyError{Failed: failed}
	}
	return res, nil
}

// schedule groups the indices of outcomes into the order Apply runs them:
// deletes by descending phase, then creates and updates by ascending phase.
func schedule(outcomes []Outcome) [][]int {
	type step struct {
		delete bool
		phase  int
	}
	groups := map[step][]int{}
	for i, o := range outcomes {
		s := step{o.Action == Delete, o.Phase}
		groups[s] = append(groups[s], i)
	}
	steps := make([]step, 0, len(groups))
	for s := range groups {
		steps = append(steps, s)
	}
	slices.SortFunc(steps, func(a, b step) int {
		switch {
		case a.delete && !b.delete:
			return -1
		case !a.delete && b.delete:
			return 1
		case a.delete:
			return b.phase - a.phase
		}
		return a.phase - b.phase
	})
	out := make([][]int, len(steps))
	for i, s := range steps {
		out[i] = groups[s]
	}
	return out
}

// executor runs the changes of one Apply.
type executor struct {
	t    *retrying
	ids  *registry
	opts ApplyOptions

	mu       sync.Mutex // guards outcomes and progress
	outcomes []Outcome
	progress Progress
}

// runGroup carries out one phase's changes, opts.Concurrency at a time.
func (x *executor) runGroup(ctx context.Context, group []int) {
	sem := make(chan struct{}, x.opts.Concurrency)
	var wg sync.WaitGroup
	for _, i := range group {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			x.runOne(ctx, i)
		}()
	}
	wg.Wait()
}

func (x *executor) runOne(ctx context.Context, i int) {
	x.mu.Lock()
	ch := x.outcomes[i].Change
	x.mu.Unlock()

	callCtx, cancel := withGrace(ctx, x.opts.Grace)
	id, attempts, err := x.t.applyChange(callCtx, ch, x.ids)
	cancel()

	x.mu.Lock()
	defer x.mu.Unlock()
	o := &x.outcomes[i]
	o.Attempts = attempts
	if err != nil {
		o.Status, o.Err = StatusFailed, err
		x.progress.Failed++
		x.opts.Logger.Debug("change failed", "change", ch.Action, "kind", ch.Kind, "key", ch.Key, "err", err)
	} else {
		o.Status, o.ID = StatusDone, id
		if ch.Action != Delete {
			x.ids.set(ch.Kind, ch.Region, ch.Key, id)
		}
		x.progress.Done++
		x.opts.Logger.Debug("change done", "change", ch.Action, "kind", ch.Kind, "key", ch.Key,
			"id", id, "attempts", attempts)
	}
	x.progress.Retries = int(x.t.retries.Load())
	x.progress.Last = ch
	if x.opts.Progress != nil {
		x.opts.Progress(x.progress)
	}
}

// parentKey holds, in a call's context, the context of the whole run.
type parentKey struct{}

// withGrace returns a context for one call that outlives the cancellation
// of parent by grace, so that a call in flight can finish and its outcome
// be known. interrupted tells the call's retry loop that the run stops.
func withGrace(parent context.Context, grace time.Duration) (context.Context, context.CancelFunc) {
	detached := context.WithValue(context.WithoutCancel(parent), parentKey{}, parent)
	ctx, cancel := context.WithCancel(detached)
	var timer *time.Timer
	var mu sync.Mutex
	stop := context.AfterFunc(parent, func() {
		mu.Lock()
		timer = time.AfterFunc(grace, cancel)
		mu.Unlock()
	})
	return ctx, func() {
		stop()
		mu.Lock()
		if timer != nil {
			timer.Stop()
		}
		mu.Unlock()
		cancel()
	}
}

// interrupted returns the error of the run a call belongs to, once that run
// is cancelled, or the call's own context error.
func interrupted(ctx context.Context) error {
	if p, ok := ctx.Value(parentKey{}).(context.Context); ok && p.Err() != nil {
		return p.Err()
	}
	return ctx.Err()
}

// stopping returns a channel closed when the run a call belongs to stops.
func stopping(ctx context.Context) <-chan struct{} {
	if p, ok := ctx.Value(parentKey{}).(context.Context); ok {
		return p.Done()
	}
	return ctx.Done()
}

// registry is the IDs of one Apply: the objects found by the plan, then
// those created.
type registry struct {
	mu  sync.Mutex
	ids map[[3]string]string
}

func newRegistry(changes []Change) *registry {
	r := &registry{ids: map[[3]string]string{}}
	for _, ch := range changes {
		if (ch.Action == Noop || ch.Action == Update) && ch.ID != "" {
			r.ids[[3]string{string(ch.Kind), ch.Region, ch.Key}] = ch.ID
		}
	}
	return r
}

// Lookup returns the AWS identifier of the object of that kind, Region and
// key, found by the plan or created by this Apply.
func (r *registry) Lookup(kind Kind, region, key string) (string, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	id, ok := r.ids[[3]string{string(kind), region, key}]
	return id, ok
}

func (r *registry) set(kind Kind, region, key, id string) {
	if id == "" {
		return
	}
	r.mu.Lock()
	r.ids[[3]string{string(kind), region, key}] = id
	r.mu.Unlock()
}

// errNoID is returned by IDs users when an object they refer to is missing.
var errNoID = errors.New("no AWS identifier")

// MissingID returns the error a target returns when an object it refers to
// was neither found nor created, such as a control whose create failed.
func MissingID(kind Kind, key string) error {
	return fmt.Errorf("%s %s was not deployed: %w", kind, key, errNoID)
}
