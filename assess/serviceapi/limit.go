package serviceapi

import (
	"context"
	"sync"

	"github.com/aws/smithy-go/middleware"
)

// limiter bounds the calls in flight to each service, across all the
// clients of one collection, whatever their Region.
type limiter struct {
	size int

	mu    sync.Mutex
	slots map[string]chan struct{}
}

func newLimiter(size int) *limiter {
	return &limiter{size: size, slots: map[string]chan struct{}{}}
}

// slotsOf returns the slots of service.
func (l *limiter) slotsOf(service string) chan struct{} {
	l.mu.Lock()
	defer l.mu.Unlock()
	s, ok := l.slots[service]
	if !ok {
		s = make(chan struct{}, l.size)
		l.slots[service] = s
	}
	return s
}

// apiOption returns a client API option that holds one of service's slots
// for the whole of each call, retries included.
func (l *limiter) apiOption(service string) func(*middleware.Stack) error {
	slots := l.slotsOf(service)
	limit := middleware.InitializeMiddlewareFunc("hdsctlServiceLimit",
		func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (
			middleware.InitializeOutput, middleware.Metadata, error) {
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return middleware.InitializeOutput{}, middleware.Metadata{}, ctx.Err()
			}
			defer func() { <-slots }()
			return next.HandleInitialize(ctx, in)
		})
	return func(stack *middleware.Stack) error {
		return stack.Initialize.Add(limit, middleware.Before)
	}
}

// runTasks runs tasks on a pool of workers and returns when all are done or
// ctx ends.
func runTasks(ctx context.Context, workers int, tasks []func(context.Context)) {
	queue := make(chan func(context.Context))
	var wg sync.WaitGroup
	for range min(workers, len(tasks)) {
		wg.Go(func() {
			for task := range queue {
				task(ctx)
			}
		})
	}
feed:
	for _, task := range tasks {
		select {
		case queue <- task:
		case <-ctx.Done():
			break feed
		}
	}
	close(queue)
	wg.Wait()
}

// forEach calls fn for 0 to n-1, with at most width calls at once, and
// returns when all are done.
func forEach(width, n int, fn func(i int)) {
	slots := make(chan struct{}, width)
	var wg sync.WaitGroup
	for i := range n {
		slots <- struct{}{}
		wg.Go(func() {
			defer func() { <-slots }()
			fn(i)
		})
	}
	wg.Wait()
}
