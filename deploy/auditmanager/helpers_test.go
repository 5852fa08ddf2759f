package auditmanager

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/auditmanager"
	"github.com/aws/aws-sdk-go-v2/service/auditmanager/types"

	"github.com/hdsctl/hdsctl/deploy"
	"github.com/hdsctl/hdsctl/framework"
	"github.com/hdsctl/hdsctl/internal/sdkhttp"
	"github.com/hdsctl/hdsctl/sandbox"
)

const testRegion = "eu-west-1"

// env is a sandbox served over HTTP for one test, and the SDK configuration
// that reaches it.
type env struct {
	t   *testing.T
	sb  *sandbox.Server
	url string
	cfg aws.Config
	// close stops the sandbox, saving its state; cleanup calls it too.
	close func()
}

// startSandbox starts an in-memory sandbox, or one on opts.StatePath, that
// lives as long as the test. Unless opts says otherwise it does not
// throttle and adds no latency, so that tests run fast.
func startSandbox(t *testing.T, opts sandbox.Options) *env {
	t.Helper()
	if opts.RPS == 0 {
		opts.RPS = -1
	}
	if opts.Seed == 0 {
		opts.Seed = 1
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	sb, err := sandbox.New(opts)
	if err != nil {
		t.Fatalf("sandbox.New: %v", err)
	}
	ts := httptest.NewServer(sb.Handler())
	e := &env{t: t, sb: sb, url: ts.URL}
	e.close = sync.OnceFunc(func() {
		ts.Close()
		if err := sb.Close(); err != nil {
			t.Errorf("closing the sandbox: %v", err)
		}
	})
	t.Cleanup(e.close)
	e.cfg = aws.Config{
		Region:       testRegion,
		Credentials:  credentials.NewStaticCredentialsProvider("AKIAHDSCTLTEST000000", "secret", ""),
		BaseEndpoint: aws.String(ts.URL),
		HTTPClient:   sdkhttp.Client(nil),
	}
	return e
}

// target returns an Audit Manager target on the sandbox. Without a limiter
// in opts it does not pace its calls.
func (e *env) target(opts Options) (*Target, *deploy.Calls) {
	e.t.Helper()
	if opts.Limiter == nil {
		opts.Limiter = deploy.NewLimiter(0, 1)
	}
	if opts.Calls == nil {
		opts.Calls = &deploy.Calls{}
	}
	tg, err := New(e.cfg, opts)
	if err != nil {
		e.t.Fatalf("New: %v", err)
	}
	return tg, opts.Calls
}

// client is an SDK client acting as a user would in the console.
func (e *env) client() *auditmanager.Client {
	return auditmanager.NewFromConfig(e.cfg,
		func(o *auditmanager.Options) { o.Retryer = aws.NopRetryer{} })
}

// fastRetry keeps test backoffs short.
var fastRetry = deploy.RetryPolicy{
	BaseDelay:   5 * time.Millisecond,
	MaxDelay:    50 * time.Millisecond,
	MaxAttempts: 20,
}

// plan makes a plan and fails the test on error.
func plan(t *testing.T, tg deploy.Target, fw *framework.Framework) *deploy.Plan {
	t.Helper()
	p, err := deploy.MakePlan(context.Background(), tg, fw)
	if err != nil {
		t.Fatalf("MakePlan: %v", err)
	}
	return p
}

// apply applies a plan and fails the test on error.
func apply(t *testing.T, tg deploy.Target, p *deploy.Plan) deploy.Result {
	t.Helper()
	res, err := deploy.Apply(context.Background(), tg, p, deploy.ApplyOptions{Retry: fastRetry})
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	return res
}

// converge plans and applies, and checks that a second plan is empty.
func converge(t *testing.T, tg deploy.Target, fw *framework.Framework) {
	t.Helper()
	apply(t, tg, plan(t, tg, fw))
	if p := plan(t, tg, fw); !p.Empty() {
		t.Fatalf("plan after apply is not empty: %+v", p.Summary())
	}
}

// readFramework loads a framework by reference, failing on errors.
func readFramework(t *testing.T, ref string) *framework.Framework {
	t.Helper()
	fw, _, err := framework.Read(ref, framework.ValidateOptions{Target: framework.TargetAuditManager})
	if err != nil {
		t.Fatalf("reading %s: %v", ref, err)
	}
	return fw
}

// samples returns the folder of the Node.js sample's frameworks, skipping
// the test when it is not beside the repository.
func samples(t *testing.T) string {
	t.Helper()
	dir, _ := filepath.Abs(filepath.Join("..", "..", "..",
		"shared", "reference", "aws-samples-frameworks"))
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("the sample frameworks are not at %s", dir)
	}
	return dir
}

// smallFramework writes a catalog framework of three controls, one of them
// with sources Audit Manager does not accept, and returns its folder.
func smallFramework(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("framework.yaml", smallFrameworkYAML)
	write("sets/a.yaml", smallSetYAML)
	return dir
}

const smallFrameworkYAML = `id: small
version: "1"
languages: [fr, en]
name: {fr: Petit cadre, en: Small framework}
description: {fr: Un cadre de test., en: A test framework.}
complianceType: {fr: Test, en: Test}
controlSets:
  - sets/a.yaml
`

const smallSetYAML = `id: SET-A
name: {fr: Ensemble A, en: Set A}
controls:
  - id: C-1
    name: {fr: Contrôle un, en: Control one}
    description: {fr: Le premier., en: The first.}
    testingInformation: {fr: Vérifier., en: Check.}
    actionPlan:
      title: {fr: Corriger, en: Fix}
      instructions: {fr: Corriger vite., en: Fix fast.}
    references: [{scheme: hds-v2, id: EXI 01}]
    sources:
      - type: AWS_Config
        keyword: CLOUD_TRAIL_ENABLED
  - id: C-2
    name: {fr: Contrôle deux, en: Control two}
    description: {fr: Le deuxième., en: The second.}
    testingInformation: {fr: Vérifier., en: Check.}
    actionPlan:
      title: {fr: Corriger, en: Fix}
      instructions: {fr: Corriger vite., en: Fix fast.}
    references: [{scheme: hds-v2, id: EXI 02}]
    sources:
      - type: HDSCTL_CHECK
        keyword: eea-data-residency
  - id: C-3
    name: {fr: Contrôle trois, en: Control three}
    description: {fr: Le troisième., en: The third.}
    testingInformation: {fr: Vérifier., en: Check.}
    actionPlan:
      title: {fr: Corriger, en: Fix}
      instructions: {fr: Corriger vite., en: Fix fast.}
    references: [{scheme: hds-v2, id: EXI 03}]
    sources:
      - type: MANUAL
        owner: {fr: RSSI, en: CISO}
        instructions: {fr: Fournir la politique., en: Provide the policy.}
`

// state is what the sandbox holds in a Region, read through the SDK.
type state struct {
	custom     []types.Control   // custom controls, in full
	frameworks []types.Framework // custom frameworks, in full
	standard   int               // standard controls
}

func (e *env) state(region string) state {
	e.t.Helper()
	ctx := context.Background()
	c := auditmanager.NewFromConfig(e.cfg, func(o *auditmanager.Options) { o.Region = region })
	var st state
	// Frameworks answer their controls in full: read the others alone, so
	// that a throttled sandbox is not called once per control.
	inFramework := map[string]types.Control{}
	p := auditmanager.NewListAssessmentFrameworksPaginator(c,
		&auditmanager.ListAssessmentFrameworksInput{FrameworkType: types.FrameworkTypeCustom})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			e.t.Fatalf("ListAssessmentFrameworks: %v", err)
		}
		for _, m := range page.FrameworkMetadataList {
			out, err := c.GetAssessmentFramework(ctx,
				&auditmanager.GetAssessmentFrameworkInput{FrameworkId: m.Id})
			if err != nil {
				e.t.Fatalf("GetAssessmentFramework: %v", err)
			}
			st.frameworks = append(st.frameworks, *out.Framework)
			for _, set := range out.Framework.ControlSets {
				for _, ctl := range set.Controls {
					inFramework[aws.ToString(ctl.Id)] = ctl
				}
			}
		}
	}
	for _, typ := range []types.ControlType{types.ControlTypeCustom, types.ControlTypeStandard} {
		p := auditmanager.NewListControlsPaginator(c, &auditmanager.ListControlsInput{ControlType: typ})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				e.t.Fatalf("ListControls: %v", err)
			}
			for _, m := range page.ControlMetadataList {
				if typ == types.ControlTypeStandard {
					st.standard++
					continue
				}
				if ctl, ok := inFramework[aws.ToString(m.Id)]; ok {
					st.custom = append(st.custom, ctl)
					continue
				}
				out, err := c.GetControl(ctx, &auditmanager.GetControlInput{ControlId: m.Id})
				if err != nil {
					e.t.Fatalf("GetControl: %v", err)
				}
				st.custom = append(st.custom, *out.Control)
			}
		}
	}
	return st
}

// checkDeployed checks that the sandbox holds exactly fw as hdsctl deploys
// it in lang: one owned control per control, no duplicate, no orphan, one
// owned framework listing every owned control.
func (e *env) checkDeployed(region string, fw *framework.Framework, lang string) {
	e.t.Helper()
	st := e.state(region)
	mine := map[string]string{} // key -> ID
	for _, c := range st.custom {
		key, ok := owned(c.Tags, fw.ID)
		if !ok {
			continue
		}
		if prev, dup := mine[key]; dup {
			e.t.Errorf("control %s deployed twice: %s and %s", key, prev, aws.ToString(c.Id))
		}
		mine[key] = aws.ToString(c.Id)
		if want := fw.Control(key); want == nil {
			e.t.Errorf("orphan control %s (%s) is not in the framework", key, aws.ToString(c.Id))
		} else if got := aws.ToString(c.Name); got != want.Name.Get(lang) {
			e.t.Errorf("control %s is named %q, want %q", key, got, want.Name.Get(lang))
		}
	}
	if len(mine) != len(fw.Controls()) {
		e.t.Errorf("%d controls of %s deployed, want %d", len(mine), fw.ID, len(fw.Controls()))
	}
	var frameworks []types.Framework
	for _, f := range st.frameworks {
		if _, ok := owned(f.Tags, fw.ID); ok {
			frameworks = append(frameworks, f)
		}
	}
	if len(frameworks) != 1 {
		e.t.Fatalf("%d frameworks of %s deployed, want 1", len(frameworks), fw.ID)
	}
	var listed []string
	for _, set := range frameworks[0].ControlSets {
		for _, c := range set.Controls {
			listed = append(listed, aws.ToString(c.Id))
		}
	}
	var want []string
	for _, id := range mine {
		want = append(want, id)
	}
	slices.Sort(listed)
	slices.Sort(want)
	if !slices.Equal(listed, want) {
		e.t.Errorf("the framework lists %d controls, want the %d deployed", len(listed), len(want))
	}
}

// auditManagerCalls sums the sandbox's counters of Audit Manager calls,
// reads and writes apart.
func auditManagerCalls(st sandbox.Stats) (reads, writes int64, byOp map[string]int64) {
	byOp = map[string]int64{}
	for op, s := range st.Operations {
		name, ok := strings.CutPrefix(op, "auditmanager.")
		if !ok {
			continue
		}
		byOp[name] += s.Requests
		if strings.HasPrefix(name, "Get") || strings.HasPrefix(name, "List") {
			reads += s.Requests
		} else {
			writes += s.Requests
		}
	}
	return reads, writes, byOp
}

// destroyPlan makes a destroy plan and fails the test on error.
func destroyPlan(t *testing.T, tg deploy.Target, fw *framework.Framework) *deploy.Plan {
	t.Helper()
	p, err := deploy.DestroyPlan(context.Background(), tg, fw)
	if err != nil {
		t.Fatalf("DestroyPlan: %v", err)
	}
	return p
}

// destroy plans and applies a destroy.
func destroy(t *testing.T, tg deploy.Target, fw *framework.Framework) {
	t.Helper()
	apply(t, tg, destroyPlan(t, tg, fw))
}

// changesOf returns the changes of a plan with the given action.
func changesOf(p *deploy.Plan, a deploy.Action) []deploy.Change {
	var out []deploy.Change
	for _, ch := range p.Changes {
		if ch.Action == a {
			out = append(out, ch)
		}
	}
	return out
}

// ownedControl returns hdsctl's control of the given key, in full.
func (e *env) ownedControl(fwID, key string) types.Control {
	e.t.Helper()
	for _, c := range e.state(testRegion).custom {
		if k, ok := owned(c.Tags, fwID); ok && k == key {
			return c
		}
	}
	e.t.Fatalf("no control %s deployed", key)
	return types.Control{}
}

// compareForeign reports the differences, between two states, among the
// objects hdsctl did not create: any object gone, or changed.
func compareForeign(before, after state) string {
	var diffs []string
	find := func(id string) *types.Control {
		for i := range after.custom {
			if aws.ToString(after.custom[i].Id) == id {
				return &after.custom[i]
			}
		}
		return nil
	}
	for _, c := range before.custom {
		if c.Tags[TagManagedBy] == managedBy {
			continue
		}
		got := find(aws.ToString(c.Id))
		switch {
		case got == nil:
			diffs = append(diffs, "control "+aws.ToString(c.Id)+" is gone")
		case aws.ToString(got.Name) != aws.ToString(c.Name) || !maps.Equal(got.Tags, c.Tags) ||
			!got.LastUpdatedAt.Equal(*c.LastUpdatedAt):
			diffs = append(diffs, "control "+aws.ToString(c.Id)+" changed")
		}
	}
	for _, f := range before.frameworks {
		if f.Tags[TagManagedBy] == managedBy {
			continue
		}
		found := false
		for _, g := range after.frameworks {
			if aws.ToString(g.Id) == aws.ToString(f.Id) {
				found = true
				if !maps.Equal(g.Tags, f.Tags) || !g.LastUpdatedAt.Equal(*f.LastUpdatedAt) {
					diffs = append(diffs, "framework "+aws.ToString(f.Id)+" changed")
				}
			}
		}
		if !found {
			diffs = append(diffs, "framework "+aws.ToString(f.Id)+" is gone")
		}
	}
	if after.standard != before.standard {
		diffs = append(diffs,
			fmt.Sprintf("%d standard controls, was %d", after.standard, before.standard))
	}
	return strings.Join(diffs, "\n")
}

// diffStats returns the calls made between two snapshots.
func diffStats(before, after sandbox.Stats) sandbox.Stats {
	out := sandbox.Stats{Operations: map[string]sandbox.OperationStats{}}
	for op, a := range after.Operations {
		b := before.Operations[op]
		out.Operations[op] = sandbox.OperationStats{
			Requests:  a.Requests - b.Requests,
			Throttled: a.Throttled - b.Throttled,
			Faulted:   a.Faulted - b.Faulted,
			Errors:    a.Errors - b.Errors,
		}
	}
	out.Requests = after.Requests - before.Requests
	out.Throttled = after.Throttled - before.Throttled
	return out
}
