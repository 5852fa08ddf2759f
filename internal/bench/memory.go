package bench

import (
	"bufio"
	"bytes"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"testing"
	"time"
)

// The runtime metrics sampled: the bytes of heap objects, live or not yet
// swept, and the bytes the last garbage collection found live.
const (
	heapObjects = "/memory/classes/heap/objects:bytes"
	heapLive    = "/gc/heap/live:bytes"
)

// Memory watches the memory of the process while a case runs: the peak of
// the heap above what it held when the watch started, sampled every few
// milliseconds, and the peak resident set size (Linux only).
type Memory struct {
	base heapLevels
	stop chan struct{}
	done chan heapLevels
}

// heapLevels are the two measures of the heap.
type heapLevels struct{ objects, live uint64 }

func (h heapLevels) max(o heapLevels) heapLevels {
	return heapLevels{max(h.objects, o.objects), max(h.live, o.live)}
}

// WatchMemory collects the garbage, returns freed memory to the system,
// resets the peak resident set size and starts sampling the heap.
func WatchMemory() *Memory {
	runtime.GC()
	debug.FreeOSMemory()
	// Writing 5 to clear_refs resets the peak resident set size (VmHWM).
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
	m := &Memory{base: readHeap(), stop: make(chan struct{}), done: make(chan heapLevels)}
	go m.sample()
	return m
}

func (m *Memory) sample() {
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	peak := m.base
	for {
		peak = peak.max(readHeap())
		select {
		case <-m.stop:
			m.done <- peak.max(readHeap())
			return
		case <-tick.C:
		}
	}
}

// MemorySample is what a watch measured, in MB.
type MemorySample struct {
	// PeakHeap is the peak of the heap objects, garbage not yet swept
	// included, above their level at the start.
	PeakHeap float64
	// PeakLive is the peak of the heap found live by a garbage collection,
	// above its level at the start.
	PeakLive float64
	// PeakRSS is the peak resident set size of the process since the
	// start; 0 where the system does not tell.
	PeakRSS float64
}

// Stop ends the watch and returns what it measured.
func (m *Memory) Stop() MemorySample {
	close(m.stop)
	peak := <-m.done
	above := func(v, base uint64) float64 { return float64(v-min(v, base)) / 1e6 }
	return MemorySample{PeakHeap: above(peak.objects, m.base.objects), PeakLive: above(peak.live, m.base.live),
		PeakRSS: peakRSS() / 1e6}
}

// ReportMemory reports the largest of the peaks of a benchmark's
// iterations.
func ReportMemory(b *testing.B, samples []MemorySample) {
	b.Helper()
	var heap, live, rss float64
	for _, s := range samples {
		heap, live, rss = max(heap, s.PeakHeap), max(live, s.PeakLive), max(rss, s.PeakRSS)
	}
	b.ReportMetric(heap, UnitPeakHeap)
	b.ReportMetric(live, UnitPeakLive)
	if rss > 0 {
		b.ReportMetric(rss, UnitPeakRSS)
	}
}

func readHeap() heapLevels {
	s := []metrics.Sample{{Name: heapObjects}, {Name: heapLive}}
	metrics.Read(s)
	value := func(s metrics.Sample) uint64 {
		if s.Value.Kind() != metrics.KindUint64 {
			return 0
		}
		return s.Value.Uint64()
	}
	return heapLevels{value(s[0]), value(s[1])}
}

// peakRSS returns VmHWM of /proc/self/status in bytes, or 0.
func peakRSS() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		rest, ok := bytes.CutPrefix(sc.Bytes(), []byte("VmHWM:"))
		if !ok {
			continue
		}
		fields := bytes.Fields(rest)
		if len(fields) == 0 {
			return 0
		}
		kb, err := strconv.ParseFloat(string(fields[0]), 64)
		if err != nil {
			return 0
		}
		return kb * 1024
	}
	return 0
}
