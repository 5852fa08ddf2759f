// Command benchtable reads the output of hdsctl's benchmarks (go test
// -bench) and prints, as Markdown, the table of every case next to its
// target, the table BENCHMARKS.md holds. With -check it prints nothing but
// problems, and exits with status 1 when a benchmark did not report the
// metrics of its kind or a kind of benchmark named by -require is missing:
// CI runs the benchmarks once at a small size and checks the harness that
// way, without asserting any time.
//
//	go test -run '^$' -bench . -benchtime 1x ./deploy/... ./assess | tee bench.txt
//	go run ./internal/bench/benchtable < bench.txt
package main

import (
	"bufio"
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/hdsctl/hdsctl/internal/bench"
)

// result is one benchmark line: its name without the Benchmark prefix and
// the GOMAXPROCS suffix, and its metrics by unit.
type result struct {
	name    string
	metrics map[string]float64
}

// family is the first element of a benchmark's name: AuditManager, Config,
// Assess.
func (r result) family() string {
	f, _, _ := strings.Cut(r.name, "/")
	return f
}

func (r result) has(unit string) bool { _, ok := r.metrics[unit]; return ok }

// required lists, by family, the metrics every benchmark must report.
var required = map[string][]string{
	"AuditManager": {bench.UnitWall, bench.UnitLimit, bench.UnitRatio, bench.UnitCalls, bench.UnitReads,
		bench.UnitWrites, bench.UnitThrottled, bench.UnitRetries},
	"Config": {bench.UnitWall, bench.UnitLimit, bench.UnitRatio, bench.UnitCalls, bench.UnitReads,
		bench.UnitWrites, bench.UnitThrottled, bench.UnitRetries},
	"Assess": {bench.UnitWall, bench.UnitCalls, bench.UnitReads, bench.UnitThrottled, bench.UnitPeakHeap,
		bench.UnitPeakLive, bench.UnitResources, bench.UnitFindings},
}

func main() {
	check := flag.Bool("check", false, "only check that every benchmark reported its metrics")
	require := flag.String("require", "", "kinds of benchmark that must be present, separated by commas (AuditManager,Assess)")
	flag.Parse()
	results, err := parse(os.Stdin)
	if err == nil {
		err = validate(results, strings.FieldsFunc(*require, func(r rune) bool { return r == ',' }))
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchtable:", err)
		os.Exit(1)
	}
	if *check {
		fmt.Fprintf(os.Stderr, "benchtable: %d benchmarks reported their metrics\n", len(results))
		return
	}
	write(os.Stdout, results)
}

// parse reads the benchmark lines of go test -bench output.
func parse(r io.Reader) ([]result, error) {
	var out []result
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 4 || !strings.HasPrefix(fields[0], "Benchmark") {
			continue
		}
		name := strings.TrimPrefix(fields[0], "Benchmark")
		if i := strings.LastIndex(name, "-"); i > 0 {
			if _, err := strconv.Atoi(name[i+1:]); err == nil {
				name = name[:i]
			}
		}
		res := result{name: name, metrics: map[string]float64{}}
		for i := 2; i+1 < len(fields); i += 2 {
			v, err := strconv.ParseFloat(fields[i], 64)
			if err != nil {
				return nil, fmt.Errorf("benchmark %s: metric %q is not a number", name, fields[i])
			}
			res.metrics[fields[i+1]] = v
		}
		out = append(out, res)
	}
	return out, sc.Err()
}

// validate reports the benchmarks that lack a metric of their family, and
// the families required that no benchmark reported.
func validate(results []result, families []string) error {
	var problems []string
	seen := map[string]bool{}
	for _, r := range results {
		seen[r.family()] = true
		for _, unit := range required[r.family()] {
			if !r.has(unit) {
				problems = append(problems, fmt.Sprintf("%s did not report %s", r.name, unit))
			}
		}
	}
	for _, f := range families {
		if !seen[f] {
			problems = append(problems, fmt.Sprintf("no %s benchmark in the output", f))
		}
	}
	if len(results) == 0 {
		problems = append(problems, "no benchmark in the output")
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}

func write(w io.Writer, results []result) {
	byFamily := map[string][]result{}
	for _, r := range results {
		byFamily[r.family()] = append(byFamily[r.family()], r)
	}
	if rs := append(byFamily["AuditManager"], byFamily["Config"]...); len(rs) > 0 {
		writeDeploy(w, rs)
	}
	if rs := byFamily["Assess"]; len(rs) > 0 {
		writeAssess(w, rs)
	}
}

func writeDeploy(w io.Writer, results []result) {
	fmt.Fprintln(w, "| case | wall (s) | limit (s) | × limit | calls (reads + writes) | throttled | retries | calls by kind | target | met |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---|---|---|")
	for _, r := range results {
		m := r.metrics
		target, met := deployTarget(r)
		fmt.Fprintf(w, "| %s | %.2f | %.2f | %.3f | %.0f (%.0f + %.0f) | %.0f | %.0f | %s | %s | %s |\n",
			r.name, m[bench.UnitWall], m[bench.UnitLimit], m[bench.UnitRatio], m[bench.UnitCalls],
			m[bench.UnitReads], m[bench.UnitWrites], m[bench.UnitThrottled], m[bench.UnitRetries],
			kinds(r, 0), target, yes(met))
	}
	fmt.Fprintln(w)
}

// deployTarget returns the target of a deploy case and whether it is met.
func deployTarget(r result) (string, bool) {
	m := r.metrics
	switch step := r.name[strings.LastIndex(r.name, "/")+1:]; {
	case step == "reapply" || step == "change-one":
		budget := m[bench.UnitPages] + 3
		return fmt.Sprintf("≤ %.0f reads (pages + 3)", budget), m[bench.UnitReads] <= budget
	case r.family() == "Config":
		// Issue 9 sets no time target for conformance packs, whose
		// deployment AWS Config paces.
		return "none (limit: one pack's deployment)", true
	}
	// A throttled call that surfaced as an error would have failed the
	// benchmark: there would be no line to read.
	return "≤ 1.15 × limit, no throttled call surfacing as an error", m[bench.UnitRatio] <= 1.15
}

func writeAssess(w io.Writer, results []result) {
	fmt.Fprintln(w, "| case | wall (s) | calls | throttled | peak heap (MB) | peak live heap (MB) | peak RSS (MB) | findings | calls by kind |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|---|")
	for _, r := range results {
		m := r.metrics
		fmt.Fprintf(w, "| %s | %.1f | %.0f | %.0f | %.1f | %.1f | %.0f | %.0f | %s |\n",
			r.name, m[bench.UnitWall], m[bench.UnitCalls], m[bench.UnitThrottled], m[bench.UnitPeakHeap],
			m[bench.UnitPeakLive], m[bench.UnitPeakRSS], m[bench.UnitFindings], kinds(r, 4))
	}
	fmt.Fprintln(w)
	writeGrowth(w, results)
}

// writeGrowth says, for the assessments the way hdsctl runs them in the
// same number of accounts, how the peak heap grew from the smallest estate
// to the largest: the target is memory that stays flat.
func writeGrowth(w io.Writer, results []result) {
	byAccounts := map[string][]result{}
	for _, r := range results {
		parts := strings.Split(r.name, "/")
		if len(parts) == 4 && parts[3] == "bounded" {
			byAccounts[parts[2]] = append(byAccounts[parts[2]], r)
		}
	}
	for _, accounts := range slices.Sorted(maps.Keys(byAccounts)) {
		rs := byAccounts[accounts]
		if len(rs) < 2 {
			continue
		}
		slices.SortFunc(rs, func(a, b result) int {
			return cmp.Compare(a.metrics[bench.UnitResources], b.metrics[bench.UnitResources])
		})
		small, large := rs[0].metrics, rs[len(rs)-1].metrics
		ratio := large[bench.UnitPeakHeap] / small[bench.UnitPeakHeap]
		fmt.Fprintf(w, "Bounded path, %s: from %.0f to %.0f resources (×%.0f), the peak heap goes from %.1f to "+
			"%.1f MB (×%.2f), the peak live heap from %.1f to %.1f MB. Target (flat): %s.\n\n",
			accounts, small[bench.UnitResources], large[bench.UnitResources],
			large[bench.UnitResources]/small[bench.UnitResources], small[bench.UnitPeakHeap], large[bench.UnitPeakHeap],
			ratio, small[bench.UnitPeakLive], large[bench.UnitPeakLive], yes(ratio <= 2))
	}
}

// kinds lists the calls of a case by operation, the most frequent first;
// with limit > 0, only that many, and how many other operations there were.
func kinds(r result, limit int) string {
	counts := map[string]float64{}
	for unit, v := range r.metrics {
		if op, ok := strings.CutSuffix(unit, "-calls"); ok {
			counts[op] = v
		}
	}
	ops := slices.SortedFunc(maps.Keys(counts), func(a, b string) int {
		return cmp.Or(cmp.Compare(counts[b], counts[a]), cmp.Compare(a, b))
	})
	var parts []string
	for i, op := range ops {
		if limit > 0 && i == limit {
			parts = append(parts, fmt.Sprintf("and %d more kinds", len(ops)-limit))
			break
		}
		parts = append(parts, fmt.Sprintf("%s %.0f", op, counts[op]))
	}
	return strings.Join(parts, ", ")
}

func yes(ok bool) string {
	if ok {
		return "yes"
	}
	return "**no**"
}
