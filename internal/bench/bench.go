// Package bench is the harness of hdsctl's benchmarks (BENCHMARKS.md at the
// root of the repository). It generates what the benchmarks deploy and
// assess, measures one run of a case against the sandbox, and reports the
// figures of every case with testing.B.ReportMetric, under the units that
// internal/bench/benchtable reads back to print the tables of BENCHMARKS.md
// and to check, in CI, that every case reported them.
//
// The benchmarks themselves live beside the code they measure
// (deploy/auditmanager, deploy/conformance, assess) and run only under
// go test -bench. With -short they run small cases, which CI uses to check
// that the harness works without asserting any time.
package bench

import (
	"cmp"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hdsctl/hdsctl/sandbox"
)

// RPS and Latency are the conditions every benchmark runs in: AWS Audit
// Manager's quota of 20 requests per second per account, and 30 ms added to
// every request, about a round trip from Paris to Dublin.
const (
	RPS     = sandbox.DefaultRPS
	Latency = 30 * time.Millisecond
)

// SandboxOptions returns the sandbox options of the benchmarks: Audit
// Manager throttled at RPS, AWS Config at its own default rate, Latency on
// every request, and fixed seeds so that runs compare.
func SandboxOptions() sandbox.Options {
	return sandbox.Options{RPS: RPS, Latency: Latency, Seed: 1}
}

// The units of the metrics the benchmarks report; benchtable reads them.
const (
	UnitWall      = "wall-s"       // seconds of the whole case, as a user waits for it
	UnitLimit     = "limit-s"      // the physical limit of the case, in seconds
	UnitRatio     = "x-limit"      // wall time over the physical limit
	UnitCalls     = "calls"        // requests the sandbox answered
	UnitReads     = "reads"        // of which Describe, Get and List calls
	UnitWrites    = "writes"       // of which the others
	UnitPages     = "pages"        // pages of results the reads had to list
	UnitThrottled = "throttled"    // requests the sandbox answered with a throttling error
	UnitRetries   = "retries"      // calls hdsctl tried again
	UnitPeakHeap  = "peak-heap-MB" // heap of the process above its level at the start
	UnitPeakLive  = "peak-live-MB" // heap found live by the garbage collector, above its level at the start
	UnitPeakRSS   = "peak-rss-MB"  // resident set size of the process
	UnitResources = "resources"
	UnitFindings  = "findings"
	callsSuffix   = "-calls" // per operation: CreateControl-calls
)

// Sample is what one run of a case measured.
type Sample struct {
	Wall time.Duration
	// Limit is the physical limit of the case: the least time the calls it
	// must make take at RPS.
	Limit time.Duration
	// Calls counts the requests the sandbox answered, by operation
	// (service.Operation).
	Calls     map[string]int64
	Throttled int64
	Retries   int
	// Pages is how many pages of results the case had to read, for the
	// re-apply target of one read per page plus three; 0 when it does not
	// apply.
	Pages int
}

// Between returns the requests the sandbox answered between two snapshots
// of its counters, by operation, and how many of them it throttled.
func Between(before, after sandbox.Stats) (calls map[string]int64, throttled int64) {
	calls = map[string]int64{}
	for op, a := range after.Operations {
		if n := a.Requests - before.Operations[op].Requests; n > 0 {
			calls[op] = n
		}
	}
	return calls, after.Throttled - before.Throttled
}

// Measure runs one case against srv and returns its wall time and the
// requests srv answered meanwhile.
func Measure(srv *sandbox.Server, run func() error) (Sample, error) {
	before := srv.Stats()
	start := time.Now()
	err := run()
	s := Sample{Wall: time.Since(start)}
	s.Calls, s.Throttled = Between(before, srv.Stats())
	return s, err
}

// LimitOf returns the time n requests take at RPS.
func LimitOf(n int) time.Duration { return LimitAt(n, RPS) }

// LimitAt returns the time n requests take at rps requests per second.
func LimitAt(n int, rps float64) time.Duration {
	return time.Duration(float64(n) / rps * float64(time.Second))
}

// Reads counts the calls of s that only read: Describe, Get, List, Batch
// and Select operations.
func (s Sample) Reads() int64 {
	var n int64
	for op, c := range s.Calls {
		if isRead(op) {
			n += c
		}
	}
	return n
}

// Total counts every call of s.
func (s Sample) Total() int64 {
	var n int64
	for _, c := range s.Calls {
		n += c
	}
	return n
}

func isRead(op string) bool {
	_, name, _ := strings.Cut(op, ".")
	for _, p := range []string{"Get", "List", "Describe", "BatchGet", "Select"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// Report reports the mean of the samples of a benchmark's iterations.
func Report(b *testing.B, samples []Sample) {
	b.Helper()
	if len(samples) == 0 {
		b.Fatal("bench: no sample to report")
	}
	n := float64(len(samples))
	var wall, limit time.Duration
	var throttled, reads, total int64
	var retries, pages int
	calls := map[string]int64{}
	for _, s := range samples {
		wall += s.Wall
		limit += s.Limit
		throttled += s.Throttled
		retries += s.Retries
		pages += s.Pages
		reads += s.Reads()
		total += s.Total()
		for op, c := range s.Calls {
			calls[op] += c
		}
	}
	b.ReportMetric(wall.Seconds()/n, UnitWall)
	if limit > 0 {
		b.ReportMetric(limit.Seconds()/n, UnitLimit)
		b.ReportMetric(wall.Seconds()/limit.Seconds(), UnitRatio)
	}
	b.ReportMetric(float64(total)/n, UnitCalls)
	b.ReportMetric(float64(reads)/n, UnitReads)
	b.ReportMetric(float64(total-reads)/n, UnitWrites)
	if pages > 0 {
		b.ReportMetric(float64(pages)/n, UnitPages)
	}
	b.ReportMetric(float64(throttled)/n, UnitThrottled)
	b.ReportMetric(float64(retries)/n, UnitRetries)
	for _, op := range slices.Sorted(maps.Keys(calls)) {
		_, name, _ := strings.Cut(op, ".")
		b.ReportMetric(float64(calls[op])/n, cmp.Or(name, op)+callsSuffix)
	}
}

// SamplesDir returns the folder of the Node.js sample's frameworks,
// ../shared/reference/aws-samples-frameworks beside the repository, and
// whether it is there.
func SamplesDir() (string, bool) {
	dir, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
	samples := filepath.Join(filepath.Dir(dir), "shared", "reference", "aws-samples-frameworks")
	if _, err := os.Stat(samples); err != nil {
		return samples, false
	}
	return samples, true
}
