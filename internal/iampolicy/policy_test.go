package iampolicy_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	am "github.com/aws/aws-sdk-go-v2/service/auditmanager"
	amtypes "github.com/aws/aws-sdk-go-v2/service/auditmanager/types"

	"github.com/hdsctl/hdsctl/deploy"
	"github.com/hdsctl/hdsctl/deploy/auditmanager"
	"github.com/hdsctl/hdsctl/deploy/conformance"
	"github.com/hdsctl/hdsctl/framework"
	"github.com/hdsctl/hdsctl/internal/iampolicy"
	"github.com/hdsctl/hdsctl/internal/testenv"
	"github.com/hdsctl/hdsctl/sandbox"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// TestPoliciesAllowExactlyWhatHdsctlCalls runs what each target and assess
// do, through every path of their code that calls AWS, records the
// operations called (by the sandbox's counters, and for the service APIs
// read through moto by a recording HTTP client), maps them to IAM actions
// and compares the two sets both ways: every call is allowed, and every
// allowed action is called.
func TestPoliciesAllowExactlyWhatHdsctlCalls(t *testing.T) {
	t.Run("auditmanager", func(t *testing.T) {
		ops := recordAuditManager(t)
		compare(t, iampolicy.AuditManager, iampolicy.Options{}, ops, nil)
	})
	t.Run("config", func(t *testing.T) {
		account, org := recordConfig(t)
		compare(t, iampolicy.Config, iampolicy.Options{}, account, nil)
		unexercised := map[string]string{
			"config:GetOrganizationConformancePackDetailedStatus": "read only to explain an " +
				"organization pack that AWS Config failed to deploy, " +
				"which the sandbox cannot make hdsctl's own templates do",
		}
		compare(t, iampolicy.Config, iampolicy.Options{Organization: true}, union(account, org),
			unexercised)
	})
	t.Run("assess", func(t *testing.T) {
		ops := recordAssess(t)
		var api map[string]bool
		t.Run("service APIs through moto", func(t *testing.T) { api = recordServiceAPIs(t) })
		if api == nil {
			// Without moto, the actions of the service APIs go unchecked.
			compare(t, iampolicy.Assess, iampolicy.Options{}, ops, serviceAPIActions(t, "moto is absent"))
			return
		}
		compare(t, iampolicy.Assess, iampolicy.Options{}, union(ops, api), nil)
	})
}

// compare checks that the actions the operations need and the actions the
// policy allows are the same sets, but for the actions of unexercised,
// which no test can make hdsctl call, each with the reason.
func compare(t *testing.T, target iampolicy.Target, opts iampolicy.Options, ops map[string]bool, unexercised map[string]string) {
	t.Helper()
	allowed, err := iampolicy.AllowedActions(target, opts)
	if err != nil {
		t.Fatal(err)
	}
	needed := map[string][]string{} // action -> operations
	for op := range ops {
		for _, a := range iampolicy.ActionsFor(op) {
			needed[a] = append(needed[a], op)
		}
	}
	for _, a := range slices.Sorted(maps.Keys(needed)) {
		if !slices.Contains(allowed, a) {
			t.Errorf("%s policy (organization %v): %s is called (%v) but not allowed",
				target, opts.Organization, a, needed[a])
		}
	}
	for _, a := range allowed {
		if _, ok := needed[a]; !ok && unexercised[a] == "" {
			t.Errorf("%s policy (organization %v): %s is allowed but no test calls it",
				target, opts.Organization, a)
		}
	}
	t.Logf("%s (organization %v): %d operations called, %d actions allowed",
		target, opts.Organization, len(ops), len(allowed))
}

// serviceAPIActions returns the actions of the assess statements that only
// the service API provider uses, with why they go unexercised.
func serviceAPIActions(t *testing.T, why string) map[string]string {
	t.Helper()
	statements, err := iampolicy.Statements(iampolicy.Assess, iampolicy.Options{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, s := range statements {
		if s.Sid == "AssessServiceList" || s.Sid == "AssessServiceResources" {
			for _, a := range s.Actions {
				out[a.Name] = why
			}
		}
	}
	return out
}

func union(sets ...map[string]bool) map[string]bool {
	out := map[string]bool{}
	for _, s := range sets {
		maps.Copy(out, s)
	}
	return out
}

// served is a sandbox served over HTTP for a test.
type served struct {
	sb  *sandbox.Server
	url string
}

func serve(t *testing.T, opts sandbox.Options) served {
	t.Helper()
	if opts.RPS == 0 {
		opts.RPS = -1
	}
	if opts.ConfigRPS == 0 {
		opts.ConfigRPS = -1
	}
	opts.Logger = slog.New(slog.DiscardHandler)
	sb, err := sandbox.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(sb.Handler())
	t.Cleanup(func() {
		ts.Close()
		sb.Close()
	})
	return served{sb, ts.URL}
}

// config reaches the sandbox with the access key of an account.
func (s served) config(accessKey string) aws.Config {
	return testenv.Config(s.url, "eu-west-1", accessKey)
}

// operations returns the operations the sandbox served, but the debug
// ones.
func (s served) operations() map[string]bool {
	out := map[string]bool{}
	for op := range s.sb.Stats().Operations {
		if !strings.HasSuffix(op, ".unknown") {
			out[op] = true
		}
	}
	return out
}

// writeFramework writes a catalog framework of controls evidenced by AWS
// Config rules and returns it, read for target.
func writeFramework(t *testing.T, target framework.Target, rules ...string) *framework.Framework {
	t.Helper()
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "sets"), 0o755)
	os.WriteFile(filepath.Join(dir, "framework.yaml"), []byte("id: policy\nversion: \"1\"\n"+
		"languages: [en]\nname: {en: Policy}\ndescription: {en: Policy test.}\n"+
		"controlSets: [sets/a.yaml]\n"), 0o644)
	set := "id: A\nname: {en: Set A}\ncontrols:\n"
	for i, r := range rules {
		set += fmt.Sprintf("  - id: P-%d\n"+
			"    name: {en: Control %d %s}\n"+
			"    description: {en: A control.}\n"+
			"    testingInformation: {en: Check it.}\n"+
			"    actionPlan: {title: {en: Fix}, instructions: {en: Fix it.}}\n"+
			"    references: [{scheme: hds-v2, id: EXI 01}]\n"+
			"    sources: [{type: AWS_Config, keyword: %s}]\n", i, i, r, r)
	}
	os.WriteFile(filepath.Join(dir, "sets", "a.yaml"), []byte(set), 0o644)
	fw, _, err := framework.Read(dir, framework.ValidateOptions{Target: target})
	if err != nil {
		t.Fatal(err)
	}
	return fw
}

var fastRetry = deploy.RetryPolicy{BaseDelay: time.Millisecond, MaxDelay: 10 * time.Millisecond}

// converge plans and applies, failing the test on error.
func converge(t *testing.T, tg deploy.Target, fw *framework.Framework) {
	t.Helper()
	ctx := context.Background()
	p, err := deploy.MakePlan(ctx, tg, fw)
	if err != nil {
		t.Fatalf("plan: %v", err)
	}
	if _, err := deploy.Apply(ctx, tg, p, deploy.ApplyOptions{Retry: fastRetry}); err != nil {
		t.Fatalf("apply: %v", err)
	}
}

// destroy plans the destruction of fw and applies it.
func destroy(t *testing.T, tg deploy.Target, fw *framework.Framework) {
	t.Helper()
	ctx := context.Background()
	p, err := deploy.DestroyPlan(ctx, tg, fw)
	if err != nil {
		t.Fatalf("destroy plan: %v", err)
	}
	if _, err := deploy.Apply(ctx, tg, p, deploy.ApplyOptions{Retry: fastRetry}); err != nil {
		t.Fatalf("destroy: %v", err)
	}
}

// recordAuditManager deploys a framework with an assessment in two runs,
// the first interrupted after the controls; then changes the framework
// and the assessment, lets a user add a control of their own, and destroys
// everything. It returns the operations called.
func recordAuditManager(t *testing.T) map[string]bool {
	ctx := context.Background()
	s := serve(t, sandbox.Options{})
	fw := writeFramework(t, framework.TargetAuditManager,
		"CLOUD_TRAIL_ENABLED", "ROOT_ACCOUNT_MFA_ENABLED")
	assessment := &auditmanager.AssessmentOptions{
		Name:               "HDS",
		Owners:             []string{"arn:aws:iam::123456789012:role/Auditor"},
		ReportsDestination: "s3://audit-reports/hds",
	}
	target := func(a *auditmanager.AssessmentOptions) deploy.Target {
		tg, err := auditmanager.New(s.config("AKIAPOLICY"),
			auditmanager.Options{Assessment: a, Limiter: deploy.NewLimiter(0, 1)})
		if err != nil {
			t.Fatal(err)
		}
		return tg
	}
	// A first apply stopped after the controls; the next finds them.
	p, err := deploy.MakePlan(ctx, target(assessment), fw)
	if err != nil {
		t.Fatal(err)
	}
	controls := &deploy.Plan{Target: p.Target, Framework: p.Framework}
	for _, ch := range p.Changes {
		if ch.Kind == auditmanager.KindControl {
			controls.Changes = append(controls.Changes, ch)
		}
	}
	if _, err := deploy.Apply(ctx, target(assessment), controls, deploy.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	converge(t, target(assessment), fw)

	// A control renamed, one added, an owner added: updates and tags.
	fw.ControlSets[0].Controls[0].Name = framework.Text{EN: "Control renamed"}
	added := *fw.ControlSets[0].Controls[1]
	added.ID, added.Name = "P-9", framework.Text{EN: "Control added"}
	fw.ControlSets[0].Controls = append(fw.ControlSets[0].Controls, &added)
	changed := *assessment
	changed.Owners = append(changed.Owners, "arn:aws:iam::123456789012:role/Other")
	converge(t, target(&changed), fw)

	// A control of the user's, created since: its tags are read.
	_, err = am.NewFromConfig(s.config("AKIAUSER")).CreateControl(ctx, &am.CreateControlInput{
		Name: aws.String("User control"), ControlMappingSources: []amtypes.CreateControlMappingSource{{
			SourceName: aws.String("Evidence"), SourceType: amtypes.SourceTypeManual,
			SourceSetUpOption: amtypes.SourceSetUpOptionProceduralControlsMapping}}})
	if err != nil {
		t.Fatal(err)
	}
	converge(t, target(&changed), fw)
	destroy(t, target(nil), fw)
	return s.operations()
}

// recordConfig deploys a framework as conformance packs in the account's
// default Regions, changes it and destroys it; then the same as
// organization packs. It returns the operations of each.
func recordConfig(t *testing.T) (account, org map[string]bool) {
	one := writeFramework(t, framework.TargetConfig, "CLOUD_TRAIL_ENABLED")
	two := writeFramework(t, framework.TargetConfig, "CLOUD_TRAIL_ENABLED", "ROOT_ACCOUNT_MFA_ENABLED")
	run := func(opts conformance.Options) map[string]bool {
		s := serve(t, sandbox.Options{ConformancePackDelay: 20 * time.Millisecond,
			Accounts: []sandbox.Account{{ID: "222222222222", AccessKeyIDs: []string{"AKIAMEMBER"}}}})
		opts.PollInterval = 5 * time.Millisecond
		opts.Limiter = deploy.NewLimiter(0, 1)
		tg, err := conformance.New(s.config("AKIAPOLICY"), opts)
		if err != nil {
			t.Fatal(err)
		}
		converge(t, tg, one)
		converge(t, tg, two)
		destroy(t, tg, two)
		return s.operations()
	}
	return run(conformance.Options{}),
		run(conformance.Options{Organization: true, Regions: []string{"eu-west-3"}})
}

// recorder is an HTTP client that records the operation of every request
// the AWS SDK sends through it.
type recorder struct {
	base *http.Client
	mu   sync.Mutex
	ops  map[string]bool
}

func (r *recorder) Do(req *http.Request) (*http.Response, error) {
	svc := strings.ToLower(strings.ReplaceAll(awsmiddleware.GetServiceID(req.Context()), " ", ""))
	if svc == "configservice" {
		svc = "config"
	}
	r.mu.Lock()
	r.ops[svc+"."+awsmiddleware.GetOperationName(req.Context())] = true
	r.mu.Unlock()
	return r.base.Do(req)
}

func TestStatementsAreWellFormed(t *testing.T) {
	for _, target := range iampolicy.Targets {
		statements, err := iampolicy.Statements(target, iampolicy.Options{Organization: true})
		if err != nil {
			t.Fatal(err)
		}
		sids := map[string]bool{}
		for _, s := range statements {
			if s.Sid == "" || sids[s.Sid] {
				t.Errorf("%s: statement Sid %q is empty or used twice", target, s.Sid)
			}
			sids[s.Sid] = true
			if len(s.Actions) == 0 || len(s.Resources) == 0 {
				t.Errorf("%s: statement %s has no action or no resource", target, s.Sid)
			}
			if slices.Contains(s.Resources, "*") && s.Note == "" {
				t.Errorf("%s: statement %s allows every resource without saying why", target, s.Sid)
			}
			for _, a := range s.Actions {
				if !strings.Contains(a.Name, ":") || strings.Contains(a.Name, "*") || a.UsedBy == "" {
					t.Errorf("%s: action %q of %s: want service:Action, no wildcard, "+
						"and the code path that uses it", target, a.Name, s.Sid)
				}
			}
		}
	}
}

func TestPolicyFillsTheAccountAndRole(t *testing.T) {
	doc, err := iampolicy.Policy(iampolicy.Assess,
		iampolicy.Options{Account: "123456789012", Role: "HdsctlAudit"})
	if err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"arn:aws:iam::*:role/HdsctlAudit"`) ||
		strings.Contains(string(data), "${") {
		t.Errorf("policy = %s, want the role named and no placeholder left", data)
	}
	doc, _ = iampolicy.Policy(iampolicy.AuditManager, iampolicy.Options{Account: "123456789012"})
	data, _ = json.Marshal(doc)
	if !strings.Contains(string(data), `arn:aws:auditmanager:*:123456789012:control/*`) {
		t.Errorf("policy = %s, want the controls of the account", data)
	}
	if _, err := iampolicy.Policy("s3", iampolicy.Options{}); err == nil {
		t.Error("Policy of an unknown target: no error")
	}
}
