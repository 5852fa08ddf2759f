package sandbox

import (
	"maps"
	"sync"
)

// Stats counts the requests the sandbox answered, overall and per operation
// (named service.Operation, such as auditmanager.CreateControl).
type Stats struct {
	// Requests counts every request that reached an emulated service,
	// including those throttled or faulted.
	Requests int64 `json:"requests"`
	// Throttled counts requests answered with a throttling error.
	Throttled int64 `json:"throttled"`
	// Faulted counts requests answered with an injected fault.
	Faulted int64 `json:"faulted"`
	// Errors counts requests answered with any other error.
	Errors int64 `json:"errors"`
	// Operations holds the same counts per operation.
	Operations map[string]OperationStats `json:"operations"`
}

// OperationStats counts the requests of one operation.
type OperationStats struct {
	Requests  int64 `json:"requests"`
	Throttled int64 `json:"throttled"`
	Faulted   int64 `json:"faulted"`
	Errors    int64 `json:"errors"`
}

// outcome is how one request ended, for the counters.
type outcome int

const (
	outcomeOK outcome = iota
	outcomeThrottled
	outcomeFaulted
	outcomeError
)

type statsRecorder struct {
	mu sync.Mutex
	s  Stats
}

func (r *statsRecorder) record(op string, o outcome) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.s.Operations == nil {
		r.s.Operations = make(map[string]OperationStats)
	}
	per := r.s.Operations[op]
	r.s.Requests++
	per.Requests++
	switch o {
	case outcomeThrottled:
		r.s.Throttled++
		per.Throttled++
	case outcomeFaulted:
		r.s.Faulted++
		per.Faulted++
	case outcomeError:
		r.s.Errors++
		per.Errors++
	}
	r.s.Operations[op] = per
}

func (r *statsRecorder) snapshot() Stats {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.s
	s.Operations = maps.Clone(r.s.Operations)
	if s.Operations == nil {
		s.Operations = map[string]OperationStats{}
	}
	return s
}

func (r *statsRecorder) reset() {
	r.mu.Lock()
	r.s = Stats{}
	r.mu.Unlock()
}
