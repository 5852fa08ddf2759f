package main

// The chaos suite runs hdsctl apply and destroy, for both targets, in
// processes of their own against a sandbox that throttles, fails, drops
// connections and lags, and kills them at random points. After a final
// clean run, AWS must hold exactly what the plan says, with no duplicate and
// no orphan, and the objects hdsctl does not own must not have changed by a
// byte.
//
// Plain go test runs a short mode: one run per target. The long mode runs
// many randomized runs:
//
//	HDSCTL_CHAOS_RUNS=50 go test -run TestChaos -timeout 2h ./cmd/hdsctl
//
// Every run prints its seed; HDSCTL_CHAOS_SEED replays a series.

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	am "github.com/aws/aws-sdk-go-v2/service/auditmanager"
	"github.com/aws/aws-sdk-go-v2/service/configservice"

	"github.com/hdsctl/hdsctl/sandbox"
)

// The environment variables of the long mode.
const (
	chaosRunsVar = "HDSCTL_CHAOS_RUNS"
	chaosSeedVar = "HDSCTL_CHAOS_SEED"
)

// chaosTargets are the targets the runs alternate between.
var chaosTargets = []string{"auditmanager", "config"}

func TestChaosApplyAndDestroyConverge(t *testing.T) {
	runs, seed, long := chaosSettings(t)
	t.Logf("chaos: %d runs from seed %d; replay with %s=%d %s=%d", runs, seed, chaosSeedVar, seed, chaosRunsVar, runs)
	tally := &chaosTally{start: time.Now()}
	t.Cleanup(func() { t.Log(tally.String()) })
	for i := range runs {
		runSeed := seed + uint64(i)
		target := chaosTargets[i%len(chaosTargets)]
		t.Run(fmt.Sprintf("%s/seed=%d", target, runSeed), func(t *testing.T) {
			t.Parallel()
			r := newChaosRun(t, target, runSeed, long, tally)
			r.play()
			tally.runs.Add(1)
		})
	}
}

// chaosSettings reads the number of runs and the first seed: the short mode
// unless HDSCTL_CHAOS_RUNS asks for more.
func chaosSettings(t *testing.T) (runs int, seed uint64, long bool) {
	t.Helper()
	runs = len(chaosTargets)
	if v := os.Getenv(chaosRunsVar); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			t.Fatalf("%s=%q: want a number of runs", chaosRunsVar, v)
		}
		runs, long = n, true
	}
	seed = 20260516
	if long {
		seed = uint64(time.Now().UnixNano() % 1e9)
	}
	if v := os.Getenv(chaosSeedVar); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			t.Fatalf("%s=%q: want a number", chaosSeedVar, v)
		}
		seed = n
	}
	return runs, seed, long
}

// chaosTally adds up what the runs did, for the README's figures.
type chaosTally struct {
	start                           time.Time
	runs, steps, cleanRuns          atomic.Int64
	requests, faulted, throttled    atomic.Int64
	sigkills, sigints, beforePlan   atomic.Int64
	finishedFirst, competitorBursts atomic.Int64
	failedSteps                     atomic.Int64
	mu                              sync.Mutex
	byProfile                       map[string]int
}

func (c *chaosTally) profile(name string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byProfile == nil {
		c.byProfile = map[string]int{}
	}
	c.byProfile[name]++
}

func (c *chaosTally) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return fmt.Sprintf("chaos totals: %d runs, %d chaotic steps (%v), %d clean runs; "+
		"%d requests to the sandbox, %d faults injected, %d throttled; "+
		"%d SIGKILL and %d SIGINT sent (%d of them before the plan), %d steps finished before their signal, "+
		"%d steps ended in exit 1; %d competing bursts; %s",
		c.runs.Load(), c.steps.Load(), c.byProfile, c.cleanRuns.Load(),
		c.requests.Load(), c.faulted.Load(), c.throttled.Load(),
		c.sigkills.Load(), c.sigints.Load(), c.beforePlan.Load(), c.finishedFirst.Load(),
		c.failedSteps.Load(), c.competitorBursts.Load(), time.Since(c.start).Round(time.Second))
}

// chaosRun is one randomized run: chaotic applies of random revisions of a
// framework (with a chaotic destroy now and then), a clean apply, the
// checks; then chaotic destroys, a clean destroy, the checks.
type chaosRun struct {
	*chaosWorld
	rng   *rand.Rand
	long  bool
	tally *chaosTally
}

func newChaosRun(t *testing.T, target string, seed uint64, long bool, tally *chaosTally) *chaosRun {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	return &chaosRun{chaosWorld: newChaosWorld(t, target, rng, long), rng: rng, long: long, tally: tally}
}

func (r *chaosRun) play() {
	r.seedForeign()
	foreign := r.snapshotForeign()

	// Apply phase.
	steps := 2
	if r.long {
		steps = 1 + r.rng.IntN(4)
	}
	last := 0
	for i := range steps {
		op, rev := "apply", r.rng.IntN(chaosRevisions)
		if i > 0 && r.rng.IntN(10) < 3 {
			op = "destroy"
		}
		if i == 0 && !r.long {
			rev = 0
		}
		if op == "apply" {
			last = rev
		}
		r.chaoticStep(op, rev, i)
	}
	final := last
	if r.rng.IntN(2) == 0 {
		final = r.rng.IntN(chaosRevisions)
	}
	r.clean("apply", final)
	r.checkConverged(final)
	r.checkForeign(foreign, "after the apply phase")

	// Destroy phase.
	steps = 1
	if r.long {
		steps = 1 + r.rng.IntN(2)
	}
	for i := range steps {
		r.chaoticStep("destroy", final, 10+i)
	}
	r.clean("destroy", final)
	r.checkDestroyed(final)
	r.checkForeign(foreign, "after the destroy phase")
}

// chaoticStep runs one command under a random profile of faults, and maybe
// kills it.
func (r *chaosRun) chaoticStep(op string, rev, i int) {
	t := r.t
	prof := r.randomProfile(i)
	kill := r.randomKill(i)
	srv, url := r.serve(prof.opts)
	stop := func() int { return 0 }
	if prof.competitor {
		stop = r.compete(url, prof.opts)
	}

	start := time.Now()
	res := r.hdsctl(url, kill, prof.perChange, op, rev)
	bursts := stop()
	stats := srv.Stats()
	r.closeSandbox(srv)

	t.Logf("step %d: %s rev %d under %s, %s: exit %d after %v; %d requests, %d faulted, %d throttled; %s",
		i, op, rev, prof.name, res.kill, res.code, time.Since(start).Round(time.Millisecond),
		stats.Requests, stats.Faulted, stats.Throttled, lastLine(res.out))
	r.tally.steps.Add(1)
	r.tally.profile(prof.name)
	r.tally.requests.Add(stats.Requests)
	r.tally.faulted.Add(stats.Faulted)
	r.tally.throttled.Add(stats.Throttled)
	r.tally.competitorBursts.Add(int64(bursts))
	r.tally.record(res)

	checkNoCrash(t, res)
	if res.signalled {
		return
	}
	switch {
	case res.code == exitOK:
	case res.code == exitFailure && prof.opts.FaultRate > 0:
		// Faults may still outlast the retries; the next run finishes.
		r.tally.failedSteps.Add(1)
		t.Logf("step %d failed under faults:\n%s", i, res.out)
	default:
		t.Errorf("step %d: %s under %s exited %d, want 0:\n%s", i, op, prof.name, res.code, res.out)
	}
}

func (c *chaosTally) record(res procResult) {
	switch {
	case res.sent == syscall.SIGKILL:
		c.sigkills.Add(1)
	case res.sent == os.Interrupt:
		c.sigints.Add(1)
	}
	if res.sent != nil && res.beforePlan {
		c.beforePlan.Add(1)
	}
	if res.kill.sig != nil && res.sent == nil {
		c.finishedFirst.Add(1)
	}
}

// checkNoCrash fails the test when hdsctl panicked or exited with a code
// that neither a failure nor a signal explains.
func checkNoCrash(t *testing.T, res procResult) {
	t.Helper()
	if strings.Contains(res.out, "panic:") || strings.Contains(res.out, "goroutine ") {
		t.Errorf("hdsctl crashed:\n%s", res.out)
	}
	if res.code == exitInvalid || res.code > exitFailing {
		t.Errorf("exit code %d:\n%s", res.code, res.out)
	}
	// A SIGINT that comes before the process has set up its handler, while
	// the Go runtime starts, ends it as the default action does; once hdsctl
	// has written anything, it must end in an orderly way.
	startup := res.code == -1 && res.out == ""
	if res.sent == os.Interrupt && res.code != exitFailure && res.code != exitOK && !startup {
		t.Errorf("after SIGINT: exit %d, want 1 (interrupted) or 0 (done first):\n%s", res.code, res.out)
	}
}

// clean runs a command with no fault, no throttling below AWS's quotas and
// no kill, expects it to succeed, then runs it again and expects nothing to
// do: apply and destroy are idempotent.
func (r *chaosRun) clean(op string, rev int) {
	t := r.t
	t.Helper()
	srv, url := r.serve(sandbox.Options{})
	defer r.closeSandbox(srv)
	res := r.hdsctl(url, killPlan{}, 0, op, rev)
	if res.code != exitOK {
		t.Fatalf("clean %s of revision %d: exit %d\n%s", op, rev, res.code, res.out)
	}
	again := r.hdsctl(url, killPlan{}, 0, op, rev)
	want := "Nothing to do"
	if op == "destroy" {
		want = "Nothing to destroy"
	}
	if again.code != exitOK || !strings.Contains(again.out, want) {
		t.Errorf("second clean %s: exit %d, want %q:\n%s", op, again.code, want, again.out)
	}
	r.tally.cleanRuns.Add(2)
}

// chaosProfile is a set of adverse conditions for one step.
type chaosProfile struct {
	name string
	opts sandbox.Options
	// competitor sends bursts of requests from another client of the same
	// account during the step.
	competitor bool
	// perChange estimates the time one change takes, to time the kill.
	perChange time.Duration
}

// The kinds of profiles.
const (
	calm = iota
	throttlingStorm
	serverErrors
	latencySpikes
	everything
	profileKinds
)

// shortProfiles are the profiles of the short mode's steps, by target and
// step: between them, every kind of fault but the slow throttling of AWS
// Config.
var shortProfiles = map[string]map[int]int{
	"auditmanager": {0: throttlingStorm, 1: serverErrors, 10: everything},
	"config":       {0: serverErrors, 1: latencySpikes, 10: serverErrors},
}

// randomProfile draws the conditions of step i.
func (r *chaosRun) randomProfile(i int) chaosProfile {
	kind := r.rng.IntN(profileKinds)
	if !r.long {
		kind = shortProfiles[r.target][i]
	}
	perChange := time.Second / 19
	if r.target == "config" {
		perChange = 150 * time.Millisecond
	}
	p := chaosProfile{perChange: perChange}
	p.opts.Seed = r.rng.Int64() | 1
	switch kind {
	case calm:
		p.name = "calm"
	case throttlingStorm:
		// A quota far below the client's pace, and maybe another client
		// eating into it.
		p.name = "throttling storm"
		p.opts.RPS = 2 + r.rng.Float64()*3
		p.opts.Burst = 1 + r.rng.IntN(3)
		if !r.long {
			p.opts.RPS, p.opts.Burst = 8, 2
		}
		p.opts.ConfigRPS = 1 + r.rng.Float64()*2
		p.opts.ConfigBurst = 1 + r.rng.IntN(2)
		p.competitor = !r.long || r.rng.IntN(2) == 0
		p.perChange = time.Duration(float64(time.Second) / p.opts.RPS)
		if r.target == "config" {
			p.perChange = time.Duration(4 * float64(time.Second) / p.opts.ConfigRPS)
		}
	case serverErrors:
		// HTTP 500, 503 and connections dropped before or after the
		// request took effect.
		p.name = "server errors"
		p.opts.FaultRate = 0.1 + 0.2*r.rng.Float64()
		p.perChange *= 2
	case latencySpikes:
		p.name = "latency spikes"
		p.opts.Latency = time.Duration(r.rng.IntN(10)) * time.Millisecond
		p.opts.Jitter = time.Duration(50+r.rng.IntN(250)) * time.Millisecond
		p.perChange += 200 * time.Millisecond / 8
	default:
		p.name = "everything at once"
		p.opts.FaultRate = 0.1 + 0.1*r.rng.Float64()
		p.opts.Jitter = 100 * time.Millisecond
		p.opts.RPS = 5
		p.opts.ConfigRPS = 3
		if !r.long {
			p.opts.RPS, p.opts.ConfigRPS = 10, 5
		}
		p.competitor = true
		p.perChange = time.Second / 4
		if r.target == "config" {
			p.perChange = time.Second
		}
	}
	return p
}

// killPlan says whether and when to signal a command.
type killPlan struct {
	sig os.Signal
	// beforePlan sends the signal while the command reads AWS, before it
	// has printed its plan; otherwise at frac of the work the plan
	// announces.
	beforePlan bool
	frac       float64
}

func (k killPlan) String() string {
	switch {
	case k.sig == nil:
		return "no signal"
	case k.beforePlan:
		return fmt.Sprintf("%v while planning", k.sig)
	}
	return fmt.Sprintf("%v at %.0f%% of the work", k.sig, 100*k.frac)
}

// randomKill draws the signal of a step: none, SIGKILL or SIGINT (Ctrl-C),
// at a random point. The short mode sends each signal once.
func (r *chaosRun) randomKill(i int) killPlan {
	k := killPlan{frac: r.rng.Float64(), beforePlan: r.rng.IntN(5) == 0}
	n := r.rng.IntN(10)
	if !r.long {
		n = []int{5, 9, 0}[min(i, 2)]
	}
	switch {
	case n < 3:
	case n < 8:
		k.sig = syscall.SIGKILL
	default:
		k.sig = os.Interrupt
	}
	return k
}

// procResult is how one hdsctl process ended.
type procResult struct {
	out  string
	code int
	kill killPlan
	// sent is the signal sent, nil when the command ended first.
	sent       os.Signal
	beforePlan bool
	// signalled reports that the process was killed, or stopped by the
	// signal sent.
	signalled bool
}

// chaosTimeout bounds one hdsctl process.
const chaosTimeout = 5 * time.Minute

// hdsctl runs hdsctl op on revision rev of the world's framework, in a
// process of its own pointed at url, and signals it as kill says.
func (w *chaosWorld) hdsctl(url string, kill killPlan, perChange time.Duration, op string, rev int) procResult {
	w.t.Helper()
	cmd := exec.Command(os.Args[0], w.args(op, rev)...)
	cmd.Env = w.env(url)
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = pw, pw
	if err := cmd.Start(); err != nil {
		w.t.Fatal(err)
	}
	res := procResult{kill: kill}
	var mu sync.Mutex
	signal := func() {
		mu.Lock()
		defer mu.Unlock()
		if res.sent == nil && cmd.ProcessState == nil {
			if cmd.Process.Signal(kill.sig) == nil {
				res.sent = kill.sig
			}
		}
	}
	var timers []*time.Timer
	if kill.sig != nil && kill.beforePlan {
		res.beforePlan = true
		timers = append(timers, time.AfterFunc(time.Duration(kill.frac*float64(400*time.Millisecond)), signal))
	}
	watchdog := time.AfterFunc(chaosTimeout, func() { cmd.Process.Kill() })
	var out bytes.Buffer
	scanned := make(chan struct{})
	go func() {
		defer close(scanned)
		sc := bufio.NewScanner(pr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			out.WriteString(line + "\n")
			var create, update, del, noop int
			n, _ := fmt.Sscanf(line, "Plan: %d to create, %d to update, %d to delete, %d unchanged.", &create, &update, &del, &noop)
			if n == 4 && kill.sig != nil && !kill.beforePlan {
				work := time.Duration(create+update+del) * perChange
				mu.Lock()
				timers = append(timers, time.AfterFunc(time.Duration(kill.frac*float64(work)), signal))
				mu.Unlock()
			}
		}
		io.Copy(io.Discard, pr)
	}()
	err := cmd.Wait()
	pw.Close()
	<-scanned
	mu.Lock()
	for _, tm := range timers {
		tm.Stop()
	}
	mu.Unlock()
	if !watchdog.Stop() {
		w.t.Fatalf("hdsctl %s did not end within %v:\n%s", op, chaosTimeout, out.String())
	}
	res.out = out.String()
	res.code = cmd.ProcessState.ExitCode()
	if err != nil {
		if _, ok := err.(*exec.ExitError); !ok {
			w.t.Fatal(err)
		}
	}
	mu.Lock()
	res.signalled = res.sent == syscall.SIGKILL || (res.sent != nil && res.code != exitOK)
	mu.Unlock()
	return res
}

// env is the environment of an hdsctl process: the test binary run as
// hdsctl, pointed at url with dummy credentials, polling AWS Config at the
// sandbox's pace, and nothing of the caller's AWS settings.
func (w *chaosWorld) env(url string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AWS_") && !strings.HasPrefix(kv, "HOME=") && !strings.HasPrefix(kv, "XDG_") {
			env = append(env, kv)
		}
	}
	return append(env,
		runAsHdsctl+"=1",
		pollIntervalVar+"=20ms",
		"AWS_ENDPOINT_URL="+url,
		"AWS_ACCESS_KEY_ID=AKIAHDSCTLCHAOS00000",
		"AWS_SECRET_ACCESS_KEY=chaos-secret",
		"AWS_REGION="+chaosRegion,
		"HOME="+w.home,
		"XDG_CACHE_HOME="+filepath.Join(w.home, ".cache"),
		"AWS_CONFIG_FILE="+filepath.Join(w.home, "none"),
		"AWS_SHARED_CREDENTIALS_FILE="+filepath.Join(w.home, "none"),
	)
}

// serve starts a sandbox on the world's state file with opts.
func (w *chaosWorld) serve(opts sandbox.Options) (*sandbox.Server, string) {
	w.t.Helper()
	opts.StatePath = w.state
	opts.ConformancePackDelay = 30 * time.Millisecond
	opts.Logger = slog.New(slog.DiscardHandler)
	if opts.Seed == 0 {
		opts.Seed = 1
	}
	sb, err := sandbox.New(opts)
	if err != nil {
		w.t.Fatalf("starting the sandbox: %v", err)
	}
	ts := httptest.NewServer(sb.Handler())
	w.servers[sb] = ts
	return sb, ts.URL
}

func (w *chaosWorld) closeSandbox(sb *sandbox.Server) {
	w.servers[sb].Close()
	delete(w.servers, sb)
	if err := sb.Close(); err != nil {
		w.t.Errorf("closing the sandbox: %v", err)
	}
}

// compete sends bursts of reads to the sandbox from another client of the
// same account, until the returned function is called, which returns the
// number of bursts. On average the bursts take half of the quota the
// sandbox allows, so that room is left for hdsctl to find.
func (w *chaosWorld) compete(url string, opts sandbox.Options) func() int {
	quota := opts.RPS
	if w.target == "config" {
		quota = opts.ConfigRPS
	}
	if quota <= 0 {
		return func() int { return 0 }
	}
	ctx, cancel := context.WithCancel(context.Background())
	cfg := w.sdkConfig(url, nil)
	amc := am.NewFromConfig(cfg)
	cfc := configservice.NewFromConfig(cfg)
	var bursts int
	done := make(chan struct{})
	go func() {
		defer close(done)
		for ctx.Err() == nil {
			n := 2 + rand.IntN(6)
			for range n {
				if w.target == "config" {
					cfc.DescribeConformancePacks(ctx, &configservice.DescribeConformancePacksInput{})
				} else {
					amc.GetAccountStatus(ctx, &am.GetAccountStatusInput{})
				}
			}
			bursts++
			select {
			case <-ctx.Done():
			case <-time.After(time.Duration(float64(n) / (quota / 2) * float64(time.Second))):
			}
		}
	}()
	return func() int {
		cancel()
		<-done
		return bursts
	}
}

// chaosRegion is the Region of the Audit Manager deployments.
const chaosRegion = "eu-west-1"

// execHdsctl returns the command that runs the test binary as hdsctl with
// args and env.
func execHdsctl(args, env []string, stdout, stderr io.Writer) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = stdout, stderr
	return cmd
}
